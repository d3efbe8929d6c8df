//! The workbook's scenarios side by side: what each must buy, costs over the horizon, leaves
//! short and raises, whether it is compliant, the cheapest compliant marked, and a click to show
//! one. Up to four at once; the user takes scenarios out of the comparison and back in.

use leptos::prelude::*;
use preflight_engine::alternatives::Compared;
use preflight_engine::compare::MOST_COMPARED;
use preflight_engine::{Rights, Severity};

use crate::actions;
use crate::format;
use crate::state::AppState;

#[component]
pub fn ScenarioComparison() -> impl IntoView {
    let state = AppState::expect();
    let names = Memo::new(move |_| {
        state.workbook.with(|w| {
            w.scenarios
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
        })
    });
    let compared = state.scenarios;
    let toggle = move |name: String, keep: bool| {
        state.left_out.update(|out| {
            out.retain(|n| n != &name);
            if !keep {
                out.push(name);
            }
        });
    };
    let pickers = move || {
        let shown: Vec<String> = compared.with(|c| c.iter().map(|c| c.name.clone()).collect());
        names
            .get()
            .into_iter()
            .map(|name| {
                let checked = shown.contains(&name);
                let label = name.clone();
                view! {
                    <label class="pick">
                        <input
                            type="checkbox"
                            prop:checked=checked
                            on:change=move |event| toggle(name.clone(), event_target_checked(&event))
                        />
                        {label}
                    </label>
                }
            })
            .collect_view()
    };
    let row = move |title: &'static str, field: &'static str, cell: fn(&Compared) -> String| {
        view! {
            <tr data-row=field>
                <th scope="row">{title}</th>
                {move || {
                    compared
                        .get()
                        .iter()
                        .map(|c| view! { <td class="num">{cell(c)}</td> })
                        .collect_view()
                }}
            </tr>
        }
    };
    view! {
        <Show
            when=move || names.with(|n| n.len() > 1)
            fallback=|| {
                view! {
                    <p class="hint">
                        "One scenario so far: add or duplicate one above to weigh them side by side."
                    </p>
                }
            }
        >
            <fieldset class="compare-pick">
                <legend>{format!("Compare (up to {MOST_COMPARED} at once)")}</legend>
                {pickers}
            </fieldset>
            <table class="compare" data-testid="scenario-comparison">
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Measure"</span></th>
                        {move || {
                            compared
                                .get()
                                .into_iter()
                                .map(|c| {
                                    let name = c.name.clone();
                                    let index = names.with(|n| n.iter().position(|x| *x == name));
                                    view! {
                                        <th scope="col" class=if c.cheapest { "cheapest" } else { "" } data-name=c.name.clone()>
                                            {c.name.clone()}
                                            {c.cheapest.then(|| view! { <span class="badge">"cheapest compliant"</span> })}
                                            {index.map(|index| view! {
                                                <button
                                                    type="button"
                                                    aria-label=format!("Show {name}")
                                                    on:click=move |_| actions::select_scenario(state, index)
                                                >
                                                    "Show"
                                                </button>
                                            })}
                                        </th>
                                    }
                                })
                                .collect_view()
                        }}
                    </tr>
                </thead>
                <tbody>
                    {row("To buy", "total", |c| {
                        let unpriced = c.shortfall.0 > 0 && c.total.is_empty();
                        format::totals(&c.total, if unpriced { "not priced" } else { "nothing to buy" })
                    })}
                    {row("Over the horizon", "horizon", |c| format::horizon(c.horizon.as_ref(), "nothing"))}
                    {row("Products short", "short", |c| {
                        c.evaluation.positions.iter().filter(|p| p.shortfall > Rights(0)).count().to_string()
                    })}
                    {row("High findings", "high", |c| {
                        c.evaluation.findings.iter().filter(|f| f.severity() == Severity::High).count().to_string()
                    })}
                    {row("All findings", "findings", |c| c.evaluation.findings.len().to_string())}
                    {row("Compliant after purchase", "compliant", |c| {
                        if c.compliant { "yes".to_string() } else { "no: see its findings".to_string() }
                    })}
                </tbody>
            </table>
        </Show>
    }
}
