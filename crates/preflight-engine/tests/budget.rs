//! Budget timing: a purchase falls in the fiscal year that pays it — the phase that needs it, or
//! the next true-up of the agreement the product is bought under.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::*;
use rust_decimal::dec;

const SQL_ENT: &str = "ms-sql-server-enterprise";

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn ea(name: &str, true_up: Option<&str>) -> Agreement {
    Agreement {
        name: name.into(),
        kind: AgreementKind::Enterprise,
        true_up: true_up.map(date),
    }
}

/// A 2x8 host of SQL Server Enterprise going live on 2027-05-10 (16 core licences) against 8
/// owned (4 two-packs, row 2, and row 3 when a second agreement is given): 8 short, 4 two-packs
/// at 15,123.00 = 60,492.00. The fiscal year starts in July, so 2027-05-10 is in FY2027
/// (2026-07-01 to 2027-06-30).
fn evaluation(agreements: &[Option<Agreement>]) -> Evaluation {
    let host = Host::new(
        "sql-01",
        NonZeroU32::new(2).unwrap(),
        NonZeroU32::new(8).unwrap(),
    );
    let deployment = Deployment {
        name: "t".into(),
        start: Some(date("2027-05-10")),
        placements: vec![Placement::on_hosts(
            ProductId(SQL_ENT.into()),
            vec![host.name.clone()],
        )],
        hosts: vec![host],
        ..Deployment::default()
    };
    let mut workbook = Workbook::new(Currency::USD, deployment);
    workbook.settings.fiscal.start_month = 7;
    let owned = agreements.len() as u32;
    let lines = agreements
        .iter()
        .enumerate()
        .map(|(i, agreement)| Entitlement {
            agreement: agreement.clone(),
            ..Entitlement::new(
                ProductId(SQL_ENT.into()),
                Metric::Core,
                LicenceType::Perpetual,
                2,
                4 / owned,
                SourceRef {
                    file: "owned.csv".into(),
                    row: i as u32 + 2,
                },
            )
        })
        .collect();
    workbook.put_source(EntitlementSource::new("owned.csv", lines));
    workbook.price_list = vec![PriceListEntry {
        sku: None,
        product: ProductId(SQL_ENT.into()),
        pack_size: 2,
        licence_type: LicenceType::Perpetual,
        price: Money::new(dec!(15123.00), Currency::USD),
        valid_from: None,
        valid_to: None,
        source: "reseller quote".into(),
    }];
    evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"))
}

/// (fiscal year, amount) of each budget line.
fn budget(evaluation: &Evaluation) -> Vec<(String, String)> {
    evaluation
        .budget
        .lines
        .iter()
        .map(|line| (line.fiscal_year.clone(), line.amount.amount.to_string()))
        .collect()
}

#[test]
fn a_purchase_under_an_agreement_with_a_true_up_falls_in_the_year_of_the_next_true_up() {
    let cases = [
        // No agreement: paid when the phase needs it, 2027-05-10, FY2027.
        (None, "FY2027"),
        // True-up every 30 September: next on 2027-09-30, FY2028 (2027-07-01 to 2028-06-30).
        (Some(ea("EA 1", Some("2025-09-30"))), "FY2028"),
        // Every 31 March: 2027-03-31 has passed, so 2028-03-31, still FY2028.
        (Some(ea("EA 1", Some("2025-03-31"))), "FY2028"),
        // On the day the phase needs it: 2027-05-10, FY2027.
        (Some(ea("EA 1", Some("2025-05-10"))), "FY2027"),
        // The last day of FY2027, and the first of FY2028: the fiscal-year boundary.
        (Some(ea("EA 1", Some("2024-06-30"))), "FY2027"),
        (Some(ea("EA 1", Some("2024-07-01"))), "FY2028"),
        // An agreement without a true-up: bought when needed.
        (Some(ea("MPSA 9", None)), "FY2027"),
    ];
    for (agreement, year) in cases {
        let label = format!("{agreement:?}");
        let evaluation = evaluation(&[agreement]);
        assert_eq!(evaluation.positions[0].shortfall, Rights(8), "{label}");
        assert_eq!(
            budget(&evaluation),
            [(year.to_string(), "60492.00".to_string())],
            "{label}"
        );
    }
}

#[test]
fn the_true_up_is_shown_in_the_working() {
    let evaluation = evaluation(&[Some(ea("EA 7654321", Some("2025-09-30")))]);
    let steps: Vec<String> = evaluation.positions[0]
        .derivation
        .iter()
        .map(|step| step.to_string())
        .collect();
    assert!(
        steps.contains(&"needed on 2027-05-10; bought under Enterprise Agreement EA 7654321, whose next true-up is on 2027-09-30: budgeted then".to_string()),
        "{steps:#?}"
    );
}

#[test]
fn lines_under_two_agreements_with_true_ups_are_a_finding_and_the_purchase_is_not_moved() {
    // Rows 2 and 3 each own 2 two-packs (8 in all), under different EAs.
    let evaluation = evaluation(&[
        Some(ea("EA 1", Some("2025-09-30"))),
        Some(ea("EA 2", Some("2025-12-31"))),
    ]);
    assert_eq!(
        budget(&evaluation),
        [("FY2027".to_string(), "60492.00".to_string())]
    );
    assert!(evaluation.findings.contains(&Finding::AgreementsDisagree {
        product: ProductId(SQL_ENT.into()),
        agreements: vec!["EA 1".into(), "EA 2".into()],
    }));
}
