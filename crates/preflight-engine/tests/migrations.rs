//! Every earlier workbook schema has a saved example here, read through the migrations: a user's
//! saved work or exported file from any earlier Preflight opens with nothing lost.

use preflight_engine::changes::Change;
use preflight_engine::{Deployment, WORKBOOK_SCHEMA, Workbook, workbook_from_json};
use serde_json::Value;

fn fixture(schema: u32) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/workbook-schema-{schema}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!("{path}: every earlier schema needs a saved example to migrate ({e})")
    })
}

/// Reads a fixture as the current type and checks it is today's schema and reads back as itself.
fn migrated(schema: u32) -> (Workbook, Value) {
    let bytes = fixture(schema);
    let old: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(old["schema"], schema, "the fixture is of schema {schema}");
    let workbook = workbook_from_json(&bytes).unwrap_or_else(|e| panic!("schema {schema}: {e}"));
    assert_eq!(workbook.schema, WORKBOOK_SCHEMA);
    let again = serde_json::to_vec(&workbook).unwrap();
    assert_eq!(workbook_from_json(&again).as_ref(), Ok(&workbook));
    (workbook, old)
}

#[test]
fn every_earlier_schema_has_an_example_that_migrates() {
    for schema in 1..WORKBOOK_SCHEMA {
        migrated(schema);
    }
}

#[test]
fn schema_1_becomes_one_scenario_named_proposed_with_its_changes_and_deployment() {
    let (workbook, old) = migrated(1);
    assert_eq!(workbook.scenarios.len(), 1);
    assert_eq!(workbook.active, 0);
    let scenario = workbook.scenario();
    assert_eq!(scenario.name, "Proposed");
    let deployment: Deployment = serde_json::from_value(old["deployment"].clone()).unwrap();
    assert_eq!(scenario.deployment, deployment);
    let changes: Vec<Change> = serde_json::from_value(old["changes"].clone()).unwrap();
    assert_eq!(changes.len(), 3, "the fixture retires three hosts");
    assert_eq!(scenario.changes, changes);
    let existing: Deployment = serde_json::from_value(old["existing"].clone()).unwrap();
    assert_eq!(workbook.existing, existing);
    for field in ["settings", "sources", "baseline", "price_list"] {
        let kept = serde_json::to_value(&workbook).unwrap()[field].clone();
        assert_eq!(kept, old[field], "{field} is carried over unchanged");
    }
}
