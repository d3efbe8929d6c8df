//! The result charts as pure functions: an evaluation and the products' names in, an SVG
//! document and a one-sentence summary of its figures out, for the page and the approval pack.
//!
//! Money stays `Decimal` until the last step here, where plotters needs `f64` to place a bar.

mod cost;
mod position;

pub use cost::cost_by_year;
pub use position::{MOST_PRODUCTS, position_by_product};

use plotters::style::RGBColor;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// One drawn chart: the SVG document and what it shows in words (its accessible name).
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub svg: String,
    pub summary: String,
}

/// Width of every chart, in SVG user units; the page scales it to the column.
pub const WIDTH: u32 = 760;

/// Colours for series, in order; each distinct on white and in greyscale print.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0x1f, 0x5f, 0x9f),
    RGBColor(0xd9, 0x7a, 0x1c),
    RGBColor(0x3b, 0x8f, 0x4f),
    RGBColor(0x8e, 0x44, 0xad),
    RGBColor(0xb0, 0x30, 0x30),
    RGBColor(0x55, 0x55, 0x55),
];

fn colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// The one place money becomes floating point: a bar's length.
fn to_f64(amount: Decimal) -> f64 {
    amount.to_f64().unwrap_or(0.0)
}

/// A rounded-up axis maximum with a little headroom, never zero.
fn axis_max(largest: f64) -> f64 {
    if largest <= 0.0 { 1.0 } else { largest * 1.1 }
}

/// "1,234,567" for an axis tick (whole units; the axis names the currency).
fn grouped(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 { format!("-{out}") } else { out }
}

/// `text` cut to `most` characters with an ellipsis, for a label with a fixed space: the chart's
/// summary and the tables beside it keep the whole name.
fn fit(text: String, most: usize) -> String {
    match text.char_indices().nth(most.saturating_sub(1)) {
        Some((end, _)) if text.chars().count() > most => format!("{}…", text[..end].trim_end()),
        _ => text,
    }
}

/// An SVG saying there is nothing to draw, the same width as a chart.
fn empty(message: &str) -> String {
    use plotters::prelude::*;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 80)).into_drawing_area();
        // Drawing into a string cannot fail; an error would only leave the SVG shorter.
        let _ = root.fill(&WHITE);
        let _ = root.draw(&Text::new(
            message.to_string(),
            (16, 32),
            ("sans-serif", 16)
                .into_font()
                .color(&RGBColor(0x55, 0x55, 0x55)),
        ));
        let _ = root.present();
    }
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_group_thousands() {
        assert_eq!(grouped(1_234_567.4), "1,234,567");
        assert_eq!(grouped(0.0), "0");
        assert_eq!(grouped(-1000.0), "-1,000");
    }
}
