//! `preflight import FILE`: what one entitlement file gives, as the app's preview would show it.

use std::fmt::Write;

use preflight_engine::RulePack;
use preflight_import::{Level, read_entitlements};

use crate::{Args, file_name, read};

/// The records, mapping, counts and diagnostics of one file. `Err` (exit 1 with the report
/// still printed) only when nothing usable was read: the file refused or no row accepted.
pub fn run(args: &Args) -> Result<String, String> {
    let path = args.file.as_deref().unwrap_or_default();
    let pack = RulePack::builtin();
    let name = file_name(path);
    let imported = read_entitlements(&name, &read(path)?, &args.options, &pack.catalogue)
        .map_err(|e| e.to_string())?;
    let out = if args.json {
        serde_json::to_string_pretty(&imported).map_err(|e| e.to_string())?
    } else {
        table(&imported, &pack)
    };
    if imported.report.rows.accepted == 0 {
        return Err(format!("{out}\nnothing usable was read from {name}"));
    }
    Ok(out)
}

fn table(
    imported: &preflight_import::Imported<preflight_engine::EntitlementSource>,
    pack: &RulePack,
) -> String {
    let report = &imported.report;
    let mut out = String::new();
    let _ = write!(out, "{} ({:?}", imported.value.file, report.format);
    if let Some(encoding) = &report.encoding {
        let _ = write!(out, ", {encoding}");
    }
    if let Some(delimiter) = report.delimiter {
        let _ = write!(out, ", delimiter {delimiter:?}");
    }
    if let Some(sheet) = &report.sheet {
        let _ = write!(out, ", sheet {sheet:?}");
    }
    if let Some(preset) = report.preset {
        let _ = write!(out, ", layout {preset}");
    }
    let _ = writeln!(out, "), header on row {}", report.header_row);
    if let Some(date) = report.statement_date {
        let _ = writeln!(out, "statement calculated on {date}");
    }
    out += "\nmapping\n";
    for column in &report.mapping {
        let field = column.field.as_deref().unwrap_or("(not used)");
        let _ = writeln!(out, "  {:<40} -> {field}", column.column);
    }
    let rows = report.rows;
    let _ = writeln!(
        out,
        "\nrows: {} read = {} accepted + {} incomplete + {} rejected + {} skipped",
        rows.read, rows.accepted, rows.incomplete, rows.rejected, rows.skipped
    );
    out += "\nrecords\n";
    for line in &imported.value.entitlements {
        let product = pack
            .catalogue
            .get(&line.product)
            .map_or(line.product.to_string(), |p| p.display_name());
        let price = line
            .unit_price
            .map(|p| format!(" at {} {}", p.currency, p.amount))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  row {:>5}  {product:<30} {:<18} {:>6} x {:<3} {}{price}",
            line.source.row,
            line.licence_type.to_string(),
            line.packs,
            line.rights_per_pack,
            line.metric
        );
    }
    for line in &imported.value.unmatched {
        let _ = writeln!(
            out,
            "  row {:>5}  {:?} matches no catalogue product (quantity {})",
            line.source.row,
            format!("{} {} {}", line.publisher, line.product, line.edition).trim(),
            line.quantity
        );
    }
    out += "\ndiagnostics\n";
    for diagnostic in &imported.diagnostics {
        let level = match diagnostic.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let _ = writeln!(out, "  {level}: {diagnostic}");
    }
    out
}
