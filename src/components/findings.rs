//! Findings by severity: risks, gaps and the assumptions behind the figures.

use leptos::prelude::*;

use super::product_name;
use crate::state::AppState;

#[component]
pub fn FindingList() -> impl IntoView {
    let state = AppState::expect();
    let findings = move || {
        state.evaluation.with(|evaluation| {
            let mut findings: Vec<_> = evaluation
                .findings
                .iter()
                .map(|finding| {
                    let product = finding
                        .product()
                        .map(|id| state.rule_pack.with(|pack| product_name(pack, id)));
                    (finding.severity(), product, finding.to_string())
                })
                .collect();
            preflight_engine::order::sort_by_key(&mut findings, |(severity, _, _)| *severity);
            findings
        })
    };
    view! {
        <ul class="findings" data-testid="findings">
            {move || {
                findings()
                    .into_iter()
                    .map(|(severity, product, message)| {
                        let class = format!("finding {}", format!("{severity:?}").to_lowercase());
                        view! {
                            <li class=class>
                                <span class="severity">{format!("{severity:?}")}</span>
                                {product.map(|name| view! { <strong>{name}": "</strong> })}
                                {message}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
