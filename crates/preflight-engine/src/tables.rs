//! Vendor rule tables beyond Microsoft's per-core minimums: Oracle core factors and metrics, IBM
//! PVU ratings and RVU tiers, Red Hat socket pairs, and generic per-unit metrics. Each row is
//! data with its effective date, source and confidence, never a constant in code.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::rules::{Confidence, RuleId, TableId};
use crate::text::normalise;

/// One row of Oracle's Processor Core Factor Table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoreFactor {
    /// Text that identifies the processor family in a host's processor description; every
    /// pattern of one entry must appear (normalised), e.g. `["xeon"]`, `["sparc", "t3"]`.
    pub matches: Vec<String>,
    pub factor: Decimal,
    pub effective: NaiveDate,
    pub source: String,
    pub confidence: Confidence,
    pub rule: RuleId,
}

/// How Oracle counts a processor for a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OracleCounting {
    /// Cores × core factor, aggregated per factor, rounded up once (Enterprise Edition).
    CoreFactor,
    /// One processor per occupied socket, no factor (Standard Edition 2).
    Socket,
}

/// Oracle's authorised-cloud counting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OracleCloud {
    /// vCPUs per processor licence when vCPUs are hyper-threads (2 for EE, 4 per socket for SE2).
    pub vcpus_per_licence_ht: u32,
    /// vCPUs per processor licence without hyper-threading.
    pub vcpus_per_licence: u32,
    /// The largest instance the product may be licensed on (8 vCPU for SE2).
    #[serde(default)]
    pub max_vcpus: Option<u32>,
    pub rule: RuleId,
}

/// The rules an Oracle table's steps cite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OracleRules {
    pub processor: RuleId,
    #[serde(default)]
    pub aggregate: Option<RuleId>,
    #[serde(default)]
    pub round_up: Option<RuleId>,
    pub nup_minimum: RuleId,
    #[serde(default)]
    pub socket_capacity: Option<RuleId>,
    pub soft_partition: RuleId,
    pub hard_partition: RuleId,
    pub standby: RuleId,
    pub options: RuleId,
}

/// An Oracle database edition's counting rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OracleTable {
    pub id: TableId,
    pub effective: NaiveDate,
    pub source: String,
    pub counting: OracleCounting,
    /// Named User Plus minimum per processor (25 for EE), if any.
    #[serde(default)]
    pub nup_min_per_processor: Option<u32>,
    /// Named User Plus minimum per server (10 for SE2), if any.
    #[serde(default)]
    pub nup_min_per_server: Option<u32>,
    /// The largest socket capacity a server may have (2 for SE2).
    #[serde(default)]
    pub max_socket_capacity: Option<u32>,
    pub cloud: OracleCloud,
    pub rules: OracleRules,
}

/// One row of IBM's PVU table: a processor (and model) at a socket tier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PvuRating {
    /// Every pattern must appear in the host's processor description (normalised).
    pub matches: Vec<String>,
    /// The row applies to servers whose maximum sockets are at least this.
    #[serde(default)]
    pub min_sockets: Option<u32>,
    /// The row applies to servers whose maximum sockets are at most this.
    #[serde(default)]
    pub max_sockets: Option<u32>,
    pub pvu_per_core: u32,
    pub source: String,
    pub confidence: Confidence,
    pub rule: RuleId,
}

/// The rules an IBM table's steps cite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IbmRules {
    pub per_core: RuleId,
    pub full_capacity: RuleId,
    pub sub_capacity: RuleId,
    pub ilmt_required: RuleId,
    pub unknown_rating: RuleId,
    #[serde(default)]
    pub rvu_tiers: Option<RuleId>,
}

/// IBM's PVU table: ratings per core, first matching row wins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PvuTable {
    pub id: TableId,
    pub effective: NaiveDate,
    pub source: String,
    pub ratings: Vec<PvuRating>,
    /// What ILMT applies when it cannot identify the processor (120).
    pub unknown_pvu_per_core: u32,
    pub rules: IbmRules,
}

