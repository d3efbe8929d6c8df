//! Changes to the existing estate as the scenario editor enters them: retire, resize, move a
//! VM, uninstall a product, and P2V (a physical host of the estate becomes a VM of the
//! project). Each checks the estate as the scenario's earlier changes leave it, so a change
//! never names a host already retired; on `Err` nothing changed.
//!
//! A resize or move of something already resized or moved replaces that change (typing a size
//! is one change, not one per keystroke), and one back to how the estate is today removes it.

use std::num::NonZeroU32;

use super::{EditError, Kind, Target};
use crate::catalogue::ProductId;
use crate::changes::{Change, apply};
use crate::estate::{Deployment, Placement, Vm};
use crate::workbook::Scenario;

/// What a scenario changes and adds: the part of it the editor's undo history keeps (its name
/// and description are renamed outside the history).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub deployment: Deployment,
}

impl Plan {
    pub fn of(scenario: &Scenario) -> Plan {
        Plan {
            changes: scenario.changes.clone(),
            deployment: scenario.deployment.clone(),
        }
    }

    /// Puts the plan back into the scenario, its name and description untouched.
    pub fn put(self, scenario: &mut Scenario) {
        scenario.changes = self.changes;
        scenario.deployment = self.deployment;
    }
}

/// Where a VM runs: a cluster (held to one of its host groups, or not), or one host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Cluster {
        cluster: String,
        group: Option<String>,
    },
    Host(String),
}

impl Place {
    /// The place a VM holds today, if it holds one.
    pub fn of(vm: &Vm) -> Option<Place> {
        match (&vm.cluster, &vm.host) {
            (Some(cluster), _) => Some(Place::Cluster {
                cluster: cluster.clone(),
                group: vm.host_group.clone(),
            }),
            (None, Some(host)) => Some(Place::Host(host.clone())),
            (None, None) => None,
        }
    }

    /// The place as a select's value: `cluster:NAME`, `group:CLUSTER/GROUP` or `host:NAME`.
    pub fn key(&self) -> String {
        match self {
            Place::Cluster {
                cluster,
                group: None,
            } => format!("cluster:{cluster}"),
            Place::Cluster {
                cluster,
                group: Some(group),
            } => format!("group:{cluster}/{group}"),
            Place::Host(host) => format!("host:{host}"),
        }
    }

    /// Reads [`Place::key`]'s text back; `None` for anything else.
    pub fn from_key(key: &str) -> Option<Place> {
        let (kind, name) = key.split_once(':')?;
        match kind {
            "cluster" => Some(Place::Cluster {
                cluster: name.into(),
                group: None,
            }),
            "group" => {
                let (cluster, group) = name.split_once('/')?;
                Some(Place::Cluster {
                    cluster: cluster.into(),
                    group: Some(group.into()),
                })
            }
            "host" => Some(Place::Host(name.into())),
            _ => None,
        }
    }

    /// Every place of an estate, clusters and their host groups first, then hosts.
    pub fn all(estate: &Deployment) -> Vec<Place> {
        let mut places = Vec::new();
        for cluster in &estate.clusters {
            places.push(Place::Cluster {
                cluster: cluster.name.clone(),
                group: None,
            });
            places.extend(cluster.host_groups.iter().map(|group| Place::Cluster {
                cluster: cluster.name.clone(),
                group: Some(group.name.clone()),
            }));
        }
        places.extend(estate.hosts.iter().map(|h| Place::Host(h.name.clone())));
        places
    }

    /// Whether the estate has this place.
    fn check(
        &self,
        estate: &Deployment,
        unknown: fn(Kind, &str) -> EditError,
    ) -> Result<(), EditError> {
        match self {
            Place::Cluster { cluster, group } => {
                let found = estate
                    .clusters
                    .iter()
                    .find(|c| &c.name == cluster)
                    .ok_or_else(|| unknown(Kind::Cluster, cluster))?;
                match group {
                    Some(group) if !found.host_groups.iter().any(|g| &g.name == group) => {
                        Err(EditError::GroupOutsideCluster(group.clone()))
                    }
                    _ => Ok(()),
                }
            }
            Place::Host(host) => match estate.host(host) {
                Some(_) => Ok(()),
                None => Err(unknown(Kind::Host, host)),
            },
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Cluster {
                cluster,
                group: None,
            } => write!(f, "cluster {cluster}"),
            Place::Cluster {
                cluster,
                group: Some(group),
            } => write!(f, "host group {group} of cluster {cluster}"),
            Place::Host(host) => write!(f, "host {host}"),
        }
    }
}

