//! The browser benchmark page's wasm (bench/index.html, built into target/bench-dist/ by
//! `cargo xtask bench`, never shipped in dist/). It exposes the importer and the engine exactly
//! as the app links them; bench/bench.js times each call from JavaScript, beside PapaParse on
//! the same bytes. Nothing here measures time: the page does. Besides the importer and
//! `evaluate`: spreadsheets (the worker's reader, and calamine alone), the two charts, and one
//! edit of the scenario editor taken through every step the page runs after it.

use std::cell::RefCell;

use chrono::NaiveDate;
use preflight_engine::alternatives::{compare, suggest};
use preflight_engine::edit::{HostChange, change_host};
use preflight_engine::saved_json::WorkbookJson;
use preflight_engine::{
    Cache, Currency, Deployment, Evaluation, ProductId, RulePack, Workbook, evaluate,
};
use preflight_import::{Digest, Options, read_entitlements};
use wasm_bindgen::prelude::wasm_bindgen;

#[path = "../../preflight-engine/benches/support/workbooks.rs"]
#[allow(dead_code)]
mod workbooks;

const DEMO_ENTITLEMENTS: &[u8] = include_bytes!("../../../public/demo/entitlements.csv");
const DEMO_DEPLOYMENT: &str = include_str!("../../../public/demo/deployment.json");

thread_local! {
    static PACK: RulePack = RulePack::builtin();
    /// Workbooks built once by `prepare_*` so that `evaluate_*` times the evaluation alone.
    static DEMO: RefCell<Option<(RulePack, Workbook)>> = const { RefCell::new(None) };
    static LARGE: RefCell<Option<(RulePack, Workbook)>> = const { RefCell::new(None) };
    /// The last evaluation of the prepared large estate, for the chart and edit steps.
    /// (of the demo?, evaluation).
    static EVALUATION: RefCell<Option<(bool, Evaluation)>> = const { RefCell::new(None) };
    /// The save's kept JSON of the entitlement lines, as the page keeps it between saves.
    static SAVED: RefCell<WorkbookJson> = RefCell::new(WorkbookJson::default());
    /// The evaluation's part kept between edits, as the page's evaluation memo keeps it
    /// (src/state.rs): the lines' lots and the baseline's allocation, made on the first edit.
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// The date every evaluation is made on, so runs compare.
fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
}

fn main() {}

/// Reads an entitlement file as the app's import does (format sniffed, header mapped, rows
/// validated into typed records and resolved to catalogue products), and returns the row
/// counts `[read, accepted, incomplete, rejected, skipped, records, unmatched]`, or throws the
/// importer's message when nothing could be read. `digest_in_js`: the file's SHA-256 is the
/// page's `crypto.subtle.digest`, as in the import worker (`Digest::Caller`), not the Rust one.
#[wasm_bindgen]
pub fn import_entitlements(
    file: &str,
    bytes: &[u8],
    digest_in_js: bool,
) -> Result<Vec<u32>, String> {
    let options = Options {
        digest: if digest_in_js {
            Digest::Caller
        } else {
            Digest::Here
        },
        ..Options::default()
    };
    PACK.with(|pack| {
        let imported = read_entitlements(file, bytes, &options, &pack.catalogue)
            .map_err(|error| error.to_string())?;
        let rows = &imported.report.rows;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(vec![
            count(rows.read),
            count(rows.accepted),
            count(rows.incomplete),
            count(rows.rejected),
            count(rows.skipped),
            count(imported.value.entitlements.len()),
            count(imported.value.unmatched.len()),
        ])
    })
}

/// Only the first stage of [`import_entitlements`] for delimited text: bytes decoded and split
/// into a table of text cells (what PapaParse does), no header mapping, no validation. Returns
/// the number of rows, or throws the reader's message.
#[wasm_bindgen]
pub fn csv_table_rows(file: &str, bytes: &[u8]) -> Result<u32, String> {
    let table = preflight_import::csv_text::read_table(file, bytes).map_err(|e| e.to_string())?;
    Ok(u32::try_from(table.rows.len()).unwrap_or(u32::MAX))
}

/// A spreadsheet's first sheet read into a table of text cells by the worker's reader (zip
/// checks, calamine streaming cell by cell, numbers and dates as text), no header mapping.
/// Returns the number of rows, or throws the reader's message.
#[wasm_bindgen]
pub fn spreadsheet_table_rows(file: &str, bytes: &[u8]) -> Result<u32, String> {
    use preflight_import::spreadsheet::Spreadsheet;
    let format = preflight_import::sniff(file, bytes);
    let mut sheets = Spreadsheet::open(file, bytes, format).map_err(|e| e.to_string())?;
    let first = sheets.sheet_names().into_iter().next().unwrap_or_default();
    let table = sheets.table(&first).map_err(|e| e.to_string())?;
    Ok(u32::try_from(table.rows.len()).unwrap_or(u32::MAX))
}

