//! Inventories and architects' server lists: hosts (sockets, cores, processor) and VMs (vCPUs,
//! cluster, host) read into the engine's `Host`, `Vm` and `Cluster`, as a proposed design whose
//! products are placed afterwards.

use std::collections::BTreeMap;
use std::num::NonZeroU32;

use preflight_engine::text::normalise;
use preflight_engine::{Cluster, Deployment, Environment, Host, Role, Vm};
use serde::{Deserialize, Serialize};

use crate::columns::{Column, Columns, Needs, find_header};
use crate::diagnostic::{ImportError, Imported, Level};
use crate::entitlements::Options;
use crate::header::ColumnAnswers;
use crate::read::read_table;
use crate::records::{Cells, RecordKind, read_records};
use crate::report::RowState;
use crate::value::parse_count;

/// A server list's canonical columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InventoryColumn {
    Name,
    /// Host or VM; without it, the row's figures decide.
    Type,
    Sockets,
    CoresPerSocket,
    /// Physical cores of the whole host.
    Cores,
    Processor,
    ThreadsPerCore,
    Vcpus,
    Cluster,
    /// The host a VM runs on.
    Host,
}

impl Column for InventoryColumn {
    const KIND: &'static str = "inventory";

    const ALL: &'static [InventoryColumn] = &[
        InventoryColumn::Name,
        InventoryColumn::Type,
        InventoryColumn::Sockets,
        InventoryColumn::CoresPerSocket,
        InventoryColumn::Cores,
        InventoryColumn::Processor,
        InventoryColumn::ThreadsPerCore,
        InventoryColumn::Vcpus,
        InventoryColumn::Cluster,
        InventoryColumn::Host,
    ];

    fn name(self) -> &'static str {
        match self {
            InventoryColumn::Name => "Name",
            InventoryColumn::Type => "Type",
            InventoryColumn::Sockets => "Sockets",
            InventoryColumn::CoresPerSocket => "Cores per socket",
            InventoryColumn::Cores => "Cores",
            InventoryColumn::Processor => "Processor",
            InventoryColumn::ThreadsPerCore => "Threads per core",
            InventoryColumn::Vcpus => "vCPUs",
            InventoryColumn::Cluster => "Cluster",
            InventoryColumn::Host => "Host",
        }
    }

    /// Spellings from architects' sheets, CMDB exports and RVTools' vInfo tab ("VM", "CPUs").
    fn aliases(self) -> &'static [&'static str] {
        match self {
            InventoryColumn::Name => &[
                "server",
                "server name",
                "hostname",
                "host name",
                "computer name",
                "machine",
                "vm",
                "vm name",
            ],
            InventoryColumn::Type => &["server type", "machine type", "kind", "physical virtual"],
            InventoryColumn::Sockets => &[
                "cpu sockets",
                "processors",
                "physical processors",
                "processor count",
                "cpu count",
                "cpu",
            ],
            InventoryColumn::CoresPerSocket => &["cores per processor", "cores per cpu"],
            InventoryColumn::Cores => &[
                "total cores",
                "physical cores",
                "core count",
                "number of cores",
            ],
            InventoryColumn::Processor => {
                &["cpu model", "processor model", "cpu type", "processor type"]
            }
            InventoryColumn::ThreadsPerCore => &["threads per cpu core"],
            InventoryColumn::Vcpus => &["vcpu", "virtual cpus", "virtual cores", "cpus", "num cpu"],
            InventoryColumn::Cluster => &["cluster name", "vsphere cluster", "failover cluster"],
            InventoryColumn::Host => &[
                "esx host",
                "esxi host",
                "physical host",
                "runs on",
                "vm host",
            ],
        }
    }
}

/// One imported server list: the estate it describes, as a deployment with no products yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inventory {
    pub file: String,
    pub sha256: String,
    pub deployment: Deployment,
}

/// One row: a host or a VM, validated cell by cell, not yet cross-checked.
pub enum Machine {
    Host { host: Host, cluster: Option<String> },
    Vm(Vm),
}

