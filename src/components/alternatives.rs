//! Alternatives side by side: the deployment as proposed and the catalogue's variants, what each
//! must buy, whether it is compliant, the cheapest compliant marked, and a click to adopt one.

use leptos::prelude::*;

use crate::actions;
use crate::format;
use crate::state::AppState;

#[component]
pub fn AlternativesTable() -> impl IntoView {
    let state = AppState::expect();
    let rows = move || state.alternatives.get();
    view! {
        <table class="alternatives" data-testid="alternatives">
            <thead>
                <tr>
                    <th>"Alternative"</th>
                    <th class="num">"To buy"</th>
                    <th>"Compliant after purchase"</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    rows()
                        .into_iter()
                        .map(|compared| {
                            let total = format::totals(&compared.total, "nothing to buy");
                            let compliant = if compared.compliant { "yes" } else { "no: see its findings" };
                            let class = if compared.cheapest { "cheapest" } else { "" };
                            let apply = compared.alternative.clone().map(|alternative| {
                                view! {
                                    <button on:click=move |_| actions::apply_alternative(state, &alternative)>
                                        "Use this"
                                    </button>
                                }
                            });
                            view! {
                                <tr class=class data-name=compared.name.clone()>
                                    <td>
                                        {compared.name.clone()}
                                        {compared.cheapest.then(|| view! { <span class="badge">"cheapest compliant"</span> })}
                                    </td>
                                    <td class="num" data-field="total">{total}</td>
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
