//! What importing a file again changes in the workbook: its lines before and after, matched as
//! wholes (everything a line says but where it sits in the file, so a row moved down by an
//! inserted row is the same line), and the rights in force per product that change. The import
//! preview shows it before the user replaces the earlier import.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::agreement::Agreement;
use crate::catalogue::ProductId;
use crate::channel::Channel;
use crate::entitlement::{Entitlement, LicenceType, Rights};
use crate::metric::Metric;
use crate::money::Money;
use crate::workbook::EntitlementSource;

/// The difference between an earlier import of a file and the file read again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceDiff {
    /// Lines found in both, wherever they sit.
    pub unchanged: usize,
    /// Lines of the new import that the earlier one did not have, by index in it.
    pub added: Vec<usize>,
    /// Lines of the earlier import that the new one does not have, by index in it.
    pub removed: Vec<usize>,
    /// Products whose rights in force on the as-of date change, by product id.
    pub products: Vec<ProductChange>,
    /// Lines matching no product, before and after.
    pub unmatched: (usize, usize),
}

/// A product's rights in force from the file, before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductChange {
    pub product: ProductId,
    pub before: Rights,
    pub after: Rights,
}

impl SourceDiff {
    /// Nothing the file says has changed.
    pub fn is_same(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.unmatched.0 == self.unmatched.1
    }
}

/// The earlier import `old` against `new`, the same file read again; rights as on `as_of`.
pub fn diff(old: &EntitlementSource, new: &EntitlementSource, as_of: NaiveDate) -> SourceDiff {
    // The earlier lines by what they say; each is matched once (a file may repeat a line).
    let mut earlier: HashMap<Said<'_>, Vec<usize>> = HashMap::new();
    for (index, line) in old.entitlements.iter().enumerate().rev() {
        earlier.entry(said(line)).or_default().push(index);
    }
    let mut diff = SourceDiff {
        unmatched: (old.unmatched.len(), new.unmatched.len()),
        ..SourceDiff::default()
    };
    for (index, line) in new.entitlements.iter().enumerate() {
        match earlier.get_mut(&said(line)).and_then(Vec::pop) {
            Some(_) => diff.unchanged += 1,
            None => diff.added.push(index),
        }
    }
    diff.removed = earlier.into_values().flatten().collect();
    diff.removed.sort_unstable();

    let mut rights: BTreeMap<&ProductId, (u64, u64)> = BTreeMap::new();
    for line in old.entitlements.iter().filter(|l| l.grants_on(as_of)) {
        rights.entry(&line.product).or_default().0 += line.rights().0;
    }
    for line in new.entitlements.iter().filter(|l| l.grants_on(as_of)) {
        rights.entry(&line.product).or_default().1 += line.rights().0;
    }
    diff.products = rights
        .into_iter()
        .filter(|(_, (before, after))| before != after)
        .map(|(product, (before, after))| ProductChange {
            product: product.clone(),
            before: Rights(before),
            after: Rights(after),
        })
        .collect();
    diff
}

/// Everything a line says but where it sits (`source`), borrowed: a re-import of 100,000 lines
/// is matched without copying them. Two tuples, as the standard library hashes tuples of at
/// most twelve.
type Said<'a> = (
    (
        &'a ProductId,
        Metric,
        LicenceType,
        u32,
        u32,
        Option<Money>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        &'a Option<String>,
    ),
    (
        &'a Option<std::sync::Arc<str>>,
        bool,
        &'a Option<std::sync::Arc<str>>,
        &'a Option<Agreement>,
        Option<Channel>,
        &'a Option<String>,
        &'a Option<String>,
        &'a Option<String>,
        &'a [crate::KeptCell],
    ),
);

fn said(line: &Entitlement) -> Said<'_> {
    // Every field named, none left to `..`: a field added to lines must be placed here too.
    let Entitlement {
        product,
        metric,
        licence_type,
        rights_per_pack,
        packs,
        unit_price,
        purchased,
        start,
        end,
        version,
        legal_entity,
        unlimited,
        cost_centre,
        agreement,
        channel,
        oem_host,
        sku,
        purchase_order,
        extra,
        source: _,
    } = line;
    (
        (
            product,
            *metric,
            *licence_type,
            *rights_per_pack,
            *packs,
            *unit_price,
            *purchased,
            *start,
            *end,
            version,
        ),
        (
            legal_entity,
            *unlimited,
            cost_centre,
            agreement,
            *channel,
            oem_host,
            sku,
            purchase_order,
            extra,
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entitlement::SourceRef;

    fn line(product: &str, licence_type: LicenceType, packs: u32, row: u32) -> Entitlement {
        Entitlement::new(
            ProductId(product.into()),
            Metric::Core,
            licence_type,
            2,
            packs,
            SourceRef {
                file: "mls.csv".into(),
                row,
            },
        )
    }

    fn source(entitlements: Vec<Entitlement>) -> EntitlementSource {
        EntitlementSource::new("mls.csv", entitlements)
    }

    /// Issue 4: "re-importing it replaces its rows after a diff preview". The file read again has
    /// a row inserted at the top (every row moves down one), one SQL Server line's quantity
    /// changed from 8 to 10 packs, an SA-only line removed and a Windows line repeated.
    /// Before: SQL 8 × 2 + 4 × 2 = 24 rights, Windows 16 × 2 = 32. After: SQL 10 × 2 + 4 × 2 =
    /// 28, Windows 2 × 16 × 2 = 64; the SA-only line granted no rights, so it changes none.
    #[test]
    fn a_file_read_again_shows_lines_added_and_removed_and_rights_per_product() {
        use LicenceType::*;
        let sql = "ms-sql-server-enterprise";
        let windows = "ms-windows-server-datacenter";
        let old = source(vec![
            line(sql, Perpetual, 8, 2),
            line(sql, Perpetual, 4, 3),
            line(sql, SoftwareAssurance, 12, 4),
            line(windows, Perpetual, 16, 5),
        ]);
        let new = source(vec![
            line(windows, Perpetual, 16, 2),
            line(sql, Perpetual, 10, 3),
            line(sql, Perpetual, 4, 4),
            line(windows, Perpetual, 16, 5),
        ]);
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let diff = diff(&old, &new, as_of);
        assert_eq!(diff.unchanged, 2);
        assert_eq!(diff.added, [1, 3]);
        assert_eq!(diff.removed, [0, 2]);
        assert_eq!(
            diff.products,
            [
                ProductChange {
                    product: ProductId(sql.into()),
                    before: Rights(24),
                    after: Rights(28),
                },
                ProductChange {
                    product: ProductId(windows.into()),
                    before: Rights(32),
                    after: Rights(64),
                },
            ]
        );
        assert!(!diff.is_same());
        // The same file again: nothing added or removed, wherever its rows sit.
        let moved = source(old.entitlements.iter().rev().cloned().collect());
        let same = super::diff(&old, &moved, as_of);
        assert!(same.is_same() && same.products.is_empty() && same.unchanged == 4);
    }
}