impl Machine {
    fn name(&self) -> &str {
        match self {
            Machine::Host { host, .. } => &host.name,
            Machine::Vm(vm) => &vm.name,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Host,
    Vm,
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    match normalise(text).as_str() {
        "host" | "physical" | "physical server" | "server" | "hypervisor" | "esxi" | "esx"
        | "bare metal" => Ok(Kind::Host),
        "vm" | "virtual" | "virtual machine" | "virtual server" | "guest" => Ok(Kind::Vm),
        _ => Err(format!(
            "{text:?} is neither a host (physical) nor a VM (virtual)"
        )),
    }
}

fn non_zero(text: &str) -> Result<NonZeroU32, String> {
    NonZeroU32::new(parse_count(text)?).ok_or_else(|| format!("{text:?} must be at least 1"))
}

impl RecordKind for Machine {
    type Column = InventoryColumn;
    type Record = Machine;

    const NEEDS: Needs<InventoryColumn> = Needs {
        all: &[InventoryColumn::Name],
        any_of: &[&[
            InventoryColumn::Sockets,
            InventoryColumn::CoresPerSocket,
            InventoryColumn::Cores,
            InventoryColumn::Vcpus,
        ]],
    };

    const DATES: &'static [InventoryColumn] = &[];

    fn file_notes(columns: &Columns<InventoryColumn>, _options: &Options) -> Vec<String> {
        let mut notes = Vec::new();
        if !columns.has(InventoryColumn::Type) {
            notes.push(
                "no type column: rows with sockets or cores are hosts, rows with vCPUs are VMs"
                    .into(),
            );
        }
        notes
    }

    fn read_row(cells: &mut Cells<'_, InventoryColumn>) -> Option<Machine> {
        use InventoryColumn as C;
        let name = cells.required(C::Name, "no name given", |t| Ok(t.to_string()));
        let given = cells.optional(C::Type, parse_kind);
        let physical = [C::Sockets, C::CoresPerSocket, C::Cores]
            .into_iter()
            .any(|c| !cells.text(c).is_empty());
        let virtual_ = !cells.text(C::Vcpus).is_empty();
        let kind = match (given, physical, virtual_) {
            (Some(kind), ..) => kind,
            (None, true, false) => Kind::Host,
            (None, false, true) => Kind::Vm,
            (None, true, true) => {
                let message = "the row gives both vCPUs and sockets or cores: say in a Type \
                               column whether it is a host or a VM"
                    .to_string();
                cells.fail(RowState::Rejected, None, message);
                return None;
            }
            (None, false, false) => {
                let message = "no sockets, cores or vCPUs: the row is incomplete and not \
                               counted"
                    .to_string();
                cells.fail(RowState::Incomplete, None, message);
                return None;
            }
        };
        let text =
            |cells: &Cells<'_, C>, column| Some(cells.text(column)).filter(|t| !t.is_empty());
        let machine = match kind {
            Kind::Host => {
                let sockets = cells.required(
                    C::Sockets,
                    "a host needs its sockets (per-core rules count per processor)",
                    non_zero,
                );
                let per_socket = cells.optional(C::CoresPerSocket, non_zero);
                let total = cells.optional(C::Cores, non_zero);
                let threads = cells.optional(C::ThreadsPerCore, non_zero);
                let cores_per_socket = match (sockets, per_socket, total) {
                    (Some(sockets), Some(per), Some(total)) => {
                        if u64::from(sockets.get()) * u64::from(per.get()) != u64::from(total.get())
                        {
                            let message = format!(
                                "{sockets} socket(s) × {per} cores is not the {total} cores \
                                 given: not imported; correct one of them"
                            );
                            cells.fail(RowState::Rejected, Some(C::Cores), message);
                        }
                        Some(per)
                    }
                    (_, Some(per), _) => Some(per),
                    (Some(sockets), None, Some(total)) => {
                        if total.get() % sockets.get() != 0 {
                            let message = format!(
                                "{total} cores over {sockets} socket(s) is not a whole number \
                                 per socket: not imported; give cores per socket"
                            );
                            cells.fail(RowState::Rejected, Some(C::Cores), message);
                        }
                        NonZeroU32::new(total.get() / sockets.get())
                    }
                    (None, None, Some(_)) => None,
                    (_, None, None) => {
                        let message = "a host needs its cores (per socket, or in all): the row \
                                       is incomplete and not counted"
                            .to_string();
                        cells.fail(RowState::Incomplete, Some(C::Cores), message);
                        None
                    }
                };
                if cells.failed() {
                    return None;
                }
                let mut host = Host::new(name?, sockets?, cores_per_socket?);
                host.processor = text(cells, C::Processor);
                host.threads_per_core = threads;
                Machine::Host {
                    host,
                    cluster: text(cells, C::Cluster),
                }
            }
            Kind::Vm => {
                let vcpus = cells.required(C::Vcpus, "a VM needs its vCPUs", non_zero);
                if cells.failed() {
                    return None;
                }
                Machine::Vm(Vm {
                    name: name?,
                    vcpus: vcpus?,
                    cluster: text(cells, C::Cluster),
                    host_group: None,
                    host: text(cells, C::Host),
                    hard_partitioned: false,
                    environment: Environment::default(),
                    role: Role::default(),
                })
            }
        };
        Some(machine)
    }
}

/// Reads a server list of any supported format into a deployment of its hosts, clusters (from
/// the hosts' cluster column) and VMs. Names must be unique; a VM's cluster or host that the
/// list does not hold is reported, since its products could reach no host.
pub fn read_inventory(
    file: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<Imported<Inventory>, ImportError> {
    let table = read_table(file, bytes, options, |table| {
        find_header(
            &table.rows,
            &Machine::NEEDS,
            &ColumnAnswers::new(&options.columns),
        )
        .is_ok()
    })?;
    let mut read = read_records::<Machine>(file, &table, options)?;
    let mut deployment = Deployment {
        name: file.into(),
        ..Deployment::default()
    };
    let mut rows_of: BTreeMap<String, u32> = BTreeMap::new();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut vms = Vec::new();
    for (index, machine) in std::mem::take(&mut read.records) {
        let row = read.outcomes[index].row;
        if let Some(first) = rows_of.get(machine.name()) {
            let message = format!(
                "{:?} is already on row {first}: a name names one machine; not imported",
                machine.name()
            );
            let column = Some(InventoryColumn::Name);
            read.report(Level::Error, Some(row), column, message.clone());
            read.settle(index, RowState::Rejected, message);
            continue;
        }
        rows_of.insert(machine.name().to_string(), row);
        match machine {
            Machine::Host { host, cluster } => {
                let reason = format!(
                    "host: {} × {} cores{}",
                    host.sockets,
                    host.cores_per_socket,
                    cluster
                        .as_ref()
                        .map(|c| format!(", cluster {c}"))
                        .unwrap_or_default()
                );
                read.settle(index, RowState::Accepted, reason);
                if let Some(cluster) = cluster {
                    match clusters.iter_mut().find(|c| c.name == cluster) {
                        Some(found) => found.hosts.push(host.name.clone()),
                        None => clusters.push(Cluster {
                            name: cluster,
                            hosts: vec![host.name.clone()],
                            host_groups: Vec::new(),
                            vcenter: None,
                        }),
                    }
                }
                deployment.hosts.push(host);
            }
            Machine::Vm(vm) => {
                read.settle(index, RowState::Accepted, format!("VM: {} vCPUs", vm.vcpus));
                vms.push((row, vm));
            }
        }
    }
    // VMs are checked once every host and cluster is known: a list need not put hosts first.
    for (row, vm) in vms {
        if let Some(cluster) = &vm.cluster
            && !clusters.iter().any(|c| &c.name == cluster)
        {
            let message = format!(
                "cluster {cluster:?} has no host in this list: the VM's products reach no host \
                 until its hosts are added"
            );
            let column = Some(InventoryColumn::Cluster);
            read.report(Level::Warning, Some(row), column, message);
        } else if vm.cluster.is_none()
            && let Some(host) = &vm.host
            && deployment.host(host).is_none()
        {
            let message = format!(
                "host {host:?} is not in this list: the VM's products reach no host until it is \
                 added"
            );
            let column = Some(InventoryColumn::Host);
            read.report(Level::Warning, Some(row), column, message);
        }
        deployment.vms.push(vm);
    }
    deployment.clusters = clusters;
    Ok(read.finish(Inventory {
        file: file.into(),
        sha256: options.digest.of(bytes),
        deployment,
    }))
}
