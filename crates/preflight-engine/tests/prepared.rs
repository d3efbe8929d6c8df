//! The kept part of an evaluation (`prepared::Cache`, what the page keeps between edits) gives
//! exactly the evaluation made from nothing: on every rule case and scenario, and on generated
//! workbooks — lines of every licence type, OEM lines, SA-only lines, a down-edition, an
//! existing estate with changes, baseline consumption, site reservations — after each edit of a
//! random sequence, lines and estate included.

mod support;

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::changes::Change;
use preflight_engine::site::{Reservation, SiteData};
use preflight_engine::workbook::BaselineConsumption;
use preflight_engine::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

const PRODUCTS: [&str; 3] = [
    "ms-windows-server-datacenter",
    "ms-sql-server-enterprise",
    "ms-sql-server-standard",
];

fn product(i: usize) -> ProductId {
    ProductId(PRODUCTS[i % PRODUCTS.len()].into())
}

fn n(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value.max(1)).unwrap()
}

#[test]
fn every_case_evaluates_the_same_through_one_kept_cache() {
    let pack = RulePack::builtin();
    let mut cases = support::case::read(include_str!("rule_cases.json"));
    cases.extend(support::case::read(include_str!("scenarios.json")));
    assert!(cases.len() >= 75, "the cases were read: {}", cases.len());
    let as_of = support::case::as_of();
    // One cache over all the cases: each case's workbook replaces the last one's prepared part,
    // and its second evaluation reuses its own.
    let mut cache = Cache::default();
    for case in &cases {
        let mut workbook = support::case::workbook(case, &pack);
        let fresh = evaluate(&workbook, &pack, as_of);
        assert_eq!(
            cache.evaluate(&workbook, &pack, as_of),
            fresh,
            "{}",
            case.name
        );
        assert_eq!(
            cache.evaluate(&workbook, &pack, as_of),
            fresh,
            "{}",
            case.name
        );
        // The same lines and estate, the scenario without its changes: the kept part serves it.
        workbook.scenario_mut().changes.clear();
        let unchanged = evaluate(&workbook, &pack, as_of);
        assert_eq!(
            cache.evaluate(&workbook, &pack, as_of),
            unchanged,
            "{}",
            case.name
        );
    }
}

/// `Cache::made` (what the page keys its lines table on) changes when the lines do, and not
/// when only the scenario does.
#[test]
fn the_cache_counts_a_new_prepared_part_only_when_the_lines_or_estate_change() {
    let pack = RulePack::builtin();
    let cases = support::case::read(include_str!("rule_cases.json"));
    let as_of = support::case::as_of();
    let case = cases
        .iter()
        .find(|c| {
            support::case::workbook(c, &pack)
                .sources
                .first()
                .is_some_and(|s| !s.entitlements.is_empty())
        })
        .expect("a case with lines");
    let mut workbook = support::case::workbook(case, &pack);
    let mut cache = Cache::default();
    assert_eq!(cache.made(), 0);
    cache.evaluate(&workbook, &pack, as_of);
    assert_eq!(cache.made(), 1);
    // An edit of the scenario: the kept part serves it.
    workbook
        .scenario_mut()
        .deployment
        .name
        .push_str(" (edited)");
    workbook.scenario_mut().deployment.hosts.clear();
    cache.evaluate(&workbook, &pack, as_of);
    assert_eq!(cache.made(), 1);
    // A line fewer: made again.
    workbook.sources[0].entitlements.pop();
    cache.evaluate(&workbook, &pack, as_of);
    assert_eq!(cache.made(), 2);
    // Cleared, it counts on rather than starting again.
    cache.clear();
    cache.evaluate(&workbook, &pack, as_of);
    assert_eq!(cache.made(), 3);
}

/// One generated line: product, licence type, rights per pack, packs, OEM on existing host n.
type Line = (usize, usize, u32, u32, Option<usize>);

fn line() -> impl Strategy<Value = Line> {
    (
        0..PRODUCTS.len(),
        0usize..4,
        prop::sample::select(vec![1u32, 2, 16]),
        0u32..12,
        prop::option::weighted(0.2, 0usize..3),
    )
}

fn entitlement(row: usize, &(p, kind, per_pack, packs, oem): &Line) -> Entitlement {
    let types = [
        LicenceType::Perpetual,
        LicenceType::PerpetualWithSa,
        LicenceType::Subscription,
        LicenceType::SoftwareAssurance,
    ];
    Entitlement {
        unit_price: Some(Money::new(
            Decimal::new(10_000 + row as i64, 2),
            Currency::EUR,
        )),
        purchased: NaiveDate::from_ymd_opt(2019 + (row % 6) as i32, 3, 1),
        start: NaiveDate::from_ymd_opt(2025, 1, 1),
        end: NaiveDate::from_ymd_opt(2026 + (row % 3) as i32, 6, 30),
        channel: oem.map(|_| Channel::Oem),
        oem_host: oem.map(|h| format!("old{h}")),
        legal_entity: (row % 7 == 3).then(|| "Other Ltd".into()),
        ..Entitlement::new(
            product(p),
            Metric::Core,
            types[kind],
            per_pack,
            packs,
            SourceRef {
                file: if row.is_multiple_of(2) {
                    "a.csv"
                } else {
                    "b.csv"
                }
                .into(),
                row: row as u32 + 2,
            },
        )
    }
}

