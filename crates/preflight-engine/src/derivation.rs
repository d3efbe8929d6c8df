//! Derivation steps: the working behind every figure, each step citing its rule and inputs.
//!
//! Steps are structured data, so a test can recompute each figure from them. Their `Display`
//! renders one English sentence per step (plain integers; money is shown as exact decimals with
//! its currency code, formatting for people is the app's job).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::entitlement::{LicenceType, Rights, SourceRef};
use crate::money::Money;
use crate::rules::RuleId;

/// Before the project (the baseline alone) or after it (baseline and project).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Before,
    After,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Per host: each processor counts max(cores per processor, minimum per processor).
    HostCores {
        host: String,
        sockets: u32,
        cores_per_socket: u32,
        min_per_processor: u32,
        counted: Rights,
        rules: [RuleId; 2],
        /// The table row the minimum comes from, with its date and confidence.
        #[serde(default)]
        row: Option<crate::rules::TableRow>,
    },
    /// Per host: the per-server minimum lifts the host's count.
    ServerMinimum {
        host: String,
        counted: Rights,
        min_per_server: u32,
        required: Rights,
        rule: RuleId,
        #[serde(default)]
        row: Option<crate::rules::TableRow>,
    },
    /// Bought without SA: a host's VMs beyond its core licences take one core licence each
    /// (the product's unlimited virtualisation needs SA).
    VmCap {
        host: String,
        counted: Rights,
        vms: u64,
        required: Rights,
        rule: RuleId,
    },
    /// Why a host needs the product when it is not placed on the host itself.
    Reached {
        host: String,
        reasons: Vec<crate::scope::Reach>,
        rule: Option<RuleId>,
    },
    /// The rule pack the figures were counted under.
    RulePack {
        id: String,
        version: String,
        sha256: String,
    },
    /// A vendor rule counted something: what, the working, and the result.
    Counted {
        subject: String,
        working: String,
        counted: Rights,
        rule: RuleId,
    },
    /// A vendor rule applied without a count of its own (a right used, a condition met).
    Applied {
        subject: String,
        note: String,
        rule: RuleId,
    },
    /// Required for the product: the sum over its hosts.
    Required { hosts: u32, required: Rights },
    /// The requirement expressed in sellable packs (one step per pack size).
    RequiredPacks {
        required: Rights,
        pack_size: u32,
        packs: u64,
        rule: RuleId,
    },
    /// One entitlement line's contribution (zero when it grants no rights on the as-of date).
    EntitlementLine {
        source: SourceRef,
        licence_type: LicenceType,
        rights_per_pack: u32,
        packs: u32,
        counted: Rights,
    },
    /// An unlimited agreement's line: any quantity while in term, not counted in `entitled`.
    Unlimited {
        source: SourceRef,
        in_term: bool,
        end: Option<chrono::NaiveDate>,
    },
    /// Entitled: the sum of the lines.
    Entitled { lines: u32, entitled: Rights },
    /// An SA-only line covers rights of a perpetual line (coverage, not rights).
    SaCoverage {
        sa: SourceRef,
        covered: SourceRef,
        rights: Rights,
        end: Option<chrono::NaiveDate>,
    },
    /// What the existing estate consumes today (the baseline).
    Consumed { consumed: Rights },
    /// Rights another project's approved scenario holds (site data): taken before this project.
    Reserved {
        project: String,
        scenario: String,
        reserved_on: chrono::NaiveDate,
        reserved_by: String,
        rights: Rights,
    },
    /// Rights of a line allocated to a demand (after the project).
    Allocated {
        source: SourceRef,
        line_product: ProductId,
        demand: String,
        rights: Rights,
        /// The rule that lets the line's product cover this one, when they differ.
        #[serde(default)]
        rule: Option<RuleId>,
    },
    /// Shortfall = demand − covered; surplus = entitled − rights of this product used by any demand.
    Balance {
        stage: Stage,
        demand: Rights,
        covered: Rights,
        shortfall: Rights,
        entitled: Rights,
        used: Rights,
        surplus: Rights,
    },
    /// The project's shortfall: what it adds to the shortfall of the baseline alone.
    ProjectShortfall {
        before: Rights,
        after: Rights,
        shortfall: Rights,
    },
    /// The new shortfall on a date when the project goes live in phases.
    PhaseShortfall {
        on: chrono::NaiveDate,
        shortfall: Rights,
    },
    /// The cheapest mix of packs that covers the shortfall.
    Packs {
        shortfall: Rights,
        pack_size: u32,
        packs: u64,
        rule: RuleId,
    },
    /// A pack's price, derived from an entitlement line's unit price, rounded to the minor unit.
    PackPrice {
        source: SourceRef,
        unit_price: Money,
        rights_per_pack: u32,
        pack_size: u32,
        pack_price: Money,
    },
    /// A pack's price from the price list: listed as is, or scaled from another pack size.
    ListPrice {
        sku: Option<String>,
        source: String,
        listed_pack: u32,
        listed: Money,
        pack_size: u32,
        pack_price: Money,
    },
    /// A price converted at a dated exchange rate (1 `rate_from` = `rate` `rate_to`), rounded.
    Converted {
        from: Money,
        rate: rust_decimal::Decimal,
        rate_from: crate::money::Currency,
        rate_to: crate::money::Currency,
        rate_date: chrono::NaiveDate,
        rate_source: String,
        to: Money,
    },
    /// A purchase line's cost: packs × pack price.
    LineCost {
        pack_size: u32,
        packs: u64,
        pack_price: Money,
        total: Money,
    },
    /// The product's cost: the sum of its purchase lines.
    Cost { lines: u32, total: Money },
    /// An OEM line's host is retired by the project: its rights end with the host.
    OemRetired {
        source: SourceRef,
        host: String,
        rights: Rights,
    },
    /// A purchase needed on one date is paid at the next true-up of the agreement the product
    /// is bought under, and budgeted in that fiscal year.
    TrueUp {
        agreement: String,
        needed: chrono::NaiveDate,
        paid: chrono::NaiveDate,
    },
    /// A cloud instance on the provider's licence-included price: vCPUs × rate × 12 a year,
    /// recurring (no rate: not costed, and a finding).
    LicenceIncluded {
        instance: String,
        vcpus: u32,
        per_vcpu_month: Option<Money>,
        source: Option<String>,
        yearly: Option<Money>,
        rule: RuleId,
    },
    /// A purchase bought with Software Assurance, and its yearly cost (recurring in the budget):
    /// from the price list's SA entries (`rule` none) or a rule pack rate (`rule` the rate's).
    SoftwareAssurance {
        reason: String,
        working: String,
        /// With a rule pack rate: the rate and the licence cost it applies to.
        #[serde(default)]
        rate: Option<(rust_decimal::Decimal, Money)>,
        /// `None` when the licences themselves are unpriced.
        yearly: Option<Money>,
        #[serde(default)]
        rule: Option<RuleId>,
    },
}

