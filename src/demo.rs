//! The demo workbook a first-time visitor sees: public/demo/entitlements.csv and deployment.json
//! as the importer reads them, embedded as public/demo/workbook.json (kept equal to the
//! importer's output by a test in crates/preflight-import), so the page links no importer.

use preflight_engine::{Currency, Workbook, workbook_from_json};

const WORKBOOK: &[u8] = include_bytes!("../public/demo/workbook.json");

/// The demo workbook; the file is checked by tests, and a failure here leaves an empty workbook
/// rather than a panic.
pub fn workbook() -> Workbook {
    workbook_from_json(WORKBOOK)
        .unwrap_or_else(|_| Workbook::new(Currency::USD, Default::default()))
}