/// Hosts (sockets, cores per socket) with the products placed on them.
type Hosts = Vec<(u32, u32, Vec<usize>)>;

fn hosts(prefix: &str, hosts: &Hosts) -> Deployment {
    let list: Vec<Host> = hosts
        .iter()
        .enumerate()
        .map(|(i, &(sockets, cores, _))| Host::new(format!("{prefix}{i}"), n(sockets), n(cores)))
        .collect();
    let placements = hosts
        .iter()
        .enumerate()
        .flat_map(|(i, (_, _, placed))| {
            placed
                .iter()
                .map(move |&p| Placement::on_hosts(product(p), vec![format!("{prefix}{i}")]))
        })
        .collect();
    Deployment {
        name: "p".into(),
        hosts: list,
        placements,
        ..Deployment::default()
    }
}

fn host_list() -> impl Strategy<Value = Hosts> {
    prop::collection::vec(
        (1u32..=2, 2u32..=24, prop::collection::vec(0usize..3, 0..3)),
        0..4,
    )
}

fn workbook(
    project: &Hosts,
    existing: &Hosts,
    lines: &[Line],
    consumed: &[(usize, u64)],
    reservations: &[(usize, u64, bool)],
) -> Workbook {
    let mut workbook = Workbook::new(Currency::EUR, hosts("new", project));
    let entitlements: Vec<Entitlement> = lines
        .iter()
        .enumerate()
        .map(|(row, line)| entitlement(row, line))
        .collect();
    for file in ["a.csv", "b.csv"] {
        workbook.put_source(EntitlementSource {
            file: file.into(),
            sha256: String::new(),
            entitlements: entitlements
                .iter()
                .filter(|line| &*line.source.file == file)
                .cloned()
                .collect(),
            unmatched: vec![],
        });
    }
    workbook.existing = hosts("old", existing);
    workbook.baseline = consumed
        .iter()
        .map(|&(p, rights)| BaselineConsumption {
            product: product(p),
            consumed: Rights(rights),
            legal_entity: None,
            source: None,
        })
        .collect();
    if !reservations.is_empty() {
        let scenario = workbook.scenario().name.clone();
        workbook.site = Some(SiteData {
            schema: preflight_engine::site::SITE_SCHEMA,
            maintainer: "SAM".into(),
            published: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            sources: vec![],
            price_list: vec![],
            catalogue_additions: vec![],
            fiscal: None,
            reservations: reservations
                .iter()
                .map(|&(p, rights, ours)| Reservation {
                    product: product(p),
                    rights: Rights(rights),
                    // One held by this very scenario (it does not count against it) or another's.
                    project: if ours { "p" } else { "other" }.into(),
                    scenario: scenario.clone(),
                    reserved_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
                    reserved_by: "A. Manager".into(),
                    legal_entity: None,
                })
                .collect(),
        });
    }
    workbook
}

/// An edit of the workbook, as the page makes them (most of the scenario, some of the rest).
#[derive(Clone, Debug)]
enum Edit {
    /// The project's host n gets other cores per socket.
    Cores(usize, u32),
    /// A product placed on the project's host n, or the last placement removed.
    Place(usize, usize),
    Unplace,
    /// A change to the existing estate's host n: retired, resized; or every change dropped.
    Retire(usize),
    Resize(usize, u32),
    ClearChanges,
    /// The project goes live later (a phase of its own for the products placed).
    Start(u32),
    /// The deployment renamed, so the reservations it held are another project's.
    Rename(bool),
    /// A line added to a file, a line's packs changed, a baseline figure changed.
    AddLine(Line),
    Packs(usize, u32),
    Consumed(u64),
    /// The existing estate's host n gets other cores.
    ExistingCores(usize, u32),
    /// Another Oracle scope in the settings.
    Settings,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0usize..4, 2u32..=24).prop_map(|(h, c)| Edit::Cores(h, c)),
        2 => (0usize..4, 0usize..3).prop_map(|(h, p)| Edit::Place(h, p)),
        1 => Just(Edit::Unplace),
        2 => (0usize..4).prop_map(Edit::Retire),
        1 => (0usize..4, 2u32..=24).prop_map(|(h, c)| Edit::Resize(h, c)),
        1 => Just(Edit::ClearChanges),
        1 => (0u32..400).prop_map(Edit::Start),
        1 => any::<bool>().prop_map(Edit::Rename),
        1 => line().prop_map(Edit::AddLine),
        1 => (0usize..40, 0u32..12).prop_map(|(l, p)| Edit::Packs(l, p)),
        1 => (0u64..64).prop_map(Edit::Consumed),
        1 => (0usize..4, 2u32..=24).prop_map(|(h, c)| Edit::ExistingCores(h, c)),
        1 => Just(Edit::Settings),
    ]
}

