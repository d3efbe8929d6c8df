//! Property tests of money, the invariants the issue names: sums are exact, rounding happens
//! only where asked (to the currency's minor unit, half away from zero), currencies never mix,
//! and an amount out of range is an error, never a wrong figure or a panic.

use preflight_engine::budget::{Budget, BudgetLine, FiscalYear, Spend};
use preflight_engine::money::{ROUNDING, convert};
use preflight_engine::{Currency, ExchangeRate, Money, MoneyError, ProductId, Totals};
use proptest::prelude::*;
use rust_decimal::Decimal;

const CURRENCIES: [Currency; 5] = [
    Currency::USD,
    Currency::EUR,
    Currency::JPY,
    Currency::BHD,
    Currency::GBP,
];

/// An amount as a price list writes one: up to 12 whole digits and up to 4 decimals, either sign.
fn amount() -> impl Strategy<Value = Decimal> {
    (-9_999_999_999_999_999_i64..=9_999_999_999_999_999, 0u32..=4)
        .prop_map(|(units, scale)| Decimal::new(units, scale))
}

fn money() -> impl Strategy<Value = Money> {
    (amount(), prop::sample::select(CURRENCIES.to_vec()))
        .prop_map(|(amount, currency)| Money::new(amount, currency))
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261128),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Adding amounts of one currency is exact and order does not matter: no rounding on the way.
    #[test]
    fn sums_are_exact_in_any_order(amounts in prop::collection::vec(amount(), 1..20), seed in any::<u64>()) {
        let exact: Decimal = amounts.iter().copied().sum();
        let add = |amounts: &[Decimal]| {
            amounts.iter().try_fold(Money::zero(Currency::EUR), |sum, a| sum.checked_add(Money::new(*a, Currency::EUR)))
        };
        prop_assert_eq!(add(&amounts).map(|m| m.amount), Ok(exact));
        let mut shuffled = amounts.clone();
        let n = shuffled.len();
        shuffled.rotate_left((seed % n as u64) as usize);
        shuffled.reverse();
        prop_assert_eq!(add(&shuffled).map(|m| m.amount), Ok(exact));
        // Scale is kept, not rounded away: 0.0001 added stays visible.
        prop_assert_eq!(add(&[exact, Decimal::new(1, 4)]).map(|m| m.amount), Ok(exact + Decimal::new(1, 4)));
    }

    /// Two currencies never add; Totals keeps each currency's exact sum apart.
    #[test]
    fn currencies_never_mix(moneys in prop::collection::vec(money(), 1..30)) {
        let mut totals = Totals::default();
        for money in &moneys {
            totals.add(*money).unwrap();
        }
        for currency in CURRENCIES {
            let expected: Decimal = moneys.iter().filter(|m| m.currency == currency).map(|m| m.amount).sum();
            let found = totals.amounts().iter().find(|m| m.currency == currency);
            match found {
                Some(total) => prop_assert_eq!(total.amount, expected),
                None => prop_assert!(moneys.iter().all(|m| m.currency != currency)),
            }
        }
        for (a, b) in moneys.iter().zip(moneys.iter().skip(1)) {
            if a.currency != b.currency {
                prop_assert_eq!(a.checked_add(*b), Err(MoneyError::CurrencyMismatch(a.currency, b.currency)));
            }
        }
    }

    /// Rounding goes to the currency's minor unit, half away from zero, is within half a minor
    /// unit, and rounding again changes nothing.
    #[test]
    fn rounding_is_to_the_minor_unit_once(money in money()) {
        let rounded = money.rounded();
        let digits = money.currency.minor_digits();
        prop_assert!(rounded.amount.scale() <= digits.max(money.amount.scale()));
        prop_assert_eq!(rounded.amount, money.amount.round_dp_with_strategy(digits, ROUNDING));
        prop_assert_eq!(rounded.rounded(), rounded);
        let half = Decimal::new(5, digits + 1);
        prop_assert!((rounded.amount - money.amount).abs() <= half);
        prop_assert_eq!(rounded.currency, money.currency);
    }

    /// A conversion is the one rounding point: the result is the exact product rounded once.
    #[test]
    fn a_conversion_rounds_once(money in money(), rate in 1i64..10_000_000, scale in 0u32..=6) {
        let rate = Decimal::new(rate, scale);
        let to = if money.currency == Currency::USD { Currency::EUR } else { Currency::USD };
        let rates = [ExchangeRate { from: money.currency, to, rate, as_of: "2026-01-01".parse().unwrap(), source: "test".into() }];
        let (converted, _) = convert(money, to, "2026-06-01".parse().unwrap(), &rates).unwrap();
        let exact = money.amount * rate;
        prop_assert_eq!(converted.amount, exact.round_dp_with_strategy(to.minor_digits(), ROUNDING));
        prop_assert_eq!(converted.currency, to);
    }

    /// Near the end of Decimal's range a sum is an error, never a panic or a partial sum: in
    /// Money, in Totals and in the budget's years.
    #[test]
    fn out_of_range_is_an_error(extra in 1u64..1_000_000) {
        let huge = Money::new(Decimal::MAX - Decimal::from(extra) + Decimal::ONE, Currency::USD);
        let more = Money::new(Decimal::from(extra), Currency::USD);
        prop_assert_eq!(huge.checked_add(more), Err(MoneyError::Overflow));
        let mut totals = Totals::default();
        totals.add(huge).unwrap();
        prop_assert_eq!(totals.add(more), Err(MoneyError::Overflow));
        let year = FiscalYear { label: "FY2027".into(), first_day: "2027-01-01".parse().unwrap(), last_day: "2027-12-31".parse().unwrap() };
        let line = |amount| BudgetLine { fiscal_year: "FY2027".into(), product: ProductId("p".into()), spend: Spend::Capex, item: "licences".into(), amount };
        let budget = Budget { years: vec![year], lines: vec![line(huge), line(more)] };
        prop_assert_eq!(budget.year_totals(), Err(MoneyError::Overflow));
    }

    /// A split's parts sum exactly to the whole, each within one minor unit of its exact share
    /// (below it only by the rounding toward zero, never past it by more than the unit handed
    /// out), a zero weight gets nothing, and the same input always gives the same parts.
    #[test]
    fn a_split_sums_to_the_whole_and_each_part_is_within_a_unit_of_its_share(
        money in money(),
        weights in prop::collection::vec(0u64..10_000, 1..25),
    ) {
        prop_assume!(weights.iter().any(|&w| w > 0));
        let whole = money.rounded();
        let parts = whole.split(&weights).unwrap();
        prop_assert_eq!(parts.len(), weights.len());
        let sum: Decimal = parts.iter().map(|p| p.amount).sum();
        prop_assert_eq!(sum, whole.amount);
        let unit = Decimal::new(1, whole.currency.minor_digits());
        let total: u64 = weights.iter().sum();
        for (part, &weight) in parts.iter().zip(&weights) {
            prop_assert_eq!(part.currency, whole.currency);
            prop_assert_eq!(part.amount, part.amount.round_dp(whole.currency.minor_digits()));
            let exact = whole.amount * Decimal::from(weight) / Decimal::from(total);
            prop_assert!((part.amount - exact).abs() < unit, "{} vs exact {}", part.amount, exact);
            if weight == 0 {
                prop_assert!(part.amount.is_zero());
            }
        }
        prop_assert_eq!(whole.split(&weights).unwrap(), parts);
    }
}

