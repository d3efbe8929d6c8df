//! The CLI on the demo files: the same figures as the app shows.

mod common;

use common::preflight;

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

#[test]
fn the_documented_json_schema_is_generated_from_the_current_types() {
    let (ok, schema, stderr) = preflight(&["schema"]);
    assert!(ok, "{stderr}");
    let documented = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/workbook.schema.json"
    ))
    .unwrap();
    assert!(
        documented.trim_end() == schema.trim_end(),
        "docs/workbook.schema.json is stale: run `cargo run -p preflight-cli -- schema > docs/workbook.schema.json`"
    );
}

#[test]
fn a_workbook_built_from_files_evaluates_to_the_same_figures() {
    let deployment = format!("{DEMO}deployment.json");
    let entitlements = format!("{DEMO}entitlements.csv");
    let (ok, workbook, stderr) = preflight(&[
        "workbook",
        "--deployment",
        &deployment,
        "--entitlements",
        &entitlements,
    ]);
    assert!(ok, "{stderr}");
    let path = std::env::temp_dir().join(format!(
        "preflight-cli-workbook-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, workbook).unwrap();
    let (ok, stdout, stderr) = preflight(&[
        "evaluate",
        "--workbook",
        path.to_str().unwrap(),
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]);
    let _ = std::fs::remove_file(&path);
    assert!(ok, "{stderr}");
    let evaluation: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        evaluation["total"],
        serde_json::json!([{ "amount": "756679.00", "currency": "USD" }])
    );
    assert_eq!(
        evaluation["reproduction"]["sources"][0]["file"],
        "entitlements.csv"
    );
}

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../preflight-import/tests/fixtures/"
);

#[test]
fn import_prints_the_mapping_counts_records_and_diagnostics_of_a_statement() {
    let path = format!("{FIXTURES}xlsx/mls-statement.xlsx");
    let (ok, table, stderr) = preflight(&["import", &path]);
    assert!(ok, "{stderr}");
    for expect in [
        "mls-statement.xlsx (Xlsx, sheet \"Pivot Data\", layout mls-pivot-data), header on row 10",
        "statement calculated on 2026-10-31",
        "Upgrade License Quantity                 -> (not used)",
        "rows: 9 read = 4 accepted + 0 incomplete + 0 rejected + 5 skipped",
        "SQL Server Enterprise          Perpetual + SA         10 x 1   Per core",
        "warning: mls-statement.xlsx, sheet \"Pivot Data\", row 17: a total line: skipped, not counted",
    ] {
        assert!(table.contains(expect), "{expect:?} not in\n{table}");
    }
    let (ok, json, _) = preflight(&["import", &path, "--sheet", "Pivot Data", "--format", "json"]);
    assert!(ok);
    let imported: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(imported["report"]["rows"]["accepted"], 4);
}

#[test]
fn import_exits_non_zero_only_when_nothing_usable_was_read() {
    let (ok, _, stderr) = preflight(&["import", &format!("{FIXTURES}xml/iso-19770-3-ent.xml")]);
    assert!(!ok);
    assert!(stderr.contains("not supported yet"), "{stderr}");
    let (ok, _, stderr) = preflight(&[
        "import",
        &format!("{FIXTURES}csv/missing-metric-column.csv"),
    ]);
    assert!(!ok);
    assert!(stderr.contains("no column for \"Metric\""), "{stderr}");
    // Some rows rejected, others read: a success.
    let (ok, _, stderr) = preflight(&["import", &format!("{FIXTURES}csv/servicenow-sa-only.csv")]);
    assert!(ok, "{stderr}");
}

