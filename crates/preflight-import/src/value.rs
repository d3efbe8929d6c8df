//! Cell values: numbers, dates and prices as users' spreadsheets write them.

use preflight_engine::Currency;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A decimal number written with `.` or `,` as the decimal mark and optional thousands
/// separators ("1,234.50", "1.234,50", "1234,5"). "1,234" alone is ambiguous and refused.
///
/// Every amount and count of a file passes here (four a row in a SAM export), so the text is
/// rewritten into a buffer on the stack, not a `String`; `parse_decimal_by_strings` is the
/// rule as first written, and a property test holds the two equal.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    /// Longer than any decimal (28 digits, a sign, a point, separators): longer text is read
    /// the first way, which refuses it as not a number.
    const ROOM: usize = 64;
    let mut compact = [0u8; ROOM];
    let mut len = 0;
    let (mut last_dot, mut last_comma, mut commas) = (None, None, 0);
    // Byte by byte: text with any byte beyond ASCII (a no-break space, another white space, a
    // letter) is read the first way. ASCII's white space is what `char::is_whitespace` says of
    // it: tab to CR, and space.
    for &byte in text.as_bytes() {
        if matches!(byte, b' ' | b'\t'..=b'\r') {
            continue;
        }
        if !byte.is_ascii() || len == ROOM {
            return parse_decimal_by_strings(text);
        }
        match byte {
            b'.' => last_dot = Some(len),
            b',' => (last_comma, commas) = (Some(len), commas + 1),
            _ => {}
        }
        compact[len] = byte;
        len += 1;
    }
    if len == 0 {
        return Err("is empty".into());
    }
    let compact = &compact[..len];
    // The text without thousands separators, with `.` as the decimal mark.
    let mut plain = [0u8; ROOM];
    let mut plain_len = 0;
    let mut keep = |byte: u8| {
        plain[plain_len] = byte;
        plain_len += 1;
    };
    match (last_dot, last_comma) {
        (Some(dot), Some(comma)) if dot > comma => {
            compact
                .iter()
                .filter(|&&b| b != b',')
                .for_each(|&b| keep(b));
        }
        (Some(_), Some(_)) => compact
            .iter()
            .filter(|&&b| b != b'.')
            .for_each(|&b| keep(if b == b',' { b'.' } else { b })),
        (None, Some(comma)) => {
            let decimals = len - comma - 1;
            if commas > 1 {
                compact
                    .iter()
                    .filter(|&&b| b != b',')
                    .for_each(|&b| keep(b));
            } else if decimals == 3 {
                return Err(format!(
                    "{text:?} is ambiguous: write 1234 or 1.234 without a thousands comma"
                ));
            } else {
                compact
                    .iter()
                    .for_each(|&b| keep(if b == b',' { b'.' } else { b }));
            }
        }
        _ => compact.iter().for_each(|&b| keep(b)),
    }
    let plain = std::str::from_utf8(&plain[..plain_len]).map_err(|_| not_a_number(text))?;
    Decimal::from_str(plain).map_err(|_| not_a_number(text))
}

fn not_a_number(text: &str) -> String {
    format!("{text:?} is not a number")
}

/// [`parse_decimal`] as first written, through `String`s: for text that is not ASCII (or too
/// long for the buffer), and the reference its property test compares with.
fn parse_decimal_by_strings(text: &str) -> Result<Decimal, String> {
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
    Decimal::from_str(&plain).map_err(|_| not_a_number(text))
}

/// A whole number of at least zero.
pub fn parse_count(text: &str) -> Result<u32, String> {
    // Digits alone, as most counts are written: the number itself. Nine digits always fit.
    if (1..=9).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(text.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')));
    }
    let number = parse_decimal(text)?;
    if number.is_sign_negative() || number.fract() != Decimal::ZERO {
        return Err(format!("{text:?} is not a whole number of zero or more"));
    }
    u32::try_from(number.mantissa() / 10i128.pow(number.scale()))
        .map_err(|_| format!("{text:?} is too large"))
}

/// What a price cell says about its currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurrencyMark {
    /// Nothing: the currency column decides.
    None,
    /// An ISO code or a symbol of one currency ("EUR", "£").
    Known(Currency),
    /// A symbol several currencies use ("$", "¥", "kr"), with those it may mean.
    Ambiguous(&'static str, &'static [Currency]),
}

