//! Editing a deployment as the scenario editor does: hosts and VMs added in bulk from a name
//! pattern, renames that carry every reference along, deletes that clean references up,
//! duplicates, bulk changes of VMs, placements of catalogue products, and templates.
//!
//! Every function checks before it changes anything: on `Err` the deployment is as it was.
//! Names stay unique per kind (host groups per cluster), and every name a cluster, host group,
//! VM or placement holds keeps naming something that exists.

pub mod changes;
pub mod cloud_rates;
mod fields;
mod history;
mod names;
pub mod people;
pub mod settings;
mod template;
#[cfg(test)]
mod tests;

use std::fmt;
use std::num::NonZeroU32;

use chrono::NaiveDate;

pub use fields::{Quantity, parse_date, parse_list, parse_name, parse_optional_text};
pub use history::History;
pub use people::{
    AddInstances, AddUserGroup, InstanceChange, UserGroupChange, add_instances, add_user_group,
    change_instance, change_user_group, delete_instances, delete_user_groups, duplicate_instance,
    rename_instance, rename_user_group,
};
pub use template::Template;

use crate::catalogue::{Catalogue, ProductId};
use crate::estate::{
    Basis, Cluster, Deployment, Environment, Host, HostGroup, Phase, Placement, Role, Vm,
};

/// What a name names, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Host,
    Cluster,
    HostGroup,
    Vm,
    Phase,
    Instance,
    UserGroup,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Host => "host",
            Kind::Cluster => "cluster",
            Kind::HostGroup => "host group",
            Kind::Vm => "VM",
            Kind::Phase => "phase",
            Kind::Instance => "cloud instance",
            Kind::UserGroup => "user group",
        })
    }
}

/// Why an edit was refused. The message is shown next to the field that asked for it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("a name is needed")]
    EmptyName,
    #[error("a name cannot contain a comma (lists of names are separated by commas)")]
    Comma,
    #[error("another {kind} is already named \"{name}\"")]
    Taken { kind: Kind, name: String },
    #[error("no {kind} is named \"{name}\"")]
    Unknown { kind: Kind, name: String },
    #[error("the name pattern needs {{n}} to number several {kind}s")]
    NoNumber { kind: Kind },
    #[error("{what} must be a whole number from 1 to {max}")]
    NotInRange { what: &'static str, max: u32 },
    #[error("max sockets ({max}) cannot be fewer than the occupied sockets ({sockets})")]
    MaxBelowSockets { max: u32, sockets: u32 },
    #[error("\"{0}\" is not a date (YYYY-MM-DD)")]
    NotADate(String),
    #[error("a date is needed")]
    NoDate,
    #[error("the catalogue has no product \"{0}\"")]
    UnknownProduct(ProductId),
    #[error("the catalogue knows no version \"{version}\" of {product}")]
    UnknownVersion { product: ProductId, version: String },
    #[error("the VM's cluster has no host group \"{0}\"")]
    GroupOutsideCluster(String),
    #[error("host \"{host}\" is not in cluster \"{cluster}\"")]
    HostOutsideCluster { host: String, cluster: String },
    #[error("no placement number {0}")]
    NoPlacement(usize),
    #[error("no VM is selected")]
    NothingSelected,
    #[error("{what} must be a whole number from 0 to {max}")]
    NotACount { what: &'static str, max: u32 },
    #[error("\"{0}\" is not a cloud provider Preflight knows")]
    UnknownProvider(String),
    #[error("peak concurrent users ({concurrent}) cannot be more than the users ({users})")]
    ConcurrentAboveUsers { concurrent: u32, users: u32 },
    /// `metric` as the message says it: "per core".
    #[error(
        "{product} is licensed {metric}, not by users or devices: place it on hosts, VMs or cloud instances"
    )]
    NotForPeople { product: String, metric: String },
    #[error("{product} is licensed {metric}: place it on user groups")]
    OnlyForPeople { product: String, metric: String },
    #[error("\"{0}\" is not a currency Preflight knows (an ISO 4217 code such as EUR)")]
    UnknownCurrency(String),
    #[error("a rate converts between two different currencies, not {0} to {0}")]
    SameCurrency(crate::money::Currency),
    #[error("\"{0}\" is not a rate: a number above zero, with \".\" as the decimal point")]
    NotARate(String),
    #[error(
        "say where the rate comes from (e.g. \"ECB reference rate\", or the provider's price page and its date), so it can be checked"
    )]
    NoSource,
    #[error("the rate ends on {to}, before it starts on {from}")]
    EndsBeforeStart { from: NaiveDate, to: NaiveDate },
    #[error("the existing estate has no {kind} named \"{name}\"")]
    NotInEstate { kind: Kind, name: String },
    #[error("host \"{0}\" is already retired")]
    Retired(String),
    #[error("VM \"{0}\" ran on a retired host alone and left with it")]
    LeftWithHost(String),
    #[error("{product} is not placed on host \"{host}\"")]
    NotPlaced { product: ProductId, host: String },
    #[error("no change number {0}")]
    NoChange(usize),
}

