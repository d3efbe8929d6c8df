//! The scenario editor: the proposed deployment's hosts, clusters, VMs, cloud instances, user
//! groups, products and phases,
//! with fast entry (add many, duplicate, bulk edit, templates) and undo/redo. Every change is an
//! engine `edit` function through `actions::edit`; the results panels follow through the memo.

mod cloud;
mod clusters;
mod estate;
mod field;
mod hosts;
mod list;
mod phases;
mod placements;
mod users;
mod vms;

use leptos::prelude::*;
use preflight_engine::Deployment;
use preflight_engine::edit::{self, DeploymentChange, EditError, Template};

use crate::actions;
use crate::state::AppState;

/// The editor's generic select and labelled input, for the other tables' filters.
pub(crate) use cloud::{ProductChoice, ProviderChoice};
pub(crate) use field::{Button, Choice, Field, FormInput};
pub use list::ScenarioList;

type Apply = Box<dyn Fn(&mut Deployment, &str) -> Result<(), EditError> + Send + Sync>;
type Read<T> = Box<dyn Fn(&Deployment) -> T + Send + Sync>;

/// A field's commit: the edit with the typed text, recorded under `key` so that typing into
/// the field is one undo step. The edit is boxed so that the callback's code is in the wasm
/// once, not once per field.
fn commit(
    state: AppState,
    key: String,
    apply: impl Fn(&mut Deployment, &str) -> Result<(), EditError> + Send + Sync + 'static,
) -> Callback<String, Result<(), String>> {
    commit_boxed(state, key, Box::new(apply))
}

fn commit_boxed(
    state: AppState,
    key: String,
    apply: Apply,
) -> Callback<String, Result<(), String>> {
    Callback::new(move |text: String| {
        actions::edit(state, Some(&key), |deployment| apply(deployment, &text))
            .map_err(|error| error.to_string())
    })
}

/// A value of the deployment, as a field shows it (boxed for the same reason).
fn value(
    state: AppState,
    read: impl Fn(&Deployment) -> String + Send + Sync + 'static,
) -> Signal<String> {
    value_boxed(state, Box::new(read))
}

/// A memo, so that a field, label or text is touched only when its own value changes, not on
/// every edit of the deployment (400 VM rows each read a dozen values).
fn value_boxed(state: AppState, read: Read<String>) -> Signal<String> {
    Memo::new(move |_| state.workbook.with(|w| read(&w.scenario().deployment))).into()
}

/// The reader of a row's fields over the row's item (`rows::Rows`: set only when that item
/// changes): each field a memo over the item. An edit then re-runs the changed row's fields only.
/// Read from the workbook, every field of every row re-ran on every edit; and as Leptos
/// unsubscribes a re-run memo from a source in time linear in the source's subscribers, the
/// ~4,000 field memos of 200 hosts and 400 placements made an edit quadratic.
fn reader_of<T: Clone + PartialEq + Send + Sync + 'static>(
    item: Signal<Option<T>>,
) -> impl Fn(fn(&T) -> String) -> Signal<String> + Copy {
    move |f| Memo::new(move |_| item.with(|item| item.as_ref().map(f).unwrap_or_default())).into()
}

