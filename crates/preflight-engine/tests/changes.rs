//! Changes to the existing estate as the editor enters them (retire, resize, move, uninstall,
//! P2V), how they mark the estate, and what each one costs or saves the project.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::changes::Change;
use preflight_engine::edit::changes::{
    Mark, Place, Plan, marks, move_vm, p2v, remove_change, resize_host, retire_host, uninstall,
};
use preflight_engine::edit::{EditError, History, Kind};
use preflight_engine::impact::{Impact, change_impacts};
use preflight_engine::*;
use rust_decimal::Decimal;
use rust_decimal::dec;

const WS: &str = "ms-windows-server-datacenter";
const SQL: &str = "ms-sql-server-enterprise";

fn n(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value).unwrap()
}

fn ws() -> ProductId {
    ProductId(WS.into())
}

fn on(product: &str, hosts: &[&str]) -> Placement {
    Placement::on_hosts(
        ProductId(product.into()),
        hosts.iter().map(|h| h.to_string()).collect(),
    )
}

fn vm(name: &str, cluster: Option<&str>, host: Option<&str>) -> Vm {
    Vm {
        name: name.into(),
        vcpus: n(4),
        cluster: cluster.map(Into::into),
        host_group: None,
        host: host.map(Into::into),
        hard_partitioned: false,
        environment: Environment::Production,
        role: Role::Primary,
    }
}

/// Today: old-01 (2×16) and old-02 (2×8) in cluster "legacy", both running Windows Server
/// Datacenter by name, SQL Server on old-01 too; VM app-1 in the cluster, VM lone on old-02 alone.
fn existing() -> Deployment {
    Deployment {
        name: "today".into(),
        hosts: vec![
            Host::new("old-01", n(2), n(16)),
            Host::new("old-02", n(2), n(8)),
        ],
        clusters: vec![Cluster {
            name: "legacy".into(),
            hosts: vec!["old-01".into(), "old-02".into()],
            host_groups: vec![HostGroup {
                name: "pinned".into(),
                hosts: vec!["old-01".into()],
            }],
            vcenter: None,
        }],
        vms: vec![
            vm("app-1", Some("legacy"), None),
            vm("lone", None, Some("old-02")),
        ],
        placements: vec![on(WS, &["old-01", "old-02"]), on(SQL, &["old-01"])],
        ..Deployment::default()
    }
}

/// The project: cluster "new" of one host new-01 (2×16), Windows Server Datacenter on it.
fn project() -> Deployment {
    Deployment {
        name: "project".into(),
        hosts: vec![Host::new("new-01", n(2), n(16))],
        clusters: vec![Cluster {
            name: "new".into(),
            hosts: vec!["new-01".into()],
            host_groups: vec![],
            vcenter: None,
        }],
        placements: vec![Placement {
            clusters: vec!["new".into()],
            ..on(WS, &[])
        }],
        ..Deployment::default()
    }
}

