//! Site data: the organisation's files count with the user's own, and reservations of other
//! projects take surplus before this project does. Figures by hand in each case.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::site::{Reservation, SITE_SCHEMA, SiteData};
use preflight_engine::*;
use rust_decimal::dec;

const WS: &str = "ms-windows-server-datacenter";

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn source(file: &str, packs: u32) -> EntitlementSource {
    let line = Entitlement::new(
        ProductId(WS.into()),
        Metric::Core,
        LicenceType::Perpetual,
        16,
        packs,
        SourceRef {
            file: file.into(),
            row: 2,
        },
    );
    EntitlementSource::new(file, vec![line])
}

fn price(pack_size: u32, amount: rust_decimal::Decimal) -> PriceListEntry {
    PriceListEntry {
        sku: None,
        product: ProductId(WS.into()),
        pack_size,
        licence_type: LicenceType::Perpetual,
        price: Money::new(amount, Currency::USD),
        valid_from: None,
        valid_to: None,
        source: "site price list".into(),
    }
}

fn reservation(project: &str, scenario: &str, rights: u64) -> Reservation {
    Reservation {
        product: ProductId(WS.into()),
        rights: Rights(rights),
        project: project.into(),
        scenario: scenario.into(),
        reserved_on: date("2026-10-01"),
        reserved_by: "P. Manager".into(),
        legal_entity: None,
    }
}

/// Project "ERP": Windows Server Datacenter on one 2 × 16 host, 32 core licences. The estate
/// uses 16 today. The site owns 4 × 16 = 64 and prices 2-core packs at 500.00, 16-core at 4,000.00.
fn workbook(reservations: Vec<Reservation>) -> Workbook {
    let host = Host::new(
        "h1",
        NonZeroU32::new(2).unwrap(),
        NonZeroU32::new(16).unwrap(),
    );
    let deployment = Deployment {
        name: "ERP".into(),
        placements: vec![Placement::on_hosts(ProductId(WS.into()), vec!["h1".into()])],
        hosts: vec![host],
        start: Some(date("2027-01-04")),
        ..Deployment::default()
    };
    let mut workbook = Workbook::new(Currency::USD, deployment);
    workbook.baseline.push(BaselineConsumption {
        product: ProductId(WS.into()),
        consumed: Rights(16),
        legal_entity: None,
        source: None,
    });
    workbook.adopt_site(SiteData {
        schema: SITE_SCHEMA,
        maintainer: "SAM team".into(),
        published: date("2026-11-01"),
        sources: vec![source("org-entitlements.csv", 4)],
        price_list: vec![price(2, dec!(500.00)), price(16, dec!(4000.00))],
        catalogue_additions: Vec::new(),
        fiscal: Some(FiscalSettings {
            start_month: 7,
            horizon_years: 5,
        }),
        reservations,
    });
    workbook
}

/// (before demand, after demand, after surplus, project shortfall, cost)
fn figures(workbook: &Workbook) -> (u64, u64, u64, u64, Option<Money>) {
    let evaluation = evaluate(workbook, &RulePack::builtin(), date("2026-11-28"));
    let position = evaluation
        .positions
        .iter()
        .find(|p| p.product.0 == WS)
        .unwrap();
    (
        position.before.demand.0,
        position.after.demand.0,
        position.after.surplus.0,
        position.shortfall.0,
        position.cost,
    )
}

