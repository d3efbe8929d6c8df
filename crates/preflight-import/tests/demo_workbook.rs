//! The app's demo workbook (public/demo/workbook.json) is the demo files read by this crate's
//! importer: the app embeds the result instead of linking the importer into the page. This test
//! fails when the two drift; `PREFLIGHT_WRITE_DEMO=1 cargo test -p preflight-import --test
//! demo_workbook` writes it again.

use preflight_engine::{Currency, Deployment, RulePack, Workbook};
use preflight_import::read_entitlements_csv;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/demo/");

#[test]
fn the_demo_workbook_is_the_demo_files_as_imported() {
    let read = |name: &str| std::fs::read(format!("{DEMO}{name}")).unwrap();
    let deployment: Deployment = serde_json::from_slice(&read("deployment.json")).unwrap();
    let mut workbook = Workbook::new(Currency::USD, deployment);
    let imported = read_entitlements_csv(
        "demo-entitlements.csv",
        &read("entitlements.csv"),
        &RulePack::builtin().catalogue,
    )
    .unwrap();
    assert!(
        imported.diagnostics.is_empty(),
        "{:?}",
        imported.diagnostics
    );
    workbook.put_source(imported.value);
    let json = serde_json::to_string_pretty(&workbook).unwrap() + "\n";
    let path = format!("{DEMO}workbook.json");
    if std::env::var_os("PREFLIGHT_WRITE_DEMO").is_some() {
        std::fs::write(&path, &json).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == json,
        "public/demo/workbook.json is stale: run `PREFLIGHT_WRITE_DEMO=1 cargo test -p preflight-import --test demo_workbook`"
    );
}