/// One named thing of a deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Host(String),
    Cluster(String),
    HostGroup { cluster: String, group: String },
    Vm(String),
    Phase(String),
}

/// Hosts of one shape, added at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddHosts {
    pub count: NonZeroU32,
    /// e.g. `esx-{n}`; see [`names::numbered`].
    pub pattern: String,
    pub sockets: NonZeroU32,
    pub cores_per_socket: NonZeroU32,
    /// A cluster the hosts join, made when no cluster has that name yet.
    pub cluster: Option<String>,
}

/// VMs of one shape, added at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddVms {
    pub count: NonZeroU32,
    pub pattern: String,
    pub vcpus: NonZeroU32,
    /// An existing cluster the VMs run in.
    pub cluster: Option<String>,
    pub environment: Environment,
    pub role: Role,
}

/// One of the deployment's own fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeploymentChange {
    /// Any text, trimmed; a scenario may be unnamed while it is being typed.
    Name(String),
    Start(Option<NaiveDate>),
    LegalEntity(Option<String>),
}

/// One field of a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostChange {
    Sockets(NonZeroU32),
    CoresPerSocket(NonZeroU32),
    MaxSockets(Option<NonZeroU32>),
    Processor(Option<String>),
    ThreadsPerCore(Option<NonZeroU32>),
}

/// One field of one or more VMs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VmChange {
    Vcpus(NonZeroU32),
    /// Moving a VM to another cluster drops a host group or pinned host outside it.
    Cluster(Option<String>),
    HostGroup(Option<String>),
    Host(Option<String>),
    Environment(Environment),
    Role(Role),
}

/// One field of a placement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlacementChange {
    /// Another catalogue product; a version its family does not have is dropped.
    Product(ProductId),
    Hosts(Vec<String>),
    Clusters(Vec<String>),
    Vms(Vec<String>),
    Version(Option<String>),
    Phase(Option<String>),
    /// By the hosts its VMs may run on, or VM by VM (the rule pack says which products allow it).
    Basis(Basis),
    /// Cloud instances that run it: the product must run on machines.
    Instances(Vec<String>),
    /// User groups that use it: the product must be licensed by users or devices.
    UserGroups(Vec<String>),
    /// A quantity in the product's own unit (custom capacity metrics); `None`: not given.
    Quantity(Option<u32>),
}

/// At most this many hosts or VMs are added at once.
fn check_count(count: NonZeroU32) -> Result<(), EditError> {
    match count.get() <= Quantity::Count.max() {
        true => Ok(()),
        false => Err(EditError::NotInRange {
            what: Quantity::Count.label(),
            max: Quantity::Count.max(),
        }),
    }
}

fn unknown(kind: Kind, name: &str) -> EditError {
    EditError::Unknown {
        kind,
        name: name.to_string(),
    }
}

fn host_index(deployment: &Deployment, name: &str) -> Result<usize, EditError> {
    deployment
        .hosts
        .iter()
        .position(|host| host.name == name)
        .ok_or_else(|| unknown(Kind::Host, name))
}

