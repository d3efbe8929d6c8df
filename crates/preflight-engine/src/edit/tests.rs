//! The editor's operations: names stay unique, references stay whole, and a refused edit
//! changes nothing.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::rules::RulePack;

fn n(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value).unwrap()
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|name| name.to_string()).collect()
}

fn sql() -> ProductId {
    ProductId("ms-sql-server-enterprise".into())
}

fn windows() -> ProductId {
    ProductId("ms-windows-server-datacenter".into())
}

fn catalogue() -> Catalogue {
    RulePack::builtin().catalogue
}

fn vm(name: &str, cluster: Option<&str>, group: Option<&str>, host: Option<&str>) -> Vm {
    Vm {
        name: name.into(),
        vcpus: n(4),
        cluster: cluster.map(Into::into),
        host_group: group.map(Into::into),
        host: host.map(Into::into),
        hard_partitioned: false,
        environment: Environment::Production,
        role: Role::Primary,
    }
}

/// h1, h2 in cluster c1 (h1 also in host group g1), h3 alone; v1 in g1, v2 in c1, v3 on h3;
/// Windows Server on c1, SQL Server on v1, and SQL Server on h3 in phase p1.
fn estate() -> Deployment {
    Deployment {
        name: "test".into(),
        hosts: ["h1", "h2", "h3"]
            .map(|name| Host::new(name, n(2), n(16)))
            .to_vec(),
        clusters: vec![Cluster {
            name: "c1".into(),
            hosts: names(&["h1", "h2"]),
            host_groups: vec![HostGroup {
                name: "g1".into(),
                hosts: names(&["h1"]),
            }],
            vcenter: None,
        }],
        vms: vec![
            vm("v1", Some("c1"), Some("g1"), None),
            vm("v2", Some("c1"), None, None),
            vm("v3", None, None, Some("h3")),
        ],
        phases: vec![Phase {
            name: "p1".into(),
            start: NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(),
        }],
        placements: vec![
            Placement {
                clusters: names(&["c1"]),
                ..Placement::on_hosts(windows(), Vec::new())
            },
            Placement {
                vms: names(&["v1"]),
                ..Placement::on_hosts(sql(), Vec::new())
            },
            Placement {
                phase: Some("p1".into()),
                ..Placement::on_hosts(sql(), names(&["h3"]))
            },
        ],
        ..Deployment::default()
    }
}

/// Every name unique within its kind and every reference naming something that exists.
pub(super) fn assert_consistent(deployment: &Deployment) {
    fn unique<'a>(kind: &str, names: impl Iterator<Item = &'a String>) {
        let mut seen = std::collections::HashSet::new();
        for name in names {
            assert!(seen.insert(name), "two {kind}s named {name}");
        }
    }
    let host = |name: &String| deployment.host(name).is_some();
    let cluster = |name: &String| deployment.clusters.iter().find(|c| &c.name == name);
    unique("host", deployment.hosts.iter().map(|h| &h.name));
    unique("cluster", deployment.clusters.iter().map(|c| &c.name));
    unique("VM", deployment.vms.iter().map(|v| &v.name));
    unique("phase", deployment.phases.iter().map(|p| &p.name));
    for c in &deployment.clusters {
        unique("host group", c.host_groups.iter().map(|g| &g.name));
        assert!(c.hosts.iter().all(host), "{c:?}");
        for group in &c.host_groups {
            assert!(group.hosts.iter().all(|h| c.hosts.contains(h)), "{group:?}");
        }
    }
    for vm in &deployment.vms {
        let in_cluster = vm
            .cluster
            .as_ref()
            .map(|name| cluster(name).expect("VM's cluster"));
        if let Some(group) = &vm.host_group {
            assert!(in_cluster.is_some_and(|c| c.host_groups.iter().any(|g| &g.name == group)));
        }
        if let Some(h) = &vm.host {
            assert!(host(h));
            assert!(in_cluster.is_none_or(|c| c.hosts.contains(h)), "{vm:?}");
        }
    }
    for placement in &deployment.placements {
        assert!(placement.hosts.iter().all(host), "{placement:?}");
        assert!(placement.clusters.iter().all(|c| cluster(c).is_some()));
        assert!(
            placement
                .vms
                .iter()
                .all(|v| deployment.vms.iter().any(|vm| &vm.name == v))
        );
        if let Some(phase) = &placement.phase {
            assert!(deployment.phases.iter().any(|p| &p.name == phase));
        }
        let instance = |name: &String| deployment.cloud_instances.iter().any(|i| &i.name == name);
        let group = |name: &String| deployment.user_groups.iter().any(|g| &g.name == name);
        assert!(placement.instances.iter().all(instance), "{placement:?}");
        assert!(placement.user_groups.iter().all(group), "{placement:?}");
    }
    unique(
        "instance",
        deployment.cloud_instances.iter().map(|i| &i.name),
    );
    unique("user group", deployment.user_groups.iter().map(|g| &g.name));
}

