//! Software Assurance on what the project buys: whether a purchase carries it, and its yearly
//! cost, recurring over the horizon.
//!
//! A purchase carries SA when a demand it covers relies on SA (per-VM licensing, licence
//! mobility, unlimited virtualisation, passive fail-over: the licensing modules mark such demands
//! `needs_sa`), when the price list prices the product only as licence + SA, or when the price
//! list offers SA for it at all (taken as the organisation's practice of buying SA with the
//! licence: an assumption the derivation states). The yearly SA comes
//! from the price list's SA entries (`Software Assurance` lines, a pack's price for a year) when
//! it has them, else from the publisher's support terms in the rule pack (Microsoft: MS-SA-25).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::budget::{Budget, add_recurring};
use crate::catalogue::ProductId;
use crate::derivation::Step;
use crate::entitlement::LicenceType;
use crate::finding::Finding;
use crate::money::{Currency, ExchangeRate, Money, convert};
use crate::pricing::PhasePurchase;
use crate::rules::{SupportApplies, SupportTerms};
use crate::workbook::{Buy, PriceListEntry};

/// What a product's purchases are bought with.
pub struct Purchasing<'a> {
    pub product: &'a ProductId,
    pub buy: Buy,
    pub currency: Currency,
    pub price_list: &'a [PriceListEntry],
    pub rates: &'a [ExchangeRate],
    /// The publisher's support terms in the rule pack, if any.
    pub terms: Option<&'a SupportTerms>,
    /// The project's demands left unmet that rely on SA (their labels).
    pub relying_on_sa: Vec<String>,
    /// Buy without SA wherever the rules allow (`Settings::without_sa`): only a right that
    /// needs SA, or a price list that sells the product only with SA, makes a purchase carry it.
    pub without_sa: bool,
}

/// What recurs after one phase's purchase.
pub struct Recurring<'a> {
    /// Terms for `budget::add_purchase` to apply as a share of the licence price: the
    /// publisher's support, or its SA rate when the purchase carries SA.
    pub terms: Option<&'a SupportTerms>,
    /// SA priced from the price list: what it is for, and its yearly cost.
    pub listed: Option<(String, Money)>,
}

impl Recurring<'_> {
    /// Budgets the listed SA (after `add_purchase` has budgeted the licences).
    pub fn add_listed(
        &self,
        budget: &mut Budget,
        product: &ProductId,
        on: NaiveDate,
        findings: &mut Vec<Finding>,
    ) {
        if let Some((item, yearly)) = &self.listed {
            add_recurring(budget, product, on, item, *yearly, findings);
        }
    }
}

/// What recurs after one phase's purchase, said in the derivation when it is SA.
pub fn recurring<'a>(
    purchasing: &Purchasing<'a>,
    phase: &PhasePurchase,
    derivation: &mut Vec<Step>,
) -> Recurring<'a> {
    let none = Recurring {
        terms: None,
        listed: None,
    };
    let terms = purchasing.terms;
    if purchasing.buy == Buy::Subscriptions
        || terms.is_some_and(|t| t.applies == SupportApplies::Always)
    {
        return Recurring { terms, ..none };
    }
    let Some(reason) = reason(purchasing, phase.on) else {
        return none;
    };
    if let Some((yearly, working)) = listed_yearly(purchasing, phase) {
        derivation.push(Step::SoftwareAssurance {
            reason,
            working: working.clone(),
            rate: None,
            yearly: Some(yearly),
            rule: None,
        });
        let item = format!("Software Assurance ({working})");
        return Recurring {
            listed: Some((item, yearly)),
            ..none
        };
    }
    let Some(terms) = terms else {
        return none;
    };
    let yearly = phase
        .cost
        .and_then(|cost| cost.checked_mul(terms.annual_rate).ok())
        .map(Money::rounded);
    derivation.push(Step::SoftwareAssurance {
        reason,
        working: format!(
            "{}% of the net licence price a year",
            (terms.annual_rate * Decimal::ONE_HUNDRED).normalize()
        ),
        rate: phase.cost.map(|cost| (terms.annual_rate, cost)),
        yearly,
        rule: Some(terms.rule.clone()),
    });
    Recurring {
        terms: Some(terms),
        ..none
    }
}

/// Why the purchase carries SA, or `None` when it does not.
fn reason(purchasing: &Purchasing, on: NaiveDate) -> Option<String> {
    if !purchasing.relying_on_sa.is_empty() {
        return Some(format!(
            "bought with SA: {} rel{} on a right that needs it",
            purchasing.relying_on_sa.join(", "),
            if purchasing.relying_on_sa.len() == 1 {
                "ies"
            } else {
                "y"
            }
        ));
    }
    let licences: Vec<&PriceListEntry> = valid(purchasing, on)
        .filter(|e| {
            matches!(
                e.licence_type,
                LicenceType::Perpetual | LicenceType::PerpetualWithSa
            )
        })
        .collect();
    let only_with_sa = !licences.is_empty()
        && licences
            .iter()
            .all(|e| e.licence_type == LicenceType::PerpetualWithSa);
    if only_with_sa {
        return Some("bought with SA: the price list prices it as licence + SA".to_string());
    }
    let sa_listed = !purchasing.without_sa
        && valid(purchasing, on).any(|e| e.licence_type == LicenceType::SoftwareAssurance);
    sa_listed.then(|| {
        "bought with SA: the price list offers SA for it, taken as the organisation's practice (an assumption)"
            .to_string()
    })
}

fn valid<'a>(
    purchasing: &'a Purchasing,
    on: NaiveDate,
) -> impl Iterator<Item = &'a PriceListEntry> + 'a {
    purchasing.price_list.iter().filter(move |entry| {
        &entry.product == purchasing.product
            && entry.pack_size > 0
            && entry.valid_from.is_none_or(|from| from <= on)
            && entry.valid_to.is_none_or(|to| on <= to)
    })
}

/// The yearly SA of a phase's purchase from the price list's SA entries: for each line, the SA
/// entry of its pack size (else the most recent one, scaled per right), × packs. `None` when the
/// list has no SA entry for the product, or a price cannot be had in the results' currency.
fn listed_yearly(purchasing: &Purchasing, phase: &PhasePurchase) -> Option<(Money, String)> {
    let entries: Vec<&PriceListEntry> = valid(purchasing, phase.on)
        .filter(|e| e.licence_type == LicenceType::SoftwareAssurance)
        .collect();
    let latest = entries.iter().max_by_key(|e| e.valid_from)?;
    let mut total = Money::zero(purchasing.currency);
    let mut parts = Vec::new();
    for line in &phase.lines {
        let entry = entries
            .iter()
            .find(|e| e.pack_size == line.pack_size)
            .unwrap_or(latest);
        let mut price = entry
            .price
            .checked_div(Decimal::from(entry.pack_size))
            .and_then(|per_right| per_right.checked_mul(Decimal::from(line.pack_size)))
            .ok()?
            .rounded();
        if price.currency != purchasing.currency {
            price = convert(price, purchasing.currency, phase.on, purchasing.rates)?.0;
        }
        let cost = price.checked_mul(Decimal::from(line.packs)).ok()?;
        total = total.checked_add(cost).ok()?;
        parts.push(format!(
            "{} × {}-pack at {} {} a year ({})",
            line.packs, line.pack_size, price.amount, price.currency, entry.source
        ));
    }
    Some((total, parts.join(" + ")))
}
