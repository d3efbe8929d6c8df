//! The CLI on the demo files: the same figures as the app shows.

use std::process::Command;

fn preflight(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_preflight"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/demo/");

#[test]
fn evaluates_the_demo_deployment_against_the_demo_entitlements() {
    let deployment = format!("{DEMO}deployment.json");
    let entitlements = format!("{DEMO}entitlements.csv");
    let (ok, stdout, stderr) = preflight(&[
        "evaluate",
        "--deployment",
        &deployment,
        "--entitlements",
        &entitlements,
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    assert!(ok, "{stderr}");
    let evaluation: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        evaluation["total"],
        serde_json::json!([{ "amount": "756679.00", "currency": "USD" }])
    );
    assert_eq!(evaluation["positions"][0]["required"], 128);
    assert_eq!(evaluation["positions"][0]["shortfall"], 80);

    let (ok, table, _) = preflight(&[
        "evaluate",
        "--deployment",
        &deployment,
        "--entitlements",
        &entitlements,
        "--as-of",
        "2026-11-28",
    ]);
    assert!(ok);
    assert!(table.contains("total to buy: USD 756679.00"), "{table}");
    assert!(
        table.contains("sql-node-01: 2 processor(s) × max(16 cores, minimum 8 per processor) = 32"),
        "{table}"
    );
}

#[test]
fn bad_arguments_and_unreadable_files_are_reported_with_exit_code_2() {
    let (ok, _, stderr) = preflight(&["evaluate", "--deployment", "/nonexistent.json"]);
    assert!(!ok);
    assert!(
        stderr.starts_with("preflight: /nonexistent.json:"),
        "{stderr}"
    );
    let (ok, _, stderr) = preflight(&["evaluate", "--as-of", "tomorrow"]);
    assert!(!ok);
    assert!(
        stderr.contains("--as-of \"tomorrow\" is not a date"),
        "{stderr}"
    );
}