/// Runs an edit that must be refused: the error is `expect` and the deployment is unchanged.
fn refused<T: std::fmt::Debug>(
    edit: impl FnOnce(&mut Deployment) -> Result<T, EditError>,
    expect: EditError,
) {
    let mut deployment = estate();
    assert_eq!(edit(&mut deployment).unwrap_err(), expect);
    assert_eq!(
        deployment,
        estate(),
        "a refused edit changed the deployment"
    );
}

/// Runs an edit that must succeed and leave the deployment consistent.
fn edited<T: std::fmt::Debug>(
    edit: impl FnOnce(&mut Deployment) -> Result<T, EditError>,
) -> (Deployment, T) {
    let mut deployment = estate();
    let value = edit(&mut deployment).unwrap();
    assert_consistent(&deployment);
    (deployment, value)
}

fn hosts_spec(count: u32, pattern: &str, cluster: Option<&str>) -> AddHosts {
    AddHosts {
        count: n(count),
        pattern: pattern.into(),
        sockets: n(2),
        cores_per_socket: n(16),
        cluster: cluster.map(Into::into),
    }
}

#[test]
fn the_fixture_is_consistent() {
    assert_consistent(&estate());
}

#[test]
fn hosts_are_added_with_free_names_into_a_new_or_existing_cluster() {
    let (deployment, added) = edited(|d| add_hosts(d, &hosts_spec(2, "h{n}", Some("c1"))));
    assert_eq!(added, ["h4", "h5"]);
    assert_eq!(deployment.clusters[0].hosts, ["h1", "h2", "h4", "h5"]);
    let (deployment, _) = edited(|d| add_hosts(d, &hosts_spec(1, "esx-{nn}", Some(" new "))));
    assert_eq!(deployment.clusters[1].name, "new");
    assert_eq!(deployment.clusters[1].hosts, ["esx-01"]);
    assert_eq!(deployment.hosts[3].physical_cores(), 32);
    refused(
        |d| add_hosts(d, &hosts_spec(2, "web", None)),
        EditError::NoNumber { kind: Kind::Host },
    );
    refused(
        |d| add_hosts(d, &hosts_spec(1, "h1", None)),
        EditError::Taken {
            kind: Kind::Host,
            name: "h1".into(),
        },
    );
    refused(
        |d| add_hosts(d, &hosts_spec(501, "h{n}", None)),
        EditError::NotInRange {
            what: "how many",
            max: 500,
        },
    );
    refused(
        |d| add_hosts(d, &hosts_spec(1, "x{n}", Some("a,b"))),
        EditError::Comma,
    );
}

