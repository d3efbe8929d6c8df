//! Entitlements: what the organisation owns, in the metric's own units, traced to its source row.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::metric::Metric;
use crate::money::Money;
use crate::text::normalise;

/// A count of licence rights in a metric's unit (core licences, processors, users...).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rights(pub u64);

impl Rights {
    pub fn saturating_sub(self, other: Rights) -> Rights {
        Rights(self.0.saturating_sub(other.0))
    }
}

impl std::ops::Add for Rights {
    type Output = Rights;
    fn add(self, other: Rights) -> Rights {
        Rights(self.0 + other.0)
    }
}

impl std::iter::Sum for Rights {
    fn sum<I: Iterator<Item = Rights>>(iter: I) -> Rights {
        iter.fold(Rights(0), |a, b| a + b)
    }
}

impl fmt::Display for Rights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a record came from: the file name and the 1-based row as a spreadsheet shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SourceRef {
    // Shared (`Arc<str>`, written and read as a plain string, so the JSON and its schema are
    // unchanged): an evaluation copies a line's source into every step and allocation that
    // cites it, and a copy is then a count, not a new string (issue 7). A plain comment, not
    // documentation, so that the generated schema stays as it was.
    pub file: Arc<str>,
    pub row: u32,
}

/// By file name, then row, as a derived order would be. The lines of one file share one
/// `Arc` of its name, so the name is compared only when the two are different copies: the
/// evaluation sorts every line by its source, and comparing the same name byte by byte was
/// most of each comparison.
impl Ord for SourceRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let file = match Arc::ptr_eq(&self.file, &other.file) {
            true => std::cmp::Ordering::Equal,
            false => self.file.cmp(&other.file),
        };
        file.then_with(|| self.row.cmp(&other.row))
    }
}

impl PartialOrd for SourceRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} row {}", self.file, self.row)
    }
}

/// What a line of an entitlement file grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LicenceType {
    /// A perpetual licence: rights for good.
    Perpetual,
    /// A perpetual licence bought with Software Assurance or maintenance.
    PerpetualWithSa,
    /// A subscription: rights between its start and end dates.
    Subscription,
    /// Software Assurance or maintenance alone: coverage for rights bought elsewhere, no rights.
    SoftwareAssurance,
}

impl LicenceType {
    /// Whether a line of this type adds rights (SA-only lines add coverage, never rights).
    pub fn grants_rights(self) -> bool {
        !matches!(self, LicenceType::SoftwareAssurance)
    }
}

impl fmt::Display for LicenceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LicenceType::Perpetual => "Perpetual",
            LicenceType::PerpetualWithSa => "Perpetual + SA",
            LicenceType::Subscription => "Subscription",
            LicenceType::SoftwareAssurance => "Software Assurance",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown licence type {0:?} (expected perpetual, perpetual + SA, subscription or SA)")]
pub struct UnknownLicenceType(pub String);

impl FromStr for LicenceType {
    type Err = UnknownLicenceType;

    /// Spellings from ServiceNow, Snow, Flexera and the MLS ("License & SA", "SA only").
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match normalise(text).as_str() {
            "perpetual" | "full" | "license" | "licence" | "license only" | "licence only" => {
                Ok(LicenceType::Perpetual)
            }
            "perpetual software assurance"
            | "perpetual sa"
            | "license sa"
            | "licence sa"
            | "perpetual maintenance"
            | "license and sa"
            | "licence and sa" => Ok(LicenceType::PerpetualWithSa),
            "subscription" | "term" | "subscription license" | "subscription licence" => {
                Ok(LicenceType::Subscription)
            }
            "software assurance" | "sa" | "sa only" | "maintenance" => {
                Ok(LicenceType::SoftwareAssurance)
            }
            _ => Err(UnknownLicenceType(text.trim().to_string())),
        }
    }
}

/// A cell of a column that no field reads: (the column's header, the cell). The header is
/// shared by the lines of its file (an import makes one per column, not one per line: issue 7,
/// memory); in JSON it is a plain string, as a `String` was.
pub type KeptCell = (std::sync::Arc<str>, String);

