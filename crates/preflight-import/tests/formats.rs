//! Text, JSON and XML files as users bring them: one fixture per layout and quirk, each with a
//! snapshot of what was read and the row totals written out by hand.

mod common;

use common::{assert_counts, counts, read, read_with, view};
use preflight_import::{DateOrder, ImportError, Options, Preset};

#[test]
fn windows_1252_semicolons_and_euro_prices_are_read_with_the_encoding_reported() {
    let imported = read("csv/windows-1252-semicolon.csv");
    assert_counts(&imported, counts(3, 3, 0, 0, 0));
    assert_eq!(imported.report.encoding.as_deref(), Some("windows-1252"));
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs_quotes_and_emoji() {
    let imported = read("tsv/excel-unicode-text.txt");
    assert_counts(&imported, counts(3, 3, 0, 0, 0));
    assert_eq!(imported.report.encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(imported.report.delimiter, Some('\t'));
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn titles_comments_blank_and_total_lines_are_skipped_and_ragged_rows_reported() {
    let imported = read("csv/titles-comments-totals-ragged.csv");
    // Three lines before the header; five data rows (one incomplete); a blank and two totals.
    assert_counts(&imported, counts(11, 4, 1, 0, 6));
    assert_eq!(imported.report.header_row, 4);
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn servicenow_csv_with_sa_only_rows_keeps_them_as_coverage_lines() {
    let imported = read("csv/servicenow-sa-only.csv");
    assert_counts(&imported, counts(5, 4, 0, 1, 0));
    assert_eq!(imported.report.preset, Some(Preset::ServiceNow));
    let sa_only = imported
        .value
        .entitlements
        .iter()
        .filter(|e| e.licence_type == preflight_engine::LicenceType::SoftwareAssurance)
        .count();
    assert_eq!(sa_only, 1);
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn an_unterminated_quote_rejects_the_row_it_opens_on_and_merges_nothing() {
    let imported = read("csv/unterminated-quote.csv");
    // Row 2 is read; the quote on line 3 swallows lines 3 to 5 into one rejected record.
    assert_counts(&imported, counts(2, 1, 0, 1, 0));
    assert_eq!(imported.value.entitlements.len(), 1);
    let rejected = &imported.report.outcomes[1];
    assert_eq!(rejected.row, 3);
    assert!(
        rejected
            .reason
            .contains("a quote opened on line 3 is never closed, so lines 3 to 5 were read"),
        "{rejected:?}"
    );
}

#[test]
fn an_ambiguous_date_order_is_reported_for_the_file_and_never_guessed() {
    let imported = read("csv/dates-ambiguous.csv");
    assert_counts(&imported, counts(2, 1, 0, 1, 0));
    insta::assert_json_snapshot!(view(&imported));
    // Told the order, the same file reads every row.
    let options = Options {
        date_order: Some(DateOrder::DayFirst),
        ..Options::default()
    };
    let imported = read_with("csv/dates-ambiguous.csv", &options).unwrap();
    assert_counts(&imported, counts(2, 2, 0, 0, 0));
    assert_eq!(
        imported.value.entitlements[0].start,
        Some("2026-04-03".parse().unwrap())
    );
}

#[test]
fn month_first_is_decided_from_the_column_and_excel_serials_read_as_dates() {
    let imported = read("csv/dates-month-first.csv");
    assert_counts(&imported, counts(2, 2, 0, 0, 0));
    let dates: Vec<_> = imported
        .value
        .entitlements
        .iter()
        .map(|e| (e.start.unwrap().to_string(), e.end.unwrap().to_string()))
        .collect();
    assert_eq!(
        dates,
        [
            ("2026-03-04".to_string(), "2027-04-30".to_string()),
            ("2023-03-15".to_string(), "2024-03-15".to_string())
        ]
    );
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn a_json_array_of_entitlement_objects_reads_like_a_table() {
    let imported = read("json/entitlements.json");
    // Elements 3 (quantity "four") and 5 (an object) are rejected; 4 (null) is incomplete.
    assert_counts(&imported, counts(5, 2, 1, 2, 0));
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn xml_is_refused_plainly_and_entities_are_never_expanded() {
    let error = read_with("xml/iso-19770-3-ent.xml", &Options::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "iso-19770-3-ent.xml: ISO/IEC 19770-3 entitlement (Ent) files are not supported yet: \
         export the entitlements as CSV or XLSX"
    );
    let error = read_with("xml/entity-expansion.xml", &Options::default()).unwrap_err();
    assert_eq!(
        error,
        ImportError::XmlEntities {
            file: "entity-expansion.xml".into()
        }
    );
}

/// A JSON array's keys that no field reads are kept with the lines, like a table's columns.
#[test]
fn a_json_arrays_unknown_keys_are_kept_with_the_lines() {
    let bytes = br#"[
        {"Product": "SQL Server Enterprise", "Metric": "Core", "Quantity": 4, "Asset tag": "AT-9"},
        {"Product": "SQL Server Enterprise", "Metric": "Core", "Quantity": 2, "Owner": "Finance"}
    ]"#;
    let catalogue = preflight_engine::RulePack::builtin().catalogue;
    let imported =
        preflight_import::read_entitlements("lines.json", bytes, &Options::default(), &catalogue)
            .unwrap();
    let kept: Vec<Vec<(String, String)>> = imported
        .value
        .entitlements
        .iter()
        .map(|line| {
            line.extra
                .iter()
                .map(|(h, v)| (h.to_string(), v.clone()))
                .collect()
        })
        .collect();
    assert_eq!(
        kept,
        [
            vec![("Asset tag".to_string(), "AT-9".to_string())],
            vec![("Owner".to_string(), "Finance".to_string())],
        ]
    );
}