fn apply(workbook: &mut Workbook, edit: &Edit) {
    let existing: Vec<String> = workbook
        .existing
        .hosts
        .iter()
        .map(|h| h.name.clone())
        .collect();
    let scenario = workbook.scenario_mut();
    let deployment = &mut scenario.deployment;
    match edit.clone() {
        Edit::Cores(h, cores) => {
            let count = deployment.hosts.len();
            if let Some(host) = deployment.hosts.get_mut(h % count.max(1)) {
                host.cores_per_socket = n(cores);
            }
        }
        Edit::Place(h, p) => {
            if let Some(host) = deployment.hosts.get(h % deployment.hosts.len().max(1)) {
                let placement = Placement::on_hosts(product(p), vec![host.name.clone()]);
                deployment.placements.push(placement);
            }
        }
        Edit::Unplace => {
            deployment.placements.pop();
        }
        Edit::Retire(h) => {
            if let Some(host) = existing.get(h % existing.len().max(1)) {
                scenario.changes.push(Change::Retire { host: host.clone() });
            }
        }
        Edit::Resize(h, cores) => {
            if let Some(host) = existing.get(h % existing.len().max(1)) {
                scenario.changes.push(Change::Resize {
                    host: host.clone(),
                    sockets: n(2),
                    cores_per_socket: n(cores),
                });
            }
        }
        Edit::ClearChanges => scenario.changes.clear(),
        Edit::Start(days) => {
            deployment.start = NaiveDate::from_ymd_opt(2026, 11, 1)
                .and_then(|d| d.checked_add_days(chrono::Days::new(days.into())));
        }
        Edit::Rename(ours) => deployment.name = if ours { "p" } else { "q" }.into(),
        Edit::AddLine(line) => {
            let row = workbook.entitlements().count() + 100;
            let added = entitlement(row, &line);
            let file = added.source.file.clone();
            if let Some(source) = workbook.sources.iter_mut().find(|s| *s.file == *file) {
                source.entitlements.push(added);
            }
        }
        Edit::Packs(l, packs) => {
            let count = workbook.entitlements().count();
            let mut at = l % count.max(1);
            for source in &mut workbook.sources {
                if at < source.entitlements.len() {
                    source.entitlements[at].packs = packs;
                    break;
                }
                at -= source.entitlements.len();
            }
        }
        Edit::Consumed(rights) => match workbook.baseline.first_mut() {
            Some(first) => first.consumed = Rights(rights),
            None => workbook.baseline.push(BaselineConsumption {
                product: product(1),
                consumed: Rights(rights),
                legal_entity: None,
                source: None,
            }),
        },
        Edit::ExistingCores(h, cores) => {
            let count = workbook.existing.hosts.len();
            if let Some(host) = workbook.existing.hosts.get_mut(h % count.max(1)) {
                host.cores_per_socket = n(cores);
            }
        }
        Edit::Settings => {
            use preflight_engine::workbook::OracleScope;
            let scope = &mut workbook.settings.oracle_scope;
            *scope = match *scope {
                OracleScope::Cluster => OracleScope::Vcenter,
                _ => OracleScope::Cluster,
            };
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        rng_seed: proptest::test_runner::RngSeed::Fixed(7),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_kept_cache_gives_the_fresh_evaluation_after_every_edit(
        project in host_list(),
        existing in host_list(),
        lines in prop::collection::vec(line(), 0..40),
        consumed in prop::collection::vec((0usize..3, 0u64..64), 0..3),
        reservations in prop::collection::vec((0usize..3, 1u64..32, any::<bool>()), 0..3),
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        let pack = RulePack::builtin();
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut workbook = workbook(&project, &existing, &lines, &consumed, &reservations);
        let mut cache = Cache::default();
        prop_assert_eq!(cache.evaluate(&workbook, &pack, as_of), evaluate(&workbook, &pack, as_of));
        for edit in &edits {
            apply(&mut workbook, edit);
            let fresh = evaluate(&workbook, &pack, as_of);
            prop_assert_eq!(cache.evaluate(&workbook, &pack, as_of), fresh, "after {:?}", edit);
        }
        // The same cache on another date: nothing kept from the one before serves it.
        let later = NaiveDate::from_ymd_opt(2027, 8, 1).unwrap();
        prop_assert_eq!(cache.evaluate(&workbook, &pack, later), evaluate(&workbook, &pack, later));
    }
}
