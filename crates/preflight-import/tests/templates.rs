//! Preflight's templates (public/templates/, offered for download): each imports with no
//! diagnostic and every row accepted, is told for its kind by its header, and is what
//! `template()` writes today.

use preflight_engine::RulePack;
use preflight_import::template::template;
use preflight_import::{
    Diagnostic, Kind, Options, RowCounts, detect_kind, read_entitlements, read_inventory,
    read_positions, read_prices,
};

const TEMPLATES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/templates/");

/// The diagnostics and row counts of reading `bytes` as `kind`.
fn import(kind: Kind, file: &str, bytes: &[u8]) -> (Vec<Diagnostic>, RowCounts) {
    let options = Options::default();
    let catalogue = &RulePack::builtin().catalogue;
    fn error<T>(e: preflight_import::ImportError) -> T {
        panic!("{e}")
    }
    match kind {
        Kind::Entitlements => {
            let i = read_entitlements(file, bytes, &options, catalogue).unwrap_or_else(error);
            (i.diagnostics, i.report.rows)
        }
        Kind::Prices => {
            let i = read_prices(file, bytes, &options, catalogue).unwrap_or_else(error);
            (i.diagnostics, i.report.rows)
        }
        Kind::Positions => {
            let i = read_positions(file, bytes, &options, catalogue).unwrap_or_else(error);
            (i.diagnostics, i.report.rows)
        }
        Kind::Inventory => {
            let i = read_inventory(file, bytes, &options).unwrap_or_else(error);
            (i.diagnostics, i.report.rows)
        }
    }
}

#[test]
fn every_template_imports_with_no_diagnostic_and_every_row_accepted() {
    for kind in Kind::ALL {
        let template = template(kind);
        for extension in ["csv", "xlsx"] {
            let file = format!("{}.{extension}", template.name());
            let path = format!("{TEMPLATES}{file}");
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let (diagnostics, rows) = import(kind, &file, &bytes);
            assert_eq!(diagnostics, [], "{file}");
            assert_eq!(rows.read, template.rows.len(), "{file}");
            assert_eq!(rows.accepted, rows.read, "{file}");
            assert_eq!(
                detect_kind(&file, &bytes, &Options::default()),
                Some(kind),
                "{file}"
            );
        }
    }
}

#[test]
fn the_committed_csv_templates_are_what_template_writes() {
    for kind in Kind::ALL {
        let template = template(kind);
        let path = format!("{TEMPLATES}{}.csv", template.name());
        assert_eq!(
            std::fs::read(&path).unwrap(),
            template.csv(),
            "{path} is stale: run `cargo run -p preflight-cli -- template --kind {kind} --output {path}`"
        );
    }
}

#[test]
fn the_import_guide_names_every_templates_columns() {
    let guide = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/import-files.md"
    ))
    .unwrap();
    for kind in Kind::ALL {
        for column in template(kind).header {
            assert!(
                guide.contains(&format!("`{column}`")),
                "docs/import-files.md does not name {kind}'s column {column:?}"
            );
        }
    }
}
