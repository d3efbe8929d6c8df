//! The user's own answers for product texts the catalogue did not match: "this is SQL Server
//! Enterprise" or "not a licence Preflight counts". Kept in the workbook, so the next file with
//! the same text is matched the same way, and applied before the catalogue's own match.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Product, ProductId};
use crate::entitlement::UnmatchedLine;
use crate::text::normalise;

/// One product text of the user's files and what it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductMapping {
    #[serde(default)]
    pub publisher: String,
    pub product: String,
    #[serde(default)]
    pub edition: String,
    /// The catalogue product it is; `None`: not relevant (never counted, not reported again).
    pub to: Option<ProductId>,
}

impl ProductMapping {
    /// The text's identity: case, punctuation and spacing do not tell texts apart.
    pub fn key(publisher: &str, product: &str, edition: &str) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}",
            normalise(publisher),
            normalise(product),
            normalise(edition)
        )
    }

    /// This mapping's text identity ([`ProductMapping::key`]).
    pub fn text_key(&self) -> String {
        ProductMapping::key(&self.publisher, &self.product, &self.edition)
    }
}

/// The distinct product texts of unmatched lines, in file order, each with its row count: what
/// the user is asked to map (`to` is `None` until they answer).
pub fn unmatched_texts(lines: &[UnmatchedLine]) -> Vec<(ProductMapping, usize)> {
    distinct_texts(
        lines
            .iter()
            .map(|line| (&*line.publisher, &*line.product, &*line.edition)),
    )
}

/// The distinct (publisher, product, edition) texts of any kind of unmatched record (an
/// entitlement line, a price, a position), in file order, each with its row count.
pub fn distinct_texts<'a>(
    texts: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
) -> Vec<(ProductMapping, usize)> {
    let mut distinct: Vec<(ProductMapping, usize)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (publisher, product, edition) in texts {
        let key = ProductMapping::key(publisher, product, edition);
        let at = *index.entry(key).or_insert_with(|| {
            distinct.push((
                ProductMapping {
                    publisher: publisher.to_string(),
                    product: product.to_string(),
                    edition: edition.to_string(),
                    to: None,
                },
                0,
            ));
            distinct.len() - 1
        });
        distinct[at].1 += 1;
    }
    distinct
}

/// Adds answers to a list of answers, each replacing an earlier one with the same key: the
/// user's latest word on a text or a header is the one kept.
pub fn remember<T>(
    list: &mut Vec<T>,
    answers: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> String,
) {
    for answer in answers {
        let new = key(&answer);
        list.retain(|old| key(old) != new);
        list.push(answer);
    }
}

/// The user's answer for a column of their files: the canonical field it holds (by its name,
/// e.g. "Quantity"), or `None`: not read. Kept in the workbook, so the next file of the same
/// kind with the same header is read the same way.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnAnswer {
    pub header: String,
    pub field: Option<String>,
    /// The kind of file the answer is for ("prices", "positions", "inventory"); `None`:
    /// entitlement files (the only kind answered before this field existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

impl ColumnAnswer {
    /// The answer's identity: its kind of file and its header, whose case, punctuation and
    /// spacing do not tell headers apart.
    pub fn header_key(&self) -> String {
        let kind = match self.kind.as_deref() {
            None | Some("entitlements") => "entitlements",
            Some(kind) => kind,
        };
        format!("{kind}\u{1f}{}", normalise(&self.header))
    }

    /// Whether the answer is for files of `kind` (an answer without a kind is for entitlements).
    pub fn is_for(&self, kind: &str) -> bool {
        self.kind.as_deref().unwrap_or("entitlements") == kind
    }
}

/// The mappings by key, built once per file read.
#[derive(Debug, Default)]
pub struct Mappings(HashMap<String, Option<ProductId>>);

