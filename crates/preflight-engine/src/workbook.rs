//! The workbook: everything a user brings (entitlement files, settings) and proposes (deployment).

use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::entitlement::LicenceType;
use crate::entitlement::{Entitlement, Rights, SourceRef, UnmatchedLine};
use crate::estate::Deployment;
use crate::mapping::{ColumnAnswer, ProductMapping};
use crate::money::{Currency, ExchangeRate, Money};

/// Version of the workbook's saved form; bumped with a migration when the shape changes.
pub const WORKBOOK_SCHEMA: u32 = 2;

/// Why saved workbook JSON (a file, or the browser's saved copy) could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkbookReadError {
    #[error("not JSON ({0})")]
    NotJson(String),
    #[error("not a Preflight workbook (no schema number)")]
    NoSchema,
    #[error(
        "saved by a newer Preflight (workbook schema {0}; this version reads schema {WORKBOOK_SCHEMA} and earlier)"
    )]
    Newer(u64),
    #[error("not a Preflight workbook of schema {schema} ({reason})")]
    Invalid { schema: u64, reason: String },
}

/// Reads a saved workbook of this schema or an earlier one, from JSON text.
///
/// The migration hook: each earlier schema has one arm that reads its own shape and migrates it
/// forward step by step to today's (`1 => … migrate_1_to_2`), with the shape and the step beside
/// it in `migrate`. The text is scanned three times (is it JSON, its schema number, the shape
/// that number names) rather than parsed once into a `serde_json::Value`, whose code added
/// 8.5 KB brotli to the app.
pub fn workbook_from_json(json: &[u8]) -> Result<Workbook, WorkbookReadError> {
    #[derive(Deserialize)]
    struct SchemaOnly {
        schema: Option<u64>,
    }
    let text = std::str::from_utf8(json).map_err(|e| WorkbookReadError::NotJson(e.to_string()))?;
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map_err(|e| WorkbookReadError::NotJson(e.to_string()))?;
    let Ok(SchemaOnly {
        schema: Some(schema),
    }) = serde_json::from_str(text)
    else {
        return Err(WorkbookReadError::NoSchema);
    };
    let invalid = |reason: String| WorkbookReadError::Invalid { schema, reason };
    let workbook = match schema {
        1 => serde_json::from_str::<migrate::WorkbookV1>(text)
            .map(migrate::migrate_1_to_2)
            .map_err(|e| invalid(e.to_string()))?,
        2 => serde_json::from_str::<Workbook>(text).map_err(|e| invalid(e.to_string()))?,
        newer if newer > u64::from(WORKBOOK_SCHEMA) => {
            return Err(WorkbookReadError::Newer(newer));
        }
        _ => return Err(invalid("no Preflight ever wrote this schema".into())),
    };
    workbook.check().map_err(invalid)?;
    Ok(workbook)
}

/// The earlier shapes of the workbook, each read as it was written and moved one schema forward.
mod migrate {
    use serde::Deserialize;

    use super::{BaselineConsumption, EntitlementSource, PriceListEntry, Scenario, Settings};
    use super::{WORKBOOK_SCHEMA, Workbook};
    use crate::estate::Deployment;

    /// Schema 1 (Preflight 0.1, 2026-11): one scenario, its changes and deployment at the top.
    #[derive(Deserialize)]
    pub struct WorkbookV1 {
        settings: Settings,
        sources: Vec<EntitlementSource>,
        #[serde(default)]
        baseline: Vec<BaselineConsumption>,
        #[serde(default)]
        price_list: Vec<PriceListEntry>,
        #[serde(default)]
        catalogue_additions: Vec<crate::catalogue::Product>,
        #[serde(default)]
        existing: Deployment,
        #[serde(default)]
        changes: Vec<crate::changes::Change>,
        deployment: Deployment,
    }

