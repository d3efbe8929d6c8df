//! Scenarios to start from: an empty one, and common shapes filled in.

use std::num::NonZeroU32;

use crate::estate::{Cluster, Deployment, Host};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// Nothing yet: a new scenario.
    Empty,
    /// Three hosts of 2 × 16 cores with hyper-threading, in one vSphere cluster.
    VmwareCluster3,
}

impl Template {
    pub const ALL: [Template; 2] = [Template::Empty, Template::VmwareCluster3];

    pub fn label(self) -> &'static str {
        match self {
            Template::Empty => "Empty scenario",
            Template::VmwareCluster3 => "3-node VMware cluster",
        }
    }

    /// The deployment the template starts from.
    pub fn deployment(self) -> Deployment {
        let mut deployment = Deployment {
            name: "New scenario".into(),
            ..Deployment::default()
        };
        if self == Template::VmwareCluster3 {
            deployment.name = self.label().into();
            let (two, sixteen) = (
                NonZeroU32::MIN.saturating_add(1),
                NonZeroU32::MIN.saturating_add(15),
            );
            deployment.hosts = (1..=3)
                .map(|n| Host {
                    threads_per_core: Some(two),
                    ..Host::new(format!("esx-{n:02}"), two, sixteen)
                })
                .collect();
            deployment.clusters = vec![Cluster {
                name: "vsphere-cluster".into(),
                hosts: deployment
                    .hosts
                    .iter()
                    .map(|host| host.name.clone())
                    .collect(),
                host_groups: Vec::new(),
                vcenter: None,
            }];
        }
        deployment
    }
}
