//! Scope: which hosts a placement reaches. A host directly, every host of a cluster, or every host
//! a VM may run on (its host group, else its cluster, else its own host).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::estate::{Basis, CloudInstance, Deployment, Placement, UserGroup, Vm};
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

/// Something a placement names directly, with the placement and the date it is needed from.
#[derive(Clone, Debug)]
pub struct Placed<'a, T> {
    pub item: &'a T,
    pub placement: &'a Placement,
    pub on: NaiveDate,
}

/// Everything one product's placements touch.
#[derive(Clone, Debug, Default)]
pub struct Footprint<'a> {
    /// Hosts reached (by index into `deployment.hosts`, so in deployment order): directly,
    /// through a cluster, or as a host a VM licensed by hosts may run on.
    pub hosts: BTreeMap<usize, Reached<'a>>,
    /// VMs the product is placed on, in placement order, each once.
    pub vms: Vec<Placed<'a, Vm>>,
    pub instances: Vec<Placed<'a, CloudInstance>>,
    pub groups: Vec<Placed<'a, UserGroup>>,
    /// Placements that give a quantity in the product's own unit.
    pub quantities: Vec<Placed<'a, u32>>,
}

impl Footprint<'_> {
    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty()
            && self.vms.is_empty()
            && self.instances.is_empty()
            && self.groups.is_empty()
            && self.quantities.is_empty()
    }
}

/// Per product, what its placements reach. Names that match nothing are findings, never
/// silently dropped.
pub fn reached<'a>(
    deployment: &'a Deployment,
    start: NaiveDate,
    findings: &mut Vec<Finding>,
) -> HashMap<&'a ProductId, Footprint<'a>> {
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
    let mut result: HashMap<&ProductId, Footprint> = HashMap::default();
    for placement in &deployment.placements {
        let footprint = result.entry(&placement.product).or_default();
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
            if !footprint
                .vms
                .iter()
                .any(|placed| placed.item.name == vm.name)
            {
                footprint.vms.push(Placed {
                    item: vm,
                    placement,
                    on,
                });
            }
            if placement.basis == Basis::PerVm {
                continue;
            }
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
        for name in &placement.instances {
            match deployment.cloud_instances.iter().find(|i| &i.name == name) {
                Some(item) => footprint.instances.push(Placed {
                    item,
                    placement,
                    on,
                }),
                None => unknown(TargetKind::Instance, name),
            }
        }
        for name in &placement.user_groups {
            match deployment.user_groups.iter().find(|g| &g.name == name) {
                Some(item) => footprint.groups.push(Placed {
                    item,
                    placement,
                    on,
                }),
                None => unknown(TargetKind::UserGroup, name),
            }
        }
        if let Some(quantity) = &placement.quantity {
            footprint.quantities.push(Placed {
                item: quantity,
                placement,
                on,
            });
        }
        let product = &mut footprint.hosts;
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
pub fn vm_hosts<'a>(
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
