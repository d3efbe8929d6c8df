//! Money: an exact decimal amount in one ISO 4217 currency, and the one rounding strategy.
//!
//! Amounts are `rust_decimal::Decimal` and serialise as strings. There is no conversion from
//! floating point. Adding two currencies is an error, never a silent sum.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The single rounding strategy of the engine: half away from zero, to the currency's minor unit.
/// It is applied at named points only: each purchase line's total. Totals sum rounded lines.
pub const ROUNDING: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

macro_rules! currencies {
    ($($code:ident => $minor:expr),+ $(,)?) => {
        /// ISO 4217 currencies Preflight knows, each with its number of minor-unit digits.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub enum Currency { $($code),+ }

        impl Currency {
            /// Digits after the decimal point in the currency's minor unit (JPY 0, BHD 3).
            pub fn minor_digits(self) -> u32 {
                match self { $(Currency::$code => $minor),+ }
            }
            /// Every currency Preflight knows, in code order.
            pub const ALL: &'static [Currency] = &[$(Currency::$code),+];
            /// The three-letter ISO 4217 code.
            pub fn code(self) -> &'static str {
                match self { $(Currency::$code => stringify!($code)),+ }
            }
        }

        impl FromStr for Currency {
            type Err = MoneyError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text.trim().to_ascii_uppercase().as_str() {
                    $(stringify!($code) => Ok(Currency::$code),)+
                    _ => Err(MoneyError::UnknownCurrency(text.trim().to_string())),
                }
            }
        }
    };
}

currencies! {
    AUD => 2, BHD => 3, BRL => 2, CAD => 2, CHF => 2, CNY => 2, CZK => 2, DKK => 2, EUR => 2,
    GBP => 2, HKD => 2, HUF => 2, INR => 2, JOD => 3, JPY => 0, KRW => 0, KWD => 3, MXN => 2,
    NOK => 2, NZD => 2, OMR => 3, PLN => 2, SEK => 2, SGD => 2, TND => 3, USD => 2, ZAR => 2,
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("unknown currency code {0:?} (expected an ISO 4217 code such as EUR or USD)")]
    UnknownCurrency(String),
    #[error("cannot add {0} and {1}: amounts in different currencies need an exchange rate")]
    CurrencyMismatch(Currency, Currency),
    #[error("amount out of range")]
    Overflow,
    #[error("nothing to split by: the weights are empty or all zero")]
    NoWeights,
    #[error(
        "{0} {1} is not a whole number of the currency's minor unit: round it before splitting"
    )]
    NotWholeMinorUnits(Decimal, Currency),
}

