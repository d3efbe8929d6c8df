//! The result charts on the page: each a memo of its SVG over the evaluation, shown as an image
//! whose accessible name is the chart's summary of its figures.

use leptos::prelude::*;
use preflight_charts::Chart;
use preflight_engine::{Evaluation, MoneyError, ProductId};

use super::panel::SumError;
use super::product_name;
use crate::state::AppState;

/// A draw function of `preflight_charts`; `Err` when its figures cannot be summed exactly.
type Draw = fn(&Evaluation, &dyn Fn(&ProductId) -> String) -> Result<Chart, MoneyError>;

/// The two charts, redrawn when the evaluation changes; shared by the page and the approval pack.
#[derive(Clone, Copy)]
pub struct Charts {
    pub cost: Memo<Result<Chart, SumError>>,
    pub position: Memo<Result<Chart, SumError>>,
}

impl Charts {
    pub fn new(state: AppState) -> Charts {
        let draw = move |chart: Draw, what| {
            Memo::new(move |_| {
                state.evaluation.with(|evaluation| {
                    state
                        .rule_pack
                        .with(|pack| chart(evaluation, &|id| product_name(pack, id)))
                        .map_err(SumError::of(what))
                })
            })
        };
        Charts {
            cost: draw(preflight_charts::cost_by_year, "costs of a fiscal year"),
            position: draw(
                |evaluation, name| Ok(preflight_charts::position_by_product(evaluation, name)),
                "rights of a product",
            ),
        }
    }
}

/// One chart, or its error for the panel's boundary. The SVG is set as markup: it comes from our
/// own draw function, and plotters escapes every text it writes (product names included; tested
/// in crates/preflight-charts).
#[component]
pub fn ChartView(chart: Memo<Result<Chart, SumError>>, testid: &'static str) -> impl IntoView {
    move || {
        chart.get().map(|chart| {
            view! {
                <div
                    class="chart"
                    role="img"
                    data-testid=testid
                    aria-label=chart.summary
                    inner_html=chart.svg
                ></div>
            }
            .into_any()
        })
    }
}
