//! The headline: what the project must buy and how many problems need attention.

use leptos::prelude::*;
use preflight_engine::{Rights, Severity};

use crate::format;
use crate::state::AppState;

#[component]
pub fn Summary() -> impl IntoView {
    let state = AppState::expect();
    let evaluation = state.evaluation;
    let total = move || evaluation.with(|e| format::totals(&e.total, "nothing priced"));
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
