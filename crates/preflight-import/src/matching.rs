//! Stage two's product match, one code path for every kind of file that names products
//! (entitlements, price lists, licence positions): the user's answers first, then the
//! catalogue's own match (`mapping::find_product`), each distinct publisher/product/edition text
//! matched once per file and remembered for its other rows.

use std::collections::HashMap;

use preflight_engine::Metric;
use preflight_engine::catalogue::{Catalogue, Product};
use preflight_engine::mapping::{Mappings, Matched, ProductMapping, find_product};

/// The reason a row marked not relevant by the user ends skipped with.
pub const NOT_RELEVANT: &str = "marked not relevant by your product mapping";

/// Matches one file's product texts. A file of 100,000 rows names a few hundred distinct texts
/// at most, so each text's match (normalising it, then the catalogue's keys) is made once.
pub struct Matcher<'c> {
    catalogue: &'c Catalogue,
    mappings: Mappings,
    seen: HashMap<String, Matched<'c>>,
    /// The key of the text being looked up, reused so that a text seen before costs no
    /// allocation.
    key: String,
}

impl<'c> Matcher<'c> {
    pub fn new(catalogue: &'c Catalogue, mappings: &[ProductMapping]) -> Matcher<'c> {
        Matcher {
            catalogue,
            mappings: Mappings::new(mappings),
            seen: HashMap::new(),
            key: String::new(),
        }
    }

    /// What a row's text is: a product (by the user's answer or the catalogue), not relevant,
    /// or unmatched. The text is compared exactly as written: two spellings of one text are
    /// matched separately, to the same result.
    pub fn find(&mut self, publisher: &str, product: &str, edition: &str) -> Matched<'c> {
        self.key.clear();
        for part in [publisher, product, edition] {
            self.key.push_str(part);
            self.key.push('\u{1f}');
        }
        if let Some(found) = self.seen.get(self.key.as_str()) {
            return *found;
        }
        let found = find_product(self.catalogue, &self.mappings, publisher, product, edition);
        self.seen.insert(self.key.clone(), found);
        found
    }

    /// Distinct texts matched so far.
    pub fn distinct(&self) -> usize {
        self.seen.len()
    }
}

/// The metric a line of `product` is counted in: the one the row gives, which must be the
/// product's, else the product's own. `Err` with the message when they disagree.
pub fn metric_of(product: &Product, given: Option<Metric>) -> Result<Metric, String> {
    match given {
        Some(metric) if metric != product.metric => Err(format!(
            "{} is licensed {}, but this line says {}: not imported",
            product.display_name(),
            product.metric,
            metric
        )),
        _ => Ok(product.metric),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use preflight_engine::{ProductId, RulePack};

    #[test]
    fn each_text_is_matched_once_and_answers_come_first() {
        let pack = RulePack::builtin();
        let answers = [ProductMapping {
            publisher: "Acme".into(),
            product: "SQL-Svr Ent".into(),
            edition: String::new(),
            to: Some(ProductId("ms-sql-server-enterprise".into())),
        }];
        let mut matcher = Matcher::new(&pack.catalogue, &answers);
        let id = |m: Matched| match m {
            Matched::Product { product, mapped } => format!("{} {mapped}", product.id),
            other => format!("{other:?}"),
        };
        assert_eq!(
            id(matcher.find("Acme", "SQL-Svr Ent", "")),
            "ms-sql-server-enterprise true"
        );
        assert_eq!(
            id(matcher.find("Microsoft", "SQL Server", "Enterprise")),
            "ms-sql-server-enterprise false"
        );
        assert_eq!(id(matcher.find("Acme", "Coffee", "")), "Unmatched");
        // The same texts again: remembered, not matched again.
        assert_eq!(
            id(matcher.find("Acme", "SQL-Svr Ent", "")),
            "ms-sql-server-enterprise true"
        );
        assert_eq!(id(matcher.find("Acme", "Coffee", "")), "Unmatched");
        assert_eq!(matcher.distinct(), 3);
        // The parts are kept apart: "Acme|Coffee|" is not "Acm|eCoffee|".
        assert_eq!(id(matcher.find("Acm", "eCoffee", "")), "Unmatched");
        assert_eq!(matcher.distinct(), 4);
    }

    #[test]
    fn a_metric_the_product_is_not_licensed_by_is_refused() {
        let pack = RulePack::builtin();
        let sql = pack
            .catalogue
            .get(&ProductId("ms-sql-server-enterprise".into()))
            .unwrap();
        assert_eq!(metric_of(sql, None), Ok(sql.metric));
        assert_eq!(metric_of(sql, Some(sql.metric)), Ok(sql.metric));
        let message = metric_of(sql, Some(Metric::User)).unwrap_err();
        assert!(
            message.ends_with("but this line says Per user: not imported"),
            "{message}"
        );
    }
}
