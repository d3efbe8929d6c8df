//! The workbook's licensing positions: Oracle's partitioning scope, whether ILMT is in place, and
//! whether shortfalls are bought as licences or subscriptions. Each change re-evaluates at once.

use leptos::prelude::*;
use preflight_engine::workbook::{Buy, OracleScope};

use crate::actions;
use crate::state::AppState;

#[component]
pub fn RuleSettings() -> impl IntoView {
    let state = AppState::expect();
    let settings = move || state.workbook.with(|w| w.settings.clone());
    let scope = move || match settings().oracle_scope {
        OracleScope::Cluster => "cluster",
        OracleScope::Vcenter => "vcenter",
        OracleScope::Estate => "estate",
    };
    let buy = move || match settings().buy {
        Buy::Licences => "licences",
        Buy::Subscriptions => "subscriptions",
    };
    let set_scope = move |ev: leptos::ev::Event| {
        let scope = match event_target_value(&ev).as_str() {
            "vcenter" => OracleScope::Vcenter,
            "estate" => OracleScope::Estate,
            _ => OracleScope::Cluster,
        };
        actions::set_oracle_scope(state, scope);
    };
    let set_buy = move |ev: leptos::ev::Event| {
        let buy = match event_target_value(&ev).as_str() {
            "subscriptions" => Buy::Subscriptions,
            _ => Buy::Licences,
        };
        actions::set_buy(state, buy);
    };
    view! {
        <div class="settings" data-testid="rule-settings">
            <label>
                "Oracle partitioning scope "
                <select on:change=set_scope prop:value=scope data-testid="oracle-scope">
                    <option value="cluster">"the VM's cluster"</option>
                    <option value="vcenter">"every cluster of its vCenter"</option>
                    <option value="estate">"the whole estate"</option>
                </select>
            </label>
            <label>
                <input
                    type="checkbox"
                    data-testid="ilmt"
                    prop:checked=move || settings().ilmt
                    on:change=move |ev| actions::set_ilmt(state, event_target_checked(&ev))
                />
                " IBM License Metric Tool in place (sub-capacity counting)"
            </label>
            <label>
                "Buy what is short as "
                <select on:change=set_buy prop:value=buy data-testid="buy">
                    <option value="licences">"licences (with support)"</option>
                    <option value="subscriptions">"yearly subscriptions"</option>
                </select>
            </label>
        </div>
    }
}
