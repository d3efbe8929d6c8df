//! Alternatives side by side: the deployment as proposed and the rule pack's variants, what each
//! must buy and costs over the horizon, whether it is compliant, the cheapest compliant marked,
//! and a click to adopt one.

use leptos::prelude::*;

use crate::actions;
use crate::format;
use crate::state::AppState;

#[component]
pub fn AlternativesTable() -> impl IntoView {
    let state = AppState::expect();
    let rows = move || state.alternatives.get();
    // Worked out after each edit (crate::alternatives): until then the rows are the last set's,
    // shown as such, and their buttons wait.
    let working = move || state.alternatives_working.get().is_some();
    let status = move || {
        state.alternatives_working.get().map(|(done, of)| {
            let progress = if of > 0 {
                format!(" ({done} of {of})")
            } else {
                String::new()
            };
            view! {
                <p class="hint" role="status" data-testid="alternatives-working">
                    {format!("Working out alternatives\u{2026}{progress}")}
                </p>
            }
        })
    };
    view! {
        {status}
        <table class="alternatives" aria-busy=move || working().to_string() data-testid="alternatives">
            <thead>
                <tr>
                    <th>"Alternative"</th>
                    <th class="num">"To buy"</th>
                    <th class="num">"Over the horizon"</th>
                    <th>"Compliant after purchase"</th>
                    <th><span class="visually-hidden">"Action"</span></th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    rows()
                        .into_iter()
                        .map(|compared| {
                            // Nothing priced but something short: say so rather than "nothing".
                            let unpriced = compared.shortfall.0 > 0 && compared.total.is_empty();
                            let (none_to_buy, none_over) = if unpriced { ("not priced", "not priced") } else { ("nothing to buy", "nothing") };
                            let total = format::totals(&compared.total, none_to_buy);
                            let horizon = format::horizon(compared.horizon.as_ref(), none_over);
                            let compliant = if compared.compliant { "yes" } else { "no: see its findings" };
                            let class = if compared.cheapest { "cheapest" } else { "" };
                            let apply = compared.alternative.clone().map(|alternative| {
                                // A variant of the deployment alone can be a scenario of its own;
                                // a setting (Oracle's scope, how to buy) is the workbook's.
                                let keep = (!alternative.changes_settings())
                                    .then(|| {
                                        let alternative = alternative.clone();
                                        view! {
                                            <button disabled=working on:click=move |_| actions::keep_alternative_as_scenario(state, &alternative)>
                                                "Keep as a scenario"
                                            </button>
                                        }
                                    });
                                view! {
                                    <button disabled=working on:click=move |_| actions::apply_alternative(state, &alternative)>
                                        "Use this"
                                    </button>
                                    {keep}
                                }
                            });
                            view! {
                                <tr class=class data-name=compared.name.clone()>
                                    <td>
                                        {compared.name.clone()}
                                        {compared.cheapest.then(|| view! { <span class="badge">"cheapest compliant"</span> })}
                                    </td>
                                    <td class="num" data-field="total">{total}</td>
                                    <td class="num" data-field="horizon">{horizon}</td>
                                    <td data-field="compliant">{compliant}</td>
                                    <td>{apply}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
        <p class="hint">
            "Editions differ in features and limits: check that the workload fits before adopting one."
        </p>
    }
}