impl Step {
    /// The rules this step applies.
    pub fn rules(&self) -> Vec<&RuleId> {
        match self {
            Step::HostCores { rules, .. } => rules.iter().collect(),
            Step::ServerMinimum { rule, .. }
            | Step::VmCap { rule, .. }
            | Step::Packs { rule, .. }
            | Step::RequiredPacks { rule, .. }
            | Step::Counted { rule, .. }
            | Step::LicenceIncluded { rule, .. }
            | Step::Applied { rule, .. } => {
                vec![rule]
            }
            Step::Reached { rule, .. }
            | Step::Allocated { rule, .. }
            | Step::SoftwareAssurance { rule, .. } => rule.iter().collect(),
            // No arm for "everything else": a new step must say which rules it applies.
            Step::Required { .. }
            | Step::RulePack { .. }
            | Step::EntitlementLine { .. }
            | Step::Unlimited { .. }
            | Step::Entitled { .. }
            | Step::SaCoverage { .. }
            | Step::Consumed { .. }
            | Step::Reserved { .. }
            | Step::Balance { .. }
            | Step::ProjectShortfall { .. }
            | Step::PhaseShortfall { .. }
            | Step::PackPrice { .. }
            | Step::ListPrice { .. }
            | Step::Converted { .. }
            | Step::LineCost { .. }
            | Step::Cost { .. }
            | Step::TrueUp { .. }
            | Step::OemRetired { .. } => Vec::new(),
        }
    }
}

