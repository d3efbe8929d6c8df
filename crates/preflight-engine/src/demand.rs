//! Demand: what an estate (the project's, or the existing one) needs of each product, under the
//! product's licensing model (see `licensing`).

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;

use crate::allocation::Origin;
use crate::catalogue::ProductId;
use crate::entitlement::Entitlement;
use crate::estate::Deployment;
use crate::finding::{Finding, Seen};
use crate::licensing::{Context, product_demand};
use crate::rules::RulePack;
use crate::scope::reached;
use crate::workbook::{Scenario, Settings};

pub use crate::licensing::ProductDemand;

/// The project's demand for every deployed product, by product.
pub fn project_demands(
    settings: &Settings,
    scenario: &Scenario,
    lines: &[&Entitlement],
    pack: &RulePack,
    start: NaiveDate,
    findings: &mut Vec<Finding>,
) -> HashMap<ProductId, ProductDemand> {
    demands_of(
        lines,
        &scenario.deployment,
        settings,
        Origin::Project,
        scenario.deployment.legal_entity.as_deref(),
        pack,
        start,
        findings,
    )
}

/// The demand of any estate, by product, under each product's rule.
#[allow(clippy::too_many_arguments)]
pub fn demands_of(
    lines: &[&Entitlement],
    deployment: &Deployment,
    settings: &Settings,
    origin: Origin,
    legal_entity: Option<&str>,
    pack: &RulePack,
    start: NaiveDate,
    findings: &mut Vec<Finding>,
) -> HashMap<ProductId, ProductDemand> {
    let ctx = Context {
        deployment,
        settings,
        pack,
        origin,
        legal_entity,
        lines,
    };
    let mut demands = HashMap::default();
    let footprints = reached(deployment, start, findings);
    // Made on the first finding it is asked about: most estates' demand reports few.
    let mut seen: Option<Seen> = None;
    for (product_id, footprint) in footprints {
        let Some(product) = pack.catalogue.get(product_id) else {
            continue;
        };
        let mut own = Vec::new();
        if let Some(demand) = product_demand(&ctx, product, &footprint, &mut own) {
            demands.insert(product.id.clone(), demand);
        }
        // A rule's risk and a table's confidence are reported once: `product_demand` compares
        // them with its own findings, and here with those reported before of the same product.
        for finding in own {
            let once = matches!(
                finding,
                Finding::Rule { .. } | Finding::TableConfidence { .. }
            );
            let repeated = once
                && seen
                    .get_or_insert_with(|| Seen::new(findings))
                    .contains(findings, &finding);
            if !repeated {
                findings.push(finding);
            }
        }
    }
    demands
}
