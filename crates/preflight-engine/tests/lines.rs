//! The entitlement lines table: filters, search, every column's sort and the totals by product,
//! on a small hand-made workbook whose figures are worked out in the comments.

use chrono::NaiveDate;
use preflight_engine::Currency;
use preflight_engine::lines::{Column, LineQuery, LineTable, line_table};
use preflight_engine::{
    Deployment, Entitlement, EntitlementSource, LicenceType, Metric, ProductId, Rights, RulePack,
    SourceRef, Workbook,
};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn as_of() -> NaiveDate {
    date("2026-11-28")
}

/// One line: product, licence type, rights per pack × packs, end date, file and row.
fn line(
    product: &str,
    licence_type: LicenceType,
    per_pack: u32,
    packs: u32,
    end: Option<&str>,
    file: &str,
    row: u32,
) -> Entitlement {
    let metric = match product {
        "oracle-database-ee" => Metric::Processor,
        _ => Metric::Core,
    };
    Entitlement {
        end: end.map(date),
        ..Entitlement::new(
            ProductId(product.into()),
            metric,
            licence_type,
            per_pack,
            packs,
            SourceRef {
                file: file.into(),
                row,
            },
        )
    }
}

fn source(file: &str, entitlements: Vec<Entitlement>) -> EntitlementSource {
    EntitlementSource {
        file: file.into(),
        sha256: String::new(),
        entitlements,
        unmatched: Vec::new(),
    }
}

/// Two files, six lines:
///
/// | # | file      | row | product              | type            | rights     | end        |
/// |---|-----------|-----|----------------------|-----------------|------------|------------|
/// | 0 | mls.csv   | 2   | SQL Server Ent       | Perpetual + SA  | 2 × 10 = 20| 2027-06-30 |
/// | 1 | mls.csv   | 3   | Windows Server DC    | Perpetual       | 16 × 4 = 64| —          |
/// | 2 | mls.csv   | 4   | SQL Server Ent       | SA only         | 2 × 30 = 60| 2026-01-31 |
/// | 3 | mls.csv   | 5   | SQL Server Standard  | Subscription    | 2 × 5 = 10 | 2025-12-31 (ended) |
/// | 4 | ora.csv   | 2   | Oracle Database EE   | Perpetual + SA  | 1 × 6 = 6  | 2028-01-01 |
/// | 5 | ora.csv   | 3   | SQL Server Ent       | Subscription    | 2 × 4 = 8  | 2027-12-31 |
fn workbook() -> Workbook {
    use LicenceType::*;
    let mut workbook = Workbook::new(Currency::USD, Deployment::default());
    workbook.sources = vec![
        source(
            "mls.csv",
            vec![
                line(
                    "ms-sql-server-enterprise",
                    PerpetualWithSa,
                    2,
                    10,
                    Some("2027-06-30"),
                    "mls.csv",
                    2,
                ),
                line(
                    "ms-windows-server-datacenter",
                    Perpetual,
                    16,
                    4,
                    None,
                    "mls.csv",
                    3,
                ),
                line(
                    "ms-sql-server-enterprise",
                    SoftwareAssurance,
                    2,
                    30,
                    Some("2026-01-31"),
                    "mls.csv",
                    4,
                ),
                line(
                    "ms-sql-server-standard",
                    Subscription,
                    2,
                    5,
                    Some("2025-12-31"),
                    "mls.csv",
                    5,
                ),
            ],
        ),
        source(
            "ora.csv",
            vec![
                line(
                    "oracle-database-ee",
                    PerpetualWithSa,
                    1,
                    6,
                    Some("2028-01-01"),
                    "ora.csv",
                    2,
                ),
                line(
                    "ms-sql-server-enterprise",
                    Subscription,
                    2,
                    4,
                    Some("2027-12-31"),
                    "ora.csv",
                    3,
                ),
            ],
        ),
    ];
    workbook
}

fn table(query: LineQuery) -> LineTable {
    let pack = RulePack::builtin();
    line_table(&workbook(), &pack.catalogue, as_of(), &query)
}

/// The rows as their numbers in the table of [`workbook`] (mls.csv 0..=3, ora.csv 4..=5).
fn order(table: &LineTable) -> Vec<u32> {
    table
        .rows
        .iter()
        .map(|r| if r.source == 0 { r.line } else { 4 + r.line })
        .collect()
}

fn sorted(sort: Column, descending: bool) -> Vec<u32> {
    order(&table(LineQuery {
        sort,
        descending,
        ..LineQuery::default()
    }))
}

#[test]
fn each_column_sorts_and_ties_keep_file_then_row_order() {
    // Names "Oracle Database" < "SQL Server" < "Windows Server"; SQL Server's editions
    // "Enterprise" < "Standard". Ties (the three SQL Server Enterprise lines) keep 0, 2, 5.
    assert_eq!(sorted(Column::Product, false), [4, 0, 2, 5, 3, 1]);
    // Descending reverses the products, not the ties.
    assert_eq!(sorted(Column::Product, true), [1, 3, 0, 2, 5, 4]);
    // Editions: "Datacenter" (1) < "Enterprise" (0, 2, 5) < "Enterprise Edition" (4) <
    // "Standard" (3).
    assert_eq!(sorted(Column::Edition, false), [1, 0, 2, 5, 4, 3]);
    // Metrics by their text: "Per core" (0, 1, 2, 3, 5) < "Processor" (4).
    assert_eq!(sorted(Column::Metric, false), [0, 1, 2, 3, 5, 4]);
    // Rights 20, 64, 60, 10, 6, 8: ascending 6, 8, 10, 20, 60, 64.
    assert_eq!(sorted(Column::Rights, false), [4, 5, 3, 0, 2, 1]);
    assert_eq!(sorted(Column::Rights, true), [1, 2, 0, 3, 5, 4]);
    // "Perpetual" < "Perpetual + SA" < "Software Assurance" < "Subscription".
    assert_eq!(sorted(Column::LicenceType, false), [1, 0, 4, 2, 3, 5]);
    // Ends 2025-12-31 (3) < 2026-01-31 (2) < 2027-06-30 (0) < 2027-12-31 (5) < 2028-01-01 (4);
    // the line without an end (1) last in both directions.
    assert_eq!(sorted(Column::End, false), [3, 2, 0, 5, 4, 1]);
    assert_eq!(sorted(Column::End, true), [4, 5, 0, 2, 3, 1]);
    // Files by name, then row: descending puts ora.csv row 3 first.
    assert_eq!(sorted(Column::File, false), [0, 1, 2, 3, 4, 5]);
    assert_eq!(sorted(Column::File, true), [5, 4, 3, 2, 1, 0]);
}

