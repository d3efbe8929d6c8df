//! Break-even: buying licences outright (with their support or Software Assurance) against
//! subscribing, as cumulative cost at the end of each fiscal year of the horizon.

use serde::{Deserialize, Serialize};

use crate::budget::Budget;
use crate::money::{Currency, Money};

/// What each way of buying has cost by the end of one fiscal year, since the project started.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakEvenYear {
    pub fiscal_year: String,
    /// Licences and their support or SA, summed to the end of this year.
    pub licences: Money,
    /// Subscriptions, summed to the end of this year.
    pub subscriptions: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakEven {
    pub years: Vec<BreakEvenYear>,
    /// The first fiscal year from whose end to the horizon's, buying licences has cost no more
    /// than subscribing; `None`: not within the horizon.
    pub year: Option<String>,
}

/// The two budgets side by side, year by year. `None` when they cover different years, or a
/// line is in another currency than `currency`, or a sum is out of range: no figure is better
/// than a wrong one.
pub fn break_even(
    licences: &Budget,
    subscriptions: &Budget,
    currency: Currency,
) -> Option<BreakEven> {
    if licences.years != subscriptions.years {
        return None;
    }
    let cumulative = |budget: &Budget| -> Option<Vec<Money>> {
        let mut so_far = Money::zero(currency);
        let mut sums = Vec::new();
        for year in &budget.years {
            for line in budget.lines.iter().filter(|l| l.fiscal_year == year.label) {
                if line.amount.currency != currency {
                    return None;
                }
                so_far = so_far.checked_add(line.amount).ok()?;
            }
            sums.push(so_far);
        }
        Some(sums)
    };
    let (bought, subscribed) = (cumulative(licences)?, cumulative(subscriptions)?);
    let years: Vec<BreakEvenYear> = licences
        .years
        .iter()
        .zip(bought.into_iter().zip(subscribed))
        .map(|(year, (licences, subscriptions))| BreakEvenYear {
            fiscal_year: year.label.clone(),
            licences,
            subscriptions,
        })
        .collect();
    // The first year after the last one in which licences still cost more.
    let dearer = years
        .iter()
        .rposition(|y| y.licences.amount > y.subscriptions.amount);
    let from = dearer.map_or(0, |last| last + 1);
    let year = years.get(from).map(|y| y.fiscal_year.clone());
    Some(BreakEven { years, year })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{BudgetLine, FiscalYear, Spend};
    use crate::catalogue::ProductId;
    use rust_decimal::Decimal;

    fn budget(amounts: &[(&str, i64)]) -> Budget {
        let years = (2027..2030)
            .map(|y| FiscalYear {
                label: format!("FY{y}"),
                first_day: chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
                last_day: chrono::NaiveDate::from_ymd_opt(y, 12, 31).unwrap(),
            })
            .collect();
        let lines = amounts
            .iter()
            .map(|(year, amount)| BudgetLine {
                fiscal_year: year.to_string(),
                product: ProductId("p".into()),
                spend: Spend::Opex,
                item: "x".into(),
                amount: Money::new(Decimal::from(*amount), Currency::EUR),
            })
            .collect();
        Budget { years, lines }
    }

    #[test]
    fn the_break_even_is_the_first_year_from_which_licences_stay_no_dearer() {
        let cases = [
            // 100 once against 40 a year: 100/40, 100/80, 100/120.
            (vec![("FY2027", 100)], "FY2029"),
            // Equal counts as even: 80 against 40 a year is even at the end of FY2028.
            (vec![("FY2027", 80)], "FY2028"),
            // Cheaper from the start.
            (vec![("FY2027", 30)], "FY2027"),
            // Cheaper at first, then dearer with 50 a year of SA: 30/40, 80/80, 130/120.
            (vec![("FY2027", 30), ("FY2028", 50), ("FY2029", 50)], "none"),
        ];
        let subscriptions = budget(&[("FY2027", 40), ("FY2028", 40), ("FY2029", 40)]);
        for (licences, expect) in cases {
            let found = break_even(&budget(&licences), &subscriptions, Currency::EUR).unwrap();
            assert_eq!(
                found.year.as_deref().unwrap_or("none"),
                expect,
                "{licences:?}"
            );
        }
        // A line in another currency gives no figure.
        assert_eq!(
            break_even(&subscriptions, &subscriptions, Currency::USD),
            None
        );
    }
}
