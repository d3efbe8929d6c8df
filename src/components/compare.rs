//! The workbook's scenarios side by side: what each must buy, costs over the horizon, leaves
//! short and raises, whether it is compliant, the cheapest compliant marked, and a click to show
//! one. Up to four at once; the user takes scenarios out of the comparison and back in.

use leptos::prelude::*;
use preflight_engine::alternatives::Compared;
use preflight_engine::compare::MOST_COMPARED;

use crate::actions;
use crate::format;
use crate::state::AppState;

#[component]
pub fn ScenarioComparison() -> impl IntoView {
    let state = AppState::expect();
    let names = state.scenario_names;
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
                    {row("Products short", "short", |c| c.products_short.to_string())}
                    {row("High findings", "high", |c| c.high_findings.to_string())}
                    {row("All findings", "findings", |c| c.findings.to_string())}
                    {row("Compliant after purchase", "compliant", |c| {
                        if c.compliant { "yes".to_string() } else { "no: see its findings".to_string() }
                    })}
                </tbody>
            </table>
        </Show>
    }
}

/// The engine's alternatives to the active scenario (another edition, per VM or by host,
/// Processor or Named User Plus, licences or subscriptions), each one click from the
/// comparison: a variant of the deployment joins it as a scenario of its own, the active one
/// still shown; a variant of a setting (Oracle's scope, how to buy) is the workbook's, so it is
/// used rather than compared.
#[component]
pub fn CompareVariants() -> impl IntoView {
    let state = AppState::expect();
    let variants = move || {
        let descriptions: Vec<(String, String)> = state.workbook.with(|w| {
            w.scenarios
                .iter()
                .map(|s| (s.name.clone(), s.description.clone()))
                .collect()
        });
        state
            .alternatives
            .get()
            .into_iter()
            .filter_map(|compared| {
                let alternative = compared.alternative?;
                let horizon = format::horizon(compared.horizon.as_ref(), "nothing");
                let setting = alternative.changes_settings();
                let description = state
                    .workbook
                    .with(|w| actions::variant_description(w, &alternative));
                let kept = descriptions
                    .iter()
                    .find(|(_, d)| *d == description)
                    .map(|(n, _)| n.clone());
                // One button for the three cases: each `into_any` arm would be render code of
                // its own in the wasm.
                let (text, done) = match (setting, kept) {
                    (true, _) => ("Use this setting".to_string(), false),
                    (false, Some(kept)) => (format!("Compared as \u{201c}{kept}\u{201d}"), true),
                    (false, None) => ("Add to the comparison".to_string(), false),
                };
                let name = alternative.name.clone();
                let label = name.clone();
                Some(view! {
                    <li data-name=name>
                        <span class="variant-name">{label}</span>
                        {compared.cheapest.then(|| view! { <span class="badge">"cheapest compliant"</span> })}
                        <span class="num">{format!(" · over the horizon {horizon}")}</span>
                        <button
                            type="button"
                            disabled=move || done || state.alternatives_working.get().is_some()
                            on:click=move |_| {
                                if setting {
                                    actions::apply_alternative(state, &alternative)
                                } else {
                                    actions::compare_alternative(state, &alternative)
                                }
                            }
                        >
                            {text}
                        </button>
                    </li>
                })
            })
            .collect_view()
    };
    view! {
        <div class="variants" data-testid="compare-variants">
            <h3>
                {move || {
                    format!(
                        "Variants of \u{201c}{}\u{201d} to weigh",
                        state.workbook.with(|w| w.scenario().name.clone()),
                    )
                }}
            </h3>
            <ul>{variants}</ul>
        </div>
    }
}
