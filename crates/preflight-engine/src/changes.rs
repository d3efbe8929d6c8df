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
            Change::Retire { host } => {
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
