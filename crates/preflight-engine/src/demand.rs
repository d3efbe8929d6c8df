//! Demand: what the proposed deployment needs of each product, under the product's rule.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::allocation::{Demand, Origin};
use crate::catalogue::{Licensing, ProductId};
use crate::derivation::Step;
use crate::entitlement::Rights;
use crate::estate::Deployment;
use crate::finding::Finding;
use crate::rules::{PerCoreTable, RulePack};
use crate::scope::{Reach, reached};
use crate::workbook::Workbook;

/// One product's project demand: a demand per host, with the working.
pub struct ProductDemand {
    pub demands: Vec<Demand>,
    pub required: Rights,
    pub steps: Vec<Step>,
}

/// The project's demand for every deployed product, by product: each host its placements reach
/// (directly, through a cluster, or as a host a VM may run on), once, in deployment order.
pub fn project_demands(
    workbook: &Workbook,
    pack: &RulePack,
    start: NaiveDate,
    findings: &mut Vec<Finding>,
) -> HashMap<ProductId, ProductDemand> {
    demands_of(
        &workbook.deployment,
        Origin::Project,
        workbook.deployment.legal_entity.as_deref(),
        pack,
        start,
        findings,
    )
}

/// The demand of any estate (the project's, or the existing estate as it is or as changed), by
/// product, under each product's rule.
pub fn demands_of(
    deployment: &Deployment,
    origin: Origin,
    legal_entity: Option<&str>,
    pack: &RulePack,
    start: NaiveDate,
    findings: &mut Vec<Finding>,
) -> HashMap<ProductId, ProductDemand> {
    let mut demands = HashMap::new();
    for (product_id, hosts) in reached(deployment, start, findings) {
        let Some(product) = pack.catalogue.get(product_id) else {
            continue;
        };
        let Licensing::PhysicalCores { table } = &product.licensing;
        let Some(table) = pack.per_core_table(table) else {
            continue;
        };
        let mut result = ProductDemand {
            demands: Vec::new(),
            required: Rights(0),
            steps: Vec::new(),
        };
        for (index, reached) in hosts {
            let host = &deployment.hosts[index];
            if reached.reasons.iter().any(|reason| *reason != Reach::Host) {
                result.steps.push(Step::Reached {
                    host: host.name.clone(),
                    reasons: reached.reasons.clone(),
                    rule: table.rules.vm_scope.clone(),
                });
            }
            let rights = physical_cores(
                table,
                &host.name,
                host.sockets.get(),
                host.cores_per_socket.get(),
                &mut result.steps,
            );
            result.required = result.required + rights;
            result.demands.push(Demand {
                label: host.name.clone(),
                origin,
                product: product.id.clone(),
                rights,
                version: reached.placement.version.clone(),
                needs_sa: false,
                on: reached.on,
                legal_entity: legal_entity.map(str::to_string),
            });
        }
        result.steps.push(Step::Required {
            hosts: result.demands.len() as u32,
            required: result.required,
        });
        demands.insert(product.id.clone(), result);
    }
    demands
}

/// MS-WS-ALLCORES / MS-SQL-PHYS-ALLCORES with the per-processor and per-server minimums: every
/// physical core, each processor lifted to its minimum, the host lifted to the server minimum.
fn physical_cores(
    table: &PerCoreTable,
    host: &str,
    sockets: u32,
    cores: u32,
    steps: &mut Vec<Step>,
) -> Rights {
    let counted = Rights(u64::from(sockets) * u64::from(cores.max(table.min_per_processor)));
    steps.push(Step::HostCores {
        host: host.to_string(),
        sockets,
        cores_per_socket: cores,
        min_per_processor: table.min_per_processor,
        counted,
        rules: [
            table.rules.all_cores.clone(),
            table.rules.per_processor.clone(),
        ],
    });
    let required = counted.max(Rights(u64::from(table.min_per_server)));
    if let Some(rule) = &table.rules.per_server {
        steps.push(Step::ServerMinimum {
            host: host.to_string(),
            counted,
            min_per_server: table.min_per_server,
            required,
            rule: rule.clone(),
        });
    }
    required
}
