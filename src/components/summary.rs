//! The headline: what the project must buy and how many problems need attention.

use leptos::prelude::*;
use preflight_engine::{Finding, MoneyError, Rights, Severity};

use super::panel::SumError;
use crate::format;
use crate::state::AppState;

#[component]
pub fn Summary() -> impl IntoView {
    let state = AppState::expect();
    let evaluation = state.evaluation;
    // A cost out of range leaves the engine's total without that product: no figure rather
    // than a sum missing a line (the finding names the product).
    let total = move || {
        evaluation.with(|e| {
            let overflow = e
                .findings
                .iter()
                .any(|f| matches!(f, Finding::CostOverflow { .. }));
            match overflow {
                true => Err(SumError::of("costs to buy")(MoneyError::Overflow)),
                false => Ok(format::totals(&e.total, "nothing priced").into_any()),
            }
        })
    };
    let short = move || {
        evaluation.with(|e| {
            e.positions
                .iter()
                .filter(|p| p.shortfall > Rights(0))
                .count()
        })
    };
    let unpriced = move || {
        evaluation.with(|e| {
            e.positions
                .iter()
                .any(|p| p.shortfall > Rights(0) && p.cost.is_none())
        })
    };
    let high = move || {
        evaluation.with(|e| {
            e.findings
                .iter()
                .filter(|f| f.severity() == Severity::High)
                .count()
        })
    };
    view! {
        <div class="summary">
            <div class="card">
                <span class="label">"To buy"</span>
                <span class="figure" data-testid="total-cost">{total}</span>
                <Show when=unpriced>
                    <span class="note">"some purchases are unpriced: see findings"</span>
                </Show>
            </div>
            <div class="card">
                <span class="label">"Products short"</span>
                <span class="figure" data-testid="products-short">{short}</span>
            </div>
            <div class="card">
                <span class="label">"High findings"</span>
                <span class="figure" data-testid="high-findings">{high}</span>
            </div>
        </div>
    }
}