/// Hand cases of the largest remainder method: 100.00 in three equal parts is 33.34 + 33.33 +
/// 33.33 (the first takes the cent left over on a tie); JPY 100 by 1:2 is 33 + 67 (exact shares
/// 33.33… and 66.66…: the larger remainder takes the yen); a negative amount splits the same way.
#[test]
fn a_split_gives_the_units_left_over_to_the_largest_remainders() {
    let usd = |s: &str| Money::new(s.parse().unwrap(), Currency::USD);
    let amounts =
        |parts: Vec<Money>| -> Vec<String> { parts.iter().map(|p| p.amount.to_string()).collect() };
    assert_eq!(
        amounts(usd("100.00").split(&[1, 1, 1]).unwrap()),
        ["33.34", "33.33", "33.33"]
    );
    assert_eq!(
        amounts(usd("-100.00").split(&[1, 1, 1]).unwrap()),
        ["-33.34", "-33.33", "-33.33"]
    );
    assert_eq!(
        amounts(usd("0.05").split(&[1, 0, 3]).unwrap()),
        ["0.01", "0.00", "0.04"]
    );
    let yen = Money::new(Decimal::from(100), Currency::JPY);
    assert_eq!(amounts(yen.split(&[1, 2]).unwrap()), ["33", "67"]);
    assert_eq!(usd("1.00").split(&[0, 0]), Err(MoneyError::NoWeights));
    assert_eq!(usd("1.00").split(&[]), Err(MoneyError::NoWeights));
    assert_eq!(
        usd("1.005").split(&[1, 1]),
        Err(MoneyError::NotWholeMinorUnits(
            "1.005".parse().unwrap(),
            Currency::USD
        ))
    );
}

/// The text the page formats for people (through `Intl.NumberFormat`, which reads a numeric
/// string exactly): every digit of the decimal, never a float's nearest value. As an f64,
/// 12345678901234567.89 is 12345678901234568.
#[test]
fn minor_units_text_keeps_every_digit_of_a_large_amount() {
    use rust_decimal::dec;
    let text = |amount: Decimal, currency| Money::new(amount, currency).minor_units_text();
    assert_eq!(
        text(dec!(12345678901234567.89), Currency::USD),
        "12345678901234567.89"
    );
    assert_eq!(
        text(dec!(-79228162514264337593543950.33), Currency::EUR),
        "-79228162514264337593543950.33"
    );
    // Padded to the minor digits; more digits rounded half away from zero, once.
    assert_eq!(text(dec!(2280000), Currency::USD), "2280000.00");
    assert_eq!(text(dec!(0.005), Currency::USD), "0.01");
    assert_eq!(text(dec!(-0.125), Currency::EUR), "-0.13");
    assert_eq!(text(dec!(1234.5), Currency::JPY), "1235");
    assert_eq!(text(dec!(5), Currency::BHD), "5.000");
}
