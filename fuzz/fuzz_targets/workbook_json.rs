//! The workbook loader (a saved or opened workbook file), then what the page does with a
//! workbook it loaded: evaluate it, total its years, chart it and export its results.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use preflight_engine::{RulePack, evaluate, workbook_from_json};

static PACK: LazyLock<RulePack> = LazyLock::new(RulePack::builtin);

fuzz_target!(|data: &[u8]| {
    let Ok(workbook) = workbook_from_json(data) else {
        return;
    };
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
    let evaluation = evaluate(&workbook, &PACK, as_of);
    let _ = evaluation.budget.year_totals();
    let name = |id: &preflight_engine::ProductId| id.to_string();
    let _ = preflight_charts::cost_by_year(&evaluation, &name);
    let _ = preflight_charts::position_by_product(&evaluation, &name);
    let _ = preflight_import::export::results_csv(&evaluation, &PACK.catalogue);
});