#[test]
fn retire_resize_move_and_uninstall_check_the_estate_as_the_changes_leave_it() {
    let today = existing();
    let mut changes = Vec::new();
    let not_in = |kind, name: &str| EditError::NotInEstate {
        kind,
        name: name.into(),
    };
    assert_eq!(
        retire_host(&today, &mut changes, "ghost"),
        Err(not_in(Kind::Host, "ghost"))
    );
    retire_host(&today, &mut changes, "old-02").unwrap();
    assert_eq!(
        retire_host(&today, &mut changes, "old-02"),
        Err(EditError::Retired("old-02".into()))
    );
    assert_eq!(
        resize_host(&today, &mut changes, "old-02", n(1), n(8)),
        Err(EditError::Retired("old-02".into()))
    );
    // lone ran on old-02 alone: it left with it.
    assert_eq!(
        move_vm(&today, &mut changes, "lone", Place::Host("old-01".into())),
        Err(EditError::LeftWithHost("lone".into()))
    );
    assert_eq!(
        move_vm(&today, &mut changes, "app-1", Place::Host("old-02".into())),
        Err(not_in(Kind::Host, "old-02"))
    );
    assert_eq!(
        move_vm(
            &today,
            &mut changes,
            "app-1",
            Place::Cluster {
                cluster: "legacy".into(),
                group: Some("nope".into())
            }
        ),
        Err(EditError::GroupOutsideCluster("nope".into()))
    );
    assert_eq!(
        uninstall(&today, &mut changes, &ProductId(SQL.into()), "old-02"),
        Err(EditError::Retired("old-02".into()))
    );
    assert_eq!(changes.len(), 1, "every refusal changed nothing");

    // A resize typed twice is one change; back to 2×16 removes it.
    resize_host(&today, &mut changes, "old-01", n(2), n(12)).unwrap();
    resize_host(&today, &mut changes, "old-01", n(2), n(24)).unwrap();
    assert_eq!(
        changes[1],
        Change::Resize {
            host: "old-01".into(),
            sockets: n(2),
            cores_per_socket: n(24)
        }
    );
    resize_host(&today, &mut changes, "old-01", n(2), n(16)).unwrap();
    assert_eq!(changes.len(), 1);

    // A move to the host group, then back to the cluster it is in today: no change left.
    let group = Place::Cluster {
        cluster: "legacy".into(),
        group: Some("pinned".into()),
    };
    move_vm(&today, &mut changes, "app-1", group).unwrap();
    assert_eq!(
        changes[1].to_string(),
        "Move VM app-1 to host group pinned of cluster legacy"
    );
    let back = Place::Cluster {
        cluster: "legacy".into(),
        group: None,
    };
    move_vm(&today, &mut changes, "app-1", back).unwrap();
    assert_eq!(changes.len(), 1);

    uninstall(&today, &mut changes, &ProductId(SQL.into()), "old-01").unwrap();
    assert_eq!(
        uninstall(&today, &mut changes, &ProductId(SQL.into()), "old-01"),
        Err(EditError::NotPlaced {
            product: ProductId(SQL.into()),
            host: "old-01".into()
        })
    );
    let (hosts, vms) = marks(&today, &changes);
    assert_eq!(hosts, vec![Mark::Changed, Mark::Retired]);
    assert_eq!(vms, vec![Mark::Unchanged, Mark::Retired]);
}

