//! Licence positions from a SAM platform's reconciliation export: a snapshot of what was read,
//! the row totals and the baseline written out by hand.

mod common;

use common::{assert_counts, counts, fixture, report_view};
use preflight_engine::RulePack;
use preflight_import::{Imported, Options, Positions, read_positions};

fn read(path: &str) -> Imported<Positions> {
    let name = path.rsplit('/').next().unwrap();
    read_positions(
        name,
        &fixture(path),
        &Options::default(),
        &RulePack::builtin().catalogue,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn view(imported: &Imported<Positions>) -> serde_json::Value {
    let mut records: Vec<String> = imported
        .value
        .lines
        .iter()
        .map(|line| {
            let b = &line.baseline;
            format!(
                "row {}: {} consumes {} (platform says {:?} owned){}",
                b.source.as_ref().unwrap().row,
                b.product,
                b.consumed,
                line.entitled.map(|e| e.0),
                b.legal_entity
                    .as_ref()
                    .map(|e| format!(" for {e}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    records.extend(imported.value.unmatched.iter().map(|u| {
        format!(
            "row {}: unmatched {:?} {:?} {:?} consumes {}",
            u.source.row, u.publisher, u.product, u.edition, u.consumed
        )
    }));
    report_view(imported, records)
}

#[test]
fn a_servicenow_position_report_gives_the_baseline_consumption_per_product() {
    let imported = read("positions/servicenow-license-positions.csv");
    // Two title lines and the total skipped; Windows Server Standard without a consumption is
    // incomplete; a per-user SQL Server Standard line and 12.5 cores rejected; Oracle unmatched.
    assert_counts(&imported, counts(12, 6, 1, 2, 3));
    let consumed = |product: &str| -> u64 {
        imported
            .value
            .baseline()
            .iter()
            .filter(|b| b.product.0 == product)
            .map(|b| b.consumed.0)
            .sum()
    };
    // By hand: Windows Server Datacenter 64; SQL Server Enterprise 40 + 8 (GmbH) + 4 = 52;
    // SQL Server Standard 12; Oracle Database Enterprise Edition (Processor) 6. Every product
    // line matches the catalogue now that it lists Oracle.
    assert_eq!(consumed("ms-windows-server-datacenter"), 64);
    assert_eq!(consumed("ms-sql-server-enterprise"), 52);
    assert_eq!(consumed("ms-sql-server-standard"), 12);
    assert_eq!(consumed("oracle-database-ee"), 6);
    assert_eq!(imported.value.unmatched.len(), 0);
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn imported_consumption_is_the_baseline_the_project_is_charged_on_top_of() {
    use preflight_engine::{Currency, Deployment, Workbook, evaluate};
    let deployment: Deployment = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/demo/deployment.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut workbook = Workbook::new(Currency::USD, deployment);
    workbook.baseline = read("positions/servicenow-license-positions.csv")
        .value
        .baseline();
    let evaluation = evaluate(
        &workbook,
        &RulePack::builtin(),
        "2026-11-28".parse().unwrap(),
    );
    let consumed: Vec<(String, Option<u64>)> = evaluation
        .positions
        .iter()
        .map(|p| (p.product.to_string(), p.consumed.map(|c| c.0)))
        .collect();
    assert_eq!(
        consumed,
        [
            ("ms-windows-server-datacenter".to_string(), Some(64)),
            ("ms-sql-server-enterprise".to_string(), Some(52)),
            ("ms-sql-server-standard".to_string(), Some(12)),
            // The vendor rule library's catalogue knows Oracle Database EE (Processor): 6.
            ("oracle-database-ee".to_string(), Some(6)),
        ]
    );
}
