//! Cloud instances and user groups: added, changed, renamed with their placements, deleted
//! with them, and products placed only where their metric makes sense.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::dec;

use super::*;
use crate::edit::tests::assert_consistent;
use crate::edit::{PlacementChange, Template, change_placement};
use crate::money::{Currency, Money};
use crate::rules::RulePack;
use crate::workbook::{LicenceIncludedRate, Workbook};

fn n(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value).unwrap()
}

fn id(text: &str) -> ProductId {
    ProductId(text.into())
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|name| name.to_string()).collect()
}

fn catalogue() -> Catalogue {
    RulePack::builtin().catalogue
}

fn aws(count: u32, product: Option<&str>) -> AddInstances {
    AddInstances {
        count: n(count),
        pattern: "aws-{n}".into(),
        provider: CloudProvider::Aws,
        vcpus: n(8),
        hyperthreading: true,
        dedicated_host: false,
        environment: Environment::Production,
        product: product.map(id),
    }
}

fn staff(users: u32, product: Option<&str>) -> AddUserGroup {
    AddUserGroup {
        name: "staff".into(),
        users,
        devices: 0,
        product: product.map(id),
    }
}

/// Three AWS instances running Windows Server Standard and 250 staff with SQL Server CALs.
fn people() -> Deployment {
    let catalogue = catalogue();
    let mut d = Template::Empty.deployment();
    add_instances(
        &mut d,
        &catalogue,
        &aws(3, Some("ms-windows-server-standard")),
    )
    .unwrap();
    add_user_group(&mut d, &catalogue, &staff(250, Some("ms-sql-server-cal"))).unwrap();
    assert_consistent(&d);
    d
}

/// An edit that must be refused with `expect`, leaving the deployment as it was.
fn refused<T: std::fmt::Debug>(
    edit: impl FnOnce(&mut Deployment) -> Result<T, EditError>,
    expect: &str,
) {
    let mut d = people();
    let error = edit(&mut d).unwrap_err();
    assert_eq!(error.to_string(), expect);
    assert_eq!(d, people(), "a refused edit changed the deployment");
}

#[test]
fn instances_are_added_from_a_pattern_with_their_product_placed_once() {
    let catalogue = catalogue();
    let mut d = people();
    assert_eq!(
        d.cloud_instances
            .iter()
            .map(|i| (i.name.as_str(), i.vcpus.get(), i.provider))
            .collect::<Vec<_>>(),
        [
            ("aws-1", 8, CloudProvider::Aws),
            ("aws-2", 8, CloudProvider::Aws),
            ("aws-3", 8, CloudProvider::Aws)
        ]
    );
    assert_eq!(d.placements[0].instances, ["aws-1", "aws-2", "aws-3"]);
    assert_eq!(d.placements[1].user_groups, ["staff"]);
    // Two more of the same join the same placement, numbered on.
    let more = add_instances(
        &mut d,
        &catalogue,
        &aws(2, Some("ms-windows-server-standard")),
    );
    assert_eq!(more, Ok(names(&["aws-4", "aws-5"])));
    assert_eq!(d.placements.len(), 2);
    assert_eq!(d.placements[0].instances.len(), 5);
    assert_consistent(&d);
}

