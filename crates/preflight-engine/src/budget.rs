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
use crate::money::{Money, MoneyError, Totals};
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

/// One fiscal year's spend, summed by kind and kept apart by currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YearTotals {
    /// "FY2027".
    pub label: String,
    pub capex: Totals,
    pub opex: Totals,
    pub total: Totals,
}

impl Budget {
    /// Each fiscal year of the horizon, in order, with its one-off, recurring and total spend.
    /// `Err` when a sum is out of `Decimal`'s range: a figure is exact or not given, never a
    /// sum that left a line out.
    pub fn year_totals(&self) -> Result<Vec<YearTotals>, MoneyError> {
        self.years
            .iter()
            .map(|year| {
                let mut totals = YearTotals {
                    label: year.label.clone(),
                    ..YearTotals::default()
                };
                for line in self.lines.iter().filter(|l| l.fiscal_year == year.label) {
                    match line.spend {
                        Spend::Capex => totals.capex.add(line.amount)?,
                        Spend::Opex => totals.opex.add(line.amount)?,
                    }
                    totals.total.add(line.amount)?;
                }
                Ok(totals)
            })
            .collect()
    }
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

/// When a purchase of `product` needed on `needed` is paid: at the next true-up of the agreement
/// the product's lines were bought under (more of it is bought under the same agreement), when
/// they name exactly one agreement with a true-up; else on `needed`. Lines under several such
/// agreements are a finding, and the purchase stays on `needed`, the earliest it could be paid.
pub fn paid_on(
    product: &ProductId,
    lines: &[&crate::entitlement::Entitlement],
    needed: NaiveDate,
    findings: &mut Vec<Finding>,
    derivation: &mut Vec<crate::derivation::Step>,
) -> NaiveDate {
    let mut agreements: Vec<&crate::agreement::Agreement> = lines
        .iter()
        .filter_map(|line| line.agreement.as_ref())
        .filter(|agreement| agreement.true_up.is_some())
        .collect();
    crate::order::sort_by(&mut agreements, |a, b| {
        (&a.name, a.true_up).cmp(&(&b.name, b.true_up))
    });
    agreements.dedup();
    match agreements.as_slice() {
        [] => needed,
        [agreement] => {
            let paid = agreement.next_true_up(needed).unwrap_or(needed);
            derivation.push(crate::derivation::Step::TrueUp {
                agreement: format!("{} {}", agreement.kind, agreement.name),
                needed,
                paid,
            });
            paid
        }
        several => {
            let finding = Finding::AgreementsDisagree {
                product: product.clone(),
                agreements: several.iter().map(|a| a.name.clone()).collect(),
            };
            if !findings.contains(&finding) {
                findings.push(finding);
            }
            needed
        }
    }
}

/// Adds one purchase to the budget: the licences in the fiscal year of `on`, then support on
/// them for that year (if bought with the licences) and each later year of the horizon, under the
/// vendor's terms (`support`: a publisher's support, or its SA rate; SA priced from the price list
/// is added apart with `add_recurring`). A purchase after the horizon is a finding.
#[allow(clippy::too_many_arguments)]
pub fn add_purchase(
    budget: &mut Budget,
    product: &ProductId,
    on: NaiveDate,
    licences: Money,
    buy: crate::workbook::Buy,
    support: Option<&SupportTerms>,
    findings: &mut Vec<Finding>,
) {
    if buy == crate::workbook::Buy::Subscriptions {
        // A year's subscription, paid in the year it starts and every year of the horizon after.
        add_recurring(
            budget,
            product,
            on,
            "subscription (a year)",
            licences,
            findings,
        );
        return;
    }
    let Some(first) = year_of(budget, product, on, findings) else {
        return;
    };
    budget.lines.push(BudgetLine {
        fiscal_year: budget.years[first].label.clone(),
        product: product.clone(),
        spend: Spend::Capex,
        item: "licences".into(),
        amount: licences,
    });
    let Some(terms) = support else {
        return;
    };
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

/// The index of the fiscal year of the horizon that holds `on`; after the horizon, a finding.
fn year_of(
    budget: &Budget,
    product: &ProductId,
    on: NaiveDate,
    findings: &mut Vec<Finding>,
) -> Option<usize> {
    let first = budget
        .years
        .iter()
        .position(|year| year.first_day <= on && on <= year.last_day);
    if first.is_none() {
        findings.push(Finding::OutsideHorizon {
            product: product.clone(),
            on,
        });
    }
    first
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
    let Some(first) = year_of(budget, product, from, findings) else {
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

    fn line(year: &str, spend: Spend, amount: Money) -> BudgetLine {
        BudgetLine {
            fiscal_year: year.into(),
            product: ProductId("p".into()),
            spend,
            item: "licences".into(),
            amount,
        }
    }

    #[test]
    fn year_totals_sum_each_year_by_kind_and_currency() {
        use crate::money::Currency::{EUR, USD};
        use rust_decimal::dec;
        let budget = Budget {
            years: fiscal_years(
                FiscalSettings {
                    start_month: 1,
                    horizon_years: 2,
                },
                "2026-11-28".parse().unwrap(),
            ),
            lines: vec![
                line("FY2026", Spend::Capex, Money::new(dec!(100.10), USD)),
                line("FY2026", Spend::Opex, Money::new(dec!(22.02), USD)),
                line("FY2026", Spend::Capex, Money::new(dec!(0.90), USD)),
                line("FY2026", Spend::Opex, Money::new(dec!(5), EUR)),
            ],
        };
        let totals = budget.year_totals().unwrap();
        let text = |t: &Totals| {
            t.amounts()
                .iter()
                .map(|m| format!("{} {}", m.currency, m.amount))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let shown: Vec<_> = totals
            .iter()
            .map(|y| {
                format!(
                    "{}: {} | {} | {}",
                    y.label,
                    text(&y.capex),
                    text(&y.opex),
                    text(&y.total)
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "FY2026: USD 101.00 | EUR 5 + USD 22.02 | EUR 5 + USD 123.02",
                "FY2027:  |  | "
            ]
        );
    }

    #[test]
    fn a_year_whose_sum_is_out_of_range_is_an_error_not_a_partial_sum() {
        use crate::money::Currency::USD;
        let huge = Money::new(Decimal::MAX / Decimal::TWO + Decimal::ONE, USD);
        let budget = Budget {
            years: fiscal_years(
                FiscalSettings {
                    start_month: 1,
                    horizon_years: 1,
                },
                "2027-01-04".parse().unwrap(),
            ),
            lines: vec![
                line("FY2027", Spend::Capex, huge),
                line("FY2027", Spend::Opex, huge),
            ],
        };
        assert_eq!(budget.year_totals(), Err(MoneyError::Overflow));
    }
}
