//! The rule pack: vendor rules as dated, sourced data, and the product catalogue that uses them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Licensing, Product};
use crate::tables::{CoreFactor, OracleTable, PvuTable, RvuTable, SocketPairTable};

/// A vendor rule identifier as written in LICENSING_RULES.md, e.g. `MS-WS-MIN8PROC`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuleId(pub String);

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Identifier of a rule table in the pack, e.g. `ms-windows-server-per-core`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TableId(pub String);

/// How directly a rule's (or a table row's) source states it. Ordered weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A third-party blog or advisory (low).
    ThirdParty,
    /// A SAM-tool or reseller document restating the vendor rule (medium).
    Restated,
    /// The vendor's own text, or a faithful mirror of it (high).
    Vendor,
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Confidence::Vendor => "high (vendor text)",
            Confidence::Restated => "medium (restated by a SAM tool or reseller)",
            Confidence::ThirdParty => "low (third party)",
        })
    }
}

/// A per-core table row as the derivation steps that use its figures cite it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    pub table: TableId,
    pub effective: NaiveDate,
    pub confidence: Confidence,
}

/// One vendor rule with its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInfo {
    pub id: RuleId,
    pub summary: String,
    pub source: String,
    pub confidence: Confidence,
}

/// The rules a per-core table's steps cite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerCoreRules {
    pub all_cores: RuleId,
    pub per_processor: RuleId,
    pub per_server: Option<RuleId>,
    pub packs: RuleId,
    /// The rule that makes a VM's product need every host the VM may run on.
    #[serde(default)]
    pub vm_scope: Option<RuleId>,
}

/// Per-core licensing minimums and pack sizes (Microsoft Windows Server and SQL Server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerCoreTable {
    pub id: TableId,
    /// Date of the source that states these figures.
    pub effective: NaiveDate,
    pub source: String,
    /// How directly the source states the row's figures (minimums, pack sizes); when the pack
    /// does not say, the weakest confidence of the rules the row cites.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    pub min_per_processor: u32,
    /// 0 where the product has no per-server minimum.
    pub min_per_server: u32,
    /// Core licences per sellable pack, e.g. `[2, 16]`.
    pub pack_sizes: Vec<u32>,
    pub rules: PerCoreRules,
    /// Windows Server Standard: each licensing set of all physical cores covers this many OSEs.
    #[serde(default)]
    pub stacking: Option<Stacking>,
    /// Licensing VM by VM instead of by host, where the product allows it.
    #[serde(default)]
    pub per_vm: Option<PerVm>,
    /// All physical cores licensed cover any number of VMs on the host (maybe only with SA).
    #[serde(default)]
    pub unlimited_vms: Option<UnlimitedVms>,
    /// Passive fail-over secondaries are free while the primaries have SA.
    #[serde(default)]
    pub failover: Option<Failover>,
    /// Bringing licences to a shared public cloud.
    #[serde(default)]
    pub cloud: Option<CloudByol>,
    /// Non-production use by Visual Studio subscribers needs no licence (the rule that says so).
    #[serde(default)]
    pub dev_test: Option<RuleId>,
}

/// Licensing sets per host = max(1, ceil(OSEs / oses_per_set)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stacking {
    pub oses_per_set: u32,
    pub rule: RuleId,
    /// The rule that says a fully licensed host covers `oses_per_set` OSEs plus the physical OSE
    /// when it only hosts them.
    pub allowance_rule: RuleId,
}

/// Per-VM licensing terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerVm {
    pub min_per_vm: u32,
    /// A minimum over all the customer's per-VM licences (16 for Windows Server), 0 if none.
    #[serde(default)]
    pub min_per_customer: u32,
    /// Per-VM use needs SA or a subscription: always (`None`), or from this version on, so
    /// earlier versions may be used per VM without SA (and without mobility).
    #[serde(default)]
    pub sa_required_from: Option<String>,
    pub rule: RuleId,
    /// The rule that sets the per-VM minimum, when another than `rule` does.
    #[serde(default)]
    pub min_rule: Option<RuleId>,
    pub sa_rule: RuleId,
    /// The rule for versions before `sa_required_from`.
    #[serde(default)]
    pub without_sa_rule: Option<RuleId>,
}

