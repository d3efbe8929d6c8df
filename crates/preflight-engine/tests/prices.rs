//! Price sources in order — price list, then the entitlement's own price, then none — and
//! conversion at a dated exchange rate.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::*;
use rust_decimal::{Decimal, dec};

const WS: &str = "ms-windows-server-datacenter";

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Windows Server Datacenter on one 2 × 16 host (32 cores), owning `owned` 16-core packs at
/// `paid` USD each.
fn workbook(owned: u32, paid: Option<Decimal>) -> Workbook {
    let host = Host::new(
        "h1",
        NonZeroU32::new(2).unwrap(),
        NonZeroU32::new(16).unwrap(),
    );
    let deployment = Deployment {
        name: "t".into(),
        placements: vec![Placement::on_hosts(ProductId(WS.into()), vec!["h1".into()])],
        hosts: vec![host],
        start: Some(date("2027-01-04")),
        ..Deployment::default()
    };
    let mut workbook = Workbook::new(Currency::USD, deployment);
    let line = Entitlement {
        unit_price: paid.map(|amount| Money::new(amount, Currency::USD)),
        purchased: Some(date("2024-03-15")),
        ..Entitlement::new(
            ProductId(WS.into()),
            Metric::Core,
            LicenceType::Perpetual,
            16,
            owned,
            SourceRef {
                file: "owned.csv".into(),
                row: 2,
            },
        )
    };
    workbook.put_source(EntitlementSource::new("owned.csv", vec![line]));
    workbook
}

fn entry(pack_size: u32, price: Money, from: Option<&str>, to: Option<&str>) -> PriceListEntry {
    PriceListEntry {
        sku: Some(format!("WS-DC-{pack_size}")),
        product: ProductId(WS.into()),
        pack_size,
        licence_type: LicenceType::Perpetual,
        price,
        valid_from: from.map(date),
        valid_to: to.map(date),
        source: "Reseller quote Q-1".into(),
    }
}

fn cost(workbook: &Workbook) -> (Option<Decimal>, Vec<Finding>, Vec<String>) {
    let evaluation = evaluate(workbook, &RulePack::builtin(), date("2026-11-28"));
    let position = &evaluation.positions[0];
    let steps = position
        .derivation
        .iter()
        .map(ToString::to_string)
        .collect();
    (position.cost.map(|c| c.amount), evaluation.findings, steps)
}

#[test]
fn the_price_list_comes_before_the_entitlements_own_price() {
    // Short by 32 - 16 = 16 cores: one 16-pack.
    let mut workbook = workbook(1, Some(dec!(6155.00)));
    workbook.price_list.push(entry(
        16,
        Money::new(dec!(5800.00), Currency::USD),
        None,
        None,
    ));
    let (cost_now, findings, steps) = cost(&workbook);
    assert_eq!(cost_now, Some(dec!(5800.00)));
    assert!(
        !findings
            .iter()
            .any(|f| matches!(f, Finding::PricedFromEntitlement { .. }))
    );
    assert!(steps.contains(&"16-pack price from the price list (Reseller quote Q-1, SKU WS-DC-16): 5800.00 USD per 16".to_string()), "{steps:#?}");
}

#[test]
fn a_price_outside_its_validity_is_not_used_and_the_next_source_is() {
    let mut workbook = workbook(1, Some(dec!(6155.00)));
    // Valid only until the end of 2026; the deployment buys on 2027-01-04.
    workbook.price_list.push(entry(
        16,
        Money::new(dec!(5800.00), Currency::USD),
        None,
        Some("2026-12-31"),
    ));
    let (cost_now, findings, _) = cost(&workbook);
    assert_eq!(cost_now, Some(dec!(6155.00)));
    assert!(findings.contains(&Finding::PricedFromEntitlement {
        product: ProductId(WS.into()),
        source: SourceRef {
            file: "owned.csv".into(),
            row: 2
        },
        purchased: Some(date("2024-03-15")),
    }));
    // With no price anywhere: no cost, and a finding, never a zero.
    let (cost_now, findings, _) = cost(&workbook_without_prices());
    assert_eq!(cost_now, None);
    assert!(findings.contains(&Finding::NoPrice {
        product: ProductId(WS.into())
    }));
}

fn workbook_without_prices() -> Workbook {
    workbook(1, None)
}