#[test]
fn vms_are_added_into_an_existing_cluster_only() {
    let spec = |cluster: Option<&str>| AddVms {
        count: n(3),
        pattern: "v{n}".into(),
        vcpus: n(8),
        cluster: cluster.map(Into::into),
        environment: Environment::Test,
        role: Role::Primary,
    };
    let (deployment, added) = edited(|d| add_vms(d, &spec(Some("c1"))));
    assert_eq!(added, ["v4", "v5", "v6"]);
    let v6 = &deployment.vms[5];
    assert_eq!((v6.vcpus.get(), v6.cluster.as_deref()), (8, Some("c1")));
    assert_eq!(v6.environment, Environment::Test);
    refused(
        |d| add_vms(d, &spec(Some("nope"))),
        EditError::Unknown {
            kind: Kind::Cluster,
            name: "nope".into(),
        },
    );
}

#[test]
fn renaming_carries_every_reference_along() {
    let (d, ()) = edited(|d| rename(d, &Target::Host("h1".into()), " x "));
    assert_eq!(d.hosts[0].name, "x");
    assert_eq!(d.clusters[0].hosts, ["x", "h2"]);
    assert_eq!(d.clusters[0].host_groups[0].hosts, ["x"]);
    let (d, ()) = edited(|d| rename(d, &Target::Host("h3".into()), "y"));
    assert_eq!(d.vms[2].host.as_deref(), Some("y"));
    assert_eq!(d.placements[2].hosts, ["y"]);

    let (d, ()) = edited(|d| rename(d, &Target::Cluster("c1".into()), "prod"));
    assert_eq!(d.vms[0].cluster.as_deref(), Some("prod"));
    assert_eq!(d.placements[0].clusters, ["prod"]);

    let group = Target::HostGroup {
        cluster: "c1".into(),
        group: "g1".into(),
    };
    let (d, ()) = edited(|d| rename(d, &group, "pinned"));
    assert_eq!(d.clusters[0].host_groups[0].name, "pinned");
    assert_eq!(d.vms[0].host_group.as_deref(), Some("pinned"));

    let (d, ()) = edited(|d| rename(d, &Target::Vm("v1".into()), "db-1"));
    assert_eq!(d.placements[1].vms, ["db-1"]);
    let (d, ()) = edited(|d| rename(d, &Target::Phase("p1".into()), "wave 2"));
    assert_eq!(d.placements[2].phase.as_deref(), Some("wave 2"));

    // The same name again is no change; a taken, empty or unknown one is refused.
    let (d, ()) = edited(|d| rename(d, &Target::Vm("v1".into()), "v1"));
    assert_eq!(d, estate());
    refused(
        |d| rename(d, &Target::Host("h1".into()), "h2"),
        EditError::Taken {
            kind: Kind::Host,
            name: "h2".into(),
        },
    );
    refused(
        |d| rename(d, &Target::Vm("v1".into()), "  "),
        EditError::EmptyName,
    );
    refused(
        |d| rename(d, &Target::Phase("p9".into()), "x"),
        EditError::Unknown {
            kind: Kind::Phase,
            name: "p9".into(),
        },
    );
}

