//! The hostile corpus replayed: every file in tests/corpus/, and the cases too large to commit
//! (made here), through every importer, each on its own thread with a liveness limit. None may
//! panic or hang; each ends in an `ImportError` or with at least one diagnostic and its rows
//! accounted for; and what the entitlement reader says of each is written here by hand.

use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

use preflight_engine::RulePack;
use preflight_import::{
    Diagnostic, ImportError, Kind, Options, RowCounts, read_entitlements, read_inventory,
    read_positions, read_prices,
};

/// A hang, not a speed test: every case takes well under a second.
const LIVENESS: Duration = Duration::from_secs(30);

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/");

/// Each corpus file and what the entitlement reader must say of it (an error or a diagnostic).
const EXPECT: &[(&str, &str)] = &[
    ("binary.bin", "the file is neither text nor a spreadsheet"),
    ("bom-only.csv", "the file is empty"),
    ("cr-only.csv", "\"x\" is not a number"),
    ("deep.json", "recursion limit exceeded"),
    ("empty.csv", "the file is empty"),
    (
        "entity-expansion.xml",
        "declares a DOCTYPE or entities, which Preflight never expands",
    ),
    (
        "formula-cells.csv",
        "looks like a spreadsheet formula: read as text, never evaluated",
    ),
    (
        "header-only.csv",
        "the header on row 1 has no rows under it",
    ),
    (
        "json-nested-values.json",
        "\"Product\" holds an object, where a value was expected",
    ),
    (
        "json-object.json",
        "expected an array of entitlement objects",
    ),
    (
        "mixed-encodings.csv",
        "the file mixes UTF-8 with another encoding (line 4",
    ),
    ("nul-bytes.csv", "line 2 holds a NUL character"),
    ("only-delimiters.csv", "the header row has no names"),
    (
        "ragged-and-wide.csv",
        "the row has 5 cells where the header has 3",
    ),
    ("sep-line-only.csv", "the file is empty"),
    ("truncated-utf16.txt", "some bytes are not valid UTF-16LE"),
    ("truncated.json", "EOF while parsing"),
    ("truncated.ods", "not a readable zip"),
    ("truncated.xlsx", "not a readable zip"),
    (
        "unterminated-quote.csv",
        "a quote opened on line 3 is never closed, so lines 3 to 5",
    ),
    (
        "utf16-without-bom.txt",
        "no byte order mark, but every other byte is zero",
    ),
    ("workbook.json", "this is a Preflight workbook"),
];

type Outcome = Result<(Vec<Diagnostic>, RowCounts), ImportError>;

/// Reads `bytes` as `kind` on its own thread: `Err` with the panic, or when it outlives
/// [`LIVENESS`].
fn read(kind: Kind, name: &str, bytes: std::sync::Arc<Vec<u8>>) -> Result<Outcome, String> {
    let (sender, receiver) = mpsc::channel();
    let name = name.to_string();
    let thread = std::thread::spawn(move || {
        let options = Options::default();
        let catalogue = &RulePack::builtin().catalogue;
        let outcome: Outcome = match kind {
            Kind::Entitlements => read_entitlements(&name, &bytes, &options, catalogue)
                .map(|i| (i.diagnostics, i.report.rows)),
            Kind::Prices => read_prices(&name, &bytes, &options, catalogue)
                .map(|i| (i.diagnostics, i.report.rows)),
            Kind::Positions => read_positions(&name, &bytes, &options, catalogue)
                .map(|i| (i.diagnostics, i.report.rows)),
            Kind::Inventory => {
                read_inventory(&name, &bytes, &options).map(|i| (i.diagnostics, i.report.rows))
            }
        };
        let _ = sender.send(outcome);
    });
    match receiver.recv_timeout(LIVENESS) {
        Ok(outcome) => Ok(outcome),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("still running after {LIVENESS:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(match thread.join() {
            Err(panic) => format!(
                "panicked: {}",
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            ),
            Ok(()) => "ended without a result".into(),
        }),
    }
}

