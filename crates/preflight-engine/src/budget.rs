//! The budget: what the project costs in each fiscal year of its horizon, one-off and recurring.
//!
//! Fiscal years are named after the calendar year they end in (a year from July 2026 to June 2027
//! is FY2027); with a January start, the fiscal year is the calendar year. Licences bought
//! outright are one-off (capex) in the fiscal year the deployment starts; support or maintenance
//! on them is recurring (opex), from the vendor's terms in the rule pack.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::finding::Finding;
use crate::money::Money;
use crate::rules::SupportTerms;
use crate::workbook::FiscalSettings;

/// One fiscal year of the horizon.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiscalYear {
    /// "FY2027".
    pub label: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Spend {
    /// One-off: licences bought outright.
    Capex,
    /// Recurring: support, maintenance, subscriptions.
    Opex,
}

/// One amount in one fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub fiscal_year: String,
    pub product: ProductId,
    pub spend: Spend,
    /// What the amount is for, e.g. "licences", "support (22% of net licence price)".
    pub item: String,
    pub amount: Money,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub years: Vec<FiscalYear>,
    pub lines: Vec<BudgetLine>,
}

/// The fiscal years of the horizon, starting with the one that holds `start`.
pub fn fiscal_years(settings: FiscalSettings, start: NaiveDate) -> Vec<FiscalYear> {
    let month = settings.start_month.clamp(1, 12);
    let first_year = if start.month() >= month {
        start.year()
    } else {
        start.year() - 1
    };
    (0..settings.horizon_years.max(1) as i32)
        .filter_map(|i| {
            let first_day = NaiveDate::from_ymd_opt(first_year + i, month, 1)?;
            let next = NaiveDate::from_ymd_opt(first_year + i + 1, month, 1)?;
            let last_day = next.pred_opt()?;
            Some(FiscalYear {
                label: format!("FY{}", last_day.year()),
                first_day,
                last_day,
            })
        })
        .collect()
}

/// Adds one purchase to the budget: the licences in the fiscal year of `on`, then support on
/// them for that year (if bought with the licences) and each later year of the horizon, under the
/// vendor's terms when the pack has them. A purchase after the horizon is a finding.
pub fn add_purchase(
    budget: &mut Budget,
    product: &ProductId,
    on: NaiveDate,
    licences: Money,
    buy: crate::workbook::Buy,
    support: Option<&SupportTerms>,
    findings: &mut Vec<Finding>,
) {
    let Some(first) = budget
        .years
        .iter()
        .position(|year| year.first_day <= on && on <= year.last_day)
    else {
        findings.push(Finding::OutsideHorizon {
            product: product.clone(),
            on,
        });
        return;
    };
    if buy == crate::workbook::Buy::Subscriptions {
        // A year's subscription, paid in the year it starts and every year of the horizon after.
        let years: Vec<String> = budget.years[first..]
            .iter()
            .map(|y| y.label.clone())
            .collect();
        for label in years {
            budget.lines.push(BudgetLine {
                fiscal_year: label,
                product: product.clone(),
                spend: Spend::Opex,
                item: "subscription (a year)".into(),
                amount: licences,
            });
        }
        return;
    }
    budget.lines.push(BudgetLine {
        fiscal_year: budget.years[first].label.clone(),
        product: product.clone(),
        spend: Spend::Capex,
        item: "licences".into(),
        amount: licences,
    });
    let Some(terms) = support else { return };
    let mut rate = terms.annual_rate;
    let years: Vec<String> = budget.years[first..]
        .iter()
        .map(|year| year.label.clone())
        .collect();
    for (index, label) in years.into_iter().enumerate() {
        if index == 0 && !terms.first_year_in_purchase_year {
            continue;
        }
        if index > 0 {
            rate *= Decimal::ONE + terms.yearly_uplift;
        }
        match licences.checked_mul(rate) {
            Ok(amount) => budget.lines.push(BudgetLine {
                fiscal_year: label,
                product: product.clone(),
                spend: Spend::Opex,
                item: format!(
                    "support ({}% of net licence price, {})",
                    (rate * Decimal::ONE_HUNDRED).normalize(),
                    terms.rule
                ),
                amount: amount.rounded(),
            }),
            Err(_) => findings.push(Finding::CostOverflow {
                product: product.clone(),
            }),
        }
    }
}

/// Adds a yearly amount as recurring (opex) in the fiscal year that holds `from` and each later
/// year of the horizon: Software Assurance priced from the price list, a cloud provider's
/// licence-included charge. A start after the horizon is a finding.
pub fn add_recurring(
    budget: &mut Budget,
    product: &ProductId,
    from: NaiveDate,
    item: &str,
    yearly: Money,
    findings: &mut Vec<Finding>,
) {
    let Some(first) = budget
        .years
        .iter()
        .position(|year| year.first_day <= from && from <= year.last_day)
    else {
        findings.push(Finding::OutsideHorizon {
            product: product.clone(),
            on: from,
        });
        return;
    };
    let years: Vec<String> = budget.years[first..]
        .iter()
        .map(|y| y.label.clone())
        .collect();
    for label in years {
        budget.lines.push(BudgetLine {
            fiscal_year: label,
            product: product.clone(),
            spend: Spend::Opex,
            item: item.to_string(),
            amount: yearly,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(start_month: u32, start: &str) -> Vec<String> {
        let settings = FiscalSettings {
            start_month,
            horizon_years: 3,
        };
        fiscal_years(settings, start.parse().unwrap())
            .into_iter()
            .map(|y| format!("{} {}..{}", y.label, y.first_day, y.last_day))
            .collect()
    }

    #[test]
    fn fiscal_years_are_named_after_the_year_they_end_in() {
        assert_eq!(
            years(1, "2026-11-28"),
            [
                "FY2026 2026-01-01..2026-12-31",
                "FY2027 2027-01-01..2027-12-31",
                "FY2028 2028-01-01..2028-12-31"
            ]
        );
        assert_eq!(
            years(7, "2026-11-28"),
            [
                "FY2027 2026-07-01..2027-06-30",
                "FY2028 2027-07-01..2028-06-30",
                "FY2029 2028-07-01..2029-06-30"
            ]
        );
        assert_eq!(
            years(7, "2026-06-30"),
            [
                "FY2026 2025-07-01..2026-06-30",
                "FY2027 2026-07-01..2027-06-30",
                "FY2028 2027-07-01..2028-06-30"
            ]
        );
        // A February year end in a leap year.
        assert_eq!(years(3, "2027-12-01")[0], "FY2028 2027-03-01..2028-02-29");
    }
}