/// Symbols as users' spreadsheets write them. Longer ones first: "US$" before "$".
const SYMBOLS: [(&str, CurrencyMark); 14] = [
    ("US$", CurrencyMark::Known(Currency::USD)),
    ("CA$", CurrencyMark::Known(Currency::CAD)),
    ("AU$", CurrencyMark::Known(Currency::AUD)),
    ("NZ$", CurrencyMark::Known(Currency::NZD)),
    ("R$", CurrencyMark::Known(Currency::BRL)),
    ("zł", CurrencyMark::Known(Currency::PLN)),
    ("Kč", CurrencyMark::Known(Currency::CZK)),
    ("£", CurrencyMark::Known(Currency::GBP)),
    ("€", CurrencyMark::Known(Currency::EUR)),
    ("₹", CurrencyMark::Known(Currency::INR)),
    ("Fr.", CurrencyMark::Known(Currency::CHF)),
    (
        "$",
        CurrencyMark::Ambiguous(
            "$",
            &[
                Currency::USD,
                Currency::CAD,
                Currency::AUD,
                Currency::NZD,
                Currency::SGD,
                Currency::HKD,
                Currency::MXN,
            ],
        ),
    ),
    (
        "¥",
        CurrencyMark::Ambiguous("¥", &[Currency::JPY, Currency::CNY]),
    ),
    (
        "kr",
        CurrencyMark::Ambiguous("kr", &[Currency::SEK, Currency::NOK, Currency::DKK]),
    ),
];

/// An amount with an optional currency symbol or ISO code before or after it ("£1,200.00",
/// "€ 1.234,56", "1200 EUR", "$5"). The currency column is reconciled by the caller.
pub fn parse_amount(text: &str) -> Result<(Decimal, CurrencyMark), String> {
    let trimmed = text.trim();
    // A bare number, as most prices are written ("1,234.00"): every symbol and ISO code starts
    // and ends with something other than a digit, so text that starts and ends with one has
    // neither, and the symbols and codes need not be looked for (every price of a file asks).
    let digit = |byte: Option<&u8>| byte.is_some_and(u8::is_ascii_digit);
    if digit(trimmed.as_bytes().first()) && digit(trimmed.as_bytes().last()) {
        return Ok((parse_decimal(trimmed)?, CurrencyMark::None));
    }
    parse_marked_amount(trimmed)
}

/// [`parse_amount`] of trimmed text, looking for a symbol or ISO code: the whole rule, and the
/// reference its bare-number path is tested against.
fn parse_marked_amount(trimmed: &str) -> Result<(Decimal, CurrencyMark), String> {
    let mut mark = CurrencyMark::None;
    let mut rest = trimmed;
    for (symbol, symbol_mark) in SYMBOLS {
        if let Some(after) = rest.strip_prefix(symbol) {
            (mark, rest) = (symbol_mark, after);
            break;
        }
        if let Some(before) = rest.strip_suffix(symbol) {
            (mark, rest) = (symbol_mark, before);
            break;
        }
    }
    if mark == CurrencyMark::None {
        let letters = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic());
        let code = match rest.split_once(char::is_whitespace) {
            Some((code, amount)) if letters(code) => Some((code, amount)),
            _ => rest
                .rsplit_once(char::is_whitespace)
                .filter(|(_, code)| letters(code))
                .map(|(amount, code)| (code, amount)),
        };
        if let Some((code, amount)) = code {
            let currency = code.parse::<Currency>().map_err(|e| e.to_string())?;
            (mark, rest) = (CurrencyMark::Known(currency), amount);
        }
    }
    Ok((parse_decimal(rest)?, mark))
}

