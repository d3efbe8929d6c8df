//! Changes to the existing estate that a change board is asked for: retire, resize, move a VM,
//! uninstall. Applied to the estate as it is, they give the estate after the project.

use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::estate::Deployment;
use crate::finding::{Finding, TargetKind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// The host leaves the estate, with everything placed on it.
    Retire { host: String },
    /// The host gets other processors.
    Resize {
        host: String,
        sockets: NonZeroU32,
        cores_per_socket: NonZeroU32,
    },
    /// The VM moves to another cluster (and host group), or to a host.
    MoveVm {
        vm: String,
        #[serde(default)]
        cluster: Option<String>,
        #[serde(default)]
        host_group: Option<String>,
        #[serde(default)]
        host: Option<String>,
    },
    /// The product is removed from the host.
    Uninstall { product: ProductId, host: String },
    /// The physical host becomes a VM of the project (physical to virtual): the host leaves the
    /// estate as a retired one does, and the scenario's deployment holds `vm`, which runs what
    /// the host ran (see `edit::changes::p2v`).
    P2v { host: String, vm: String },
}

impl Change {
    /// The host or VM of the existing estate the change is about.
    pub fn subject(&self) -> &str {
        match self {
            Change::Retire { host }
            | Change::Resize { host, .. }
            | Change::Uninstall { host, .. }
            | Change::P2v { host, .. } => host,
            Change::MoveVm { vm, .. } => vm,
        }
    }

    /// Whether the host leaves the existing estate with this change.
    pub fn retires(&self, name: &str) -> bool {
        matches!(self, Change::Retire { host } | Change::P2v { host, .. } if host == name)
    }
}

impl std::fmt::Display for Change {
    /// One plain sentence, product ids as they are (the page names products itself).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Retire { host } => write!(f, "Retire host {host}"),
            Change::Resize {
                host,
                sockets,
                cores_per_socket,
            } => write!(
                f,
                "Resize host {host} to {sockets} × {cores_per_socket} cores"
            ),
            Change::MoveVm {
                vm,
                cluster,
                host_group,
                host,
            } => {
                write!(f, "Move VM {vm} to ")?;
                match (cluster, host_group, host) {
                    (Some(cluster), Some(group), _) => {
                        write!(f, "host group {group} of cluster {cluster}")
                    }
                    (Some(cluster), None, _) => write!(f, "cluster {cluster}"),
                    (None, _, Some(host)) => write!(f, "host {host}"),
                    (None, _, None) => f.write_str("nowhere"),
                }
            }
            Change::Uninstall { product, host } => {
                write!(f, "Uninstall {product} from host {host}")
            }
            Change::P2v { host, vm } => write!(f, "P2V host {host} to VM {vm} of the project"),
        }
    }
}

/// The existing estate with the changes applied, in order. A change naming nothing in the estate
/// is a finding and changes nothing.
pub fn apply(existing: &Deployment, changes: &[Change], findings: &mut Vec<Finding>) -> Deployment {
    let mut estate = existing.clone();
    for change in changes {
        let mut unknown = |target, name: &str| {
            findings.push(Finding::UnknownChangeTarget {
                target,
                name: name.to_string(),
            });
        };
        match change {
            Change::Retire { host } | Change::P2v { host, .. } => {
                if estate.host(host).is_none() {
                    unknown(TargetKind::Host, host);
                    continue;
                }
                estate.hosts.retain(|h| &h.name != host);
                for placement in &mut estate.placements {
                    placement.hosts.retain(|h| h != host);
                }
                for cluster in &mut estate.clusters {
                    cluster.hosts.retain(|h| h != host);
                    for group in &mut cluster.host_groups {
                        group.hosts.retain(|h| h != host);
                    }
                }
                // A VM that ran on the host alone runs nowhere now: it left with the host.
                let gone: Vec<String> = estate
                    .vms
                    .iter()
                    .filter(|vm| vm.cluster.is_none() && vm.host.as_ref() == Some(host))
                    .map(|vm| vm.name.clone())
                    .collect();
                estate.vms.retain(|vm| !gone.contains(&vm.name));
                for placement in &mut estate.placements {
                    placement.vms.retain(|vm| !gone.contains(vm));
                }
            }
            Change::Resize {
                host,
                sockets,
                cores_per_socket,
            } => match estate.hosts.iter_mut().find(|h| &h.name == host) {
                Some(found) => {
                    found.sockets = *sockets;
                    found.cores_per_socket = *cores_per_socket;
                }
                None => unknown(TargetKind::Host, host),
            },
            Change::MoveVm {
                vm,
                cluster,
                host_group,
                host,
            } => match estate.vms.iter_mut().find(|v| &v.name == vm) {
                Some(found) => {
                    found.cluster = cluster.clone();
                    found.host_group = host_group.clone();
                    found.host = host.clone();
                }
                None => unknown(TargetKind::Vm, vm),
            },
            Change::Uninstall { product, host } => {
                let mut removed = false;
                for placement in estate
                    .placements
                    .iter_mut()
                    .filter(|p| &p.product == product)
                {
                    let before = placement.hosts.len();
                    placement.hosts.retain(|h| h != host);
                    removed |= placement.hosts.len() != before;
                }
                if !removed {
                    unknown(TargetKind::Host, host);
                }
            }
        }
    }
    estate
}
