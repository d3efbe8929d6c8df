//! The product catalogue: canonical products, how each is licensed, and how users' text maps to it.

use serde::{Deserialize, Serialize};

use crate::metric::Metric;
use crate::rules::TableId;
use crate::text::normalise;

/// Canonical product identifier, e.g. `ms-sql-server-enterprise`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductId(pub String);

impl std::fmt::Display for ProductId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How demand for a product is counted. One variant per licensing model the engine implements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Licensing {
    /// Every physical core of the host, with per-processor and per-server minimums from a table
    /// (Windows Server Datacenter, SQL Server, VMware), or per VM where the table allows it.
    PhysicalCores { table: TableId },
    /// Windows Server Standard: all physical cores once per licensing set of OSEs.
    WindowsStandard { table: TableId },
    /// An Oracle database edition: Processor (core factor or socket) or Named User Plus, as the
    /// product's metric says.
    Oracle { table: TableId },
    /// An Oracle option or pack: the base database's metric rules and quantity.
    OracleOption { base: ProductId },
    /// IBM Processor Value Units.
    Pvu { table: TableId },
    /// IBM Resource Value Units over activated cores, tier by tier.
    Rvu { table: TableId },
    /// Red Hat: socket pairs of physical hosts, or guests in pairs.
    SocketPairs { table: TableId },
    /// Red Hat for Virtual Datacenters: socket pairs of every hypervisor host, unlimited guests.
    VirtualDatacenter { table: TableId },
    /// One licence per unit of use: installation, device, user, site or a custom capacity.
    PerUnit {
        unit: crate::tables::Unit,
        rule: crate::rules::RuleId,
    },
    /// Needs no licence (e.g. SQL Server Developer for non-production use).
    Free { rule: crate::rules::RuleId },
}

/// One product edition as the catalogue knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Product {
    pub id: ProductId,
    pub publisher: String,
    pub name: String,
    pub edition: String,
    pub metric: Metric,
    pub licensing: Licensing,
    /// The product family whose versions this edition shares, e.g. `ms-sql-server`.
    pub family: String,
    /// Lower editions this one may be used for (down-edition rights), closest first.
    #[serde(default)]
    pub down_editions: Vec<ProductId>,
    /// The rule that grants `down_editions` (e.g. MS-CAL-COVERAGE for a CAL Suite).
    #[serde(default)]
    pub down_edition_rule: Option<crate::rules::RuleId>,
    /// Other spellings of "product edition" seen in users' files.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A CAL's alternative for external users: an External Connector per server instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_connector: Option<ExternalConnectorTerms>,
}

/// External users of the servers of a family may be licensed with one External Connector per
/// server (each OSE that runs the family's products) instead of a CAL each.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExternalConnectorTerms {
    pub connector: ProductId,
    /// The family whose servers the CAL gives access to, e.g. `ms-windows-server`.
    pub servers_of: String,
    pub rule: crate::rules::RuleId,
}

/// A released version of a product family.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductVersion {
    pub name: String,
    pub released: chrono::NaiveDate,
}

/// A product family and its versions, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Family {
    pub id: String,
    pub name: String,
    pub versions: Vec<ProductVersion>,
    pub source: String,
    /// The rule that says which licences cover which versions (MS-VERSION), if versions matter.
    #[serde(default)]
    pub version_rule: Option<crate::rules::RuleId>,
}

impl Product {
    /// "Windows Server Datacenter".
    pub fn display_name(&self) -> String {
        format!("{} {}", self.name, self.edition)
    }
}

/// The catalogue: product families and products, in a stable order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub families: Vec<Family>,
    pub products: Vec<Product>,
    /// The products' match keys, built on the first match (an import matches every row).
    #[serde(skip)]
    index: MatchIndex,
}

/// Each product's normalised publisher and the keys it answers to (its display name and aliases,
/// without version years and without a leading publisher name), computed once.
#[derive(Default)]
struct MatchIndex(std::sync::OnceLock<Vec<(String, Vec<String>)>>);