/// An exact amount of one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Money {
    pub amount: Decimal,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Self { amount, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self::new(Decimal::ZERO, currency)
    }

    /// Sum of two amounts of the same currency.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// This amount times an exact factor, unrounded.
    pub fn checked_mul(self, factor: Decimal) -> Result<Money, MoneyError> {
        let amount = self
            .amount
            .checked_mul(factor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// This amount divided by an exact divisor, unrounded (28 significant digits).
    pub fn checked_div(self, divisor: Decimal) -> Result<Money, MoneyError> {
        let amount = self
            .amount
            .checked_div(divisor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// Splits this amount into parts proportional to `weights`, each a whole number of the
    /// currency's minor unit, that sum exactly to it (the largest remainder method): each part's
    /// exact share rounded toward zero, then the minor units left over given one each to the
    /// parts with the largest remainders, the earlier part first on a tie. A part of weight zero
    /// is zero. The amount must already be in whole minor units (round it first: splitting is
    /// not a rounding point); no weights, or weights summing to zero, are an error.
    pub fn split(self, weights: &[u64]) -> Result<Vec<Money>, MoneyError> {
        let total: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        if total == 0 {
            return Err(MoneyError::NoWeights);
        }
        let minor = self.currency.minor_digits();
        let scaled = self
            .amount
            .checked_mul(Decimal::from(10u64.pow(minor)))
            .ok_or(MoneyError::Overflow)?;
        if !scaled.fract().is_zero() {
            return Err(MoneyError::NotWholeMinorUnits(self.amount, self.currency));
        }
        // |units| < 2^96 (a Decimal's mantissa), weights < 2^64 each: the products fit in u128
        // only after checking.
        let scaled = scaled.normalize();
        let units: u128 = (scaled.mantissa().unsigned_abs())
            .checked_div(10u128.pow(scaled.scale()))
            .ok_or(MoneyError::Overflow)?;
        let negative = scaled.is_sign_negative();
        let mut parts = Vec::with_capacity(weights.len());
        let mut given: u128 = 0;
        for &weight in weights {
            let exact = units
                .checked_mul(u128::from(weight))
                .ok_or(MoneyError::Overflow)?;
            parts.push((exact / total, exact % total));
            given += exact / total;
        }
        let order = crate::order::positions(parts.len(), &mut |a, b| {
            parts[b].1.cmp(&parts[a].1).then(a.cmp(&b))
        });
        for &index in order.iter().take((units - given) as usize) {
            parts[index].0 += 1;
        }
        parts
            .into_iter()
            .map(|(units, _)| {
                let units = i128::try_from(units).map_err(|_| MoneyError::Overflow)?;
                let units = if negative { -units } else { units };
                let amount = Decimal::try_from_i128_with_scale(units, minor)
                    .map_err(|_| MoneyError::Overflow)?;
                Ok(Money::new(amount, self.currency))
            })
            .collect()
    }

    /// The amount as exact decimal text with the currency's minor digits ("12345678901234567.89",
    /// "-5.000" for BHD), rounded with [`ROUNDING`] when it has more: no grouping, "." as the
    /// point. The page hands this text to the browser's `Intl.NumberFormat` (which formats a
    /// numeric string exactly), so an amount never passes through floating point on its way to
    /// the screen.
    pub fn minor_units_text(&self) -> String {
        let digits = self.currency.minor_digits() as usize;
        format!("{:.*}", digits, self.rounded().amount)
    }

    /// Rounded to the currency's minor unit with [`ROUNDING`].
    pub fn rounded(self) -> Money {
        let amount = self
            .amount
            .round_dp_with_strategy(self.currency.minor_digits(), ROUNDING);
        Money::new(amount, self.currency)
    }
}

/// A dated exchange rate with its source: 1 `from` = `rate` `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExchangeRate {
    pub from: Currency,
    pub to: Currency,
    pub rate: Decimal,
    /// The day the rate was fixed; it applies from then until a later rate.
    pub as_of: chrono::NaiveDate,
    /// Where it comes from, e.g. "ECB reference rate" or "Finance budget rate FY2027".
    pub source: String,
}

/// Converts `money` into `to` with the latest rate fixed on or before `on` (a rate given the other
/// way round is inverted), rounded to the target's minor unit: the one rounding point of a
/// conversion. `None` when no rate applies.
pub fn convert(
    money: Money,
    to: Currency,
    on: chrono::NaiveDate,
    rates: &[ExchangeRate],
) -> Option<(Money, &ExchangeRate)> {
    if money.currency == to {
        return None;
    }
    let rate = rates
        .iter()
        .filter(|rate| rate.as_of <= on && rate.rate > Decimal::ZERO)
        .filter(|rate| {
            (rate.from, rate.to) == (money.currency, to)
                || (rate.from, rate.to) == (to, money.currency)
        })
        .max_by_key(|rate| (rate.as_of, rate.from == money.currency))?;
    let amount = if rate.from == money.currency {
        money.amount.checked_mul(rate.rate)?
    } else {
        money.amount.checked_div(rate.rate)?
    };
    Some((Money::new(amount, to).rounded(), rate))
}

/// Amounts kept apart by currency, so a total never mixes currencies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals(Vec<Money>);

impl Totals {
    pub fn add(&mut self, money: Money) -> Result<(), MoneyError> {
        match self.0.iter_mut().find(|m| m.currency == money.currency) {
            Some(total) => *total = total.checked_add(money)?,
            None => {
                self.0.push(money);
                crate::order::sort_by_key(&mut self.0, |m| m.currency);
            }
        }
        Ok(())
    }

    pub fn amounts(&self) -> &[Money] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn currency_codes_parse_case_insensitively_and_unknown_codes_fail() {
        assert_eq!("eur".parse::<Currency>(), Ok(Currency::EUR));
        assert_eq!(" USD ".parse::<Currency>(), Ok(Currency::USD));
        assert_eq!(
            "EURO".parse::<Currency>(),
            Err(MoneyError::UnknownCurrency("EURO".into()))
        );
    }

    #[test]
    fn adding_two_currencies_is_an_error() {
        let eur = Money::new(dec!(1), Currency::EUR);
        let usd = Money::new(dec!(1), Currency::USD);
        assert_eq!(
            eur.checked_add(usd),
            Err(MoneyError::CurrencyMismatch(Currency::EUR, Currency::USD))
        );
    }

    #[test]
    fn rounding_uses_each_currency_minor_unit_half_away_from_zero() {
        let cases = [
            (dec!(10.005), Currency::EUR, dec!(10.01)),
            (dec!(10.004), Currency::EUR, dec!(10.00)),
            (dec!(-10.005), Currency::EUR, dec!(-10.01)),
            (dec!(100.5), Currency::JPY, dec!(101)),
            (dec!(1.0005), Currency::BHD, dec!(1.001)),
        ];
        for (amount, currency, expect) in cases {
            assert_eq!(
                Money::new(amount, currency).rounded().amount,
                expect,
                "{amount} {currency}"
            );
        }
    }

    #[test]
    fn conversion_uses_the_latest_rate_in_force_either_way_round_and_rounds_once() {
        let date = |text: &str| text.parse::<chrono::NaiveDate>().unwrap();
        let rate = |from, to, rate, as_of| ExchangeRate {
            from,
            to,
            rate,
            as_of: date(as_of),
            source: "test".into(),
        };
        let rates = [
            rate(Currency::EUR, Currency::USD, dec!(1.10), "2026-01-01"),
            rate(Currency::EUR, Currency::USD, dec!(1.08), "2026-06-01"),
            rate(Currency::USD, Currency::GBP, dec!(0.80), "2026-01-01"),
        ];
        let eur = Money::new(dec!(100.00), Currency::EUR);
        let converted =
            |money, to, on| convert(money, to, date(on), &rates).map(|(m, r)| (m.amount, r.rate));
        assert_eq!(
            converted(eur, Currency::USD, "2026-03-01"),
            Some((dec!(110.00), dec!(1.10)))
        );
        assert_eq!(
            converted(eur, Currency::USD, "2026-11-28"),
            Some((dec!(108.00), dec!(1.08)))
        );
        assert_eq!(converted(eur, Currency::USD, "2025-12-31"), None);
        // GBP 100 at 0.80 USD→GBP: 125.00 USD, inverted.
        assert_eq!(
            converted(
                Money::new(dec!(100), Currency::GBP),
                Currency::USD,
                "2026-03-01"
            ),
            Some((dec!(125.00), dec!(0.80)))
        );
        // 10 USD → JPY has no rate.
        assert_eq!(
            converted(
                Money::new(dec!(10), Currency::USD),
                Currency::JPY,
                "2026-03-01"
            ),
            None
        );
        // 1 USD at 1/3 → rounded once to the cent.
        let thirds = [rate(Currency::GBP, Currency::USD, dec!(3), "2026-01-01")];
        assert_eq!(
            convert(
                Money::new(dec!(1), Currency::USD),
                Currency::GBP,
                date("2026-02-01"),
                &thirds
            )
            .unwrap()
            .0
            .amount,
            dec!(0.33)
        );
    }

    #[test]
    fn totals_keep_currencies_apart() {
        let mut totals = Totals::default();
        totals.add(Money::new(dec!(2.50), Currency::USD)).unwrap();
        totals.add(Money::new(dec!(1.25), Currency::EUR)).unwrap();
        totals.add(Money::new(dec!(0.50), Currency::USD)).unwrap();
        assert_eq!(
            totals.amounts(),
            &[
                Money::new(dec!(1.25), Currency::EUR),
                Money::new(dec!(3.00), Currency::USD)
            ]
        );
    }

    #[test]
    fn money_serialises_amount_as_a_string() {
        let json = serde_json::to_string(&Money::new(dec!(0.10), Currency::EUR)).unwrap();
        assert_eq!(json, r#"{"amount":"0.10","currency":"EUR"}"#);
    }
}
