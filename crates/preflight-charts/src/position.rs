//! The licence position per product: rights needed before and after the project, rights owned,
//! and what the project leaves short, side by side.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use preflight_engine::{Evaluation, ProductId};

use crate::cost::legend_box;
use crate::{Chart, WIDTH, axis_max, colour, empty, grouped};

const LABELS: u32 = 230;
const LEGEND: u32 = 190;
/// Height of one product's group of bars.
const ROW: u32 = 78;
const BARS: [&str; 4] = ["Needed before", "Needed after", "Owned", "Short (to buy)"];

struct Row {
    name: String,
    /// In the order of `BARS`.
    values: [u64; 4],
}

fn rows(evaluation: &Evaluation, name: &dyn Fn(&ProductId) -> String) -> Vec<Row> {
    evaluation
        .positions
        .iter()
        .map(|p| Row {
            name: format!("{} ({}s)", name(&p.product), p.metric.unit()),
            values: [
                p.before.demand.0,
                p.after.demand.0,
                p.entitled.0,
                p.shortfall.0,
            ],
        })
        .collect()
}

fn summary(rows: &[Row]) -> String {
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
    format!("Licence position per product. {}.", parts.join("; "))
}

/// Per product, four bars: rights needed before the project (the baseline) and after it, rights
/// owned, and the shortfall the project adds. Each product counts in its own metric, named
/// beside it. A deployment with no product draws a sentence.
pub fn position_by_product(evaluation: &Evaluation, name: &dyn Fn(&ProductId) -> String) -> Chart {
    let rows = rows(evaluation, name);
    let summary = summary(&rows);
    if rows.is_empty() {
        return Chart {
            svg: empty("No product in the deployment yet."),
            summary,
        };
    }
    let height = 70 + ROW * rows.len() as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        // Drawing into a string cannot fail; an error would only leave the SVG shorter.
        let _ = draw(&root, &rows);
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
            row.name.clone(),
            (x - 8, y),
            ("sans-serif", 13)
                .into_font()
                .into_text_style(&plot)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    legend_box(&legend, BARS.into_iter())
}
