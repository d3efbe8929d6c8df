//! Formatting for people, in the browser's locale: each currency's minor digits, the locale's
//! grouping and decimal sign. The exact decimal's text goes to `Intl.NumberFormat`, which formats
//! a numeric string without passing through floating point ("USD 2,280,000.00" in en-US,
//! "USD 2.280.000,00" in de-DE). Charts and CSV exports stay locale-neutral: they are not made
//! here.

use std::cell::RefCell;

use preflight_engine::{Money, Totals};
use wasm_bindgen::JsValue;

/// "USD 756,679.00" (en-US); JPY without decimals, BHD with three. The ISO code stays in front,
/// whatever the locale, as everywhere else the figure is shown.
pub fn money(money: &Money) -> String {
    let digits = money.currency.minor_digits();
    format!(
        "{} {}",
        money.currency,
        number(&money.minor_units_text(), digits)
    )
}

/// A count with the locale's grouping: "1,234,567" in en-US, "1.234.567" in de-DE.
pub fn count(n: u64) -> String {
    number(&n.to_string(), 0)
}

thread_local! {
    /// One formatter per number of fraction digits: making one is slow, using it is not.
    static FORMATTERS: RefCell<Vec<(u32, js_sys::Function)>> = const { RefCell::new(Vec::new()) };
}

/// Exact decimal text ("-1234.50") in the browser's locale with exactly `digits` fraction
/// digits (the text already has them, so nothing is rounded). Grouped by hand, in en-US style,
/// if the browser has no `Intl`.
fn number(text: &str, digits: u32) -> String {
    let format = FORMATTERS.with(|formatters| {
        let mut formatters = formatters.borrow_mut();
        if let Some((_, format)) = formatters.iter().find(|(d, _)| *d == digits) {
            return format.clone();
        }
        let options = js_sys::Object::new();
        let digits_value = JsValue::from(digits);
        for key in ["minimumFractionDigits", "maximumFractionDigits"] {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(key), &digits_value);
        }
        let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::new(), &options).format();
        formatters.push((digits, format.clone()));
        format
    });
    format
        .call1(&JsValue::NULL, &JsValue::from_str(text))
        .ok()
        .and_then(|formatted| formatted.as_string())
        .unwrap_or_else(|| by_hand(text))
}

/// "-1234567.50" → "-1,234,567.50".
fn by_hand(text: &str) -> String {
    let (sign, unsigned) = text
        .strip_prefix('-')
        .map_or(("", text), |rest| ("-", rest));
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut out = String::from(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// A cost over the horizon, or why there is none: its sum is out of range.
pub fn horizon(sum: Option<&Totals>, empty: &str) -> String {
    sum.map_or_else(|| "out of range".to_string(), |t| totals(t, empty))
}

/// Amounts in several currencies as "USD 1.00 + EUR 2.00", or `empty` when there are none.
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
