//! Red Hat subscriptions: socket pairs per physical host, two guests per subscription, and
//! Virtual Datacenter subscriptions per socket pair of every hypervisor host (unlimited guests).

use crate::catalogue::Product;
use crate::entitlement::Rights;
use crate::scope::{Footprint, Reach};
use crate::tables::SocketPairTable;

use super::{Context, ProductDemand, ceil_div};

/// RH-SOCKET-PAIR for hosts it runs on directly, RH-2-GUESTS for the VMs and cloud instances.
pub fn socket_pairs(
    ctx: &Context,
    product: &Product,
    table: &SocketPairTable,
    footprint: &Footprint,
    out: &mut ProductDemand,
) {
    for (&index, reached) in &footprint.hosts {
        if reached
            .reasons
            .iter()
            .all(|r| matches!(r, Reach::Vm { .. }))
        {
            continue;
        }
        let host = &ctx.deployment.hosts[index];
        let rights = pairs(table, host.sockets.get());
        out.counted(
            &host.name,
            format!(
                "⌈{} socket(s) / {}⌉",
                host.sockets, table.sockets_per_subscription
            ),
            rights,
            &table.rules.socket_pair,
        );
        out.push_host(
            ctx,
            product,
            &host.name,
            rights,
            (&reached.placement.version, reached.on),
            false,
        );
    }
    let guests: Vec<(&String, chrono::NaiveDate, &Option<String>)> = footprint
        .vms
        .iter()
        .map(|p| (&p.item.name, p.on, &p.placement.version))
        .chain(
            footprint
                .instances
                .iter()
                .map(|p| (&p.item.name, p.on, &p.placement.version)),
        )
        .collect();
    if let Some(&(_, _, version)) = guests.first() {
        let n = guests.len() as u64;
        let on = guests.iter().map(|g| g.1).min().unwrap_or_default();
        let rights = Rights(ceil_div(n, u64::from(table.guests_per_subscription)));
        out.counted(
            format!("{n} guest(s)"),
            format!(
                "⌈{n} guests / {} per subscription⌉",
                table.guests_per_subscription
            ),
            rights,
            &table.rules.guests,
        );
        out.push(
            ctx,
            product,
            format!("{n} guest(s)"),
            rights,
            (version, on),
            false,
        );
    }
}

/// RH-VDC: every host the guests may run on (host groups respected), by socket pairs.
pub fn virtual_datacenter(
    ctx: &Context,
    product: &Product,
    table: &SocketPairTable,
    footprint: &Footprint,
    out: &mut ProductDemand,
) {
    for (&index, reached) in &footprint.hosts {
        let host = &ctx.deployment.hosts[index];
        let rights = pairs(table, host.sockets.get());
        out.counted(
            &host.name,
            format!(
                "hypervisor host: ⌈{} socket(s) / {}⌉, unlimited guests",
                host.sockets, table.sockets_per_subscription
            ),
            rights,
            &table.rules.virtual_datacenter,
        );
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

fn pairs(table: &SocketPairTable, sockets: u32) -> Rights {
    Rights(ceil_div(
        u64::from(sockets),
        u64::from(table.sockets_per_subscription),
    ))
}
