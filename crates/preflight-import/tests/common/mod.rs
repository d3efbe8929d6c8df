//! Shared by the fixture tests: read a fixture, a compact view of an import for snapshots, and
//! the row counts each test writes out by hand.

#![allow(dead_code)]

use preflight_engine::{EntitlementSource, RulePack};
use preflight_import::{ImportError, Imported, Options, RowCounts, read_entitlements};
use serde_json::{Value, json};

pub fn fixture(path: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn read_with(
    path: &str,
    options: &Options,
) -> Result<Imported<EntitlementSource>, ImportError> {
    let name = path.rsplit('/').next().unwrap();
    read_entitlements(
        name,
        &fixture(path),
        options,
        &RulePack::builtin().catalogue,
    )
}

pub fn read(path: &str) -> Imported<EntitlementSource> {
    read_with(path, &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Rows read, accepted, incomplete, rejected, skipped, as a test writes them by hand.
pub fn counts(
    read: usize,
    accepted: usize,
    incomplete: usize,
    rejected: usize,
    skipped: usize,
) -> RowCounts {
    RowCounts {
        read,
        accepted,
        incomplete,
        rejected,
        skipped,
    }
}

/// Asserts the hand-written totals, and that they add up.
pub fn assert_counts<T>(imported: &Imported<T>, expect: RowCounts) {
    let rows = imported.report.rows;
    assert_eq!(rows, expect, "{:#?}", imported.report.outcomes);
    assert_eq!(
        rows.read,
        rows.accepted + rows.incomplete + rows.rejected + rows.skipped
    );
}

/// One line per diagnostic, row outcome and record: what a reviewer reads in a snapshot.
pub fn view(imported: &Imported<EntitlementSource>) -> Value {
    let report = &imported.report;
    json!({
        "format": report.format,
        "encoding": report.encoding,
        "delimiter": report.delimiter,
        "sheet": report.sheet,
        "preset": report.preset,
        "header_row": report.header_row,
        "statement_date": report.statement_date,
        "mapping": report.mapping.iter().map(|m| format!("{} -> {}", m.column, m.field.as_deref().unwrap_or("-"))).collect::<Vec<_>>(),
        "rows": report.rows,
        "outcomes": report.outcomes.iter().map(|o| format!("{} {:?}: {}", o.row, o.state, o.reason)).collect::<Vec<_>>(),
        "diagnostics": imported.diagnostics.iter().map(|d| format!("{:?}: {d}", d.level)).collect::<Vec<_>>(),
        "entitlements": imported.value.entitlements.iter().map(|e| format!(
            "row {}: {} {:?} {} x {} {:?}{}{}{}{}{}{}{}",
            e.source.row, e.product, e.licence_type, e.packs, e.rights_per_pack, e.metric,
            e.unit_price.map(|p| format!(" at {} {}", p.currency, p.amount)).unwrap_or_default(),
            e.purchased.map(|d| format!(" bought {d}")).unwrap_or_default(),
            e.start.map(|d| format!(" from {d}")).unwrap_or_default(),
            e.end.map(|d| format!(" to {d}")).unwrap_or_default(),
            e.version.as_ref().map(|v| format!(" version {v}")).unwrap_or_default(),
            e.legal_entity.as_ref().map(|v| format!(" owned by {v}")).unwrap_or_default(),
            extra(&e.extra),
        )).collect::<Vec<_>>(),
        "unmatched": imported.value.unmatched.iter().map(|u| format!("row {}: {:?} {:?} {:?} x {}{}", u.source.row, u.publisher, u.product, u.edition, u.quantity, extra(&u.extra))).collect::<Vec<_>>(),
    })
}

/// A line's kept columns, as the snapshot shows them: `; kept "Header"="cell", …`.
fn extra(extra: &[preflight_engine::KeptCell]) -> String {
    if extra.is_empty() {
        return String::new();
    }
    let cells: Vec<String> = extra.iter().map(|(h, v)| format!("{h:?}={v:?}")).collect();
    format!("; kept {}", cells.join(", "))
}

/// The report and diagnostics of any kind of import, with `records` as that kind shows them.
pub fn report_view<T>(imported: &Imported<T>, records: Vec<String>) -> Value {
    let report = &imported.report;
    json!({
        "format": report.format,
        "encoding": report.encoding,
        "delimiter": report.delimiter,
        "sheet": report.sheet,
        "header_row": report.header_row,
        "mapping": report.mapping.iter().map(|m| format!("{} -> {}", m.column, m.field.as_deref().unwrap_or("-"))).collect::<Vec<_>>(),
        "rows": report.rows,
        "outcomes": report.outcomes.iter().map(|o| format!("{} {:?}: {}", o.row, o.state, o.reason)).collect::<Vec<_>>(),
        "diagnostics": imported.diagnostics.iter().map(|d| format!("{:?}: {d}", d.level)).collect::<Vec<_>>(),
        "records": records,
    })
}