#[test]
fn a_product_goes_only_where_its_metric_counts() {
    let catalogue = catalogue();
    refused(
        |d| add_instances(d, &catalogue, &aws(1, Some("ms-windows-server-cal"))),
        "Windows Server CAL is licensed per user: place it on user groups",
    );
    refused(
        |d| {
            add_user_group(
                d,
                &catalogue,
                &AddUserGroup {
                    name: "dbas".into(),
                    ..staff(5, Some("ms-sql-server-enterprise"))
                },
            )
        },
        "SQL Server Enterprise is licensed per core, not by users or devices: place it on hosts, VMs or cloud instances",
    );
    refused(
        |d| {
            change_placement(
                d,
                &catalogue,
                0,
                PlacementChange::UserGroups(names(&["staff"])),
            )
        },
        "Windows Server Standard is licensed per core, not by users or devices: place it on hosts, VMs or cloud instances",
    );
    refused(
        |d| {
            change_placement(
                d,
                &catalogue,
                1,
                PlacementChange::Product(id("ms-sql-server-enterprise")),
            )
        },
        "SQL Server Enterprise is licensed per core, not by users or devices: place it on hosts, VMs or cloud instances",
    );
    refused(
        |d| {
            change_placement(
                d,
                &catalogue,
                1,
                PlacementChange::Instances(names(&["aws-9"])),
            )
        },
        "no cloud instance is named \"aws-9\"",
    );
    // Oracle Named User Plus counts people, with a minimum from the processors it runs on.
    let mut d = people();
    let nup = id("oracle-database-ee-nup");
    place(
        &mut d,
        &catalogue,
        &nup,
        &names(&["staff"]),
        Target::UserGroups,
    )
    .unwrap();
    place(
        &mut d,
        &catalogue,
        &nup,
        &names(&["aws-1"]),
        Target::Instances,
    )
    .unwrap();
    assert_eq!(d.placements[2].user_groups, ["staff"]);
    assert_eq!(d.placements[2].instances, ["aws-1"]);
    let people_products: Vec<String> = products_for(&catalogue, true)
        .into_iter()
        .map(|(id, _)| id.0)
        .collect();
    assert!(people_products.contains(&"ms-sql-server-cal".to_string()));
    assert!(people_products.contains(&"oracle-database-se2-nup".to_string()));
    assert!(!people_products.contains(&"ms-sql-server-enterprise".to_string()));
    let machine_products: Vec<String> = products_for(&catalogue, false)
        .into_iter()
        .map(|(id, _)| id.0)
        .collect();
    assert!(!machine_products.contains(&"ms-windows-server-device-cal".to_string()));
    assert!(machine_products.contains(&"oracle-database-ee-nup".to_string()));
}

#[test]
fn renames_carry_the_placements_and_taken_names_are_refused() {
    let mut d = people();
    rename_instance(&mut d, "aws-2", " web-2 ").unwrap();
    rename_user_group(&mut d, "staff", "analysts").unwrap();
    assert_eq!(d.placements[0].instances, ["aws-1", "web-2", "aws-3"]);
    assert_eq!(d.placements[1].user_groups, ["analysts"]);
    assert_consistent(&d);
    refused(
        |d| rename_instance(d, "aws-1", "aws-3"),
        "another cloud instance is already named \"aws-3\"",
    );
    refused(|d| rename_user_group(d, "staff", " "), "a name is needed");
    refused(
        |d| rename_user_group(d, "nobody", "x"),
        "no user group is named \"nobody\"",
    );
    let catalogue = catalogue();
    refused(
        |d| add_user_group(d, &catalogue, &staff(1, None)),
        "another user group is already named \"staff\"",
    );
}

#[test]
fn duplicates_run_the_same_products_and_deletes_clean_up() {
    let catalogue = catalogue();
    let mut d = people();
    assert_eq!(duplicate_instance(&mut d, "aws-1"), Ok("aws-4".into()));
    assert_eq!(d.cloud_instances[1].name, "aws-4");
    assert_eq!(
        d.placements[0].instances,
        ["aws-1", "aws-2", "aws-3", "aws-4"]
    );
    // An empty placement (just added) stays; one emptied by the delete goes.
    crate::edit::add_placement(&mut d, &catalogue, &id("ms-windows-server-cal")).unwrap();
    delete_user_groups(&mut d, &names(&["staff"])).unwrap();
    assert_eq!(d.placements.len(), 2);
    assert_eq!(d.placements[1].product, id("ms-windows-server-cal"));
    delete_instances(&mut d, &names(&["aws-1", "aws-4"])).unwrap();
    assert_eq!(d.placements[0].instances, ["aws-2", "aws-3"]);
    assert_eq!(d.cloud_instances.len(), 2);
    assert_consistent(&d);
    refused(
        |d| delete_instances(d, &names(&["aws-1", "ghost"])),
        "no cloud instance is named \"ghost\"",
    );
}

