//! XLSX, ODS and XLS bytes (calamine behind the zip checks) through every importer. Seed the
//! corpus with the fixtures (docs/FUZZING.md): a zip is rarely found from nothing.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use preflight_engine::RulePack;

#[path = "common.rs"]
mod common;

static PACK: LazyLock<RulePack> = LazyLock::new(RulePack::builtin);

fuzz_target!(|data: &[u8]| {
    if !(data.starts_with(b"PK\x03\x04") || data.starts_with(b"\xD0\xCF\x11\xE0")) {
        return;
    }
    common::every_importer("fuzz.xlsx", data, &PACK.catalogue);
});
