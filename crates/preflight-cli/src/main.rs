//! `preflight`: the engine and importers on the command line, for batch use and testing.
//!
//! preflight evaluate (--workbook FILE | --deployment FILE) [--entitlements FILE]...
//!                    [--scenario NAME] [--as-of YYYY-MM-DD] [--currency CODE] [--rules FILE]
//!                    [--site FILE] [--format table|json]
//! preflight workbook --deployment FILE [--entitlements FILE]... [--currency CODE]
//! preflight schema
//! preflight import FILE [--kind KIND] [--sheet NAME] [--preset NAME] [--currency CODE]
//!                    [--workbook FILE] [--format table|json]
//! preflight template [--kind KIND] [--format csv|xlsx] [--output FILE]
//! preflight org build | reserve | release ...   (see `org.rs`)
//! preflight lines (--workbook FILE | --entitlements FILE...) [--sort COLUMN [--desc]] ...
//!                    (see `lines.rs`)

mod import;
mod lines;
mod org;
mod template;

use std::process::ExitCode;

use chrono::NaiveDate;
use preflight_engine::{Currency, Deployment, Evaluation, RulePack, Workbook, evaluate};
use preflight_import::{Kind, Options, read_entitlements};

const USAGE: &str =
    "usage: preflight evaluate (--workbook FILE | --deployment FILE) [--entitlements FILE]...
                          [--scenario NAME] [--as-of YYYY-MM-DD] [--currency CODE]
                          [--rules FILE] [--site FILE]
                          [--format table|json]
       preflight workbook --deployment FILE [--entitlements FILE]... [--currency CODE]
       preflight schema
       preflight import FILE [--kind KIND] [--sheet NAME] [--preset NAME] [--currency CODE]
                             [--workbook FILE] [--format table|json]
       preflight template [--kind KIND] [--format csv|xlsx] [--output FILE]
       preflight org build | reserve | release ...
       preflight lines (--workbook FILE | --entitlements FILE...) [--product ID] [--file NAME]
                       [--search TEXT] [--sort COLUMN] [--desc] [--format table|csv|json]

  evaluate              print the evaluation of a workbook
  workbook              build a workbook (JSON) from a deployment and entitlement files
  schema                print the JSON Schema of the workbook format
  import                read one file (CSV/TSV, XLSX, XLS, ODS, JSON) and print its records,
                        the header mapping, the row counts and every diagnostic; exits 1 when
                        nothing usable was read
  template              write Preflight's template of a kind (header and example rows)
  org                   the licence manager's site data: build it, merge reservations,
                        release them (`preflight org` for its options)
  lines                 the entitlement lines table, filtered, searched and sorted as the app
                        shows it, with totals by product (`preflight lines` for its options)

  --workbook FILE       a Preflight workbook (JSON, as the app exports it); for import, its
                        answers (products, columns) apply and its files are checked for
                        lines the imported file repeats
  --deployment FILE     a proposed deployment (JSON: hosts and placements)
  --entitlements FILE   an entitlement file (CSV, XLSX, ODS, JSON...); repeat for several
  --scenario NAME       the workbook's scenario to evaluate (default: the one last shown)
  --sheet NAME          the sheet to read (default: the first whose header maps)
  --preset NAME         servicenow, flexera, snow, snipe-it, mls-pivot-data or optisam
  --kind KIND           entitlements, prices, positions or inventory (import: default
                        entitlements, or the kind the header plainly is; template: entitlements)
  --as-of DATE          the date to evaluate on (default: today)
  --site FILE           the organisation's site data (org build): its files count before the
                        workbook's own, its reservations are taken before the project
  --rules FILE          a rule pack (JSON, the shape of the built-in one) to use instead of
                        the built-in pack; every result names the pack it used
  --currency CODE       the currency of results with --deployment (default: USD); for import,
                        what \"$\", \"kr\" or a bare amount in a price list is, without a column
  --format FORMAT       table or json (default: table); for template, csv (default) or xlsx
  --output FILE         where template writes (default: preflight-KIND.csv or .xlsx here;
                        - for standard output)";

#[derive(PartialEq)]
enum Command {
    Evaluate,
    Workbook,
    Schema,
    Import,
    Template,
}