#[test]
fn deleting_cleans_references_and_drops_placements_left_with_nothing() {
    let (d, ()) = edited(|d| delete(d, &[Target::Host("h1".into())]));
    assert_eq!(d.clusters[0].hosts, ["h2"]);
    assert!(d.clusters[0].host_groups[0].hosts.is_empty());
    assert_eq!(d.placements.len(), 3);

    // h3 carried the phased SQL placement alone, and v3 was pinned to it.
    let (d, ()) = edited(|d| delete(d, &[Target::Host("h3".into())]));
    assert_eq!(d.placements.len(), 2);
    assert_eq!(d.vms[2].host, None);

    let (d, ()) = edited(|d| delete(d, &[Target::Cluster("c1".into())]));
    assert_eq!(
        (d.vms[0].cluster.clone(), d.vms[0].host_group.clone()),
        (None, None)
    );
    assert_eq!(d.placements.len(), 2, "Windows Server ran on c1 only");

    let group = Target::HostGroup {
        cluster: "c1".into(),
        group: "g1".into(),
    };
    let (d, ()) = edited(|d| delete(d, &[group]));
    assert_eq!(d.vms[0].host_group, None);
    assert_eq!(d.vms[0].cluster.as_deref(), Some("c1"));

    let (d, ()) = edited(|d| delete(d, &[Target::Vm("v1".into()), Target::Vm("v2".into())]));
    assert_eq!(d.vms.len(), 1);
    assert_eq!(d.placements.len(), 2, "SQL Server ran on v1 only");

    let (d, ()) = edited(|d| delete(d, &[Target::Phase("p1".into())]));
    assert_eq!(d.placements[2].phase, None);

    // A placement that was empty before the delete is the user's and stays.
    let (d, ()) = edited(|d| {
        add_placement(d, &catalogue(), &sql())?;
        delete(d, &[Target::Vm("v2".into())])
    });
    assert_eq!(d.placements.len(), 4);

    // One unknown target refuses the whole delete.
    refused(
        |d| delete(d, &[Target::Vm("v1".into()), Target::Vm("v9".into())]),
        EditError::Unknown {
            kind: Kind::Vm,
            name: "v9".into(),
        },
    );
}

#[test]
fn a_duplicate_takes_the_next_free_name_and_the_originals_memberships() {
    let (d, name) = edited(|d| duplicate_host(d, "h1"));
    assert_eq!(name, "h4");
    assert_eq!(d.hosts[1].name, "h4", "inserted after the original");
    assert_eq!(d.clusters[0].hosts, ["h1", "h2", "h4"]);
    assert_eq!(d.clusters[0].host_groups[0].hosts, ["h1", "h4"]);
    let (d, names) = edited(|d| duplicate_vms(d, &names(&["v1", "v3"])));
    assert_eq!(names, ["v4", "v5"]);
    assert_eq!(d.placements[1].vms, ["v1", "v4"]);
    let order: Vec<_> = d.vms.iter().map(|vm| vm.name.as_str()).collect();
    assert_eq!(order, ["v1", "v4", "v2", "v3", "v5"]);
    assert_eq!(d.vms[1].host_group.as_deref(), Some("g1"));
    refused(|d| duplicate_vms(d, &[]), EditError::NothingSelected);
}

#[test]
fn vm_changes_apply_to_every_selected_vm_or_to_none() {
    let both = names(&["v1", "v2"]);
    let (d, ()) = edited(|d| change_vms(d, &both, VmChange::Vcpus(n(16))));
    assert!(d.vms[..2].iter().all(|vm| vm.vcpus == n(16)));
    // Out of the cluster: the host group goes with it.
    let (d, ()) = edited(|d| change_vms(d, &both, VmChange::Cluster(None)));
    assert_eq!(d.vms[0].host_group, None);
    let (d, ()) = edited(|d| change_vms(d, &names(&["v3"]), VmChange::Cluster(Some("c1".into()))));
    assert_eq!(d.vms[2].host, None, "h3 is not in c1");
    let (d, ()) = edited(|d| change_vms(d, &both, VmChange::Host(Some("h2".into()))));
    assert_eq!(d.vms[1].host.as_deref(), Some("h2"));
    let (d, ()) = edited(|d| change_vms(d, &both, VmChange::Environment(Environment::Qa)));
    assert_eq!(d.vms[1].environment, Environment::Qa);
    refused(
        |d| change_vms(d, &names(&["v1", "v9"]), VmChange::Role(Role::PassiveDr)),
        EditError::Unknown {
            kind: Kind::Vm,
            name: "v9".into(),
        },
    );
    refused(
        |d| {
            change_vms(
                d,
                &names(&["v2", "v3"]),
                VmChange::HostGroup(Some("g1".into())),
            )
        },
        EditError::GroupOutsideCluster("g1".into()),
    );
    refused(
        |d| change_vms(d, &both, VmChange::Host(Some("h3".into()))),
        EditError::HostOutsideCluster {
            host: "h3".into(),
            cluster: "c1".into(),
        },
    );
    refused(
        |d| change_vms(d, &[], VmChange::Vcpus(n(1))),
        EditError::NothingSelected,
    );
}

