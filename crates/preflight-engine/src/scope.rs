//! Scope: which hosts a placement reaches. A host directly, every host of a cluster, or every host
//! a VM may run on (its host group, else its cluster, else its own host).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::estate::{Deployment, Placement, Vm};
use crate::finding::{Finding, TargetKind};

/// Why a placed product reaches a host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "via", rename_all = "snake_case")]
pub enum Reach {
    /// Placed on the host itself.
    Host,
    /// Placed on a cluster the host belongs to.
    Cluster { cluster: String },
    /// A VM that runs the product may run on the host.
    Vm { vm: String, scope: VmScope },
}

/// The hosts a VM may run on, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VmScope {
    HostGroup { cluster: String, group: String },
    Cluster { cluster: String },
    Host,
}

/// A host reached by a product: the first placement that reaches it (its version), the earliest
/// date it is needed, and every reason.
#[derive(Clone, Debug)]
pub struct Reached<'a> {
    pub placement: &'a Placement,
    pub on: NaiveDate,
    pub reasons: Vec<Reach>,
}

/// Per product, the hosts its placements reach (by index into `deployment.hosts`, so in
/// deployment order). Names that match nothing are findings, never silently dropped.
pub fn reached<'a>(
    deployment: &'a Deployment,
    start: NaiveDate,
    findings: &mut Vec<Finding>,
) -> HashMap<&'a ProductId, BTreeMap<usize, Reached<'a>>> {
    let host_index: HashMap<&str, usize> = deployment
        .hosts
        .iter()
        .enumerate()
        .map(|(i, host)| (host.name.as_str(), i))
        .collect();
    let vms: HashMap<&str, &Vm> = deployment
        .vms
        .iter()
        .map(|vm| (vm.name.as_str(), vm))
        .collect();
    let mut result: HashMap<&ProductId, BTreeMap<usize, Reached>> = HashMap::new();
    for placement in &deployment.placements {
        let mut unknown = |kind, name: &str| {
            findings.push(Finding::UnknownTarget {
                product: placement.product.clone(),
                target: kind,
                name: name.to_string(),
            })
        };
        let on = match &placement.phase {
            None => start,
            Some(name) => match deployment.phases.iter().find(|phase| &phase.name == name) {
                Some(phase) => phase.start,
                None => {
                    unknown(TargetKind::Phase, name);
                    start
                }
            },
        };
        let mut hits: Vec<(&str, Reach)> = Vec::new();
        for host in &placement.hosts {
            hits.push((host, Reach::Host));
        }
        for name in &placement.clusters {
            match deployment
                .clusters
                .iter()
                .find(|cluster| &cluster.name == name)
            {
                Some(cluster) => hits.extend(cluster.hosts.iter().map(|host| {
                    (
                        host.as_str(),
                        Reach::Cluster {
                            cluster: name.clone(),
                        },
                    )
                })),
                None => unknown(TargetKind::Cluster, name),
            }
        }
        for name in &placement.vms {
            let Some(vm) = vms.get(name.as_str()) else {
                unknown(TargetKind::Vm, name);
                continue;
            };
            match vm_hosts(deployment, vm) {
                Ok((hosts, scope)) => hits.extend(hosts.iter().map(|host| {
                    (
                        host.as_str(),
                        Reach::Vm {
                            vm: name.clone(),
                            scope: scope.clone(),
                        },
                    )
                })),
                Err((kind, missing)) => unknown(kind, &missing),
            }
        }
        let product = result.entry(&placement.product).or_default();
        for (host, reason) in hits {
            let Some(&index) = host_index.get(host) else {
                unknown(TargetKind::Host, host);
                continue;
            };
            let entry = product.entry(index).or_insert_with(|| Reached {
                placement,
                on,
                reasons: Vec::new(),
            });
            entry.on = entry.on.min(on);
            if !entry.reasons.contains(&reason) {
                entry.reasons.push(reason);
            }
        }
    }
    result
}

/// The hosts a VM may run on: its host group, else its cluster, else its own host.
fn vm_hosts<'a>(
    deployment: &'a Deployment,
    vm: &'a Vm,
) -> Result<(&'a [String], VmScope), (TargetKind, String)> {
    if let Some(cluster_name) = &vm.cluster {
        let cluster = deployment
            .clusters
            .iter()
            .find(|cluster| &cluster.name == cluster_name)
            .ok_or((TargetKind::Cluster, cluster_name.clone()))?;
        if let Some(group_name) = &vm.host_group {
            let group = cluster
                .host_groups
                .iter()
                .find(|group| &group.name == group_name)
                .ok_or((
                    TargetKind::HostGroup,
                    format!("{cluster_name}/{group_name}"),
                ))?;
            return Ok((
                &group.hosts,
                VmScope::HostGroup {
                    cluster: cluster_name.clone(),
                    group: group_name.clone(),
                },
            ));
        }
        return Ok((
            &cluster.hosts,
            VmScope::Cluster {
                cluster: cluster_name.clone(),
            },
        ));
    }
    match &vm.host {
        Some(host) => Ok((std::slice::from_ref(host), VmScope::Host)),
        None => Err((TargetKind::Vm, format!("{} (no cluster or host)", vm.name))),
    }
}
