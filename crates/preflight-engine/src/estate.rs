//! The proposed deployment: physical hosts and the products placed on them.

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
}

impl Host {
    /// Physical cores of the whole host.
    pub fn physical_cores(&self) -> u64 {
        u64::from(self.sockets.get()) * u64::from(self.cores_per_socket.get())
    }
}

/// A product licensed on all physical cores of the named hosts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Placement {
    pub product: ProductId,
    pub hosts: Vec<String>,
    /// The version to be deployed, as the catalogue names it; `None` when not yet chosen.
    #[serde(default)]
    pub version: Option<String>,
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
    pub placements: Vec<Placement>,
}

impl Deployment {
    pub fn host(&self, name: &str) -> Option<&Host> {
        self.hosts.iter().find(|host| host.name == name)
    }
}
