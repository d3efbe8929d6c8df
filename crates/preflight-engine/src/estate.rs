//! The proposed deployment: hosts, clusters, VMs, phases, and the products placed on them.

use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;

/// A physical server. Sockets and cores are at least 1 by construction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Host {
    pub name: String,
    /// Occupied processor sockets.
    pub sockets: NonZeroU32,
    /// Physical cores per processor (hyper-threads are not cores).
    pub cores_per_socket: NonZeroU32,
    /// Sockets the server model can hold (Oracle SE2 counts capacity, not occupied sockets).
    #[serde(default)]
    pub max_sockets: Option<NonZeroU32>,
    /// Processor family or model, e.g. "Intel Xeon Gold 6338" (core factors, PVU ratings).
    #[serde(default)]
    pub processor: Option<String>,
    /// Hardware threads per core (2 with hyper-threading).
    #[serde(default)]
    pub threads_per_core: Option<NonZeroU32>,
    /// The physical OS runs more than hosting and managing VMs (Windows Server counts it as an
    /// OSE of its own then).
    #[serde(default)]
    pub physical_workload: bool,
    /// IBM PVU rating per core when known from IBM's table for this exact model; otherwise it is
    /// looked up from `processor` and the socket tier.
    #[serde(default)]
    pub pvu_per_core: Option<u32>,
    /// The server's role in high availability and disaster recovery when it runs a product
    /// directly (not in VMs).
    #[serde(default)]
    pub role: Role,
    #[serde(default)]
    pub environment: Environment,
}

impl Host {
    /// Physical cores of the whole host.
    pub fn physical_cores(&self) -> u64 {
        u64::from(self.sockets.get()) * u64::from(self.cores_per_socket.get())
    }
}

/// A group of hosts that VMs may move between.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cluster {
    pub name: String,
    pub hosts: Vec<String>,
    /// Affinity rules: named subsets of the cluster's hosts that a VM can be held to.
    #[serde(default)]
    pub host_groups: Vec<HostGroup>,
    /// The vCenter (or other management domain) that manages the cluster: Oracle's soft
    /// partitioning scope can reach every cluster of it.
    #[serde(default)]
    pub vcenter: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HostGroup {
    pub name: String,
    pub hosts: Vec<String>,
}

/// What an environment is for; vendors treat non-production differently (or not at all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Environment {
    #[default]
    Production,
    Development,
    Test,
    Qa,
}

/// A server's role in high availability and disaster recovery.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Primary,
    /// Serves no data, queries or reports while the primary runs.
    PassiveHa,
    PassiveDr,
    /// Serves reads: licensed like the primary.
    ReadableSecondary,
}

/// A virtual machine, where it may run, and what it is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Vm {
    pub name: String,
    /// Virtual cores (vCPUs) allocated to the VM.
    pub vcpus: NonZeroU32,
    /// The cluster it runs in; it may move to any host of it (or of its host group).
    #[serde(default)]
    pub cluster: Option<String>,
    /// An affinity host group of the cluster that holds the VM.
    #[serde(default)]
    pub host_group: Option<String>,
    /// The host it runs on when it is in no cluster (or is pinned there).
    #[serde(default)]
    pub host: Option<String>,
    /// Cores pinned by an approved hard-partitioning technology (Oracle counts only these).
    #[serde(default)]
    pub hard_partitioned: bool,
    #[serde(default)]
    pub environment: Environment,
    #[serde(default)]
    pub role: Role,
}

/// People or devices that use a product: CALs, named users, Oracle NUP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UserGroup {
    pub name: String,
    /// Named people (employees and contractors) in the group.
    #[serde(default)]
    pub users: u32,
    /// Devices (and, for Oracle, non-human operated devices) in the group.
    #[serde(default)]
    pub devices: u32,
    /// Peak concurrent users, for concurrent-user licences.
    #[serde(default)]
    pub concurrent: Option<u32>,
    /// People outside the organisation (Microsoft External Connector territory).
    #[serde(default)]
    pub external: bool,
    /// Every member holds a Visual Studio subscription (Microsoft dev/test use rights).
    #[serde(default)]
    pub visual_studio: bool,
}

/// A public-cloud provider, as licence terms distinguish them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CloudProvider {
    Azure,
    Aws,
    Google,
    Alibaba,
    Other,
}