struct Args {
    command: Command,
    workbook: Option<String>,
    deployment: Option<String>,
    entitlements: Vec<String>,
    as_of: Option<NaiveDate>,
    currency: Currency,
    json: bool,
    /// The --format value as given, for commands whose formats are not table and json.
    format: Option<String>,
    kind: Option<Kind>,
    rules: Option<String>,
    scenario: Option<String>,
    site: Option<String>,
    output: Option<String>,
    file: Option<String>,
    options: Options,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = match args.next().as_deref() {
        Some("evaluate") => Command::Evaluate,
        Some("workbook") => Command::Workbook,
        Some("schema") => Command::Schema,
        Some("import") => Command::Import,
        Some("template") => Command::Template,
        _ => return Err(USAGE.into()),
    };
    let mut parsed = Args {
        command,
        workbook: None,
        deployment: None,
        entitlements: Vec::new(),
        as_of: None,
        currency: Currency::USD,
        json: false,
        format: None,
        kind: None,
        rules: None,
        scenario: None,
        site: None,
        output: None,
        file: None,
        options: Options::default(),
    };
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))
        };
        match flag.as_str() {
            "--workbook" => parsed.workbook = Some(value()?),
            "--deployment" => parsed.deployment = Some(value()?),
            "--entitlements" => parsed.entitlements.push(value()?),
            "--rules" => parsed.rules = Some(value()?),
            "--scenario" => parsed.scenario = Some(value()?),
            "--site" => parsed.site = Some(value()?),
            "--as-of" => parsed.as_of = Some(as_of_flag(&value()?)?),
            "--currency" => {
                parsed.currency = value()?.parse().map_err(|e| format!("--currency: {e}"))?;
                parsed.options.currency = Some(parsed.currency);
            }
            "--format" => {
                let format = value()?;
                parsed.json = match format.as_str() {
                    "json" => true,
                    "table" => false,
                    _ if parsed.command == Command::Template => false,
                    other => return Err(format!("--format {other:?}: expected table or json")),
                };
                parsed.format = Some(format);
            }
            "--kind" => parsed.kind = Some(value()?.parse().map_err(|e| format!("--kind: {e}"))?),
            "--output" => parsed.output = Some(value()?),
            "--sheet" => parsed.options.sheet = Some(value()?),
            "--preset" => {
                parsed.options.preset =
                    Some(value()?.parse().map_err(|e| format!("--preset: {e}"))?)
            }
            file if parsed.command == Command::Import
                && parsed.file.is_none()
                && !file.starts_with("--") =>
            {
                parsed.file = Some(file.to_string())
            }
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    if parsed.command == Command::Import && parsed.file.is_none() {
        return Err(format!("import needs a FILE\n\n{USAGE}"));
    }
    if parsed.command == Command::Workbook && parsed.deployment.is_none() {
        return Err(format!("workbook needs --deployment\n\n{USAGE}"));
    }
    if parsed.command == Command::Evaluate
        && parsed.workbook.is_some() == parsed.deployment.is_some()
    {
        return Err(format!(
            "give exactly one of --workbook and --deployment\n\n{USAGE}"
        ));
    }
    Ok(parsed)
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Reads each entitlement file into the workbook, its diagnostics printed. The workbook's product
/// and column answers apply to the files read with it, as in the app.
fn add_entitlements(
    workbook: &mut Workbook,
    paths: &[String],
    options: &preflight_import::Options,
    pack: &RulePack,
) -> Result<(), String> {
    let options = preflight_import::Options {
        mappings: workbook.product_mappings.clone(),
        columns: workbook.column_answers.clone(),
        ..options.clone()
    };
    for path in paths {
        let imported = read_entitlements(&file_name(path), &read(path)?, &options, &pack.catalogue)
            .map_err(|e| e.to_string())?;
        for diagnostic in &imported.diagnostics {
            eprintln!("{diagnostic}");
        }
        workbook.put_source(imported.value);
    }
    Ok(())
}

/// The value of `--as-of`.
fn as_of_flag(text: &str) -> Result<chrono::NaiveDate, String> {
    text.parse()
        .map_err(|_| format!("--as-of {text:?} is not a date like 2026-11-28"))
}

fn run(args: Args) -> Result<String, String> {
    if args.command == Command::Import {
        return import::run(&args);
    }
    if args.command == Command::Template {
        return template::run(&args);
    }
    if args.command == Command::Schema {
        let schema = schemars::schema_for!(Workbook);
        return serde_json::to_string_pretty(&schema).map_err(|e| e.to_string());
    }
    let pack = match &args.rules {
        Some(path) => RulePack::from_json(&String::from_utf8_lossy(&read(path)?))
            .map_err(|e| format!("{path}: {e}"))?,
        None => RulePack::builtin(),
    };
    let mut workbook: Workbook = match (&args.workbook, &args.deployment) {
        (Some(path), _) => preflight_engine::workbook_from_json(&read(path)?)
            .map_err(|e| format!("{path}: {e}"))?,
        (_, Some(path)) => {
            let deployment: Deployment = serde_json::from_slice(&read(path)?)
                .map_err(|e| format!("{path}: not a deployment: {e}"))?;
            Workbook::new(args.currency, deployment)
        }
        _ => return Err(USAGE.into()),
    };
    add_entitlements(&mut workbook, &args.entitlements, &args.options, &pack)?;
    if args.command == Command::Workbook {
        return serde_json::to_string_pretty(&workbook).map_err(|e| e.to_string());
    }
    if let Some(name) = &args.scenario {
        let index = workbook
            .scenarios
            .iter()
            .position(|s| &s.name == name)
            .ok_or_else(|| {
                let names: Vec<_> = workbook.scenarios.iter().map(|s| s.name.as_str()).collect();
                format!(
                    "--scenario {name:?}: the workbook's scenarios are {}",
                    names.join(", ")
                )
            })?;
        workbook.active = index;
    }
    if let Some(path) = &args.site {
        let site = preflight_engine::site::site_from_json(&read(path)?)
            .map_err(|e| format!("{path}: {e}"))?;
        workbook.adopt_site(site);
    }
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let evaluation = evaluate(&workbook, &pack, as_of);
    if args.json {
        serde_json::to_string_pretty(&evaluation).map_err(|e| e.to_string())
    } else {
        Ok(table(&evaluation, &pack))
    }
}

fn table(evaluation: &Evaluation, pack: &RulePack) -> String {
    let mut out = format!(
        "Preflight evaluation of scenario \"{}\" as of {} (rule pack {})\n\n",
        evaluation.scenario, evaluation.as_of, evaluation.rule_pack
    );
    out += &format!(
        "{:<30} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>18}\n",
        "product", "in use", "required", "entitled", "short", "to buy", "surplus", "cost"
    );
    for position in &evaluation.positions {
        let name = pack
            .catalogue
            .get(&position.product)
            .map_or(position.product.to_string(), |p| p.display_name());
        let cost = position
            .cost
            .map_or("-".to_string(), |c| format!("{} {}", c.currency, c.amount));
        out += &format!(
            "{name:<30} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {cost:>18}\n",
            position.consumed.map_or("?".to_string(), |c| c.to_string()),
            position.required,
            position.entitled,
            position.after.shortfall,
            position.shortfall,
            position.after.surplus
        );
        for step in &position.derivation {
            out += &format!("    {step}\n");
        }
    }
    out += "\ntotal to buy: ";
    out += &if evaluation.total.is_empty() {
        "nothing priced".to_string()
    } else {
        evaluation
            .total
            .amounts()
            .iter()
            .map(|m| format!("{} {}", m.currency, m.amount))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    out += "\n";
    for finding in &evaluation.findings {
        let product = finding
            .product()
            .map(|p| format!("{p}: "))
            .unwrap_or_default();
        out += &format!("[{:?}] {product}{finding}\n", finding.severity());
    }
    out
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    let result = match args.peek().map(String::as_str) {
        Some("org") => org::run(args.skip(1)),
        Some("lines") => lines::run(args.skip(1)),
        _ => parse_args(args).and_then(run),
    };
    match result {
        Ok(text) => {
            // Empty when the command wrote its own output (a template to standard output).
            if !text.is_empty() {
                println!("{text}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("preflight: {message}");
            ExitCode::from(2)
        }
    }
}
