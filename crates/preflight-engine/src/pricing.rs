//! Pricing: the cheapest packs for a shortfall, priced, with the one rounding point of a price.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalogue::Product;
use crate::derivation::Step;
use crate::entitlement::{Entitlement, Rights};
use crate::finding::Finding;
use crate::money::{Currency, Money, MoneyError};
use crate::prices::{PriceBook, pack_prices};
use crate::purchase::{PackOffer, cheapest_mix};
use crate::rules::Selling;

/// A number of packs of one size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackCount {
    pub pack_size: u32,
    pub packs: u64,
}

/// What to buy of one pack size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseLine {
    pub pack_size: u32,
    pub packs: u64,
    pub pack_price: Option<Money>,
    pub total: Option<Money>,
}

/// What to buy for the shortfall that arises on one date (the go-live or a phase's start).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhasePurchase {
    pub on: NaiveDate,
    pub shortfall: Rights,
    pub lines: Vec<PurchaseLine>,
    /// `None` when any line is unpriced.
    pub cost: Option<Money>,
}

/// The packs to buy for a product and their cost.
pub struct Bought {
    pub required_packs: Vec<PackCount>,
    pub purchases: Vec<PhasePurchase>,
    /// The purchases' lines summed by pack size.
    pub lines: Vec<PurchaseLine>,
    pub cost: Option<Money>,
}

/// The requirement in packs, and for each date's new shortfall the cheapest purchase covering it.
#[allow(clippy::too_many_arguments)]
pub fn purchase(
    book: &PriceBook,
    product: &Product,
    table: &Selling,
    required: Rights,
    shortfalls: &[(NaiveDate, Rights)],
    lines: &[&Entitlement],
    findings: &mut Vec<Finding>,
    derivation: &mut Vec<Step>,
) -> Bought {
    let currency = book.currency;
    let unpriced: Vec<PackOffer> = table
        .pack_sizes
        .iter()
        .map(|&size| PackOffer { size, price: None })
        .collect();
    let required_packs: Vec<PackCount> = cheapest_mix(required.0, &unpriced)
        .into_iter()
        .map(|(pack_size, packs)| PackCount { pack_size, packs })
        .collect();
    for count in &required_packs {
        derivation.push(Step::RequiredPacks {
            required,
            pack_size: count.pack_size,
            packs: count.packs,
            rule: table.rule.clone(),
        });
    }
    let mut bought = Bought {
        required_packs,
        purchases: Vec::new(),
        lines: Vec::new(),
        cost: None,
    };
    if shortfalls
        .iter()
        .all(|(_, shortfall)| *shortfall == Rights(0))
    {
        return bought;
    }
    let mut priced_any = false;
    let mut own_findings = Vec::new();
    for &(on, shortfall) in shortfalls
        .iter()
        .filter(|(_, shortfall)| *shortfall > Rights(0))
    {
        if shortfalls.len() > 1 {
            derivation.push(Step::PhaseShortfall { on, shortfall });
        }
        // Prices in force on the day the phase needs them.
        // Each phase looks prices up again; the same finding is said once (`push_once` scans only
        // this product's findings, not the whole evaluation's).
        let prices = pack_prices(book, product, table, lines, on, &mut own_findings);
        priced_any |= !prices.is_empty();
        let price_of = |size: u32| prices.iter().find(|p| p.pack_size == size);
        let offers: Vec<PackOffer> = table
            .pack_sizes
            .iter()
            .map(|&size| PackOffer {
                size,
                price: price_of(size).map(|p| p.price.amount),
            })
            .collect();
        let mut phase = PhasePurchase {
            on,
            shortfall,
            lines: Vec::new(),
            cost: None,
        };
        for (pack_size, packs) in cheapest_mix(shortfall.0, &offers) {
            derivation.push(Step::Packs {
                shortfall,
                pack_size,
                packs,
                rule: table.rule.clone(),
            });
            if let Some(price) = price_of(pack_size) {
                derivation.extend(price.steps.iter().cloned());
            }
            let pack_price = price_of(pack_size).map(|p| p.price);
            let total = pack_price.and_then(|price| price.checked_mul(Decimal::from(packs)).ok());
            if let (Some(pack_price), Some(total)) = (pack_price, total) {
                derivation.push(Step::LineCost {
                    pack_size,
                    packs,
                    pack_price,
                    total,
                });
            }
            phase.lines.push(PurchaseLine {
                pack_size,
                packs,
                pack_price,
                total,
            });
        }
        phase.cost = sum_lines(&phase.lines, currency);
        bought.purchases.push(phase);
    }
    for phase in &bought.purchases {
        for line in &phase.lines {
            match bought
                .lines
                .iter_mut()
                .find(|l| l.pack_size == line.pack_size)
            {
                Some(sum) => {
                    sum.packs += line.packs;
                    sum.total = sum
                        .total
                        .zip(line.total)
                        .and_then(|(a, b)| a.checked_add(b).ok());
                }
                None => bought.lines.push(line.clone()),
            }
        }
    }
    findings.extend(own_findings);
    crate::order::sort_by_key(&mut bought.lines, |line| std::cmp::Reverse(line.pack_size));
    bought.cost = sum_lines(&bought.lines, currency);
    match bought.cost {
        Some(total) => derivation.push(Step::Cost {
            lines: bought.lines.len() as u32,
            total,
        }),
        None if priced_any => findings.push(Finding::CostOverflow {
            product: product.id.clone(),
        }),
        None => {}
    }
    bought
}

/// The sum of the lines' totals, or `None` when any line is unpriced or the sum overflows.
fn sum_lines(lines: &[PurchaseLine], currency: Currency) -> Option<Money> {
    lines.iter().try_fold(Money::zero(currency), |sum, line| {
        line.total
            .ok_or(MoneyError::Overflow)
            .and_then(|total| sum.checked_add(total))
            .ok()
    })
}
