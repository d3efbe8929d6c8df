//! Oracle database licensing: Processor by core factor (aggregated per factor, rounded up once)
//! or by socket (Standard Edition 2), Named User Plus with its minimums, soft and hard
//! partitioning, authorised cloud, standby and non-production, options following the database.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::catalogue::Product;
use crate::entitlement::Rights;
use crate::estate::{Deployment, Environment, Role, Vm};
use crate::finding::{Finding, Risk};
use crate::metric::Metric;
use crate::scope::Footprint;
use crate::tables::{OracleCounting, OracleTable};
use crate::workbook::OracleScope;

use super::{Context, ProductDemand, ceil_div, risk};

/// The product's demand under the workbook's partitioning scope, and the wider scopes' counts
/// as an audit-risk finding when VMs are soft-partitioned.
pub fn demand(
    ctx: &Context,
    product: &Product,
    table: &OracleTable,
    footprint: &Footprint,
    out: &mut ProductDemand,
    findings: &mut Vec<Finding>,
) {
    let assumed = ctx.settings.oracle_scope;
    let counted = count(ctx, product, table, footprint, assumed, out, findings);
    let soft = footprint
        .vms
        .iter()
        .any(|placed| !placed.item.hard_partitioned);
    if !soft {
        return;
    }
    let wider: Vec<(OracleScope, Rights)> = [OracleScope::Vcenter, OracleScope::Estate]
        .into_iter()
        .filter(|scope| *scope > assumed)
        .map(|scope| {
            let (mut scratch, mut ignored) = (ProductDemand::default(), Vec::new());
            (
                scope,
                count(
                    ctx,
                    product,
                    table,
                    footprint,
                    scope,
                    &mut scratch,
                    &mut ignored,
                ),
            )
        })
        .filter(|(_, rights)| *rights > counted)
        .collect();
    if !wider.is_empty() {
        let subject = product.display_name();
        risk(
            findings,
            product,
            &subject,
            Risk::WiderOracleScope {
                assumed,
                counted,
                wider,
            },
            &table.rules.soft_partition,
        );
    }
}

/// Cores (or sockets) counted on one processor kind, with what they are.
#[derive(Default)]
struct Group {
    cores: u64,
    parts: Vec<String>,
    on: Option<chrono::NaiveDate>,
    version: Option<String>,
}

