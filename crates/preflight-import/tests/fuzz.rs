//! Bounded, seeded fuzzing of every parser in the normal test run: delimited text built from
//! the pieces real files are made of (headers of every kind, values, delimiters, quotes, line
//! ends, BOMs, encodings), JSON trees, and spreadsheets with bytes flipped, cut and inserted.
//! Every input goes through every importer; none may panic, and every import accounts for its
//! rows. A failure prints the shrunk input: add it to tests/corpus/ so the replay keeps it.
//!
//! PREFLIGHT_FUZZ_SCALE=N runs N times the cases and PREFLIGHT_FUZZ_SEED=S another seed, for
//! longer runs outside CI.

use std::time::Instant;

use preflight_engine::RulePack;
use preflight_engine::catalogue::Catalogue;
use preflight_import::{
    Options, RowCounts, read_entitlements, read_inventory, read_positions, read_prices,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner(cases: u32, stream: u8) -> TestRunner {
    let seed = env_number("PREFLIGHT_FUZZ_SEED", 20261128);
    let mut bytes = [stream; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let scale = env_number("PREFLIGHT_FUZZ_SCALE", 1) as u32;
    TestRunner::new_with_rng(
        Config {
            cases: cases.saturating_mul(scale.max(1)),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    )
}

/// Rows read = accepted + incomplete + rejected + skipped, and one outcome per row.
fn accounted(rows: RowCounts, outcomes: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        rows.read,
        rows.accepted + rows.incomplete + rows.rejected + rows.skipped
    );
    prop_assert_eq!(rows.read, outcomes);
    Ok(())
}

/// Every importer on one input: any result is fine, a panic is not, and rows add up.
fn every_importer(name: &str, bytes: &[u8], catalogue: &Catalogue) -> Result<(), TestCaseError> {
    let options = Options::default();
    if let Ok(i) = read_entitlements(name, bytes, &options, catalogue) {
        accounted(i.report.rows, i.report.outcomes.len())?;
    }
    if let Ok(i) = read_prices(name, bytes, &options, catalogue) {
        accounted(i.report.rows, i.report.outcomes.len())?;
    }
    if let Ok(i) = read_positions(name, bytes, &options, catalogue) {
        accounted(i.report.rows, i.report.outcomes.len())?;
    }
    if let Ok(i) = read_inventory(name, bytes, &options) {
        accounted(i.report.rows, i.report.outcomes.len())?;
    }
    Ok(())
}

const HEADERS: &[&str] = &[
    "Product",
    "Edition",
    "Publisher",
    "Metric",
    "Quantity",
    "Unit price",
    "Currency",
    "Licence type",
    "Rights per pack",
    "Start date",
    "End date",
    "SA quantity",
    "Pack size",
    "Price per right",
    "Line total",
    "Billing period",
    "Valid from",
    "Valid to",
    "SKU",
    "Consumption quantity",
    "Entitlement quantity",
    "Position",
    "Name",
    "Type",
    "Sockets",
    "Cores per socket",
    "Cores",
    "vCPUs",
    "Cluster",
    "Host",
    "Software model",
    "Number of packs",
    "Effective License Quantity",
    "Country of Usage",
];

const VALUES: &[&str] = &[
    "SQL Server",
    "Enterprise",
    "Windows Server",
    "Datacenter",
    "Microsoft",
    "Per core",
    "Per user",
    "Perpetual",
    "Perpetual + SA",
    "Subscription",
    "SA only",
    "4",
    "16",
    "0",
    "-3",
    "1.5",
    "1,234.50",
    "1.234,50",
    "1,234",
    "$5",
    "€ 1.234,56",
    "USD;200",
    "USD",
    "EUR",
    "kr 9",
    "2026-01-31",
    "03/04/2026",
    "13/04/2026",
    "04/13/2026",
    "45000",
    "Host",
    "VM",
    "PROD-A",
    "Annual",
    "3 years",
    "(8)",
    "=1+2",
    "Total",
    "Grand total",
    "# note",
    "All Countries",
];

/// One piece of a text file.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(HEADERS).prop_map(String::from),
        4 => prop::sample::select(VALUES).prop_map(String::from),
        4 => prop::sample::select(vec![",", ";", "\t", "|"]).prop_map(String::from),
        2 => prop::sample::select(vec!["\n", "\r\n", "\r"]).prop_map(String::from),
        1 => prop::sample::select(vec!["\"", "\"\"", "sep=;\n", "\u{feff}", "\0", "🚀", "é"])
            .prop_map(String::from),
        1 => "\\PC{0,6}",
    ]
}

/// A text file: pieces in rows, then bytes in one of the encodings people's files come in.
fn text_file() -> impl Strategy<Value = Vec<u8>> {
    let rows = prop::collection::vec(prop::collection::vec(piece(), 0..12), 0..8);
    (rows, 0u8..4).prop_map(|(rows, encoding)| {
        let text: String = rows.iter().map(|row| row.concat() + "\n").collect();
        match encoding {
            0 => text.into_bytes(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            2 => b"\xFF\xFE"
                .iter()
                .copied()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            // Windows-1252 as far as Latin-1 reaches; other characters as '?'.
            _ => text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect(),
        }
    })
}

#[test]
fn delimited_text_of_every_shape_never_panics_and_accounts_for_its_rows() {
    let catalogue = RulePack::builtin().catalogue;
    let started = Instant::now();
    let mut runner = runner(2000, 1);
    runner
        .run(
            &(
                text_file(),
                prop::sample::select(vec!["f.csv", "f.txt", "f"]),
            ),
            |(bytes, name)| every_importer(name, &bytes, &catalogue),
        )
        .unwrap();
    eprintln!(
        "fuzz: delimited text, {} cases x 4 importers in {:?}",
        runner.config().cases,
        started.elapsed()
    );
}

/// A JSON tree whose objects use the importers' headers as keys.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        prop::sample::select(VALUES).prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(HEADERS), inner), 0..8).prop_map(
                |entries| {
                    Value::Object(
                        entries
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect(),
                    )
                }
            ),
        ]
    })
}

