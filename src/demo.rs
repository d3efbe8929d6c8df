//! The demo workbook a first-time visitor sees: the sample files shipped in public/demo/.

use preflight_engine::{Currency, Deployment, RulePack, Workbook};
use preflight_import::read_entitlements_csv;

pub const ENTITLEMENTS_FILE: &str = "demo-entitlements.csv";
const ENTITLEMENTS: &[u8] = include_bytes!("../public/demo/entitlements.csv");
const DEPLOYMENT: &str = include_str!("../public/demo/deployment.json");

/// The demo entitlements and deployment, read by the same importer a user's file goes through.
/// Both files are checked by tests; a failure here leaves an empty workbook rather than a panic.
pub fn workbook(pack: &RulePack) -> Workbook {
    let deployment: Deployment = serde_json::from_str(DEPLOYMENT).unwrap_or_default();
    let mut workbook = Workbook::new(Currency::USD, deployment);
    if let Ok(imported) = read_entitlements_csv(ENTITLEMENTS_FILE, ENTITLEMENTS, &pack.catalogue) {
        workbook.put_source(imported.value);
    }
    workbook
}