impl MatchIndex {
    fn get(&self, products: &[Product]) -> &[(String, Vec<String>)] {
        self.0.get_or_init(|| {
            products
                .iter()
                .map(|product| {
                    let publisher = normalise(&product.publisher);
                    let keys = std::iter::once(product.display_name())
                        .chain(product.aliases.iter().cloned())
                        .map(|text| strip_publisher(&product_key(&text), &publisher))
                        .collect();
                    (publisher, keys)
                })
                .collect()
        })
    }
}

/// A cache, not data: every index equals every other, and a clone starts empty (the clone's
/// products may then change, as `RulePack::with_additions` does).
impl Clone for MatchIndex {
    fn clone(&self) -> Self {
        MatchIndex::default()
    }
}

impl PartialEq for MatchIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for MatchIndex {}

impl std::fmt::Debug for MatchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MatchIndex")
    }
}

/// `key` without a leading publisher name ("red hat enterprise linux" → "enterprise linux").
fn strip_publisher(key: &str, publisher: &str) -> String {
    match key.strip_prefix(publisher) {
        Some(rest) if !publisher.is_empty() && rest.starts_with(' ') => rest[1..].to_string(),
        _ => key.to_string(),
    }
}

impl Catalogue {
    pub fn get(&self, id: &ProductId) -> Option<&Product> {
        self.products.iter().find(|product| &product.id == id)
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    pub fn family(&self, id: &str) -> Option<&Family> {
        self.families.iter().find(|family| family.id == id)
    }

    /// How many edition steps down a licence of `licensed` goes to cover `used`: 0 for the same
    /// product, n for its n-th down edition, `None` when it cannot cover it.
    pub fn edition_steps(&self, licensed: &ProductId, used: &ProductId) -> Option<usize> {
        if licensed == used {
            return Some(0);
        }
        let product = self.get(licensed)?;
        product
            .down_editions
            .iter()
            .position(|id| id == used)
            .map(|i| i + 1)
    }

    /// MS-VERSION: a line covers version `wanted` if its own version is the same or later, or
    /// if its SA was active on `wanted`'s release date. A line that names no version is taken
    /// to cover any (the file did not say); a version the catalogue does not list covers none.
    pub fn version_covered(
        &self,
        licensed: &ProductId,
        own: Option<&str>,
        sa_active_on: impl Fn(chrono::NaiveDate) -> bool,
        wanted: &str,
    ) -> bool {
        let Some(own) = own else { return true };
        let Some(family) = self
            .get(licensed)
            .and_then(|product| self.family(&product.family))
        else {
            return false;
        };
        let index = |name: &str| {
            family
                .versions
                .iter()
                .position(|version| version.name == name)
        };
        let (Some(own_index), Some(wanted_index)) = (index(own), index(wanted)) else {
            return false;
        };
        own_index >= wanted_index || sa_active_on(family.versions[wanted_index].released)
    }

    /// The product that a file's publisher, product and edition text names, if exactly one does.
    ///
    /// Case, punctuation and spacing are ignored, as are a leading publisher name and version
    /// years ("Microsoft SQL Server 2022 Enterprise" is SQL Server Enterprise).
    pub fn match_text(&self, publisher: &str, product: &str, edition: &str) -> Option<&Product> {
        let key = product_key(&format!("{product} {edition}"));
        let publisher = normalise(publisher);
        let index = self.index.get(&self.products);
        let mut found =
            self.products
                .iter()
                .zip(index)
                .filter(|(_, (candidate_publisher, keys))| {
                    // "Microsoft Corporation" and "Microsoft" are one publisher: compare first words.
                    if !publisher.is_empty()
                        && publisher.split(' ').next() != candidate_publisher.split(' ').next()
                    {
                        return false;
                    }
                    // Both sides without the publisher's name in front, so "Red Hat Enterprise Linux"
                    // with publisher "Red Hat" meets the catalogue's "Red Hat Enterprise Linux".
                    let key = strip_publisher(&key, candidate_publisher);
                    keys.contains(&key)
                });
        let (first, _) = found.next()?;
        found.next().is_none().then_some(first)
    }
}

/// The pack size a SKU or part description states: Microsoft's price lists write a pack of N
/// licences as "NL" or "NLic" ("SQL Svr Ent Core ALNG LSA MVL 2L" is a 2-pack), others "N-pack"
/// or "N pk". `None` when the text states none, or several different ones.
pub fn pack_size_in_sku(text: &str) -> Option<u32> {
    const UNITS: [&str; 7] = ["l", "lic", "lics", "pk", "pack", "packs", "licpak"];
    let normalised = normalise(text);
    let words: Vec<&str> = normalised.split(' ').collect();
    let number = |digits: &str| -> Option<u32> {
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
            .filter(|&n: &u32| n > 0)
    };
    let mut sizes: Vec<u32> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let joined = UNITS
            .iter()
            .find_map(|unit| word.strip_suffix(unit).and_then(&number));
        let split =
            || number(word).filter(|_| words.get(i + 1).is_some_and(|next| UNITS.contains(next)));
        if let Some(size) = joined.or_else(split) {
            sizes.push(size);
        }
    }
    sizes.sort_unstable();
    sizes.dedup();
    match sizes.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Normalised text without version years (1990-2099), which name a version, not a product.
fn product_key(text: &str) -> String {
    normalise(text)
        .split(' ')
        .filter(|word| {
            !(word.len() == 4
                && (word.starts_with("19") || word.starts_with("20"))
                && word.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use crate::rules::RulePack;

    fn matched(publisher: &str, product: &str, edition: &str) -> Option<String> {
        let pack = RulePack::builtin();
        pack.catalogue
            .match_text(publisher, product, edition)
            .map(|product| product.id.0.clone())
    }

    #[test]
    fn a_sku_states_its_pack_size() {
        let cases = [
            ("SQL Svr Ent Core ALNG LSA MVL 2L", Some(2)),
            ("WinSvrDCCore 2022 SNGL OLP 16Lic NL CoreLic", Some(16)),
            ("Windows Server Datacenter 2-pack", Some(2)),
            ("VMware vSphere 16 pk", Some(16)),
            // A version year, a plain count or no size at all state none.
            ("SQL Server 2019 Enterprise", None),
            ("SQLSvrEntCore ALNG SA MVL", None),
            // Two different sizes: which is meant is not known.
            ("2L 16L", None),
        ];
        for (text, expect) in cases {
            assert_eq!(super::pack_size_in_sku(text), expect, "{text}");
        }
    }

    #[test]
    fn product_text_from_users_files_matches_the_catalogue() {
        let cases = [
            (
                "Microsoft",
                "SQL Server",
                "Enterprise",
                Some("ms-sql-server-enterprise"),
            ),
            (
                "",
                "Microsoft SQL Server 2022 Enterprise",
                "",
                Some("ms-sql-server-enterprise"),
            ),
            (
                "Microsoft Corporation",
                "SQL Server",
                "Enterprise",
                Some("ms-sql-server-enterprise"),
            ),
            (
                "",
                "Windows Server",
                "Datacenter",
                Some("ms-windows-server-datacenter"),
            ),
            (
                "Microsoft",
                "Windows Server 2025",
                "Data Center",
                Some("ms-windows-server-datacenter"),
            ),
            ("", "SQL Server", "Standard", Some("ms-sql-server-standard")),
            (
                "",
                "Windows Server",
                "Standard",
                Some("ms-windows-server-standard"),
            ),
            (
                "",
                "SQL Server",
                "Developer",
                Some("ms-sql-server-developer"),
            ),
            // A product named after its publisher, with the publisher in its own column too.
            (
                "Red Hat",
                "Red Hat Enterprise Linux",
                "Server",
                Some("redhat-rhel-server"),
            ),
            (
                "VMware, Inc.",
                "VMware Cloud Foundation",
                "Subscription",
                Some("vmware-vcf"),
            ),
            (
                "Oracle",
                "Oracle Partitioning",
                "Option",
                Some("oracle-partitioning"),
            ),
            (
                "",
                "Oracle Partitioning",
                "Option",
                Some("oracle-partitioning"),
            ),
            // Not in the catalogue: SQL Server Web is sold only to hosting providers (SPLA).
            ("", "SQL Server", "Web", None),
            ("Oracle", "SQL Server", "Enterprise", None),
        ];
        for (publisher, product, edition, expect) in cases {
            assert_eq!(
                matched(publisher, product, edition).as_deref(),
                expect,
                "{publisher:?} {product:?} {edition:?}"
            );
        }
    }
}
