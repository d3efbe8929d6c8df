//! What every importer target checks: no panic, and every import accounts for its rows.

use preflight_engine::catalogue::Catalogue;
use preflight_import::{
    Options, RowCounts, read_entitlements, read_inventory, read_positions, read_prices,
};

/// Rows read = accepted + incomplete + rejected + skipped, one outcome each.
fn accounted(rows: RowCounts, outcomes: usize) {
    assert_eq!(
        rows.read,
        rows.accepted + rows.incomplete + rows.rejected + rows.skipped
    );
    assert_eq!(rows.read, outcomes);
}

/// The four record kinds' readers on one file, as the import worker may run them.
pub fn every_importer(name: &str, bytes: &[u8], catalogue: &Catalogue) {
    let options = Options::default();
    if let Ok(i) = read_entitlements(name, bytes, &options, catalogue) {
        accounted(i.report.rows, i.report.outcomes.len());
    }
    if let Ok(i) = read_prices(name, bytes, &options, catalogue) {
        accounted(i.report.rows, i.report.outcomes.len());
    }
    if let Ok(i) = read_positions(name, bytes, &options, catalogue) {
        accounted(i.report.rows, i.report.outcomes.len());
    }
    if let Ok(i) = read_inventory(name, bytes, &options) {
        accounted(i.report.rows, i.report.outcomes.len());
    }
}
