//! Findings by severity: risks, gaps and the assumptions behind the figures.

use std::collections::HashMap;

use leptos::prelude::*;
use preflight_engine::Severity;

use super::product_name;
use crate::state::AppState;

/// One finding as shown, and its key: the same text a second time is its second occurrence.
type Shown = (Severity, Option<String>, String, usize);

#[component]
pub fn FindingList() -> impl IntoView {
    let state = AppState::expect();
    let findings = move || {
        state.evaluation.with(|evaluation| {
            state.rule_pack.with(|pack| {
                let mut findings: Vec<Shown> = evaluation
                    .findings
                    .iter()
                    .map(|finding| {
                        let product = finding.product().map(|id| product_name(pack, id));
                        (finding.severity(), product, finding.to_string(), 0)
                    })
                    .collect();
                preflight_engine::order::sort_by_key(&mut findings, |(severity, ..)| *severity);
                let mut seen: HashMap<(Option<&str>, &str), usize> = HashMap::new();
                let occurrences: Vec<usize> = findings
                    .iter()
                    .map(|(_, product, message, _)| {
                        let n = seen.entry((product.as_deref(), message)).or_default();
                        *n += 1;
                        *n
                    })
                    .collect();
                for (finding, n) in findings.iter_mut().zip(occurrences) {
                    finding.3 = n;
                }
                findings
            })
        })
    };
    // Keyed by what each says: an edit that changes a few of thousands of findings (a large
    // estate has ~6,000) adds and removes those items, and leaves the rest of the list alone.
    view! {
        <ul class="findings" data-testid="findings">
            <For each=findings key=|shown| shown.clone() let((severity, product, message, _))>
                <li class=format!("finding {}", format!("{severity:?}").to_lowercase())>
                    <span class="severity">{format!("{severity:?}")}</span>
                    {product.map(|name| view! { <strong>{name}": "</strong> })}
                    {message}
                </li>
            </For>
        </ul>
    }
}