#[test]
fn p2v_makes_the_host_a_vm_of_the_project_and_removing_it_takes_the_vm_back() {
    let today = existing();
    let mut plan = Plan {
        changes: vec![Change::Resize {
            host: "old-01".into(),
            sockets: n(2),
            cores_per_socket: n(20),
        }],
        deployment: project(),
    };
    let before = plan.clone();
    // The VM must run somewhere of the scenario's.
    let nowhere = p2v(&today, &mut plan, "old-01", Place::Host("old-01".into()));
    assert_eq!(
        nowhere,
        Err(EditError::Unknown {
            kind: Kind::Host,
            name: "old-01".into()
        })
    );
    assert_eq!(plan, before);
    let place = Place::Cluster {
        cluster: "new".into(),
        group: None,
    };
    let name = p2v(&today, &mut plan, "old-01", place.clone()).unwrap();
    assert_eq!(name, "old-01");
    let vm = plan.deployment.vms.last().unwrap();
    // Its cores as the resize leaves them: 2 × 20 = 40 vCPUs.
    assert_eq!((vm.vcpus.get(), vm.cluster.as_deref()), (40, Some("new")));
    let carried: Vec<(&str, Vec<String>)> = plan.deployment.placements[1..]
        .iter()
        .map(|p| (p.product.0.as_str(), p.vms.clone()))
        .collect();
    assert_eq!(
        carried,
        vec![(WS, vec!["old-01".into()]), (SQL, vec!["old-01".into()])]
    );
    assert_eq!(
        p2v(&today, &mut plan, "old-01", place),
        Err(EditError::Retired("old-01".into()))
    );
    assert_eq!(
        marks(&today, &plan.changes).0,
        vec![Mark::Retired, Mark::Unchanged]
    );

    // Undo covers changes and deployment together.
    let mut history = History::new(10);
    history.record(before.clone(), None);
    assert_eq!(history.undo(plan.clone()), Some(before.clone()));

    // Removing the P2V alone takes its VM and the placements it alone ran.
    let removed = remove_change(&mut plan, 1).unwrap();
    assert_eq!(
        removed.to_string(),
        "P2V host old-01 to VM old-01 of the project"
    );
    assert_eq!(plan, before);
    assert_eq!(remove_change(&mut plan, 5), Err(EditError::NoChange(6)));
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A workbook with today's estate as `existing`: Windows Server Datacenter owned as 16 two-core
/// packs (32 cores), listed at USD 776.00 a two-core pack.
fn workbook(existing: Deployment, changes: Vec<Change>, deployment: Deployment) -> Workbook {
    let mut workbook = Workbook::new(Currency::USD, deployment);
    workbook.existing = existing;
    workbook.scenario_mut().changes = changes;
    let line = Entitlement::new(
        ws(),
        Metric::Core,
        LicenceType::Perpetual,
        2,
        16,
        SourceRef {
            file: "owned.csv".into(),
            row: 2,
        },
    );
    workbook.put_source(EntitlementSource::new("owned.csv", vec![line]));
    workbook.price_list = vec![PriceListEntry {
        sku: None,
        product: ws(),
        pack_size: 2,
        licence_type: LicenceType::Perpetual,
        price: Money::new(dec!(776.00), Currency::USD),
        valid_from: None,
        valid_to: None,
        source: "list".into(),
    }];
    workbook
}

fn impacts(workbook: &Workbook) -> Vec<Impact> {
    let pack = RulePack::builtin();
    let as_of = date("2026-11-28");
    let all = evaluate(workbook, &pack, as_of);
    change_impacts(workbook, workbook.scenario(), &pack, as_of, &all)
}

fn usd(amount: Decimal) -> Option<Money> {
    Some(Money::new(amount, Currency::USD))
}

#[test]
fn retiring_a_host_the_baseline_consumed_frees_its_licences_for_the_project() {
    // Today old-01 (2×16) consumes all 32 owned cores of Windows Server Datacenter. The
    // project's new-01 (2×16) needs 32 more: without the retirement it buys 16 two-core packs,
    // 16 × 776.00 = 12,416.00; retiring old-01 frees the 32 cores, so the project buys none.
    // The retirement's impact: −12,416.00 to buy and over the horizon (perpetual licences
    // without SA: no recurring line), −32 core licences.
    let today = Deployment {
        hosts: vec![Host::new("old-01", n(2), n(16))],
        placements: vec![on(WS, &["old-01"])],
        ..Deployment::default()
    };
    let retire = vec![Change::Retire {
        host: "old-01".into(),
    }];
    let workbook = workbook(today, retire, project());
    let impact = &impacts(&workbook)[0];
    assert_eq!(impact.to_buy, usd(dec!(-12416.00)));
    assert_eq!(impact.horizon, usd(dec!(-12416.00)));
    assert_eq!(impact.rights, vec![(ws(), -32)]);
}

#[test]
fn each_change_is_weighed_alone_and_a_p2v_without_its_vm() {
    // Today old-01 (2×16, 32 cores) and old-02 (2×8, 16 cores) run Windows Server Datacenter:
    // 48 cores, 16 more than the 32 owned — a gap before the project, not its cost. The
    // project's new-01 needs 32. The project is charged what it adds to the shortfall.
    //
    // Both changes (old-02 resized to 2×16, old-01 P2V'd into cluster "new", where its VM runs
    // on new-01, licensed already): after = old-02 32 + new-01 32 = 64, short 32; minus the 16
    // short before = 16 cores, 8 two-core packs × 776.00 = 6,208.00.
    // Without the resize: after = 16 + 32 = 48, short 16 − 16 = 0: the resize adds +6,208.00
    // and +16 core licences.
    // Without the P2V (old-01 stays, its VM not added): after = 32 + 32 + 32 = 96, short 64 −
    // 16 = 48 cores, 24 packs = 18,624.00: the P2V saves 6,208.00 − 18,624.00 = −12,416.00,
    // −32 core licences.
    let mut plan = Plan {
        changes: vec![],
        deployment: project(),
    };
    let today = existing();
    resize_host(&today, &mut plan.changes, "old-02", n(2), n(16)).unwrap();
    let place = Place::Cluster {
        cluster: "new".into(),
        group: None,
    };
    p2v(&today, &mut plan, "old-01", place).unwrap();
    let workbook = workbook(today, plan.changes, plan.deployment);
    let all = evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"));
    let total: Vec<Money> = all.total.amounts().to_vec();
    assert_eq!(total, vec![Money::new(dec!(6208.00), Currency::USD)]);
    let impacts = impacts(&workbook);
    assert_eq!(impacts[0].to_buy, usd(dec!(6208.00)));
    assert_eq!(impacts[0].horizon, usd(dec!(6208.00)));
    assert_eq!(impacts[0].rights, vec![(ws(), 16)]);
    assert_eq!(impacts[1].to_buy, usd(dec!(-12416.00)));
    assert_eq!(impacts[1].rights, vec![(ws(), -32)]);
}
