//! Licence-included cloud charges: an instance that may not bring its own licence (Windows Server
//! on a Listed Provider's shared hardware, or on a dedicated host without licences bought before
//! the cut-off) runs on the provider's licence-included price. The workbook's rate per vCPU and
//! month prices it as a yearly recurring (opex) line from the instance's go-live.

use rust_decimal::Decimal;

use crate::budget::{Budget, add_recurring};
use crate::catalogue::Product;
use crate::derivation::Step;
use crate::finding::{Finding, Risk};
use crate::licensing::LicenceIncluded;
use crate::money::{Currency, ExchangeRate, Money, convert};
use crate::workbook::LicenceIncludedRate;

/// What licence-included charges are priced from.
pub struct Rates<'a> {
    pub rates: &'a [LicenceIncludedRate],
    pub currency: Currency,
    pub exchange: &'a [ExchangeRate],
}

/// Prices each charge of the product from the rates, into the budget and the derivation; a
/// charge without a rate is a finding (the budget cannot hold it).
pub fn add_charges(
    rates: &Rates,
    product: &Product,
    charges: &[LicenceIncluded],
    budget: &mut Budget,
    derivation: &mut Vec<Step>,
    findings: &mut Vec<Finding>,
) {
    for charge in charges {
        let rate = rates
            .rates
            .iter()
            .filter(|r| r.product == product.id && r.provider == charge.provider)
            .filter(|r| {
                r.valid_from.is_none_or(|from| from <= charge.on)
                    && r.valid_to.is_none_or(|to| charge.on <= to)
            })
            .max_by_key(|r| r.valid_from);
        let per_vcpu_month = rate.and_then(|r| {
            if r.per_vcpu_month.currency == rates.currency {
                Some(r.per_vcpu_month)
            } else {
                convert(r.per_vcpu_month, rates.currency, charge.on, rates.exchange).map(|c| c.0)
            }
        });
        let yearly = per_vcpu_month.and_then(|price| {
            price
                .checked_mul(Decimal::from(charge.vcpus) * Decimal::from(12))
                .ok()
                .map(Money::rounded)
        });
        derivation.push(Step::LicenceIncluded {
            instance: charge.instance.clone(),
            vcpus: charge.vcpus,
            per_vcpu_month,
            source: rate.map(|r| r.source.clone()),
            yearly,
            rule: charge.rule.clone(),
        });
        match yearly {
            Some(yearly) => {
                let item = format!(
                    "licence included on {} ({}: {} vCPU × 12 months, {})",
                    charge.provider_name(),
                    charge.instance,
                    charge.vcpus,
                    charge.rule
                );
                add_recurring(budget, &product.id, charge.on, &item, yearly, findings);
            }
            None => {
                let finding = Finding::Rule {
                    product: product.id.clone(),
                    subject: charge.instance.clone(),
                    risk: Risk::LicenceIncluded,
                    rule: charge.rule.clone(),
                };
                if !findings.contains(&finding) {
                    findings.push(finding);
                }
            }
        }
    }
}
