//! Pricing: the cheapest packs for a shortfall, priced, with the one rounding point of a price.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalogue::Product;
use crate::derivation::Step;
use crate::entitlement::{Entitlement, Rights};
use crate::finding::Finding;
use crate::money::{Currency, Money, MoneyError};
use crate::purchase::{PackOffer, cheapest_mix};
use crate::rules::PerCoreTable;

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
    product: &Product,
    table: &PerCoreTable,
    required: Rights,
    shortfalls: &[(NaiveDate, Rights)],
    lines: &[&Entitlement],
    currency: Currency,
    findings: &mut Vec<Finding>,
    derivation: &mut Vec<Step>,
) -> Bought {
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
            rule: table.rules.packs.clone(),
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
    let prices = pack_prices(product, table, lines, currency, findings);
    let offers: Vec<PackOffer> = table
        .pack_sizes
        .iter()
        .map(|&size| PackOffer {
            size,
            price: price_of(&prices, size).map(|money| money.amount),
        })
        .collect();
    for &(on, shortfall) in shortfalls
        .iter()
        .filter(|(_, shortfall)| *shortfall > Rights(0))
    {
        if shortfalls.len() > 1 {
            derivation.push(Step::PhaseShortfall { on, shortfall });
        }
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
                rule: table.rules.packs.clone(),
            });
            if let Some((_, _, step)) = prices.iter().find(|(size, _, _)| *size == pack_size) {
                derivation.push(step.clone());
            }
            let pack_price = price_of(&prices, pack_size);
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
    bought
        .lines
        .sort_by_key(|line| std::cmp::Reverse(line.pack_size));
    bought.cost = sum_lines(&bought.lines, currency);
    match bought.cost {
        Some(total) => derivation.push(Step::Cost {
            lines: bought.lines.len() as u32,
            total,
        }),
        None if !prices.is_empty() => findings.push(Finding::CostOverflow {
            product: product.id.clone(),
        }),
        None => {}
    }
    bought
}

/// Pack prices from the most recent priced entitlement line (the first in file order on a tie).
/// Each pack's price is rounded to the currency's minor unit: the one rounding point of a price.
fn pack_prices(
    product: &Product,
    table: &PerCoreTable,
    lines: &[&Entitlement],
    currency: Currency,
    findings: &mut Vec<Finding>,
) -> Vec<(u32, Money, Step)> {
    let mut ordered: Vec<&&Entitlement> = lines
        .iter()
        .filter(|line| line.unit_price.is_some() && line.rights_per_pack > 0)
        .collect();
    ordered.sort_by(|a, b| a.source.cmp(&b.source));
    let Some(line) = ordered
        .iter()
        .fold(None, |best: Option<&&Entitlement>, line| match best {
            Some(best) if line.purchased <= best.purchased => Some(best),
            _ => Some(line),
        })
    else {
        findings.push(Finding::NoPrice {
            product: product.id.clone(),
        });
        return Vec::new();
    };
    let Some(unit_price) = line.unit_price else {
        return Vec::new();
    };
    if unit_price.currency != currency {
        findings.push(Finding::NoExchangeRate {
            product: product.id.clone(),
            from: unit_price.currency,
            to: currency,
        });
        return Vec::new();
    }
    findings.push(Finding::PricedFromEntitlement {
        product: product.id.clone(),
        source: line.source.clone(),
        purchased: line.purchased,
    });
    let mut prices = Vec::new();
    for &pack_size in &table.pack_sizes {
        let price = unit_price
            .checked_div(Decimal::from(line.rights_per_pack))
            .and_then(|per_right| per_right.checked_mul(Decimal::from(pack_size)))
            .map(Money::rounded);
        if let Ok(pack_price) = price {
            let step = Step::PackPrice {
                source: line.source.clone(),
                unit_price,
                rights_per_pack: line.rights_per_pack,
                pack_size,
                pack_price,
            };
            prices.push((pack_size, pack_price, step));
        }
    }
    prices
}

fn price_of(prices: &[(u32, Money, Step)], size: u32) -> Option<Money> {
    prices
        .iter()
        .find(|(pack_size, _, _)| *pack_size == size)
        .map(|(_, price, _)| *price)
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
