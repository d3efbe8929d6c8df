//! Price sources, in a fixed order: the price list (a pack of the product, licence type and date),
//! else the most recent priced entitlement line (with a finding naming it), else no price (with a
//! finding) — never a silent zero. Prices in another currency are converted at a dated rate.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::catalogue::Product;
use crate::derivation::Step;
use crate::entitlement::{Entitlement, LicenceType};
use crate::finding::Finding;
use crate::money::{Currency, ExchangeRate, Money, convert};
use crate::rules::Selling;
use crate::workbook::PriceListEntry;

/// What prices are looked up in, and the currency results are in.
pub struct PriceBook<'a> {
    pub currency: Currency,
    pub buy: crate::workbook::Buy,
    pub price_list: &'a [PriceListEntry],
    pub rates: &'a [ExchangeRate],
}

/// One pack size's price in the results' currency, with the steps that derive it.
#[derive(Clone, Debug)]
pub struct PackPrice {
    pub pack_size: u32,
    pub price: Money,
    pub steps: Vec<Step>,
}

/// Whether a price of this licence type prices what the workbook buys.
fn bought(book: &PriceBook, licence_type: LicenceType) -> bool {
    match book.buy {
        crate::workbook::Buy::Licences => matches!(
            licence_type,
            LicenceType::Perpetual | LicenceType::PerpetualWithSa
        ),
        crate::workbook::Buy::Subscriptions => licence_type == LicenceType::Subscription,
    }
}

/// The price of each of the table's pack sizes on `on`, from the first source that has one.
pub fn pack_prices(
    book: &PriceBook,
    product: &Product,
    table: &Selling,
    lines: &[&Entitlement],
    on: NaiveDate,
    findings: &mut Vec<Finding>,
) -> Vec<PackPrice> {
    let listed: Vec<&PriceListEntry> = book
        .price_list
        .iter()
        .filter(|entry| entry.product == product.id && entry.pack_size > 0)
        .filter(|entry| bought(book, entry.licence_type))
        .filter(|entry| {
            entry.valid_from.is_none_or(|from| from <= on)
                && entry.valid_to.is_none_or(|to| on <= to)
        })
        .collect();
    if !listed.is_empty() {
        return table
            .pack_sizes
            .iter()
            .filter_map(|&size| {
                // The pack itself if listed, else the per-right price of the licence-only entry
                // (then licence + SA) valid most recently, scaled to the pack.
                let entry = listed
                    .iter()
                    .find(|entry| entry.pack_size == size)
                    .or_else(|| {
                        listed.iter().max_by_key(|entry| {
                            (
                                entry.licence_type == LicenceType::Perpetual,
                                entry.valid_from,
                            )
                        })
                    })?;
                let pack_price = scale(entry.price, entry.pack_size, size)?;
                let step = Step::ListPrice {
                    sku: entry.sku.clone(),
                    source: entry.source.clone(),
                    listed_pack: entry.pack_size,
                    listed: entry.price,
                    pack_size: size,
                    pack_price,
                };
                in_currency(book, product, pack_price, vec![step], on, findings)
            })
            .collect();
    }

    // Only purchases of the kind bought price it: an SA-only line's price is for SA, a
    // subscription's for a year of term, a licence's for good.
    let mut priced: Vec<&&Entitlement> = lines
        .iter()
        .filter(|line| bought(book, line.licence_type))
        .filter(|line| line.unit_price.is_some() && line.rights_per_pack > 0)
        .collect();
    // std's sort, not `crate::order`: on the evaluation's path (see allocation.rs).
    priced.sort_by(|a, b| a.source.cmp(&b.source));
    let Some(line) = priced
        .iter()
        .fold(None, |best: Option<&&Entitlement>, line| match best {
            Some(best) if line.purchased <= best.purchased => Some(best),
            _ => Some(line),
        })
    else {
        push_once(
            findings,
            Finding::NoPrice {
                product: product.id.clone(),
            },
        );
        return Vec::new();
    };
    let Some(unit_price) = line.unit_price else {
        return Vec::new();
    };
    push_once(
        findings,
        Finding::PricedFromEntitlement {
            product: product.id.clone(),
            source: line.source.clone(),
            purchased: line.purchased,
        },
    );
    table
        .pack_sizes
        .iter()
        .filter_map(|&size| {
            let pack_price = scale(unit_price, line.rights_per_pack, size)?;
            let step = Step::PackPrice {
                source: line.source.clone(),
                unit_price,
                rights_per_pack: line.rights_per_pack,
                pack_size: size,
                pack_price,
            };
            in_currency(book, product, pack_price, vec![step], on, findings)
        })
        .collect()
}

/// `price` for `per` rights, scaled to `size` rights and rounded to the minor unit: exact when
/// the sizes agree.
fn scale(price: Money, per: u32, size: u32) -> Option<Money> {
    if per == size {
        return Some(price.rounded());
    }
    price
        .checked_div(Decimal::from(per))
        .and_then(|per_right| per_right.checked_mul(Decimal::from(size)))
        .ok()
        .map(Money::rounded)
}

/// The price in the results' currency: as it is, converted at a dated rate, or `None` with a
/// finding when no rate applies.
fn in_currency(
    book: &PriceBook,
    product: &Product,
    price: Money,
    mut steps: Vec<Step>,
    on: NaiveDate,
    findings: &mut Vec<Finding>,
) -> Option<PackPrice> {
    let pack_size = match steps.first() {
        Some(Step::ListPrice { pack_size, .. } | Step::PackPrice { pack_size, .. }) => *pack_size,
        _ => return None,
    };
    if price.currency == book.currency {
        return Some(PackPrice {
            pack_size,
            price,
            steps,
        });
    }
    match convert(price, book.currency, on, book.rates) {
        Some((converted, rate)) => {
            steps.push(Step::Converted {
                from: price,
                rate: rate.rate,
                rate_from: rate.from,
                rate_to: rate.to,
                rate_date: rate.as_of,
                rate_source: rate.source.clone(),
                to: converted,
            });
            Some(PackPrice {
                pack_size,
                price: converted,
                steps,
            })
        }
        None => {
            push_once(
                findings,
                Finding::NoExchangeRate {
                    product: product.id.clone(),
                    from: price.currency,
                    to: book.currency,
                },
            );
            None
        }
    }
}

fn push_once(findings: &mut Vec<Finding>, finding: Finding) {
    if !findings.contains(&finding) {
        findings.push(finding);
    }
}