impl Mappings {
    /// The later of two mappings of one text wins, as the user's latest answer.
    pub fn new(mappings: &[ProductMapping]) -> Mappings {
        Mappings(
            mappings
                .iter()
                .map(|m| (m.text_key(), m.to.clone()))
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What a product text of a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched<'c> {
    /// A catalogue product, with whether the user's mapping (not the catalogue) said so.
    Product { product: &'c Product, mapped: bool },
    /// The user said it is not relevant.
    NotRelevant,
    /// Nothing matched: kept, listed for the user to map, never counted.
    Unmatched,
}

/// The user's mapping of the text if there is one, else the catalogue's own match. A mapping to
/// a product the catalogue no longer has is treated as no mapping.
pub fn find_product<'c>(
    catalogue: &'c Catalogue,
    mappings: &Mappings,
    publisher: &str,
    product: &str,
    edition: &str,
) -> Matched<'c> {
    if !mappings.is_empty() {
        let key = ProductMapping::key(publisher, product, edition);
        match mappings.0.get(&key) {
            Some(None) => return Matched::NotRelevant,
            Some(Some(id)) => {
                if let Some(found) = catalogue.get(id) {
                    return Matched::Product {
                        product: found,
                        mapped: true,
                    };
                }
            }
            None => {}
        }
    }
    match catalogue.match_text(publisher, product, edition) {
        Some(found) => Matched::Product {
            product: found,
            mapped: false,
        },
        None => Matched::Unmatched,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RulePack;

    fn mapping(product: &str, edition: &str, to: Option<&str>) -> ProductMapping {
        ProductMapping {
            publisher: "Acme Resale".into(),
            product: product.into(),
            edition: edition.into(),
            to: to.map(|id| ProductId(id.into())),
        }
    }

    #[test]
    fn a_mapping_wins_over_the_catalogue_and_ignores_case_and_spacing() {
        let pack = RulePack::builtin();
        let catalogue = &pack.catalogue;
        let mappings = Mappings::new(&[
            mapping("SQL-Svr Ent", "core 2pk", Some("ms-sql-server-enterprise")),
            mapping("Coffee machine", "", None),
            mapping("Gone", "", Some("acme-retired-product")),
        ]);
        let id = |m: Matched| match m {
            Matched::Product { product, mapped } => format!("{} {mapped}", product.id),
            other => format!("{other:?}"),
        };
        let find = |p: &str, e: &str| id(find_product(catalogue, &mappings, "ACME resale", p, e));
        assert_eq!(
            find("sql svr ENT", "Core  2PK"),
            "ms-sql-server-enterprise true"
        );
        assert_eq!(find("Coffee Machine", ""), "NotRelevant");
        // A mapping to a product the catalogue lacks falls back to the catalogue's match.
        assert_eq!(find("Gone", ""), "Unmatched");
        // No mapping: the catalogue's own match, marked as such.
        let own = find_product(
            catalogue,
            &mappings,
            "Microsoft",
            "SQL Server",
            "Enterprise",
        );
        assert_eq!(id(own), "ms-sql-server-enterprise false");
        // The publisher is part of the text: another reseller's identical text is not mapped.
        let other = find_product(catalogue, &mappings, "Other", "Coffee machine", "");
        assert_eq!(other, Matched::Unmatched);
    }

    #[test]
    fn unmatched_lines_group_by_text_in_file_order_with_their_counts() {
        let line = |product: &str| UnmatchedLine {
            publisher: "Acme".into(),
            product: product.into(),
            edition: String::new(),
            quantity: "1".into(),
            extra: Vec::new(),
            source: crate::entitlement::SourceRef {
                file: "f.csv".into(),
                row: 2,
            },
        };
        let texts = unmatched_texts(&[line("Thing"), line("Other"), line(" THING ")]);
        let shown: Vec<(&str, usize)> = texts
            .iter()
            .map(|(m, n)| (m.product.as_str(), *n))
            .collect();
        assert_eq!(shown, [("Thing", 2), ("Other", 1)]);
    }

    #[test]
    fn the_latest_answer_for_a_text_wins() {
        let pack = RulePack::builtin();
        let mappings = Mappings::new(&[
            mapping("Thing", "", None),
            mapping("thing", "", Some("ms-sql-server-standard")),
        ]);
        let found = find_product(&pack.catalogue, &mappings, "Acme Resale", "THING", "");
        assert!(
            matches!(found, Matched::Product { product, mapped: true } if product.id.0 == "ms-sql-server-standard")
        );
    }
}
