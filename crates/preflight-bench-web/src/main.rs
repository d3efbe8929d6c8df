//! The browser benchmark page's wasm (bench/index.html, built into target/bench-dist/ by
//! `cargo xtask bench`, never shipped in dist/). It exposes the importer and the engine exactly
//! as the app links them; bench/bench.js times each call from JavaScript, beside PapaParse on
//! the same bytes. Nothing here measures time: the page does.

use std::cell::RefCell;

use chrono::NaiveDate;
use preflight_engine::{Currency, Deployment, RulePack, Workbook, evaluate};
use preflight_import::{Options, read_entitlements};
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
}

/// The date every evaluation is made on, so runs compare.
fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
}

fn main() {}

/// Reads an entitlement file as the app's import does (format sniffed, header mapped, rows
/// validated into typed records and resolved to catalogue products), and returns the row
/// counts `[read, accepted, incomplete, rejected, skipped, records, unmatched]`, or throws the
/// importer's message when nothing could be read.
#[wasm_bindgen]
pub fn import_entitlements(file: &str, bytes: &[u8]) -> Result<Vec<u32>, String> {
    PACK.with(|pack| {
        let imported = read_entitlements(file, bytes, &Options::default(), &pack.catalogue)
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
    let pack = workbooks::pack();
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