#[test]
fn instance_and_group_fields_are_checked() {
    let mut d = people();
    change_instance(
        &mut d,
        "aws-1",
        InstanceChange::Provider(CloudProvider::Azure),
    )
    .unwrap();
    change_instance(&mut d, "aws-1", InstanceChange::DedicatedHost(true)).unwrap();
    change_instance(&mut d, "aws-1", InstanceChange::Vcpus(n(16))).unwrap();
    let first = &d.cloud_instances[0];
    assert_eq!(
        (first.provider, first.dedicated_host, first.vcpus.get()),
        (CloudProvider::Azure, true, 16)
    );
    change_user_group(&mut d, "staff", UserGroupChange::Concurrent(Some(100))).unwrap();
    change_user_group(&mut d, "staff", UserGroupChange::External(true)).unwrap();
    assert_eq!(d.user_groups[0].concurrent, Some(100));
    assert!(d.user_groups[0].external);
    refused(
        |d| change_user_group(d, "staff", UserGroupChange::Concurrent(Some(251))),
        "peak concurrent users (251) cannot be more than the users (250)",
    );
    let before = d.clone();
    assert_eq!(
        change_user_group(&mut d, "staff", UserGroupChange::Users(99)).map_err(|e| e.to_string()),
        Err("peak concurrent users (100) cannot be more than the users (99)".into())
    );
    assert_eq!(d, before);
    assert_eq!(parse_people("users", " 250 "), Ok(250));
    assert_eq!(parse_people("devices", "0"), Ok(0));
    for bad in ["-1", "2.5", "many", "", "10000001"] {
        assert_eq!(
            parse_people("users", bad).map_err(|e| e.to_string()),
            Err("users must be a whole number from 0 to 10000000".into()),
            "{bad}"
        );
    }
    assert_eq!(parse_optional_people("concurrent users", " "), Ok(None));
    assert_eq!(parse_quantity(""), Ok(None));
    assert_eq!(parse_quantity("40"), Ok(Some(40)));
    assert!(parse_quantity("0").is_err());
    assert_eq!(parse_provider("aws"), Ok(CloudProvider::Aws));
    assert_eq!(
        parse_provider("ibm").map_err(|e| e.to_string()),
        Err("\"ibm\" is not a cloud provider Preflight knows".into())
    );
    let catalogue = catalogue();
    let mut d = people();
    change_placement(&mut d, &catalogue, 0, PlacementChange::Quantity(Some(40))).unwrap();
    assert_eq!(d.placements[0].quantity, Some(40));
}

/// The page's figures for its browser test, computed here first: Windows Server on a Listed
/// Provider's shared hardware may not bring its own licence (MS-CLOUD-BYOL), so the three 8-vCPU
/// AWS instances are licence included at 33.58 a vCPU-month (0.046 an hour × 730):
/// 3 × 8 × 33.58 × 12 = 9,671.04 a year, opex. 250 users need 250 SQL Server CALs.
#[test]
fn the_people_scenario_evaluates_to_hand_computed_figures() {
    let pack = RulePack::builtin();
    let mut workbook = Workbook::new(Currency::USD, people());
    workbook.licence_included = vec![LicenceIncludedRate {
        provider: CloudProvider::Aws,
        product: id("ms-windows-server-standard"),
        per_vcpu_month: Money::new(dec!(33.58), Currency::USD),
        valid_from: None,
        valid_to: None,
        source: "AWS EC2 Windows licence charge, 0.046 USD per vCPU-hour × 730".into(),
    }];
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let evaluation = crate::evaluate(&workbook, &pack, as_of);
    let cal = evaluation
        .positions
        .iter()
        .find(|p| p.product == id("ms-sql-server-cal"))
        .expect("a SQL Server CAL position");
    assert_eq!(cal.required.0, 250);
    // One line a year per instance: 8 × 33.58 × 12 = 3,223.68; three a year sum to 9,671.04.
    let mut opex: Vec<(String, rust_decimal::Decimal)> = Vec::new();
    for line in &evaluation.budget.lines {
        assert_eq!(line.product, id("ms-windows-server-standard"), "{line:?}");
        assert_eq!(line.amount.amount, dec!(3223.68), "{line:?}");
        match opex.iter_mut().find(|(year, _)| *year == line.fiscal_year) {
            Some((_, sum)) => *sum += line.amount.amount,
            None => opex.push((line.fiscal_year.clone(), line.amount.amount)),
        }
    }
    assert_eq!(
        opex,
        [
            ("FY2026".to_string(), dec!(9671.04)),
            ("FY2027".to_string(), dec!(9671.04)),
            ("FY2028".to_string(), dec!(9671.04))
        ]
    );
}

