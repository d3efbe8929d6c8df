//! Demand: what the proposed deployment needs of each product, under the product's rule.

use chrono::NaiveDate;

use crate::allocation::{Demand, Origin};
use crate::catalogue::{Licensing, Product};
use crate::derivation::Step;
use crate::entitlement::Rights;
use crate::rules::{PerCoreTable, RulePack};
use crate::workbook::Workbook;

/// One product's project demand: a demand per host, with the working.
pub struct ProductDemand {
    pub demands: Vec<Demand>,
    pub required: Rights,
    pub steps: Vec<Step>,
}

/// The project's demand for `product` on `as_of`, or `None` if the product is not deployed.
pub fn project_demand(
    workbook: &Workbook,
    pack: &RulePack,
    product: &Product,
    as_of: NaiveDate,
) -> Option<ProductDemand> {
    let Licensing::PhysicalCores { table } = &product.licensing;
    let table = pack.per_core_table(table)?;
    let deployment = &workbook.deployment;
    let mut result = ProductDemand {
        demands: Vec::new(),
        required: Rights(0),
        steps: Vec::new(),
    };
    // Each host once, in deployment order, with the version of the first placement naming it.
    for host in &deployment.hosts {
        let Some(placement) = deployment.placements.iter().find(|placement| {
            placement.product == product.id && placement.hosts.contains(&host.name)
        }) else {
            continue;
        };
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
            origin: Origin::Project,
            product: product.id.clone(),
            rights,
            version: placement.version.clone(),
            needs_sa: false,
            on: as_of,
            legal_entity: deployment.legal_entity.clone(),
        });
    }
    if result.demands.is_empty() {
        return None;
    }
    result.steps.push(Step::Required {
        hosts: result.demands.len() as u32,
        required: result.required,
    });
    Some(result)
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
