//! The project's cost by fiscal year over the horizon: one-off and recurring.

use leptos::prelude::*;

use super::panel::SumError;
use crate::format;
use crate::state::AppState;

/// One fiscal year's row as text: label, one-off, recurring and total; `Err` when a year's
/// amounts cannot be summed exactly (the panel says so rather than show a sum missing a line).
fn rows(state: AppState) -> Result<Vec<[String; 4]>, SumError> {
    let years = state
        .evaluation
        .with(|evaluation| evaluation.budget.year_totals())
        .map_err(SumError::of("amounts of a fiscal year"))?;
    Ok(years
        .into_iter()
        .map(|year| {
            let text = |totals| format::totals(totals, "—");
            [
                year.label.clone(),
                text(&year.capex),
                text(&year.opex),
                text(&year.total),
            ]
        })
        .collect())
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
                    rows(state).map(|rows| {
                        rows.into_iter()
                            .map(|[label, capex, opex, total]| {
                                view! {
                                    <tr data-year=label>
                                        <th scope="row">{label.clone()}</th>
                                        <td class="num" data-field="capex">{capex}</td>
                                        <td class="num" data-field="opex">{opex}</td>
                                        <td class="num" data-field="total">{total}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any()
                    })
                }}
            </tbody>
        </table>
    }
}
