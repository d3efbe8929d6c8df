//! Allocation: least capable first, baseline before project, SA coverage, versions, entities.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::allocation::allocate;
use preflight_engine::coverage::lots;
use preflight_engine::*;
use proptest::prelude::*;

const SQL_ENT: &str = "ms-sql-server-enterprise";
const SQL_STD: &str = "ms-sql-server-standard";

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn line(product: &str, rights: u32, licence_type: LicenceType, row: u32) -> Entitlement {
    let source = SourceRef {
        file: "owned.csv".into(),
        row,
    };
    Entitlement::new(
        ProductId(product.into()),
        Metric::Core,
        licence_type,
        1,
        rights,
        source,
    )
}

fn demand(label: &str, product: &str, rights: u64) -> Demand {
    Demand {
        label: label.into(),
        origin: Origin::Project,
        product: ProductId(product.into()),
        rights: Rights(rights),
        version: None,
        needs_sa: false,
        on: date("2026-11-28"),
        legal_entity: None,
        host: None,
        bought_before: None,
    }
}

/// (demand label, rights unmet) after allocating `lines` to `demands`.
fn unmet(demands: &[Demand], lines: &[Entitlement]) -> Vec<(String, u64)> {
    let pack = RulePack::builtin();
    let refs: Vec<&Entitlement> = lines.iter().collect();
    let lots = lots(&refs, &mut Vec::new(), &mut Vec::new());
    let result = allocate(demands, &lots, &pack.catalogue);
    result
        .unmet
        .iter()
        .map(|u| (u.demand.clone(), u.rights.0))
        .collect()
}

#[test]
fn the_lowest_edition_that_fits_is_used_first_so_no_false_shortfall_appears() {
    // File-order greedy would give the Standard host the Enterprise line (row 2; Enterprise may
    // be used for Standard) and leave the Enterprise host 8 short. Least capable first gives the
    // Standard host the Standard line.
    let lines = [
        line(SQL_ENT, 8, LicenceType::Perpetual, 2),
        line(SQL_STD, 8, LicenceType::Perpetual, 3),
    ];
    let demands = [
        demand("std-host", SQL_STD, 8),
        demand("ent-host", SQL_ENT, 8),
    ];
    assert_eq!(unmet(&demands, &lines), []);
    // And a Standard line never covers Enterprise.
    assert_eq!(
        unmet(
            &[demand("ent-host", SQL_ENT, 8)],
            &[line(SQL_STD, 8, LicenceType::Perpetual, 2)]
        ),
        [("ent-host".into(), 8)]
    );
}

#[test]
fn a_demand_that_needs_sa_is_served_first_and_plain_demand_takes_lines_without_sa() {
    let mut with_sa = line(SQL_ENT, 8, LicenceType::PerpetualWithSa, 2);
    with_sa.end = Some(date("2027-06-30"));
    let lines = [with_sa, line(SQL_ENT, 8, LicenceType::Perpetual, 3)];
    let mut needs_sa = demand("vm-host", SQL_ENT, 8);
    needs_sa.needs_sa = true;
    assert_eq!(
        unmet(&[demand("plain", SQL_ENT, 8), needs_sa.clone()], &lines),
        []
    );
    // The allocation records the SA end the use relies on (the line's own SA term).
    let pack = RulePack::builtin();
    let refs: Vec<&Entitlement> = lines.iter().collect();
    let lots = lots(&refs, &mut Vec::new(), &mut Vec::new());
    let result = allocate(&[needs_sa.clone()], &lots, &pack.catalogue);
    assert_eq!(
        result.allocations[0].relies_on_sa_until,
        Some(Some(date("2027-06-30")))
    );
    // SA that has ended does not serve it.
    needs_sa.on = date("2027-07-01");
    assert_eq!(unmet(&[needs_sa], &lines), [("vm-host".into(), 8)]);
}