/// The currency of an amount written as `text` with `mark` in it: the row's currency column
/// when it agrees with the mark, else the mark's one currency, else the workbook's when the
/// mark allows it ("$" may be USD, CAD...; a bare number any). `Err` says what is missing.
pub fn resolve_currency(
    text: &str,
    mark: CurrencyMark,
    column: Option<Currency>,
    workbook: Option<Currency>,
) -> Result<Currency, String> {
    match (mark, column) {
        (CurrencyMark::Known(currency), None) => Ok(currency),
        (CurrencyMark::Known(currency), Some(column)) if currency == column => Ok(currency),
        (CurrencyMark::Ambiguous(_, candidates), Some(column)) if candidates.contains(&column) => {
            Ok(column)
        }
        (CurrencyMark::None, Some(column)) => Ok(column),
        (_, Some(column)) => Err(format!(
            "{text:?} does not agree with the currency column ({column})"
        )),
        (CurrencyMark::Ambiguous(symbol, candidates), None) => {
            if let Some(workbook) = workbook.filter(|w| candidates.contains(w)) {
                return Ok(workbook);
            }
            let codes: Vec<&str> = candidates.iter().map(|c| c.code()).collect();
            Err(format!(
                "{text:?}: \"{symbol}\" may be {}; add a Currency column or set the workbook \
                 currency",
                codes.join(", ")
            ))
        }
        (CurrencyMark::None, None) => workbook.ok_or_else(|| {
            format!("{text:?} has no currency; add a Currency column or set the workbook currency")
        }),
    }
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

    /// The buffer on the stack reads every text as the `String`s did: digits, signs, both
    /// marks, spaces (ASCII, no-break, other Unicode white space), letters, non-ASCII digits,
    /// and texts longer than the buffer (seeded, bounded).
    #[test]
    fn the_stack_buffer_reads_numbers_as_the_strings_did() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: 20_000,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &[5; 32]),
        );
        let texts = prop_oneof![
            "[0-9.,]{0,12}",
            "[ \\-+0-9.,e\u{a0}\u{2009}]{0,16}",
            "[0-9]{1,3}([.,][0-9]{3}){0,4}([.,][0-9]{1,4})?",
            "[0-9.,]{60,70}",
            "[0-9a-z.,£€١٢ ]{0,10}",
            "[0-9]{1,12}",
        ];
        runner
            .run(&texts, |text| {
                prop_assert_eq!(parse_decimal(&text), parse_decimal_by_strings(&text));
                // A count of digits alone is read directly: as through the decimal it was.
                let by_decimal = parse_decimal(&text).and_then(|number| {
                    if number.is_sign_negative() || number.fract() != Decimal::ZERO {
                        return Err(format!("{text:?} is not a whole number of zero or more"));
                    }
                    u32::try_from(number.mantissa() / 10i128.pow(number.scale()))
                        .map_err(|_| format!("{text:?} is too large"))
                });
                prop_assert_eq!(parse_count(&text), by_decimal);
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        assert_eq!(parse_count("16"), Ok(16));
        assert_eq!(parse_count("16.0"), Ok(16));
        assert!(parse_count("1.5").is_err());
        assert!(parse_count("-2").is_err());
        assert!(parse_count("99999999999").is_err());
    }

    /// A text that starts and ends with a digit skips the search for symbols and codes: it
    /// reads as the search reads it (seeded, bounded).
    #[test]
    fn a_bare_number_reads_as_the_search_for_symbols_reads_it() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: 20_000,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
        );
        let texts = prop_oneof![
            "[0-9][0-9.,]{0,12}[0-9]",
            "[0-9][ 0-9.,$€£kFrEURUSD\u{a0}]{0,12}[0-9]",
            "[0-9]",
        ];
        runner
            .run(&texts, |text| {
                prop_assert_eq!(parse_amount(&text), parse_marked_amount(text.trim()));
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn amounts_with_symbols_and_codes() {
        let cases = [
            (
                "£1,200.00",
                dec!(1200.00),
                CurrencyMark::Known(Currency::GBP),
            ),
            (
                "€ 1.234,56",
                dec!(1234.56),
                CurrencyMark::Known(Currency::EUR),
            ),
            (
                "1.234,56 €",
                dec!(1234.56),
                CurrencyMark::Known(Currency::EUR),
            ),
            ("US$99", dec!(99), CurrencyMark::Known(Currency::USD)),
            ("1200 EUR", dec!(1200), CurrencyMark::Known(Currency::EUR)),
            ("CHF 15.50", dec!(15.50), CurrencyMark::Known(Currency::CHF)),
            ("13748", dec!(13748), CurrencyMark::None),
        ];
        for (text, amount, mark) in cases {
            assert_eq!(parse_amount(text), Ok((amount, mark)), "{text:?}");
        }
        assert!(matches!(
            parse_amount("$5.00"),
            Ok((_, CurrencyMark::Ambiguous("$", _)))
        ));
        assert!(matches!(
            parse_amount("199 kr"),
            Ok((_, CurrencyMark::Ambiguous("kr", _)))
        ));
        assert!(parse_amount("ABC 12").is_err());
        assert!(parse_amount("£").is_err());
    }

    #[test]
    fn a_currency_comes_from_the_column_the_cell_or_the_workbook_in_that_order() {
        use Currency::*;
        let dollar = CurrencyMark::Ambiguous("$", &[USD, CAD]);
        let cases = [
            (CurrencyMark::Known(GBP), None, None, Ok(GBP)),
            (CurrencyMark::Known(GBP), Some(GBP), Some(USD), Ok(GBP)),
            (dollar, Some(CAD), None, Ok(CAD)),
            (dollar, None, Some(USD), Ok(USD)),
            (CurrencyMark::None, Some(EUR), Some(USD), Ok(EUR)),
            (CurrencyMark::None, None, Some(USD), Ok(USD)),
        ];
        for (mark, column, workbook, expect) in cases {
            assert_eq!(resolve_currency("x", mark, column, workbook), expect);
        }
        let refused = [
            (CurrencyMark::Known(GBP), Some(EUR), None),
            (dollar, Some(EUR), None),
            (dollar, None, Some(EUR)),
            (dollar, None, None),
            (CurrencyMark::None, None, None),
        ];
        for (mark, column, workbook) in refused {
            assert!(resolve_currency("x", mark, column, workbook).is_err());
        }
    }
}
