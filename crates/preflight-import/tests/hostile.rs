//! Hostile input: every file here gets a diagnostic or an `ImportError`, never a panic, a hang
//! or an allocation its size did not ask for.

use preflight_engine::RulePack;
use preflight_import::limits::{MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use preflight_import::{ImportError, Options, read_entitlements};

fn read(
    name: &str,
    bytes: &[u8],
) -> Result<preflight_import::Imported<preflight_engine::EntitlementSource>, ImportError> {
    read_entitlements(
        name,
        bytes,
        &Options::default(),
        &RulePack::builtin().catalogue,
    )
}

#[test]
fn an_empty_file_is_refused_as_empty() {
    for bytes in [&b""[..], b"\n\n", b"\xEF\xBB\xBF", b",,,\n,,,\n"] {
        assert_eq!(
            read("e.csv", bytes).unwrap_err(),
            ImportError::Empty {
                file: "e.csv".into()
            }
        );
    }
}

#[test]
fn a_header_only_file_reads_no_rows() {
    let imported = read("h.csv", b"Product,Metric,Quantity\r\n").unwrap();
    assert_eq!(imported.report.rows.read, 0);
    assert!(imported.value.entitlements.is_empty());
}

#[test]
fn binary_garbage_is_refused_as_not_text() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let error = read("g.csv", &bytes).unwrap_err();
    assert!(
        error.to_string().contains("neither text nor a spreadsheet"),
        "{error}"
    );
}

#[test]
fn ten_thousand_columns_are_cut_at_the_column_limit_with_a_note() {
    let mut header: Vec<String> = (0..10_000).map(|i| format!("Extra {i}")).collect();
    header[0] = "Product".into();
    header[1] = "Metric".into();
    header[2] = "Quantity".into();
    let mut row: Vec<String> = vec!["x".into(); 10_000];
    row[0] = "Acme Widget".into();
    row[1] = "Per device".into();
    row[2] = "3".into();
    let bytes = format!("{}\n{}\n", header.join(","), row.join(","));
    let imported = read("wide.csv", bytes.as_bytes()).unwrap();
    assert_eq!(imported.report.rows.accepted, 1);
    assert_eq!(imported.report.mapping.len(), MAX_COLUMNS);
    assert!(
        imported.diagnostics[0]
            .message
            .contains("cells beyond column 1000 are not read"),
        "{:?}",
        imported.diagnostics
    );
}

#[test]
fn a_ten_megabyte_line_rejects_its_row_by_the_cell_limit_and_the_rest_is_read() {
    let long = "A".repeat(10 * 1024 * 1024);
    let bytes = format!("Product,Metric,Quantity\n{long},Per device,1\nAcme,Per device,2\n");
    let imported = read("long.csv", bytes.as_bytes()).unwrap();
    assert_eq!(imported.report.rows.accepted, 1);
    assert_eq!(imported.report.rows.rejected, 1);
    let diagnostic = imported
        .diagnostics
        .iter()
        .find(|d| d.row == Some(2))
        .unwrap();
    assert!(
        diagnostic.message.contains(&format!(
            "column 1 holds {} characters, more than a spreadsheet cell can (32767)",
            long.len()
        )),
        "{diagnostic}"
    );
    // Without a header anywhere, the error quotes the candidate only briefly.
    let error = read("long.csv", long.as_bytes()).unwrap_err().to_string();
    assert!(error.len() < 400, "{}", error.len());
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_decoded() {
    let bytes = vec![b'a'; MAX_FILE_BYTES + 1];
    let error = read("huge.csv", &bytes).unwrap_err();
    assert_eq!(
        error.to_string(),
        "huge.csv: the file (104857601 bytes) is over the limit of 104857600 bytes: not read"
    );
}

#[test]
fn a_file_over_the_row_limit_is_refused_at_the_row_past_it() {
    let bytes = "Product,Metric,Quantity\n".to_string() + &"a,b,1\n".repeat(MAX_ROWS);
    let error = read("rows.csv", bytes.as_bytes()).unwrap_err();
    assert_eq!(
        error,
        ImportError::TooManyRows {
            file: "rows.csv".into(),
            limit: MAX_ROWS
        }
    );
}

#[test]
fn a_utf8_file_with_a_windows_1252_line_reads_both_and_names_the_line() {
    let bytes =
        b"Product,Metric,Quantity\nCaf\xc3\xa9 Server,Per device,1\nCaf\xe9 Server,Per device,2\n";
    let imported = read("mixed.csv", bytes).unwrap();
    let products: Vec<&str> = imported
        .value
        .unmatched
        .iter()
        .map(|line| line.product.as_str())
        .collect();
    assert_eq!(products, ["Café Server", "Café Server"]);
    assert_eq!(
        imported.report.encoding.as_deref(),
        Some("UTF-8 with Windows-1252 bytes")
    );
    assert!(
        imported.diagnostics[0]
            .message
            .contains("mixes UTF-8 with another encoding (line 3 has the first byte"),
        "{:?}",
        imported.diagnostics
    );
}

#[test]
fn deep_json_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        read("deep.json", deep.as_bytes()),
        Err(ImportError::Json { .. })
    ));
}

#[cfg(feature = "spreadsheet")]
mod zip_bombs {
    use super::*;
    use std::io::Write;

    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            out.start_file(*name, options).unwrap();
            out.write_all(content).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    /// Sets the uncompressed size every central directory entry declares, as a bomb does.
    fn declare_size(zip: &mut [u8], size: u32) {
        let mut at = 0;
        while let Some(offset) = zip[at..].windows(4).position(|w| w == b"PK\x01\x02") {
            let entry = at + offset;
            zip[entry + 24..entry + 28].copy_from_slice(&size.to_le_bytes());
            at = entry + 4;
        }
    }

    #[test]
    fn an_xlsx_declaring_more_than_the_limit_is_refused_before_inflating() {
        let zeros = vec![0u8; 1024 * 1024];
        let mut bytes = zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/worksheets/sheet1.xml", &zeros),
        ]);
        declare_size(&mut bytes, 0xF000_0000);
        let error = read("bomb.xlsx", &bytes).unwrap_err();
        assert!(matches!(error, ImportError::TooLarge { .. }), "{error}");
        assert!(
            error
                .to_string()
                .contains("over the limit of 209715200 bytes"),
            "{error}"
        );
    }

    #[test]
    fn a_zip_whose_directory_understates_its_size_is_stopped_while_inflating() {
        // The directory claims 1 KB per entry; the entry inflates to 2 MB. Checked against a
        // 1 MB limit (the real one, 200 MB, works the same and would take seconds here).
        let zeros = vec![0u8; 2 * 1024 * 1024];
        let mut bytes = zip(&[("xl/worksheets/sheet1.xml", &zeros)]);
        declare_size(&mut bytes, 1024);
        let result = preflight_import::spreadsheet::check_zip("bomb.xlsx", &bytes, 1024 * 1024);
        assert!(result.is_err(), "{result:?}");
    }

    #[test]
    fn a_zip_that_is_no_spreadsheet_is_refused_plainly() {
        let bytes = zip(&[("readme.txt", b"hello")]);
        let error = read("notes.xlsx", &bytes).unwrap_err();
        assert!(matches!(error, ImportError::Spreadsheet { .. }), "{error}");
    }
}
