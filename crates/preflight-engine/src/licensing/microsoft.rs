//! Microsoft per-core licensing: Windows Server and SQL Server by host (with minimums, stacking
//! and unlimited virtualisation), per VM with SA, passive fail-over rights, and cloud BYOL.
//! VMware's per-core subscriptions use the same mechanics with their own table.

use std::collections::BTreeSet;

use crate::catalogue::Product;
use crate::derivation::Step;
use crate::entitlement::Rights;
use crate::estate::{Basis, Environment, Host, Role};
use crate::finding::{Finding, Risk};
use crate::rules::{Failover, PerCoreTable};
use crate::scope::{Footprint, Reach, Reached};

use super::{Context, LicenceIncluded, ProductDemand, ceil_div, risk};

/// Physical-cores products (Datacenter, SQL Server, VMware): every host reached, each at its
/// minimums; VMs licensed per VM where asked; cloud instances under the BYOL terms.
pub fn per_core(
    ctx: &Context,
    product: &Product,
    table: &PerCoreTable,
    footprint: &Footprint,
    out: &mut ProductDemand,
    findings: &mut Vec<Finding>,
) {
    table_confidence(ctx, product, table, footprint, findings);
    let mut primaries = Vec::new();
    let mut passive = Vec::new();
    // The table's row is the same for every host: looked up once, not per host.
    let row = ctx.pack.table_row(table);
    for (&index, reached) in &footprint.hosts {
        let host = &ctx.deployment.hosts[index];
        let Some((rights, vms)) = host_cores(ctx, table, &row, host, reached, out) else {
            continue;
        };
        let mut needs_sa = false;
        let mut rights = rights;
        if let (Some(unlimited), false) = (&table.unlimited_vms, vms.is_empty()) {
            let n = vms.len() as u64;
            if !unlimited.needs_sa {
                out.applied(
                    &host.name,
                    format!("{n} VM(s) covered: unlimited VMs on a host with all cores licensed"),
                    &unlimited.rule,
                );
            } else if let (true, true, Some(rule)) = (
                n > rights.0,
                ctx.settings.without_sa,
                &unlimited.without_sa_rule,
            ) {
                out.steps.push(Step::VmCap {
                    host: host.name.clone(),
                    counted: rights,
                    vms: n,
                    required: Rights(n),
                    rule: rule.clone(),
                });
                rights = Rights(n);
            } else if n > rights.0 {
                needs_sa = true;
                out.applied(&host.name, format!("{n} VMs exceed the {rights} core licences: unlimited VMs need SA on all cores"), &unlimited.rule);
                if let Some(rule) = &unlimited.without_sa_rule {
                    out.applied(
                        &host.name,
                        format!("without SA the host would need {n} core licences, one per VM"),
                        rule,
                    );
                }
            } else if let Some(rule) = &unlimited.without_sa_rule {
                out.applied(
                    &host.name,
                    format!("{n} VM(s) within the {rights} core licences assigned: no SA needed"),
                    rule,
                );
            }
        }
        let item = (
            host.name.clone(),
            rights,
            reached.placement.version.clone(),
            reached.on,
            needs_sa,
            true,
        );
        if is_passive(host.role) {
            passive.push((host.role, item));
        } else {
            primaries.push((host.role, item));
        }
    }
    for placed in footprint
        .vms
        .iter()
        .filter(|p| p.placement.basis == Basis::PerVm)
    {
        let vm = placed.item;
        if dev_test(ctx, table, vm.environment, placed.placement, &vm.name, out) {
            continue;
        }
        let Some(terms) = &table.per_vm else {
            risk(
                findings,
                product,
                &vm.name,
                Risk::PerVmNotOffered,
                &table.rules.packs,
            );
            continue;
        };
        let vcpus = vm.vcpus.get();
        let rights = Rights(u64::from(vcpus.max(terms.min_per_vm)));
        out.counted(
            &vm.name,
            format!(
                "max({vcpus} virtual cores, minimum {} per VM)",
                terms.min_per_vm
            ),
            rights,
            &terms.rule,
        );
        if let (Some(rule), true) = (&terms.min_rule, vcpus < terms.min_per_vm) {
            let note = format!(
                "{vcpus} virtual cores lifted to the minimum of {} per VM",
                terms.min_per_vm
            );
            out.applied(&vm.name, note, rule);
        }
        let version = &placed.placement.version;
        let needs_sa = match (&terms.sa_required_from, version) {
            (Some(from), Some(version)) => !earlier(ctx, product, version, from),
            _ => true,
        };
        if needs_sa {
            out.applied(
                &vm.name,
                "per-VM licensing needs SA or a subscription".into(),
                &terms.sa_rule,
            );
        } else if let Some(rule) = &terms.without_sa_rule {
            out.applied(&vm.name, "this version may be licensed per VM without SA, but without licence mobility: reassign at most every 90 days".into(), rule);
        }
        let item = (
            vm.name.clone(),
            rights,
            version.clone(),
            placed.on,
            needs_sa,
            false,
        );
        if is_passive(vm.role) {
            passive.push((vm.role, item));
        } else {
            primaries.push((vm.role, item));
        }
    }
    // Windows Server on Listed Providers' dedicated hosts: the rights of lines bought before the
    // cut-off date not yet brought by an earlier instance, and the instances they cover.
    let mut byol_left: Option<u64> = None;
    let mut byol = BTreeSet::new();
    for placed in &footprint.instances {
        let instance = placed.item;
        if dev_test(
            ctx,
            table,
            instance.environment,
            placed.placement,
            &instance.name,
            out,
        ) {
            continue;
        }
        let Some(cloud) = &table.cloud else {
            risk(
                findings,
                product,
                &instance.name,
                Risk::LicenceIncluded,
                &table.rules.packs,
            );
            continue;
        };
        let listed = instance.provider.is_listed_provider();
        let licence_included = |out: &mut ProductDemand| {
            out.licence_included.push(LicenceIncluded {
                instance: instance.name.clone(),
                provider: instance.provider,
                vcpus: instance.vcpus.get(),
                on: placed.on,
                rule: cloud.rule.clone(),
            });
        };
        if !cloud.mobility_with_sa && listed && !instance.dedicated_host {
            out.applied(
                &instance.name,
                "shared hardware of a Listed Provider: no bring-your-own-licence, the provider's licence-included price applies".into(),
                &cloud.rule,
            );
            licence_included(out);
            continue;
        }
        let min = table
            .per_vm
            .as_ref()
            .map_or(table.min_per_processor, |t| t.min_per_vm);
        let vcpus = instance.vcpus.get();
        let rights = Rights(u64::from(vcpus.max(min)));
        let cut_off = cloud
            .listed_providers_dedicated_before
            .filter(|_| listed && !cloud.mobility_with_sa);
        if let Some(date) = cut_off {
            let left =
                byol_left.get_or_insert_with(|| bought_before(ctx, product, date, placed.on));
            if rights.0 > *left {
                out.applied(&instance.name, format!("a Listed Provider's dedicated host: bring-your-own-licence only with licences bought before {date}, and {left} such rights are left for the {rights} needed: the provider's licence-included price applies"), &cloud.rule);
                licence_included(out);
                continue;
            }
            out.applied(&instance.name, format!("a Listed Provider's dedicated host: brought with licences bought before {date} ({left} such rights left for the {rights} needed)"), &cloud.rule);
            *left -= rights.0;
            byol.insert(instance.name.clone());
        }
        out.counted(
            &instance.name,
            format!("cloud BYOL per VM: max({vcpus} vCPUs, minimum {min})"),
            rights,
            &cloud.rule,
        );
        let needs_sa = cloud.mobility_with_sa || !listed;
        if needs_sa {
            out.applied(
                &instance.name,
                "licence mobility (or Azure Hybrid Benefit) needs SA or a subscription".into(),
                &cloud.rule,
            );
        }
        let item = (
            instance.name.clone(),
            rights,
            placed.placement.version.clone(),
            placed.on,
            needs_sa,
            false,
        );
        if is_passive(instance.role) {
            passive.push((instance.role, item));
        } else {
            primaries.push((instance.role, item));
        }
    }
    let free = match &table.failover {
        Some(failover) => free_passive(failover, &primaries, &passive, out),
        None => vec![false; passive.len()],
    };
    let any_free = free.contains(&true);
    for (_, (label, rights, version, on, needs_sa, by_host)) in primaries {
        let needs_sa = needs_sa || any_free;
        if by_host {
            out.push_host(ctx, product, &label, rights, (&version, on), needs_sa);
        } else {
            out.push(ctx, product, label, rights, (&version, on), needs_sa);
        }
    }
    for ((_, (label, rights, version, on, needs_sa, by_host)), free) in
        passive.into_iter().zip(free)
    {
        if free {
            continue;
        }
        if by_host {
            out.push_host(ctx, product, &label, rights, (&version, on), needs_sa);
        } else {
            out.push(ctx, product, label, rights, (&version, on), needs_sa);
        }
    }
    // Only lines bought before the cut-off may cover what was brought to a dedicated host.
    let cut_off = table
        .cloud
        .as_ref()
        .and_then(|c| c.listed_providers_dedicated_before);
    for demand in out.demands.iter_mut().filter(|d| byol.contains(&d.label)) {
        demand.bought_before = cut_off;
    }
    if let Some(terms) = &table.per_vm {
        // The VMs licensed per VM, as a set: a scan of every VM for every demand was quadratic
        // on an estate of thousands of VMs.
        let per_vm_names: rustc_hash::FxHashSet<&str> = footprint
            .vms
            .iter()
            .filter(|p| p.placement.basis == Basis::PerVm)
            .map(|p| p.item.name.as_str())
            .collect();
        let per_vm: u64 = out
            .demands
            .iter()
            .filter(|d| per_vm_names.contains(d.label.as_str()))
            .map(|d| d.rights.0)
            .sum();
        let min = u64::from(terms.min_per_customer);
        if per_vm > 0 && per_vm < min {
            let extra = Rights(min - per_vm);
            out.counted(
                "per-VM licences",
                format!("minimum {min} per customer − {per_vm} counted"),
                extra,
                &terms.rule,
            );
            let on = footprint.vms.iter().map(|p| p.on).min().unwrap_or_default();
            out.push(
                ctx,
                product,
                "minimum per customer",
                extra,
                (&None, on),
                true,
            );
        }
    }
}

