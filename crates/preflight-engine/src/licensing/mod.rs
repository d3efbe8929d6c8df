//! Vendor licensing models: how each product's footprint becomes demand in its metric's unit.
//!
//! One module per vendor family; each turns a [`Footprint`] into demands with the working
//! (derivation steps citing rule ids) and the risks it sees (findings). Tables and constants
//! come from the rule pack, never from code.

mod generic;
mod ibm;
mod microsoft;
mod oracle;
mod redhat;

use chrono::NaiveDate;

use crate::allocation::{Demand, Origin};
use crate::catalogue::{Licensing, Product};
use crate::derivation::Step;
use crate::entitlement::Entitlement;
use crate::entitlement::Rights;
use crate::estate::{CloudProvider, Deployment};
use crate::finding::{Finding, Risk};
use crate::rules::{RuleId, RulePack};
use crate::scope::Footprint;
use crate::workbook::Settings;

/// What every model needs besides the footprint.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub deployment: &'a Deployment,
    pub settings: &'a Settings,
    pub pack: &'a RulePack,
    pub origin: Origin,
    pub legal_entity: Option<&'a str>,
    /// The workbook's entitlement lines (Windows Server BYOL on a Listed Provider's dedicated
    /// host depends on when they were bought).
    pub lines: &'a [&'a Entitlement],
}

/// A cloud instance that runs the product with the provider's licence included, because it may
/// not bring its own (MS-CLOUD-BYOL): the workbook's licence-included rates price it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LicenceIncluded {
    pub instance: String,
    pub provider: CloudProvider,
    pub vcpus: u32,
    pub on: NaiveDate,
    pub rule: RuleId,
}

impl LicenceIncluded {
    pub fn provider_name(&self) -> &'static str {
        match self.provider {
            CloudProvider::Azure => "Azure",
            CloudProvider::Aws => "AWS",
            CloudProvider::Google => "Google Cloud",
            CloudProvider::Alibaba => "Alibaba Cloud",
            CloudProvider::Other => "the provider",
        }
    }
}

/// One product's demand: a demand per thing that needs rights, with the working.
#[derive(Clone, Debug, Default)]
pub struct ProductDemand {
    pub demands: Vec<Demand>,
    pub required: Rights,
    pub steps: Vec<Step>,
    /// Cloud instances that run the product licence-included instead of needing rights.
    pub licence_included: Vec<LicenceIncluded>,
}

impl ProductDemand {
    fn push(
        &mut self,
        ctx: &Context,
        product: &Product,
        label: impl Into<String>,
        rights: Rights,
        at: (&Option<String>, NaiveDate),
        needs_sa: bool,
    ) {
        self.required = self.required + rights;
        self.demands.push(Demand {
            label: label.into(),
            origin: ctx.origin,
            product: product.id.clone(),
            rights,
            version: at.0.clone(),
            needs_sa,
            on: at.1,
            legal_entity: ctx.legal_entity.map(str::to_string),
            host: None,
            bought_before: None,
        });
    }

    /// A demand of one physical host, counted by host: the only kind an OEM line may serve.
    fn push_host(
        &mut self,
        ctx: &Context,
        product: &Product,
        host: &str,
        rights: Rights,
        at: (&Option<String>, NaiveDate),
        needs_sa: bool,
    ) {
        self.push(ctx, product, host, rights, at, needs_sa);
        if let Some(demand) = self.demands.last_mut() {
            demand.host = Some(host.to_string());
        }
    }

    fn counted(
        &mut self,
        subject: impl Into<String>,
        working: String,
        counted: Rights,
        rule: &RuleId,
    ) {
        self.steps.push(Step::Counted {
            subject: subject.into(),
            working,
            counted,
            rule: rule.clone(),
        });
    }

    /// A rule applied; said once however many times it applies the same way.
    fn applied(&mut self, subject: impl Into<String>, note: String, rule: &RuleId) {
        let step = Step::Applied {
            subject: subject.into(),
            note,
            rule: rule.clone(),
        };
        if !self.steps.contains(&step) {
            self.steps.push(step);
        }
    }
}

