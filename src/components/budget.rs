//! The project's cost by fiscal year over the horizon: one-off and recurring.

use leptos::prelude::*;
use preflight_engine::{Spend, Totals};

use crate::format;
use crate::state::AppState;

/// One fiscal year's row: label, one-off, recurring, and total, each as text.
fn rows(state: AppState) -> Vec<(String, String, String, String)> {
    state.evaluation.with(|evaluation| {
        evaluation
            .budget
            .years
            .iter()
            .map(|year| {
                let mut capex = Totals::default();
                let mut opex = Totals::default();
                let mut total = Totals::default();
                for line in evaluation
                    .budget
                    .lines
                    .iter()
                    .filter(|l| l.fiscal_year == year.label)
                {
                    let bucket = if line.spend == Spend::Capex {
                        &mut capex
                    } else {
                        &mut opex
                    };
                    // Lines of one currency never fail to add; a mismatch would show as missing.
                    let _ = bucket.add(line.amount);
                    let _ = total.add(line.amount);
                }
                let text = |totals: &Totals| format::totals(totals, "—");
                (year.label.clone(), text(&capex), text(&opex), text(&total))
            })
            .collect()
    })
}

#[component]
pub fn BudgetTable() -> impl IntoView {
    let state = AppState::expect();
    view! {
        <table class="budget" data-testid="budget">
            <thead>
                <tr>
                    <th>"Fiscal year"</th>
                    <th class="num">"One-off (capex)"</th>
                    <th class="num">"Recurring (opex)"</th>
                    <th class="num">"Total"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    rows(state)
                        .into_iter()
                        .map(|(label, capex, opex, total)| {
                            view! {
                                <tr data-year=label.clone()>
                                    <th scope="row">{label.clone()}</th>
                                    <td class="num" data-field="capex">{capex}</td>
                                    <td class="num" data-field="opex">{opex}</td>
                                    <td class="num" data-field="total">{total}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}
