//! Scenarios side by side: each of a workbook's scenarios evaluated against the same
//! entitlements, estate and settings, with the cheapest compliant one over the horizon marked,
//! by the same measure the alternatives use.

use chrono::NaiveDate;

use crate::alternatives::{Compared, compared, mark_cheapest};
use crate::evaluate::{Evaluation, evaluate_scenario};
use crate::rules::RulePack;
use crate::workbook::Workbook;

/// The most scenarios compared at once: beyond four the columns no longer fit a laptop screen.
pub const MOST_COMPARED: usize = 4;

/// The scenarios at `indices` (in that order; unknown or repeated indices skipped, at most
/// [`MOST_COMPARED`]), each evaluated and named by its scenario. `active` is the active
/// scenario's evaluation when the caller already has it (the page does), so it is not repeated.
pub fn compare_scenarios(
    workbook: &Workbook,
    indices: &[usize],
    pack: &RulePack,
    as_of: NaiveDate,
    active: Option<&Evaluation>,
) -> Vec<Compared> {
    let mut chosen: Vec<usize> = Vec::new();
    for &index in indices {
        if index < workbook.scenarios.len() && !chosen.contains(&index) {
            chosen.push(index);
        }
    }
    chosen.truncate(MOST_COMPARED);
    let mut results: Vec<Compared> = chosen
        .into_iter()
        .map(|index| {
            let scenario = &workbook.scenarios[index];
            match active {
                Some(known) if index == workbook.active => compared(&scenario.name, None, known),
                _ => compared(
                    &scenario.name,
                    None,
                    &evaluate_scenario(workbook, scenario, pack, as_of),
                ),
            }
        })
        .collect();
    mark_cheapest(&mut results, workbook.settings.currency);
    results
}
