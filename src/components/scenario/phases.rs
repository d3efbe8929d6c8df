//! Phases of the rollout, each with its go-live date; a placement may name one.

use leptos::prelude::*;
use preflight_engine::Deployment;
use preflight_engine::edit::{self, Target};

use super::field::{Button, Field, indexed_rows};
use super::{commit, value};
use crate::actions;
use crate::state::AppState;

#[component]
pub fn PhaseTable() -> impl IntoView {
    let state = AppState::expect();
    let count = move || {
        state
            .workbook
            .with(|w| w.scenario().deployment.phases.len())
    };
    let add = Callback::new(move |()| {
        // A new phase starts on the deployment's go-live date, else the as-of date.
        let start = state
            .workbook
            .with_untracked(|w| w.scenario().deployment.start)
            .unwrap_or_else(|| state.as_of.get_untracked());
        let _ = actions::edit(state, None, |d| Ok(edit::add_phase(d, start)));
    });
    view! {
        <Show when=move || count() != 0 fallback=|| view! { <p class="empty">"No phases: everything goes live together."</p> }>
            <table class="editor phases" data-testid="phases">
                <thead>
                    <tr>
                        <th>"Phase"</th>
                        <th>"Goes live"</th>
                        <th><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {indexed_rows(Memo::new(move |_| count()).into(), |index| view! { <PhaseRow index /> }.into_any())}
                </tbody>
            </table>
        </Show>
        <div class="add-one"><Button text="Add phase" on_click=add /></div>
    }
}

#[component]
fn PhaseRow(index: usize) -> impl IntoView {
    let state = AppState::expect();
    let name_in = move |d: &Deployment| {
        d.phases
            .get(index)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let name = value(state, name_in);
    let remove = Callback::new(move |()| {
        let _ = actions::edit(state, None, |d| {
            edit::delete(d, &[Target::Phase(name.get_untracked())])
        });
    });
    let labelled =
        move |text: &'static str| Signal::derive(move || format!("{text} {}", name.get()));
    view! {
        <tr>
            <td>
                <Field id=format!("phase-{index}-name") label="Phase name".to_string()
                    value=name
                    commit=commit(state, format!("phase.{index}.name"), move |d, text| {
                        let phase = name_in(d);
                        edit::rename(d, &Target::Phase(phase), text)
                    }) />
            </td>
            <td>
                <Field id=format!("phase-{index}-start") label=labelled("Go-live date of") kind="date"
                    value=value(state, move |d| d.phases.get(index).map(|p| p.start.to_string()).unwrap_or_default())
                    commit=commit(state, format!("phase.{index}.start"), move |d, text| {
                        let phase = name_in(d);
                        match edit::parse_date(text)? {
                            Some(start) => edit::set_phase_start(d, &phase, start),
                            None => Err(edit::EditError::NoDate),
                        }
                    }) />
            </td>
            <td class="actions">
                <Button text="Delete" label=labelled("Delete phase") on_click=remove />
            </td>
        </tr>
    }
}
