//! Evaluation: demand under each product's rule, supply from entitlements, position, purchase, cost.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Licensing, Product, ProductId};
use crate::derivation::Step;
use crate::entitlement::{Entitlement, Rights};
use crate::estate::Host;
use crate::finding::Finding;
use crate::metric::Metric;
use crate::money::{Currency, Money, MoneyError, Totals};
use crate::purchase::{PackOffer, cheapest_mix};
use crate::rules::{PerCoreTable, RulePack};
use crate::workbook::Workbook;

/// What to buy of one pack size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseLine {
    pub pack_size: u32,
    pub packs: u64,
    pub pack_price: Option<Money>,
    pub total: Option<Money>,
}

/// A number of packs of one size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackCount {
    pub pack_size: u32,
    pub packs: u64,
}

/// One product's licence position for the deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub product: ProductId,
    pub metric: Metric,
    pub required: Rights,
    /// The requirement in sellable packs (least over-buy, then fewest packs), for reading.
    pub required_packs: Vec<PackCount>,
    pub entitled: Rights,
    pub shortfall: Rights,
    pub surplus: Rights,
    pub to_buy: Vec<PurchaseLine>,
    /// The cost of `to_buy`; `None` when any line is unpriced.
    pub cost: Option<Money>,
    pub derivation: Vec<Step>,
}

/// The result of evaluating a workbook: a shortfall is a result, not an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub as_of: NaiveDate,
    /// "id version" of the rule pack used.
    pub rule_pack: String,
    pub currency: Currency,
    pub positions: Vec<Position>,
    pub findings: Vec<Finding>,
    /// The cost of everything to buy, by currency.
    pub total: Totals,
}

/// Evaluates the workbook's deployment against its entitlements under the rule pack, on `as_of`.
pub fn evaluate(workbook: &Workbook, pack: &RulePack, as_of: NaiveDate) -> Evaluation {
    let mut findings = Vec::new();
    let deployment = &workbook.deployment;

    for placement in &deployment.placements {
        if pack.catalogue.get(&placement.product).is_none() {
            findings.push(Finding::UnknownProduct {
                product: placement.product.clone(),
            });
        }
        for host in &placement.hosts {
            if deployment.host(host).is_none() {
                findings.push(Finding::UnknownHost {
                    product: placement.product.clone(),
                    host: host.clone(),
                });
            }
        }
    }
    findings.extend(workbook.unmatched().map(|line| {
        Finding::Unmatched {
            source: line.source.clone(),
            text: [&line.publisher, &line.product, &line.edition]
                .into_iter()
                .filter(|part| !part.is_empty())
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }));

    let mut positions = Vec::new();
    let mut total = Totals::default();
    for product in pack.catalogue.products() {
        let hosts = hosts_of(workbook, &product.id);
        let lines: Vec<&Entitlement> = workbook
            .entitlements()
            .filter(|e| e.product == product.id)
            .collect();
        if hosts.is_empty() && lines.is_empty() {
            continue;
        }
        let Licensing::PhysicalCores { table } = &product.licensing;
        let Some(table) = pack.per_core_table(table) else {
            continue;
        };
        let position = position(
            product,
            table,
            &hosts,
            &lines,
            workbook.settings.currency,
            as_of,
            &mut findings,
        );
        if let Some(cost) = position.cost
            && total.add(cost).is_err()
        {
            findings.push(Finding::CostOverflow {
                product: product.id.clone(),
            });
        }
        positions.push(position);
    }

    Evaluation {
        as_of,
        rule_pack: format!("{} {}", pack.id, pack.version),
        currency: workbook.settings.currency,
        positions,
        findings,
        total,
    }
}

/// The deployment's hosts that run the product, each once, in deployment order.
fn hosts_of<'a>(workbook: &'a Workbook, product: &ProductId) -> Vec<&'a Host> {
    let deployment = &workbook.deployment;
    deployment
        .hosts
        .iter()
        .filter(|host| {
            deployment.placements.iter().any(|placement| {
                &placement.product == product && placement.hosts.contains(&host.name)
            })
        })
        .collect()
}

