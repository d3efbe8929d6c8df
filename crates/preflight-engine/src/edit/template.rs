//! Scenarios to start from: an empty one, and common shapes filled in.

use std::num::NonZeroU32;

use crate::catalogue::ProductId;
use crate::estate::{
    CloudInstance, CloudProvider, Cluster, Deployment, Environment, Host, Placement, Role,
    UserGroup,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// Nothing yet: a new scenario.
    Empty,
    /// Three hosts of 2 × 16 cores with hyper-threading, in one vSphere cluster.
    VmwareCluster3,
    /// Four Azure instances of 4 vCPUs running Windows Server Standard.
    AzureWindows4,
    /// One group of 1,000 users with Windows Server user CALs.
    UsersWithCals,
}

impl Template {
    pub const ALL: [Template; 4] = [
        Template::Empty,
        Template::VmwareCluster3,
        Template::AzureWindows4,
        Template::UsersWithCals,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Template::Empty => "Empty scenario",
            Template::VmwareCluster3 => "3-node VMware cluster",
            Template::AzureWindows4 => "Azure: 4 Windows Server VMs",
            Template::UsersWithCals => "1,000 users with CALs",
        }
    }

    /// The deployment the template starts from.
    pub fn deployment(self) -> Deployment {
        let mut deployment = Deployment {
            name: "New scenario".into(),
            ..Deployment::default()
        };
        if self != Template::Empty {
            deployment.name = self.label().into();
        }
        if self == Template::AzureWindows4 {
            let names: Vec<String> = (1..=4).map(|n| format!("azure-win-{n}")).collect();
            deployment.cloud_instances = names
                .iter()
                .map(|name| CloudInstance {
                    name: name.clone(),
                    provider: CloudProvider::Azure,
                    vcpus: NonZeroU32::MIN.saturating_add(3),
                    hyperthreading: true,
                    dedicated_host: false,
                    environment: Environment::Production,
                    role: Role::Primary,
                })
                .collect();
            deployment.placements = vec![Placement {
                instances: names,
                ..Placement::on_hosts(ProductId("ms-windows-server-standard".into()), Vec::new())
            }];
        }
        if self == Template::UsersWithCals {
            deployment.user_groups = vec![UserGroup {
                name: "staff".into(),
                users: 1000,
                devices: 0,
                concurrent: None,
                external: false,
                visual_studio: false,
            }];
            deployment.placements = vec![Placement {
                user_groups: vec!["staff".into()],
                ..Placement::on_hosts(ProductId("ms-windows-server-cal".into()), Vec::new())
            }];
        }
        if self == Template::VmwareCluster3 {
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