#[test]
fn a_listed_two_pack_prices_a_sixteen_pack_by_the_core() {
    let mut workbook = workbook(0, None);
    // Only a 2-pack is listed: 769.38 per 2 → 6,155.04 per 16; 32 cores = two 16-packs.
    workbook.price_list.push(entry(
        2,
        Money::new(dec!(769.38), Currency::USD),
        None,
        None,
    ));
    let (cost_now, _, steps) = cost(&workbook);
    assert_eq!(cost_now, Some(dec!(12310.08)));
    assert!(
        steps
            .iter()
            .any(|s| s.ends_with("769.38 USD per 2 × 16/2 = 6155.04 USD")),
        "{steps:#?}"
    );
}

#[test]
fn a_price_in_another_currency_is_converted_at_the_rate_in_force() {
    let mut workbook = workbook(1, None);
    workbook.price_list.push(entry(
        16,
        Money::new(dec!(5500.00), Currency::EUR),
        None,
        None,
    ));
    // No rate: no cost, a finding.
    let (cost_now, findings, _) = cost(&workbook);
    assert_eq!(cost_now, None);
    assert!(findings.contains(&Finding::NoExchangeRate {
        product: ProductId(WS.into()),
        from: Currency::EUR,
        to: Currency::USD
    }));
    // Rates dated before and after the purchase date: the one in force on 2027-01-04 applies.
    let rate = |rate, as_of: &str| ExchangeRate {
        from: Currency::EUR,
        to: Currency::USD,
        rate,
        as_of: date(as_of),
        source: "Finance budget rate".into(),
    };
    workbook.settings.exchange_rates = vec![
        rate(dec!(1.05), "2026-07-01"),
        rate(dec!(1.10), "2027-02-01"),
    ];
    let (cost_now, _, steps) = cost(&workbook);
    assert_eq!(cost_now, Some(dec!(5775.00)));
    assert!(
        steps.contains(&"5500.00 EUR converted at 1 EUR = 1.05 USD (Finance budget rate, 2026-07-01) = 5775.00 USD".to_string()),
        "{steps:#?}"
    );
}

#[test]
fn a_subscription_the_project_uses_that_ends_inside_the_horizon_is_a_finding() {
    let subscription = |end: &str| Entitlement {
        start: Some(date("2026-01-01")),
        end: Some(date(end)),
        ..Entitlement::new(
            ProductId(WS.into()),
            Metric::Core,
            LicenceType::Subscription,
            16,
            2,
            SourceRef {
                file: "subs.csv".into(),
                row: 2,
            },
        )
    };
    let mut workbook = workbook(0, None);
    workbook.put_source(EntitlementSource::new(
        "subs.csv",
        vec![subscription("2027-12-31")],
    ));
    // Horizon FY2027-FY2029 from the 2027-01-04 go-live: a December 2027 end falls inside.
    let (_, findings, _) = cost(&workbook);
    assert!(findings.contains(&Finding::TermEnds {
        product: ProductId(WS.into()),
        source: SourceRef {
            file: "subs.csv".into(),
            row: 2
        },
        rights: Rights(32),
        ends: date("2027-12-31"),
        term: preflight_engine::finding::Term::Subscription,
    }));
    // Ending after the horizon: nothing to say.
    workbook.put_source(EntitlementSource::new(
        "subs.csv",
        vec![subscription("2030-06-30")],
    ));
    let (_, findings, _) = cost(&workbook);
    assert!(
        !findings
            .iter()
            .any(|f| matches!(f, Finding::TermEnds { .. }))
    );
}