fn position(
    product: &Product,
    table: &PerCoreTable,
    hosts: &[&Host],
    lines: &[&Entitlement],
    currency: Currency,
    as_of: NaiveDate,
    findings: &mut Vec<Finding>,
) -> Position {
    let mut derivation = Vec::new();

    // Demand: every physical core, lifted to the per-processor and per-server minimums.
    let mut required = Rights(0);
    for host in hosts {
        let sockets = host.sockets.get();
        let cores = host.cores_per_socket.get();
        let counted = Rights(u64::from(sockets) * u64::from(cores.max(table.min_per_processor)));
        derivation.push(Step::HostCores {
            host: host.name.clone(),
            sockets,
            cores_per_socket: cores,
            min_per_processor: table.min_per_processor,
            counted,
            rules: [
                table.rules.all_cores.clone(),
                table.rules.per_processor.clone(),
            ],
        });
        let host_required = counted.max(Rights(u64::from(table.min_per_server)));
        if let Some(rule) = &table.rules.per_server {
            derivation.push(Step::ServerMinimum {
                host: host.name.clone(),
                counted,
                min_per_server: table.min_per_server,
                required: host_required,
                rule: rule.clone(),
            });
        }
        required = required + host_required;
    }
    derivation.push(Step::Required {
        hosts: hosts.len() as u32,
        required,
    });
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

    // Supply: rights of the lines that grant rights on the as-of date.
    let mut entitled = Rights(0);
    for line in lines {
        let counted = if line.grants_on(as_of) {
            line.rights()
        } else {
            Rights(0)
        };
        derivation.push(Step::EntitlementLine {
            source: line.source.clone(),
            licence_type: line.licence_type,
            rights_per_pack: line.rights_per_pack,
            packs: line.packs,
            counted,
        });
        entitled = entitled + counted;
    }
    derivation.push(Step::Entitled {
        lines: lines.len() as u32,
        entitled,
    });
    if entitled > Rights(0) {
        // No baseline consumption is known yet: owned rights are not free surplus until proven.
        findings.push(Finding::SurplusUnverified {
            product: product.id.clone(),
            entitled,
        });
    }

    let shortfall = required.saturating_sub(entitled);
    let surplus = entitled.saturating_sub(required);
    derivation.push(Step::Position {
        required,
        entitled,
        shortfall,
        surplus,
    });

    let mut to_buy = Vec::new();
    let mut cost = None;
    if shortfall > Rights(0) {
        let prices = pack_prices(product, table, lines, currency, findings);
        let offers: Vec<PackOffer> = table
            .pack_sizes
            .iter()
            .map(|&size| PackOffer {
                size,
                price: price_of(&prices, size).map(|money| money.amount),
            })
            .collect();
        for (pack_size, packs) in cheapest_mix(shortfall.0, &offers) {
            derivation.push(Step::Packs {
                shortfall,
                pack_size,
                packs,
                rule: table.rules.packs.clone(),
            });
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
            to_buy.push(PurchaseLine {
                pack_size,
                packs,
                pack_price,
                total,
            });
        }
        cost = sum_lines(&to_buy, currency);
        match cost {
            Some(total) => derivation.push(Step::Cost {
                lines: to_buy.len() as u32,
                total,
            }),
            None if !prices.is_empty() => findings.push(Finding::CostOverflow {
                product: product.id.clone(),
            }),
            None => {}
        }
    }

    Position {
        product: product.id.clone(),
        metric: product.metric,
        required,
        required_packs,
        entitled,
        shortfall,
        surplus,
        to_buy,
        cost,
        derivation,
    }
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
    let mut priced = lines
        .iter()
        .filter(|line| line.unit_price.is_some() && line.rights_per_pack > 0);
    let Some(first) = priced.next() else {
        findings.push(Finding::NoPrice {
            product: product.id.clone(),
        });
        return Vec::new();
    };
    let line = priced.fold(*first, |best, line| {
        if line.purchased > best.purchased {
            line
        } else {
            best
        }
    });
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