fn cluster_index(deployment: &Deployment, name: &str) -> Result<usize, EditError> {
    deployment
        .clusters
        .iter()
        .position(|cluster| cluster.name == name)
        .ok_or_else(|| unknown(Kind::Cluster, name))
}

fn vm_index(deployment: &Deployment, name: &str) -> Result<usize, EditError> {
    deployment
        .vms
        .iter()
        .position(|vm| vm.name == name)
        .ok_or_else(|| unknown(Kind::Vm, name))
}

fn phase_index(deployment: &Deployment, name: &str) -> Result<usize, EditError> {
    deployment
        .phases
        .iter()
        .position(|phase| phase.name == name)
        .ok_or_else(|| unknown(Kind::Phase, name))
}

fn group_index(cluster: &Cluster, name: &str) -> Result<usize, EditError> {
    cluster
        .host_groups
        .iter()
        .position(|group| group.name == name)
        .ok_or_else(|| unknown(Kind::HostGroup, name))
}

/// Every name in `names` must name a thing of `kind` that `exists`.
fn check_all(kind: Kind, names: &[String], exists: impl Fn(&str) -> bool) -> Result<(), EditError> {
    match names.iter().find(|name| !exists(name)) {
        Some(name) => Err(unknown(kind, name)),
        None => Ok(()),
    }
}

fn replace_name(names: &mut [String], old: &str, new: &str) {
    for name in names.iter_mut().filter(|name| *name == old) {
        *name = new.to_string();
    }
}

fn product_exists(catalogue: &Catalogue, product: &ProductId) -> Result<(), EditError> {
    match catalogue.get(product) {
        Some(_) => Ok(()),
        None => Err(EditError::UnknownProduct(product.clone())),
    }
}

/// Whether a name pattern makes valid names (as typed into an "add" form, before any count).
pub fn check_pattern(pattern: &str) -> Result<(), EditError> {
    names::numbered(Kind::Host, pattern, 1, &|_| false).map(drop)
}

/// Adds `spec.count` hosts named from the pattern; returns their names.
pub fn add_hosts(deployment: &mut Deployment, spec: &AddHosts) -> Result<Vec<String>, EditError> {
    check_count(spec.count)?;
    let cluster = spec.cluster.as_deref().map(parse_name).transpose()?;
    let names = names::numbered(Kind::Host, &spec.pattern, spec.count.get(), &|name| {
        deployment.host(name).is_some()
    })?;
    deployment.hosts.extend(
        names
            .iter()
            .map(|name| Host::new(name.clone(), spec.sockets, spec.cores_per_socket)),
    );
    if let Some(cluster) = cluster {
        let index = match cluster_index(deployment, &cluster) {
            Ok(index) => index,
            Err(_) => {
                deployment.clusters.push(Cluster {
                    name: cluster,
                    hosts: Vec::new(),
                    host_groups: Vec::new(),
                    vcenter: None,
                });
                deployment.clusters.len() - 1
            }
        };
        deployment.clusters[index]
            .hosts
            .extend(names.iter().cloned());
    }
    Ok(names)
}

/// Adds `spec.count` VMs named from the pattern; returns their names.
pub fn add_vms(deployment: &mut Deployment, spec: &AddVms) -> Result<Vec<String>, EditError> {
    check_count(spec.count)?;
    if let Some(cluster) = &spec.cluster {
        cluster_index(deployment, cluster)?;
    }
    let names = names::numbered(Kind::Vm, &spec.pattern, spec.count.get(), &|name| {
        deployment.vms.iter().any(|vm| vm.name == name)
    })?;
    deployment.vms.extend(names.iter().map(|name| Vm {
        name: name.clone(),
        vcpus: spec.vcpus,
        cluster: spec.cluster.clone(),
        host_group: None,
        host: None,
        hard_partitioned: false,
        environment: spec.environment,
        role: spec.role,
    }));
    Ok(names)
}