fn risk(findings: &mut Vec<Finding>, product: &Product, subject: &str, risk: Risk, rule: &RuleId) {
    let finding = Finding::Rule {
        product: product.id.clone(),
        subject: subject.to_string(),
        risk,
        rule: rule.clone(),
    };
    if !findings.contains(&finding) {
        findings.push(finding);
    }
}

/// The demand of one product's footprint under its licensing model; `None` when the pack lacks
/// the table the product names (the pack check refuses such packs, so only user additions can).
pub fn product_demand(
    ctx: &Context,
    product: &Product,
    footprint: &Footprint,
    findings: &mut Vec<Finding>,
) -> Option<ProductDemand> {
    let mut out = ProductDemand::default();
    let pack = ctx.pack;
    match &product.licensing {
        Licensing::PhysicalCores { table } => microsoft::per_core(
            ctx,
            product,
            pack.per_core_table(table)?,
            footprint,
            &mut out,
            findings,
        ),
        Licensing::WindowsStandard { table } => microsoft::standard(
            ctx,
            product,
            pack.per_core_table(table)?,
            footprint,
            &mut out,
            findings,
        ),
        Licensing::Oracle { table } => oracle::demand(
            ctx,
            product,
            pack.oracle_table(table)?,
            footprint,
            &mut out,
            findings,
        ),
        Licensing::OracleOption { base } => {
            let base_product = pack.catalogue.get(base)?;
            let Licensing::Oracle { table } = &base_product.licensing else {
                return None;
            };
            let table = pack.oracle_table(table)?;
            out.applied(
                product.display_name(),
                format!(
                    "follows {}'s metric and quantity on the same hosts",
                    base_product.display_name()
                ),
                &table.rules.options,
            );
            let placed_base = ctx.deployment.placements.iter().any(|p| &p.product == base);
            if !placed_base {
                risk(
                    findings,
                    product,
                    &product.display_name(),
                    Risk::OptionWithoutBase { base: base.clone() },
                    &table.rules.options,
                );
            }
            oracle::demand(ctx, product, table, footprint, &mut out, findings)
        }
        Licensing::Pvu { table } => ibm::pvu(
            ctx,
            product,
            pack.pvu_table(table)?,
            footprint,
            &mut out,
            findings,
        ),
        Licensing::Rvu { table } => {
            let rvu = pack.rvu_table(table)?;
            ibm::rvu(
                ctx,
                product,
                rvu,
                pack.pvu_table(&rvu.capacity)?,
                footprint,
                &mut out,
                findings,
            )
        }
        Licensing::SocketPairs { table } => redhat::socket_pairs(
            ctx,
            product,
            pack.socket_pair_table(table)?,
            footprint,
            &mut out,
        ),
        Licensing::VirtualDatacenter { table } => redhat::virtual_datacenter(
            ctx,
            product,
            pack.socket_pair_table(table)?,
            footprint,
            &mut out,
        ),
        Licensing::PerUnit { unit, rule } => {
            generic::per_unit(ctx, product, *unit, rule, footprint, &mut out)
        }
        Licensing::Free { rule } => out.applied(
            product.display_name(),
            "needs no licence for this use".to_string(),
            rule,
        ),
    }
    let family = pack.catalogue.family(&product.family);
    if let Some(rule) = family.and_then(|f| f.version_rule.as_ref()) {
        let mut versions: Vec<String> = out
            .demands
            .iter()
            .filter_map(|d| d.version.clone())
            .collect();
        crate::order::sort(&mut versions);
        versions.dedup();
        for version in versions {
            out.applied(
                product.display_name(),
                format!("version {version}: covered by lines of version {version} or later, or with SA active on its release date"),
                rule,
            );
        }
    }
    out.steps.push(Step::Required {
        hosts: out.demands.len() as u32,
        required: out.required,
    });
    Some(out)
}

/// ⌈numerator / denominator⌉ for counts; a zero denominator counts nothing.
fn ceil_div(numerator: u64, denominator: u64) -> u64 {
    if denominator == 0 {
        0
    } else {
        numerator.div_ceil(denominator)
    }
}
