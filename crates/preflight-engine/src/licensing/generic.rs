//! Generic metrics: installations, servers, devices, named and concurrent users, sites and
//! custom capacities, one licence per unit.

use crate::catalogue::Product;
use crate::entitlement::Rights;
use crate::rules::RuleId;
use crate::scope::{Footprint, Reach};
use crate::tables::Unit;

use super::{Context, ProductDemand};

pub fn per_unit(
    ctx: &Context,
    product: &Product,
    unit: Unit,
    rule: &RuleId,
    footprint: &Footprint,
    out: &mut ProductDemand,
) {
    let groups = || footprint.groups.iter();
    let (count, working): (u64, String) = match unit {
        Unit::Installation | Unit::Server => {
            let hosts: Vec<&str> = footprint
                .hosts
                .iter()
                .filter(|(_, r)| r.reasons.iter().any(|r| !matches!(r, Reach::Vm { .. })))
                .map(|(&i, _)| ctx.deployment.hosts[i].name.as_str())
                .collect();
            let vms = footprint.vms.iter().map(|p| p.item.name.as_str());
            let instances = footprint.instances.iter().map(|p| p.item.name.as_str());
            let all: Vec<&str> = hosts.into_iter().chain(vms).chain(instances).collect();
            (all.len() as u64, format!("one per OSE: {}", all.join(", ")))
        }
        Unit::Device => (
            groups().map(|g| u64::from(g.item.devices)).sum(),
            sum_of(
                "devices",
                groups().map(|g| (g.item.name.as_str(), g.item.devices)),
            ),
        ),
        Unit::NamedUser => (
            groups().map(|g| u64::from(g.item.users)).sum(),
            sum_of(
                "users",
                groups().map(|g| (g.item.name.as_str(), g.item.users)),
            ),
        ),
        Unit::ConcurrentUser => {
            let peak = |g: &crate::estate::UserGroup| g.concurrent.unwrap_or(g.users);
            (
                groups().map(|g| u64::from(peak(g.item))).sum(),
                sum_of(
                    "peak concurrent users (named users where no peak is given)",
                    groups().map(|g| (g.item.name.as_str(), peak(g.item))),
                ),
            )
        }
        Unit::Site => (
            u64::from(!footprint.is_empty()),
            "one per legal entity, whatever the use".into(),
        ),
        Unit::Capacity => (
            footprint
                .quantities
                .iter()
                .map(|q| u64::from(*q.item))
                .sum(),
            sum_of(
                "units",
                footprint
                    .quantities
                    .iter()
                    .map(|q| (q.placement.product.0.as_str(), *q.item)),
            ),
        ),
    };
    let rights = Rights(count);
    out.counted(product.display_name(), working, rights, rule);
    let dates = footprint
        .hosts
        .values()
        .map(|r| (r.on, &r.placement.version))
        .chain(footprint.vms.iter().map(|p| (p.on, &p.placement.version)))
        .chain(
            footprint
                .instances
                .iter()
                .map(|p| (p.on, &p.placement.version)),
        )
        .chain(
            footprint
                .groups
                .iter()
                .map(|p| (p.on, &p.placement.version)),
        )
        .chain(
            footprint
                .quantities
                .iter()
                .map(|p| (p.on, &p.placement.version)),
        );
    if let (Some((on, version)), true) = (dates.min_by_key(|d| d.0), count > 0) {
        out.push(
            ctx,
            product,
            product.display_name(),
            rights,
            (version, on),
            false,
        );
    }
}

fn sum_of<'a>(what: &str, parts: impl Iterator<Item = (&'a str, u32)>) -> String {
    let parts: Vec<String> = parts.map(|(name, n)| format!("{name} {n}")).collect();
    format!("{what}: {}", parts.join(" + "))
}