/// Adds an empty cluster with the next free `cluster-{n}` name; returns it.
pub fn add_cluster(deployment: &mut Deployment) -> String {
    let name = next_numbered(Kind::Cluster, "cluster-{n}", &|name| {
        cluster_index(deployment, name).is_ok()
    });
    deployment.clusters.push(Cluster {
        name: name.clone(),
        hosts: Vec::new(),
        host_groups: Vec::new(),
        vcenter: None,
    });
    name
}

/// Adds an empty host group to a cluster; returns its name.
pub fn add_host_group(deployment: &mut Deployment, cluster: &str) -> Result<String, EditError> {
    let index = cluster_index(deployment, cluster)?;
    let cluster = &mut deployment.clusters[index];
    let name = next_numbered(Kind::HostGroup, "group-{n}", &|name| {
        group_index(cluster, name).is_ok()
    });
    cluster.host_groups.push(HostGroup {
        name: name.clone(),
        hosts: Vec::new(),
    });
    Ok(name)
}

/// Adds a phase starting on `start`; returns its name.
pub fn add_phase(deployment: &mut Deployment, start: NaiveDate) -> String {
    let name = next_numbered(Kind::Phase, "phase-{n}", &|name| {
        phase_index(deployment, name).is_ok()
    });
    deployment.phases.push(Phase {
        name: name.clone(),
        start,
    });
    name
}

/// The first free name of a `{n}` pattern (the pattern is ours, so it cannot fail).
fn next_numbered(kind: Kind, pattern: &str, taken: &dyn Fn(&str) -> bool) -> String {
    names::numbered(kind, pattern, 1, taken)
        .ok()
        .and_then(|names| names.into_iter().next())
        .unwrap_or_else(|| names::next_free(pattern, taken))
}

/// The hosts of a cluster; a host that leaves it leaves its host groups too, and its VMs pinned
/// there are no longer pinned.
pub fn set_cluster_hosts(
    deployment: &mut Deployment,
    cluster: &str,
    hosts: Vec<String>,
) -> Result<(), EditError> {
    let index = cluster_index(deployment, cluster)?;
    check_all(Kind::Host, &hosts, |name| deployment.host(name).is_some())?;
    let cluster = &mut deployment.clusters[index];
    for group in &mut cluster.host_groups {
        group.hosts.retain(|host| hosts.contains(host));
    }
    for vm in deployment.vms.iter_mut().filter(|vm| {
        vm.cluster.as_ref() == Some(&cluster.name)
            && vm.host.as_ref().is_some_and(|host| !hosts.contains(host))
    }) {
        vm.host = None;
    }
    cluster.hosts = hosts;
    Ok(())
}

/// The hosts of a host group: each must be a host of its cluster.
pub fn set_host_group_hosts(
    deployment: &mut Deployment,
    cluster: &str,
    group: &str,
    hosts: Vec<String>,
) -> Result<(), EditError> {
    let index = cluster_index(deployment, cluster)?;
    let cluster = &mut deployment.clusters[index];
    let index = group_index(cluster, group)?;
    if let Some(outside) = hosts.iter().find(|host| !cluster.hosts.contains(host)) {
        return Err(EditError::HostOutsideCluster {
            host: outside.clone(),
            cluster: cluster.name.clone(),
        });
    }
    cluster.host_groups[index].hosts = hosts;
    Ok(())
}

pub fn set_phase_start(
    deployment: &mut Deployment,
    phase: &str,
    start: NaiveDate,
) -> Result<(), EditError> {
    let index = phase_index(deployment, phase)?;
    deployment.phases[index].start = start;
    Ok(())
}

pub fn change_deployment(deployment: &mut Deployment, change: DeploymentChange) {
    match change {
        DeploymentChange::Name(name) => deployment.name = name.trim().to_string(),
        DeploymentChange::Start(start) => deployment.start = start,
        DeploymentChange::LegalEntity(entity) => deployment.legal_entity = entity,
    }
}