/// What needs the rights, how many, its version and date, whether it needs SA, and whether it is
/// one physical host's demand (counted by host).
type Item = (
    String,
    Rights,
    Option<String>,
    chrono::NaiveDate,
    bool,
    bool,
);

/// A table row weaker than the vendor's text, used for this footprint's hosts: an assumption.
fn table_confidence(
    ctx: &Context,
    product: &Product,
    table: &PerCoreTable,
    footprint: &Footprint,
    findings: &mut Vec<Finding>,
) {
    let row = ctx.pack.table_row(table);
    if footprint.hosts.is_empty() || row.confidence == crate::rules::Confidence::Vendor {
        return;
    }
    let finding = Finding::TableConfidence {
        product: product.id.clone(),
        table: row.table,
        effective: row.effective,
        source: table.source.clone(),
        confidence: row.confidence,
    };
    if !findings.contains(&finding) {
        findings.push(finding);
    }
}

/// Rights of the lines of the product (or of a higher edition that covers it) bought before
/// `date` and granting rights on `on`: what may be brought to a Listed Provider's dedicated host.
fn bought_before(
    ctx: &Context,
    product: &Product,
    date: chrono::NaiveDate,
    on: chrono::NaiveDate,
) -> u64 {
    let covers = |id: &crate::catalogue::ProductId| {
        *id == product.id
            || ctx
                .pack
                .catalogue
                .get(id)
                .is_some_and(|p| p.down_editions.contains(&product.id))
    };
    ctx.lines
        .iter()
        .filter(|line| covers(&line.product) && line.grants_on(on))
        .filter(|line| line.purchased.is_some_and(|purchased| purchased < date))
        .map(|line| line.rights().0)
        .sum()
}

