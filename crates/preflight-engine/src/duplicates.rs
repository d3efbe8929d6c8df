//! Lines of two files that look like one purchase imported twice (an MLS and a reseller's
//! export of the same order, a SAM platform's export beside the PO it came from): same product,
//! quantity and dates, the same SKU and purchase order where both give one. Both would count,
//! so the import preview flags them and the evaluation gives a finding.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::entitlement::{Entitlement, Rights, SourceRef};
use crate::text::normalise;
use crate::workbook::EntitlementSource;

/// A line of a later file that looks like a line of an earlier one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub product: ProductId,
    pub rights: Rights,
    /// The line already there (the earlier file).
    pub first: SourceRef,
    /// The line that looks like it (the later file).
    pub second: SourceRef,
}

/// What two lines must share to be one purchase.
type Key<'a> = (
    &'a ProductId,
    Rights,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

fn key(line: &Entitlement) -> Key<'_> {
    (
        &line.product,
        line.rights(),
        line.purchased,
        line.start,
        line.end,
    )
}

/// Whether two lines with the same key are likely one purchase: their SKUs and purchase orders
/// agree where both give one, and they share at least one of a purchase order, a SKU or a date
/// (two lines giving nothing but a product and a quantity are too common to call the same).
fn same_purchase(a: &Entitlement, b: &Entitlement) -> bool {
    let agree = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => Some(normalise(x) == normalise(y)),
        _ => None,
    };
    let order = agree(&a.purchase_order, &b.purchase_order);
    let sku = agree(&a.sku, &b.sku);
    if order == Some(false) || sku == Some(false) {
        return false;
    }
    let dated = a.purchased.is_some() || a.start.is_some() || a.end.is_some();
    order == Some(true) || sku == Some(true) || dated
}

/// The lines of `new` that look like lines of `earlier` files (any file but `new`'s own name,
/// which `new` replaces), each paired with the first such line, in `new`'s order. A line of
/// `new` is paired at most once.
pub fn across<'a>(
    earlier: impl IntoIterator<Item = &'a EntitlementSource>,
    new: &EntitlementSource,
) -> Vec<Duplicate> {
    let mut seen: HashMap<Key<'a>, Vec<&'a Entitlement>> = HashMap::new();
    for source in earlier.into_iter().filter(|s| s.file != new.file) {
        for line in &source.entitlements {
            seen.entry(key(line)).or_default().push(line);
        }
    }
    let mut found = Vec::new();
    for line in &new.entitlements {
        let Some(candidates) = seen.get(&key(line)) else {
            continue;
        };
        if let Some(first) = candidates.iter().find(|old| same_purchase(old, line)) {
            found.push(Duplicate {
                product: line.product.clone(),
                rights: line.rights(),
                first: first.source.clone(),
                second: line.source.clone(),
            });
        }
    }
    found
}

/// Every line of every source that looks like a line of an earlier source, in source order.
pub fn within(sources: &[&EntitlementSource]) -> Vec<Duplicate> {
    let mut found = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        found.extend(across(sources[..index].iter().copied(), source));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LicenceType, Metric};

    fn line(file: &str, row: u32, packs: u32) -> Entitlement {
        Entitlement::new(
            ProductId("ms-sql-server-enterprise".into()),
            Metric::Core,
            LicenceType::Perpetual,
            2,
            packs,
            SourceRef {
                file: file.into(),
                row,
            },
        )
    }

    fn source(file: &str, lines: Vec<Entitlement>) -> EntitlementSource {
        EntitlementSource::new(file, lines)
    }

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2025, 3, d)
    }

    #[test]
    fn a_line_with_the_same_order_product_quantity_and_dates_is_a_likely_duplicate() {
        let po = |po: &str, line: Entitlement| Entitlement {
            purchase_order: Some(po.into()),
            purchased: day(14),
            ..line
        };
        let mls = source(
            "mls.csv",
            vec![
                po("PO-1001", line("mls.csv", 2, 8)),
                po("PO-1002", line("mls.csv", 3, 4)),
            ],
        );
        let reseller = source(
            "reseller.csv",
            vec![
                // Same order, product, 16 rights, date: the same purchase (PO case and
                // punctuation aside).
                po("po 1001", line("reseller.csv", 5, 8)),
                // Same order, another quantity: not.
                po("PO-1002", line("reseller.csv", 6, 5)),
                // Same quantity and date, another order: not.
                po("PO-2000", line("reseller.csv", 7, 4)),
            ],
        );
        let found = across([&mls], &reseller);
        assert_eq!(
            found,
            [Duplicate {
                product: ProductId("ms-sql-server-enterprise".into()),
                rights: Rights(16),
                first: SourceRef {
                    file: "mls.csv".into(),
                    row: 2
                },
                second: SourceRef {
                    file: "reseller.csv".into(),
                    row: 5
                },
            }]
        );
        // A file is never its own duplicate, nor the earlier import it replaces.
        assert!(across([&mls], &mls).is_empty());
    }

    #[test]
    fn lines_that_give_only_a_product_and_a_quantity_are_not_called_the_same() {
        let a = source("a.csv", vec![line("a.csv", 2, 8)]);
        let b = source("b.csv", vec![line("b.csv", 2, 8)]);
        assert!(across([&a], &b).is_empty());
        // The same SKU makes them one purchase; a different SKU keeps them apart.
        let sku = |text: &str, line: Entitlement| Entitlement {
            sku: Some(text.into()),
            ..line
        };
        let a = source("a.csv", vec![sku("7JQ-00341", line("a.csv", 2, 8))]);
        let b = source("b.csv", vec![sku("7jq 00341", line("b.csv", 2, 8))]);
        let c = source("c.csv", vec![sku("7JQ-00343", line("c.csv", 2, 8))]);
        assert_eq!(within(&[&a, &b, &c]).len(), 1);
    }
}