pub fn change_host(
    deployment: &mut Deployment,
    host: &str,
    change: HostChange,
) -> Result<(), EditError> {
    let index = host_index(deployment, host)?;
    let host = &mut deployment.hosts[index];
    let (sockets, max) = match &change {
        HostChange::Sockets(sockets) => (*sockets, host.max_sockets),
        HostChange::MaxSockets(max) => (host.sockets, *max),
        _ => (host.sockets, None),
    };
    if let Some(max) = max.filter(|max| *max < sockets) {
        return Err(EditError::MaxBelowSockets {
            max: max.get(),
            sockets: sockets.get(),
        });
    }
    match change {
        HostChange::Sockets(sockets) => host.sockets = sockets,
        HostChange::CoresPerSocket(cores) => host.cores_per_socket = cores,
        HostChange::MaxSockets(max) => host.max_sockets = max,
        HostChange::Processor(processor) => host.processor = processor,
        HostChange::ThreadsPerCore(threads) => host.threads_per_core = threads,
    }
    Ok(())
}

/// Changes one field of every named VM (one VM, or a selection).
pub fn change_vms(
    deployment: &mut Deployment,
    vms: &[String],
    change: VmChange,
) -> Result<(), EditError> {
    if vms.is_empty() {
        return Err(EditError::NothingSelected);
    }
    let indices = vms
        .iter()
        .map(|vm| vm_index(deployment, vm))
        .collect::<Result<Vec<_>, _>>()?;
    // Check against every VM first, so a bulk change applies to all or none.
    for &index in &indices {
        check_vm_change(deployment, &deployment.vms[index], &change)?;
    }
    for index in indices {
        let cluster = match &change {
            VmChange::Cluster(Some(name)) => {
                Some(&deployment.clusters[cluster_index(deployment, name)?])
            }
            _ => None,
        };
        let vm = &mut deployment.vms[index];
        match &change {
            VmChange::Vcpus(vcpus) => vm.vcpus = *vcpus,
            VmChange::Cluster(name) => {
                let keeps = |group: &str| cluster.is_some_and(|c| group_index(c, group).is_ok());
                if !vm.host_group.as_deref().is_some_and(keeps) {
                    vm.host_group = None;
                }
                let holds = |host: &String| cluster.is_none_or(|c| c.hosts.contains(host));
                if !vm.host.as_ref().is_some_and(holds) {
                    vm.host = None;
                }
                vm.cluster = name.clone();
            }
            VmChange::HostGroup(group) => vm.host_group = group.clone(),
            VmChange::Host(host) => vm.host = host.clone(),
            VmChange::Environment(environment) => vm.environment = *environment,
            VmChange::Role(role) => vm.role = *role,
        }
    }
    Ok(())
}

