//! The workbook's licensing positions: Oracle's partitioning scope, whether ILMT is in place, and
//! whether shortfalls are bought as licences or subscriptions. Each change re-evaluates at once.

use leptos::prelude::*;
use preflight_engine::workbook::{Buy, OracleScope};

use super::read_chosen_file;
use crate::actions;
use crate::rule_pack::PackReport;
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
            <label>
                <input
                    type="checkbox"
                    data-testid="without-sa"
                    prop:checked=move || settings().without_sa
                    on:change=move |ev| actions::set_without_sa(state, event_target_checked(&ev))
                />
                " Without Software Assurance where the rules allow (a SQL Server core licence per VM)"
            </label>
        </div>
        <RulePackChoice />
    }
}

/// The rule pack in use, a file input to use another (the built-in pack's JSON shape), and the
/// way back to the built-in one. Every figure's derivation names the pack it was counted under.
#[component]
fn RulePackChoice() -> impl IntoView {
    let state = AppState::expect();
    let on_file = move |event: leptos::ev::Event| {
        read_chosen_file(&event, move |name, bytes| {
            crate::rule_pack::choose(state, name, bytes)
        });
    };
    let name = move || {
        state
            .rule_pack
            .with(|pack| format!("{} {} of {}", pack.id, pack.version, pack.published))
    };
    let from = move || {
        state.rule_pack_choice.with(|choice| match &choice.file {
            Some(file) => format!(" (from {file})"),
            None => " (built in)".to_string(),
        })
    };
    let builtin = move || state.rule_pack_choice.with(|choice| choice.file.is_none());
    let report = move || {
        state.rule_pack_choice.with(|choice| {
            choice.report.as_ref().map(|report| {
                let (class, role, text) = match report {
                    PackReport::Used { file, saved: true } => (
                        "report read",
                        "status",
                        format!("Using the rule pack in {file}; kept in this browser for your next visit."),
                    ),
                    PackReport::Used { file, saved: false } => (
                        "report failed",
                        "alert",
                        format!("Using the rule pack in {file} in this tab only: the browser did not let it be kept."),
                    ),
                    PackReport::Refused { file, reason } => (
                        "report failed",
                        "alert",
                        format!("Not used: {file}: {reason}. The rule pack is unchanged."),
                    ),
                    PackReport::Builtin => (
                        "report read",
                        "status",
                        "Back to the built-in rule pack.".to_string(),
                    ),
                    PackReport::SavedUnreadable { file, reason } => (
                        "report failed",
                        "alert",
                        format!("The rule pack kept in this browser ({file}) no longer reads ({reason}): the built-in pack is used; choose a pack file to replace it."),
                    ),
                };
                view! { <p class=class role=role data-testid="rule-pack-report">{text}</p> }
            })
        })
    };
    view! {
        <div class="settings" data-testid="rule-pack">
            <span>"Rule pack " <strong data-testid="rule-pack-name">{name}</strong> {from}</span>
            <label class="button secondary">
                "Use a rule pack file"
                <input type="file" accept=".json,application/json" data-testid="rule-pack-file" on:change=on_file />
            </label>
            <button
                data-testid="rule-pack-builtin"
                prop:disabled=builtin
                on:click=move |_| crate::rule_pack::use_builtin(state)
            >
                "Back to the built-in pack"
            </button>
        </div>
        {report}
    }
}
