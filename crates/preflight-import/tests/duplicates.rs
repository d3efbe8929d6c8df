//! Lines of two files that look like one purchase: the reseller's order confirmations beside
//! the ServiceNow export of the same orders (hand-made fixtures in tests/fixtures/csv/).

use chrono::NaiveDate;
use preflight_engine::duplicates::{Duplicate, across};
use preflight_engine::{
    Currency, Deployment, Finding, ProductId, Rights, RulePack, SourceRef, Workbook, evaluate,
};
use preflight_import::read_entitlements_csv;

fn source(name: &str) -> preflight_engine::EntitlementSource {
    let path = format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_entitlements_csv(name, &bytes, &RulePack::builtin().catalogue)
        .unwrap()
        .value
}

fn at(file: &str, row: u32) -> SourceRef {
    SourceRef {
        file: file.into(),
        row,
    }
}

#[test]
fn the_resellers_confirmations_of_two_orders_already_in_the_servicenow_export_are_flagged() {
    let servicenow = source("servicenow-agreements.csv");
    let reseller = source("reseller-orders.csv");
    // servicenow-agreements.csv row 2: SQL Server Enterprise 8 × 2 = 16 core rights, SKU
    // "...2L", PO-1001, bought 2025-03-14; reseller row 3 is the same order ("po 1001", the
    // same SKU, 14/03/2025). Row 4 is another order (PO-1009); row 5 SQL Server Standard 8
    // rights on PO-1003 but a day later; row 6 Windows Server Standard 16 rights on PO-1002,
    // 14/03/2025, as servicenow row 3 (neither gives a SKU: the order and the date agree).
    let found = across([&servicenow], &reseller);
    assert_eq!(
        found,
        [
            Duplicate {
                product: ProductId("ms-sql-server-enterprise".into()),
                rights: Rights(16),
                first: at("servicenow-agreements.csv", 2),
                second: at("reseller-orders.csv", 3),
            },
            Duplicate {
                product: ProductId("ms-windows-server-standard".into()),
                rights: Rights(16),
                first: at("servicenow-agreements.csv", 3),
                second: at("reseller-orders.csv", 6),
            },
        ]
    );

    // Both files added: both lines count, and the evaluation says so, once per pair.
    let mut workbook = Workbook::new(Currency::USD, Deployment::default());
    workbook.put_source(servicenow);
    workbook.put_source(reseller);
    let pack = RulePack::builtin();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let evaluation = evaluate(&workbook, &pack, as_of);
    let pairs: Vec<(SourceRef, SourceRef)> = evaluation
        .findings
        .iter()
        .filter_map(|f| match f {
            Finding::LikelyDuplicate { first, second, .. } => Some((first.clone(), second.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        pairs,
        [
            (
                at("servicenow-agreements.csv", 2),
                at("reseller-orders.csv", 3)
            ),
            (
                at("servicenow-agreements.csv", 3),
                at("reseller-orders.csv", 6)
            ),
        ]
    );
    let message = evaluation
        .findings
        .iter()
        .find(|f| matches!(f, Finding::LikelyDuplicate { .. }))
        .unwrap()
        .to_string();
    assert_eq!(
        message,
        "reseller-orders.csv row 3 looks like servicenow-agreements.csv row 2 (same quantity, 16 \
         rights, dates and order): both are counted; if they are one purchase, remove it from one \
         file"
    );
}
