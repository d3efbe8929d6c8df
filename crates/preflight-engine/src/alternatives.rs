//! Alternatives: named variants of a workbook's deployment, each evaluated, side by side, with the
//! cheapest compliant one marked. The vendor rule library adds the real options (Standard vs
//! Datacenter, per host vs per VM, Processor vs NUP); here is the framework and the first
//! suggestion: another edition of the same product family.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::entitlement::Rights;
use crate::estate::Deployment;
use crate::evaluate::{Evaluation, evaluate};
use crate::finding::Finding;
use crate::money::{Money, Totals};
use crate::rules::RulePack;
use crate::workbook::Workbook;

/// Put `product` in place of the product of placement `placement` (an index into the
/// deployment's placements).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Swap {
    pub placement: usize,
    pub product: ProductId,
}

/// A named variant of the deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    pub name: String,
    pub swaps: Vec<Swap>,
}

impl Alternative {
    /// Makes the variant the workbook's deployment.
    pub fn apply_to(&self, workbook: &mut Workbook) {
        self.apply_to_deployment(&mut workbook.deployment);
    }

    /// The swaps alone, for the editor that keeps the deployment's undo history.
    pub fn apply_to_deployment(&self, deployment: &mut Deployment) {
        for swap in &self.swaps {
            if let Some(placement) = deployment.placements.get_mut(swap.placement) {
                placement.product = swap.product.clone();
            }
        }
    }
}

/// One alternative's result, beside the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compared {
    pub name: String,
    /// `None` for the deployment as proposed.
    pub alternative: Option<Alternative>,
    /// What the project must buy, by currency.
    pub total: Totals,
    /// Rights the project leaves short, summed over products (the same unit per product only).
    pub shortfall: Rights,
    /// Compliant once the listed purchases are made: every shortfall priced and every placement
    /// resolved.
    pub compliant: bool,
    /// The cheapest compliant alternative (at most one; none when totals are in several currencies).
    pub cheapest: bool,
    pub evaluation: Evaluation,
}

/// The deployment as it is ("as proposed", whose evaluation the caller already has) beside each
/// alternative, evaluated here.
pub fn compare(
    workbook: &Workbook,
    pack: &RulePack,
    as_of: NaiveDate,
    proposed: Evaluation,
    alternatives: &[Alternative],
) -> Vec<Compared> {
    let mut results: Vec<Compared> = std::iter::once(compared("as proposed", None, proposed))
        .chain(alternatives.iter().map(|alternative| {
            let mut variant = workbook.clone();
            alternative.apply_to(&mut variant);
            let evaluation = evaluate(&variant, pack, as_of);
            compared(&alternative.name, Some(alternative.clone()), evaluation)
        }))
        .collect();
    let single = |c: &Compared| -> Option<Money> {
        match c.total.amounts() {
            [] => Some(Money::zero(workbook.settings.currency)),
            [one] => Some(*one),
            _ => None,
        }
    };
    let cheapest = results
        .iter()
        .enumerate()
        .filter(|(_, c)| c.compliant)
        .map(|(i, c)| single(c).map(|m| (i, m)))
        .collect::<Option<Vec<_>>>()
        .filter(|all| {
            all.iter()
                .all(|(_, m)| m.currency == workbook.settings.currency)
        })
        .and_then(|all| {
            all.into_iter()
                .min_by_key(|(i, m)| (m.amount, *i))
                .map(|(i, _)| i)
        });
    if let Some(index) = cheapest {
        results[index].cheapest = true;
    }
    results
}

/// One alternative's figures: compliant once the listed purchases are made, when every shortfall
/// is priced and every placement resolved.
fn compared(name: &str, alternative: Option<Alternative>, evaluation: Evaluation) -> Compared {
    let compliant = evaluation
        .positions
        .iter()
        .all(|p| p.shortfall == Rights(0) || p.cost.is_some())
        && !evaluation.findings.iter().any(|f| {
            matches!(
                f,
                Finding::UnknownTarget { .. }
                    | Finding::UnknownProduct { .. }
                    | Finding::CostOverflow { .. }
            )
        });
    Compared {
        name: name.to_string(),
        alternative,
        total: evaluation.total.clone(),
        shortfall: evaluation.positions.iter().map(|p| p.shortfall).sum(),
        compliant,
        cheapest: false,
        evaluation,
    }
}

/// One-click variants the catalogue suggests: each other edition of a placed product's family.
pub fn suggest(workbook: &Workbook, pack: &RulePack) -> Vec<Alternative> {
    let mut alternatives = Vec::new();
    for (index, placement) in workbook.deployment.placements.iter().enumerate() {
        let Some(placed) = pack.catalogue.get(&placement.product) else {
            continue;
        };
        for other in
            pack.catalogue.products().iter().filter(|p| {
                p.family == placed.family && p.id != placed.id && p.metric == placed.metric
            })
        {
            alternatives.push(Alternative {
                name: format!(
                    "{} instead of {}",
                    other.display_name(),
                    placed.display_name()
                ),
                swaps: vec![Swap {
                    placement: index,
                    product: other.id.clone(),
                }],
            });
        }
    }
    alternatives
}
