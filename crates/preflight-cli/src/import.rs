//! `preflight import FILE`: what one file gives, as the app's preview would show it, for each
//! kind of file (entitlements, prices, positions, inventory).

use std::fmt::Write;

use preflight_engine::RulePack;
use preflight_import::{
    Imported, Kind, Level, detect_kind, read_entitlements, read_inventory, read_positions,
    read_prices,
};
use serde::Serialize;

use crate::{Args, file_name, read};

/// The records, mapping, counts and diagnostics of one file. `Err` (exit 2 with the report
/// still printed) only when nothing usable was read: the file refused or no row accepted.
pub fn run(args: &Args) -> Result<String, String> {
    let path = args.file.as_deref().unwrap_or_default();
    let pack = RulePack::builtin();
    let catalogue = &pack.catalogue;
    let name = file_name(path);
    let bytes = read(path)?;
    let options = &args.options;
    // The kind asked for; else the one the header plainly is; else entitlements.
    let (kind, sniffed) = match args.kind {
        Some(kind) => (kind, false),
        None => match detect_kind(&name, &bytes, options) {
            Some(kind) => (kind, kind != Kind::Entitlements),
            None => (Kind::Entitlements, false),
        },
    };
    let heading = if sniffed {
        format!("read as {kind}: the header says so (--kind chooses)\n")
    } else {
        String::new()
    };
    let error = |e: preflight_import::ImportError| e.to_string();
    let (out, accepted) = match kind {
        Kind::Entitlements => {
            let imported = read_entitlements(&name, &bytes, options, catalogue).map_err(error)?;
            let records = entitlement_records(&imported, &pack);
            render(args, &imported, records)?
        }
        Kind::Prices => {
            let imported = read_prices(&name, &bytes, options, catalogue).map_err(error)?;
            let mut records: Vec<String> = imported
                .value
                .lines
                .iter()
                .map(|line| {
                    let entry = &line.entry;
                    format!(
                        "row {:>5}  {:<30} {:<18} pack of {:<3} {} {} ({:?}); per right {}{}",
                        line.row,
                        display(&pack, &entry.product),
                        entry.licence_type.to_string(),
                        entry.pack_size,
                        entry.price.currency,
                        entry.price.amount,
                        line.basis,
                        line.per_right.amount,
                        line.per_right_per_year
                            .map(|m| format!(", per year {}", m.amount))
                            .unwrap_or_default()
                    )
                })
                .collect();
            records.extend(imported.value.unmatched.iter().map(|u| {
                let text = format!("{} {} {}", u.publisher, u.product, u.edition);
                format!(
                    "row {:>5}  {:?} matches no catalogue product ({} {})",
                    u.source.row,
                    text.trim(),
                    u.price.currency,
                    u.price.amount
                )
            }));
            render(args, &imported, records)?
        }
        Kind::Positions => {
            let imported = read_positions(&name, &bytes, options, catalogue).map_err(error)?;
            let mut records: Vec<String> = imported
                .value
                .lines
                .iter()
                .map(|line| {
                    let baseline = &line.baseline;
                    format!(
                        "row {:>5}  {:<30} {:>8} in use{}{}",
                        baseline.source.as_ref().map_or(0, |s| s.row),
                        display(&pack, &baseline.product),
                        baseline.consumed,
                        line.entitled
                            .map(|e| format!(", {e} owned by the platform's count"))
                            .unwrap_or_default(),
                        baseline
                            .legal_entity
                            .as_ref()
                            .map(|e| format!(" ({e})"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            records.extend(imported.value.unmatched.iter().map(|u| {
                let text = format!("{} {} {}", u.publisher, u.product, u.edition);
                format!(
                    "row {:>5}  {:?} matches no catalogue product ({} in use)",
                    u.source.row,
                    text.trim(),
                    u.consumed
                )
            }));
            render(args, &imported, records)?
        }
        Kind::Inventory => {
            let imported = read_inventory(&name, &bytes, options).map_err(error)?;
            let deployment = &imported.value.deployment;
            let mut records: Vec<String> = deployment
                .hosts
                .iter()
                .map(|h| {
                    format!(
                        "host {:<24} {} × {} cores{}",
                        h.name,
                        h.sockets,
                        h.cores_per_socket,
                        h.processor
                            .as_ref()
                            .map(|p| format!(", {p}"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            records.extend(
                deployment
                    .clusters
                    .iter()
                    .map(|c| format!("cluster {:<21} {}", c.name, c.hosts.join(", "))),
            );
            records.extend(deployment.vms.iter().map(|vm| {
                let place = vm.cluster.as_deref().or(vm.host.as_deref()).unwrap_or("-");
                format!("vm {:<26} {} vCPUs on {place}", vm.name, vm.vcpus)
            }));
            render(args, &imported, records)?
        }
    };
    // JSON stays one value on standard output: the note goes to standard error.
    let out = if args.json {
        eprint!("{heading}");
        out
    } else {
        heading + &out
    };
    if accepted == 0 {
        return Err(format!("{out}\nnothing usable was read from {name}"));
    }
    Ok(out)
}

fn display(pack: &RulePack, product: &preflight_engine::ProductId) -> String {
    pack.catalogue
        .get(product)
        .map_or(product.to_string(), |p| p.display_name())
}

fn entitlement_records(
    imported: &Imported<preflight_engine::EntitlementSource>,
    pack: &RulePack,
) -> Vec<String> {
    let mut records: Vec<String> = imported
        .value
        .entitlements
        .iter()
        .map(|line| {
            let price = line
                .unit_price
                .map(|p| format!(" at {} {}", p.currency, p.amount))
                .unwrap_or_default();
            format!(
                "row {:>5}  {:<30} {:<18} {:>6} x {:<3} {}{price}",
                line.source.row,
                display(pack, &line.product),
                line.licence_type.to_string(),
                line.packs,
                line.rights_per_pack,
                line.metric
            )
        })
        .collect();
    records.extend(imported.value.unmatched.iter().map(|line| {
        format!(
            "row {:>5}  {:?} matches no catalogue product (quantity {})",
            line.source.row,
            format!("{} {} {}", line.publisher, line.product, line.edition).trim(),
            line.quantity
        )
    }));
    records
}

/// The import as JSON, or as a table: how the file was read, the mapping, the row counts, the
/// records and every diagnostic. Also the number of accepted rows.
fn render<T: Serialize>(
    args: &Args,
    imported: &Imported<T>,
    records: Vec<String>,
) -> Result<(String, usize), String> {
    let report = &imported.report;
    let accepted = report.rows.accepted;
    if args.json {
        let json = serde_json::to_string_pretty(imported).map_err(|e| e.to_string())?;
        return Ok((json, accepted));
    }
    let mut out = String::new();
    let name = file_name(args.file.as_deref().unwrap_or_default());
    let _ = write!(out, "{name} ({:?}", report.format);
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
    for record in records {
        let _ = writeln!(out, "  {record}");
    }
    out += "\ndiagnostics\n";
    for diagnostic in &imported.diagnostics {
        let level = match diagnostic.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let _ = writeln!(out, "  {level}: {diagnostic}");
    }
    Ok((out, accepted))
}