/// Counts the footprint under `scope`, pushing demands and steps; returns the total in the
/// product's metric.
fn count(
    ctx: &Context,
    product: &Product,
    table: &OracleTable,
    footprint: &Footprint,
    scope: OracleScope,
    out: &mut ProductDemand,
    findings: &mut Vec<Finding>,
) -> Rights {
    let deployment = ctx.deployment;
    let rules = &table.rules;
    // Hosts in scope, each once, with the date and version of the first placement needing it.
    let mut hosts: BTreeMap<usize, (chrono::NaiveDate, Option<String>)> = BTreeMap::new();
    let mut note = |index: usize, on: chrono::NaiveDate, version: &Option<String>| {
        let entry = hosts.entry(index).or_insert((on, version.clone()));
        entry.0 = entry.0.min(on);
    };
    for (&index, reached) in &footprint.hosts {
        if reached
            .reasons
            .iter()
            .any(|r| !matches!(r, crate::scope::Reach::Vm { .. }))
        {
            note(index, reached.on, &reached.placement.version);
        }
    }
    let mut groups: BTreeMap<Decimal, Group> = BTreeMap::new();
    for placed in &footprint.vms {
        let vm = placed.item;
        notes(vm.role, vm.environment, &vm.name, table, out);
        if vm.hard_partitioned {
            let Some(index) = home(deployment, vm) else {
                continue;
            };
            let host = &deployment.hosts[index];
            let threads = host.threads_per_core.map_or(1, |t| t.get());
            let cores = ceil_div(u64::from(vm.vcpus.get()), u64::from(threads));
            out.applied(
                &vm.name,
                format!(
                    "approved hard partitioning: {} vCPU(s) pinned on {} = {cores} core(s) counted",
                    vm.vcpus, host.name
                ),
                &rules.hard_partition,
            );
            let factor = factor_of(ctx, product, table, index, out, findings);
            let group = groups.entry(factor).or_default();
            group.cores += cores;
            group.parts.push(format!("{} {cores}", vm.name));
            group.on = Some(group.on.map_or(placed.on, |on| on.min(placed.on)));
            group.version = group
                .version
                .take()
                .or_else(|| placed.placement.version.clone());
            continue;
        }
        let (in_scope, what) = soft_scope(deployment, vm, scope);
        out.applied(
            &vm.name,
            format!(
                "soft partitioning does not limit licensing: all {} host(s) of {what} count",
                in_scope.len()
            ),
            &rules.soft_partition,
        );
        for index in in_scope {
            note(index, placed.on, &placed.placement.version);
        }
    }
    let mut servers = 0u64;
    let mut processors = Rights(0);
    let mut free_failover = true;
    for (&index, (on, version)) in &hosts {
        let host = &deployment.hosts[index];
        notes(host.role, host.environment, &host.name, table, out);
        if host.role == Role::PassiveHa && free_failover {
            free_failover = false;
            out.applied(&host.name, "fail-over node sharing the primary's storage: unlicensed, for up to ten 24-hour periods a year".into(), &rules.standby);
            continue;
        }
        servers += 1;
        if let (Some(max), Some(rule)) = (table.max_socket_capacity, &rules.socket_capacity) {
            let capacity = host.max_sockets.unwrap_or(host.sockets).get();
            if capacity > max {
                risk(
                    findings,
                    product,
                    &host.name,
                    Risk::SocketCapacity { capacity, max },
                    rule,
                );
            }
        }
        let (key, amount) = match table.counting {
            OracleCounting::Socket => (Decimal::ONE, u64::from(host.sockets.get())),
            OracleCounting::CoreFactor => (
                factor_of(ctx, product, table, index, out, findings),
                host.physical_cores(),
            ),
        };
        let group = groups.entry(key).or_default();
        group.cores += amount;
        group.parts.push(format!("{} {amount}", host.name));
        group.on = Some(group.on.map_or(*on, |d| d.min(*on)));
        group.version = group.version.take().or_else(|| version.clone());
    }
    let nup = product.metric == Metric::NamedUserPlus;
    for (factor, group) in &groups {
        let on = group.on.unwrap_or_default();
        let (label, count) = match table.counting {
            OracleCounting::Socket => {
                let rights = Rights(group.cores);
                out.counted(
                    format!("sockets ({})", group.parts.join(", ")),
                    format!("occupied sockets {}", group.parts.join(" + ")),
                    rights,
                    &rules.processor,
                );
                ("occupied sockets".to_string(), rights)
            }
            OracleCounting::CoreFactor => {
                let exact = Decimal::from(group.cores) * factor;
                let rounded = Rights(exact.ceil().try_into().unwrap_or(u64::MAX));
                let rule = rules.round_up.as_ref().unwrap_or(&rules.processor);
                out.counted(
                    format!("cores at factor {factor}"),
                    format!(
                        "({}) = {} cores × {factor} = {exact}, rounded up once",
                        group.parts.join(" + "),
                        group.cores
                    ),
                    rounded,
                    rule,
                );
                if let Some(aggregate) = &rules.aggregate {
                    out.applied(
                        format!("cores at factor {factor}"),
                        "cores aggregated per core factor before multiplying".into(),
                        aggregate,
                    );
                }
                (
                    format!("cores at factor {factor} ({})", group.parts.join(", ")),
                    rounded,
                )
            }
        };
        processors = processors + count;
        if !nup {
            out.push(ctx, product, label, count, (&group.version, on), false);
        }
    }
    for placed in &footprint.instances {
        let instance = placed.item;
        notes(
            instance.role,
            instance.environment,
            &instance.name,
            table,
            out,
        );
        let cloud = &table.cloud;
        let vcpus = instance.vcpus.get();
        if let Some(max) = cloud.max_vcpus.filter(|max| vcpus > *max) {
            risk(
                findings,
                product,
                &instance.name,
                Risk::InstanceTooLarge { vcpus, max },
                &cloud.rule,
            );
        }
        let per = if instance.hyperthreading {
            cloud.vcpus_per_licence_ht
        } else {
            cloud.vcpus_per_licence
        };
        let count = Rights(ceil_div(u64::from(vcpus), u64::from(per)));
        out.counted(
            &instance.name,
            format!("authorised cloud: ⌈{vcpus} vCPUs / {per}⌉"),
            count,
            &cloud.rule,
        );
        servers += 1;
        processors = processors + count;
        if !nup {
            out.push(
                ctx,
                product,
                instance.name.clone(),
                count,
                (&placed.placement.version, placed.on),
                false,
            );
        }
    }
    if !nup {
        return processors;
    }
    let users: u64 = footprint
        .groups
        .iter()
        .map(|g| u64::from(g.item.users) + u64::from(g.item.devices))
        .sum::<u64>()
        + footprint
            .quantities
            .iter()
            .map(|q| u64::from(*q.item))
            .sum::<u64>();
    let (minimum, working) = match (table.nup_min_per_processor, table.nup_min_per_server) {
        (Some(per), _) => (
            u64::from(per) * processors.0,
            format!("{per} per processor × {processors} processor(s)"),
        ),
        (None, Some(per)) => (
            u64::from(per) * servers,
            format!("{per} per server × {servers} server(s)"),
        ),
        (None, None) => (0, "no minimum".to_string()),
    };
    let required = Rights(users.max(minimum));
    out.counted(
        "named users",
        format!("max({users} users and devices, minimum {working} = {minimum})"),
        required,
        &rules.nup_minimum,
    );
    let on = footprint
        .groups
        .iter()
        .map(|g| g.on)
        .chain(hosts.values().map(|h| h.0))
        .min()
        .unwrap_or_default();
    let version = footprint
        .groups
        .first()
        .and_then(|g| g.placement.version.clone());
    if required > Rights(0) {
        out.push(ctx, product, "named users", required, (&version, on), false);
    }
    required
}