#[test]
fn the_cloud_and_user_templates_evaluate() {
    let pack = RulePack::builtin();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let users = Template::UsersWithCals.deployment();
    assert_consistent(&users);
    let evaluation = crate::evaluate(&Workbook::new(Currency::USD, users), &pack, as_of);
    let cal = evaluation
        .positions
        .iter()
        .find(|p| p.product == id("ms-windows-server-cal"))
        .expect("a Windows Server CAL position");
    // One CAL per user: 1,000.
    assert_eq!(cal.required.0, 1000);
    let azure = Template::AzureWindows4.deployment();
    assert_consistent(&azure);
    assert_eq!(azure.cloud_instances.len(), 4);
    assert_eq!(azure.placements[0].instances.len(), 4);
}

#[test]
fn the_placement_table_shows_the_kinds_the_deployment_has() {
    let catalogue = catalogue();
    let mut d = people();
    assert_eq!(
        placement_columns(&d, &catalogue),
        PlacementColumns {
            instances: true,
            user_groups: true,
            ..PlacementColumns::default()
        }
    );
    // A capacity product asks for its quantity; hosts appear once there is one.
    crate::edit::add_placement(&mut d, &catalogue, &id("ibm-rvu-example")).unwrap();
    d.hosts.push(crate::estate::Host::new("h1", n(1), n(8)));
    let columns = placement_columns(&d, &catalogue);
    assert!(columns.quantity && columns.hosts && !columns.vms && !columns.clusters);
}

#[derive(Clone, Debug)]
enum Op {
    Add(u32),
    Group(u8),
    Rename(usize, usize),
    RenameGroup(usize, u8),
    Duplicate(usize),
    Delete(usize),
    DeleteGroup(usize),
    WindowsOn(usize),
    CalFor(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let i = || 0usize..6;
    prop_oneof![
        (1u32..4).prop_map(Op::Add),
        (0u8..4).prop_map(Op::Group),
        (i(), i()).prop_map(|(a, b)| Op::Rename(a, b)),
        (i(), 0u8..4).prop_map(|(a, b)| Op::RenameGroup(a, b)),
        i().prop_map(Op::Duplicate),
        i().prop_map(Op::Delete),
        i().prop_map(Op::DeleteGroup),
        i().prop_map(Op::WindowsOn),
        i().prop_map(Op::CalFor),
    ]
}

fn apply(d: &mut Deployment, op: &Op, catalogue: &Catalogue) -> Result<(), EditError> {
    let instance = |d: &Deployment, i: usize| {
        d.cloud_instances
            .get(i)
            .map_or("ghost".into(), |x| x.name.clone())
    };
    let group = |d: &Deployment, i: usize| {
        d.user_groups
            .get(i)
            .map_or("ghost".into(), |g| g.name.clone())
    };
    match op {
        Op::Add(count) => add_instances(d, catalogue, &aws(*count, None)).map(drop),
        Op::Group(g) => add_user_group(
            d,
            catalogue,
            &AddUserGroup {
                name: format!("g{g}"),
                ..staff(10, None)
            },
        )
        .map(drop),
        Op::Rename(a, b) => rename_instance(d, &instance(d, *a), &format!("aws-{b}")),
        Op::RenameGroup(a, b) => rename_user_group(d, &group(d, *a), &format!("g{b}")),
        Op::Duplicate(a) => duplicate_instance(d, &instance(d, *a)).map(drop),
        Op::Delete(a) => delete_instances(d, &[instance(d, *a)]),
        Op::DeleteGroup(a) => delete_user_groups(d, &[group(d, *a)]),
        Op::WindowsOn(a) => place(
            d,
            catalogue,
            &id("ms-windows-server-standard"),
            &[instance(d, *a)],
            Target::Instances,
        ),
        Op::CalFor(a) => place(
            d,
            catalogue,
            &id("ms-windows-server-cal"),
            &[group(d, *a)],
            Target::UserGroups,
        ),
    }
}

proptest! {
    /// Any sequence of instance and group edits keeps names unique and references whole; a
    /// refused edit changes nothing.
    #[test]
    fn any_sequence_of_people_edits_keeps_the_deployment_consistent(ops in proptest::collection::vec(op(), 1..40)) {
        let catalogue = catalogue();
        let mut d = people();
        for op in &ops {
            let before = d.clone();
            if apply(&mut d, op, &catalogue).is_err() {
                prop_assert_eq!(&d, &before, "refused {:?} changed the deployment", op);
            }
            assert_consistent(&d);
        }
    }
}
