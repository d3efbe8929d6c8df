//! Entitlement CSV files as users export them, one fixture per case.

use preflight_engine::RulePack;
use preflight_import::{ImportError, Imported, read_entitlements_csv};

fn read(
    name: &str,
    bytes: &[u8],
) -> Result<Imported<preflight_engine::EntitlementSource>, ImportError> {
    read_entitlements_csv(name, bytes, &RulePack::builtin().catalogue)
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_demo_entitlement_file_imports_every_line() {
    let bytes = include_bytes!("../../../public/demo/entitlements.csv");
    let imported = read("entitlements.csv", bytes).unwrap();
    insta::assert_json_snapshot!(imported);
}

#[test]
fn servicenow_layout_with_sep_line_bom_crlf_and_currency_in_the_price() {
    let imported = read(
        "servicenow.csv",
        &fixture("servicenow-semicolon-sep-line.csv"),
    )
    .unwrap();
    insta::assert_json_snapshot!(imported);
}

#[test]
fn rows_with_errors_are_reported_by_row_and_column_and_the_rest_imported() {
    let imported = read("rows-with-errors.csv", &fixture("rows-with-errors.csv")).unwrap();
    let messages: Vec<String> = imported
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_json_snapshot!((messages, &imported.value));
}

#[test]
fn a_file_without_a_required_column_is_refused_naming_it() {
    let error = read("missing.csv", &fixture("missing-metric-column.csv")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "missing.csv: no column for \"Metric\"; the header row has \"Product\", \"Edition\", \"Quantity\""
    );
}

#[test]
fn an_unterminated_quote_rejects_its_row_with_the_line_it_opens_on() {
    let bytes =
        b"Product,Metric,Quantity\nSQL Server Enterprise,Per core,2\n\"SQL Server,Per core,2\n";
    // The csv crate reads an unterminated quote to the end of the file as one field: that
    // record is rejected with the line the quote opens on, never read as a row.
    let imported = read("broken.csv", bytes).unwrap();
    assert_eq!(imported.value.entitlements.len(), 1);
    let errors: Vec<String> = imported
        .diagnostics
        .iter()
        .filter(|d| d.level == preflight_import::Level::Error)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "broken.csv, row 3: a quote opened on line 3 is never closed, so line 3 was read as \
          one cell and not imported: close the quote and import the file again"
        ]
    );
    assert_eq!(imported.report.rows.rejected, 1);
}