fn not_in_estate(kind: Kind, name: &str) -> EditError {
    EditError::NotInEstate {
        kind,
        name: name.into(),
    }
}

fn unknown(kind: Kind, name: &str) -> EditError {
    EditError::Unknown {
        kind,
        name: name.into(),
    }
}

/// The estate as `changes` leave it (a change naming nothing is a finding of the evaluation,
/// not of this check).
pub fn as_left(existing: &Deployment, changes: &[Change]) -> Deployment {
    apply(existing, changes, &mut Vec::new())
}

/// A host of the existing estate that the changes have not retired.
fn live_host(existing: &Deployment, changes: &[Change], host: &str) -> Result<(), EditError> {
    if existing.host(host).is_none() {
        return Err(not_in_estate(Kind::Host, host));
    }
    if changes.iter().any(|change| change.retires(host)) {
        return Err(EditError::Retired(host.into()));
    }
    Ok(())
}

/// Retires a host of the existing estate: it leaves with what is placed on it (and the VMs
/// that run on it alone).
pub fn retire_host(
    existing: &Deployment,
    changes: &mut Vec<Change>,
    host: &str,
) -> Result<(), EditError> {
    live_host(existing, changes, host)?;
    changes.push(Change::Retire { host: host.into() });
    Ok(())
}

/// Gives a host of the existing estate other processors. A second resize replaces the first;
/// its size today removes it.
pub fn resize_host(
    existing: &Deployment,
    changes: &mut Vec<Change>,
    host: &str,
    sockets: NonZeroU32,
    cores_per_socket: NonZeroU32,
) -> Result<(), EditError> {
    live_host(existing, changes, host)?;
    let today = existing.host(host).map(|h| (h.sockets, h.cores_per_socket));
    let at = changes
        .iter()
        .position(|c| matches!(c, Change::Resize { host: h, .. } if h == host));
    let resize = Change::Resize {
        host: host.into(),
        sockets,
        cores_per_socket,
    };
    match (at, today == Some((sockets, cores_per_socket))) {
        (Some(at), true) => {
            changes.remove(at);
        }
        (Some(at), false) => changes[at] = resize,
        (None, true) => {}
        (None, false) => changes.push(resize),
    }
    Ok(())
}

/// Moves a VM of the existing estate to a cluster, host group or host of the existing estate
/// as the changes leave it. A second move replaces the first; a move back removes it.
pub fn move_vm(
    existing: &Deployment,
    changes: &mut Vec<Change>,
    vm: &str,
    place: Place,
) -> Result<(), EditError> {
    let today = existing
        .vms
        .iter()
        .find(|v| v.name == vm)
        .ok_or_else(|| not_in_estate(Kind::Vm, vm))?;
    let left = as_left(existing, changes);
    if !left.vms.iter().any(|v| v.name == vm) {
        return Err(EditError::LeftWithHost(vm.into()));
    }
    place.check(&left, not_in_estate)?;
    let at = changes
        .iter()
        .position(|c| matches!(c, Change::MoveVm { vm: v, .. } if v == vm));
    let (cluster, host_group, host) = match &place {
        Place::Cluster { cluster, group } => (Some(cluster.clone()), group.clone(), None),
        Place::Host(host) => (None, None, Some(host.clone())),
    };
    let moved = Change::MoveVm {
        vm: vm.into(),
        cluster,
        host_group,
        host,
    };
    match (at, Place::of(today) == Some(place)) {
        (Some(at), true) => {
            changes.remove(at);
        }
        (Some(at), false) => changes[at] = moved,
        (None, true) => {}
        (None, false) => changes.push(moved),
    }
    Ok(())
}

/// The products placed on a host of the existing estate by name (not through a cluster or a
/// VM), in placement order, each once.
pub fn products_on(estate: &Deployment, host: &str) -> Vec<ProductId> {
    let mut products: Vec<ProductId> = Vec::new();
    for placement in &estate.placements {
        if placement.hosts.iter().any(|h| h == host) && !products.contains(&placement.product) {
            products.push(placement.product.clone());
        }
    }
    products
}