#[test]
fn filters_and_search_must_all_match() {
    let sql = Some(ProductId("ms-sql-server-enterprise".into()));
    let by_product = table(LineQuery {
        product: sql.clone(),
        ..LineQuery::default()
    });
    assert_eq!(order(&by_product), [0, 2, 5]);
    assert_eq!(by_product.all, 6);
    let by_file = table(LineQuery {
        file: Some("ora.csv".into()),
        ..LineQuery::default()
    });
    assert_eq!(order(&by_file), [4, 5]);
    let both = table(LineQuery {
        product: sql,
        file: Some("mls.csv".into()),
        ..LineQuery::default()
    });
    assert_eq!(order(&both), [0, 2]);
    // Search ignores case and reads the product and edition, licence type and file.
    let search = |text: &str| {
        order(&table(LineQuery {
            search: text.into(),
            ..LineQuery::default()
        }))
    };
    assert_eq!(search("  DATACENTER "), [1]);
    assert_eq!(search("sql server standard"), [3]);
    assert_eq!(search("software assurance"), [2]);
    assert_eq!(search("ORA.CSV"), [4, 5]);
    assert_eq!(search("processor"), [4]);
    assert_eq!(search("no such text"), Vec::<u32>::new());
    assert_eq!(search("   ").len(), 6);
}

/// The file's columns no field reads are searched too: a licence manager finds a line by their
/// own asset tag.
#[test]
fn search_reads_the_columns_kept_from_the_file() {
    let mut workbook = workbook();
    workbook.sources[1].entitlements[0].extra = vec![
        ("Asset tag".into(), "AT-4711".into()),
        ("Notes".into(), "renewal".into()),
    ];
    let pack = RulePack::builtin();
    let found = line_table(
        &workbook,
        &pack.catalogue,
        as_of(),
        &LineQuery {
            search: "at-4711".into(),
            ..LineQuery::default()
        },
    );
    assert_eq!(order(&found), [4]);
    // The header is not searched: only what the cells hold.
    let found = line_table(
        &workbook,
        &pack.catalogue,
        as_of(),
        &LineQuery {
            search: "asset tag".into(),
            ..LineQuery::default()
        },
    );
    assert_eq!(order(&found), Vec::<u32>::new());
}

#[test]
fn totals_count_the_rights_each_product_holds_on_the_as_of_date() {
    let all = table(LineQuery::default());
    let totals: Vec<(&str, usize, u64)> = all
        .totals
        .iter()
        .map(|t| (t.product.0.as_str(), t.lines, t.owned.0))
        .collect();
    // SQL Server Enterprise: 20 (perpetual + SA) + 8 (subscription in term) = 28; the SA-only
    // line's 60 grant no rights. SQL Server Standard: its subscription ended 2025-12-31, so 0.
    // Ordered as the product column sorts: Oracle, SQL Ent, SQL Std, Windows.
    assert_eq!(
        totals,
        [
            ("oracle-database-ee", 1, 6),
            ("ms-sql-server-enterprise", 3, 28),
            ("ms-sql-server-standard", 1, 0),
            ("ms-windows-server-datacenter", 1, 64),
        ]
    );
    // Totals follow the filter: ora.csv alone holds SQL Server Enterprise's 8.
    let ora = table(LineQuery {
        file: Some("ora.csv".into()),
        ..LineQuery::default()
    });
    let sql = ora
        .totals
        .iter()
        .find(|t| t.product.0 == "ms-sql-server-enterprise")
        .unwrap();
    assert_eq!((sql.lines, sql.owned), (1, Rights(8)));
}

#[test]
fn an_unlimited_agreement_in_term_is_marked_not_summed() {
    let mut workbook = workbook();
    let ula = &mut workbook.sources[1].entitlements[0];
    ula.unlimited = true;
    ula.start = Some(date("2026-01-01"));
    let pack = RulePack::builtin();
    let table = line_table(&workbook, &pack.catalogue, as_of(), &LineQuery::default());
    let oracle = &table.totals[0];
    assert_eq!(oracle.product.0, "oracle-database-ee");
    assert!(oracle.unlimited);
    assert_eq!(oracle.owned, Rights(0));
}

#[test]
fn a_line_ref_reads_its_line_and_file() {
    let workbook = workbook();
    let pack = RulePack::builtin();
    let table = line_table(
        &workbook,
        &pack.catalogue,
        as_of(),
        &LineQuery {
            sort: Column::Rights,
            descending: true,
            ..LineQuery::default()
        },
    );
    let (file, line) = table.rows[0].get(&workbook).unwrap();
    assert_eq!((file, line.rights()), ("mls.csv", Rights(64)));
}
