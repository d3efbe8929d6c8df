//! `preflight lines`: the entitlement lines table of a workbook (or of entitlement files), as the
//! app's Workbook page shows it — filtered, searched, sorted by the engine's `lines::line_table`,
//! with the rights in force by product — printed as a table, CSV or JSON.

use chrono::NaiveDate;
use preflight_engine::lines::{Column, LineQuery, line_table, product_names};
use preflight_engine::{Currency, Deployment, ProductId, RulePack, Workbook};
use preflight_import::Options;
use preflight_import::export::{Cell, write_csv};
use rust_decimal::Decimal;

pub const USAGE: &str = "usage: preflight lines (--workbook FILE | --entitlements FILE...)
                       [--product ID] [--file NAME] [--search TEXT]
                       [--sort product|edition|metric|rights|licence-type|end|file] [--desc]
                       [--as-of YYYY-MM-DD] [--format table|csv|json]

  the workbook's entitlement lines, in the app's order: --product and --file keep one
  product's (catalogue id) or one file's lines, --search keeps the lines whose product,
  edition, metric, licence type, file, SKU, version, legal entity or cost centre contain the
  text; totals by product count the rights in force on the as-of date (default: today).
  csv writes the lines only (UTF-8 with BOM, as every CSV Preflight writes).";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Table,
    Csv,
    Json,
}

struct Args {
    workbook: Option<String>,
    entitlements: Vec<String>,
    query: LineQuery,
    as_of: Option<NaiveDate>,
    format: Format,
}

/// A sort column by the name the usage gives it.
fn column(text: &str) -> Result<Column, String> {
    let names = [
        ("product", Column::Product),
        ("edition", Column::Edition),
        ("metric", Column::Metric),
        ("rights", Column::Rights),
        ("licence-type", Column::LicenceType),
        ("end", Column::End),
        ("file", Column::File),
    ];
    names
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, column)| *column)
        .ok_or_else(|| {
            let known: Vec<_> = names.iter().map(|(name, _)| *name).collect();
            format!("--sort {text:?}: expected one of {}", known.join(", "))
        })
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        workbook: None,
        entitlements: Vec::new(),
        query: LineQuery::default(),
        as_of: None,
        format: Format::Table,
    };
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))
        };
        match flag.as_str() {
            "--workbook" => parsed.workbook = Some(value()?),
            "--entitlements" => parsed.entitlements.push(value()?),
            "--product" => parsed.query.product = Some(ProductId(value()?)),
            "--file" => parsed.query.file = Some(value()?),
            "--search" => parsed.query.search = value()?,
            "--sort" => parsed.query.sort = column(&value()?)?,
            "--desc" => parsed.query.descending = true,
            "--as-of" => parsed.as_of = Some(crate::as_of_flag(&value()?)?),
            "--format" => {
                parsed.format = match value()?.as_str() {
                    "table" => Format::Table,
                    "csv" => Format::Csv,
                    "json" => Format::Json,
                    other => {
                        return Err(format!("--format {other:?}: expected table, csv or json"));
                    }
                }
            }
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    if parsed.workbook.is_none() && parsed.entitlements.is_empty() {
        return Err(format!(
            "lines needs --workbook or --entitlements\n\n{USAGE}"
        ));
    }
    Ok(parsed)
}

/// One line as the table shows it: file, row, product, edition, metric, rights, licence type,
/// end of term.
struct Row {
    file: String,
    row: u32,
    product: String,
    edition: String,
    metric: String,
    rights: u64,
    licence_type: String,
    end: String,
}

pub fn run(args: impl Iterator<Item = String>) -> Result<String, String> {
    let args = parse(args)?;
    let pack = RulePack::builtin();
    let mut workbook = match &args.workbook {
        Some(path) => preflight_engine::workbook_from_json(&crate::read(path)?)
            .map_err(|e| format!("{path}: {e}"))?,
        None => Workbook::new(Currency::USD, Deployment::default()),
    };
    crate::add_entitlements(
        &mut workbook,
        &args.entitlements,
        &Options::default(),
        &pack,
    )?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let table = line_table(&workbook, &pack.catalogue, as_of, &args.query);
    let rows: Vec<Row> = table
        .rows
        .iter()
        .filter_map(|r| r.get(&workbook))
        .map(|(file, line)| {
            let (product, edition) = product_names(&pack.catalogue, &workbook, &line.product);
            Row {
                file: file.to_string(),
                row: line.source.row,
                product,
                edition,
                metric: line.metric.to_string(),
                rights: line.rights().0,
                licence_type: line.licence_type.to_string(),
                end: line.end.map(|d| d.to_string()).unwrap_or_default(),
            }
        })
        .collect();
    let name = |id: &ProductId| {
        let (name, edition) = product_names(&pack.catalogue, &workbook, id);
        match edition.is_empty() || name.contains(&edition) {
            true => name,
            false => format!("{name} {edition}"),
        }
    };
    match args.format {
        Format::Csv => {
            let header = [
                "File",
                "Row",
                "Product",
                "Edition",
                "Metric",
                "Rights",
                "Licence type",
                "End",
            ];
            let csv = write_csv(
                &header,
                rows.iter().map(|r| {
                    vec![
                        Cell::Text(r.file.clone()),
                        Cell::Number(Decimal::from(r.row)),
                        Cell::Text(r.product.clone()),
                        Cell::Text(r.edition.clone()),
                        Cell::Text(r.metric.clone()),
                        Cell::Number(Decimal::from(r.rights)),
                        Cell::Text(r.licence_type.clone()),
                        Cell::Text(r.end.clone()),
                    ]
                }),
            );
            String::from_utf8(csv).map_err(|e| e.to_string())
        }
        Format::Json => {
            let lines: Vec<_> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "file": r.file, "row": r.row, "product": r.product, "edition": r.edition,
                        "metric": r.metric, "rights": r.rights, "licence_type": r.licence_type,
                        "end": (!r.end.is_empty()).then_some(&r.end),
                    })
                })
                .collect();
            let totals: Vec<_> = table
                .totals
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "product": t.product.0, "name": name(&t.product), "lines": t.lines,
                        "owned": t.owned.0, "unlimited": t.unlimited,
                    })
                })
                .collect();
            let out = serde_json::json!({
                "as_of": as_of.to_string(), "shown": rows.len(), "all": table.all,
                "lines": lines, "totals": totals,
            });
            serde_json::to_string_pretty(&out).map_err(|e| e.to_string())
        }
        Format::Table => {
            let mut out = format!(
                "{:<24} {:>5} {:<24} {:<12} {:<20} {:>8} {:<16} {:<10}\n",
                "file", "row", "product", "edition", "metric", "rights", "licence type", "end"
            );
            for r in &rows {
                out += &format!(
                    "{:<24} {:>5} {:<24} {:<12} {:<20} {:>8} {:<16} {:<10}\n",
                    r.file, r.row, r.product, r.edition, r.metric, r.rights, r.licence_type, r.end
                );
            }
            out += &format!(
                "\n{} of {} line(s) shown\n\ntotals by product (rights in force on {as_of})\n",
                rows.len(),
                table.all
            );
            for total in &table.totals {
                let owned = match total.unlimited {
                    true => "unlimited".to_string(),
                    false => total.owned.to_string(),
                };
                out += &format!(
                    "{:<40} {:>4} line(s) {owned:>10}\n",
                    name(&total.product),
                    total.lines
                );
            }
            Ok(out.trim_end().to_string())
        }
    }
}