    /// Schema 2 holds several scenarios: schema 1's one becomes the first, named as new ones are.
    pub fn migrate_1_to_2(old: WorkbookV1) -> Workbook {
        Workbook {
            schema: WORKBOOK_SCHEMA,
            settings: old.settings,
            sources: old.sources,
            baseline: old.baseline,
            price_list: old.price_list,
            licence_included: Vec::new(),
            catalogue_additions: old.catalogue_additions,
            product_mappings: Vec::new(),
            column_answers: Vec::new(),
            existing: old.existing,
            scenarios: vec![Scenario {
                name: Scenario::FIRST_NAME.into(),
                description: String::new(),
                changes: old.changes,
                deployment: old.deployment,
            }],
            active: 0,
            site: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Settings {
    /// The currency results are priced in.
    pub currency: Currency,
    /// The fiscal calendar and how many years the budget covers.
    #[serde(default)]
    pub fiscal: FiscalSettings,
    /// Dated rates for prices in other currencies.
    #[serde(default)]
    pub exchange_rates: Vec<ExchangeRate>,
    /// Which hosts a VM under soft partitioning makes Oracle count (ORA-SOFT-PARTITION).
    #[serde(default)]
    pub oracle_scope: OracleScope,
    /// IBM License Metric Tool (or an approved tool) is deployed, so sub-capacity counting is
    /// allowed (IBM-ILMT-REQUIRED). Off unless the licence manager says so.
    #[serde(default)]
    pub ilmt: bool,
    /// Whether shortfalls are bought as licences (with support) or as yearly subscriptions.
    #[serde(default)]
    pub buy: Buy,
    /// Licences are bought without Software Assurance wherever the rules allow: SQL Server
    /// Enterprise's VMs beyond its core licences take a core licence each (MS-SQL-ENT-NOSA-VMCAP)
    /// instead of relying on SA's unlimited virtualisation, and SA is bought only where a right
    /// still needs it (e.g. per-VM licensing from SQL Server 2022). Off: the organisation's
    /// practice decides (see `assurance.rs`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub without_sa: bool,
}

/// How the project buys what it lacks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Buy {
    /// Perpetual licences, priced from perpetual price-list entries; support recurs by the
    /// publisher's terms.
    #[default]
    Licences,
    /// Subscriptions, priced per year from subscription price-list entries, paid every year of
    /// the horizon.
    Subscriptions,
}

/// The hosts Oracle counts for a database in a VM on a soft-partitioned platform. Oracle's
/// partitioning policy reaches further than most customers accept (every host of every vCenter
/// 6.0+); the workbook states the position it takes and the engine prices the wider ones as risk.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OracleScope {
    /// Every host of the cluster the VM may move in (host groups do not limit it).
    #[default]
    Cluster,
    /// Every host of every cluster managed by the same vCenter.
    Vcenter,
    /// Every host of the estate that runs the same hypervisor.
    Estate,
}

impl std::fmt::Display for OracleScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OracleScope::Cluster => "cluster",
            OracleScope::Vcenter => "vCenter",
            OracleScope::Estate => "estate",
        })
    }
}

/// One line of the organisation's price list: what a pack of a product costs to buy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriceListEntry {
    #[serde(default)]
    pub sku: Option<String>,
    pub product: ProductId,
    /// Rights in the pack the price is for.
    pub pack_size: u32,
    pub licence_type: LicenceType,
    pub price: Money,
    #[serde(default)]
    pub valid_from: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<chrono::NaiveDate>,
    /// Where the price comes from, e.g. "Reseller quote Q-1234, 2026-10-02".
    pub source: String,
}