#[test]
fn json_of_every_shape_never_panics_and_accounts_for_its_rows() {
    let catalogue = RulePack::builtin().catalogue;
    let started = Instant::now();
    let mut runner = runner(1000, 2);
    let documents = prop_oneof![
        3 => prop::collection::vec(json_value(), 0..10).prop_map(serde_json::Value::Array),
        1 => json_value(),
    ];
    runner
        .run(&(documents, any::<bool>()), |(value, truncate)| {
            let mut bytes = serde_json::to_vec(&value).unwrap();
            if truncate {
                bytes.truncate(bytes.len() / 2);
            }
            every_importer("f.json", &bytes, &catalogue)
        })
        .unwrap();
    eprintln!(
        "fuzz: JSON, {} cases x 4 importers in {:?}",
        runner.config().cases,
        started.elapsed()
    );
}

/// One change to a file's bytes, at a position taken modulo its length.
#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
}

fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % len };
    match mutation {
        Mutation::Flip(i, mask) => {
            let i = at(*i, bytes.len());
            if let Some(byte) = bytes.get_mut(i) {
                *byte ^= mask.max(&1);
            }
        }
        Mutation::Cut(i) => bytes.truncate(at(*i, bytes.len())),
        Mutation::Insert(i, new) => {
            let i = at(*i, bytes.len());
            bytes.splice(i..i, new.iter().copied());
        }
        Mutation::Remove(i, n) => {
            let i = at(*i, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<usize>(), any::<u8>()).prop_map(|(i, m)| Mutation::Flip(i, m)),
        1 => any::<usize>().prop_map(Mutation::Cut),
        2 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        2 => (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Remove(i, n)),
    ]
}

#[test]
fn spreadsheets_with_bytes_flipped_cut_and_inserted_never_panic() {
    let catalogue = RulePack::builtin().catalogue;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
    let files: Vec<(String, Vec<u8>)> = [
        "tests/fixtures/xlsx/mls-statement.xlsx",
        "tests/fixtures/xlsx/servicenow-sa-only.xlsx",
        "tests/fixtures/xlsx/dates-1904-system.xlsx",
        "tests/fixtures/ods/entitlements.ods",
        "../../public/templates/preflight-prices.xlsx",
        "../../public/templates/preflight-inventory.xlsx",
    ]
    .iter()
    .map(|path| {
        let name = path.rsplit('/').next().unwrap().to_string();
        (name, std::fs::read(format!("{root}{path}")).unwrap())
    })
    .collect();
    let started = Instant::now();
    let mut runner = runner(1000, 3);
    // Half the cases change the zip's bytes; the other half change one entry's inflated XML
    // and zip it again, so the spreadsheet parser, not the zip check, meets the damage.
    let strategy = (
        0..files.len(),
        any::<bool>(),
        any::<usize>(),
        prop::collection::vec(mutation(), 1..5),
    );
    runner
        .run(&strategy, |(file, inside, entry, mutations)| {
            let (name, bytes) = &files[file];
            let bytes = if inside {
                rezip(bytes, entry, &mutations)
            } else {
                let mut bytes = bytes.clone();
                for mutation in &mutations {
                    mutate(&mut bytes, mutation);
                }
                bytes
            };
            every_importer(name, &bytes, &catalogue)
        })
        .unwrap();
    eprintln!(
        "fuzz: spreadsheets, {} cases x 4 importers in {:?}",
        runner.config().cases,
        started.elapsed()
    );
}

/// The zip again, with entry `entry` (modulo their number) inflated, changed and deflated.
fn rezip(bytes: &[u8], entry: usize, mutations: &[Mutation]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let chosen = entry % archive.len();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let name = file.name().unwrap().to_string();
        let options =
            zip::write::SimpleFileOptions::default().compression_method(file.compression());
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if index == chosen {
            for mutation in mutations {
                mutate(&mut content, mutation);
            }
        }
        out.start_file(name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn spreadsheets_of_arbitrary_cells_never_panic_and_account_for_their_rows() {
    use rust_xlsxwriter::Workbook;
    let catalogue = RulePack::builtin().catalogue;
    let started = Instant::now();
    let mut runner = runner(120, 4);
    let cell = prop_oneof![
        3 => piece().prop_map(Some),
        1 => Just(None),
    ];
    let numbers = prop::collection::vec((0u32..40, 0u16..20, -1e12f64..1e12), 0..6);
    let sheet = (
        prop::collection::vec(prop::collection::vec(cell, 0..10), 0..12),
        numbers,
    );
    runner
        .run(&sheet, |(rows, numbers)| {
            let mut book = Workbook::new();
            let worksheet = book.add_worksheet();
            for (r, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    if let Some(text) = text {
                        // XML cannot hold NUL and most control characters: the writer refuses.
                        let _ = worksheet.write_string(r as u32, c as u16, text);
                    }
                }
            }
            for (r, c, number) in numbers {
                let _ = worksheet.write_number(r, c, number);
            }
            let bytes = book.save_to_buffer().unwrap();
            every_importer("f.xlsx", &bytes, &catalogue)
        })
        .unwrap();
    eprintln!(
        "fuzz: generated sheets, {} cases x 4 importers in {:?}",
        runner.config().cases,
        started.elapsed()
    );
}
