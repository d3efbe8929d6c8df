//! User groups and devices: who uses the products licensed by users or devices (CALs, named
//! users, Oracle NUP), added one group at a time with the product they use.

use leptos::prelude::*;
use preflight_engine::edit::people;
use preflight_engine::edit::{self, AddUserGroup, UserGroupChange};
use preflight_engine::{Deployment, ProductId};

use super::cloud::{Flag, ProductChoice, products_on};
use super::field::{Button, Field, FormInput};
use super::hosts::Outcome;
use super::{commit, reader_of};
use crate::actions;
use crate::components::rows::{Rows, rows_view};
use crate::state::AppState;
use preflight_engine::estate::UserGroup;

#[component]
pub fn UserGroupTable() -> impl IntoView {
    let state = AppState::expect();
    let count = move || {
        state
            .workbook
            .with(|w| w.scenario().deployment.user_groups.len())
    };
    let rows = Rows::new(move |keep| {
        state
            .workbook
            .with(|w| keep(&w.scenario().deployment.user_groups))
    });
    view! {
        <AddUserGroupForm />
        <Show when=move || count() != 0 fallback=|| view! { <p class="empty">"No user groups yet."</p> }>
            <table class="editor user-groups" data-testid="user-groups">
                <thead>
                    <tr>
                        <th>"User group"</th>
                        <th>"Users"</th>
                        <th>"Devices"</th>
                        <th>"Peak concurrent"</th>
                        <th>"External"</th>
                        <th>"Visual Studio"</th>
                        <th>"Uses"</th>
                        <th><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows_view(rows, |index, group| view! { <UserGroupRow index group /> }.into_any())}
                </tbody>
            </table>
        </Show>
    }
}

fn group_name(d: &Deployment, index: usize) -> String {
    d.user_groups
        .get(index)
        .map(|g| g.name.clone())
        .unwrap_or_default()
}

#[component]
fn UserGroupRow(index: usize, group: Signal<Option<UserGroup>>) -> impl IntoView {
    let state = AppState::expect();
    let read = reader_of(group);
    let name = read(|g| g.name.clone());
    let change = move |key: &str, parse: fn(&str) -> Result<UserGroupChange, edit::EditError>| {
        commit(
            state,
            format!("user-group.{index}.{key}"),
            move |d, text| {
                let group = group_name(d, index);
                edit::change_user_group(d, &group, parse(text)?)
            },
        )
    };
    let id = move |field: &str| format!("user-group-{index}-{field}");
    let label =
        move |field: &'static str| Signal::derive(move || format!("{field} of {}", name.get()));
    let remove = Callback::new(move |()| {
        let group = name.get_untracked();
        let _ = actions::edit(state, None, |d| edit::delete_user_groups(d, &[group]));
    });
    view! {
        <tr>
            <td>
                <Field id=id("name") label="User group name".to_string() value=name
                    commit=commit(state, format!("user-group.{index}.name"), move |d, text| {
                        let group = group_name(d, index);
                        edit::rename_user_group(d, &group, text)
                    }) />
            </td>
            <td>
                <Field id=id("users") label=label("Users") class="number" inputmode="numeric"
                    value=read(|g| g.users.to_string())
                    commit=change("users", |t| people::parse_people("users", t).map(UserGroupChange::Users)) />
            </td>
            <td>
                <Field id=id("devices") label=label("Devices") class="number" inputmode="numeric"
                    value=read(|g| g.devices.to_string())
                    commit=change("devices", |t| people::parse_people("devices", t).map(UserGroupChange::Devices)) />
            </td>
            <td>
                <Field id=id("concurrent") label=label("Peak concurrent users") class="number" inputmode="numeric"
                    value=read(|g| g.concurrent.map(|n| n.to_string()).unwrap_or_default())
                    commit=change("concurrent", |t| people::parse_optional_people("peak concurrent users", t).map(UserGroupChange::Concurrent)) />
            </td>
            <td class="check">
                <Flag id=id("external") label=label("External users")
                    value=read(|g| g.external.to_string())
                    commit=change("external", |t| Ok(UserGroupChange::External(t == "true"))) />
            </td>
            <td class="check">
                <Flag id=id("visual-studio") label=label("Visual Studio subscribers")
                    value=read(|g| g.visual_studio.to_string())
                    commit=change("visual-studio", |t| Ok(UserGroupChange::VisualStudio(t == "true"))) />
            </td>
            <td class="muted">{products_on(state, name, |p| &p.user_groups)}</td>
            <td class="actions">
                <Button text="Delete" label=Signal::derive(move || format!("Delete {}", name.get())) on_click=remove />
            </td>
        </tr>
    }
}

/// "Add a user group named staff of 250 users and 0 devices using SQL Server CAL".
#[component]
fn AddUserGroupForm() -> impl IntoView {
    let state = AppState::expect();
    let name = RwSignal::new(String::new());
    let users = RwSignal::new("100".to_string());
    let devices = RwSignal::new("0".to_string());
    let product = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    // An empty name takes the next free "users-{n}", so a group is one click away.
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let spec = (|| {
            let typed = name.get_untracked();
            let name = match edit::parse_optional_text(&typed) {
                Some(name) => name,
                None => state
                    .workbook
                    .with_untracked(|w| people::next_group_name(&w.scenario().deployment)),
            };
            Ok::<_, edit::EditError>(AddUserGroup {
                name,
                users: people::parse_people("users", &users.get_untracked())?,
                devices: people::parse_people("devices", &devices.get_untracked())?,
                product: edit::parse_optional_text(&product.get_untracked()).map(ProductId),
            })
        })();
        let result = spec.and_then(|spec| {
            state.rule_pack.with_untracked(|pack| {
                actions::edit(state, None, |d| {
                    edit::add_user_group(d, &pack.catalogue, &spec)
                })
            })
        });
        if result.is_ok() {
            name.set(String::new());
        }
        outcome.set(Some(
            result
                .map(|name| format!("Added user group {name}."))
                .map_err(|e| e.to_string()),
        ));
    };
    view! {
        <form class="add" on:submit=submit aria-label="Add a user group">
            <FormInput id="add-group-name" label="Named" text=name check=check_name />
            <FormInput id="add-group-users" label="Users" text=users class="number" inputmode="numeric"
                check=|t| people::parse_people("users", t).map(drop).map_err(|e| e.to_string()) />
            <FormInput id="add-group-devices" label="Devices" text=devices class="number" inputmode="numeric"
                check=|t| people::parse_people("devices", t).map(drop).map_err(|e| e.to_string()) />
            <ProductChoice id="add-group-product" label="Using" none="— nothing yet —" people=true chosen=product />
            <button type="submit" class="button">"Add user group"</button>
            <Outcome outcome />
        </form>
    }
}

/// Empty is allowed (the next free "users-{n}"); anything else must be a name.
fn check_name(text: &str) -> Result<(), String> {
    match edit::parse_optional_text(text) {
        Some(name) => edit::parse_name(&name).map(drop).map_err(|e| e.to_string()),
        None => Ok(()),
    }
}