/// A cloud provider's price for running a product with the licence included, per vCPU and
/// month: what an instance costs when it may not bring its own licence (MS-CLOUD-BYOL). Monthly,
/// because providers publish an hourly figure and bill a month as 730 hours: enter the hourly
/// licence charge × 730.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LicenceIncludedRate {
    pub provider: crate::estate::CloudProvider,
    pub product: ProductId,
    /// The licence's share of the instance price, per vCPU per month.
    pub per_vcpu_month: Money,
    #[serde(default)]
    pub valid_from: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<chrono::NaiveDate>,
    /// Where the rate comes from, e.g. "AWS EC2 On-Demand pricing, eu-west-1, 2026-11-01".
    pub source: String,
}

impl PriceListEntry {
    /// Whether the entry was imported from `file`: its source is "FILE row N", or ends in
    /// "(FILE row N)" after the price list's own source text.
    pub fn is_from(&self, file: &str) -> bool {
        let text = self.source.strip_suffix(')').unwrap_or(&self.source);
        let Some((before, row)) = text.rsplit_once(" row ") else {
            return false;
        };
        !row.is_empty()
            && row.bytes().all(|b| b.is_ascii_digit())
            && (before == file
                || before
                    .strip_suffix(file)
                    .is_some_and(|head| head.ends_with('(')))
    }
}

/// The organisation's fiscal year and the project's budget horizon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FiscalSettings {
    /// Month the fiscal year starts in, 1 (January) to 12.
    pub start_month: u32,
    /// Fiscal years in the budget, counting the one the project starts in.
    pub horizon_years: u32,
}

impl Default for FiscalSettings {
    fn default() -> Self {
        FiscalSettings {
            start_month: 1,
            horizon_years: 3,
        }
    }
}

/// One imported file's lines, replaced or removed as a whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntitlementSource {
    pub file: String,
    /// SHA-256 of the file's bytes, lower-case hex, to reproduce an evaluation.
    #[serde(default)]
    pub sha256: String,
    pub entitlements: Vec<Entitlement>,
    pub unmatched: Vec<UnmatchedLine>,
}

impl EntitlementSource {
    /// A file's lines as made by hand (a test, the CLI's own examples): no digest of bytes it was
    /// read from, nothing unmatched.
    pub fn new(file: impl Into<String>, entitlements: Vec<Entitlement>) -> EntitlementSource {
        EntitlementSource {
            file: file.into(),
            sha256: String::new(),
            entitlements,
            unmatched: Vec::new(),
        }
    }
}

/// What the existing estate already consumes of a product, as a SAM platform's reconciliation
/// reports it. The project's demand comes on top.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BaselineConsumption {
    pub product: ProductId,
    pub consumed: Rights,
    #[serde(default)]
    pub legal_entity: Option<String>,
    #[serde(default)]
    pub source: Option<SourceRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Workbook {
    /// Version of this format (see `WORKBOOK_SCHEMA`); older versions are migrated on load.
    pub schema: u32,
    pub settings: Settings,
    /// Imported entitlement files, each replaced or removed as a whole.
    pub sources: Vec<EntitlementSource>,
    /// Consumption today; a product with entitlements and no entry here has unverified surplus.
    #[serde(default)]
    pub baseline: Vec<BaselineConsumption>,
    /// Prices to buy at, before any entitlement's own purchase price.
    #[serde(default)]
    pub price_list: Vec<PriceListEntry>,
    /// Cloud providers' licence-included rates, for instances that may not bring their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licence_included: Vec<LicenceIncludedRate>,
    /// The user's own catalogue entries, added to the rule pack's (same tables and families).
    #[serde(default)]
    pub catalogue_additions: Vec<crate::catalogue::Product>,
    /// The user's answers for product texts of their files that the catalogue does not match,
    /// applied to every file imported after them.
    #[serde(default)]
    pub product_mappings: Vec<ProductMapping>,
    /// The user's answers for columns of their files (the field a header holds, or not read),
    /// applied to every file imported after them.
    #[serde(default)]
    pub column_answers: Vec<ColumnAnswer>,
    /// The estate as it is today (inventory): its demand is the baseline, with `baseline`.
    #[serde(default)]
    pub existing: Deployment,
    /// The project's scenarios, each evaluated against the same entitlements and estate; never
    /// empty, names unique (checked on reading).
    pub scenarios: Vec<Scenario>,
    /// Index in `scenarios` of the one being edited and shown.
    #[serde(default)]
    pub active: usize,
    /// The organisation's site data the workbook was last opened with: its entitlements, prices
    /// and catalogue additions count before the user's own, and its reservations are taken
    /// before the project's demand. Replaced as a whole when newer site data is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<crate::site::SiteData>,
}

