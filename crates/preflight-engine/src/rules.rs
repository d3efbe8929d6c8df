//! The rule pack: vendor rules as dated, sourced data, and the product catalogue that uses them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;

/// A vendor rule identifier as written in LICENSING_RULES.md, e.g. `MS-WS-MIN8PROC`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
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

/// How directly a rule's source states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The vendor's own text, or a faithful mirror of it.
    Vendor,
    /// A SAM-tool or reseller document restating the vendor rule.
    Restated,
    /// A third-party blog or advisory.
    ThirdParty,
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
    pub min_per_processor: u32,
    /// 0 where the product has no per-server minimum.
    pub min_per_server: u32,
    /// Core licences per sellable pack, e.g. `[2, 16]`.
    pub pack_sizes: Vec<u32>,
    pub rules: PerCoreRules,
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

const BUILTIN: &str = include_str!("../rules/builtin.json");

impl RulePack {
    /// The rule pack shipped with Preflight.
    pub fn builtin() -> RulePack {
        // The shipped pack is checked by a test; failing here would be a build defect.
        RulePack::from_json(BUILTIN).expect("the built-in rule pack is valid")
    }

    /// Parses a rule pack and checks that every reference in it resolves.
    pub fn from_json(text: &str) -> Result<RulePack, RulePackError> {
        let mut pack: RulePack = serde_json::from_str(text)?;
        pack.check()?;
        // Hash the canonical form, so formatting changes to the file do not change the identity.
        let canonical = serde_json::to_vec(&pack)?;
        pack.sha256 = crate::digest::sha256_hex(&canonical);
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

    pub fn per_core_table(&self, id: &TableId) -> Option<&PerCoreTable> {
        self.per_core_tables.iter().find(|table| &table.id == id)
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
            let crate::catalogue::Licensing::PhysicalCores { table } = &product.licensing;
            if self.per_core_table(table).is_none() {
                return missing(format!(
                    "product {} uses unknown table {}",
                    product.id, table.0
                ));
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
