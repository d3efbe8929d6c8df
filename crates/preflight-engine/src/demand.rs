//! Demand: what the proposed deployment needs of each product, under the product's rule.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::allocation::{Demand, Origin};
use crate::catalogue::{Licensing, Product, ProductId};
use crate::derivation::Step;
use crate::entitlement::Rights;
use crate::estate::{Deployment, Placement};
use crate::rules::{PerCoreTable, RulePack};
use crate::workbook::Workbook;

/// One product's project demand: a demand per host, with the working.
pub struct ProductDemand {
    pub demands: Vec<Demand>,
    pub required: Rights,
    pub steps: Vec<Step>,
}

/// The project's demand for every deployed product, by product: one pass over the placements.
pub fn project_demands(
    workbook: &Workbook,
    pack: &RulePack,
    start: NaiveDate,
) -> HashMap<ProductId, ProductDemand> {
    let deployment = &workbook.deployment;
    let host_index: HashMap<&str, usize> = deployment
        .hosts
        .iter()
        .enumerate()
        .map(|(i, host)| (host.name.as_str(), i))
        .collect();
    // Each host once per product, in deployment order, with the first placement that names it.
    let mut placed: HashMap<&ProductId, BTreeMap<usize, &Placement>> = HashMap::new();
    for placement in &deployment.placements {
        for name in &placement.hosts {
            if let Some(&index) = host_index.get(name.as_str()) {
                placed
                    .entry(&placement.product)
                    .or_default()
                    .entry(index)
                    .or_insert(placement);
            }
        }
    }
    let mut demands = HashMap::new();
    for (product_id, hosts) in placed {
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
        for (index, placement) in hosts {
            let host = &deployment.hosts[index];
            let rights = physical_cores(
                table,
                &host.name,
                host.sockets.get(),
                host.cores_per_socket.get(),
                &mut result.steps,
            );
            result.required = result.required + rights;
            result.demands.push(demand_for(
                product,
                host.name.clone(),
                rights,
                placement,
                deployment,
                start,
            ));
        }
        result.steps.push(Step::Required {
            hosts: result.demands.len() as u32,
            required: result.required,
        });
        demands.insert(product.id.clone(), result);
    }
    demands
}

fn demand_for(
    product: &Product,
    label: String,
    rights: Rights,
    placement: &Placement,
    deployment: &Deployment,
    start: NaiveDate,
) -> Demand {
    Demand {
        label,
        origin: Origin::Project,
        product: product.id.clone(),
        rights,
        version: placement.version.clone(),
        needs_sa: false,
        on: start,
        legal_entity: deployment.legal_entity.clone(),
    }
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
