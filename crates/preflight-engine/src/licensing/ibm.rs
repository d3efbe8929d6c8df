//! IBM capacity licensing: PVUs per core by processor and socket tier, full capacity or
//! sub-capacity (with ILMT), and RVUs converted band by band over activated cores.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::catalogue::Product;
use crate::entitlement::Rights;
use crate::estate::Host;
use crate::finding::{Finding, Risk};
use crate::scope::{Footprint, Reach};
use crate::tables::{PvuTable, RvuTable, first_match};

use super::{Context, ProductDemand, risk};

/// Per host: the cores counted (full or sub-capacity).
struct Counted {
    host: usize,
    cores: u64,
}

/// The cores IBM counts on each host the product reaches: all of them (full capacity), or with
/// ILMT the lower of the VMs' virtual cores and the host's physical cores (sub-capacity).
fn capacity(
    ctx: &Context,
    product: &Product,
    table: &PvuTable,
    footprint: &Footprint,
    out: &mut ProductDemand,
    findings: &mut Vec<Finding>,
) -> Vec<Counted> {
    let rules = &table.rules;
    let mut counted = Vec::new();
    let (mut full_total, mut sub_total) = (0u64, 0u64);
    for (&index, reached) in &footprint.hosts {
        let host = &ctx.deployment.hosts[index];
        let physical = host.physical_cores();
        let on_host = reached
            .reasons
            .iter()
            .any(|r| !matches!(r, Reach::Vm { .. }));
        let vms: BTreeSet<&String> = reached
            .reasons
            .iter()
            .filter_map(|r| match r {
                Reach::Vm { vm, .. } => Some(vm),
                _ => None,
            })
            .collect();
        let virtual_cores: u64 = ctx
            .deployment
            .vms
            .iter()
            .filter(|vm| vms.contains(&vm.name))
            .map(|vm| u64::from(vm.vcpus.get()))
            .sum();
        let sub = if on_host {
            physical
        } else {
            virtual_cores.min(physical)
        };
        full_total += physical;
        sub_total += sub;
        let cores = if ctx.settings.ilmt && !on_host {
            out.counted(&host.name, format!("sub-capacity: min({virtual_cores} virtual cores of {} VM(s) that may run here, {physical} physical cores)", vms.len()), Rights(sub), &rules.sub_capacity);
            sub
        } else {
            out.counted(
                &host.name,
                format!(
                    "full capacity: {} × {} activated cores",
                    host.sockets, host.cores_per_socket
                ),
                Rights(physical),
                &rules.full_capacity,
            );
            physical
        };
        counted.push(Counted { host: index, cores });
    }
    if !ctx.settings.ilmt && sub_total < full_total {
        let subject = product.display_name();
        let gap = Risk::FullCapacityWithoutIlmt {
            full: Rights(full_total),
            sub_capacity: Rights(sub_total),
        };
        risk(findings, product, &subject, gap, &rules.ilmt_required);
    }
    counted
}

/// IBM-PVU-PERCORE: PVUs = counted cores × the host's rating per core.
pub fn pvu(
    ctx: &Context,
    product: &Product,
    table: &PvuTable,
    footprint: &Footprint,
    out: &mut ProductDemand,
    findings: &mut Vec<Finding>,
) {
    for item in capacity(ctx, product, table, footprint, out, findings) {
        let host = &ctx.deployment.hosts[item.host];
        let rating = rating(product, table, host, out, findings);
        let rights = Rights(item.cores * u64::from(rating));
        out.counted(
            &host.name,
            format!("{} core(s) × {rating} PVU per core", item.cores),
            rights,
            &table.rules.per_core,
        );
        let reached = &footprint.hosts[&item.host];
        out.push_host(
            ctx,
            product,
            &host.name,
            rights,
            (&reached.placement.version, reached.on),
            false,
        );
    }
}

/// IBM-RVU-TIERS: activated cores (counted as for PVUs) converted band by band, rounded up.
pub fn rvu(
    ctx: &Context,
    product: &Product,
    table: &RvuTable,
    capacity_table: &PvuTable,
    footprint: &Footprint,
    out: &mut ProductDemand,
    findings: &mut Vec<Finding>,
) {
    let counted = capacity(ctx, product, capacity_table, footprint, out, findings);
    let cores: u64 = counted.iter().map(|c| c.cores).sum();
    if counted.is_empty() {
        return;
    }
    let exact: Decimal = table.rvus(cores);
    let rights = Rights(exact.ceil().try_into().unwrap_or(u64::MAX));
    let bands: Vec<String> = table
        .tiers
        .iter()
        .filter(|tier| cores > tier.above)
        .map(|tier| {
            format!(
                "{} × {}",
                tier.up_to.map_or(cores, |u| u.min(cores)) - tier.above,
                tier.factor
            )
        })
        .collect();
    let rule = capacity_table
        .rules
        .rvu_tiers
        .as_ref()
        .unwrap_or(&capacity_table.rules.per_core);
    out.counted(
        product.display_name(),
        format!(
            "{cores} activated cores in bands: {} = {exact}",
            bands.join(" + ")
        ),
        rights,
        rule,
    );
    let first = footprint.hosts.values().next();
    let on = footprint
        .hosts
        .values()
        .map(|r| r.on)
        .min()
        .unwrap_or_default();
    let version = first.and_then(|r| r.placement.version.clone());
    out.push(
        ctx,
        product,
        "activated cores",
        rights,
        (&version, on),
        false,
    );
}

/// The host's PVU rating: given explicitly, else the first table row for its processor and
/// socket tier, else what ILMT applies when it cannot tell (a finding).
fn rating(
    product: &Product,
    table: &PvuTable,
    host: &Host,
    out: &mut ProductDemand,
    findings: &mut Vec<Finding>,
) -> u32 {
    if let Some(rating) = host.pvu_per_core {
        out.applied(
            &host.name,
            format!("{rating} PVU per core, as given for this server"),
            &table.rules.per_core,
        );
        return rating;
    }
    let sockets = host.max_sockets.unwrap_or(host.sockets).get();
    let fits = table
        .ratings
        .iter()
        .filter(|row| {
            row.min_sockets.is_none_or(|min| sockets >= min)
                && row.max_sockets.is_none_or(|max| sockets <= max)
        })
        .cloned()
        .collect::<Vec<_>>();
    if let Some(row) = host
        .processor
        .as_deref()
        .and_then(|p| first_match(&fits, p, |row| &row.matches))
    {
        out.applied(
            &host.name,
            format!(
                "{} PVU per core for {:?} in a {sockets}-socket server ({})",
                row.pvu_per_core,
                host.processor.as_deref().unwrap_or_default(),
                row.source
            ),
            &row.rule,
        );
        return row.pvu_per_core;
    }
    let pvu_per_core = table.unknown_pvu_per_core;
    risk(
        findings,
        product,
        &host.name,
        Risk::PvuRatingAssumed {
            processor: host.processor.clone(),
            pvu_per_core,
        },
        &table.rules.unknown_rating,
    );
    out.applied(
        &host.name,
        format!("processor not identified: {pvu_per_core} PVU per core"),
        &table.rules.unknown_rating,
    );
    pvu_per_core
}
