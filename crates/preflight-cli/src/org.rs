//! `preflight org`: the licence manager's site data — built from their files, reservations of
//! approved scenarios merged into it, and released from it.
//!
//! preflight org build --maintainer NAME [--entitlements FILE]... [--prices FILE]...
//!                     [--catalogue FILE] [--fiscal-start-month N] [--horizon-years N]
//!                     [--reservations FILE]... [--keep-reservations-of SITE] [--currency CODE]
//!                     [--published YYYY-MM-DD] --output FILE
//! preflight org reserve --site FILE RESERVATION.json...
//! preflight org release --site FILE --project NAME [--scenario NAME]

use chrono::NaiveDate;
use preflight_engine::site::{
    ReservationFile, SITE_SCHEMA, SiteData, release, reserve, site_from_json,
};
use preflight_engine::{FiscalSettings, Product, RulePack};
use preflight_import::{Options, read_entitlements, read_prices};

use crate::{file_name, read};

pub const USAGE: &str =
    "usage: preflight org build --maintainer NAME [--entitlements FILE]... [--prices FILE]...
                           [--catalogue FILE] [--fiscal-start-month N] [--horizon-years N]
                           [--reservations FILE]... [--keep-reservations-of SITE]
                           [--currency CODE] [--published YYYY-MM-DD] --output FILE
       preflight org reserve --site FILE RESERVATION.json...
       preflight org release --site FILE --project NAME [--scenario NAME]

  build      write the site data file (publish it as org/preflight-org.json beside the page)
  reserve    merge reservation files exported from the page into the site data file
  release    take a project's reservations (or one scenario's) out of the site data file

  --catalogue FILE            catalogue products to add to the rule pack's (a JSON array)
  --reservations FILE         a reservation file to merge while building
  --keep-reservations-of SITE keep the reservations of the site data file being replaced";

#[derive(Default)]
struct OrgArgs {
    maintainer: Option<String>,
    published: Option<NaiveDate>,
    entitlements: Vec<String>,
    prices: Vec<String>,
    catalogue: Option<String>,
    start_month: Option<u32>,
    horizon_years: Option<u32>,
    reservations: Vec<String>,
    keep_of: Option<String>,
    site: Option<String>,
    project: Option<String>,
    scenario: Option<String>,
    output: Option<String>,
    options: Options,
}

fn parse(mut args: impl Iterator<Item = String>, positional: bool) -> Result<OrgArgs, String> {
    let mut parsed = OrgArgs::default();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))
        };
        let number = |text: String, name: &str| {
            text.parse::<u32>()
                .map_err(|_| format!("{name} {text:?} is not a whole number"))
        };
        match flag.as_str() {
            "--maintainer" => parsed.maintainer = Some(value()?),
            "--published" => {
                let text = value()?;
                parsed.published =
                    Some(text.parse().map_err(|_| {
                        format!("--published {text:?} is not a date like 2026-11-28")
                    })?);
            }
            "--entitlements" => parsed.entitlements.push(value()?),
            "--prices" => parsed.prices.push(value()?),
            "--catalogue" => parsed.catalogue = Some(value()?),
            "--fiscal-start-month" => {
                parsed.start_month = Some(number(value()?, "--fiscal-start-month")?)
            }
            "--horizon-years" => parsed.horizon_years = Some(number(value()?, "--horizon-years")?),
            "--reservations" => parsed.reservations.push(value()?),
            "--keep-reservations-of" => parsed.keep_of = Some(value()?),
            "--site" => parsed.site = Some(value()?),
            "--project" => parsed.project = Some(value()?),
            "--scenario" => parsed.scenario = Some(value()?),
            "--output" => parsed.output = Some(value()?),
            "--currency" => {
                parsed.options.currency =
                    Some(value()?.parse().map_err(|e| format!("--currency: {e}"))?)
            }
            file if positional && !file.starts_with("--") => {
                parsed.reservations.push(file.to_string())
            }
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    Ok(parsed)
}

