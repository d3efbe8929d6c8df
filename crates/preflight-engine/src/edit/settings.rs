//! The workbook settings the page edits: currency, fiscal calendar, horizon and exchange rates.
//! Each takes the text as typed and either changes the settings or says why not, changing
//! nothing.

use rust_decimal::Decimal;

use super::{EditError, parse_date};
use crate::money::{Currency, ExchangeRate};
use crate::workbook::Settings;

/// The longest budget horizon, in fiscal years.
pub const MAX_HORIZON: u32 = 15;

pub fn set_currency(settings: &mut Settings, text: &str) -> Result<(), EditError> {
    settings.currency = text
        .parse::<Currency>()
        .map_err(|_| EditError::UnknownCurrency(text.trim().to_string()))?;
    Ok(())
}

pub fn set_fiscal_start(settings: &mut Settings, text: &str) -> Result<(), EditError> {
    settings.fiscal.start_month = whole(text, "the fiscal year's first month", 12)?;
    Ok(())
}

pub fn set_horizon(settings: &mut Settings, text: &str) -> Result<(), EditError> {
    settings.fiscal.horizon_years = whole(text, "the horizon in fiscal years", MAX_HORIZON)?;
    Ok(())
}

fn whole(text: &str, what: &'static str, max: u32) -> Result<u32, EditError> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or(EditError::NotInRange { what, max })
}

/// An exchange rate as typed: 1 `from` = `rate` `to`, fixed on `as_of`, with its source.
pub struct RateText<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub rate: &'a str,
    pub as_of: &'a str,
    pub source: &'a str,
}

/// Reads a typed exchange rate: known currencies that differ, a positive exact rate, a date and
/// a source (a rate with no source cannot be checked later).
pub fn parse_rate(text: &RateText) -> Result<ExchangeRate, EditError> {
    let currency = |code: &str| {
        code.parse::<Currency>()
            .map_err(|_| EditError::UnknownCurrency(code.trim().to_string()))
    };
    let (from, to) = (currency(text.from)?, currency(text.to)?);
    if from == to {
        return Err(EditError::SameCurrency(from));
    }
    let rate = text
        .rate
        .trim()
        .parse::<Decimal>()
        .ok()
        .filter(|rate| *rate > Decimal::ZERO)
        .ok_or_else(|| EditError::NotARate(text.rate.trim().to_string()))?;
    let as_of = parse_date(text.as_of)?.ok_or(EditError::NoDate)?;
    let source = text.source.trim();
    if source.is_empty() {
        return Err(EditError::NoSource);
    }
    Ok(ExchangeRate {
        from,
        to,
        rate,
        as_of,
        source: source.to_string(),
    })
}

/// Adds a rate; one for the same pair and date replaces it (a corrected rate, not a second one).
pub fn add_rate(settings: &mut Settings, rate: ExchangeRate) {
    settings
        .exchange_rates
        .retain(|r| !(r.from == rate.from && r.to == rate.to && r.as_of == rate.as_of));
    settings.exchange_rates.push(rate);
}

pub fn remove_rate(settings: &mut Settings, index: usize) {
    if index < settings.exchange_rates.len() {
        settings.exchange_rates.remove(index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::Deployment;
    use crate::workbook::Workbook;

    fn settings() -> Settings {
        Workbook::new(Currency::USD, Deployment::default()).settings
    }

    #[test]
    fn a_bad_value_is_refused_and_changes_nothing() {
        let mut s = settings();
        assert_eq!(
            set_currency(&mut s, "XYZ").unwrap_err().to_string(),
            "\"XYZ\" is not a currency Preflight knows (an ISO 4217 code such as EUR)"
        );
        assert_eq!(s.currency, Currency::USD);
        set_currency(&mut s, " eur ").unwrap();
        assert_eq!(s.currency, Currency::EUR);
        for bad in ["0", "13", "x", ""] {
            assert!(set_fiscal_start(&mut s, bad).is_err(), "{bad}");
        }
        set_fiscal_start(&mut s, "7").unwrap();
        assert_eq!(s.fiscal.start_month, 7);
        assert_eq!(
            set_horizon(&mut s, "16").unwrap_err().to_string(),
            "the horizon in fiscal years must be a whole number from 1 to 15"
        );
        set_horizon(&mut s, "5").unwrap();
        assert_eq!(s.fiscal.horizon_years, 5);
    }

    #[test]
    fn a_rate_needs_two_currencies_a_positive_rate_a_date_and_a_source() {
        let text = |from, to, rate, as_of, source| RateText {
            from,
            to,
            rate,
            as_of,
            source,
        };
        let ok = parse_rate(&text("EUR", "USD", "1.0842", "2026-11-01", "ECB")).unwrap();
        assert_eq!(ok.rate, "1.0842".parse::<Decimal>().unwrap());
        assert!(matches!(
            parse_rate(&text("EUR", "EUR", "1", "2026-11-01", "x")),
            Err(EditError::SameCurrency(Currency::EUR))
        ));
        assert!(matches!(
            parse_rate(&text("EUR", "USD", "-1", "2026-11-01", "x")),
            Err(EditError::NotARate(_))
        ));
        assert!(matches!(
            parse_rate(&text("EUR", "USD", "1.1", "", "x")),
            Err(EditError::NoDate)
        ));
        assert!(matches!(
            parse_rate(&text("EUR", "USD", "1.1", "2026-11-01", " ")),
            Err(EditError::NoSource)
        ));
        let mut s = settings();
        add_rate(&mut s, ok.clone());
        let mut corrected = ok.clone();
        corrected.rate = "1.09".parse().unwrap();
        add_rate(&mut s, corrected.clone());
        assert_eq!(s.exchange_rates, [corrected]);
        remove_rate(&mut s, 3);
        assert_eq!(s.exchange_rates.len(), 1);
        remove_rate(&mut s, 0);
        assert!(s.exchange_rates.is_empty());
    }
}