#[test]
fn plain_licences_go_first_then_the_soonest_ending_subscription_and_perpetual_sa_last() {
    let pack = RulePack::builtin();
    let mut later = line(SQL_ENT, 8, LicenceType::Subscription, 2);
    later.end = Some(date("2027-06-30"));
    let mut sooner = line(SQL_ENT, 8, LicenceType::Subscription, 3);
    sooner.end = Some(date("2026-12-31"));
    let perpetual_sa = line(SQL_ENT, 8, LicenceType::PerpetualWithSa, 4);
    let plain = line(SQL_ENT, 2, LicenceType::Perpetual, 5);
    let lines = [perpetual_sa, later, plain, sooner];
    let refs: Vec<&Entitlement> = lines.iter().collect();
    let lots = lots(&refs, &mut Vec::new(), &mut Vec::new());
    let result = allocate(&[demand("h", SQL_ENT, 20)], &lots, &pack.catalogue);
    let rows: Vec<(u32, u64)> = result
        .allocations
        .iter()
        .map(|a| (a.source.row, a.rights.0))
        .collect();
    // No SA first (row 5), then SA-bearing lines by end date: row 3 ends 2026-12-31, row 2
    // ends 2027-06-30, and perpetual + SA (no end) would come last.
    assert_eq!(rows, [(5, 2), (3, 8), (2, 8), (4, 2)]);
}

#[test]
fn a_licence_covers_a_later_version_only_with_sa_active_on_its_release() {
    // MS-VERSION: SQL Server 2022 was released on 2022-11-16 (Microsoft Lifecycle).
    let mut with_sa = line(SQL_ENT, 8, LicenceType::PerpetualWithSa, 2);
    with_sa.version = Some("2019".into());
    with_sa.start = Some(date("2020-01-01"));
    with_sa.end = Some(date("2022-12-31"));
    let mut lapsed = with_sa.clone();
    lapsed.end = Some(date("2022-11-15"));
    let mut wants_2022 = demand("h", SQL_ENT, 8);
    wants_2022.version = Some("2022".into());
    assert_eq!(unmet(&[wants_2022.clone()], &[with_sa.clone()]), []);
    assert_eq!(unmet(&[wants_2022.clone()], &[lapsed]), [("h".into(), 8)]);
    let mut plain_2019 = line(SQL_ENT, 8, LicenceType::Perpetual, 2);
    plain_2019.version = Some("2019".into());
    assert_eq!(
        unmet(&[wants_2022.clone()], &[plain_2019.clone()]),
        [("h".into(), 8)]
    );
    // A 2019 licence covers 2017 (down-version).
    let mut wants_2017 = wants_2022;
    wants_2017.version = Some("2017".into());
    assert_eq!(unmet(&[wants_2017], &[plain_2019]), []);
}

#[test]
fn sa_only_lines_cover_existing_rights_and_add_none() {
    let mut sa = line(SQL_ENT, 6, LicenceType::SoftwareAssurance, 3);
    sa.end = Some(date("2027-12-31"));
    let lines = [line(SQL_ENT, 16, LicenceType::Perpetual, 2), sa];
    let mut needs_sa = demand("h", SQL_ENT, 10);
    needs_sa.needs_sa = true;
    // 6 of the 16 rights carry SA: 4 short for a demand that needs SA.
    assert_eq!(unmet(&[needs_sa], &lines), [("h".into(), 4)]);
    // The SA line adds no rights: 16 in all.
    assert_eq!(
        unmet(&[demand("h", SQL_ENT, 18)], &lines),
        [("h".into(), 2)]
    );

    let refs: Vec<&Entitlement> = lines.iter().collect();
    let (mut steps, mut findings) = (Vec::new(), Vec::new());
    lots(&refs, &mut steps, &mut findings);
    assert_eq!(steps.len(), 1);
    assert_eq!(
        steps[0].1.to_string(),
        "owned.csv row 3 (SA) covers 6 rights of owned.csv row 2 until 2027-12-31"
    );

    // SA with nothing to cover is a finding.
    let orphan = [line(SQL_ENT, 4, LicenceType::SoftwareAssurance, 2)];
    let refs: Vec<&Entitlement> = orphan.iter().collect();
    lots(&refs, &mut Vec::new(), &mut findings);
    assert_eq!(
        findings,
        [Finding::SaWithoutLicence {
            product: ProductId(SQL_ENT.into()),
            source: SourceRef {
                file: "owned.csv".into(),
                row: 2
            },
            rights: Rights(4)
        }]
    );
}

