//! Formatting for people: grouped thousands and each currency's minor digits.

use preflight_engine::{Money, Totals};

/// "USD 756,679.00"; JPY without decimals, BHD with three.
pub fn money(money: &Money) -> String {
    let digits = money.currency.minor_digits() as usize;
    let fixed = format!("{:.*}", digits, money.amount.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let sign = if money.amount.is_sign_negative() && !money.amount.is_zero() {
        "-"
    } else {
        ""
    };
    let grouped = group(whole);
    if fraction.is_empty() {
        format!("{} {sign}{grouped}", money.currency)
    } else {
        format!("{} {sign}{grouped}.{fraction}", money.currency)
    }
}

/// "1234567" → "1,234,567".
pub fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count with grouped thousands.
pub fn count(n: u64) -> String {
    group(&n.to_string())
}

/// Amounts in several currencies as "USD 1.00 + EUR 2.00", or `empty` when there are none.
/// A cost over the horizon, or why there is none: its sum is out of range.
pub fn horizon(sum: Option<&Totals>, empty: &str) -> String {
    sum.map_or_else(|| "out of range".to_string(), |t| totals(t, empty))
}

pub fn totals(totals: &Totals, empty: &str) -> String {
    if totals.is_empty() {
        return empty.to_string();
    }
    totals
        .amounts()
        .iter()
        .map(money)
        .collect::<Vec<_>>()
        .join(" + ")
}