/// One line of an entitlement file, resolved to a catalogue product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entitlement {
    pub product: ProductId,
    pub metric: Metric,
    pub licence_type: LicenceType,
    /// Rights in one pack (2 for a SQL Server 2-core pack); 1 when the file counts rights.
    pub rights_per_pack: u32,
    pub packs: u32,
    /// Price paid per pack, when the file says.
    pub unit_price: Option<Money>,
    pub purchased: Option<NaiveDate>,
    /// First day of the term: a subscription's, or the SA/maintenance coverage's.
    pub start: Option<NaiveDate>,
    /// Last day of the term: a subscription's, or the SA/maintenance coverage's.
    pub end: Option<NaiveDate>,
    /// The version licensed ("2022"), as the catalogue names it; `None` when the file does not say.
    #[serde(default)]
    pub version: Option<String>,
    /// The legal entity that owns the line, when the file says.
    // Shared (`Arc<str>`, written and read as a plain string, so the JSON and its schema are
    // unchanged): a file names a few entities and cost centres on every one of its lines, and
    // the importer gives each line the one copy of its text (issue 7: wasm memory). A plain
    // comment, not documentation, so that the generated schema stays as it was.
    #[serde(default)]
    pub legal_entity: Option<Arc<str>>,
    /// An unlimited agreement (ELA, ULA): any quantity of the product while in term (`start` to
    /// `end`); the quantity columns do not limit it.
    #[serde(default)]
    pub unlimited: bool,
    /// The cost centre that owns (paid for) the line, when the file says. Carried into the
    /// allocation table, so a licence manager sees whose surplus a demand uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_centre: Option<Arc<str>>,
    /// The agreement the line was bought under, when the file says: more of the product is
    /// bought under it too, and paid at its next true-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<crate::agreement::Agreement>,
    /// How the line was bought; `None`: the file does not say, and it behaves as volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<crate::channel::Channel>,
    /// The host (its name in the estate) an OEM line came with: its rights serve that host's
    /// demand only, and end when the host is retired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oem_host: Option<String>,
    /// The SKU or part description as the file gives it, e.g. "SQL Svr Ent Core ALNG LSA MVL
    /// 2L": the pack size it states is checked against `rights_per_pack`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The purchase order (or order) number the line was bought on, as the file gives it: two
    /// files naming the same order for the same product, quantity and dates likely hold the
    /// same purchase (`duplicates.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_order: Option<String>,
    /// The file's columns that no field reads, as (header, cell) in the file's order; empty
    /// cells left out. Kept so that a line exports with the columns it came with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<KeptCell>,
    pub source: SourceRef,
}

impl Entitlement {
    /// A line of `packs` packs of `rights_per_pack` rights, with nothing else known: no price,
    /// dates, version or entity. Set those with struct update syntax.
    pub fn new(
        product: ProductId,
        metric: Metric,
        licence_type: LicenceType,
        rights_per_pack: u32,
        packs: u32,
        source: SourceRef,
    ) -> Entitlement {
        Entitlement {
            product,
            metric,
            licence_type,
            rights_per_pack,
            packs,
            unit_price: None,
            purchased: None,
            start: None,
            end: None,
            version: None,
            legal_entity: None,
            unlimited: false,
            cost_centre: None,
            agreement: None,
            channel: None,
            oem_host: None,
            sku: None,
            purchase_order: None,
            extra: Vec::new(),
            source,
        }
    }

    /// Rights this line holds in its metric's unit: rights per pack × packs.
    pub fn rights(&self) -> Rights {
        Rights(u64::from(self.counted_rights_per_pack()) * u64::from(self.packs))
    }

    /// The pack size its rights are counted at: `rights_per_pack`, unless the SKU states a
    /// smaller pack. When the two disagree the smaller is counted: an assumption (never more
    /// rights than both sources support), reported as a finding for the user to settle.
    pub fn counted_rights_per_pack(&self) -> u32 {
        let stated = self
            .sku
            .as_deref()
            .and_then(crate::catalogue::pack_size_in_sku);
        match stated {
            Some(size) => size.min(self.rights_per_pack),
            None => self.rights_per_pack,
        }
    }

    /// Whether the line grants rights on `as_of`: SA lines never do, subscriptions and unlimited
    /// agreements only in term.
    pub fn grants_on(&self, as_of: NaiveDate) -> bool {
        if !self.licence_type.grants_rights() {
            return false;
        }
        if self.unlimited {
            return self.start.is_none_or(|start| start <= as_of)
                && self.end.is_none_or(|end| as_of <= end);
        }
        match self.licence_type {
            LicenceType::Subscription => {
                self.start.is_none_or(|start| start <= as_of)
                    && self.end.is_none_or(|end| as_of <= end)
            }
            _ => true,
        }
    }
}