#[test]
fn a_demand_uses_its_own_legal_entitys_lines() {
    let mut theirs = line(SQL_ENT, 8, LicenceType::Perpetual, 2);
    theirs.legal_entity = Some("Acme UK Ltd".into());
    let mut ours = demand("h", SQL_ENT, 8);
    ours.legal_entity = Some("Acme GmbH".into());
    assert_eq!(unmet(&[ours.clone()], &[theirs.clone()]), [("h".into(), 8)]);
    theirs.legal_entity = Some("Acme GmbH".into());
    assert_eq!(unmet(&[ours], &[theirs]), []);
}

fn workbook(consumed: Option<u64>, owned: u32, hosts: u32) -> Workbook {
    let hosts: Vec<Host> = (0..hosts)
        .map(|i| {
            Host::new(
                format!("h{i}"),
                NonZeroU32::new(2).unwrap(),
                NonZeroU32::new(8).unwrap(),
            )
        })
        .collect();
    let deployment = Deployment {
        name: "t".into(),
        placements: vec![Placement::on_hosts(
            ProductId(SQL_ENT.into()),
            hosts.iter().map(|h| h.name.clone()).collect(),
        )],
        hosts,
        ..Deployment::default()
    };
    let mut workbook = Workbook::new(Currency::USD, deployment);
    workbook.put_source(EntitlementSource::new(
        "owned.csv",
        vec![line(SQL_ENT, owned, LicenceType::Perpetual, 2)],
    ));
    workbook.baseline = consumed
        .map(|consumed| {
            vec![BaselineConsumption {
                product: ProductId(SQL_ENT.into()),
                consumed: Rights(consumed),
                legal_entity: None,
                source: None,
            }]
        })
        .unwrap_or_default();
    workbook
}

#[test]
fn the_baseline_consumes_first_and_the_project_buys_only_what_it_adds() {
    let pack = RulePack::builtin();
    let as_of = date("2026-11-28");
    // 32 owned, 20 in use today, the project needs 2 hosts × 16 = 32: 12 spare, 20 to buy.
    let evaluation = evaluate(&workbook(Some(20), 32, 2), &pack, as_of);
    let p = &evaluation.positions[0];
    assert_eq!(
        (p.consumed, p.required, p.entitled),
        (Some(Rights(20)), Rights(32), Rights(32))
    );
    assert_eq!(
        p.before,
        Balance {
            demand: Rights(20),
            shortfall: Rights(0),
            surplus: Rights(12)
        }
    );
    assert_eq!(
        p.after,
        Balance {
            demand: Rights(52),
            shortfall: Rights(20),
            surplus: Rights(0)
        }
    );
    assert_eq!(p.shortfall, Rights(20));
    assert!(
        !evaluation
            .findings
            .iter()
            .any(|f| matches!(f, Finding::SurplusUnverified { .. }))
    );

    // Already 8 short today: the project is charged only its own 32, and the gap is a finding.
    let evaluation = evaluate(&workbook(Some(40), 32, 2), &pack, as_of);
    let p = &evaluation.positions[0];
    assert_eq!(
        (p.before.shortfall, p.after.shortfall, p.shortfall),
        (Rights(8), Rights(40), Rights(32))
    );
    assert!(evaluation.findings.contains(&Finding::ExistingShortfall {
        product: ProductId(SQL_ENT.into()),
        shortfall: Rights(8)
    }));

    // No baseline at all: surplus unverified, 0 consumed assumed.
    let evaluation = evaluate(&workbook(None, 32, 1), &pack, as_of);
    assert!(evaluation.findings.contains(&Finding::SurplusUnverified {
        product: ProductId(SQL_ENT.into()),
        entitled: Rights(32)
    }));
}

