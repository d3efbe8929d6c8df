//! XLSX and ODS files built the way the exporting tools write them (examples/make_fixtures.rs):
//! snapshots of what was read and the row totals written out by hand.

#![cfg(feature = "spreadsheet")]

mod common;

use common::{assert_counts, counts, read, read_with, view};
use preflight_engine::LicenceType;
use preflight_import::{ImportError, Options, Preset};

#[test]
fn mls_pivot_data_counts_all_countries_rows_with_active_sa_as_a_covered_part() {
    let imported = read("xlsx/mls-statement.xlsx");
    // Two title rows; six lines (two single-country rows skipped) and the grand total.
    assert_counts(&imported, counts(9, 4, 0, 0, 5));
    let report = &imported.report;
    assert_eq!(report.sheet.as_deref(), Some("Pivot Data"));
    assert_eq!(report.preset, Some(Preset::MlsPivotData));
    assert_eq!(report.header_row, 10);
    assert_eq!(report.statement_date, Some("2026-10-31".parse().unwrap()));
    // SQL Server Enterprise: effective 16 (a formula's cached value), 10 of them with SA;
    // SQL Server Standard: 8, its 8 upgrades not added.
    let lines: Vec<(&str, LicenceType, u32)> = imported
        .value
        .entitlements
        .iter()
        .map(|e| (e.product.0.as_str(), e.licence_type, e.packs))
        .collect();
    assert_eq!(
        lines,
        [
            ("ms-sql-server-enterprise", LicenceType::PerpetualWithSa, 10),
            ("ms-sql-server-enterprise", LicenceType::Perpetual, 6),
            (
                "ms-windows-server-datacenter",
                LicenceType::PerpetualWithSa,
                32
            ),
            ("ms-sql-server-standard", LicenceType::Perpetual, 8),
        ]
    );
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn servicenow_xlsx_with_sa_only_rows_dates_and_formula_cells() {
    let imported = read("xlsx/servicenow-sa-only.xlsx");
    assert_counts(&imported, counts(5, 4, 0, 1, 0));
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn the_first_sheet_whose_header_maps_is_read_with_its_header_below_a_title() {
    let imported = read("xlsx/header-on-row-4-second-sheet.xlsx");
    // Two title rows; two data rows (one rejected); the total.
    assert_counts(&imported, counts(5, 1, 0, 1, 3));
    assert_eq!(imported.report.sheet.as_deref(), Some("Licences"));
    assert_eq!(imported.report.header_row, 4);
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn a_sheet_chosen_by_name_is_read_and_an_unknown_one_is_refused_naming_the_sheets() {
    let options = Options {
        sheet: Some("Archive".into()),
        ..Options::default()
    };
    let imported = read_with("xlsx/header-on-row-4-second-sheet.xlsx", &options).unwrap();
    assert_counts(&imported, counts(1, 1, 0, 0, 0));
    assert_eq!(imported.value.entitlements[0].packs, 16);
    let options = Options {
        sheet: Some("Sheet9".into()),
        ..Options::default()
    };
    let error = read_with("xlsx/header-on-row-4-second-sheet.xlsx", &options).unwrap_err();
    assert_eq!(
        error,
        ImportError::NoSheet {
            file: "header-on-row-4-second-sheet.xlsx".into(),
            sheet: "Sheet9".into(),
            available: "\"Read me\", \"Licences\", \"Archive\"".into()
        }
    );
}

#[test]
fn serial_dates_of_a_1904_workbook_are_counted_from_1904() {
    let imported = read("xlsx/dates-1904-system.xlsx");
    assert_counts(&imported, counts(1, 1, 0, 0, 0));
    let line = &imported.value.entitlements[0];
    assert_eq!(line.start, Some("2023-03-15".parse().unwrap()));
    assert_eq!(line.end, Some("2026-03-15".parse().unwrap()));
}

#[test]
fn an_ods_file_reads_its_typed_cells() {
    let imported = read("ods/entitlements.ods");
    // The German metric "Pro Kern" is not in the vocabulary: that row is rejected, not guessed.
    assert_counts(&imported, counts(2, 1, 0, 1, 0));
    insta::assert_json_snapshot!(view(&imported));
}