impl CloudProvider {
    /// Microsoft's Listed Providers (Product Terms, October 2019): AWS, Google, Alibaba.
    pub fn is_listed_provider(self) -> bool {
        matches!(
            self,
            CloudProvider::Aws | CloudProvider::Google | CloudProvider::Alibaba
        )
    }
}

/// A cloud virtual machine instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CloudInstance {
    pub name: String,
    pub provider: CloudProvider,
    pub vcpus: NonZeroU32,
    /// Each vCPU is a hyper-thread (two vCPUs per physical core), as on most instance types.
    #[serde(default = "yes")]
    pub hyperthreading: bool,
    /// Runs on a host dedicated to the customer (e.g. AWS Dedicated Hosts).
    #[serde(default)]
    pub dedicated_host: bool,
    #[serde(default)]
    pub environment: Environment,
    #[serde(default)]
    pub role: Role,
}

fn yes() -> bool {
    true
}

/// How a product on VMs is licensed: by the physical hosts they may run on, or VM by VM.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    #[default]
    Hosts,
    PerVm,
}

/// A stage of the rollout with its go-live date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Phase {
    pub name: String,
    pub start: chrono::NaiveDate,
}

/// A product deployed on hosts, clusters or VMs. Under a physical-cores rule, a VM's product
/// needs every host the VM may run on: its host group, else its cluster, else its host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Placement {
    pub product: ProductId,
    #[serde(default)]
    pub hosts: Vec<String>,
    #[serde(default)]
    pub clusters: Vec<String>,
    #[serde(default)]
    pub vms: Vec<String>,
    /// The version to be deployed, as the catalogue names it; `None` when not yet chosen.
    #[serde(default)]
    pub version: Option<String>,
    /// The phase that deploys it; `None`: the deployment's start.
    #[serde(default)]
    pub phase: Option<String>,
    /// Cloud instances that run it.
    #[serde(default)]
    pub instances: Vec<String>,
    /// User groups that use it (CALs, named users, NUP).
    #[serde(default)]
    pub user_groups: Vec<String>,
    /// By hosts (the default) or per VM, for products that allow both.
    #[serde(default)]
    pub basis: Basis,
    /// A quantity in the product's own unit, for custom capacity metrics.
    #[serde(default)]
    pub quantity: Option<u32>,
}

/// What the project proposes to deploy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Deployment {
    pub name: String,
    /// The legal entity whose entitlements the deployment uses; `None`: any entity's.
    #[serde(default)]
    pub legal_entity: Option<String>,
    /// The day the deployment goes live; `None`: the as-of date.
    #[serde(default)]
    pub start: Option<chrono::NaiveDate>,
    pub hosts: Vec<Host>,
    #[serde(default)]
    pub clusters: Vec<Cluster>,
    #[serde(default)]
    pub vms: Vec<Vm>,
    #[serde(default)]
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub cloud_instances: Vec<CloudInstance>,
    #[serde(default)]
    pub user_groups: Vec<UserGroup>,
    pub placements: Vec<Placement>,
}

impl Deployment {
    pub fn host(&self, name: &str) -> Option<&Host> {
        self.hosts.iter().find(|host| host.name == name)
    }
}

impl Host {
    /// A host with the given shape and nothing else known.
    pub fn new(name: impl Into<String>, sockets: NonZeroU32, cores_per_socket: NonZeroU32) -> Host {
        Host {
            name: name.into(),
            sockets,
            cores_per_socket,
            max_sockets: None,
            processor: None,
            threads_per_core: None,
            physical_workload: false,
            pvu_per_core: None,
            role: Role::Primary,
            environment: Environment::Production,
        }
    }
}

impl Placement {
    /// A product on the named hosts.
    pub fn on_hosts(product: ProductId, hosts: Vec<String>) -> Placement {
        Placement {
            product,
            hosts,
            clusters: Vec::new(),
            vms: Vec::new(),
            version: None,
            phase: None,
            instances: Vec::new(),
            user_groups: Vec::new(),
            basis: Basis::Hosts,
            quantity: None,
        }
    }

    /// A product on the named VMs.
    pub fn on_vms(product: ProductId, vms: Vec<String>) -> Placement {
        Placement {
            vms,
            ..Placement::on_hosts(product, Vec::new())
        }
    }
}