/// Removes a product placed on a host of the existing estate.
pub fn uninstall(
    existing: &Deployment,
    changes: &mut Vec<Change>,
    product: &ProductId,
    host: &str,
) -> Result<(), EditError> {
    live_host(existing, changes, host)?;
    if !products_on(&as_left(existing, changes), host).contains(product) {
        return Err(EditError::NotPlaced {
            product: product.clone(),
            host: host.into(),
        });
    }
    changes.push(Change::Uninstall {
        product: product.clone(),
        host: host.into(),
    });
    Ok(())
}

/// P2V: a physical host of the existing estate becomes a VM of the scenario's deployment. The
/// host is retired; the VM, named after it (or the next free name), gets the host's cores as
/// vCPUs (as the changes leave its size), runs in `place` — a cluster, host group or host of
/// the scenario, which must be chosen: a product licensed by hosts needs the hosts the VM may
/// run on — and carries the products placed on the host by name, each in a placement of its
/// own on the VM with the same version. Returns the VM's name.
pub fn p2v(
    existing: &Deployment,
    plan: &mut Plan,
    host: &str,
    place: Place,
) -> Result<String, EditError> {
    live_host(existing, &plan.changes, host)?;
    place.check(&plan.deployment, unknown)?;
    let left = as_left(existing, &plan.changes);
    let Some(physical) = left.host(host) else {
        return Err(not_in_estate(Kind::Host, host));
    };
    let cores = u32::try_from(physical.physical_cores()).unwrap_or(u32::MAX);
    let vcpus = NonZeroU32::new(cores).unwrap_or(NonZeroU32::MIN);
    let taken = |name: &str| plan.deployment.vms.iter().any(|vm| vm.name == name);
    let name = match taken(host) {
        false => host.to_string(),
        true => super::names::next_free(host, &taken),
    };
    let (cluster, host_group, on_host) = match place {
        Place::Cluster { cluster, group } => (Some(cluster), group, None),
        Place::Host(host) => (None, None, Some(host)),
    };
    plan.deployment.vms.push(Vm {
        name: name.clone(),
        vcpus,
        cluster,
        host_group,
        host: on_host,
        hard_partitioned: false,
        environment: physical.environment,
        role: physical.role,
    });
    for placement in left
        .placements
        .iter()
        .filter(|p| p.hosts.iter().any(|h| h == host))
    {
        plan.deployment.placements.push(Placement {
            version: placement.version.clone(),
            basis: placement.basis,
            ..Placement::on_vms(placement.product.clone(), vec![name.clone()])
        });
    }
    plan.changes.push(Change::P2v {
        host: host.into(),
        vm: name.clone(),
    });
    Ok(name)
}

/// Takes one change back. A P2V's VM leaves the deployment with it (with its placements, when
/// the VM was all they ran on).
pub fn remove_change(plan: &mut Plan, index: usize) -> Result<Change, EditError> {
    if index >= plan.changes.len() {
        return Err(EditError::NoChange(index + 1));
    }
    if let Change::P2v { vm, .. } = &plan.changes[index]
        && plan.deployment.vms.iter().any(|v| &v.name == vm)
    {
        super::delete(&mut plan.deployment, &[Target::Vm(vm.clone())])?;
    }
    Ok(plan.changes.remove(index))
}

/// How the scenario leaves a host or VM of the existing estate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Unchanged,
    /// Resized, moved, or a product uninstalled.
    Changed,
    /// Retired (or P2V'd), or a VM that ran on a retired host alone.
    Retired,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::Unchanged => "unchanged",
            Mark::Changed => "changed",
            Mark::Retired => "retired",
        }
    }
}

/// The mark of each host and each VM of the existing estate, in its order.
pub fn marks(existing: &Deployment, changes: &[Change]) -> (Vec<Mark>, Vec<Mark>) {
    let left = as_left(existing, changes);
    let hosts = existing
        .hosts
        .iter()
        .map(|host| {
            let name = host.name.as_str();
            if changes.iter().any(|c| c.retires(name)) {
                Mark::Retired
            } else if changes.iter().any(|c| {
                matches!(c, Change::Resize { .. } | Change::Uninstall { .. }) && c.subject() == name
            }) {
                Mark::Changed
            } else {
                Mark::Unchanged
            }
        })
        .collect();
    let vms = existing
        .vms
        .iter()
        .map(|vm| {
            if !left.vms.iter().any(|v| v.name == vm.name) {
                Mark::Retired
            } else if changes
                .iter()
                .any(|c| matches!(c, Change::MoveVm { vm: v, .. } if v == &vm.name))
            {
                Mark::Changed
            } else {
                Mark::Unchanged
            }
        })
        .collect();
    (hosts, vms)
}
