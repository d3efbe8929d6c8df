//! `preflight import FILE`: what one file gives, as the app's preview would show it, for each
//! kind of file (entitlements, prices, positions, inventory).

use std::fmt::Write;

use preflight_engine::RulePack;
use preflight_import::protocol::{self, Records};
use preflight_import::{Imported, Kind, Level};
use serde::Serialize;

use crate::{Args, file_name, read};

/// The records, mapping, counts and diagnostics of one file. `Err` (exit 2 with the report
/// still printed) only when nothing usable was read: the file refused or no row accepted.
pub fn run(args: &Args) -> Result<String, String> {
    let path = args.file.as_deref().unwrap_or_default();
    let name = file_name(path);
    let bytes = read(path)?;
    // With a workbook, its answers apply (products, columns), its catalogue entries count and
    // its currency is the price list's default, as in the app's preview.
    let workbook = match &args.workbook {
        Some(path) => Some(
            preflight_engine::workbook_from_json(&read(path)?)
                .map_err(|e| format!("{path}: {e}"))?,
        ),
        None => None,
    };
    let builtin = RulePack::builtin();
    let pack = match &workbook {
        Some(workbook) => builtin
            .with_additions(&workbook.catalogue_additions)
            .map_err(|e| format!("the workbook's catalogue entries: {e}"))?,
        None => builtin,
    };
    let mut options = args.options.clone();
    if let Some(workbook) = &workbook {
        options.mappings = workbook.product_mappings.clone();
        options.columns = workbook.column_answers.clone();
        options.currency = options.currency.or(Some(workbook.settings.currency));
    }
    let imported = protocol::read(&name, &bytes, args.kind, &options, &pack.catalogue)
        .map_err(|refusal| refusal.message)?;
    // Told from the header when --kind did not say: said, unless it is the default.
    let kind = imported.value.kind();
    let heading = if args.kind.is_none() && kind != Kind::Entitlements {
        format!("read as {kind}: the header says so (--kind chooses)\n")
    } else {
        String::new()
    };
    let duplicates = match (&workbook, &imported.value) {
        (Some(workbook), Records::Entitlements(source)) => {
            preflight_engine::duplicates::across(workbook.all_sources(), source)
        }
        _ => Vec::new(),
    };
    let Imported {
        value,
        diagnostics,
        report,
    } = imported;
    let (mut out, accepted) = match value {
        Records::Entitlements(source) => {
            let imported = Imported {
                value: source,
                diagnostics,
                report,
            };
            let records = entitlement_records(&imported, &pack);
            render(args, &imported, records)?
        }
        Records::Prices(list) => {
            let imported = Imported {
                value: list,
                diagnostics,
                report,
            };
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
        Records::Positions(positions) => {
            let imported = Imported {
                value: positions,
                diagnostics,
                report,
            };
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
        Records::Inventory(inventory) => {
            let imported = Imported {
                value: inventory,
                diagnostics,
                report,
            };
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
    if !duplicates.is_empty() {
        let mut note = format!(
            "\nlikely duplicates: {} line(s) look like lines the workbook has from another file\n",
            duplicates.len()
        );
        for d in &duplicates {
            let _ = writeln!(
                note,
                "  {} looks like {}: {}, {} rights",
                d.second,
                d.first,
                display(&pack, &d.product),
                d.rights
            );
        }
        // JSON stays one value on standard output: the note goes to standard error.
        if args.json {
            eprint!("{note}");
        } else {
            out += &note;
        }
    }
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