/// ORA-STANDBY: standby and non-production copies are licensed like production.
fn notes(
    role: Role,
    environment: Environment,
    name: &str,
    table: &OracleTable,
    out: &mut ProductDemand,
) {
    if matches!(role, Role::PassiveDr | Role::ReadableSecondary) {
        out.applied(
            name,
            "standby or replica of the primary's data: licensed like the primary".into(),
            &table.rules.standby,
        );
    }
    if environment != Environment::Production {
        out.applied(
            name,
            "non-production: licensed like production".into(),
            &table.rules.standby,
        );
    }
}

fn factor_of(
    ctx: &Context,
    product: &Product,
    table: &OracleTable,
    index: usize,
    out: &mut ProductDemand,
    findings: &mut Vec<Finding>,
) -> Decimal {
    let host = &ctx.deployment.hosts[index];
    let (factor, row) = ctx.pack.core_factor(host.processor.as_deref());
    if let Some(row) = row {
        let processor = host.processor.as_deref().unwrap_or_default();
        let note = format!(
            "core factor {factor} (effective {}; {})",
            row.effective, row.source
        );
        out.applied(processor, note, &row.rule);
    } else {
        let assumed = Risk::CoreFactorAssumed {
            processor: host.processor.clone(),
            factor,
        };
        risk(
            findings,
            product,
            &host.name,
            assumed,
            &table.rules.processor,
        );
    }
    factor
}

/// The host a hard-partitioned VM is pinned to.
fn home(deployment: &Deployment, vm: &Vm) -> Option<usize> {
    let name = vm.host.as_ref().or_else(|| {
        let cluster = deployment
            .clusters
            .iter()
            .find(|c| Some(&c.name) == vm.cluster.as_ref())?;
        cluster.hosts.first()
    })?;
    deployment.hosts.iter().position(|host| &host.name == name)
}

/// ORA-SOFT-PARTITION: the hosts a soft-partitioned VM makes Oracle count. Host groups (DRS
/// affinity) do not limit it; the scope widens to the vCenter or the estate when so set.
fn soft_scope(deployment: &Deployment, vm: &Vm, scope: OracleScope) -> (Vec<usize>, String) {
    let index_of = |name: &String| deployment.hosts.iter().position(|host| &host.name == name);
    let cluster = deployment
        .clusters
        .iter()
        .find(|c| Some(&c.name) == vm.cluster.as_ref());
    let (names, what): (Vec<&String>, String) = match (scope, cluster) {
        (OracleScope::Estate, _) => (
            deployment
                .clusters
                .iter()
                .flat_map(|c| &c.hosts)
                .chain(vm.host.as_ref())
                .collect(),
            "the estate's clusters".into(),
        ),
        (OracleScope::Vcenter, Some(cluster)) if cluster.vcenter.is_some() => (
            deployment
                .clusters
                .iter()
                .filter(|c| c.vcenter == cluster.vcenter)
                .flat_map(|c| &c.hosts)
                .collect(),
            format!("vCenter {}", cluster.vcenter.as_deref().unwrap_or_default()),
        ),
        (_, Some(cluster)) => (
            cluster.hosts.iter().collect(),
            format!("cluster {}", cluster.name),
        ),
        (_, None) => (vm.host.iter().collect(), "its host".into()),
    };
    let mut indexes: Vec<usize> = names.into_iter().filter_map(index_of).collect();
    indexes.sort_unstable();
    indexes.dedup();
    (indexes, what)
}
