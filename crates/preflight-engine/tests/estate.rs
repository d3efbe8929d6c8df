//! The estate: clusters, host groups and VMs widen a placement to every host it may run on;
//! phases date the demand and put each purchase in its own fiscal year.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::*;
use rust_decimal::dec;

const WS: &str = "ms-windows-server-datacenter";
const SQL: &str = "ms-sql-server-enterprise";

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn hosts(n: usize) -> Vec<Host> {
    (1..=n)
        .map(|i| {
            Host::new(
                format!("esx-{i:02}"),
                NonZeroU32::new(2).unwrap(),
                NonZeroU32::new(16).unwrap(),
            )
        })
        .collect()
}

fn names(hosts: &[&str]) -> Vec<String> {
    hosts.iter().map(|h| h.to_string()).collect()
}

fn vm(name: &str, cluster: Option<&str>, group: Option<&str>, host: Option<&str>) -> Vm {
    Vm {
        name: name.into(),
        vcpus: NonZeroU32::new(8).unwrap(),
        cluster: cluster.map(Into::into),
        host_group: group.map(Into::into),
        host: host.map(Into::into),
        hard_partitioned: false,
        environment: Environment::Production,
        role: Role::Primary,
    }
}

/// Four hosts in cluster "prod", with host group "sql" holding the first two.
fn estate(placements: Vec<Placement>, vms: Vec<Vm>) -> Deployment {
    Deployment {
        name: "t".into(),
        hosts: hosts(4),
        clusters: vec![Cluster {
            name: "prod".into(),
            hosts: names(&["esx-01", "esx-02", "esx-03", "esx-04"]),
            host_groups: vec![HostGroup {
                name: "sql".into(),
                hosts: names(&["esx-01", "esx-02"]),
            }],
            vcenter: None,
        }],
        vms,
        placements,
        ..Deployment::default()
    }
}

fn on_vms(product: &str, vms: &[&str]) -> Placement {
    Placement {
        vms: names(vms),
        ..Placement::on_hosts(ProductId(product.into()), vec![])
    }
}

fn evaluate_estate(deployment: Deployment) -> Evaluation {
    evaluate(
        &Workbook::new(Currency::USD, deployment),
        &RulePack::builtin(),
        date("2026-11-28"),
    )
}

fn required(evaluation: &Evaluation, product: &str) -> u64 {
    evaluation
        .positions
        .iter()
        .find(|p| p.product.0 == product)
        .map_or(0, |p| p.required.0)
}

#[test]
fn a_vm_needs_every_host_it_may_run_on() {
    // MS-WS-MOBILITY: a host must be licensed for every VM that can run or migrate onto it.
    let cases = [
        // In the cluster: all 4 hosts × 32 cores.
        (vec![vm("app", Some("prod"), None, None)], 128),
        // Held to host group "sql": 2 hosts.
        (vec![vm("app", Some("prod"), Some("sql"), None)], 64),
        // Outside any cluster, on one host.
        (vec![vm("app", None, None, Some("esx-03"))], 32),
    ];
    for (vms, expect) in cases {
        let evaluation = evaluate_estate(estate(vec![on_vms(SQL, &["app"])], vms.clone()));
        assert_eq!(required(&evaluation, SQL), expect, "{vms:?}");
    }
}

#[test]
fn a_host_reached_twice_is_licensed_once_and_the_working_says_why() {
    let vms = vec![
        vm("a", Some("prod"), Some("sql"), None),
        vm("b", None, None, Some("esx-01")),
    ];
    let mut placements = vec![on_vms(WS, &["a", "b"])];
    placements.push(Placement {
        clusters: names(&["prod"]),
        ..Placement::on_hosts(ProductId(WS.into()), vec![])
    });
    let evaluation = evaluate_estate(estate(placements, vms));
    assert_eq!(required(&evaluation, WS), 128);
    let steps: Vec<String> = evaluation.positions[0]
        .derivation
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(steps.contains(&"esx-01 must be licensed: VM a may run on it (host group sql of cluster prod); VM b runs on it; placed on cluster prod".to_string()), "{steps:#?}");
    let rules = evaluation.positions[0]
        .derivation
        .iter()
        .flat_map(|s| s.rules())
        .any(|r| r.0 == "MS-WS-MOBILITY");
    assert!(rules, "the scope step cites MS-WS-MOBILITY");
}