/// One RVU band: cores above `above` (and up to `up_to`) count at `factor`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RvuTier {
    pub above: u64,
    #[serde(default)]
    pub up_to: Option<u64>,
    pub factor: Decimal,
}

/// A product's RVU tier table (RVU MAPC over activated cores).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RvuTable {
    pub id: TableId,
    pub effective: NaiveDate,
    pub source: String,
    pub tiers: Vec<RvuTier>,
    /// The PVU table whose capacity rules (full vs sub-capacity) count the cores.
    pub capacity: TableId,
}

/// The rules a Red Hat table's steps cite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocketPairRules {
    pub socket_pair: RuleId,
    pub guests: RuleId,
    pub virtual_datacenter: RuleId,
}

/// Red Hat subscriptions: sockets per subscription on a host, guests per subscription in VMs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocketPairTable {
    pub id: TableId,
    pub effective: NaiveDate,
    pub source: String,
    pub sockets_per_subscription: u32,
    pub guests_per_subscription: u32,
    pub rules: SocketPairRules,
}

/// The thing a generic per-unit licence counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Unit {
    /// Each host, VM or cloud instance the product is installed on.
    Installation,
    /// Each operating system environment that runs the product (Server + CAL server licences).
    Server,
    /// Devices of the user groups that use it.
    Device,
    /// Named people of the user groups that use it.
    NamedUser,
    /// Peak concurrent users of the user groups that use it.
    ConcurrentUser,
    /// One per legal entity, whatever the use (site or enterprise licences).
    Site,
    /// A quantity in the product's own unit, given on the placement.
    Capacity,
}

/// Index of the first entry whose patterns all occur in `text`, normalised; longer entries are
/// listed first in the tables, so "xeon e7" wins over "xeon".
pub fn first_match<'a, T>(
    rows: &'a [T],
    text: &str,
    patterns: impl Fn(&T) -> &[String],
) -> Option<&'a T> {
    let text = normalise(text);
    rows.iter().find(|row| {
        let patterns = patterns(row);
        !patterns.is_empty()
            && patterns
                .iter()
                .all(|pattern| text.contains(&normalise(pattern)))
    })
}

impl RvuTable {
    /// IBM-RVU-TIERS: the cores in each band at that band's factor, summed (exact).
    pub fn rvus(&self, cores: u64) -> Decimal {
        self.tiers
            .iter()
            .map(|tier| {
                let top = tier.up_to.map_or(cores, |up_to| up_to.min(cores));
                let in_band = top.saturating_sub(tier.above);
                Decimal::from(in_band) * tier.factor
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn tiers() -> RvuTable {
        let tier = |above, up_to, factor| RvuTier {
            above,
            up_to,
            factor,
        };
        RvuTable {
            id: TableId("t".into()),
            effective: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            source: "ServiceNow IBM RVU documentation".into(),
            tiers: vec![
                tier(0, Some(2_500), dec!(1.00)),
                tier(2_500, Some(10_000), dec!(0.80)),
                tier(10_000, Some(50_000), dec!(0.60)),
                tier(50_000, Some(150_000), dec!(0.40)),
                tier(150_000, None, dec!(0.20)),
            ],
            capacity: TableId("ibm-pvu".into()),
        }
    }

    #[test]
    fn rvus_are_converted_band_by_band_and_never_fall_as_cores_grow() {
        // IBM-RVU-TIERS: 3,000 cores = 2,500 × 1.00 + 500 × 0.80 = 2,900.
        assert_eq!(tiers().rvus(3_000), dec!(2900.00));
        assert_eq!(tiers().rvus(2_500), dec!(2500.00));
        // 12,000 = 2,500 + 7,500 × 0.8 + 2,000 × 0.6 = 2,500 + 6,000 + 1,200 = 9,700.
        assert_eq!(tiers().rvus(12_000), dec!(9700.00));
        let mut last = Decimal::ZERO;
        for cores in (0..200_000).step_by(997) {
            let now = tiers().rvus(cores);
            assert!(now >= last, "{cores} cores gave fewer RVUs");
            last = now;
        }
    }
}
