//! The product catalogue: canonical products, how each is licensed, and how users' text maps to it.

use serde::{Deserialize, Serialize};

use crate::metric::Metric;
use crate::rules::TableId;
use crate::text::normalise;

/// Canonical product identifier, e.g. `ms-sql-server-enterprise`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProductId(pub String);

impl std::fmt::Display for ProductId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How demand for a product is counted. One variant per licensing model the engine implements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum Licensing {
    /// Every physical core of the host, with per-processor and per-server minimums from a table.
    PhysicalCores { table: TableId },
}

/// One product edition as the catalogue knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: ProductId,
    pub publisher: String,
    pub name: String,
    pub edition: String,
    pub metric: Metric,
    pub licensing: Licensing,
    /// Other spellings of "product edition" seen in users' files.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Product {
    /// "Windows Server Datacenter".
    pub fn display_name(&self) -> String {
        format!("{} {}", self.name, self.edition)
    }
}

/// The catalogue: products in a stable order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Catalogue(pub Vec<Product>);

impl Catalogue {
    pub fn get(&self, id: &ProductId) -> Option<&Product> {
        self.0.iter().find(|product| &product.id == id)
    }

    pub fn products(&self) -> &[Product] {
        &self.0
    }

    /// The product that a file's publisher, product and edition text names, if exactly one does.
    ///
    /// Case, punctuation and spacing are ignored, as are a leading publisher name and version
    /// years ("Microsoft SQL Server 2022 Enterprise" is SQL Server Enterprise).
    pub fn match_text(&self, publisher: &str, product: &str, edition: &str) -> Option<&Product> {
        let key = product_key(&format!("{product} {edition}"));
        let publisher = normalise(publisher);
        let mut found = self.0.iter().filter(|candidate| {
            let candidate_publisher = normalise(&candidate.publisher);
            // "Microsoft Corporation" and "Microsoft" are one publisher: compare first words.
            if !publisher.is_empty()
                && publisher.split(' ').next() != candidate_publisher.split(' ').next()
            {
                return false;
            }
            let own = product_key(&candidate.display_name());
            let key = key
                .strip_prefix(&format!("{candidate_publisher} "))
                .unwrap_or(&key);
            own == key
                || candidate
                    .aliases
                    .iter()
                    .any(|alias| product_key(alias) == key)
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
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
            // Windows Server Standard needs VM counting (the vendor rule library): not yet listed.
            ("", "Windows Server", "Standard", None),
            ("", "SQL Server", "Developer", None),
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
