//! Cell values: numbers, dates and prices as users' spreadsheets write them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A decimal number written with `.` or `,` as the decimal mark and optional thousands
/// separators ("1,234.50", "1.234,50", "1234,5"). "1,234" alone is ambiguous and refused.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if compact.is_empty() {
        return Err("is empty".into());
    }
    let last_dot = compact.rfind('.');
    let last_comma = compact.rfind(',');
    let plain = match (last_dot, last_comma) {
        (Some(dot), Some(comma)) if dot > comma => compact.replace(',', ""),
        (Some(_), Some(_)) => compact.replace('.', "").replace(',', "."),
        (None, Some(comma)) => {
            let decimals = compact.len() - comma - 1;
            if compact.matches(',').count() > 1 {
                compact.replace(',', "")
            } else if decimals == 3 {
                return Err(format!(
                    "{text:?} is ambiguous: write 1234 or 1.234 without a thousands comma"
                ));
            } else {
                compact.replace(',', ".")
            }
        }
        _ => compact,
    };
    Decimal::from_str(&plain).map_err(|_| format!("{text:?} is not a number"))
}

/// A whole number of at least zero.
pub fn parse_count(text: &str) -> Result<u32, String> {
    let number = parse_decimal(text)?;
    if number.is_sign_negative() || number.fract() != Decimal::ZERO {
        return Err(format!("{text:?} is not a whole number of zero or more"));
    }
    u32::try_from(number.mantissa() / 10i128.pow(number.scale()))
        .map_err(|_| format!("{text:?} is too large"))
}

/// A date as ISO 8601 (2026-11-28) or with slashes, year first (2026/11/28, as in the MLS).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y/%m/%d"))
        .map_err(|_| format!("{text:?} is not a date in the form 2026-11-28"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn numbers_in_the_ways_spreadsheets_write_them() {
        let ok = [
            ("1234.50", dec!(1234.50)),
            ("1,234.50", dec!(1234.50)),
            ("1.234,50", dec!(1234.50)),
            ("1234,5", dec!(1234.5)),
            ("1,234,567", dec!(1234567)),
            (" 6 155.00 ", dec!(6155.00)),
            ("-3", dec!(-3)),
        ];
        for (text, expect) in ok {
            assert_eq!(parse_decimal(text), Ok(expect), "{text:?}");
        }
        for text in ["", "1,234", "12abc", "1.2.3"] {
            assert!(parse_decimal(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        assert_eq!(parse_count("16"), Ok(16));
        assert_eq!(parse_count("16.0"), Ok(16));
        assert!(parse_count("1.5").is_err());
        assert!(parse_count("-2").is_err());
        assert!(parse_count("99999999999").is_err());
    }

    #[test]
    fn dates_iso_or_year_first_with_slashes() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(parse_date("2026-11-28"), Ok(date));
        assert_eq!(parse_date("2026/11/28"), Ok(date));
        assert!(parse_date("28/11/2026").is_err());
    }
}