/// Unlimited virtualisation on a fully licensed host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlimitedVms {
    pub needs_sa: bool,
    pub rule: RuleId,
    /// Without SA, the VMs allowed equal the core licences assigned (SQL Server Enterprise).
    #[serde(default)]
    pub without_sa_rule: Option<RuleId>,
}

/// Free passive secondaries with SA: per licensed primary, how many of each kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failover {
    pub passive_ha_per_primary: u32,
    pub passive_dr_per_primary: u32,
    pub rule: RuleId,
}

/// Licence mobility to shared clouds (BYOL).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudByol {
    /// Per VM with licence mobility through SA (SQL Server) on any provider.
    pub mobility_with_sa: bool,
    /// On Listed Providers, BYOL only on dedicated hosts, and only for licences bought before
    /// this date (Windows Server: 2019-10-01).
    #[serde(default)]
    pub listed_providers_dedicated_before: Option<NaiveDate>,
    pub rule: RuleId,
}

/// How a product is sold: the pack sizes its licences come in, and the rule that says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selling<'a> {
    pub pack_sizes: &'a [u32],
    pub rule: &'a RuleId,
}

/// Support or maintenance on licences bought outright, as a share of the net licence price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportTerms {
    /// The publisher whose products these terms apply to, as the catalogue names it.
    pub publisher: String,
    /// Share of the net licence price per year, e.g. 0.22.
    pub annual_rate: rust_decimal::Decimal,
    /// Yearly increase of the rate, e.g. 0.03; 0 when the terms are flat.
    pub yearly_uplift: rust_decimal::Decimal,
    /// Whether the first year's support is bought with the licences.
    pub first_year_in_purchase_year: bool,
    pub rule: RuleId,
    /// On every purchase (Oracle's support), or only on purchases bought with Software
    /// Assurance (Microsoft's SA: optional, unless a right the design relies on needs it).
    #[serde(default)]
    pub applies: SupportApplies,
}

/// Which purchases a publisher's support terms apply to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportApplies {
    /// Every licence bought outright carries support.
    #[default]
    Always,
    /// Only licences bought with Software Assurance: because the price list prices them as
    /// licence + SA, or because a right the design relies on (per-VM licensing, licence
    /// mobility, unlimited virtualisation, passive fail-over) needs SA.
    WithSoftwareAssurance,
}

