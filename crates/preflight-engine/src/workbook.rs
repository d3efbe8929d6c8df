//! The workbook: everything a user brings (entitlement files, settings) and proposes (deployment).

use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::entitlement::LicenceType;
use crate::entitlement::{Entitlement, Rights, SourceRef, UnmatchedLine};
use crate::estate::Deployment;
use crate::money::{Currency, ExchangeRate, Money};

/// Version of the workbook's saved form; bumped with a migration when the shape changes.
pub const WORKBOOK_SCHEMA: u32 = 1;

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
/// The migration hook: each earlier schema gets one arm that migrates its JSON one step forward
/// and reads the result again, e.g. `1 => workbook_from_json(&migrate_1_to_2(json)?)`, with the
/// function beside it here. Schema 1 is the first, so there is nothing to migrate yet. The text
/// is scanned three times (is it JSON, its schema number, the shape that number names) rather
/// than parsed once into a `serde_json::Value`, whose code added 8.5 KB brotli to the app.
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
    match schema {
        1 => serde_json::from_str(text).map_err(|e| WorkbookReadError::Invalid {
            schema,
            reason: e.to_string(),
        }),
        newer if newer > u64::from(WORKBOOK_SCHEMA) => Err(WorkbookReadError::Newer(newer)),
        _ => Err(WorkbookReadError::Invalid {
            schema,
            reason: "no Preflight ever wrote this schema".into(),
        }),
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
    /// The user's own catalogue entries, added to the rule pack's (same tables and families).
    #[serde(default)]
    pub catalogue_additions: Vec<crate::catalogue::Product>,
    /// The estate as it is today (inventory): its demand is the baseline, with `baseline`.
    #[serde(default)]
    pub existing: Deployment,
    /// What the project changes in the existing estate, in order.
    #[serde(default)]
    pub changes: Vec<crate::changes::Change>,
    /// The proposed deployment: what the project adds.
    pub deployment: Deployment,
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
            },
            sources: Vec::new(),
            baseline: Vec::new(),
            price_list: Vec::new(),
            catalogue_additions: Vec::new(),
            existing: Deployment::default(),
            changes: Vec::new(),
            deployment,
        }
    }

    /// Adds an imported file's lines, replacing an earlier import of the same file name.
    pub fn put_source(&mut self, source: EntitlementSource) {
        match self.sources.iter_mut().find(|old| old.file == source.file) {
            Some(old) => *old = source,
            None => self.sources.push(source),
        }
    }

    /// Removes an imported file's lines; returns whether there was one.
    pub fn remove_source(&mut self, file: &str) -> bool {
        let before = self.sources.len();
        self.sources.retain(|source| source.file != file);
        self.sources.len() != before
    }

    /// All entitlement lines, in file then row order.
    pub fn entitlements(&self) -> impl Iterator<Item = &Entitlement> {
        self.sources.iter().flat_map(|source| &source.entitlements)
    }

    pub fn unmatched(&self) -> impl Iterator<Item = &UnmatchedLine> {
        self.sources.iter().flat_map(|source| &source.unmatched)
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
            read(r#"{"schema": 2, "anything": []}"#),
            Err(WorkbookReadError::Newer(2))
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
        assert_eq!(WORKBOOK_SCHEMA, 1);
        let json = serde_json::to_value(Workbook::new(Currency::USD, Deployment::default()));
        assert_eq!(json.unwrap()["schema"], WORKBOOK_SCHEMA);
    }

    #[test]
    fn a_workbook_round_trips_through_json() {
        let mut workbook = Workbook::new(Currency::EUR, Deployment::default());
        workbook.put_source(source("a.csv", 1));
        let json = serde_json::to_string(&workbook).unwrap();
        assert_eq!(serde_json::from_str::<Workbook>(&json).unwrap(), workbook);
    }
}
