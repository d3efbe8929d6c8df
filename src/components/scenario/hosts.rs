//! Hosts: add many of one shape at once, and each host's name and processors.

use leptos::prelude::*;
use preflight_engine::edit::{self, AddHosts, HostChange, Quantity, Target};

use super::field::{Field, FormInput, RowActions};
use super::{commit, reader_of};
use crate::actions;
use crate::components::rows::{Rows, rows_view};
use crate::format;
use crate::state::AppState;
use preflight_engine::Host;

fn check_quantity(quantity: Quantity) -> impl Fn(&str) -> Result<(), String> {
    move |text| quantity.parse(text).map(drop).map_err(|e| e.to_string())
}

#[component]
pub fn HostTable() -> impl IntoView {
    let state = AppState::expect();
    let count = move || state.workbook.with(|w| w.scenario().deployment.hosts.len());
    let rows = Rows::new(move |keep| {
        state
            .workbook
            .with(|w| keep(&w.scenario().deployment.hosts))
    });
    // Each host's clusters, worked out once for the table: a memo per row on the workbook re-ran
    // on every edit (see `rows`).
    let clusters = Memo::new(move |_| {
        state.workbook.with(|w| {
            let d = &w.scenario().deployment;
            d.hosts
                .iter()
                .map(|host| {
                    d.clusters
                        .iter()
                        .filter(|c| c.hosts.contains(&host.name))
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect::<Vec<String>>()
        })
    });
    view! {
        <AddHostsForm />
        <Show when=move || count() != 0 fallback=|| view! { <p class="empty">"No hosts yet."</p> }>
            <table class="editor hosts" data-testid="hosts">
                <thead>
                    <tr>
                        <th>"Host"</th>
                        <th>"Sockets"</th>
                        <th>"Cores per socket"</th>
                        <th class="num">"Physical cores"</th>
                        <th>"Max sockets"</th>
                        <th>"Threads per core"</th>
                        <th>"Processor"</th>
                        <th>"Clusters"</th>
                        <th><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows_view(rows, move |index, host| view! { <HostRow index host clusters /> }.into_any())}
                </tbody>
            </table>
        </Show>
    }
}

#[component]
fn HostRow(index: usize, host: Signal<Option<Host>>, clusters: Memo<Vec<String>>) -> impl IntoView {
    let state = AppState::expect();
    let name = move || {
        state.workbook.with_untracked(|w| {
            w.scenario()
                .deployment
                .hosts
                .get(index)
                .map(|h| h.name.clone())
        })
    };
    let read = reader_of(host);
    let name_now = read(|h| h.name.clone());
    // The host at this row when the text is committed: rows are keyed by position, so a rename
    // keeps the focus in its field.
    let change = move |key: &str, parse: fn(&str) -> Result<HostChange, edit::EditError>| {
        commit(state, format!("host.{index}.{key}"), move |d, text| {
            let host = d
                .hosts
                .get(index)
                .map(|h| h.name.clone())
                .unwrap_or_default();
            edit::change_host(d, &host, parse(text)?)
        })
    };
    let id = move |field: &str| format!("host-{index}-{field}");
    let label =
        move |field: &'static str| Signal::derive(move || format!("{field} of {}", name_now.get()));
    let cores = read(|h| format::count(h.physical_cores()));
    let clusters =
        Memo::new(move |_| clusters.with(|all| all.get(index).cloned().unwrap_or_default()));
    let duplicate = Callback::new(move |()| {
        if let Some(host) = name() {
            let _ = actions::edit(state, None, |d| edit::duplicate_host(d, &host));
        }
    });
    let remove = Callback::new(move |()| {
        if let Some(host) = name() {
            let _ = actions::edit(state, None, |d| edit::delete(d, &[Target::Host(host)]));
        }
    });
    view! {
        <tr>
            <td>
                <Field
                    id=id("name")
                    label="Host name".to_string()
                    value=read(|h| h.name.clone())
                    commit=commit(state, format!("host.{index}.name"), move |d, text| {
                        let host = d.hosts.get(index).map(|h| h.name.clone()).unwrap_or_default();
                        edit::rename(d, &Target::Host(host), text)
                    })
                />
            </td>
            <td>
                <Field id=id("sockets") label=label("Sockets") class="number" inputmode="numeric"
                    value=read(|h| h.sockets.to_string())
                    commit=change("sockets", |t| Quantity::Sockets.parse(t).map(HostChange::Sockets)) />
            </td>
            <td>
                <Field id=id("cores") label=label("Cores per socket") class="number" inputmode="numeric"
                    value=read(|h| h.cores_per_socket.to_string())
                    commit=change("cores", |t| Quantity::CoresPerSocket.parse(t).map(HostChange::CoresPerSocket)) />
            </td>
            <td class="num">{cores}</td>
            <td>
                <Field id=id("max-sockets") label=label("Max sockets") class="number" inputmode="numeric"
                    value=read(|h| h.max_sockets.map(|n| n.to_string()).unwrap_or_default())
                    commit=change("max-sockets", |t| Quantity::MaxSockets.parse_optional(t).map(HostChange::MaxSockets)) />
            </td>
            <td>
                <Field id=id("threads") label=label("Threads per core") class="number" inputmode="numeric"
                    value=read(|h| h.threads_per_core.map(|n| n.to_string()).unwrap_or_default())
                    commit=change("threads", |t| Quantity::ThreadsPerCore.parse_optional(t).map(HostChange::ThreadsPerCore)) />
            </td>
            <td>
                <Field id=id("processor") label=label("Processor")
                    value=read(|h| h.processor.clone().unwrap_or_default())
                    commit=change("processor", |t| Ok(HostChange::Processor(edit::parse_optional_text(t)))) />
            </td>
            <td class="muted">{clusters}</td>
            <RowActions name=name_now duplicate remove />
        </tr>
    }
}

/// "Add N hosts named esx-{n} of S sockets × C cores into cluster X".
#[component]
fn AddHostsForm() -> impl IntoView {
    let state = AppState::expect();
    let count = RwSignal::new("1".to_string());
    let pattern = RwSignal::new("host-{n}".to_string());
    let sockets = RwSignal::new("2".to_string());
    let cores = RwSignal::new("16".to_string());
    let cluster = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let spec = (|| {
            Ok::<_, edit::EditError>(AddHosts {
                count: Quantity::Count.parse(&count.get_untracked())?,
                pattern: pattern.get_untracked(),
                sockets: Quantity::Sockets.parse(&sockets.get_untracked())?,
                cores_per_socket: Quantity::CoresPerSocket.parse(&cores.get_untracked())?,
                cluster: edit::parse_optional_text(&cluster.get_untracked()),
            })
        })();
        let result =
            spec.and_then(|spec| actions::edit(state, None, |d| edit::add_hosts(d, &spec)));
        outcome.set(Some(
            result
                .map(|names| added_text("host", &names))
                .map_err(|e| e.to_string()),
        ));
    };
    view! {
        <form class="add" on:submit=submit aria-label="Add hosts">
            <FormInput id="add-hosts-count" label="How many" text=count class="number" inputmode="numeric" check=|t| check_quantity(Quantity::Count)(t) />
            <FormInput id="add-hosts-pattern" label="Named" text=pattern check=|t| check_pattern(t) />
            <FormInput id="add-hosts-sockets" label="Sockets" text=sockets class="number" inputmode="numeric" check=|t| check_quantity(Quantity::Sockets)(t) />
            <FormInput id="add-hosts-cores" label="Cores per socket" text=cores class="number" inputmode="numeric" check=|t| check_quantity(Quantity::CoresPerSocket)(t) />
            <FormInput id="add-hosts-cluster" label="In cluster (new or existing)" text=cluster check=|t| check_cluster(t) />
            <button type="submit" class="button">"Add hosts"</button>
            <Outcome outcome />
        </form>
    }
}

/// A name pattern: `{n}` numbers the names; checked by numbering one.
pub fn check_pattern(text: &str) -> Result<(), String> {
    edit::check_pattern(text).map_err(|e| e.to_string())
}

fn check_cluster(text: &str) -> Result<(), String> {
    match edit::parse_optional_text(text) {
        Some(name) => edit::parse_name(&name).map(drop).map_err(|e| e.to_string()),
        None => Ok(()),
    }
}

/// "Added 4 hosts: esx-1 … esx-4."
pub fn added_text(noun: &str, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("Added {noun} {one}."),
        [first, .., last] => format!("Added {} {noun}s: {first} … {last}.", names.len()),
    }
}

/// What the last submit of a form did, announced to screen readers.
#[component]
pub fn Outcome(outcome: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    view! {
        <span class="outcome" role="status">
            {move || match outcome.get() {
                Some(Ok(text)) => view! { <span class="done">{text}</span> }.into_any(),
                Some(Err(text)) => view! { <span class="field-error">{text}</span> }.into_any(),
                None => ().into_any(),
            }}
        </span>
    }
}
