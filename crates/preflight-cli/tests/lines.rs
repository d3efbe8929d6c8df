//! `preflight lines` on the demo entitlement file: the lines sorted, filtered and searched as the
//! app's table does, in each format, with the rights in force totalled by product.

mod common;

use common::preflight;

const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../public/demo/entitlements.csv"
);

fn lines(extra: &[&str]) -> String {
    let mut args = vec!["lines", "--entitlements", DEMO, "--as-of", "2026-11-28"];
    args.extend_from_slice(extra);
    let (ok, stdout, stderr) = preflight(&args);
    assert!(ok, "{stderr}");
    stdout
}

#[test]
fn the_demo_lines_sorted_by_rights_descending_as_csv() {
    // Windows Server 3 × 16-pack = 48, SQL Server Enterprise 16 × 2 = 32, Standard 8 × 2 = 16;
    // the Acrobat line matches no catalogue product, so it is not a line of the table.
    let csv = lines(&["--sort", "rights", "--desc", "--format", "csv"]);
    assert_eq!(
        csv,
        "\u{feff}\"File\",\"Row\",\"Product\",\"Edition\",\"Metric\",\"Rights\",\"Licence type\",\"End\"\r\n\
         \"entitlements.csv\",2,\"Windows Server\",\"Datacenter\",\"Per core\",48,\"Perpetual + SA\",\"\"\r\n\
         \"entitlements.csv\",3,\"SQL Server\",\"Enterprise\",\"Per core\",32,\"Perpetual + SA\",\"\"\r\n\
         \"entitlements.csv\",4,\"SQL Server\",\"Standard\",\"Per core\",16,\"Perpetual\",\"\"\r\n\n"
    );
}

#[test]
fn a_search_and_a_product_filter_keep_their_lines_and_totals() {
    let table = lines(&["--search", "sql"]);
    assert!(table.contains("2 of 3 line(s) shown"), "{table}");
    assert!(!table.contains("Datacenter"), "{table}");
    // By product name, then edition: Enterprise before Standard; each line's rights in force.
    let enterprise = table
        .find("SQL Server Enterprise")
        .expect("Enterprise total");
    let standard = table.find("SQL Server Standard").expect("Standard total");
    assert!(enterprise < standard, "{table}");
    assert!(
        table.contains("SQL Server Enterprise                       1 line(s)         32"),
        "{table}"
    );

    let json = lines(&[
        "--product",
        "ms-windows-server-datacenter",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["shown"], 1);
    assert_eq!(value["all"], 3);
    assert_eq!(value["lines"][0]["rights"], 48);
    assert_eq!(value["lines"][0]["row"], 2);
    assert_eq!(
        value["totals"],
        serde_json::json!([{
            "product": "ms-windows-server-datacenter", "name": "Windows Server Datacenter",
            "lines": 1, "owned": 48, "unlimited": false
        }])
    );
}

#[test]
fn a_bad_sort_column_is_named() {
    let (ok, _, stderr) = preflight(&["lines", "--entitlements", DEMO, "--sort", "price"]);
    assert!(!ok);
    assert!(
        stderr.contains(
            "--sort \"price\": expected one of product, edition, metric, rights, licence-type, end, file"
        ),
        "{stderr}"
    );
}
