//! How many allocations a CSV import makes per row, counted by dhat's global allocator (issue 7:
//! an import allocates for the cells it keeps, not for every cell it reads). One test in its own
//! binary: dhat counts the whole process, and one profiler runs at a time.

use preflight_engine::RulePack;
use preflight_import::{Options, read_entitlements};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

#[allow(dead_code)] // the bench support also builds spreadsheets, which this test does not use
#[path = "../benches/support/export.rs"]
mod export;

/// Allocations of one import of the bench's export of `rows` rows.
fn allocations(rows: usize, catalogue: &preflight_engine::catalogue::Catalogue) -> u64 {
    let bytes = export::csv(rows);
    let before = dhat::HeapStats::get().total_blocks;
    let imported = read_entitlements("export.csv", &bytes, &Options::default(), catalogue)
        .unwrap_or_else(|e| panic!("{e}"));
    let after = dhat::HeapStats::get().total_blocks;
    assert_eq!(imported.report.rows.accepted, rows);
    drop(imported);
    after - before
}

#[test]
fn a_csv_row_allocates_for_what_its_line_keeps_not_for_every_cell() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let catalogue = RulePack::builtin().catalogue;
    // Rows 1,000 to 10,999 of the export: what a row costs, without what a file costs once.
    // Row i of the export is row i of any longer one, and both files name the same products.
    let per_10_000 = allocations(11_000, &catalogue) - allocations(1_000, &catalogue);
    // What a line of the bench's export keeps (18 columns, 18 cells read a row), by hand:
    // - a line matched to a product (14 rows in 15): its product id, the PO number, and its
    //   kept cells, the two columns no field reads ("Number", "Total cost"): their vector and
    //   a text each: 5. Its company (legal entity) and cost centre are the file's one copy of
    //   each text (3 companies, 250 cost centres, all met in the first 1,000 rows);
    // - a line matching no product (1 in 15, Acrobat Pro, no edition): its publisher, product
    //   and quantity texts, and the same 3 for its kept cells: 6.
    // Rows 1,000 to 10,999 hold 667 lines that match no product: 9,333 × 5 + 667 × 6 = 50,667.
    // Nothing else may allocate per row: no reason, no normalised text, no copy of a cell that
    // is only checked. 52,000 leaves room for the vectors that grow with the file (the
    // unmatched lines', 587 here) and nothing more. Main at 2d7566f made 181,253 (18 a row);
    // 69,920 before the entities and cost centres were shared (branch csv6).
    println!("allocations per 10,000 rows: {per_10_000}");
    assert!(
        per_10_000 <= 52_000,
        "{per_10_000} allocations per 10,000 rows"
    );
}