#[test]
fn the_sites_entitlements_prices_and_fiscal_calendar_count_and_the_users_files_add_to_them() {
    let mut workbook = workbook(vec![]);
    assert_eq!(workbook.settings.fiscal.start_month, 7);
    // Before 16, after 16 + 32 = 48 of 64: 16 left, nothing to buy.
    assert_eq!(figures(&workbook), (16, 48, 16, 0, None));
    // A second host (32 more) is 16 short: 8 two-core packs at 500.00 = 4,000.00 — or one
    // 16-core pack at 4,000.00; either way 4,000.00 from the site's price list.
    workbook.scenario_mut().deployment.hosts.push(Host::new(
        "h2",
        NonZeroU32::new(2).unwrap(),
        NonZeroU32::new(16).unwrap(),
    ));
    workbook.scenario_mut().deployment.placements[0]
        .hosts
        .push("h2".into());
    assert_eq!(
        figures(&workbook),
        (
            16,
            80,
            0,
            16,
            Some(Money::new(dec!(4000.00), Currency::USD))
        )
    );
    // The user's own file of one more 16-core pack covers it.
    workbook.put_source(source("my-licences.csv", 1));
    assert_eq!(figures(&workbook), (16, 80, 0, 0, None));
    let evaluation = evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"));
    let files: Vec<_> = evaluation
        .reproduction
        .sources
        .iter()
        .map(|s| s.file.as_str())
        .collect();
    assert_eq!(files, ["org-entitlements.csv", "my-licences.csv"]);
}

#[test]
fn another_projects_reservation_takes_surplus_before_this_project_and_says_so() {
    // CRM holds 24: before 16 + 24 = 40; after 40 + 32 = 72 of 64, 8 short: 4 two-core packs
    // at 500.00 = 2,000.00.
    let workbook = workbook(vec![reservation("CRM", "Proposed", 24)]);
    assert_eq!(
        figures(&workbook),
        (40, 72, 0, 8, Some(Money::new(dec!(2000.00), Currency::USD)))
    );
    let evaluation = evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"));
    let position = &evaluation.positions[0];
    let reserved: Vec<String> = position
        .derivation
        .iter()
        .filter(|step| matches!(step, Step::Reserved { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        reserved,
        [
            "reserved for CRM (Proposed) on 2026-10-01 by P. Manager: 24 rights taken from the surplus"
        ]
    );
    // In use today stays what the estate uses; the reservation is not consumption.
    assert_eq!(position.consumed, Some(Rights(16)));
}

#[test]
fn a_scenarios_own_reservation_does_not_count_against_it() {
    // ERP's "Proposed" reserved its 32 when approved; evaluated again it sees 16 + 32 of 64.
    let workbook = workbook(vec![
        reservation("ERP", "Proposed", 32),
        reservation("ERP", "Datacenter", 8),
    ]);
    // Its other scenario's reservation still counts: 16 + 8 before, 56 after, 8 left.
    assert_eq!(figures(&workbook), (24, 56, 8, 0, None));
}

#[test]
fn reservations_past_the_surplus_are_a_gap_before_the_project_not_its_cost() {
    // 16 + 60 = 76 of 64: 12 short before; after 108: 44 short; the project adds 32.
    let workbook = workbook(vec![reservation("CRM", "Proposed", 60)]);
    let (before, after, _, shortfall, _) = figures(&workbook);
    assert_eq!((before, after, shortfall), (76, 108, 32));
    let evaluation = evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"));
    assert!(evaluation.findings.contains(&Finding::ExistingShortfall {
        product: ProductId(WS.into()),
        shortfall: Rights(12),
    }));
}

#[test]
fn an_approved_scenario_reserves_the_owned_rights_it_uses_not_what_it_buys() {
    // Alone, ERP's 32 come from the site's surplus: it reserves 32.
    let on = date("2026-11-28");
    let reserve = |workbook: &Workbook| {
        let evaluation = evaluate(workbook, &RulePack::builtin(), on);
        preflight_engine::site::reservations_of(&evaluation, "ERP", on, "P. Manager")
            .into_iter()
            .map(|r| (r.product.0, r.rights.0, r.scenario))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        reserve(&workbook(vec![])),
        [(WS.to_string(), 32, "Proposed".to_string())]
    );
    // With CRM holding 24 of the 48 spare, ERP uses 24 of the surplus and buys 8.
    assert_eq!(
        reserve(&workbook(vec![reservation("CRM", "Proposed", 24)])),
        [(WS.to_string(), 24, "Proposed".to_string())]
    );
}