fn check_vm_change(deployment: &Deployment, vm: &Vm, change: &VmChange) -> Result<(), EditError> {
    let cluster_of_vm = || {
        vm.cluster
            .as_deref()
            .and_then(|name| cluster_index(deployment, name).ok())
            .map(|index| &deployment.clusters[index])
    };
    match change {
        VmChange::Cluster(Some(name)) => cluster_index(deployment, name).map(drop),
        VmChange::HostGroup(Some(group)) => match cluster_of_vm() {
            Some(cluster) if group_index(cluster, group).is_ok() => Ok(()),
            _ => Err(EditError::GroupOutsideCluster(group.clone())),
        },
        VmChange::Host(Some(host)) => {
            host_index(deployment, host)?;
            match cluster_of_vm() {
                Some(cluster) if !cluster.hosts.contains(host) => {
                    Err(EditError::HostOutsideCluster {
                        host: host.clone(),
                        cluster: cluster.name.clone(),
                    })
                }
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Renames a host, cluster, host group, VM or phase, and every reference to it.
pub fn rename(deployment: &mut Deployment, target: &Target, to: &str) -> Result<(), EditError> {
    let to = parse_name(to)?;
    let taken = |kind| {
        Err(EditError::Taken {
            kind,
            name: to.clone(),
        })
    };
    match target {
        Target::Host(old) => {
            let index = host_index(deployment, old)?;
            if &to != old && deployment.host(&to).is_some() {
                return taken(Kind::Host);
            }
            deployment.hosts[index].name = to.clone();
            for cluster in &mut deployment.clusters {
                replace_name(&mut cluster.hosts, old, &to);
                for group in &mut cluster.host_groups {
                    replace_name(&mut group.hosts, old, &to);
                }
            }
            for vm in deployment
                .vms
                .iter_mut()
                .filter(|vm| vm.host.as_ref() == Some(old))
            {
                vm.host = Some(to.clone());
            }
            for placement in &mut deployment.placements {
                replace_name(&mut placement.hosts, old, &to);
            }
        }
        Target::Cluster(old) => {
            let index = cluster_index(deployment, old)?;
            if &to != old && cluster_index(deployment, &to).is_ok() {
                return taken(Kind::Cluster);
            }
            deployment.clusters[index].name = to.clone();
            for vm in deployment
                .vms
                .iter_mut()
                .filter(|vm| vm.cluster.as_ref() == Some(old))
            {
                vm.cluster = Some(to.clone());
            }
            for placement in &mut deployment.placements {
                replace_name(&mut placement.clusters, old, &to);
            }
        }
        Target::HostGroup { cluster, group } => {
            let cluster_at = cluster_index(deployment, cluster)?;
            let cluster_ref = &deployment.clusters[cluster_at];
            let index = group_index(cluster_ref, group)?;
            if &to != group && group_index(cluster_ref, &to).is_ok() {
                return taken(Kind::HostGroup);
            }
            deployment.clusters[cluster_at].host_groups[index].name = to.clone();
            for vm in deployment.vms.iter_mut().filter(|vm| {
                vm.cluster.as_ref() == Some(cluster) && vm.host_group.as_ref() == Some(group)
            }) {
                vm.host_group = Some(to.clone());
            }
        }
        Target::Vm(old) => {
            let index = vm_index(deployment, old)?;
            if &to != old && vm_index(deployment, &to).is_ok() {
                return taken(Kind::Vm);
            }
            deployment.vms[index].name = to.clone();
            for placement in &mut deployment.placements {
                replace_name(&mut placement.vms, old, &to);
            }
        }
        Target::Phase(old) => {
            let index = phase_index(deployment, old)?;
            if &to != old && phase_index(deployment, &to).is_ok() {
                return taken(Kind::Phase);
            }
            deployment.phases[index].name = to.clone();
            for placement in &mut deployment.placements {
                if placement.phase.as_ref() == Some(old) {
                    placement.phase = Some(to.clone());
                }
            }
        }
    }
    Ok(())
}

/// Deletes the targets and every reference to them. A placement left with nothing to run on by
/// the delete goes too; one that was empty before (just added) stays.
pub fn delete(deployment: &mut Deployment, targets: &[Target]) -> Result<(), EditError> {
    for target in targets {
        match target {
            Target::Host(name) => host_index(deployment, name).map(drop),
            Target::Cluster(name) => cluster_index(deployment, name).map(drop),
            Target::HostGroup { cluster, group } => cluster_index(deployment, cluster)
                .and_then(|at| group_index(&deployment.clusters[at], group))
                .map(drop),
            Target::Vm(name) => vm_index(deployment, name).map(drop),
            Target::Phase(name) => phase_index(deployment, name).map(drop),
        }?;
    }
    let targeted: Vec<bool> = deployment.placements.iter().map(has_targets).collect();
    for target in targets {
        delete_one(deployment, target);
    }
    let mut targeted = targeted.into_iter();
    deployment
        .placements
        .retain(|placement| !targeted.next().unwrap_or(false) || has_targets(placement));
    Ok(())
}

fn has_targets(placement: &Placement) -> bool {
    !(placement.hosts.is_empty()
        && placement.clusters.is_empty()
        && placement.vms.is_empty()
        && placement.instances.is_empty()
        && placement.user_groups.is_empty())
}

fn delete_one(deployment: &mut Deployment, target: &Target) {
    match target {
        Target::Host(name) => {
            deployment.hosts.retain(|host| &host.name != name);
            for cluster in &mut deployment.clusters {
                cluster.hosts.retain(|host| host != name);
                for group in &mut cluster.host_groups {
                    group.hosts.retain(|host| host != name);
                }
            }
            for vm in deployment
                .vms
                .iter_mut()
                .filter(|vm| vm.host.as_ref() == Some(name))
            {
                vm.host = None;
            }
            for placement in &mut deployment.placements {
                placement.hosts.retain(|host| host != name);
            }
        }
        Target::Cluster(name) => {
            deployment.clusters.retain(|cluster| &cluster.name != name);
            for vm in deployment
                .vms
                .iter_mut()
                .filter(|vm| vm.cluster.as_ref() == Some(name))
            {
                vm.cluster = None;
                vm.host_group = None;
            }
            for placement in &mut deployment.placements {
                placement.clusters.retain(|cluster| cluster != name);
            }
        }
        Target::HostGroup { cluster, group } => {
            for c in deployment
                .clusters
                .iter_mut()
                .filter(|c| &c.name == cluster)
            {
                c.host_groups.retain(|g| &g.name != group);
            }
            for vm in deployment.vms.iter_mut().filter(|vm| {
                vm.cluster.as_ref() == Some(cluster) && vm.host_group.as_ref() == Some(group)
            }) {
                vm.host_group = None;
            }
        }
        Target::Vm(name) => {
            deployment.vms.retain(|vm| &vm.name != name);
            for placement in &mut deployment.placements {
                placement.vms.retain(|vm| vm != name);
            }
        }
        Target::Phase(name) => {
            deployment.phases.retain(|phase| &phase.name != name);
            for placement in &mut deployment.placements {
                if placement.phase.as_ref() == Some(name) {
                    placement.phase = None;
                }
            }
        }
    }
}

/// Adds a copy of a host after it, in the same clusters, host groups and placements; returns
/// the copy's name.
pub fn duplicate_host(deployment: &mut Deployment, host: &str) -> Result<String, EditError> {
    let index = host_index(deployment, host)?;
    let name = names::next_free(host, &|name| deployment.host(name).is_some());
    let mut copy = deployment.hosts[index].clone();
    copy.name = name.clone();
    deployment.hosts.insert(index + 1, copy);
    let with_copy = |names: &mut Vec<String>| {
        if names.iter().any(|n| n == host) {
            names.push(name.clone());
        }
    };
    for cluster in &mut deployment.clusters {
        with_copy(&mut cluster.hosts);
        for group in &mut cluster.host_groups {
            with_copy(&mut group.hosts);
        }
    }
    for placement in &mut deployment.placements {
        with_copy(&mut placement.hosts);
    }
    Ok(name)
}

/// Adds a copy of each named VM after it, running the same products; returns the copies' names.
pub fn duplicate_vms(
    deployment: &mut Deployment,
    vms: &[String],
) -> Result<Vec<String>, EditError> {
    if vms.is_empty() {
        return Err(EditError::NothingSelected);
    }
    check_all(Kind::Vm, vms, |name| vm_index(deployment, name).is_ok())?;
    let mut copies = Vec::new();
    for original in vms {
        let index = vm_index(deployment, original)?;
        let name = names::next_free(original, &|name| vm_index(deployment, name).is_ok());
        let mut copy = deployment.vms[index].clone();
        copy.name = name.clone();
        deployment.vms.insert(index + 1, copy);
        for placement in &mut deployment.placements {
            if placement.vms.contains(original) {
                placement.vms.push(name.clone());
            }
        }
        copies.push(name);
    }
    Ok(copies)
}

/// Adds a placement of a catalogue product on nothing yet; returns its index.
pub fn add_placement(
    deployment: &mut Deployment,
    catalogue: &Catalogue,
    product: &ProductId,
) -> Result<usize, EditError> {
    product_exists(catalogue, product)?;
    deployment
        .placements
        .push(Placement::on_hosts(product.clone(), Vec::new()));
    Ok(deployment.placements.len() - 1)
}

/// Runs a catalogue product on the named VMs: added to the product's first placement that has
/// no version or phase of its own and is licensed by hosts (the default), else a new placement.
pub fn add_product_to_vms(
    deployment: &mut Deployment,
    catalogue: &Catalogue,
    product: &ProductId,
    vms: &[String],
) -> Result<(), EditError> {
    product_exists(catalogue, product)?;
    if vms.is_empty() {
        return Err(EditError::NothingSelected);
    }
    check_all(Kind::Vm, vms, |name| vm_index(deployment, name).is_ok())?;
    let existing = deployment.placements.iter().position(|placement| {
        &placement.product == product
            && placement.version.is_none()
            && placement.phase.is_none()
            && placement.basis == Basis::Hosts
    });
    let index = match existing {
        Some(index) => index,
        None => add_placement(deployment, catalogue, product)?,
    };
    let placement = &mut deployment.placements[index];
    for vm in vms {
        if !placement.vms.contains(vm) {
            placement.vms.push(vm.clone());
        }
    }
    Ok(())
}

pub fn change_placement(
    deployment: &mut Deployment,
    catalogue: &Catalogue,
    index: usize,
    change: PlacementChange,
) -> Result<(), EditError> {
    let product = match deployment.placements.get(index) {
        Some(placement) => placement.product.clone(),
        None => return Err(EditError::NoPlacement(index)),
    };
    let has_version = |product: &ProductId, version: &str| {
        catalogue
            .get(product)
            .and_then(|p| catalogue.family(&p.family))
            .is_some_and(|family| family.versions.iter().any(|v| v.name == version))
    };
    let placed = &deployment.placements[index];
    match &change {
        PlacementChange::Product(product) => {
            product_exists(catalogue, product)?;
            people::check_user_groups(deployment, catalogue, product, &placed.user_groups)?;
            people::check_instances(deployment, catalogue, product, &placed.instances)?;
        }
        PlacementChange::Instances(instances) => {
            people::check_instances(deployment, catalogue, &product, instances)?
        }
        PlacementChange::UserGroups(groups) => {
            people::check_user_groups(deployment, catalogue, &product, groups)?
        }
        PlacementChange::Hosts(hosts) => {
            check_all(Kind::Host, hosts, |name| deployment.host(name).is_some())?
        }
        PlacementChange::Clusters(clusters) => check_all(Kind::Cluster, clusters, |name| {
            cluster_index(deployment, name).is_ok()
        })?,
        PlacementChange::Vms(vms) => {
            check_all(Kind::Vm, vms, |name| vm_index(deployment, name).is_ok())?
        }
        PlacementChange::Version(Some(version)) if !has_version(&product, version) => {
            return Err(EditError::UnknownVersion {
                product,
                version: version.clone(),
            });
        }
        PlacementChange::Phase(Some(phase)) => phase_index(deployment, phase).map(drop)?,
        PlacementChange::Version(_)
        | PlacementChange::Phase(None)
        | PlacementChange::Basis(_)
        | PlacementChange::Quantity(_) => {}
    }
    let placement = &mut deployment.placements[index];
    match change {
        PlacementChange::Product(product) => {
            if let Some(version) = &placement.version
                && !has_version(&product, version)
            {
                placement.version = None;
            }
            placement.product = product;
        }
        PlacementChange::Hosts(hosts) => placement.hosts = hosts,
        PlacementChange::Clusters(clusters) => placement.clusters = clusters,
        PlacementChange::Vms(vms) => placement.vms = vms,
        PlacementChange::Version(version) => placement.version = version,
        PlacementChange::Phase(phase) => placement.phase = phase,
        PlacementChange::Basis(basis) => placement.basis = basis,
        PlacementChange::Instances(instances) => placement.instances = instances,
        PlacementChange::UserGroups(groups) => placement.user_groups = groups,
        PlacementChange::Quantity(quantity) => placement.quantity = quantity,
    }
    Ok(())
}

pub fn remove_placement(deployment: &mut Deployment, index: usize) -> Result<(), EditError> {
    if index >= deployment.placements.len() {
        return Err(EditError::NoPlacement(index));
    }
    deployment.placements.remove(index);
    Ok(())
}