#[test]
fn template_writes_the_committed_files_byte_for_byte() {
    let dir = std::env::temp_dir().join(format!("preflight-cli-templates-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for kind in ["entitlements", "prices", "positions", "inventory"] {
        for format in ["csv", "xlsx"] {
            let name = format!("preflight-{kind}.{format}");
            let out = dir.join(&name);
            let (ok, stdout, stderr) = preflight(&[
                "template",
                "--kind",
                kind,
                "--format",
                format,
                "--output",
                out.to_str().unwrap(),
            ]);
            assert!(ok, "{stderr}");
            assert!(stdout.starts_with("wrote "), "{stdout}");
            let committed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/templates/");
            assert!(
                std::fs::read(&out).unwrap()
                    == std::fs::read(format!("{committed}{name}")).unwrap(),
                "public/templates/{name} is stale: run `cargo run -p preflight-cli -- template \
                 --kind {kind} --format {format} --output public/templates/{name}`"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let (ok, csv, _) = preflight(&["template", "--kind", "prices", "--output", "-"]);
    assert!(ok);
    assert!(
        csv.starts_with("\u{feff}\"SKU\",\"Publisher\",\"Product\""),
        "{csv}"
    );
    let (ok, _, stderr) = preflight(&["template", "--kind", "licences"]);
    assert!(!ok);
    assert!(stderr.contains("unknown kind \"licences\""), "{stderr}");
}

#[test]
fn import_reads_each_kind_sniffed_from_the_header_or_as_asked() {
    let prices = format!("{FIXTURES}prices/reseller-quote.csv");
    let (ok, table, stderr) = preflight(&["import", &prices]);
    assert!(ok, "{stderr}");
    for expect in [
        "read as prices: the header says so (--kind chooses)",
        "rows: 13 read = 7 accepted + 0 incomplete + 4 rejected + 2 skipped",
        "row     3  Windows Server Datacenter      Perpetual          pack of 16  USD 6155.00 (PerPack); per right 384.69",
    ] {
        assert!(table.contains(expect), "{expect:?} not in\n{table}");
    }
    // The workbook currency reads the "$" of row 10.
    let (ok, table, _) = preflight(&["import", &prices, "--currency", "USD"]);
    assert!(ok);
    assert!(table.contains("rows: 13 read = 8 accepted"), "{table}");
    // Asked to read it as entitlements, it is one: a quote's lines have quantities.
    let (ok, table, _) = preflight(&["import", &prices, "--kind", "entitlements"]);
    assert!(ok);
    assert!(!table.contains("read as"), "{table}");
    let positions = format!("{FIXTURES}positions/servicenow-license-positions.csv");
    let (ok, json, _) = preflight(&["import", &positions, "--format", "json"]);
    assert!(ok);
    let imported: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(imported["value"]["lines"][0]["baseline"]["consumed"], 64);
    let inventory = format!("{FIXTURES}inventory/architect-server-list.csv");
    let (ok, table, _) = preflight(&["import", &inventory, "--kind", "inventory"]);
    assert!(ok);
    assert!(
        table.contains("cluster PROD-A                esx-prod-01, esx-prod-02, esx-prod-03"),
        "{table}"
    );
}

/// A licence manager's own rule pack replaces the built-in one: its figures are used and every
/// derivation names it; a pack whose tables cite an unknown rule is refused with the reason.
#[test]
fn a_user_supplied_rule_pack_is_used_and_named_in_the_working() {
    let dir = std::env::temp_dir().join(format!("preflight-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let builtin = include_str!("../../preflight-engine/rules/builtin.json");
    // Broadcom's 16-core minimum per CPU lowered to 8 in a pack of version "site-1".
    assert_eq!(builtin.matches("\"min_per_processor\": 16,").count(), 1);
    let site = builtin
        .replace("\"min_per_processor\": 16,", "\"min_per_processor\": 8,")
        .replacen("\"version\": \"", "\"version\": \"site-1+", 1);
    let (rules, broken) = (dir.join("site.json"), dir.join("broken.json"));
    std::fs::write(&rules, &site).unwrap();
    std::fs::write(
        &broken,
        site.replace(
            "\"all_cores\": \"VMW-16CORE-MIN\"",
            "\"all_cores\": \"VMW-NOPE\"",
        ),
    )
    .unwrap();
    let deployment = dir.join("vcf.json");
    std::fs::write(
        &deployment,
        r#"{"name": "vcf", "hosts": [{"name": "esx", "sockets": 2, "cores_per_socket": 8}],
            "placements": [{"product": "vmware-vcf", "hosts": ["esx"]}]}"#,
    )
    .unwrap();
    let path = |p: &std::path::Path| p.to_string_lossy().into_owned();
    let base = [
        "evaluate",
        "--deployment",
        &path(&deployment),
        "--as-of",
        "2027-01-04",
    ];

    let (ok, builtin_out, stderr) = preflight(&base);
    assert!(ok, "{stderr}");
    assert!(
        builtin_out.contains("esx: 2 processor(s) × max(8 cores, minimum 16 per processor) = 32"),
        "{builtin_out}"
    );

    let mut args = base.to_vec();
    let rules_path = path(&rules);
    args.extend(["--rules", rules_path.as_str()]);
    let (ok, site_out, stderr) = preflight(&args);
    assert!(ok, "{stderr}");
    assert!(
        site_out.contains("esx: 2 processor(s) × max(8 cores, minimum 8 per processor) = 16"),
        "{site_out}"
    );
    assert!(
        site_out.contains("counted under rule pack preflight-builtin site-1+"),
        "{site_out}"
    );

    let broken_path = path(&broken);
    let mut args = base.to_vec();
    args.extend(["--rules", broken_path.as_str()]);
    let (ok, _, stderr) = preflight(&args);
    assert!(!ok);
    assert!(stderr.contains("cites unknown rule VMW-NOPE"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A workbook's scenarios are evaluated one at a time, by name; the active one by default.
#[test]
fn evaluate_picks_a_scenario_by_name_and_names_the_ones_there_are() {
    let demo: serde_json::Value =
        serde_json::from_slice(&std::fs::read(format!("{DEMO}workbook.json")).unwrap()).unwrap();
    let mut workbook = demo.clone();
    let mut nothing = demo["scenarios"][0].clone();
    nothing["name"] = "Do nothing".into();
    nothing["deployment"] = serde_json::json!({ "name": "", "hosts": [], "placements": [] });
    workbook["scenarios"].as_array_mut().unwrap().push(nothing);
    let dir = std::env::temp_dir().join(format!("preflight-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("two-scenarios.json");
    std::fs::write(&path, serde_json::to_vec(&workbook).unwrap()).unwrap();
    let path = path.to_str().unwrap();
    let evaluate = |scenario: Option<&str>| {
        let mut args = vec!["evaluate", "--workbook", path, "--as-of", "2026-11-28"];
        args.extend(
            scenario
                .map(|name| ["--scenario", name])
                .into_iter()
                .flatten(),
        );
        args.extend(["--format", "json"]);
        let (ok, stdout, stderr) = preflight(&args);
        assert!(ok, "{stderr}");
        serde_json::from_str::<serde_json::Value>(&stdout).unwrap()
    };
    let proposed = evaluate(None);
    assert_eq!(proposed["scenario"], "Proposed");
    assert_eq!(proposed["total"][0]["amount"], "756679.00");
    assert_eq!(evaluate(Some("Proposed")), proposed);
    let nothing = evaluate(Some("Do nothing"));
    assert_eq!(nothing["scenario"], "Do nothing");
    assert_eq!(nothing["total"], serde_json::json!([]));

    let (ok, _, stderr) = preflight(&["evaluate", "--workbook", path, "--scenario", "Dc"]);
    assert!(!ok);
    assert!(
        stderr.contains(r#"--scenario "Dc": the workbook's scenarios are Proposed, Do nothing"#),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

const ORG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/org/");
/// The site data the browser tests serve: what `org build` writes from the files in `ORG`.
const SITE_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/e2e/fixtures/site-good/org/preflight-org.json"
);

fn org_build(output: &str, reservations: &[&str]) -> (bool, String, String) {
    let entitlements = format!("{ORG}org-entitlements.csv");
    let prices = format!("{ORG}org-prices.csv");
    let mut args = vec![
        "org",
        "build",
        "--maintainer",
        "SAM team, licences@example.org",
        "--published",
        "2026-11-01",
        "--entitlements",
        &entitlements,
        "--prices",
        &prices,
        "--fiscal-start-month",
        "4",
        "--output",
        output,
    ];
    for file in reservations {
        args.extend(["--reservations", file]);
    }
    preflight(&args)
}

#[test]
fn org_build_writes_the_site_data_the_browser_tests_serve() {
    let dir = std::env::temp_dir().join(format!("preflight-org-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = dir.join("preflight-org.json");
    let reservation = format!("{ORG}reservation-crm.json");
    let (ok, stdout, stderr) = org_build(output.to_str().unwrap(), &[&reservation]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("org-entitlements.csv: 2 entitlement line(s), 0 unmatched"),
        "{stdout}"
    );
    assert!(stdout.contains("org-prices.csv: 1 price(s)"), "{stdout}");
    let written = std::fs::read_to_string(&output).unwrap();
    if std::env::var_os("PREFLIGHT_UPDATE_FIXTURES").is_some() {
        std::fs::write(SITE_FIXTURE, &written).unwrap();
    }
    assert_eq!(
        written,
        std::fs::read_to_string(SITE_FIXTURE).unwrap(),
        "the e2e fixture is stale: rerun with PREFLIGHT_UPDATE_FIXTURES=1"
    );
    let site: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(site["maintainer"], "SAM team, licences@example.org");
    assert_eq!(site["fiscal"]["start_month"], 4);
    assert_eq!(site["reservations"][0]["rights"], 20);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reservations_are_merged_into_the_site_data_counted_by_evaluate_and_released() {
    let dir = std::env::temp_dir().join(format!("preflight-reserve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let site = dir.join("preflight-org.json");
    let site = site.to_str().unwrap();
    assert!(org_build(site, &[]).0);
    let evaluate = || {
        let deployment = format!("{DEMO}deployment.json");
        let (ok, stdout, stderr) = preflight(&[
            "evaluate",
            "--deployment",
            &deployment,
            "--site",
            site,
            "--as-of",
            "2026-11-28",
            "--format",
            "json",
        ]);
        assert!(ok, "{stderr}");
        let evaluation: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        // SQL Server Enterprise: 128 needed of the site's 30 × 2 = 60.
        let sql = evaluation["positions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["product"] == "ms-sql-server-enterprise")
            .unwrap()
            .clone();
        (sql["shortfall"].clone(), evaluation["total"].clone())
    };
    // 68 short: 34 two-core packs at the site's 14,000.00 = 476,000.00 (Windows Server's 8 × 16
    // = 128 cover the demo's 128).
    assert_eq!(
        evaluate(),
        (
            serde_json::json!(68),
            serde_json::json!([{ "amount": "476000.00", "currency": "USD" }])
        )
    );
    let reservation = format!("{ORG}reservation-crm.json");
    let (ok, stdout, stderr) = preflight(&["org", "reserve", "--site", site, &reservation]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("1 reservation(s), 0 before"), "{stdout}");
    // CRM holds 20 of the 60: 88 short, 44 packs = 616,000.00.
    assert_eq!(
        evaluate(),
        (
            serde_json::json!(88),
            serde_json::json!([{ "amount": "616000.00", "currency": "USD" }])
        )
    );
    let (ok, _, stderr) = preflight(&["org", "release", "--site", site, "--project", "ERP"]);
    assert!(!ok);
    assert!(stderr.contains("no reservation of \"ERP\""), "{stderr}");
    let (ok, stdout, stderr) = preflight(&[
        "org",
        "release",
        "--site",
        site,
        "--project",
        "CRM migration",
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("released 1 reservation(s)"), "{stdout}");
    assert_eq!(evaluate().0, serde_json::json!(68));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn import_with_a_workbook_takes_its_answers_and_flags_lines_it_already_has() {
    let deployment = format!("{DEMO}deployment.json");
    let export = format!("{FIXTURES}csv/servicenow-agreements.csv");
    let (ok, workbook, stderr) = preflight(&[
        "workbook",
        "--deployment",
        &deployment,
        "--entitlements",
        &export,
    ]);
    assert!(ok, "{stderr}");
    // The workbook also says what the reseller's text is.
    let mut workbook: serde_json::Value = serde_json::from_str(&workbook).unwrap();
    workbook["product_mappings"] = serde_json::json!([{
        "publisher": "Acme Resale",
        "product": "SQL-Svr Ent Core",
        "to": "ms-sql-server-enterprise"
    }]);
    let path = std::env::temp_dir().join(format!(
        "preflight-cli-import-workbook-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, workbook.to_string()).unwrap();
    let reseller = format!("{FIXTURES}csv/reseller-orders.csv");
    let (ok, stdout, stderr) =
        preflight(&["import", &reseller, "--workbook", path.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains(
            "likely duplicates: 2 line(s) look like lines the workbook has from another file\n  \
             reseller-orders.csv row 3 looks like servicenow-agreements.csv row 2: SQL Server \
             Enterprise, 16 rights\n  reseller-orders.csv row 6 looks like \
             servicenow-agreements.csv row 3: Windows Server Standard, 16 rights\n"
        ),
        "{stdout}"
    );
    let quote = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/e2e/fixtures/quote.csv"
    );
    let (ok, stdout, stderr) = preflight(&["import", quote, "--workbook", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert!(ok, "{stderr}");
    // The workbook's answer makes the quote's text SQL Server Enterprise.
    assert!(
        stdout.starts_with("read as prices: the header says so"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("SQL Server Enterprise          Perpetual          pack of 2   USD 14000.00"),
        "{stdout}"
    );
}