/// Which passive secondaries (in order) the primaries' fail-over rights cover: each licensed
/// primary brings its allowance of HA and of DR secondaries; the rest are licensed like primaries.
fn free_passive(
    failover: &Failover,
    primaries: &[(Role, Item)],
    passive: &[(Role, Item)],
    out: &mut ProductDemand,
) -> Vec<bool> {
    let licensed = primaries
        .iter()
        .filter(|(role, _)| *role == Role::Primary)
        .count() as u32;
    let (mut ha, mut dr) = (
        licensed * failover.passive_ha_per_primary,
        licensed * failover.passive_dr_per_primary,
    );
    let mut free = Vec::new();
    for (role, (label, ..)) in passive {
        let allowance = if *role == Role::PassiveHa {
            &mut ha
        } else {
            &mut dr
        };
        if *allowance == 0 {
            out.applied(
                label,
                "passive secondary beyond the primaries' fail-over rights: licensed like a primary"
                    .into(),
                &failover.rule,
            );
            free.push(false);
            continue;
        }
        *allowance -= 1;
        free.push(true);
        out.applied(
            label,
            "passive secondary: no licence needed while the primaries have SA".into(),
            &failover.rule,
        );
    }
    for (role, (label, ..)) in primaries {
        if *role == Role::ReadableSecondary {
            out.applied(
                label,
                "readable secondary: licensed like the primary".into(),
                &failover.rule,
            );
        }
    }
    free
}