#[test]
fn the_allocation_table_names_the_cost_centre_whose_rights_each_demand_uses() {
    // Finance owns 32 cores (row 2), Sales 32 (row 3). 20 are in use today; the project's two
    // 2x8 hosts need 16 + 16. The baseline takes 20 of Finance's row 2 (source order); the
    // project's first host takes Finance's surplus of 12 and 4 of Sales's, the second 16 of
    // Sales's: Sales keeps 12.
    let mut book = workbook(Some(20), 32, 2);
    let mut finance = line(SQL_ENT, 32, LicenceType::Perpetual, 2);
    finance.cost_centre = Some("CC-100 Finance".into());
    let mut sales = line(SQL_ENT, 32, LicenceType::Perpetual, 3);
    sales.cost_centre = Some("CC-200 Sales".into());
    book.sources[0].entitlements = vec![finance, sales];
    let evaluation = evaluate(&book, &RulePack::builtin(), date("2026-11-28"));
    let table: Vec<(u32, Option<&str>, &str, u64)> = evaluation
        .allocations
        .iter()
        .map(|a| {
            (
                a.source.row,
                a.cost_centre.as_deref(),
                a.demand.as_str(),
                a.rights.0,
            )
        })
        .collect();
    assert_eq!(
        table,
        [
            (2, Some("CC-100 Finance"), "in use today", 20),
            (2, Some("CC-100 Finance"), "h0", 12),
            (3, Some("CC-200 Sales"), "h0", 4),
            (3, Some("CC-200 Sales"), "h1", 16),
        ]
    );
    assert_eq!(evaluation.positions[0].after.surplus, Rights(12));
}

fn arbitrary_line() -> impl Strategy<Value = Entitlement> {
    (prop::bool::ANY, 0u32..40, 0usize..4, 2u32..200).prop_map(|(enterprise, rights, kind, row)| {
        let licence_type = [
            LicenceType::Perpetual,
            LicenceType::PerpetualWithSa,
            LicenceType::Subscription,
            LicenceType::SoftwareAssurance,
        ][kind];
        let mut entitlement = line(
            if enterprise { SQL_ENT } else { SQL_STD },
            rights,
            licence_type,
            row,
        );
        if kind == 2 || kind == 3 {
            entitlement.end = Some(date("2026-01-01") + chrono::Days::new(u64::from(row) * 3));
        }
        entitlement
    })
}

fn arbitrary_demand() -> impl Strategy<Value = Demand> {
    (prop::bool::ANY, prop::bool::ANY, 0u64..60, 0u32..6).prop_map(
        |(enterprise, needs_sa, rights, host)| {
            let mut d = demand(
                &format!("h{host}"),
                if enterprise { SQL_ENT } else { SQL_STD },
                rights,
            );
            d.needs_sa = needs_sa;
            d
        },
    )
}

fn totals(demands: &[Demand], lines: &[Entitlement]) -> (u64, u64) {
    let pack = RulePack::builtin();
    let refs: Vec<&Entitlement> = lines.iter().collect();
    let lots = lots(&refs, &mut Vec::new(), &mut Vec::new());
    let result = allocate(demands, &lots, &pack.catalogue);
    let unmet = result.unmet.iter().map(|u| u.rights.0).sum();
    let allocated = result.allocations.iter().map(|a| a.rights.0).sum();
    (unmet, allocated)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, rng_seed: proptest::test_runner::RngSeed::Fixed(20261128), ..ProptestConfig::default() })]

    /// Shuffling the entitlement lines (or the demands) changes no figure.
    #[test]
    fn shuffling_lines_and_demands_changes_no_figure(
        lines in prop::collection::vec(arbitrary_line(), 0..8),
        demands in prop::collection::vec(arbitrary_demand(), 0..6),
        seed in 0u64..1000,
    ) {
        // Rows are unique in a file; the source order is the tie-breaker.
        let lines: Vec<Entitlement> = lines.into_iter().enumerate().map(|(i, mut l)| { l.source.row = i as u32 + 2; l }).collect();
        let mut shuffled_lines = lines.clone();
        let mut shuffled_demands = demands.clone();
        let n = shuffled_lines.len().max(1) as u64;
        shuffled_lines.rotate_left((seed % n) as usize);
        shuffled_lines.reverse();
        shuffled_demands.reverse();
        let pack = RulePack::builtin();
        let run = |d: &[Demand], l: &[Entitlement]| {
            let refs: Vec<&Entitlement> = l.iter().collect();
            let lots = lots(&refs, &mut Vec::new(), &mut Vec::new());
            let mut result = allocate(d, &lots, &pack.catalogue);
            result.allocations.sort_by(|a, b| (&a.demand, &a.source, a.rights).cmp(&(&b.demand, &b.source, b.rights)));
            result.unmet.sort_by(|a, b| (&a.demand, &a.product, a.rights).cmp(&(&b.demand, &b.product, b.rights)));
            result
        };
        prop_assert_eq!(run(&demands, &lines), run(&shuffled_demands, &shuffled_lines));
    }

    /// Every demanded right is either allocated or unmet, and no line gives more than it has.
    #[test]
    fn demand_is_allocated_or_unmet_and_lines_are_never_overdrawn(
        lines in prop::collection::vec(arbitrary_line(), 0..8),
        demands in prop::collection::vec(arbitrary_demand(), 0..6),
    ) {
        let lines: Vec<Entitlement> = lines.into_iter().enumerate().map(|(i, mut l)| { l.source.row = i as u32 + 2; l }).collect();
        let (unmet, allocated) = totals(&demands, &lines);
        prop_assert_eq!(unmet + allocated, demands.iter().map(|d| d.rights.0).sum::<u64>());
        let owned: u64 = lines.iter().filter(|l| l.licence_type.grants_rights()).map(|l| l.rights().0).sum();
        prop_assert!(allocated <= owned);
    }

    /// More demand never leaves less unmet: adding a demand cannot shrink the shortfall.
    #[test]
    fn more_demand_never_shrinks_the_shortfall(
        lines in prop::collection::vec(arbitrary_line(), 0..8),
        demands in prop::collection::vec(arbitrary_demand(), 0..6),
        extra in arbitrary_demand(),
    ) {
        let lines: Vec<Entitlement> = lines.into_iter().enumerate().map(|(i, mut l)| { l.source.row = i as u32 + 2; l }).collect();
        let (before, _) = totals(&demands, &lines);
        let mut more = demands.clone();
        more.push(extra);
        let (after, _) = totals(&more, &lines);
        prop_assert!(after >= before, "{} < {}", after, before);
    }
}

