//! The licence position per product: rights needed before and after the project, rights owned,
//! and what the project leaves short, side by side.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use preflight_engine::{Evaluation, ProductId};

use crate::cost::legend_box;
use crate::{Chart, WIDTH, axis_max, colour, empty, fit, grouped};

const LABELS: u32 = 230;
/// The most characters of a product's label that fit in `LABELS` at the labels' size.
const LABEL_CHARS: usize = 38;
const LEGEND: u32 = 190;
/// Height of one product's group of bars.
const ROW: u32 = 78;
const BARS: [&str; 4] = ["Needed before", "Needed after", "Owned", "Short (to buy)"];
/// The most products drawn. A group of bars per product stays readable up to about this many;
/// an estate of hundreds of products would draw a chart metres long (and a 500-product SVG
/// took most of an edit's time to write and show). The licence position table beside the
/// chart lists every product.
pub const MOST_PRODUCTS: usize = 15;
/// Height of the note under a chart that shows only some of the products.
const NOTE: u32 = 28;

struct Row {
    name: String,
    /// In the order of `BARS`.
    values: [u64; 4],
}

/// The products to draw, in the evaluation's order, and how many there are in all. With more
/// than [`MOST_PRODUCTS`], those the project leaves shortest come first, then those whose need
/// it changes most, then the largest need after it; ties keep the evaluation's order.
fn rows(evaluation: &Evaluation, name: &dyn Fn(&ProductId) -> String) -> (Vec<Row>, usize) {
    let positions = &evaluation.positions;
    let mut shown: Vec<usize> = (0..positions.len()).collect();
    if positions.len() > MOST_PRODUCTS {
        shown.sort_by_key(|&i| {
            let p = &positions[i];
            (
                std::cmp::Reverse(p.shortfall.0),
                std::cmp::Reverse(p.after.demand.0.abs_diff(p.before.demand.0)),
                std::cmp::Reverse(p.after.demand.0),
                i,
            )
        });
        shown.truncate(MOST_PRODUCTS);
        shown.sort_unstable();
    }
    let rows = shown
        .into_iter()
        .map(|i| {
            let p = &positions[i];
            Row {
                name: format!("{} ({})", name(&p.product), p.metric.units()),
                values: [
                    p.before.demand.0,
                    p.after.demand.0,
                    p.entitled.0,
                    p.shortfall.0,
                ],
            }
        })
        .collect();
    (rows, positions.len())
}

/// Under a chart of some of the products: which ones, and where the rest are.
fn note(shown: usize, all: usize) -> String {
    format!(
        "{shown} of {all} products shown: those left shortest or changed most. \
         The licence position table lists all {all}."
    )
}

fn summary(rows: &[Row], all: usize) -> String {
    if rows.is_empty() {
        return "Licence position: no product in the deployment.".to_string();
    }
    let parts: Vec<String> = rows
        .iter()
        .map(|row| {
            let [before, after, owned, short] = row.values;
            format!(
                "{}: needed {before} before and {after} after, owned {owned}, short {short}",
                row.name
            )
        })
        .collect();
    if rows.len() < all {
        format!(
            "Licence position per product, {} {}.",
            note(rows.len(), all),
            parts.join("; ")
        )
    } else {
        format!("Licence position per product. {}.", parts.join("; "))
    }
}

/// Per product, four bars: rights needed before the project (the baseline) and after it, rights
/// owned, and the shortfall the project adds. Each product counts in its own metric, named
/// beside it. At most [`MOST_PRODUCTS`] products, with a note saying how many of how many. A
/// deployment with no product draws a sentence.
pub fn position_by_product(evaluation: &Evaluation, name: &dyn Fn(&ProductId) -> String) -> Chart {
    let (rows, all) = rows(evaluation, name);
    let summary = summary(&rows, all);
    if rows.is_empty() {
        return Chart {
            svg: empty("No product in the deployment yet."),
            summary,
        };
    }
    let note = (rows.len() < all).then(|| note(rows.len(), all));
    let height = 70 + ROW * rows.len() as u32 + if note.is_some() { NOTE } else { 0 };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        // Drawing into a string cannot fail; an error would only leave the SVG shorter.
        match &note {
            Some(note) => {
                let (chart, under) = root.split_vertically(height - NOTE);
                let _ = draw(&chart, &rows);
                let _ = under.fill(&WHITE);
                let _ = under.draw(&Text::new(
                    note.clone(),
                    (16, 4),
                    ("sans-serif", 13)
                        .into_font()
                        .color(&RGBColor(0x55, 0x55, 0x55)),
                ));
            }
            None => {
                let _ = draw(&root, &rows);
            }
        }
        let _ = root.present();
    }
    Chart { svg, summary }
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rows: &[Row],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let (plot, legend) = root.split_horizontally(WIDTH - LEGEND);
    let largest = rows.iter().flat_map(|r| r.values).max().unwrap_or(0) as f64;
    let count = rows.len() as f64;
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(LABELS)
        .build_cartesian_2d(0.0..axis_max(largest), 0.0..count)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .x_desc("Licences, in each product's metric")
        .x_label_formatter(&|value| grouped(*value))
        .x_labels(6)
        .axis_desc_style(("sans-serif", 15))
        .label_style(("sans-serif", 13))
        .draw()?;
    let bar = 0.8 / BARS.len() as f64;
    for (i, row) in rows.iter().enumerate() {
        // The first product at the top.
        let top = count - i as f64 - 0.1;
        for (b, value) in row.values.iter().enumerate() {
            let y0 = top - bar * b as f64;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y0 - bar * 0.9), (*value as f64, y0)],
                colour(b).filled(),
            )))?;
        }
        let (x, y) = chart.backend_coord(&(0.0, count - i as f64 - 0.5));
        plot.draw(&Text::new(
            fit(row.name.clone(), LABEL_CHARS),
            (x - 8, y),
            ("sans-serif", 13)
                .into_font()
                .into_text_style(&plot)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    legend_box(&legend, BARS.into_iter())
}