#[test]
fn alternatives_are_evaluated_side_by_side_and_the_cheapest_compliant_is_marked() {
    use preflight_engine::alternatives::{Alternative, Swap, compare, suggest};
    const SQL_ENT: &str = "ms-sql-server-enterprise";
    const SQL_STD: &str = "ms-sql-server-standard";
    let host = Host::new(
        "h1",
        NonZeroU32::new(2).unwrap(),
        NonZeroU32::new(8).unwrap(),
    );
    let deployment = Deployment {
        name: "t".into(),
        placements: vec![Placement::on_hosts(
            ProductId(SQL_ENT.into()),
            vec!["h1".into()],
        )],
        hosts: vec![host],
        start: Some(date("2027-01-04")),
        ..Deployment::default()
    };
    let mut workbook = Workbook::new(Currency::USD, deployment);
    let list = |product: &str, price| PriceListEntry {
        sku: None,
        product: ProductId(product.into()),
        pack_size: 2,
        licence_type: LicenceType::Perpetual,
        price: Money::new(price, Currency::USD),
        valid_from: None,
        valid_to: None,
        source: "list".into(),
    };
    workbook.price_list = vec![list(SQL_ENT, dec!(15123.00)), list(SQL_STD, dec!(3945.00))];

    let suggested = suggest(&workbook, &RulePack::builtin());
    assert_eq!(
        suggested,
        [Alternative {
            name: "SQL Server Standard instead of SQL Server Enterprise".into(),
            swaps: vec![Swap {
                placement: 0,
                product: ProductId(SQL_STD.into()),
                basis: None,
            }],
            oracle_scope: None,
            buy: None,
            external_connector: None,
            without_sa: false,
        }]
    );
    // A third alternative names a product that does not exist: not compliant.
    let mut all = suggested.clone();
    all.push(Alternative {
        name: "typo".into(),
        swaps: vec![Swap {
            placement: 0,
            product: ProductId("sql-nope".into()),
            basis: None,
        }],
        oracle_scope: None,
        buy: None,
        external_connector: None,
        without_sa: false,
    });
    let proposed = evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"));
    let compared = compare(
        &workbook,
        &RulePack::builtin(),
        date("2026-11-28"),
        &proposed,
        &all,
    );
    let rows: Vec<(&str, Vec<Decimal>, bool, bool)> = compared
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.total.amounts().iter().map(|m| m.amount).collect(),
                c.compliant,
                c.cheapest,
            )
        })
        .collect();
    // 16 cores = 8 two-packs: Enterprise 120,984.00; Standard 31,560.00.
    assert_eq!(
        rows,
        [
            ("as proposed", vec![dec!(120984.00)], true, false),
            (
                "SQL Server Standard instead of SQL Server Enterprise",
                vec![dec!(31560.00)],
                true,
                true
            ),
            ("typo", vec![], false, false),
        ]
    );
}

#[test]
fn sa_only_and_subscription_prices_never_price_a_licence_purchase() {
    let mut workbook = workbook(0, None);
    let priced = |licence_type, row| Entitlement {
        unit_price: Some(Money::new(dec!(1000.00), Currency::USD)),
        purchased: Some(date("2026-01-01")),
        ..Entitlement::new(
            ProductId(WS.into()),
            Metric::Core,
            licence_type,
            16,
            0,
            SourceRef {
                file: "other.csv".into(),
                row,
            },
        )
    };
    workbook.put_source(EntitlementSource {
        file: "other.csv".into(),
        sha256: String::new(),
        entitlements: vec![
            priced(LicenceType::SoftwareAssurance, 2),
            priced(LicenceType::Subscription, 3),
        ],
        unmatched: vec![],
    });
    let (cost_now, findings, _) = cost(&workbook);
    assert_eq!(cost_now, None);
    assert!(findings.contains(&Finding::NoPrice {
        product: ProductId(WS.into())
    }));
}

#[test]
fn an_unlimited_agreement_covers_any_quantity_in_term_and_its_end_is_a_finding() {
    let ula = |end: &str| Entitlement {
        start: Some(date("2026-01-01")),
        end: Some(date(end)),
        unlimited: true,
        ..Entitlement::new(
            ProductId(WS.into()),
            Metric::Core,
            LicenceType::Subscription,
            1,
            0,
            SourceRef {
                file: "ela.csv".into(),
                row: 2,
            },
        )
    };
    let mut workbook = workbook(0, None);
    workbook.put_source(EntitlementSource::new("ela.csv", vec![ula("2030-12-31")]));
    let evaluation = evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"));
    let position = &evaluation.positions[0];
    assert!(position.unlimited);
    assert_eq!(
        (position.required, position.entitled, position.shortfall),
        (Rights(32), Rights(0), Rights(0))
    );
    assert!(position.derivation.iter().any(|s| s.to_string()
        == "ela.csv row 2: unlimited agreement, covers any quantity until 2030-12-31"));
    // Ending inside the horizon: the project's rights end with it.
    workbook.put_source(EntitlementSource::new("ela.csv", vec![ula("2027-06-30")]));
    let evaluation = evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"));
    assert!(
        evaluation
            .findings
            .iter()
            .any(|f| matches!(f, Finding::TermEnds { ends, .. } if *ends == date("2027-06-30")))
    );
    // Out of term on the go-live date: it covers nothing.
    workbook.put_source(EntitlementSource::new("ela.csv", vec![ula("2026-12-31")]));
    let evaluation = evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"));
    assert_eq!(evaluation.positions[0].shortfall, Rights(32));
}