/// Every importer on one case; returns what the entitlement reader said, as text.
fn replay(name: &str, bytes: Vec<u8>) -> String {
    let bytes = std::sync::Arc::new(bytes);
    let mut said = String::new();
    for kind in Kind::ALL {
        let outcome =
            read(kind, name, bytes.clone()).unwrap_or_else(|e| panic!("{name} as {kind}: {e}"));
        let text = match outcome {
            Err(error) => {
                assert!(!error.to_string().is_empty(), "{name} as {kind}");
                error.to_string()
            }
            Ok((diagnostics, rows)) => {
                assert!(!diagnostics.is_empty(), "{name} as {kind}: no diagnostic");
                assert_eq!(
                    rows.read,
                    rows.accepted + rows.incomplete + rows.rejected + rows.skipped,
                    "{name} as {kind}"
                );
                diagnostics.iter().map(|d| format!("{d}\n")).collect()
            }
        };
        if kind == Kind::Entitlements {
            said = text;
        }
    }
    said
}

#[test]
fn every_corpus_file_is_read_by_every_importer_with_its_diagnostic() {
    let mut files: Vec<String> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let listed: Vec<&str> = EXPECT.iter().map(|(file, _)| *file).collect();
    assert_eq!(
        files, listed,
        "every corpus file needs its expectation here"
    );
    for (file, expect) in EXPECT {
        let said = replay(file, std::fs::read(format!("{CORPUS}{file}")).unwrap());
        assert!(said.contains(expect), "{file}: {expect:?} not in\n{said}");
    }
}

#[test]
fn cases_too_large_to_commit_are_made_and_replayed() {
    let header = "Product,Metric,Quantity\n";
    let long_line = format!("{header}{},Per device,1\n", "A".repeat(10 * 1024 * 1024));
    let wide = format!("{header}{}\n", vec!["x"; 10_000].join(","));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "long-line.csv",
            long_line.into_bytes(),
            "more than a spreadsheet cell can (32767)",
        ),
        (
            "wide.csv",
            wide.into_bytes(),
            "cells beyond column 1000 are not read",
        ),
        (
            "bomb.xlsx",
            zip_bomb(),
            "is over the limit of 209715200 bytes",
        ),
        (
            "formulas.xlsx",
            formula_sheet(),
            "looks like a spreadsheet formula",
        ),
    ];
    for (name, bytes, expect) in cases {
        let said = replay(name, bytes);
        assert!(said.contains(expect), "{name}: {expect:?} not in\n{said}");
    }
}

/// A small XLSX whose zip directory declares each entry 4 GB inflated, as a bomb does.
fn zip_bomb() -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for name in ["[Content_Types].xml", "xl/worksheets/sheet1.xml"] {
        out.start_file(name, options).unwrap();
        out.write_all(&[0u8; 64 * 1024]).unwrap();
    }
    let mut bytes = out.finish().unwrap().into_inner();
    let mut at = 0;
    while let Some(offset) = bytes[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let entry = at + offset;
        bytes[entry + 24..entry + 28].copy_from_slice(&u32::MAX.to_le_bytes());
        at = entry + 4;
    }
    bytes
}

/// A sheet with real formulas (read as their cached values) and a text cell that is a formula
/// injection payload, as a hostile export writes it.
fn formula_sheet() -> Vec<u8> {
    use rust_xlsxwriter::{Formula, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (column, header) in ["Product", "Metric", "Quantity"].iter().enumerate() {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    sheet
        .write_string(1, 0, "=HYPERLINK(\"http://example.invalid\",\"x\")")
        .unwrap();
    sheet.write_string(1, 1, "Per device").unwrap();
    sheet
        .write_formula(1, 2, Formula::new("=1+1").set_result("2"))
        .unwrap();
    sheet.write_string(2, 0, "Acme").unwrap();
    sheet.write_string(2, 1, "Per device").unwrap();
    sheet.write_formula(2, 2, Formula::new("=A1")).unwrap();
    book.save_to_buffer().unwrap()
}