#[component]
pub fn ScenarioEditor() -> impl IntoView {
    let state = AppState::expect();
    // Ctrl+Z / Cmd+Z undoes, Ctrl+Y / Ctrl+Shift+Z redoes, wherever the focus is: a typed edit
    // is already in the deployment, so the deployment's history is the one to walk.
    let _ = window_event_listener(leptos::ev::keydown, move |event| {
        if !(event.ctrl_key() || event.meta_key()) || event.alt_key() {
            return;
        }
        match (event.key().as_str(), event.shift_key()) {
            ("z" | "Z", false) => actions::undo(state),
            ("z" | "Z", true) | ("y" | "Y", false) => actions::redo(state),
            _ => return,
        }
        event.prevent_default();
    });
    let template = RwSignal::new(Template::VmwareCluster3);
    let use_template = move |template: Template| {
        let _ = actions::edit(state, None, |deployment| {
            *deployment = template.deployment();
            Ok(())
        });
    };
    let cannot_undo = Signal::derive(move || !state.history.with(|h| h.can_undo()));
    let cannot_redo = Signal::derive(move || !state.history.with(|h| h.can_redo()));
    view! {
        <div class="toolbar" role="group" aria-label="Deployment">
            <Button text="Empty this scenario" on_click=Callback::new(move |()| use_template(Template::Empty)) />
            <span class="group">
                <select
                    aria-label="Template"
                    on:change=move |event| {
                        let index = event_target_value(&event).parse::<usize>().unwrap_or(0);
                        template.set(Template::ALL.get(index).copied().unwrap_or(Template::Empty));
                    }
                >
                    {Template::ALL
                        .iter()
                        .enumerate()
                        .map(|(index, t)| {
                            view! {
                                <option value=index.to_string() selected=*t == template.get_untracked()>
                                    {t.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <Button text="Start from template" on_click=Callback::new(move |()| use_template(template.get())) />
            </span>
            <span class="group">
                <Button text="Undo" disabled=cannot_undo on_click=Callback::new(move |()| actions::undo(state)) />
                <Button text="Redo" disabled=cannot_redo on_click=Callback::new(move |()| actions::redo(state)) />
            </span>
            <span class="hint">"Ctrl+Z undoes, Ctrl+Y redoes. Starting over can be undone."</span>
        </div>
        <div class="deployment-fields">
            <label for="deployment-name">"Project"</label>
            <Field
                id="deployment-name".into()
                label="Project".to_string()
                class="wide"
                value=value(state, |d| d.name.clone())
                commit=commit(state, "deployment.name".into(), |d, text| {
                    edit::change_deployment(d, DeploymentChange::Name(text.to_string()));
                    Ok(())
                })
            />
            <label for="deployment-start">"Goes live"</label>
            <Field
                id="deployment-start".into()
                label="Goes live".to_string()
                kind="date"
                value=value(state, |d| d.start.map(|date| date.to_string()).unwrap_or_default())
                commit=commit(state, "deployment.start".into(), |d, text| {
                    edit::change_deployment(d, DeploymentChange::Start(edit::parse_date(text)?));
                    Ok(())
                })
            />
            <label for="deployment-entity">"Legal entity"</label>
            <Field
                id="deployment-entity".into()
                label="Legal entity".to_string()
                value=value(state, |d| d.legal_entity.clone().unwrap_or_default())
                commit=commit(state, "deployment.legal_entity".into(), |d, text| {
                    let entity = edit::parse_optional_text(text);
                    edit::change_deployment(d, DeploymentChange::LegalEntity(entity));
                    Ok(())
                })
            />
            <span class="hint">"Goes live empty: the as-of date. Legal entity empty: any entity's licences count."</span>
        </div>
        <h3>"Hosts"</h3>
        <hosts::HostTable />
        <h3>"Clusters and host groups"</h3>
        <clusters::ClusterList />
        <h3>"Virtual machines"</h3>
        <vms::VmTable />
        <h3>"Cloud instances"</h3>
        <cloud::InstanceTable />
        <h3>"User groups and devices"</h3>
        <users::UserGroupTable />
        <h3>"Products placed"</h3>
        <placements::PlacementTable />
        <h3>"Phases"</h3>
        <phases::PhaseTable />
        <h3>"Existing estate"</h3>
        <estate::ExistingEstate />
    }
}

/// The editor as a split point: with the `split` feature (`cargo xtask dist`) its code, and
/// what only it reaches, is cut out of the page's wasm by wasm-split into a second module,
/// fetched (sha384-checked) and instantiated on the first call. A load that fails (network,
/// integrity) is an `Err`, not a panic: panic = "abort" would stop the whole page.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(
    editor,
    wasm_split_path = ::leptos::wasm_split,
    preload(fetch_editor),
    fallible
)]
pub(crate) fn editor_view() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <ScenarioEditor /> }.into_any())
}

/// The scenario editor of the split build: nothing until its module is in, then the editor
/// (or, if it could not be loaded, why). `shown` runs once either is on the page, so the page
/// unfolds what comes below only then and nothing moves when the editor arrives.
#[cfg(feature = "split")]
#[component]
pub fn LazyScenarioEditor(shown: Callback<()>) -> impl IntoView {
    let editor = send_wrapper::SendWrapper::new(async move {
        let view = match editor_view().await {
            Ok(view) => view,
            Err(error) => view! {
                <p class="error" role="alert" data-testid="editor-load-error">
                    "The scenario editor could not be loaded (" {error.to_string()}
                    "): reload the page to try again. The results below are complete."
                </p>
            }
            .into_any(),
        };
        shown.run(());
        view
    });
    view! { <Suspense fallback=|| ()>{Suspend::new(editor)}</Suspense> }
}

/// The names of the deployment's hosts, clusters or VMs, for a select's options, after a
/// first option for "none".
fn options(
    state: AppState,
    none: &'static str,
    names: impl Fn(&Deployment) -> Vec<String> + Send + Sync + 'static,
) -> Signal<Vec<(String, String)>> {
    Memo::new(move |_| {
        let mut options = vec![(String::new(), none.to_string())];
        state.workbook.with(|w| {
            options.extend(
                names(&w.scenario().deployment)
                    .into_iter()
                    .map(|name| (name.clone(), name)),
            );
        });
        options
    })
    .into()
}

/// A list of names as a field shows it.
fn joined(names: &[String]) -> String {
    names.join(", ")
}
