//! Cost per fiscal year, stacked by product, in the evaluation's currency.

use plotters::coord::Shift;
use plotters::prelude::*;
use preflight_engine::{Evaluation, MoneyError, ProductId};
use rust_decimal::Decimal;

use crate::{Chart, WIDTH, axis_max, colour, empty, fit, grouped, to_f64};

const HEIGHT: u32 = 340;
const LEGEND: u32 = 230;
/// The most characters of a legend entry that fit beside its swatch in `LEGEND` (the position
/// chart's legend is narrower, but its four names are short).
const LEGEND_CHARS: usize = 34;
/// The most series drawn: one colour each (the palette's size). With more products, the
/// largest keep their own and the rest are drawn as one, "Other products (N)"; the cost table
/// beside the chart lists every product.
const MOST_SERIES: usize = crate::PALETTE.len();

/// With more products than [`MOST_SERIES`]: the `MOST_SERIES - 1` largest over the horizon in
/// their order (ties to the first seen), then one series summing the others. `Err` when a sum
/// leaves `Decimal`'s range.
#[allow(clippy::type_complexity)]
fn fold_smallest(
    products: Vec<(ProductId, String)>,
    amounts: Vec<Vec<Decimal>>,
) -> Result<(Vec<(ProductId, String)>, Vec<Vec<Decimal>>), MoneyError> {
    if products.len() <= MOST_SERIES {
        return Ok((products, amounts));
    }
    let mut totals = vec![Decimal::ZERO; products.len()];
    for year in &amounts {
        for (total, amount) in totals.iter_mut().zip(year) {
            *total = total.checked_add(*amount).ok_or(MoneyError::Overflow)?;
        }
    }
    let mut kept: Vec<usize> = (0..products.len()).collect();
    kept.sort_by(|&a, &b| totals[b].cmp(&totals[a]).then(a.cmp(&b)));
    kept.truncate(MOST_SERIES - 1);
    kept.sort_unstable();
    let others = products.len() - kept.len();
    let amounts = amounts
        .iter()
        .map(|year| {
            let mut row: Vec<Decimal> = kept.iter().map(|&p| year[p]).collect();
            let mut rest = Decimal::ZERO;
            for (p, amount) in year.iter().enumerate() {
                if kept.binary_search(&p).is_err() {
                    rest = rest.checked_add(*amount).ok_or(MoneyError::Overflow)?;
                }
            }
            row.push(rest);
            Ok(row)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut products: Vec<Option<(ProductId, String)>> = products.into_iter().map(Some).collect();
    let mut folded: Vec<(ProductId, String)> =
        kept.iter().filter_map(|&p| products[p].take()).collect();
    folded.push((
        ProductId(String::new()),
        format!("Other products ({others})"),
    ));
    Ok((folded, amounts))
}

/// The amounts to draw: fiscal years in order, products in order of first appearance, and each
/// year's amount per product (exact), in the evaluation's currency.
struct Series {
    currency: String,
    years: Vec<String>,
    products: Vec<(ProductId, String)>,
    /// `amounts[year][product]`.
    amounts: Vec<Vec<Decimal>>,
    /// `tops[year][product]`: where the product's bar ends, the amounts up to it summed
    /// (checked once here, so drawing does no arithmetic that could overflow).
    tops: Vec<Vec<Decimal>>,
    /// Budget lines in another currency, not drawn (said in the summary).
    other_currency: usize,
}

impl Series {
    /// `Err` when a year's amounts add up to more than `Decimal` holds: such a chart would
    /// misstate the figures, so it is not drawn.
    fn new(
        evaluation: &Evaluation,
        name: &dyn Fn(&ProductId) -> String,
    ) -> Result<Series, MoneyError> {
        let years: Vec<String> = evaluation
            .budget
            .years
            .iter()
            .map(|y| y.label.clone())
            .collect();
        let mut products: Vec<(ProductId, String)> = Vec::new();
        let mut amounts = vec![Vec::new(); years.len()];
        let mut other_currency = 0;
        for line in &evaluation.budget.lines {
            if line.amount.currency != evaluation.currency {
                other_currency += 1;
                continue;
            }
            let Some(year) = years.iter().position(|y| *y == line.fiscal_year) else {
                continue;
            };
            let product = match products.iter().position(|(id, _)| *id == line.product) {
                Some(index) => index,
                None => {
                    products.push((line.product.clone(), name(&line.product)));
                    products.len() - 1
                }
            };
            for row in amounts.iter_mut() {
                row.resize(products.len(), Decimal::ZERO);
            }
            let amount = &mut amounts[year][product];
            *amount = amount
                .checked_add(line.amount.amount)
                .ok_or(MoneyError::Overflow)?;
        }
        let (products, amounts) = fold_smallest(products, amounts)?;
        let tops = amounts
            .iter()
            .map(|year| {
                let mut top = Decimal::ZERO;
                year.iter()
                    .map(|amount| {
                        top = top.checked_add(*amount).ok_or(MoneyError::Overflow)?;
                        Ok(top)
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Series {
            currency: evaluation.currency.to_string(),
            years,
            products,
            amounts,
            tops,
            other_currency,
        })
    }

    fn year_total(&self, year: usize) -> Decimal {
        self.tops[year].last().copied().unwrap_or_default()
    }

    fn summary(&self) -> String {
        if self.products.is_empty() {
            return "Cost by fiscal year: nothing to buy over the horizon.".to_string();
        }
        let years: Vec<String> = (0..self.years.len())
            .map(|y| {
                let parts: Vec<String> = self
                    .products
                    .iter()
                    .zip(&self.amounts[y])
                    .filter(|(_, amount)| !amount.is_zero())
                    .map(|((_, name), amount)| format!("{name} {}", amount.round_dp(2)))
                    .collect();
                let total = self.year_total(y).round_dp(2);
                if parts.is_empty() {
                    format!("{} {} 0", self.years[y], self.currency)
                } else {
                    format!(
                        "{} {} {total} ({})",
                        self.years[y],
                        self.currency,
                        parts.join(", ")
                    )
                }
            })
            .collect();
        let mut summary = format!(
            "Cost by fiscal year in {}: {}.",
            self.currency,
            years.join("; ")
        );
        if self.other_currency > 0 {
            summary.push_str(&format!(
                " {} budget line(s) in other currencies are not drawn.",
                self.other_currency
            ));
        }
        summary
    }
}

/// The project's cost per fiscal year of the horizon, one bar per year stacked by product, the
/// value axis in the evaluation's currency. An evaluation with nothing to buy draws a sentence;
/// one whose yearly amounts add up beyond `Decimal`'s range is an error, never a wrong bar.
pub fn cost_by_year(
    evaluation: &Evaluation,
    name: &dyn Fn(&ProductId) -> String,
) -> Result<Chart, MoneyError> {
    let series = Series::new(evaluation, name)?;
    let summary = series.summary();
    if series.products.is_empty() {
        return Ok(Chart {
            svg: empty("Nothing to buy over the horizon."),
            summary,
        });
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        // Drawing into a string cannot fail; an error would only leave the SVG shorter.
        let _ = draw(&root, &series);
        let _ = root.present();
    }
    Ok(Chart { svg, summary })
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &Series,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let (plot, legend) = root.split_horizontally(WIDTH - LEGEND);
    let largest = (0..series.years.len())
        .map(|y| to_f64(series.year_total(y)))
        .fold(0.0, f64::max);
    // A segmented range's end is a segment of its own: the last year is `years - 1`.
    let last = series.years.len().saturating_sub(1) as u32;
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(96)
        .build_cartesian_2d((0..last).into_segmented(), 0.0..axis_max(largest))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .x_desc("Fiscal year")
        .y_desc(format!("Cost ({})", series.currency))
        .x_label_formatter(&|value| match value {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                series.years.get(*i as usize).cloned().unwrap_or_default()
            }
            SegmentValue::Last => String::new(),
        })
        .y_label_formatter(&|value| grouped(*value))
        .axis_desc_style(("sans-serif", 15))
        .label_style(("sans-serif", 13))
        .draw()?;
    for (p, _) in series.products.iter().enumerate() {
        let bars = (0..series.years.len()).filter_map(|y| {
            let top = series.tops[y][p];
            let below = match p {
                0 => Decimal::ZERO,
                _ => series.tops[y][p - 1],
            };
            (!series.amounts[y][p].is_zero()).then(|| {
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(y as u32), to_f64(below)),
                        (SegmentValue::Exact(y as u32 + 1), to_f64(top)),
                    ],
                    colour(p).filled(),
                );
                bar.set_margin(0, 0, 14, 14);
                bar
            })
        });
        chart.draw_series(bars)?;
    }
    legend_box(
        &legend,
        series.products.iter().map(|(_, name)| name.as_str()),
    )
}

/// A key on the right: a swatch and the name of each series, top down.
pub(crate) fn legend_box<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    names: impl Iterator<Item = &'a str>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for (i, name) in names.enumerate() {
        let y = 20 + i as i32 * 24;
        area.draw(&Rectangle::new([(4, y), (18, y + 14)], colour(i).filled()))?;
        area.draw(&Text::new(
            fit(name.to_string(), LEGEND_CHARS),
            (26, y),
            ("sans-serif", 13).into_font(),
        ))?;
    }
    Ok(())
}