#[test]
fn names_that_match_nothing_are_findings_not_silently_dropped() {
    let vms = vec![
        vm("lost", Some("nowhere"), None, None),
        vm("grouped", Some("prod"), Some("nope"), None),
        vm("floating", None, None, None),
    ];
    let mut placement = on_vms(SQL, &["lost", "grouped", "floating", "ghost"]);
    placement.clusters = names(&["other"]);
    placement.phase = Some("phase 9".into());
    let evaluation = evaluate_estate(estate(vec![placement], vms));
    let unknown: Vec<String> = evaluation
        .findings
        .iter()
        .filter(|f| matches!(f, Finding::UnknownTarget { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        unknown,
        [
            "placed on phase \"phase 9\", which the deployment does not list: not counted",
            "placed on cluster \"other\", which the deployment does not list: not counted",
            "placed on cluster \"nowhere\", which the deployment does not list: not counted",
            "placed on host group \"prod/nope\", which the deployment does not list: not counted",
            "placed on VM \"floating (no cluster or host)\", which the deployment does not list: not counted",
            "placed on VM \"ghost\", which the deployment does not list: not counted",
        ]
    );
}

#[test]
fn each_phase_buys_what_it_adds_in_its_own_fiscal_year() {
    let mut deployment = estate(vec![], vec![]);
    deployment.phases = vec![
        Phase {
            name: "pilot".into(),
            start: date("2027-01-04"),
        },
        Phase {
            name: "rollout".into(),
            start: date("2028-03-01"),
        },
    ];
    deployment.start = Some(date("2027-01-04"));
    let mut pilot = Placement::on_hosts(ProductId(WS.into()), names(&["esx-01", "esx-02"]));
    pilot.phase = Some("pilot".into());
    let mut rollout = Placement::on_hosts(ProductId(WS.into()), names(&["esx-03", "esx-04"]));
    rollout.phase = Some("rollout".into());
    deployment.placements = vec![pilot, rollout];
    let mut workbook = Workbook::new(Currency::USD, deployment);
    let owned = Entitlement {
        unit_price: Some(Money::new(dec!(6155.00), Currency::USD)),
        ..Entitlement::new(
            ProductId(WS.into()),
            Metric::Core,
            LicenceType::Perpetual,
            16,
            2,
            SourceRef {
                file: "owned.csv".into(),
                row: 2,
            },
        )
    };
    workbook.put_source(EntitlementSource::new("owned.csv", vec![owned]));
    let evaluation = evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"));
    let position = &evaluation.positions[0];
    // 32 owned: the pilot's 64 leaves 32 short; the rollout adds 64 more.
    let purchases: Vec<(NaiveDate, u64, u64)> = position
        .purchases
        .iter()
        .map(|p| (p.on, p.shortfall.0, p.lines.iter().map(|l| l.packs).sum()))
        .collect();
    assert_eq!(
        purchases,
        [(date("2027-01-04"), 32, 2), (date("2028-03-01"), 64, 4)]
    );
    assert_eq!(
        (position.to_buy[0].pack_size, position.to_buy[0].packs),
        (16, 6)
    );
    assert_eq!(position.cost.unwrap().amount, dec!(36930.00));
    let budget: Vec<(&str, rust_decimal::Decimal)> = evaluation
        .budget
        .lines
        .iter()
        .map(|l| (l.fiscal_year.as_str(), l.amount.amount))
        .collect();
    assert_eq!(
        budget,
        [("FY2027", dec!(12310.00)), ("FY2028", dec!(24620.00))]
    );

    // A horizon of one year leaves the rollout's purchase out of the yearly figures, and says so.
    workbook.settings.fiscal.horizon_years = 1;
    let evaluation = evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"));
    assert_eq!(evaluation.budget.lines.len(), 1);
    assert!(evaluation.findings.contains(&Finding::OutsideHorizon {
        product: ProductId(WS.into()),
        on: date("2028-03-01")
    }));
}

#[test]
fn a_users_own_catalogue_entry_is_evaluated_and_a_clashing_one_is_a_finding() {
    let pack = RulePack::builtin();
    let mut own = pack.catalogue.get(&ProductId(SQL.into())).unwrap().clone();
    own.id = ProductId("acme-sql-appliance".into());
    own.edition = "Appliance".into();
    own.down_editions.clear();
    let mut deployment = estate(
        vec![Placement::on_hosts(own.id.clone(), names(&["esx-01"]))],
        vec![],
    );
    deployment.name = "own entry".into();
    let mut workbook = Workbook::new(Currency::USD, deployment);
    workbook.catalogue_additions.push(own.clone());
    let evaluation = evaluate(&workbook, &pack, date("2026-11-28"));
    assert_eq!(required(&evaluation, "acme-sql-appliance"), 32);
    assert!(
        !evaluation
            .findings
            .iter()
            .any(|f| matches!(f, Finding::UnknownProduct { .. }))
    );

    // An entry that reuses a built-in id is refused as a whole, and said so.
    let mut clash = own;
    clash.id = ProductId(SQL.into());
    workbook.catalogue_additions = vec![clash];
    let evaluation = evaluate(&workbook, &pack, date("2026-11-28"));
    assert!(
        evaluation
            .findings
            .contains(&Finding::CatalogueAdditionRefused {
                reason: "rule pack: catalogue entry ms-sql-server-enterprise already exists".into()
            })
    );
}

/// Two existing hosts running SQL Server Enterprise (64 cores), 64 cores owned, and a project
/// that adds a third host; `changes` are asked of the existing estate.
fn with_existing(changes: Vec<preflight_engine::changes::Change>) -> Evaluation {
    let existing = Deployment {
        name: "today".into(),
        hosts: hosts(2),
        placements: vec![Placement::on_hosts(
            ProductId(SQL.into()),
            names(&["esx-01", "esx-02"]),
        )],
        ..Deployment::default()
    };
    let project = Deployment {
        name: "project".into(),
        hosts: vec![Host::new(
            "new-01",
            NonZeroU32::new(2).unwrap(),
            NonZeroU32::new(16).unwrap(),
        )],
        placements: vec![Placement::on_hosts(
            ProductId(SQL.into()),
            names(&["new-01"]),
        )],
        ..Deployment::default()
    };
    let mut workbook = Workbook::new(Currency::USD, project);
    workbook.existing = existing;
    workbook.scenario_mut().changes = changes;
    let owned = Entitlement {
        unit_price: Some(Money::new(dec!(15123.00), Currency::USD)),
        ..Entitlement::new(
            ProductId(SQL.into()),
            Metric::Core,
            LicenceType::Perpetual,
            2,
            32,
            SourceRef {
                file: "owned.csv".into(),
                row: 2,
            },
        )
    };
    workbook.put_source(EntitlementSource::new("owned.csv", vec![owned]));
    evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"))
}

#[test]
fn changes_to_the_existing_estate_are_evaluated_as_a_delta_against_it() {
    use preflight_engine::changes::Change;
    let position = |evaluation: &Evaluation| {
        let p = evaluation
            .positions
            .iter()
            .find(|p| p.product.0 == SQL)
            .unwrap()
            .clone();
        (
            p.consumed.map(|c| c.0),
            p.before.demand.0,
            p.after.demand.0,
            p.shortfall.0,
        )
    };
    // The existing 64 is covered; the new host adds 32, all to buy.
    let plain = with_existing(vec![]);
    assert_eq!(position(&plain), (Some(64), 64, 96, 32));
    assert!(
        !plain
            .findings
            .iter()
            .any(|f| matches!(f, Finding::SurplusUnverified { .. })),
        "the inventory is the baseline"
    );
    // Retiring an existing host frees its 32 for the new one: nothing to buy.
    assert_eq!(
        position(&with_existing(vec![Change::Retire {
            host: "esx-01".into()
        }])),
        (Some(64), 64, 64, 0)
    );
    // Resizing an existing host to 2 × 24 adds 16 more to buy.
    let resize = Change::Resize {
        host: "esx-02".into(),
        sockets: NonZeroU32::new(2).unwrap(),
        cores_per_socket: NonZeroU32::new(24).unwrap(),
    };
    assert_eq!(
        position(&with_existing(vec![resize])),
        (Some(64), 64, 112, 48)
    );
    // Uninstalling from a host frees it too; a change naming nothing is a finding and changes nothing.
    let uninstall = Change::Uninstall {
        product: ProductId(SQL.into()),
        host: "esx-02".into(),
    };
    assert_eq!(
        position(&with_existing(vec![uninstall])),
        (Some(64), 64, 64, 0)
    );
    let unknown = with_existing(vec![Change::Retire {
        host: "esx-99".into(),
    }]);
    assert_eq!(position(&unknown), (Some(64), 64, 96, 32));
    assert!(unknown.findings.contains(&Finding::UnknownChangeTarget {
        target: TargetKind::Host,
        name: "esx-99".into()
    }));
}