impl Entitlement {
    /// Whether Software Assurance (or a subscription, which carries the same rights) is active
    /// on `date`. A perpetual + SA line without an end date is taken as active: the file says SA.
    pub fn sa_active_on(&self, date: NaiveDate) -> bool {
        match self.licence_type {
            LicenceType::Subscription => self.grants_on(date),
            LicenceType::PerpetualWithSa => {
                self.start.is_none_or(|start| start <= date)
                    && self.end.is_none_or(|end| date <= end)
            }
            LicenceType::Perpetual | LicenceType::SoftwareAssurance => false,
        }
    }
}

/// A line that matches no catalogue product: kept, listed, never counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnmatchedLine {
    pub publisher: String,
    pub product: String,
    pub edition: String,
    pub quantity: String,
    /// The file's columns that no field reads, as on an entitlement line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<KeptCell>,
    pub source: SourceRef,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use rust_decimal::dec;

    fn line(licence_type: LicenceType, start: Option<&str>, end: Option<&str>) -> Entitlement {
        let date = |text: &str| text.parse::<NaiveDate>().unwrap();
        Entitlement {
            product: ProductId("ms-sql-server-enterprise".into()),
            metric: Metric::Core,
            licence_type,
            rights_per_pack: 2,
            packs: 10,
            unit_price: Some(Money::new(dec!(13748), Currency::USD)),
            purchased: None,
            start: start.map(date),
            end: end.map(date),
            version: None,
            legal_entity: None,
            unlimited: false,
            cost_centre: None,
            agreement: None,
            channel: None,
            oem_host: None,
            sku: None,
            purchase_order: None,
            extra: Vec::new(),
            source: SourceRef {
                file: "a.csv".into(),
                row: 2,
            },
        }
    }

    #[test]
    fn rights_are_rights_per_pack_times_packs() {
        assert_eq!(
            line(LicenceType::Perpetual, None, None).rights(),
            Rights(20)
        );
    }

    #[test]
    fn which_lines_grant_rights_on_a_date() {
        let as_of = "2026-11-28".parse().unwrap();
        let cases = [
            (line(LicenceType::Perpetual, None, None), true),
            (
                line(LicenceType::PerpetualWithSa, None, Some("2020-01-01")),
                true,
            ),
            (line(LicenceType::SoftwareAssurance, None, None), false),
            (
                line(
                    LicenceType::Subscription,
                    Some("2026-01-01"),
                    Some("2026-12-31"),
                ),
                true,
            ),
            (
                line(
                    LicenceType::Subscription,
                    Some("2025-01-01"),
                    Some("2026-11-27"),
                ),
                false,
            ),
            (
                line(LicenceType::Subscription, Some("2026-11-29"), None),
                false,
            ),
            (
                line(
                    LicenceType::Subscription,
                    Some("2026-11-28"),
                    Some("2026-11-28"),
                ),
                true,
            ),
        ];
        for (entitlement, expect) in cases {
            assert_eq!(entitlement.grants_on(as_of), expect, "{entitlement:?}");
        }
    }

    #[test]
    fn sa_is_active_within_its_term_and_subscriptions_count_as_sa() {
        let on = |text: &str| text.parse::<NaiveDate>().unwrap();
        let with_sa = line(
            LicenceType::PerpetualWithSa,
            Some("2024-01-01"),
            Some("2026-12-31"),
        );
        assert!(with_sa.sa_active_on(on("2026-12-31")));
        assert!(!with_sa.sa_active_on(on("2027-01-01")));
        assert!(!with_sa.sa_active_on(on("2023-12-31")));
        // The rights themselves stay after SA ends.
        assert!(with_sa.grants_on(on("2030-01-01")));
        assert!(!line(LicenceType::Perpetual, None, None).sa_active_on(on("2026-01-01")));
        let subscription = line(
            LicenceType::Subscription,
            Some("2026-01-01"),
            Some("2026-12-31"),
        );
        assert!(subscription.sa_active_on(on("2026-06-01")));
        assert!(!subscription.sa_active_on(on("2027-06-01")));
    }

    #[test]
    fn licence_type_spellings_parse_and_unknown_ones_fail() {
        assert_eq!("License & SA".parse(), Ok(LicenceType::PerpetualWithSa));
        assert_eq!("SA only".parse(), Ok(LicenceType::SoftwareAssurance));
        assert_eq!("Perpetual".parse(), Ok(LicenceType::Perpetual));
        assert_eq!(
            "lease".parse::<LicenceType>(),
            Err(UnknownLicenceType("lease".into()))
        );
    }
}
