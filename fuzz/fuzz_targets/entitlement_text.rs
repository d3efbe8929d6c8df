//! Delimited text and JSON arrays (any bytes that do not sniff as a spreadsheet) through every
//! importer: encodings, delimiters, quotes, headers, values.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use preflight_engine::RulePack;

#[path = "common.rs"]
mod common;

static PACK: LazyLock<RulePack> = LazyLock::new(RulePack::builtin);

fuzz_target!(|data: &[u8]| {
    // Spreadsheets have a target of their own.
    if data.starts_with(b"PK") || data.starts_with(b"\xD0\xCF") {
        return;
    }
    common::every_importer("fuzz.csv", data, &PACK.catalogue);
});
