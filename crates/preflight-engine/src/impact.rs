//! What each change to the existing estate costs or saves the project: the scenario evaluated
//! with all its changes, against the scenario without that one change (a P2V without its VM
//! too). Retiring a host whose licences the baseline consumed frees them for the project, so
//! its impact is usually a saving; a move onto more hosts may cost.

use chrono::NaiveDate;

use crate::catalogue::ProductId;
use crate::edit::changes::{Plan, remove_change};
use crate::evaluate::{Evaluation, evaluate_scenario};
use crate::money::Money;
use crate::rules::RulePack;
use crate::workbook::{Scenario, Workbook};

/// The difference one change makes: with it minus without it (negative: it saves).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Impact {
    /// The project's cost over the horizon (every budget line: licences, support,
    /// subscriptions). `None` when a sum is out of range.
    pub horizon: Option<Money>,
    /// The cost of the licences to buy (the headline "To buy"). `None` as above.
    pub to_buy: Option<Money>,
    /// Rights to buy, by product, where the change moves them.
    pub rights: Vec<(ProductId, i64)>,
}

/// The project's cost over the horizon: every budget line, summed in the evaluation's currency.
pub fn horizon_cost(evaluation: &Evaluation) -> Option<Money> {
    evaluation
        .budget
        .lines
        .iter()
        .try_fold(Money::zero(evaluation.currency), |sum, line| {
            sum.checked_add(line.amount).ok()
        })
}

fn to_buy(evaluation: &Evaluation) -> Option<Money> {
    evaluation
        .total
        .amounts()
        .iter()
        .try_fold(Money::zero(evaluation.currency), |sum, amount| {
            sum.checked_add(*amount).ok()
        })
}

fn minus(with: Option<Money>, without: Option<Money>) -> Option<Money> {
    let without = without?;
    with?
        .checked_add(Money::new(-without.amount, without.currency))
        .ok()
}

/// The scenario without its change number `index` (`None`: no such change).
pub fn without_change(scenario: &Scenario, index: usize) -> Option<Scenario> {
    let mut plan = Plan::of(scenario);
    remove_change(&mut plan, index).ok()?;
    let mut without = scenario.clone();
    plan.put(&mut without);
    Some(without)
}

/// The impact of each of the scenario's changes, in order. `with_all` is the scenario's own
/// evaluation (the page's memo), so only one evaluation per change is made.
pub fn change_impacts(
    workbook: &Workbook,
    scenario: &Scenario,
    pack: &RulePack,
    as_of: NaiveDate,
    with_all: &Evaluation,
) -> Vec<Impact> {
    (0..scenario.changes.len())
        .filter_map(|index| without_change(scenario, index))
        .map(|without| {
            let without = evaluate_scenario(workbook, &without, pack, as_of);
            let mut rights: Vec<(ProductId, i64)> = Vec::new();
            let products = with_all.positions.iter().chain(&without.positions);
            for product in products.map(|p| &p.product) {
                if rights.iter().any(|(p, _)| p == product) {
                    continue;
                }
                let short = |e: &Evaluation| {
                    e.positions
                        .iter()
                        .find(|p| &p.product == product)
                        .map_or(0, |p| i64::try_from(p.shortfall.0).unwrap_or(i64::MAX))
                };
                let difference = short(with_all) - short(&without);
                if difference != 0 {
                    rights.push((product.clone(), difference));
                }
            }
            Impact {
                horizon: minus(horizon_cost(with_all), horizon_cost(&without)),
                to_buy: minus(to_buy(with_all), to_buy(&without)),
                rights,
            }
        })
        .collect()
}