/// " (table T of D, C confidence)" after a step whose figure comes from a table row.
fn write_row(f: &mut fmt::Formatter<'_>, row: &Option<crate::rules::TableRow>) -> fmt::Result {
    match row {
        Some(row) => write!(
            f,
            " (table {} of {}, confidence {})",
            row.table.0, row.effective, row.confidence
        ),
        None => Ok(()),
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::HostCores {
                host,
                sockets,
                cores_per_socket,
                min_per_processor,
                counted,
                row,
                ..
            } => {
                write!(
                    f,
                    "{host}: {sockets} processor(s) × max({cores_per_socket} cores, minimum {min_per_processor} per processor) = {counted}"
                )?;
                write_row(f, row)
            }
            Step::VmCap {
                host,
                counted,
                vms,
                required,
                ..
            } => write!(
                f,
                "{host}: bought without SA, each of its {vms} VMs needs a core licence: max({counted}, {vms} VMs) = {required}"
            ),
            Step::ServerMinimum {
                host,
                counted,
                min_per_server,
                required,
                row,
                ..
            } => {
                write!(
                    f,
                    "{host}: max({counted}, minimum {min_per_server} per server) = {required}"
                )?;
                write_row(f, row)
            }
            Step::Reached { host, reasons, .. } => {
                let reasons: Vec<String> = reasons
                    .iter()
                    .map(|reason| match reason {
                        crate::scope::Reach::Host => "placed on it".to_string(),
                        crate::scope::Reach::Cluster { cluster } => format!("placed on cluster {cluster}"),
                        crate::scope::Reach::Vm { vm, scope } => match scope {
                            crate::scope::VmScope::HostGroup { cluster, group } => {
                                format!("VM {vm} may run on it (host group {group} of cluster {cluster})")
                            }
                            crate::scope::VmScope::Cluster { cluster } => format!("VM {vm} may run on it (cluster {cluster})"),
                            crate::scope::VmScope::Host => format!("VM {vm} runs on it"),
                        },
                    })
                    .collect();
                write!(f, "{host} must be licensed: {}", reasons.join("; "))
            }
            Step::RulePack {
                id,
                version,
                sha256,
            } => {
                let short = sha256.get(..12).unwrap_or(sha256);
                write!(
                    f,
                    "counted under rule pack {id} {version} (SHA-256 {short}…)"
                )
            }
            Step::Counted {
                subject,
                working,
                counted,
                ..
            } => write!(f, "{subject}: {working} = {counted}"),
            Step::Applied { subject, note, .. } => write!(f, "{subject}: {note}"),
            Step::Required { hosts, required } => {
                write!(f, "required: sum over {hosts} demand(s) = {required}")
            }
            Step::RequiredPacks {
                required,
                pack_size,
                packs,
                ..
            } => {
                write!(f, "{required} required: {packs} × {pack_size}-pack(s)")
            }
            Step::EntitlementLine {
                source,
                licence_type,
                rights_per_pack,
                packs,
                counted,
            } => {
                write!(
                    f,
                    "{source}: {licence_type}, {packs} pack(s) × {rights_per_pack} = {counted}"
                )?;
                if *counted == Rights(0) && rights_per_pack * packs > 0 {
                    write!(f, " (grants no rights on the as-of date)")?;
                }
                Ok(())
            }
            Step::Unlimited {
                source,
                in_term,
                end,
            } => {
                write!(f, "{source}: unlimited agreement")?;
                match (in_term, end) {
                    (true, Some(end)) => write!(f, ", covers any quantity until {end}"),
                    (true, None) => write!(f, ", covers any quantity (no end date given)"),
                    (false, _) => write!(f, ", not in term on the as-of date"),
                }
            }
            Step::Entitled { lines, entitled } => {
                write!(f, "entitled: sum over {lines} line(s) = {entitled}")
            }
            Step::SaCoverage {
                sa,
                covered,
                rights,
                end,
            } => {
                write!(f, "{sa} (SA) covers {rights} rights of {covered}")?;
                match end {
                    Some(end) => write!(f, " until {end}"),
                    None => write!(f, " (no end date given)"),
                }
            }
            Step::Consumed { consumed } => {
                write!(f, "consumed today by the existing estate: {consumed}")
            }
            Step::Reserved {
                project,
                scenario,
                reserved_on,
                reserved_by,
                rights,
            } => write!(
                f,
                "reserved for {project} ({scenario}) on {reserved_on} by {reserved_by}: {rights} rights taken from the surplus"
            ),
            Step::Allocated {
                source,
                line_product,
                demand,
                rights,
                ..
            } => {
                write!(f, "{demand}: {rights} from {source} ({line_product})")
            }
            Step::Balance {
                stage,
                demand,
                covered,
                shortfall,
                entitled,
                used,
                surplus,
            } => {
                let stage = match stage {
                    Stage::Before => "before the project",
                    Stage::After => "after the project",
                };
                write!(
                    f,
                    "{stage}: shortfall = {demand} needed − {covered} covered = {shortfall}; surplus = {entitled} owned − {used} used = {surplus}"
                )
            }
            Step::PhaseShortfall { on, shortfall } => {
                write!(f, "from {on}: {shortfall} more short")
            }
            Step::ProjectShortfall {
                before,
                after,
                shortfall,
            } => {
                write!(
                    f,
                    "to buy for the project: {after} short after − {before} short before = {shortfall}"
                )
            }
            Step::Packs {
                shortfall,
                pack_size,
                packs,
                ..
            } => {
                write!(
                    f,
                    "buy {packs} × {pack_size}-pack(s) toward a shortfall of {shortfall}"
                )
            }
            Step::PackPrice {
                source,
                unit_price,
                rights_per_pack,
                pack_size,
                pack_price,
            } => write!(
                f,
                "{pack_size}-pack price = {} {} per {rights_per_pack} ({source}) × {pack_size} = {} {}",
                unit_price.amount, unit_price.currency, pack_price.amount, pack_price.currency
            ),
            Step::ListPrice {
                sku,
                source,
                listed_pack,
                listed,
                pack_size,
                pack_price,
            } => {
                write!(f, "{pack_size}-pack price from the price list ({source}")?;
                if let Some(sku) = sku {
                    write!(f, ", SKU {sku}")?;
                }
                write!(
                    f,
                    "): {} {} per {listed_pack}",
                    listed.amount, listed.currency
                )?;
                if listed_pack != pack_size {
                    write!(
                        f,
                        " × {pack_size}/{listed_pack} = {} {}",
                        pack_price.amount, pack_price.currency
                    )?;
                }
                Ok(())
            }
            Step::Converted {
                from,
                rate,
                rate_from,
                rate_to,
                rate_date,
                rate_source,
                to,
            } => write!(
                f,
                "{} {} converted at 1 {rate_from} = {rate} {rate_to} ({rate_source}, {rate_date}) = {} {}",
                from.amount, from.currency, to.amount, to.currency
            ),
            Step::LineCost {
                pack_size,
                packs,
                pack_price,
                total,
            } => write!(
                f,
                "{packs} × {pack_size}-pack at {} {} = {} {}",
                pack_price.amount, pack_price.currency, total.amount, total.currency
            ),
            Step::Cost { lines, total } => {
                write!(
                    f,
                    "cost: sum over {lines} purchase line(s) = {} {}",
                    total.amount, total.currency
                )
            }
            Step::OemRetired {
                source,
                host,
                rights,
            } => write!(
                f,
                "{source}: OEM licence of host {host}, which the project retires: its {rights} rights end with the host and are not counted after"
            ),
            Step::TrueUp {
                agreement,
                needed,
                paid,
            } => write!(
                f,
                "needed on {needed}; bought under {agreement}, whose next true-up is on {paid}: budgeted then"
            ),
            Step::LicenceIncluded {
                instance,
                vcpus,
                per_vcpu_month,
                source,
                yearly,
                ..
            } => match (per_vcpu_month, source, yearly) {
                (Some(rate), Some(source), Some(yearly)) => write!(
                    f,
                    "{instance}: licence included, {vcpus} vCPU × {} {} per vCPU-month ({source}) × 12 = {} {} a year, recurring over the horizon",
                    rate.amount, rate.currency, yearly.amount, yearly.currency
                ),
                _ => write!(
                    f,
                    "{instance}: licence included for {vcpus} vCPU, not costed: no licence-included rate for this provider and date"
                ),
            },
            Step::SoftwareAssurance {
                reason,
                working,
                yearly,
                ..
            } => {
                write!(f, "Software Assurance, {reason}: {working}")?;
                match yearly {
                    Some(yearly) => write!(
                        f,
                        " = {} {} a year, recurring over the horizon",
                        yearly.amount, yearly.currency
                    ),
                    None => write!(f, " (not costed: the licences are unpriced)"),
                }
            }
        }
    }
}
