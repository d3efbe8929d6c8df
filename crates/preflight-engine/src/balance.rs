//! Balances: one product's demand, shortfall and surplus at one stage, from an allocation.

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::allocation::{Allocation, AllocationResult};
use crate::catalogue::ProductId;
use crate::derivation::{Stage, Step};
use crate::entitlement::Rights;

/// Rights in use against rights owned, at one stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// Rights the product's demand needs at this stage.
    pub demand: Rights,
    /// Demand no owned line covers.
    pub shortfall: Rights,
    /// The product's own rights left over after every demand (of any edition) took its share.
    pub surplus: Rights,
}

/// An allocation result indexed by product: allocations and unmet rights by the demand's
/// product, rights used by the line's product.
pub struct ByProduct<'a> {
    pub allocations: HashMap<&'a ProductId, Vec<&'a Allocation>>,
    pub unmet: HashMap<&'a ProductId, Rights>,
    pub used: HashMap<&'a ProductId, Rights>,
}

impl<'a> ByProduct<'a> {
    pub fn new(result: &'a AllocationResult) -> Self {
        let mut index = ByProduct {
            allocations: HashMap::default(),
            unmet: HashMap::default(),
            used: HashMap::default(),
        };
        for allocation in &result.allocations {
            index
                .allocations
                .entry(&allocation.product)
                .or_default()
                .push(allocation);
            let used = index.used.entry(&allocation.line_product).or_default();
            *used = *used + allocation.rights;
        }
        for unmet in &result.unmet {
            let total = index.unmet.entry(&unmet.product).or_default();
            *total = *total + unmet.rights;
        }
        index
    }
}

/// One product's balance at one stage, with a step per allocation into its demand (after).
pub fn balance(
    catalogue: &crate::catalogue::Catalogue,
    product: &ProductId,
    stage: Stage,
    index: &ByProduct,
    entitled: Rights,
    steps: &mut Vec<Step>,
) -> Balance {
    let mut covered = Rights(0);
    for allocation in index.allocations.get(product).into_iter().flatten() {
        covered = covered + allocation.rights;
        if stage == Stage::After {
            // A line of another product covers this one by its down-edition (or suite) rights.
            let rule = (&allocation.line_product != product)
                .then(|| catalogue.get(&allocation.line_product))
                .flatten()
                .and_then(|line_product| line_product.down_edition_rule.clone());
            steps.push(Step::Allocated {
                source: allocation.source.clone(),
                line_product: allocation.line_product.clone(),
                demand: allocation.demand.clone(),
                rights: allocation.rights,
                rule,
            });
        }
    }
    let shortfall = index.unmet.get(product).copied().unwrap_or_default();
    let used = index.used.get(product).copied().unwrap_or_default();
    let balance = Balance {
        demand: covered + shortfall,
        shortfall,
        surplus: entitled.saturating_sub(used),
    };
    steps.push(Step::Balance {
        stage,
        demand: balance.demand,
        covered,
        shortfall,
        entitled,
        used,
        surplus: balance.surplus,
    });
    balance
}