/// One way to carry out the project: what it changes in the existing estate and what it adds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scenario {
    pub name: String,
    /// What this scenario assumes or decides, for the change board.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What the project changes in the existing estate, in order.
    #[serde(default)]
    pub changes: Vec<crate::changes::Change>,
    /// The proposed deployment: what the project adds.
    pub deployment: Deployment,
}

impl Scenario {
    /// The name of a workbook's first scenario (and of schema 1's only one).
    pub const FIRST_NAME: &'static str = "Proposed";

    pub fn new(name: impl Into<String>, deployment: Deployment) -> Scenario {
        Scenario {
            name: name.into(),
            description: String::new(),
            changes: Vec::new(),
            deployment,
        }
    }
}

/// Why a change to the list of scenarios was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    #[error("a scenario needs a name")]
    NoName,
    #[error("there is already a scenario named \"{0}\"")]
    Taken(String),
    #[error("no scenario number {0}")]
    NoSuch(usize),
    #[error("a workbook keeps at least one scenario")]
    Last,
}

impl Workbook {
    pub fn new(currency: Currency, deployment: Deployment) -> Workbook {
        Workbook {
            schema: WORKBOOK_SCHEMA,
            settings: Settings {
                currency,
                fiscal: FiscalSettings::default(),
                exchange_rates: Vec::new(),
                oracle_scope: OracleScope::Cluster,
                ilmt: false,
                buy: Buy::Licences,
                without_sa: false,
            },
            sources: Vec::new(),
            baseline: Vec::new(),
            price_list: Vec::new(),
            licence_included: Vec::new(),
            catalogue_additions: Vec::new(),
            product_mappings: Vec::new(),
            column_answers: Vec::new(),
            existing: Deployment::default(),
            scenarios: vec![Scenario::new(Scenario::FIRST_NAME, deployment)],
            active: 0,
            site: None,
        }
    }

    /// Keeps the user's answers for product texts; a new answer for a text replaces the old one.
    pub fn remember_mappings(&mut self, answers: impl IntoIterator<Item = ProductMapping>) {
        crate::mapping::remember(
            &mut self.product_mappings,
            answers,
            ProductMapping::text_key,
        );
    }

    /// Keeps the user's answers for columns; a new answer for a header replaces the old one.
    pub fn remember_columns(&mut self, answers: impl IntoIterator<Item = ColumnAnswer>) {
        crate::mapping::remember(&mut self.column_answers, answers, ColumnAnswer::header_key);
    }

    /// The scenario being edited and shown.
    pub fn scenario(&self) -> &Scenario {
        &self.scenarios[self.active]
    }

    pub fn scenario_mut(&mut self) -> &mut Scenario {
        &mut self.scenarios[self.active]
    }

    /// The invariants serde cannot state: at least one scenario, `active` names one, names
    /// unique and not blank.
    pub fn check(&self) -> Result<(), String> {
        if self.scenarios.is_empty() {
            return Err("it has no scenario".into());
        }
        if self.active >= self.scenarios.len() {
            return Err(format!(
                "its active scenario {} is not one of its {}",
                self.active,
                self.scenarios.len()
            ));
        }
        for (index, scenario) in self.scenarios.iter().enumerate() {
            if scenario.name.trim().is_empty() {
                return Err(format!("scenario {} has no name", index + 1));
            }
            if self.scenarios[..index]
                .iter()
                .any(|s| s.name == scenario.name)
            {
                return Err(format!("two scenarios are named \"{}\"", scenario.name));
            }
        }
        Ok(())
    }