#[test]
fn a_demand_brought_to_a_listed_provider_takes_only_lines_bought_before_the_cut_off() {
    // MS-CLOUD-BYOL: Windows Server on a Listed Provider's dedicated host only with licences
    // bought before 1 October 2019. The BYOL demand is served first and takes the old line; a
    // line bought later, or with no purchase date, cannot cover it.
    const WS: &str = "ms-windows-server-datacenter";
    let cut_off = Some(date("2019-10-01"));
    let old = Entitlement {
        purchased: Some(date("2019-06-30")),
        ..line(WS, 8, LicenceType::Perpetual, 3)
    };
    let new = Entitlement {
        purchased: Some(date("2019-10-01")),
        ..line(WS, 8, LicenceType::Perpetual, 2)
    };
    let undated = line(WS, 8, LicenceType::Perpetual, 4);
    let byol = Demand {
        bought_before: cut_off,
        ..demand("aws-dh", WS, 8)
    };
    let on_premises = demand("host", WS, 8);
    assert_eq!(
        unmet(
            &[on_premises.clone(), byol.clone()],
            &[new.clone(), old.clone()]
        ),
        []
    );
    assert_eq!(
        unmet(std::slice::from_ref(&byol), &[new, undated]),
        [("aws-dh".into(), 8)]
    );
    assert_eq!(unmet(&[byol], &[old]), []);
}

proptest! {
    /// A source's order (allocation's "then source order") is the file name's, then the row's,
    /// whether the two sources share one copy of the name (the lines of one file do) or not:
    /// the shared copy is compared by address, a different copy byte by byte.
    #[test]
    fn sources_order_by_file_then_row_whether_or_not_they_share_the_name(
        a in (prop::sample::select(vec!["a.csv", "b.csv", "ab.csv", ""]), 0u32..4),
        b in (prop::sample::select(vec!["a.csv", "b.csv", "ab.csv", ""]), 0u32..4),
    ) {
        let expected = (a.0, a.1).cmp(&(b.0, b.1));
        let shared: std::sync::Arc<str> = a.0.into();
        let first = SourceRef { file: shared.clone(), row: a.1 };
        let apart = SourceRef { file: b.0.into(), row: b.1 };
        prop_assert_eq!(first.cmp(&apart), expected);
        prop_assert_eq!(apart.cmp(&first), expected.reverse());
        // The same file through one copy of its name.
        let same = SourceRef { file: shared, row: b.1 };
        prop_assert_eq!(first.cmp(&same), a.1.cmp(&b.1));
        prop_assert_eq!(first.partial_cmp(&same), Some(a.1.cmp(&b.1)));
    }
}
