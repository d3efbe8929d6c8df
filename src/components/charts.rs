//! The result charts on the page: each a memo of its SVG over the evaluation, shown as an image
//! whose accessible name is the chart's summary of its figures.

use leptos::prelude::*;
use preflight_charts::Chart;
use preflight_engine::{Evaluation, ProductId};

use super::product_name;
use crate::state::AppState;

/// A draw function of `preflight_charts`.
type Draw = fn(&Evaluation, &dyn Fn(&ProductId) -> String) -> Chart;

/// The two charts, redrawn when the evaluation changes; shared by the page and the approval pack.
#[derive(Clone, Copy)]
pub struct Charts {
    pub cost: Memo<Chart>,
    pub position: Memo<Chart>,
}

impl Charts {
    pub fn new(state: AppState) -> Charts {
        let draw = move |chart: Draw| {
            Memo::new(move |_| {
                state.evaluation.with(|evaluation| {
                    state
                        .rule_pack
                        .with_value(|pack| chart(evaluation, &|id| product_name(pack, id)))
                })
            })
        };
        Charts {
            cost: draw(preflight_charts::cost_by_year),
            position: draw(preflight_charts::position_by_product),
        }
    }
}

/// One chart. The SVG is set as markup: it comes from our own draw function, and plotters
/// escapes every text it writes (product names included; tested in crates/preflight-charts).
#[component]
pub fn ChartView(chart: Memo<Chart>, #[prop(into)] testid: String) -> impl IntoView {
    view! {
        <div
            class="chart"
            role="img"
            data-testid=testid
            aria-label=move || chart.with(|c| c.summary.clone())
            inner_html=move || chart.with(|c| c.svg.clone())
        ></div>
    }
}
