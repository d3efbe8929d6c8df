//! The workbook's scenarios: one shown and edited at a time, each a way to carry out the project,
//! added empty, copied from the one shown, renamed, described for the change board, or deleted
//! (never the last one, and only after a second click).

use leptos::prelude::*;

use super::field::{Button, Field};
use crate::actions;
use crate::state::AppState;

#[component]
pub fn ScenarioList() -> impl IntoView {
    let state = AppState::expect();
    let names = state.scenario_names;
    let active = Memo::new(move |_| state.workbook.with(|w| w.active));
    let confirming = RwSignal::new(false);
    let only_one = Signal::derive(move || names.with(|n| n.len() < 2));
    let active_name =
        Signal::derive(move || names.with(|n| n.get(active.get()).cloned().unwrap_or_default()));
    let description = Memo::new(move |_| state.workbook.with(|w| w.scenario().description.clone()));
    view! {
        <div class="scenario-list" role="group" aria-label="Scenarios">
            <ul class="scenario-tabs" data-testid="scenarios">
                {move || {
                    names
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(index, name)| {
                            let pressed = move || (active.get() == index).to_string();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        data-testid="scenario-tab"
                                        aria-pressed=pressed
                                        on:click=move |_| {
                                            confirming.set(false);
                                            actions::select_scenario(state, index)
                                        }
                                    >
                                        {name}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <Button text="New scenario" on_click=Callback::new(move |()| actions::add_scenario(state)) />
            <Button
                text="Duplicate scenario"
                on_click=Callback::new(move |()| actions::duplicate_scenario(state))
            />
            <Show
                when=move || confirming.get()
                fallback=move || {
                    view! {
                        <Button
                            text="Delete scenario"
                            disabled=only_one
                            on_click=Callback::new(move |()| confirming.set(true))
                        />
                    }
                }
            >
                <span class="confirm" role="alert">
                    "Delete \u{201c}" {active_name} "\u{201d} and everything in it? "
                    <Button
                        text="Delete"
                        on_click=Callback::new(move |()| {
                            confirming.set(false);
                            actions::remove_scenario(state);
                        })
                    />
                    <Button text="Keep it" on_click=Callback::new(move |()| confirming.set(false)) />
                </span>
            </Show>
        </div>
        <div class="deployment-fields">
            <label for="scenario-name">"Scenario name"</label>
            <Field
                id="scenario-name".into()
                label="Scenario name".to_string()
                class="wide"
                value=active_name
                commit=Callback::new(move |text: String| actions::rename_scenario(state, &text))
            />
            <label for="scenario-description">"What it assumes"</label>
            <Field
                id="scenario-description".into()
                label="What it assumes".to_string()
                class="wide"
                value=description.into()
                commit=Callback::new(move |text: String| {
                    actions::describe_scenario(state, text);
                    Ok(())
                })
            />
        </div>
    }
}