/// calamine alone on an XLSX file, every cell of the first sheet read, as the native bench's
/// `import/xlsx-calamine` does: the number of non-empty cells.
#[wasm_bindgen]
pub fn calamine_cells(bytes: &[u8]) -> Result<u32, String> {
    use calamine::{Reader, Xlsx};
    let mut workbook: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let name = workbook.sheet_names().first().cloned().unwrap_or_default();
    let mut cells = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| e.to_string())?;
    let mut count = 0u32;
    while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
        std::hint::black_box(cell.get_value());
        count += 1;
    }
    Ok(count)
}

/// The wasm linear memory in bytes: it only grows, so after a call it is the peak so far.
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65_536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Builds the demo workbook as the app's `demo.rs` does (the same files, the same importer).
#[wasm_bindgen]
pub fn prepare_demo() -> usize {
    let pack = RulePack::builtin();
    let deployment: Deployment = serde_json::from_str(DEMO_DEPLOYMENT).unwrap_or_default();
    let mut workbook = Workbook::new(Currency::USD, deployment);
    if let Ok(imported) = read_entitlements(
        "demo-entitlements.csv",
        DEMO_ENTITLEMENTS,
        &Options::default(),
        &pack.catalogue,
    ) {
        workbook.put_source(imported.value);
    }
    let lines = entitlement_lines(&workbook);
    DEMO.with(|demo| *demo.borrow_mut() = Some((pack, workbook)));
    lines
}

/// Builds the native bench's synthetic estate: `lines` entitlement lines over 500 per-core
/// products, `hosts` hosts of 2 sockets running two products each.
#[wasm_bindgen]
pub fn prepare_large(lines: usize, hosts: usize) -> usize {
    prepare(workbooks::pack(), lines, hosts)
}

/// [`prepare_large`] for the edit steps: the synthetic products each in a family of their own,
/// as real products are. In the shared pack they are all editions of one family, so `suggest`
/// would offer every one of the 500 in place of every placement (~200,000 alternatives).
#[wasm_bindgen]
pub fn prepare_edit(lines: usize, hosts: usize) -> usize {
    let mut pack = workbooks::pack();
    for product in &mut pack.catalogue.products {
        if product.id.0.starts_with("synthetic-") {
            product.family = product.id.0.clone();
        }
    }
    prepare(pack, lines, hosts)
}

/// The estate of [`prepare_edit`] as a workbook file the shipped page opens: its synthetic
/// products (each in a family of its own) as the workbook's catalogue additions, so the page's
/// built-in pack evaluates it as this page does. For the edit timed in the page itself, DOM and
/// all (bench/run.mjs).
#[wasm_bindgen]
pub fn edit_workbook_json(lines: usize, hosts: usize) -> String {
    let mut pack = workbooks::pack();
    let builtin = PACK.with(|builtin| builtin.catalogue.products().len());
    for product in &mut pack.catalogue.products {
        if product.id.0.starts_with("synthetic-") {
            product.family = product.id.0.clone();
        }
    }
    let mut workbook = workbooks::workbook(&pack, lines, hosts);
    workbook.catalogue_additions = pack.catalogue.products.split_off(builtin);
    serde_json::to_string(&workbook).unwrap_or_default()
}

fn prepare(pack: RulePack, lines: usize, hosts: usize) -> usize {
    let workbook = workbooks::workbook(&pack, lines, hosts);
    let count = entitlement_lines(&workbook);
    LARGE.with(|large| *large.borrow_mut() = Some((pack, workbook)));
    count
}

/// Evaluates the prepared demo workbook; returns the number of licence positions.
#[wasm_bindgen]
pub fn evaluate_demo() -> usize {
    DEMO.with(|demo| evaluate_prepared(&demo.borrow()))
}

/// Evaluates the prepared large estate; returns the number of licence positions.
#[wasm_bindgen]
pub fn evaluate_large() -> usize {
    LARGE.with(|large| evaluate_prepared(&large.borrow()))
}

/// Evaluates the prepared demo or large workbook once and keeps the evaluation for
/// [`draw_cost_chart`], [`draw_position_chart`] and the edit steps; returns its positions.
#[wasm_bindgen]
pub fn keep_evaluation(kind: &str) -> usize {
    let demo = kind == "demo";
    prepared(demo).with(|prepared| {
        let prepared = prepared.borrow();
        let Some((pack, workbook)) = prepared.as_ref() else {
            return 0;
        };
        let evaluation = evaluate(workbook, pack, as_of());
        let positions = evaluation.positions.len();
        EVALUATION.with(|kept| *kept.borrow_mut() = Some((demo, evaluation)));
        positions
    })
}

type Prepared = RefCell<Option<(RulePack, Workbook)>>;

fn prepared(demo: bool) -> &'static std::thread::LocalKey<Prepared> {
    if demo { &DEMO } else { &LARGE }
}

/// The app's chart of cost per fiscal year (`preflight_charts::cost_by_year`) drawn from the
/// kept evaluation: the SVG's length in characters, 0 when the costs cannot be summed.
#[wasm_bindgen]
pub fn draw_cost_chart() -> usize {
    with_kept(|evaluation, name| {
        preflight_charts::cost_by_year(evaluation, name).map_or(0, |chart| chart.svg.len())
    })
}