#[test]
fn host_changes_keep_max_sockets_at_least_the_occupied_ones() {
    let (d, ()) = edited(|d| change_host(d, "h1", HostChange::MaxSockets(Some(n(4)))));
    assert_eq!(d.hosts[0].max_sockets, Some(n(4)));
    let (d, ()) = edited(|d| {
        change_host(d, "h1", HostChange::CoresPerSocket(n(24)))?;
        change_host(
            d,
            "h1",
            HostChange::Processor(Some("Xeon Gold 6338".into())),
        )
    });
    assert_eq!(d.hosts[0].physical_cores(), 48);
    refused(
        |d| change_host(d, "h1", HostChange::MaxSockets(Some(n(1)))),
        EditError::MaxBelowSockets { max: 1, sockets: 2 },
    );
    let (mut d, ()) = edited(|d| change_host(d, "h2", HostChange::MaxSockets(Some(n(2)))));
    let before = d.clone();
    assert_eq!(
        change_host(&mut d, "h2", HostChange::Sockets(n(4))),
        Err(EditError::MaxBelowSockets { max: 2, sockets: 4 })
    );
    assert_eq!(d, before);
}

#[test]
fn placements_name_catalogue_products_and_existing_targets() {
    let catalogue = catalogue();
    let (d, ()) = edited(|d| add_product_to_vms(d, &catalogue, &sql(), &names(&["v2", "v1"])));
    assert_eq!(
        d.placements[1].vms,
        ["v1", "v2"],
        "joined the existing placement"
    );
    // Same product, version and phase: one placement, on c1 and on v3.
    let (d, ()) = edited(|d| add_product_to_vms(d, &catalogue, &windows(), &names(&["v3"])));
    assert_eq!(
        (d.placements.len(), d.placements[0].vms.clone()),
        (3, names(&["v3"]))
    );
    let (d, ()) = edited(|d| {
        change_placement(d, &catalogue, 0, PlacementChange::Phase(Some("p1".into())))?;
        add_product_to_vms(d, &catalogue, &windows(), &names(&["v3"]))
    });
    assert_eq!(
        d.placements.len(),
        4,
        "the only Windows Server placement is phased: a new one"
    );
    let (d, ()) = edited(|d| {
        change_placement(
            d,
            &catalogue,
            1,
            PlacementChange::Version(Some("2022".into())),
        )?;
        change_placement(d, &catalogue, 1, PlacementChange::Phase(Some("p1".into())))?;
        change_placement(d, &catalogue, 1, PlacementChange::Hosts(names(&["h1"])))
    });
    assert_eq!(d.placements[1].version.as_deref(), Some("2022"));
    // SQL Server 2017 has no Windows Server namesake: the version goes with the old product;
    // 2019 is a version of both families and stays.
    for (version, kept) in [("2017", None), ("2019", Some("2019"))] {
        let (d, ()) = edited(|d| {
            change_placement(
                d,
                &catalogue,
                1,
                PlacementChange::Version(Some(version.into())),
            )?;
            change_placement(d, &catalogue, 1, PlacementChange::Product(windows()))
        });
        assert_eq!(d.placements[1].product, windows());
        assert_eq!(d.placements[1].version.as_deref(), kept);
    }
    let (d, ()) = edited(|d| remove_placement(d, 0));
    assert_eq!(d.placements.len(), 2);

    let nothing = ProductId("acme-anything".into());
    refused(
        |d| add_placement(d, &catalogue, &nothing),
        EditError::UnknownProduct(nothing.clone()),
    );
    refused(
        |d| change_placement(d, &catalogue, 0, PlacementChange::Product(nothing.clone())),
        EditError::UnknownProduct(nothing.clone()),
    );
    refused(
        |d| {
            change_placement(
                d,
                &catalogue,
                0,
                PlacementChange::Version(Some("1999".into())),
            )
        },
        EditError::UnknownVersion {
            product: windows(),
            version: "1999".into(),
        },
    );
    refused(
        |d| {
            change_placement(
                d,
                &catalogue,
                0,
                PlacementChange::Vms(names(&["v1", "nope"])),
            )
        },
        EditError::Unknown {
            kind: Kind::Vm,
            name: "nope".into(),
        },
    );
    refused(
        |d| change_placement(d, &catalogue, 9, PlacementChange::Phase(None)),
        EditError::NoPlacement(9),
    );
    refused(|d| remove_placement(d, 3), EditError::NoPlacement(3));
    refused(
        |d| add_product_to_vms(d, &catalogue, &sql(), &[]),
        EditError::NothingSelected,
    );
}