/// Everything the engine knows about vendors' rules, loaded as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulePack {
    pub id: String,
    pub version: String,
    pub published: NaiveDate,
    pub rules: Vec<RuleInfo>,
    pub per_core_tables: Vec<PerCoreTable>,
    /// Support terms per publisher; a publisher without terms has no recurring cost here.
    #[serde(default)]
    pub support_terms: Vec<SupportTerms>,
    /// Oracle's Processor Core Factor Table, most specific rows first.
    #[serde(default)]
    pub core_factors: Vec<CoreFactor>,
    /// The factor for a processor the table does not list ("All Other Multicore chips").
    #[serde(default = "one")]
    pub default_core_factor: rust_decimal::Decimal,
    #[serde(default)]
    pub oracle_tables: Vec<OracleTable>,
    #[serde(default)]
    pub pvu_tables: Vec<PvuTable>,
    #[serde(default)]
    pub rvu_tables: Vec<RvuTable>,
    #[serde(default)]
    pub socket_pair_tables: Vec<SocketPairTable>,
    pub catalogue: Catalogue,
    /// SHA-256 of the pack's canonical JSON, set when the pack is loaded.
    #[serde(skip)]
    pub sha256: String,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RulePackError {
    #[error("the rule pack is not valid JSON for this version of Preflight: {0}")]
    Json(#[from] serde_json::Error),
    #[error("rule pack: {0}")]
    Inconsistent(String),
}

fn one() -> rust_decimal::Decimal {
    rust_decimal::Decimal::ONE
}

/// Licences of models without packs are sold one by one.
const SINGLE: [u32; 1] = [1];

const BUILTIN: &str = include_str!("../rules/builtin.json");

/// The built-in pack's identity: the SHA-256 that [`RulePack::from_json`] computes from
/// `rules/builtin.json`, held to the file by a test. Written down so the page neither writes the
/// pack back out as JSON nor hashes it on every start (that code and SHA-256 were ~10 KB of
/// its wasm, and part of its start-up).
const BUILTIN_SHA256: &str = "e344b9ef79058a4db4c6be676511799408fe808db8afde449525d54d55a9f380";

impl RulePack {
    /// The rule pack shipped with Preflight.
    pub fn builtin() -> RulePack {
        // The shipped pack is checked by a test; failing here would be a build defect.
        let mut pack = RulePack::parse(BUILTIN).expect("the built-in rule pack is valid");
        pack.sha256 = BUILTIN_SHA256.to_string();
        pack
    }

    /// Parses a rule pack and checks that every reference in it resolves.
    pub fn from_json(text: &str) -> Result<RulePack, RulePackError> {
        let mut pack = RulePack::parse(text)?;
        // Hash the canonical form, so formatting changes to the file do not change the identity.
        let canonical = serde_json::to_vec(&pack)?;
        pack.sha256 = crate::digest::sha256_hex(&canonical);
        Ok(pack)
    }

    /// The pack read and checked, without its identity.
    fn parse(text: &str) -> Result<RulePack, RulePackError> {
        let pack: RulePack = serde_json::from_str(text)?;
        pack.check()?;
        Ok(pack)
    }

    /// This pack with the user's own catalogue entries added. An entry may not reuse an id of the
    /// pack, and must use the pack's tables and families.
    pub fn with_additions(
        &self,
        additions: &[crate::catalogue::Product],
    ) -> Result<RulePack, RulePackError> {
        let mut pack = self.clone();
        for product in additions {
            if pack.catalogue.get(&product.id).is_some() {
                return Err(RulePackError::Inconsistent(format!(
                    "catalogue entry {} already exists",
                    product.id
                )));
            }
            pack.catalogue.products.push(product.clone());
        }
        pack.check()?;
        Ok(pack)
    }

    pub fn rule(&self, id: &RuleId) -> Option<&RuleInfo> {
        self.rules.iter().find(|rule| &rule.id == id)
    }

    pub fn support_terms(&self, publisher: &str) -> Option<&SupportTerms> {
        self.support_terms
            .iter()
            .find(|terms| terms.publisher == publisher)
    }

    /// A per-core table's identity and confidence, as steps using its figures cite it.
    pub fn table_row(&self, table: &PerCoreTable) -> TableRow {
        let r = &table.rules;
        let cited = [
            Some(&r.all_cores),
            Some(&r.per_processor),
            r.per_server.as_ref(),
            Some(&r.packs),
        ];
        let weakest = cited
            .into_iter()
            .flatten()
            .filter_map(|id| self.rule(id).map(|rule| rule.confidence))
            .min()
            .unwrap_or(Confidence::ThirdParty);
        TableRow {
            table: table.id.clone(),
            effective: table.effective,
            confidence: table.confidence.unwrap_or(weakest),
        }
    }

    pub fn per_core_table(&self, id: &TableId) -> Option<&PerCoreTable> {
        self.per_core_tables.iter().find(|table| &table.id == id)
    }

    pub fn oracle_table(&self, id: &TableId) -> Option<&OracleTable> {
        self.oracle_tables.iter().find(|table| &table.id == id)
    }

    pub fn pvu_table(&self, id: &TableId) -> Option<&PvuTable> {
        self.pvu_tables.iter().find(|table| &table.id == id)
    }

    pub fn rvu_table(&self, id: &TableId) -> Option<&RvuTable> {
        self.rvu_tables.iter().find(|table| &table.id == id)
    }

    pub fn socket_pair_table(&self, id: &TableId) -> Option<&SocketPairTable> {
        self.socket_pair_tables.iter().find(|table| &table.id == id)
    }

    /// Oracle's core factor for a processor description: the first listed row that matches,
    /// else the default (with `None` for the row, so the caller can say it was assumed).
    pub fn core_factor(
        &self,
        processor: Option<&str>,
    ) -> (rust_decimal::Decimal, Option<&CoreFactor>) {
        let row = processor.and_then(|text| {
            crate::tables::first_match(&self.core_factors, text, |row| &row.matches)
        });
        (row.map_or(self.default_core_factor, |row| row.factor), row)
    }

    /// How a product is sold: its pack sizes and the rule that gives them. `None` when the
    /// product's table (or base product) is missing from the pack.
    pub fn selling<'a>(&'a self, product: &'a Product) -> Option<Selling<'a>> {
        let single = |rule| {
            Some(Selling {
                pack_sizes: &SINGLE,
                rule,
            })
        };
        match &product.licensing {
            Licensing::PhysicalCores { table } | Licensing::WindowsStandard { table } => {
                self.per_core_table(table).map(|table| Selling {
                    pack_sizes: &table.pack_sizes,
                    rule: &table.rules.packs,
                })
            }
            Licensing::Oracle { table } => single(&self.oracle_table(table)?.rules.processor),
            Licensing::OracleOption { base } => {
                self.selling(self.catalogue.get(base)?).map(|s| Selling {
                    pack_sizes: &SINGLE,
                    rule: s.rule,
                })
            }
            Licensing::Pvu { table } => single(&self.pvu_table(table)?.rules.per_core),
            Licensing::Rvu { table } => {
                let rvu = self.rvu_table(table)?;
                single(self.pvu_table(&rvu.capacity)?.rules.rvu_tiers.as_ref()?)
            }
            Licensing::SocketPairs { table } => {
                single(&self.socket_pair_table(table)?.rules.socket_pair)
            }
            Licensing::VirtualDatacenter { table } => {
                single(&self.socket_pair_table(table)?.rules.virtual_datacenter)
            }
            // A free product is "sold" one by one at no price: it never falls short.
            Licensing::PerUnit { rule, .. } | Licensing::Free { rule } => single(rule),
        }
    }

    /// Every rule id the pack's tables and products cite (with repeats).
    pub fn cited_rules(&self) -> Vec<&RuleId> {
        let mut cited: Vec<&RuleId> = Vec::new();
        for table in &self.per_core_tables {
            let r = &table.rules;
            cited.extend([&r.all_cores, &r.per_processor, &r.packs]);
            cited.extend(r.per_server.iter().chain(&r.vm_scope));
            if let Some(s) = &table.stacking {
                cited.extend([&s.rule, &s.allowance_rule]);
            }
            if let Some(v) = &table.per_vm {
                cited.extend([&v.rule, &v.sa_rule]);
                cited.extend(v.without_sa_rule.iter().chain(&v.min_rule));
            }
            if let Some(u) = &table.unlimited_vms {
                cited.push(&u.rule);
                cited.extend(&u.without_sa_rule);
            }
            cited.extend(table.failover.as_ref().map(|f| &f.rule));
            cited.extend(table.cloud.as_ref().map(|c| &c.rule));
            cited.extend(&table.dev_test);
        }
        for table in &self.oracle_tables {
            let r = &table.rules;
            cited.extend([
                &r.processor,
                &r.nup_minimum,
                &r.soft_partition,
                &r.hard_partition,
            ]);
            cited.extend([&r.standby, &r.options, &table.cloud.rule]);
            cited.extend(
                r.aggregate
                    .iter()
                    .chain(&r.round_up)
                    .chain(&r.socket_capacity),
            );
        }
        for table in &self.pvu_tables {
            let r = &table.rules;
            cited.extend([
                &r.per_core,
                &r.full_capacity,
                &r.sub_capacity,
                &r.ilmt_required,
            ]);
            cited.push(&r.unknown_rating);
            cited.extend(&r.rvu_tiers);
            cited.extend(table.ratings.iter().map(|row| &row.rule));
        }
        for table in &self.socket_pair_tables {
            let r = &table.rules;
            cited.extend([&r.socket_pair, &r.guests, &r.virtual_datacenter]);
        }
        cited.extend(self.core_factors.iter().map(|row| &row.rule));
        cited.extend(
            self.catalogue
                .families
                .iter()
                .filter_map(|f| f.version_rule.as_ref()),
        );
        for product in self.catalogue.products() {
            match &product.licensing {
                Licensing::PerUnit { rule, .. } | Licensing::Free { rule } => cited.push(rule),
                _ => {}
            }
            cited.extend(&product.down_edition_rule);
            cited.extend(product.external_connector.as_ref().map(|e| &e.rule));
        }
        cited.extend(self.support_terms.iter().map(|terms| &terms.rule));
        cited
    }

    fn check(&self) -> Result<(), RulePackError> {
        let missing = |what: String| Err(RulePackError::Inconsistent(what));
        for table in &self.per_core_tables {
            let PerCoreRules {
                all_cores,
                per_processor,
                per_server,
                packs,
                vm_scope,
            } = &table.rules;
            for rule in [
                Some(all_cores),
                Some(per_processor),
                per_server.as_ref(),
                Some(packs),
                vm_scope.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                if self.rule(rule).is_none() {
                    return missing(format!("table {} cites unknown rule {rule}", table.id.0));
                }
            }
            if table.pack_sizes.is_empty() || table.pack_sizes.contains(&0) {
                return missing(format!(
                    "table {} needs pack sizes of at least 1",
                    table.id.0
                ));
            }
        }
        for terms in &self.support_terms {
            if self.rule(&terms.rule).is_none() {
                return missing(format!(
                    "support terms of {} cite unknown rule {}",
                    terms.publisher, terms.rule
                ));
            }
        }
        for product in self.catalogue.products() {
            if let Some(terms) = &product.external_connector
                && self.catalogue.get(&terms.connector).is_none()
            {
                return missing(format!(
                    "product {} names unknown External Connector {}",
                    product.id, terms.connector
                ));
            }
            if self.selling(product).is_none() {
                return missing(format!(
                    "product {} uses an unknown table or base product",
                    product.id
                ));
            }
        }
        for rule in self.cited_rules() {
            if self.rule(rule).is_none() {
                return missing(format!("the pack cites unknown rule {rule}"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_rule_pack_parses_and_every_reference_resolves() {
        let pack = RulePack::from_json(BUILTIN).unwrap();
        assert!(pack.catalogue.products().len() >= 3);
        assert!(pack.rule(&RuleId("MS-WS-MIN16SRV".into())).is_some());
    }

    #[test]
    fn the_builtin_packs_written_identity_is_the_hash_of_its_file() {
        // After a change to rules/builtin.json, write the new hash into BUILTIN_SHA256.
        let hashed = RulePack::from_json(BUILTIN).unwrap();
        assert_eq!(RulePack::builtin().sha256, hashed.sha256);
        assert_eq!(RulePack::builtin(), hashed);
    }

    #[test]
    fn a_table_citing_an_unknown_rule_is_refused() {
        let broken = BUILTIN.replace(
            "\"per_processor\": \"MS-WS-MIN8PROC\"",
            "\"per_processor\": \"MS-NOPE\"",
        );
        let error = RulePack::from_json(&broken).unwrap_err();
        assert_eq!(
            error.to_string(),
            "rule pack: table ms-windows-server-per-core cites unknown rule MS-NOPE"
        );
    }
}
