//! Importing entitlement exports natively: CSV (a ServiceNow-like layout) and a JSON array of
//! 10k and 100k lines, from bytes to typed, catalogue-resolved records with every row's outcome.
//! Throughput in bytes of input; `cargo xtask bench` reads the medians into BENCHMARKS.md.
//! The XLSX export of 100k rows × 10 columns is timed twice: calamine alone reading every cell
//! (the native reference of the browser target "≤ 4× native calamine") and our whole import.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use preflight_engine::RulePack;
use preflight_import::{Options, read_entitlements};

#[path = "support/export.rs"]
mod export;
#[path = "support/xlsx.rs"]
mod xlsx;

/// Rows of the XLSX export (the performance issue's "XLSX 100k rows × 10 columns").
const XLSX_ROWS: usize = 100_000;

/// Every cell of the first sheet read by calamine on its own, as a bare reader would: the
/// number of non-empty cells.
fn calamine_cells(bytes: &[u8]) -> usize {
    use calamine::{Reader, Xlsx};
    let mut workbook: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("calamine: {e}"));
    let name = workbook.sheet_names()[0].clone();
    let mut cells = workbook
        .worksheet_cells_reader(&name)
        .unwrap_or_else(|e| panic!("calamine: {e}"));
    let mut count = 0;
    while let Some(cell) = cells
        .next_cell()
        .unwrap_or_else(|e| panic!("calamine: {e}"))
    {
        black_box(cell.get_value());
        count += 1;
    }
    count
}

fn bench(c: &mut Criterion) {
    let catalogue = RulePack::builtin().catalogue;
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    for (format, rows, bytes) in [
        ("csv", 10_000, export::csv(10_000)),
        ("csv", 100_000, export::csv(100_000)),
        ("json", 10_000, export::json(10_000)),
        ("json", 100_000, export::json(100_000)),
    ] {
        let file = format!("export.{format}");
        // The bench must time the real path: every line read, nearly all accepted.
        let imported = read_entitlements(&file, &bytes, &Options::default(), &catalogue)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let counts = &imported.report.rows;
        assert_eq!(counts.read, rows, "{file}: {counts:?}");
        assert_eq!(counts.rejected, 0, "{file}: {counts:?}");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new(format, rows), &bytes, |b, bytes| {
            b.iter(|| read_entitlements(&file, black_box(bytes), &Options::default(), &catalogue))
        });
    }

    let bytes = xlsx::xlsx(XLSX_ROWS).unwrap_or_else(|e| panic!("xlsx: {e}"));
    // Every cell but the empty editions (a product without one), which no cell holds.
    let filled: usize = (0..XLSX_ROWS)
        .map(|i| {
            10 - export::sheet_row(i)
                .text
                .iter()
                .filter(|t| t.is_empty())
                .count()
        })
        .sum();
    assert_eq!(calamine_cells(&bytes), 10 + filled);
    let imported = read_entitlements("export.xlsx", &bytes, &Options::default(), &catalogue)
        .unwrap_or_else(|e| panic!("export.xlsx: {e}"));
    assert_eq!(
        imported.report.rows.read, XLSX_ROWS,
        "{:?}",
        imported.report.rows
    );
    assert_eq!(
        imported.report.rows.rejected, 0,
        "{:?}",
        imported.report.rows
    );
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("xlsx-calamine", XLSX_ROWS),
        &bytes,
        |b, bytes| b.iter(|| calamine_cells(black_box(bytes))),
    );
    group.bench_with_input(BenchmarkId::new("xlsx", XLSX_ROWS), &bytes, |b, bytes| {
        b.iter(|| {
            read_entitlements(
                "export.xlsx",
                black_box(bytes),
                &Options::default(),
                &catalogue,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