/// MS-SQL-DEV (Visual Studio): a non-production environment used only by Visual Studio
/// subscribers (every user group of the placement holds subscriptions) needs no licence of its
/// own. Says so and returns true when it applies.
fn dev_test(
    ctx: &Context,
    table: &PerCoreTable,
    environment: Environment,
    placement: &crate::estate::Placement,
    subject: &str,
    out: &mut ProductDemand,
) -> bool {
    let Some(rule) = &table.dev_test else {
        return false;
    };
    let groups: Vec<_> = placement
        .user_groups
        .iter()
        .filter_map(|name| ctx.deployment.user_groups.iter().find(|g| &g.name == name))
        .collect();
    let covered = environment != Environment::Production
        && !groups.is_empty()
        && groups.len() == placement.user_groups.len()
        && groups.iter().all(|g| g.visual_studio);
    if covered {
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        out.applied(subject, format!("{environment:?} use by Visual Studio subscribers only ({}): covered by their subscriptions", names.join(", ")), rule);
    }
    covered
}

/// A host's environment for the product: its own when the product runs on it directly; when it
/// is reached only through VMs, non-production only if every one of them is.
fn host_environment(ctx: &Context, host: &Host, reached: &Reached) -> Environment {
    let mut vms = reached.reasons.iter().map(|reason| match reason {
        Reach::Vm { vm, .. } => ctx
            .deployment
            .vms
            .iter()
            .find(|v| &v.name == vm)
            .map(|v| v.environment),
        _ => Some(host.environment),
    });
    match vms.next().flatten() {
        Some(first) if vms.all(|e| e.is_some_and(|e| e != Environment::Production)) => first,
        _ => Environment::Production,
    }
}

fn is_passive(role: Role) -> bool {
    matches!(role, Role::PassiveHa | Role::PassiveDr)
}

/// Whether `version` is earlier than `from` in the product family's release order.
fn earlier(ctx: &Context, product: &Product, version: &str, from: &str) -> bool {
    let Some(family) = ctx.pack.catalogue.family(&product.family) else {
        return false;
    };
    let index = |name: &str| family.versions.iter().position(|v| v.name == name);
    matches!((index(version), index(from)), (Some(v), Some(f)) if v < f)
}

