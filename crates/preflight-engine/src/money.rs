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

    /// Rounded to the currency's minor unit with [`ROUNDING`].
    pub fn rounded(self) -> Money {
        let amount = self
            .amount
            .round_dp_with_strategy(self.currency.minor_digits(), ROUNDING);
        Money::new(amount, self.currency)
    }
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
                self.0.sort_by_key(|m| m.currency);
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