#[test]
fn clusters_groups_and_phases() {
    let (d, name) = edited(|d| Ok(add_cluster(d)));
    assert_eq!((name.as_str(), d.clusters.len()), ("cluster-1", 2));
    let (d, ()) = edited(|d| set_cluster_hosts(d, "c1", names(&["h2", "h3"])));
    assert!(
        d.clusters[0].host_groups[0].hosts.is_empty(),
        "h1 left the cluster and its group"
    );
    let (d, name) = edited(|d| {
        let name = add_host_group(d, "c1")?;
        set_host_group_hosts(d, "c1", &name, names(&["h2"]))?;
        Ok(name)
    });
    assert_eq!(name, "group-1");
    assert_eq!(d.clusters[0].host_groups[1].hosts, ["h2"]);
    let june = NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
    let (d, name) = edited(|d| Ok(add_phase(d, june)));
    assert_eq!((name.as_str(), d.phases.len()), ("phase-1", 2));
    refused(
        |d| set_host_group_hosts(d, "c1", "g1", names(&["h3"])),
        EditError::HostOutsideCluster {
            host: "h3".into(),
            cluster: "c1".into(),
        },
    );
    refused(
        |d| set_cluster_hosts(d, "c1", names(&["h1", "zz"])),
        EditError::Unknown {
            kind: Kind::Host,
            name: "zz".into(),
        },
    );
    refused(
        |d| set_phase_start(d, "p0", june),
        EditError::Unknown {
            kind: Kind::Phase,
            name: "p0".into(),
        },
    );
}

#[test]
fn templates_are_consistent_starting_points() {
    let empty = Template::Empty.deployment();
    assert!(empty.hosts.is_empty() && empty.placements.is_empty());
    let vmware = Template::VmwareCluster3.deployment();
    assert_consistent(&vmware);
    assert_eq!(vmware.clusters[0].hosts, ["esx-01", "esx-02", "esx-03"]);
    assert!(vmware.hosts.iter().all(|host| host.physical_cores() == 32));
}

/// The browser test's scenario, built with the editor's operations: 4 hosts of 2 × 16 cores in
/// one cluster, 30 VMs running Windows Server Datacenter, SQL Server Enterprise on 6 of them.
/// Each product needs every physical core of every host its VMs may run on: 4 × 2 × 16 = 128.
#[test]
fn the_browser_tests_scenario_needs_128_cores_of_each_product() {
    let pack = RulePack::builtin();
    let mut d = Template::Empty.deployment();
    add_hosts(&mut d, &hosts_spec(4, "esx-{n}", Some("prod"))).unwrap();
    let vms = add_vms(
        &mut d,
        &AddVms {
            count: n(30),
            pattern: "app-{n}".into(),
            vcpus: n(4),
            cluster: Some("prod".into()),
            environment: Environment::Production,
            role: Role::Primary,
        },
    )
    .unwrap();
    add_product_to_vms(&mut d, &pack.catalogue, &windows(), &vms).unwrap();
    add_product_to_vms(&mut d, &pack.catalogue, &sql(), &vms[..6]).unwrap();
    assert_consistent(&d);
    let workbook = crate::workbook::Workbook::new(crate::money::Currency::USD, d);
    let evaluation = crate::evaluate(
        &workbook,
        &pack,
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
    );
    let required: Vec<_> = evaluation
        .positions
        .iter()
        .map(|p| (p.product.0.as_str(), p.required.0))
        .collect();
    assert_eq!(
        required,
        [
            ("ms-windows-server-datacenter", 128),
            ("ms-sql-server-enterprise", 128)
        ]
    );
}