/// Windows Server Standard: all physical cores once per licensing set; a set covers two OSEs.
pub fn standard(
    ctx: &Context,
    product: &Product,
    table: &PerCoreTable,
    footprint: &Footprint,
    out: &mut ProductDemand,
    findings: &mut Vec<Finding>,
) {
    let Some(stacking) = &table.stacking else {
        return per_core(ctx, product, table, footprint, out, findings);
    };
    table_confidence(ctx, product, table, footprint, findings);
    let row = ctx.pack.table_row(table);
    for (&index, reached) in &footprint.hosts {
        let host = &ctx.deployment.hosts[index];
        let Some((per_server, vms)) = host_cores(ctx, table, &row, host, reached, out) else {
            continue;
        };
        let physical = reached
            .reasons
            .iter()
            .any(|r| !matches!(r, Reach::Vm { .. }));
        let physical_ose = physical && (vms.is_empty() || host.physical_workload);
        let oses = vms.len() as u64 + u64::from(physical_ose);
        let sets = ceil_div(oses, u64::from(stacking.oses_per_set)).max(1);
        let rights = Rights(per_server.0 * sets);
        let physical_text = if physical_ose && !vms.is_empty() {
            " + the physical OSE, which runs more than virtualisation"
        } else {
            ""
        };
        out.counted(
            &host.name,
            format!("{oses} OSE(s) ({} Windows VM(s) that may run here{physical_text}) → max(1, ⌈{oses}/{}⌉) = {sets} licensing set(s) × {per_server}", vms.len(), stacking.oses_per_set),
            rights,
            &stacking.rule,
        );
        if sets == 1 && !vms.is_empty() {
            out.applied(&host.name, format!("one set of all cores covers {} VMs (and the physical OSE when it only hosts them)", stacking.oses_per_set), &stacking.allowance_rule);
        }
        out.push_host(
            ctx,
            product,
            &host.name,
            rights,
            (&reached.placement.version, reached.on),
            false,
        );
    }
    let per_vm = Footprint {
        vms: footprint
            .vms
            .iter()
            .filter(|p| p.placement.basis == Basis::PerVm)
            .cloned()
            .collect(),
        instances: footprint.instances.clone(),
        ..Footprint::default()
    };
    if !per_vm.is_empty() {
        per_core(ctx, product, table, &per_vm, out, findings);
    }
}

/// A host reached by the product: its cores at the table's minimums and the distinct VMs that
/// may run the product there, with the working; `None` when Visual Studio dev/test covers it.
/// `row`: the pack's row of `table` (`RulePack::table_row`).
fn host_cores(
    ctx: &Context,
    table: &PerCoreTable,
    row: &crate::rules::TableRow,
    host: &Host,
    reached: &Reached,
    out: &mut ProductDemand,
) -> Option<(Rights, BTreeSet<String>)> {
    let environment = host_environment(ctx, host, reached);
    if dev_test(ctx, table, environment, reached.placement, &host.name, out) {
        return None;
    }
    scope_step(table, host, reached, out);
    let rights = physical_cores(table, row, host, &mut out.steps);
    Some((rights, vms_reaching(reached)))
}

/// The distinct VMs whose product may run on a host.
fn vms_reaching(reached: &Reached) -> BTreeSet<String> {
    reached
        .reasons
        .iter()
        .filter_map(|reason| match reason {
            Reach::Vm { vm, .. } => Some(vm.clone()),
            _ => None,
        })
        .collect()
}

fn scope_step(table: &PerCoreTable, host: &Host, reached: &Reached, out: &mut ProductDemand) {
    if reached.reasons.iter().any(|reason| *reason != Reach::Host) {
        out.steps.push(Step::Reached {
            host: host.name.clone(),
            reasons: reached.reasons.clone(),
            rule: table.rules.vm_scope.clone(),
        });
    }
}

/// MS-WS-ALLCORES / MS-SQL-PHYS-ALLCORES / VMW-16CORE-MIN with the per-processor and per-server
/// minimums: every physical core, each processor lifted to its minimum, the host lifted to the
/// server minimum.
pub fn physical_cores(
    table: &PerCoreTable,
    row: &crate::rules::TableRow,
    host: &Host,
    steps: &mut Vec<Step>,
) -> Rights {
    let (sockets, cores) = (host.sockets.get(), host.cores_per_socket.get());
    let counted = Rights(u64::from(sockets) * u64::from(cores.max(table.min_per_processor)));
    steps.push(Step::HostCores {
        host: host.name.clone(),
        sockets,
        cores_per_socket: cores,
        min_per_processor: table.min_per_processor,
        counted,
        rules: [
            table.rules.all_cores.clone(),
            table.rules.per_processor.clone(),
        ],
        row: Some(row.clone()),
    });
    let required = counted.max(Rights(u64::from(table.min_per_server)));
    if let Some(rule) = &table.rules.per_server {
        steps.push(Step::ServerMinimum {
            host: host.name.clone(),
            counted,
            min_per_server: table.min_per_server,
            required,
            rule: rule.clone(),
            row: Some(row.clone()),
        });
    }
    required
}
