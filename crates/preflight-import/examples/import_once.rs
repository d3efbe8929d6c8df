//! Imports one synthetic export once, for instruction counts that the machine's load does not
//! move: `valgrind --tool=callgrind target/release/examples/import_once csv 10000`, reading the
//! inclusive count of `preflight_import::read::read_entitlements`. The same bytes as the
//! criterion bench (`benches/support/export.rs`). A third argument `caller` leaves the SHA-256
//! to the caller (`Digest::Caller`), as the import worker does: what the worker's wasm runs.

use preflight_engine::RulePack;
use preflight_import::{Digest, Options, read_entitlements};

#[allow(dead_code)] // the bench support also builds spreadsheets, which this example does not use
#[path = "../benches/support/export.rs"]
mod export;

fn main() {
    let mut args = std::env::args().skip(1);
    let format = args.next().unwrap_or_else(|| "csv".into());
    let rows: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let bytes = match format.as_str() {
        "json" => export::json(rows),
        _ => export::csv(rows),
    };
    let options = Options {
        digest: match args.next().as_deref() {
            Some("caller") => Digest::Caller,
            _ => Digest::Here,
        },
        ..Options::default()
    };
    let catalogue = RulePack::builtin().catalogue;
    let file = format!("export.{format}");
    let imported = read_entitlements(&file, &bytes, &options, &catalogue)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    println!("{file}: {:?}", imported.report.rows);
}