#[derive(Clone, Debug)]
enum Op {
    AddHosts(u32, bool),
    AddVms(u32, bool),
    AddCluster,
    RenameHost(usize, usize),
    RenameVm(usize, usize),
    DeleteHost(usize),
    DeleteCluster(usize),
    DeleteVm(usize),
    DuplicateHost(usize),
    DuplicateVm(usize),
    ClusterHosts(usize, Vec<usize>),
    VmCluster(usize, usize),
    VmHost(usize, usize),
    SqlOnVm(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let i = || 0usize..6;
    prop_oneof![
        (1u32..4, any::<bool>()).prop_map(|(c, k)| Op::AddHosts(c, k)),
        (1u32..4, any::<bool>()).prop_map(|(c, k)| Op::AddVms(c, k)),
        Just(Op::AddCluster),
        (i(), i()).prop_map(|(a, b)| Op::RenameHost(a, b)),
        (i(), i()).prop_map(|(a, b)| Op::RenameVm(a, b)),
        i().prop_map(Op::DeleteHost),
        i().prop_map(Op::DeleteCluster),
        i().prop_map(Op::DeleteVm),
        i().prop_map(Op::DuplicateHost),
        i().prop_map(Op::DuplicateVm),
        (i(), proptest::collection::vec(i(), 0..4)).prop_map(|(c, h)| Op::ClusterHosts(c, h)),
        (i(), i()).prop_map(|(a, b)| Op::VmCluster(a, b)),
        (i(), i()).prop_map(|(a, b)| Op::VmHost(a, b)),
        i().prop_map(Op::SqlOnVm),
    ]
}

/// Applies one operation to whatever exists at the chosen positions (a name that is not there
/// stands for an unknown one); the result is `Ok` or `Err`, never a panic.
fn apply(d: &mut Deployment, op: &Op, catalogue: &Catalogue) -> Result<(), EditError> {
    let host = |d: &Deployment, i: usize| d.hosts.get(i).map_or("ghost".into(), |h| h.name.clone());
    let vm = |d: &Deployment, i: usize| d.vms.get(i).map_or("ghost".into(), |v| v.name.clone());
    let cluster =
        |d: &Deployment, i: usize| d.clusters.get(i).map_or("ghost".into(), |c| c.name.clone());
    match op {
        Op::AddHosts(count, clustered) => {
            let into = clustered.then_some("c");
            add_hosts(d, &hosts_spec(*count, "h{n}", into)).map(drop)
        }
        Op::AddVms(count, clustered) => add_vms(
            d,
            &AddVms {
                count: n(*count),
                pattern: "v{n}".into(),
                vcpus: n(2),
                cluster: clustered.then(|| cluster(d, 0)),
                environment: Environment::Production,
                role: Role::Primary,
            },
        )
        .map(drop),
        Op::AddCluster => {
            add_cluster(d);
            Ok(())
        }
        Op::RenameHost(a, b) => rename(d, &Target::Host(host(d, *a)), &format!("h{b}")),
        Op::RenameVm(a, b) => rename(d, &Target::Vm(vm(d, *a)), &format!("v{b}")),
        Op::DeleteHost(a) => delete(d, &[Target::Host(host(d, *a))]),
        Op::DeleteCluster(a) => delete(d, &[Target::Cluster(cluster(d, *a))]),
        Op::DeleteVm(a) => delete(d, &[Target::Vm(vm(d, *a))]),
        Op::DuplicateHost(a) => duplicate_host(d, &host(d, *a)).map(drop),
        Op::DuplicateVm(a) => duplicate_vms(d, &[vm(d, *a)]).map(drop),
        Op::ClusterHosts(c, hosts) => {
            let hosts = hosts.iter().map(|&i| host(d, i)).collect();
            set_cluster_hosts(d, &cluster(d, *c), hosts)
        }
        Op::VmCluster(a, c) => change_vms(d, &[vm(d, *a)], VmChange::Cluster(Some(cluster(d, *c)))),
        Op::VmHost(a, h) => change_vms(d, &[vm(d, *a)], VmChange::Host(Some(host(d, *h)))),
        Op::SqlOnVm(a) => add_product_to_vms(d, catalogue, &sql(), &[vm(d, *a)]),
    }
}

proptest! {
    /// Whatever the editor is asked, in any order, names stay unique, every reference names
    /// something that exists, and a refused edit leaves the deployment as it was.
    #[test]
    fn any_sequence_of_edits_keeps_the_deployment_consistent(ops in proptest::collection::vec(op(), 1..40)) {
        let catalogue = catalogue();
        let mut d = estate();
        for op in &ops {
            let before = d.clone();
            if apply(&mut d, op, &catalogue).is_err() {
                prop_assert_eq!(&d, &before, "refused {:?} changed the deployment", op);
            }
            assert_consistent(&d);
        }
    }
}

#[test]
fn a_pattern_is_checked_as_typed_before_any_count() {
    assert_eq!(check_pattern("web-{n}"), Ok(()));
    assert_eq!(check_pattern("one-name"), Ok(()));
    assert_eq!(check_pattern(" {n} "), Ok(()));
    assert_eq!(check_pattern("  "), Err(EditError::EmptyName));
    assert_eq!(check_pattern("a,{n}"), Err(EditError::Comma));
}

#[test]
fn the_deployments_own_fields() {
    let june = NaiveDate::from_ymd_opt(2027, 6, 1);
    let (d, ()) = edited(|d| {
        change_deployment(d, DeploymentChange::Name("  Wave 1 ".into()));
        change_deployment(d, DeploymentChange::Start(june));
        change_deployment(d, DeploymentChange::LegalEntity(Some("Acme GmbH".into())));
        Ok(())
    });
    assert_eq!(d.name, "Wave 1");
    assert_eq!(
        (d.start, d.legal_entity.as_deref()),
        (june, Some("Acme GmbH"))
    );
}

#[test]
fn user_groups_keep_a_placement_and_per_vm_placements_are_kept_apart() {
    let catalogue = catalogue();
    // SQL Server also serves a user group: deleting its only VM leaves it in place.
    let (d, ()) = edited(|d| {
        add_user_group(
            d,
            &catalogue,
            &AddUserGroup {
                name: "analysts".into(),
                users: 12,
                devices: 0,
                product: None,
            },
        )?;
        d.placements[1].user_groups = names(&["analysts"]);
        delete(d, &[Target::Vm("v1".into())])
    });
    assert_eq!(d.placements.len(), 3);
    assert!(d.placements[1].vms.is_empty());
    // A placement licensed per VM is not joined by VMs added by hosts, and the other way round.
    let (d, ()) = edited(|d| {
        change_placement(d, &catalogue, 1, PlacementChange::Basis(Basis::PerVm))?;
        add_product_to_vms(d, &catalogue, &sql(), &names(&["v2"]))
    });
    assert_eq!(d.placements.len(), 4);
    assert_eq!(
        (d.placements[1].basis, d.placements[3].basis),
        (Basis::PerVm, Basis::Hosts)
    );
}