/// Runs `preflight org ...`; the text is what to print.
pub fn run(mut args: impl Iterator<Item = String>) -> Result<String, String> {
    match args.next().as_deref() {
        Some("build") => build(parse(args, false)?),
        Some("reserve") => {
            let parsed = parse(args, true)?;
            let path = parsed
                .site
                .clone()
                .ok_or(format!("reserve needs --site\n\n{USAGE}"))?;
            let mut site = read_site(&path)?;
            let before = site.reservations.len();
            for file in &parsed.reservations {
                reserve(&mut site, read_reservations(file)?);
            }
            write_site(&path, &site)?;
            Ok(format!(
                "{path}: {} reservation(s), {} before",
                site.reservations.len(),
                before
            ))
        }
        Some("release") => {
            let parsed = parse(args, false)?;
            let path = parsed
                .site
                .ok_or(format!("release needs --site\n\n{USAGE}"))?;
            let project = parsed
                .project
                .ok_or(format!("release needs --project\n\n{USAGE}"))?;
            let mut site = read_site(&path)?;
            let released = release(&mut site, &project, parsed.scenario.as_deref());
            if released == 0 {
                return Err(format!("{path}: no reservation of {project:?} to release"));
            }
            write_site(&path, &site)?;
            Ok(format!(
                "{path}: released {released} reservation(s) of {project:?}; {} left",
                site.reservations.len()
            ))
        }
        _ => Err(USAGE.into()),
    }
}

fn build(args: OrgArgs) -> Result<String, String> {
    let maintainer = args
        .maintainer
        .filter(|m| !m.trim().is_empty())
        .ok_or(format!("build needs --maintainer\n\n{USAGE}"))?;
    let output = args
        .output
        .ok_or(format!("build needs --output\n\n{USAGE}"))?;
    let pack = RulePack::builtin();
    let mut site = SiteData {
        schema: SITE_SCHEMA,
        maintainer,
        published: args
            .published
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        sources: Vec::new(),
        price_list: Vec::new(),
        catalogue_additions: Vec::new(),
        fiscal: None,
        reservations: Vec::new(),
    };
    if let Some(path) = &args.catalogue {
        let products: Vec<Product> = serde_json::from_slice(&read(path)?)
            .map_err(|e| format!("{path}: not a list of catalogue products: {e}"))?;
        pack.with_additions(&products)
            .map_err(|e| format!("{path}: {e}"))?;
        site.catalogue_additions = products;
    }
    let catalogue = pack
        .with_additions(&site.catalogue_additions)
        .map_err(|e| e.to_string())?
        .catalogue;
    let mut report = Vec::new();
    for path in &args.entitlements {
        let imported = read_entitlements(&file_name(path), &read(path)?, &args.options, &catalogue)
            .map_err(|e| e.to_string())?;
        for diagnostic in &imported.diagnostics {
            eprintln!("{diagnostic}");
        }
        report.push(format!(
            "{}: {} entitlement line(s), {} unmatched",
            imported.value.file,
            imported.value.entitlements.len(),
            imported.value.unmatched.len()
        ));
        site.sources.push(imported.value);
    }
    for path in &args.prices {
        let imported = read_prices(&file_name(path), &read(path)?, &args.options, &catalogue)
            .map_err(|e| e.to_string())?;
        for diagnostic in &imported.diagnostics {
            eprintln!("{diagnostic}");
        }
        let entries = imported.value.entries();
        report.push(format!(
            "{}: {} price(s)",
            imported.value.file,
            entries.len()
        ));
        site.price_list.extend(entries);
    }
    if args.start_month.is_some() || args.horizon_years.is_some() {
        let default = FiscalSettings::default();
        let fiscal = FiscalSettings {
            start_month: args.start_month.unwrap_or(default.start_month),
            horizon_years: args.horizon_years.unwrap_or(default.horizon_years),
        };
        if !(1..=12).contains(&fiscal.start_month) || fiscal.horizon_years == 0 {
            return Err("--fiscal-start-month is 1 to 12 and --horizon-years at least 1".into());
        }
        site.fiscal = Some(fiscal);
    }
    if let Some(path) = &args.keep_of {
        site.reservations = read_site(path)?.reservations;
    }
    for path in &args.reservations {
        reserve(&mut site, read_reservations(path)?);
    }
    report.push(format!("{} reservation(s)", site.reservations.len()));
    write_site(&output, &site)?;
    Ok(format!("{output}:\n  {}", report.join("\n  ")))
}

fn read_site(path: &str) -> Result<SiteData, String> {
    site_from_json(&read(path)?).map_err(|e| format!("{path}: {e}"))
}

fn read_reservations(path: &str) -> Result<Vec<preflight_engine::site::Reservation>, String> {
    let file: ReservationFile = serde_json::from_slice(&read(path)?)
        .map_err(|e| format!("{path}: not a reservation file: {e}"))?;
    if file.schema > SITE_SCHEMA {
        return Err(format!(
            "{path}: written by a newer Preflight (schema {})",
            file.schema
        ));
    }
    Ok(file.reservations)
}

fn write_site(path: &str, site: &SiteData) -> Result<(), String> {
    let json = serde_json::to_string_pretty(site).map_err(|e| e.to_string())?;
    std::fs::write(path, json + "\n").map_err(|e| format!("{path}: {e}"))
}