/// The app's chart of rights per product (`preflight_charts::position_by_product`) drawn from
/// the kept evaluation: the SVG's length in characters.
#[wasm_bindgen]
pub fn draw_position_chart() -> usize {
    with_kept(|evaluation, name| {
        preflight_charts::position_by_product(evaluation, name)
            .svg
            .len()
    })
}

fn with_kept(draw: impl Fn(&Evaluation, &dyn Fn(&ProductId) -> String) -> usize) -> usize {
    EVALUATION.with(|kept| {
        let kept = kept.borrow();
        let Some((demo, evaluation)) = kept.as_ref() else {
            return 0;
        };
        // Products are named from the pack the workbook was evaluated under, as the app does.
        prepared(*demo).with(|prepared| match prepared.borrow().as_ref() {
            Some((pack, _)) => draw(evaluation, &|id: &ProductId| {
                pack.catalogue
                    .get(id)
                    .map_or_else(|| id.to_string(), |product| product.display_name())
            }),
            None => 0,
        })
    })
}

/// Step 1 of one edit on the prepared large estate, as the scenario editor makes it: the
/// deployment copied, the first host's cores per socket changed (alternating 8 and 10, so
/// every edit changes the figures), the copy kept. Returns the new cores per socket.
#[wasm_bindgen]
pub fn edit_host() -> u32 {
    LARGE.with(|large| {
        let mut large = large.borrow_mut();
        let Some((_, workbook)) = large.as_mut() else {
            return 0;
        };
        let mut deployment = workbook.scenario().deployment.clone();
        let Some(host) = deployment.hosts.first() else {
            return 0;
        };
        let name = host.name.clone();
        let cores = if host.cores_per_socket.get() == 10 {
            8
        } else {
            10
        };
        let Some(value) = std::num::NonZeroU32::new(cores) else {
            return 0;
        };
        if change_host(&mut deployment, &name, HostChange::CoresPerSocket(value)).is_err() {
            return 0;
        }
        workbook.scenario_mut().deployment = deployment;
        cores
    })
}

/// Step 2: the page's evaluation memo (`Cache::evaluate`: the scenario evaluated against the
/// lines' part kept since the edit before, after checking the lines, estate and settings are
/// those it was made from), the evaluation kept for the next steps.
#[wasm_bindgen]
pub fn edit_evaluate() -> usize {
    LARGE.with(|large| {
        let large = large.borrow();
        let Some((pack, workbook)) = large.as_ref() else {
            return 0;
        };
        let evaluation = CACHE.with(|cache| cache.borrow_mut().evaluate(workbook, pack, as_of()));
        let positions = evaluation.positions.len();
        EVALUATION.with(|kept| *kept.borrow_mut() = Some((false, evaluation)));
        positions
    })
}

/// Not a step of the edit any more: the alternatives the page works out after it, in tasks of
/// their own (src/alternatives.rs: `suggest`, then `compare_one` for each, then `finish`; here
/// `compare`, the same work in one call, with the kept evaluation as "as proposed"). Returns the
/// number of alternatives compared.
#[wasm_bindgen]
pub fn edit_alternatives() -> usize {
    LARGE.with(|large| {
        let large = large.borrow();
        let Some((pack, workbook)) = large.as_ref() else {
            return 0;
        };
        EVALUATION.with(|kept| {
            kept.borrow().as_ref().map_or(0, |(_, proposed)| {
                compare(workbook, pack, as_of(), proposed, &suggest(workbook, pack)).len()
            })
        })
    })
}

/// After the edit, in a task of its own (src/storage.rs queues it after the paint): the page's
/// save: the workbook written as JSON (the envelope's
/// `workbook`, before localStorage), the entitlement lines' JSON kept from the last save as the
/// page keeps it (`saved_json`; the first, warm-up run writes them), then scanned as JSON for the
/// envelope as the page does. Returns its length in bytes.
#[wasm_bindgen]
pub fn edit_save() -> usize {
    LARGE.with(|large| {
        let mut large = large.borrow_mut();
        let Some((_, workbook)) = large.as_mut() else {
            return 0;
        };
        // The page then checks the text is JSON (`RawValue::from_string`, a scan) for the envelope.
        SAVED
            .with(|saved| saved.borrow_mut().write(workbook).ok())
            .and_then(|json| serde_json::value::RawValue::from_string(json).ok())
            .map_or(0, |json| json.get().len())
    })
}

fn evaluate_prepared(prepared: &Option<(RulePack, Workbook)>) -> usize {
    prepared
        .as_ref()
        .map(|(pack, workbook)| evaluate(workbook, pack, as_of()).positions.len())
        .unwrap_or(0)
}

fn entitlement_lines(workbook: &Workbook) -> usize {
    workbook
        .sources
        .iter()
        .map(|source| source.entitlements.len())
        .sum()
}
