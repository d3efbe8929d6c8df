//! Property tests, seeded and bounded: entitlement records written as CSV (any delimiter, line
//! end and BOM) or as JSON, with any text in the cells, read back identical, and so are the
//! columns no field reads through the entitlements export; no input makes the readers panic.

use preflight_engine::RulePack;
use preflight_import::{Options, read_entitlements};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Text a user's cell may hold: quotes, every delimiter, CR and LF, a BOM, NUL, accents, emoji.
fn cell_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\"".to_string()),
            Just(",".to_string()),
            Just(";".to_string()),
            Just("\t".to_string()),
            Just("|".to_string()),
            Just("\r".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\u{feff}".to_string()),
            Just("\0".to_string()),
            Just("🚀".to_string()),
            Just("é".to_string()),
            "[a-zA-Z0-9 ]{1,6}",
        ],
        1..8,
    )
    .prop_map(|parts| parts.concat())
    // A product name with text in it: all-blank cells mean "no product", and the reader trims.
    .prop_map(|text| format!("X{}Y", text))
}

fn runner(cases: u32) -> TestRunner {
    let seed = [7u8; 32];
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    )
}

#[test]
fn records_written_as_csv_read_back_identical() {
    let catalogue = RulePack::builtin().catalogue;
    let strategy = (
        prop::collection::vec((cell_text(), cell_text(), 0u32..100_000), 1..6),
        prop::sample::select(vec![b',', b';', b'\t', b'|']),
        any::<bool>(),
        any::<bool>(),
    );
    runner(300)
        .run(&strategy, |(records, delimiter, crlf, bom)| {
            let mut writer = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .terminator(if crlf {
                    csv::Terminator::CRLF
                } else {
                    csv::Terminator::Any(b'\n')
                })
                .from_writer(if bom {
                    b"\xEF\xBB\xBF".to_vec()
                } else {
                    Vec::new()
                });
            writer
                .write_record(["Publisher", "Product", "Metric", "Quantity"])
                .unwrap();
            for (publisher, product, quantity) in &records {
                writer
                    .write_record([publisher, product, "Per core", &quantity.to_string()])
                    .unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            let imported = read_entitlements("p.csv", &bytes, &Options::default(), &catalogue)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let read: Vec<(String, String, u32)> = imported
                .value
                .unmatched
                .iter()
                .map(|line| {
                    (
                        line.publisher.clone(),
                        line.product.clone(),
                        line.quantity.parse().unwrap(),
                    )
                })
                .collect();
            prop_assert_eq!(&read, &records);
            prop_assert_eq!(imported.report.rows.accepted, records.len());
            Ok(())
        })
        .unwrap();
}

#[test]
fn records_written_as_json_read_back_identical() {
    let catalogue = RulePack::builtin().catalogue;
    let strategy = (
        prop::collection::vec((cell_text(), cell_text(), 0u32..100_000), 1..6),
        any::<bool>(),
    );
    runner(300)
        .run(&strategy, |(records, bom)| {
            let array: Vec<serde_json::Value> = records
                .iter()
                .map(|(publisher, product, quantity)| {
                    serde_json::json!({
                        "Publisher": publisher,
                        "Product": product,
                        "Metric": "Per core",
                        "Quantity": quantity,
                    })
                })
                .collect();
            let mut bytes = if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                Vec::new()
            };
            bytes.extend(serde_json::to_vec_pretty(&array).unwrap());
            let imported = read_entitlements("p.json", &bytes, &Options::default(), &catalogue)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let read: Vec<(String, String, u32)> = imported
                .value
                .unmatched
                .iter()
                .map(|line| {
                    (
                        line.publisher.clone(),
                        line.product.clone(),
                        line.quantity.parse().unwrap(),
                    )
                })
                .collect();
            prop_assert_eq!(&read, &records);
            prop_assert_eq!(imported.report.rows.accepted, records.len());
            Ok(())
        })
        .unwrap();
}

/// Issue 4: "Unmapped columns are kept and round-trip": lines with any text in columns no field
/// reads, some cells missing, written by the entitlements export and read back, keep them.
#[test]
fn unread_columns_written_by_the_export_read_back_identical() {
    use preflight_engine::{Entitlement, LicenceType, Metric, SourceRef};
    let pack = RulePack::builtin();
    let names = ["Asset tag", "Notes", "Owner"];
    let strategy = prop::collection::vec(
        prop::collection::vec(prop::option::of(cell_text()), 3),
        1..5,
    );
    runner(200)
        .run(&strategy, |rows| {
            let lines: Vec<Entitlement> = rows
                .iter()
                .enumerate()
                .map(|(index, cells)| Entitlement {
                    extra: names
                        .iter()
                        .zip(cells)
                        .filter_map(|(name, cell)| Some(((*name).into(), cell.clone()?)))
                        .collect(),
                    ..Entitlement::new(
                        preflight_engine::ProductId("ms-sql-server-enterprise".into()),
                        Metric::Core,
                        LicenceType::Perpetual,
                        2,
                        index as u32 + 1,
                        SourceRef {
                            file: "a.csv".into(),
                            row: index as u32 + 2,
                        },
                    )
                })
                .collect();
            let bytes = preflight_import::export::entitlements_csv(&lines, &[], &pack.catalogue);
            let imported =
                read_entitlements("export.csv", &bytes, &Options::default(), &pack.catalogue)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(imported.value.entitlements.len(), lines.len());
            for (again, line) in imported.value.entitlements.iter().zip(&lines) {
                let kept: Vec<preflight_engine::KeptCell> = again
                    .extra
                    .iter()
                    .filter(|(name, _)| &**name != "File" && &**name != "Row")
                    .cloned()
                    .collect();
                prop_assert_eq!(&kept, &line.extra);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn arbitrary_bytes_never_panic_and_end_in_a_result() {
    let catalogue = RulePack::builtin().catalogue;
    let names = prop::sample::select(vec!["f.csv", "f.xlsx", "f.json", "f.ods", "f.xml"]);
    let prefixes = prop::sample::select(vec![
        &b""[..],
        b"PK\x03\x04",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\xEF\xBB\xBF",
        b"[",
        b"<",
        b"Product,Metric,Quantity\n",
        b"sep=;\n",
    ]);
    let strategy = (names, prefixes, prop::collection::vec(any::<u8>(), 0..512));
    runner(400)
        .run(&strategy, |(name, prefix, tail)| {
            let bytes = [prefix, &tail[..]].concat();
            // Either outcome is fine; reaching it without a panic is the property.
            let result = read_entitlements(name, &bytes, &Options::default(), &catalogue);
            if let Ok(imported) = result {
                let rows = imported.report.rows;
                prop_assert_eq!(
                    rows.read,
                    rows.accepted + rows.incomplete + rows.rejected + rows.skipped
                );
            }
            Ok(())
        })
        .unwrap();
}