    fn free_name(&self, name: &str, except: Option<usize>) -> Result<String, ScenarioError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ScenarioError::NoName);
        }
        let taken = self
            .scenarios
            .iter()
            .enumerate()
            .any(|(i, s)| Some(i) != except && s.name == name);
        match taken {
            true => Err(ScenarioError::Taken(name.into())),
            false => Ok(name.into()),
        }
    }

    /// A name no scenario has yet: `base`, else "base 2", "base 3", …
    pub fn unused_name(&self, base: &str) -> String {
        let base = base.trim();
        let free = |name: &str| self.scenarios.iter().all(|s| s.name != name);
        if !base.is_empty() && free(base) {
            return base.into();
        }
        (2..)
            .map(|n| format!("{base} {n}").trim().to_string())
            .find(|name| free(name))
            .expect("some number is free")
    }

    /// Adds a scenario after the others and makes it the active one; returns its index.
    pub fn add_scenario(&mut self, scenario: Scenario) -> Result<usize, ScenarioError> {
        let name = self.free_name(&scenario.name, None)?;
        self.scenarios.push(Scenario { name, ..scenario });
        self.active = self.scenarios.len() - 1;
        Ok(self.active)
    }

    /// Copies a scenario under a new name, as the active one: the usual start of an alternative.
    pub fn duplicate_scenario(&mut self, index: usize) -> Result<usize, ScenarioError> {
        let original = self
            .scenarios
            .get(index)
            .ok_or(ScenarioError::NoSuch(index))?;
        let copy = Scenario {
            name: self.unused_name(&format!("{} (copy)", original.name)),
            ..original.clone()
        };
        self.add_scenario(copy)
    }

    pub fn rename_scenario(&mut self, index: usize, name: &str) -> Result<(), ScenarioError> {
        if index >= self.scenarios.len() {
            return Err(ScenarioError::NoSuch(index));
        }
        self.scenarios[index].name = self.free_name(name, Some(index))?;
        Ok(())
    }

    /// Removes a scenario (never the last); the active one stays active, or its neighbour does.
    pub fn remove_scenario(&mut self, index: usize) -> Result<Scenario, ScenarioError> {
        if index >= self.scenarios.len() {
            return Err(ScenarioError::NoSuch(index));
        }
        if self.scenarios.len() == 1 {
            return Err(ScenarioError::Last);
        }
        let removed = self.scenarios.remove(index);
        if self.active > index || self.active == self.scenarios.len() {
            self.active -= 1;
        }
        Ok(removed)
    }

    pub fn select_scenario(&mut self, index: usize) -> Result<(), ScenarioError> {
        if index >= self.scenarios.len() {
            return Err(ScenarioError::NoSuch(index));
        }
        self.active = index;
        Ok(())
    }

    /// Adds an imported file's lines, replacing an earlier import of the same file name.
    pub fn put_source(&mut self, source: EntitlementSource) {
        match self.sources.iter_mut().find(|old| old.file == source.file) {
            Some(old) => *old = source,
            None => self.sources.push(source),
        }
    }

    /// Adds an imported price list's entries, replacing those of an earlier import of the same
    /// file name (entries whose `source` ends in "FILE row N", as the importer writes it).
    pub fn put_prices(&mut self, file: &str, entries: Vec<PriceListEntry>) {
        self.price_list.retain(|entry| !entry.is_from(file));
        self.price_list.extend(entries);
    }

    /// Adds an imported licence position export's consumption to the baseline, replacing that
    /// of an earlier import of the same file name.
    pub fn put_baseline(&mut self, file: &str, consumption: Vec<BaselineConsumption>) {
        self.baseline
            .retain(|line| line.source.as_ref().is_none_or(|s| *s.file != *file));
        self.baseline.extend(consumption);
    }

    /// Removes an imported file's lines; returns whether there was one.
    pub fn remove_source(&mut self, file: &str) -> bool {
        let before = self.sources.len();
        self.sources.retain(|source| source.file != file);
        self.sources.len() != before
    }

    /// Takes the organisation's site data: it replaces any earlier, and its fiscal calendar (if
    /// it gives one) becomes the workbook's.
    pub fn adopt_site(&mut self, site: crate::site::SiteData) {
        if let Some(fiscal) = site.fiscal {
            self.settings.fiscal = fiscal;
        }
        self.site = Some(site);
    }

    /// The site data's entitlement files, then the user's own.
    pub fn all_sources(&self) -> impl Iterator<Item = &EntitlementSource> {
        let site = self.site.iter().flat_map(|site| &site.sources);
        site.chain(&self.sources)
    }

    /// All entitlement lines, the site data's first, in file then row order.
    pub fn entitlements(&self) -> impl Iterator<Item = &Entitlement> {
        self.all_sources().flat_map(|source| &source.entitlements)
    }

    pub fn unmatched(&self) -> impl Iterator<Item = &UnmatchedLine> {
        self.all_sources().flat_map(|source| &source.unmatched)
    }

    /// The site data's price list, then the user's own.
    pub fn price_entries(&self) -> impl Iterator<Item = &PriceListEntry> {
        let site = self.site.iter().flat_map(|site| &site.price_list);
        site.chain(&self.price_list)
    }

    /// The site data's catalogue additions, then the user's own.
    pub fn all_catalogue_additions(&self) -> Vec<crate::catalogue::Product> {
        self.catalogue_additions_iter().cloned().collect()
    }

    /// The same additions, borrowed: the site data's, then the workbook's own.
    pub fn catalogue_additions_iter(&self) -> impl Iterator<Item = &crate::catalogue::Product> {
        let site = self.site.iter().flat_map(|site| &site.catalogue_additions);
        site.chain(&self.catalogue_additions)
    }

    /// The reservations held by other projects' scenarios: all the site data's, except those
    /// the active scenario made itself.
    pub fn reservations_against(&self) -> impl Iterator<Item = &crate::site::Reservation> {
        let scenario = self.scenario();
        self.site
            .iter()
            .flat_map(|site| &site.reservations)
            .filter(|r| !r.held_by(&scenario.deployment.name, &scenario.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(file: &str, n_unmatched: usize) -> EntitlementSource {
        let line = UnmatchedLine {
            publisher: String::new(),
            product: "Acme".into(),
            edition: String::new(),
            quantity: "1".into(),
            extra: Vec::new(),
            source: crate::entitlement::SourceRef {
                file: file.into(),
                row: 2,
            },
        };
        EntitlementSource {
            file: file.into(),
            sha256: String::new(),
            entitlements: Vec::new(),
            unmatched: vec![line; n_unmatched],
        }
    }

    #[test]
    fn a_price_list_or_position_file_imported_again_replaces_its_own_entries_only() {
        let entry = |source: &str| PriceListEntry {
            sku: None,
            product: ProductId("ms-sql-server-enterprise".into()),
            pack_size: 2,
            licence_type: LicenceType::Perpetual,
            price: Money::new(rust_decimal::Decimal::ONE, Currency::USD),
            valid_from: None,
            valid_to: None,
            source: source.into(),
        };
        let mut workbook = Workbook::new(Currency::USD, Deployment::default());
        workbook.price_list = vec![
            entry("quote.csv row 2"),
            entry("Q-77 (quote.csv row 3)"),
            entry("old-quote.csv row 2"),
            entry("Reseller quote Q-1234, 2026-10-02"),
        ];
        workbook.put_prices("quote.csv", vec![entry("quote.csv row 9")]);
        let sources: Vec<&str> = workbook.price_list.iter().map(|e| &*e.source).collect();
        assert_eq!(
            sources,
            [
                "old-quote.csv row 2",
                "Reseller quote Q-1234, 2026-10-02",
                "quote.csv row 9"
            ]
        );

        let used = |file: &str, consumed: u64| BaselineConsumption {
            product: ProductId("ms-sql-server-enterprise".into()),
            consumed: Rights(consumed),
            legal_entity: None,
            source: Some(crate::entitlement::SourceRef {
                file: file.into(),
                row: 2,
            }),
        };
        workbook.baseline = vec![used("sam.csv", 10), used("other.csv", 4)];
        workbook.put_baseline("sam.csv", vec![used("sam.csv", 12)]);
        let kept: Vec<u64> = workbook.baseline.iter().map(|b| b.consumed.0).collect();
        assert_eq!(kept, [4, 12]);
    }

    #[test]
    fn importing_a_file_again_replaces_its_lines_and_other_files_stay() {
        let mut workbook = Workbook::new(Currency::USD, Deployment::default());
        workbook.put_source(source("a.csv", 1));
        workbook.put_source(source("b.csv", 2));
        workbook.put_source(source("a.csv", 3));
        let files: Vec<_> = workbook
            .sources
            .iter()
            .map(|s| (s.file.as_str(), s.unmatched.len()))
            .collect();
        assert_eq!(files, [("a.csv", 3), ("b.csv", 2)]);
        assert!(workbook.remove_source("a.csv"));
        assert!(!workbook.remove_source("a.csv"));
        assert_eq!(workbook.unmatched().count(), 2);
    }

    fn read(json: &str) -> Result<Workbook, WorkbookReadError> {
        workbook_from_json(json.as_bytes())
    }

    #[test]
    fn a_saved_workbook_reads_back_and_unreadable_ones_say_why() {
        let mut workbook = Workbook::new(Currency::EUR, Deployment::default());
        workbook.put_source(source("a.csv", 2));
        let json = serde_json::to_string(&workbook).unwrap();
        assert_eq!(read(&json), Ok(workbook));
        assert!(matches!(
            read("{not json"),
            Err(WorkbookReadError::NotJson(_))
        ));
        assert_eq!(read(r#"{"name": "x"}"#), Err(WorkbookReadError::NoSchema));
        assert_eq!(read(r#"{"schema": "1"}"#), Err(WorkbookReadError::NoSchema));
        assert_eq!(read("[1, 2]"), Err(WorkbookReadError::NoSchema));
        assert_eq!(
            read(r#"{"schema": 3, "anything": []}"#),
            Err(WorkbookReadError::Newer(3))
        );
        let missing = read(r#"{"schema": 1, "settings": {"currency": "EUR"}}"#);
        assert!(
            matches!(&missing, Err(WorkbookReadError::Invalid { schema: 1, reason }) if reason.contains("sources")),
            "{missing:?}"
        );
        assert!(matches!(
            read(r#"{"schema": 0}"#),
            Err(WorkbookReadError::Invalid { schema: 0, .. })
        ));
    }

    #[test]
    fn the_schema_a_workbook_is_written_with_is_the_one_read_without_migration() {
        // When WORKBOOK_SCHEMA moves on, workbook_from_json needs an arm for the old number.
        assert_eq!(WORKBOOK_SCHEMA, 2);
        let json = serde_json::to_value(Workbook::new(Currency::USD, Deployment::default()));
        assert_eq!(json.unwrap()["schema"], WORKBOOK_SCHEMA);
    }

    #[test]
    fn a_workbook_whose_scenarios_break_the_invariants_is_refused_with_the_reason() {
        let mut workbook = Workbook::new(Currency::EUR, Deployment::default());
        let reason = |workbook: &Workbook| match read(&serde_json::to_string(workbook).unwrap()) {
            Err(WorkbookReadError::Invalid { schema: 2, reason }) => reason,
            other => panic!("{other:?}"),
        };
        workbook.active = 1;
        assert_eq!(
            reason(&workbook),
            "its active scenario 1 is not one of its 1"
        );
        workbook.active = 0;
        workbook.scenarios.push(workbook.scenarios[0].clone());
        assert_eq!(reason(&workbook), "two scenarios are named \"Proposed\"");
        workbook.scenarios[1].name = " ".into();
        assert_eq!(reason(&workbook), "scenario 2 has no name");
        workbook.scenarios.clear();
        assert_eq!(reason(&workbook), "it has no scenario");
    }

    #[test]
    fn scenarios_are_added_copied_renamed_and_removed_and_the_active_one_follows() {
        let mut workbook = Workbook::new(Currency::EUR, Deployment::default());
        workbook.scenario_mut().deployment.name = "three hosts".into();
        assert_eq!(workbook.duplicate_scenario(0), Ok(1));
        assert_eq!(workbook.scenario().name, "Proposed (copy)");
        assert_eq!(workbook.scenario().deployment.name, "three hosts");
        assert_eq!(workbook.duplicate_scenario(0), Ok(2));
        assert_eq!(workbook.scenario().name, "Proposed (copy) 2");
        assert_eq!(
            workbook.rename_scenario(2, " Proposed "),
            Err(ScenarioError::Taken("Proposed".into()))
        );
        assert_eq!(
            workbook.rename_scenario(2, "  "),
            Err(ScenarioError::NoName)
        );
        assert_eq!(workbook.rename_scenario(2, " Datacenter "), Ok(()));
        assert_eq!(workbook.scenarios[2].name, "Datacenter");
        assert_eq!(
            workbook.add_scenario(Scenario::new("Datacenter", Deployment::default())),
            Err(ScenarioError::Taken("Datacenter".into()))
        );
        // Removing one before the active one keeps the same scenario active.
        assert_eq!(workbook.active, 2);
        assert_eq!(
            workbook.remove_scenario(0).map(|s| s.name),
            Ok("Proposed".into())
        );
        assert_eq!(
            (workbook.active, workbook.scenario().name.as_str()),
            (1, "Datacenter")
        );
        // Removing the active last one makes its neighbour active.
        assert!(workbook.remove_scenario(1).is_ok());
        assert_eq!(
            (workbook.active, workbook.scenario().name.as_str()),
            (0, "Proposed (copy)")
        );
        assert_eq!(workbook.remove_scenario(0), Err(ScenarioError::Last));
        assert_eq!(workbook.select_scenario(1), Err(ScenarioError::NoSuch(1)));
        assert_eq!(workbook.check(), Ok(()));
        assert_eq!(workbook.unused_name("Proposed (copy)"), "Proposed (copy) 2");
        assert_eq!(workbook.unused_name(""), "2");
    }

    #[test]
    fn a_new_answer_for_a_product_text_replaces_the_old_one() {
        let answer = |product: &str, to: Option<&str>| ProductMapping {
            publisher: String::new(),
            product: product.into(),
            edition: String::new(),
            to: to.map(|id| ProductId(id.into())),
        };
        let mut workbook = Workbook::new(Currency::EUR, Deployment::default());
        workbook.remember_mappings([answer("Thing", None), answer("Other", None)]);
        workbook.remember_mappings([answer("THING ", Some("ms-sql-server-standard"))]);
        assert_eq!(
            workbook.product_mappings,
            [
                answer("Other", None),
                answer("THING ", Some("ms-sql-server-standard"))
            ]
        );
    }

    #[test]
    fn a_workbook_round_trips_through_json() {
        let mut workbook = Workbook::new(Currency::EUR, Deployment::default());
        workbook.put_source(source("a.csv", 1));
        let json = serde_json::to_string(&workbook).unwrap();
        assert_eq!(serde_json::from_str::<Workbook>(&json).unwrap(), workbook);
    }
}
