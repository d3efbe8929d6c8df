//! Pack sizes: a line's pack size column, the size its SKU text states and the packs the
//! catalogue sells must agree; when they do not, the finding names the row and the values, and
//! the smaller stated size is counted (never more rights than both sources support).

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::*;

const SQL_ENT: &str = "ms-sql-server-enterprise";

/// One SQL Server Enterprise line (row 2 of owned.csv) of `packs` packs of `per_pack`, with SKU
/// text, against a 2x8 host (16 core licences, MS-SQL-PHYS-ALLCORES). SQL Server core
/// licences are sold in 2-packs (MS-SQL-2PACK).
fn evaluation(per_pack: u32, packs: u32, sku: Option<&str>) -> Evaluation {
    let host = Host::new(
        "sql-01",
        NonZeroU32::new(2).unwrap(),
        NonZeroU32::new(8).unwrap(),
    );
    let deployment = Deployment {
        name: "t".into(),
        placements: vec![Placement::on_hosts(
            ProductId(SQL_ENT.into()),
            vec![host.name.clone()],
        )],
        hosts: vec![host],
        ..Deployment::default()
    };
    let mut workbook = Workbook::new(Currency::USD, deployment);
    let line = Entitlement {
        sku: sku.map(Into::into),
        ..Entitlement::new(
            ProductId(SQL_ENT.into()),
            Metric::Core,
            LicenceType::Perpetual,
            per_pack,
            packs,
            SourceRef {
                file: "owned.csv".into(),
                row: 2,
            },
        )
    };
    workbook.put_source(EntitlementSource::new("owned.csv", vec![line]));
    evaluate(
        &workbook,
        &RulePack::builtin(),
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
    )
}

fn disagreement(evaluation: &Evaluation) -> Option<String> {
    evaluation
        .findings
        .iter()
        .find(|f| matches!(f, Finding::PackSizeDisagrees { .. }))
        .map(|f| f.to_string())
}

/// (rights per pack, packs, SKU, entitled, project shortfall, finding)
type Case = (
    u32,
    u32,
    Option<&'static str>,
    u64,
    u64,
    Option<&'static str>,
);

#[test]
fn pack_sizes_that_disagree_are_a_finding_and_the_smaller_is_counted() {
    let cases: [Case; 6] = [
        // Column 2, SKU "2L", catalogue 2: all agree. 8 × 2 = 16 owned, nothing short.
        (2, 8, Some("SQL Svr Ent Core ALNG LSA MVL 2L"), 16, 0, None),
        // No SKU, a 2-pack the catalogue sells: 4 × 2 = 8 owned, 8 short.
        (2, 4, None, 8, 8, None),
        // A file counting single core licences: 16 × 1, no pack to check.
        (1, 16, None, 16, 0, None),
        // Column 16, SKU "2L": the smaller, 2, is counted: 4 × 2 = 8 owned (not 64), 8 short.
        (
            16,
            4,
            Some("SQL Svr Ent Core ALNG LSA MVL 2L"),
            8,
            8,
            Some(
                "owned.csv row 2: the pack size says 16 but the SKU \"SQL Svr Ent Core ALNG LSA MVL 2L\" says 2; the catalogue sells packs of 2: counted at 2 rights per pack (the smaller stated size, an assumption): confirm the pack size",
            ),
        ),
        // Column 1, SKU "2L": counted at 1: 8 × 1 = 8 owned (not 16), 8 short.
        (
            1,
            8,
            Some("SQL Svr Ent Core ALNG LSA MVL 2L"),
            8,
            8,
            Some(
                "owned.csv row 2: the pack size says 1 but the SKU \"SQL Svr Ent Core ALNG LSA MVL 2L\" says 2; the catalogue sells packs of 2: counted at 1 rights per pack (the smaller stated size, an assumption): confirm the pack size",
            ),
        ),
        // Column 4, no SKU: SQL Server is not sold in 4-packs. Counted as the line says:
        // 4 × 4 = 16 owned, but the finding asks to confirm.
        (
            4,
            4,
            None,
            16,
            0,
            Some(
                "owned.csv row 2: the pack size says 4; the catalogue sells packs of 2: counted at 4 rights per pack (as the line says): confirm the pack size",
            ),
        ),
    ];
    for (per_pack, packs, sku, entitled, shortfall, finding) in cases {
        let evaluation = evaluation(per_pack, packs, sku);
        let position = &evaluation.positions[0];
        let label = format!("{per_pack} × {packs}, {sku:?}");
        assert_eq!(
            (position.entitled.0, position.shortfall.0),
            (entitled, shortfall),
            "{label}"
        );
        assert_eq!(disagreement(&evaluation).as_deref(), finding, "{label}");
    }
}
