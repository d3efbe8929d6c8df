//! Virtual machines: add many at once, edit each, and change a selection of them together.

use leptos::prelude::*;
use preflight_engine::edit::{self, AddVms, Quantity, Target, VmChange};
use preflight_engine::{Cluster, Environment, Placement, ProductId, Role, Vm};

use super::field::{Button, Choice, Field, FormInput, RowActions};
use super::hosts::{Outcome, added_text, check_pattern};
use super::{commit, options};
use crate::actions;
use crate::components::product_name;
use crate::components::rows::{Rows, rows_view};
use crate::state::AppState;

pub(super) const ENVIRONMENTS: [(Environment, &str); 4] = [
    (Environment::Production, "Production"),
    (Environment::Development, "Development"),
    (Environment::Test, "Test"),
    (Environment::Qa, "QA"),
];

pub(super) const ROLES: [(Role, &str); 4] = [
    (Role::Primary, "Primary"),
    (Role::PassiveHa, "Passive (HA)"),
    (Role::PassiveDr, "Passive (DR)"),
    (Role::ReadableSecondary, "Readable secondary"),
];

/// A closed vocabulary as select options, by position (the value is the index).
pub(super) fn vocabulary<T>(items: &'static [(T, &'static str)]) -> Signal<Vec<(String, String)>> {
    Signal::stored(
        items
            .iter()
            .enumerate()
            .map(|(index, (_, label))| (index.to_string(), label.to_string()))
            .collect(),
    )
}

pub(super) fn position_of<T: PartialEq>(items: &[(T, &str)], value: &T) -> String {
    items
        .iter()
        .position(|(item, _)| item == value)
        .unwrap_or(0)
        .to_string()
}

pub(super) fn pick<T: Copy>(items: &[(T, &str)], text: &str) -> Option<T> {
    text.parse::<usize>()
        .ok()
        .and_then(|i| items.get(i))
        .map(|(item, _)| *item)
}

/// The VMs selected for a bulk change, by name (names that no longer exist are ignored).
#[derive(Clone, Copy)]
struct Selection(RwSignal<Vec<String>>);

impl Selection {
    fn current(self, state: AppState) -> Vec<String> {
        let selected = self.0.get_untracked();
        state.workbook.with_untracked(|w| {
            w.scenario()
                .deployment
                .vms
                .iter()
                .map(|vm| vm.name.clone())
                .filter(|name| selected.contains(name))
                .collect()
        })
    }
}

#[component]
pub fn VmTable() -> impl IntoView {
    let state = AppState::expect();
    let selection = Selection(RwSignal::new(Vec::new()));
    provide_context(selection);
    // What every row shows beside its own VM, computed once per edit for all rows.
    let clusters = Memo::new(move |_| {
        state
            .workbook
            .with(|w| w.scenario().deployment.clusters.clone())
    });
    let placements = Memo::new(move |_| {
        state
            .workbook
            .with(|w| w.scenario().deployment.placements.clone())
    });
    provide_context(Shared {
        clusters,
        placements,
        cluster_options: options(state, "— none —", |d| {
            d.clusters.iter().map(|c| c.name.clone()).collect()
        }),
        host_options: options(state, "— not pinned —", |d| {
            d.hosts.iter().map(|h| h.name.clone()).collect()
        }),
    });
    let count = move || state.workbook.with(|w| w.scenario().deployment.vms.len());
    let rows = Rows::new(move |keep| state.workbook.with(|w| keep(&w.scenario().deployment.vms)));
    let all_selected = move || {
        let selected = selection.0.get();
        state.workbook.with(|w| {
            !w.scenario().deployment.vms.is_empty()
                && w.scenario()
                    .deployment
                    .vms
                    .iter()
                    .all(|vm| selected.contains(&vm.name))
        })
    };
    let toggle_all = move |event: leptos::ev::Event| {
        let names = if event_target_checked(&event) {
            state.workbook.with_untracked(|w| {
                w.scenario()
                    .deployment
                    .vms
                    .iter()
                    .map(|vm| vm.name.clone())
                    .collect()
            })
        } else {
            Vec::new()
        };
        selection.0.set(names);
    };
    view! {
        <AddVmsForm />
        <Show when=move || count() != 0 fallback=|| view! { <p class="empty">"No VMs yet."</p> }>
            <BulkBar />
            <div class="scroll">
                <table class="editor vms" data-testid="vms">
                    <thead>
                        <tr>
                            <th class="check">
                                <input type="checkbox" aria-label="Select all VMs" prop:checked=all_selected on:change=toggle_all />
                            </th>
                            <th>"VM"</th>
                            <th>"vCPUs"</th>
                            <th>"Cluster"</th>
                            <th>"Host group"</th>
                            <th>"Pinned to host"</th>
                            <th>"Environment"</th>
                            <th>"Role"</th>
                            <th>"Runs"</th>
                            <th><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows_view(rows, |index, vm| view! { <VmRow index vm /> }.into_any())}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// The rows' shared inputs. Each row reads its own VM through one memo and everything else from
/// these, so an edit elsewhere costs each of 400 rows one comparison of its VM, not a dozen
/// recomputed values.
#[derive(Clone, Copy)]
struct Shared {
    clusters: Memo<Vec<Cluster>>,
    placements: Memo<Vec<Placement>>,
    cluster_options: Signal<Vec<(String, String)>>,
    host_options: Signal<Vec<(String, String)>>,
}

#[component]
fn VmRow(index: usize, vm: Signal<Option<Vm>>) -> impl IntoView {
    let state = AppState::expect();
    let selection = expect_context::<Selection>();
    let shared = expect_context::<Shared>();
    let read = move |f: fn(&Vm) -> String| -> Signal<String> {
        Memo::new(move |_| vm.with(|vm| vm.as_ref().map(f).unwrap_or_default())).into()
    };
    let vm_name = read(|vm| vm.name.clone());
    let untracked_name = move || vm_name.get_untracked();
    let change = move |key: &str, parse: fn(&str) -> Result<VmChange, edit::EditError>| {
        commit(state, format!("vm.{index}.{key}"), move |d, text| {
            let vm = d
                .vms
                .get(index)
                .map(|vm| vm.name.clone())
                .unwrap_or_default();
            edit::change_vms(d, &[vm], parse(text)?)
        })
    };
    let id = move |field: &str| format!("vm-{index}-{field}");
    let label =
        move |field: &'static str| Signal::derive(move || format!("{field} of {}", vm_name.get()));
    let groups: Signal<Vec<(String, String)>> = Memo::new(move |_| {
        let mut options = vec![(String::new(), "— whole cluster —".to_string())];
        let cluster = vm.with(|vm| vm.as_ref().and_then(|vm| vm.cluster.clone()));
        shared.clusters.with(|clusters| {
            if let Some(cluster) = clusters.iter().find(|c| Some(&c.name) == cluster.as_ref()) {
                options.extend(
                    cluster
                        .host_groups
                        .iter()
                        .map(|g| (g.name.clone(), g.name.clone())),
                );
            }
        });
        options
    })
    .into();
    let runs: Signal<String> = Memo::new(move |_| {
        let name = vm_name.get();
        shared.placements.with(|placements| {
            state.rule_pack.with(|pack| {
                placements
                    .iter()
                    .filter(|p| p.vms.contains(&name))
                    .map(|p| product_name(pack, &p.product))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
    })
    .into();
    let checked =
        Signal::derive(move || selection.0.with(|s| vm_name.with(|name| s.contains(name))));
    let toggle = move |event: leptos::ev::Event| {
        let name = untracked_name();
        let on = event_target_checked(&event);
        selection.0.update(|s| {
            s.retain(|n| *n != name);
            if on {
                s.push(name);
            }
        });
    };
    let duplicate = Callback::new(move |()| {
        let _ = actions::edit(state, None, |d| edit::duplicate_vms(d, &[untracked_name()]));
    });
    let remove = Callback::new(move |()| {
        let _ = actions::edit(state, None, |d| {
            edit::delete(d, &[Target::Vm(untracked_name())])
        });
    });
    let labelled =
        move |verb: &'static str| Signal::derive(move || format!("{verb} {}", vm_name.get()));
    view! {
        <tr class:selected=checked>
            <td class="check">
                <input type="checkbox" aria-label=labelled("Select") prop:checked=checked on:change=toggle />
            </td>
            <td>
                <Field id=id("name") label="VM name".to_string()
                    value=vm_name
                    commit=commit(state, format!("vm.{index}.name"), move |d, text| {
                        let vm = d.vms.get(index).map(|vm| vm.name.clone()).unwrap_or_default();
                        edit::rename(d, &Target::Vm(vm), text)
                    }) />
            </td>
            <td>
                <Field id=id("vcpus") label=label("vCPUs") class="number" inputmode="numeric"
                    value=read(|vm| vm.vcpus.to_string())
                    commit=change("vcpus", |t| Quantity::Vcpus.parse(t).map(VmChange::Vcpus)) />
            </td>
            <td>
                <Choice id=id("cluster") label=label("Cluster")
                    value=read(|vm| vm.cluster.clone().unwrap_or_default())
                    options=shared.cluster_options
                    choose=change("cluster", |t| Ok(VmChange::Cluster(edit::parse_optional_text(t)))) />
            </td>
            <td>
                <Choice id=id("group") label=label("Host group")
                    value=read(|vm| vm.host_group.clone().unwrap_or_default())
                    options=groups
                    choose=change("group", |t| Ok(VmChange::HostGroup(edit::parse_optional_text(t)))) />
            </td>
            <td>
                <Choice id=id("host") label=label("Pinned to host")
                    value=read(|vm| vm.host.clone().unwrap_or_default())
                    options=shared.host_options
                    choose=change("host", |t| Ok(VmChange::Host(edit::parse_optional_text(t)))) />
            </td>
            <td>
                <Choice id=id("environment") label=label("Environment")
                    value=read(|vm| position_of(&ENVIRONMENTS, &vm.environment))
                    options=vocabulary(&ENVIRONMENTS)
                    choose=change("environment", |t| Ok(VmChange::Environment(pick(&ENVIRONMENTS, t).unwrap_or_default()))) />
            </td>
            <td>
                <Choice id=id("role") label=label("Role")
                    value=read(|vm| position_of(&ROLES, &vm.role))
                    options=vocabulary(&ROLES)
                    choose=change("role", |t| Ok(VmChange::Role(pick(&ROLES, t).unwrap_or_default()))) />
            </td>
            <td class="muted">{runs}</td>
            <RowActions name=vm_name duplicate remove />
        </tr>
    }
}

/// Changes for the selected VMs: move to a cluster, environment, a product to run, copy, delete.
#[component]
fn BulkBar() -> impl IntoView {
    let state = AppState::expect();
    let selection = expect_context::<Selection>();
    let count = move || {
        let selected = selection.0.get();
        state.workbook.with(|w| {
            w.scenario()
                .deployment
                .vms
                .iter()
                .filter(|vm| selected.contains(&vm.name))
                .count()
        })
    };
    let cluster = RwSignal::new(String::new());
    let environment = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let report = move |result: Result<String, edit::EditError>| {
        outcome.set(Some(result.map_err(|e| e.to_string())))
    };
    let products = state.rule_pack.with(|pack| {
        pack.catalogue
            .products()
            .iter()
            .map(|p| (p.id.0.clone(), p.display_name()))
            .collect::<Vec<_>>()
    });
    let set_cluster = Callback::new(move |()| {
        let vms = selection.current(state);
        let change = VmChange::Cluster(edit::parse_optional_text(&cluster.get_untracked()));
        report(
            actions::edit(state, None, |d| edit::change_vms(d, &vms, change))
                .map(|()| format!("Moved {} VM(s).", vms.len())),
        );
    });
    let set_environment = Callback::new(move |()| {
        let vms = selection.current(state);
        let Some(environment) = pick(&ENVIRONMENTS, &environment.get_untracked()) else {
            return;
        };
        report(
            actions::edit(state, None, |d| {
                edit::change_vms(d, &vms, VmChange::Environment(environment))
            })
            .map(|()| format!("Changed {} VM(s).", vms.len())),
        );
    });
    let add_product = Callback::new(move |()| {
        let vms = selection.current(state);
        let id = ProductId(product.get_untracked());
        let result = state.rule_pack.with_untracked(|pack| {
            actions::edit(state, None, |d| {
                edit::add_product_to_vms(d, &pack.catalogue, &id, &vms)
            })
            .map(|()| {
                format!(
                    "{} runs on {} more VM(s).",
                    product_name(pack, &id),
                    vms.len()
                )
            })
        });
        report(result);
    });
    let duplicate = Callback::new(move |()| {
        let vms = selection.current(state);
        report(
            actions::edit(state, None, |d| edit::duplicate_vms(d, &vms))
                .map(|names| added_text("VM", &names)),
        );
    });
    let remove = Callback::new(move |()| {
        let vms = selection.current(state);
        let targets: Vec<Target> = vms.iter().cloned().map(Target::Vm).collect();
        let result = match targets.is_empty() {
            true => Err(edit::EditError::NothingSelected),
            false => actions::edit(state, None, |d| edit::delete(d, &targets)),
        };
        report(result.map(|()| format!("Deleted {} VM(s).", vms.len())));
        selection.0.set(Vec::new());
    });
    let none_selected = Signal::derive(move || count() == 0);
    view! {
        <div class="bulk" role="group" aria-label="Change the selected VMs" data-testid="bulk">
            <span class="selected-count">{move || format!("{} selected", count())}</span>
            <Button text="Clear selection" disabled=none_selected on_click=Callback::new(move |()| selection.0.set(Vec::new())) />
            <span class="group">
                <select aria-label="Cluster for the selected VMs" on:change=move |e| cluster.set(event_target_value(&e))>
                    <option value="">"— no cluster —"</option>
                    {move || {
                        let current = cluster.get();
                        state.workbook.with(|w| w.scenario().deployment.clusters.iter().map(|c| {
                            let name = c.name.clone();
                            let selected = name == current;
                            let label = name.clone();
                            view! { <option value=name selected=selected>{label}</option> }
                        }).collect_view())
                    }}
                </select>
                <Button text="Move" disabled=none_selected on_click=set_cluster />
            </span>
            <span class="group">
                <select aria-label="Environment for the selected VMs" on:change=move |e| environment.set(event_target_value(&e))>
                    <option value="">"Environment…"</option>
                    {ENVIRONMENTS.iter().enumerate().map(|(i, (_, label))| view! { <option value=i.to_string()>{*label}</option> }).collect_view()}
                </select>
                <Button text="Set" disabled=none_selected on_click=set_environment />
            </span>
            <span class="group">
                <select aria-label="Product for the selected VMs" on:change=move |e| product.set(event_target_value(&e))>
                    <option value="">"Product…"</option>
                    {products.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
                <Button text="Add to selected" disabled=none_selected on_click=add_product />
            </span>
            <Button text="Duplicate" disabled=none_selected on_click=duplicate />
            <Button text="Delete" disabled=none_selected on_click=remove />
            <Outcome outcome />
        </div>
    }
}

/// "Add N VMs named app-{n} of V vCPUs in cluster X".
#[component]
fn AddVmsForm() -> impl IntoView {
    let state = AppState::expect();
    let count = RwSignal::new("1".to_string());
    let pattern = RwSignal::new("vm-{n}".to_string());
    let vcpus = RwSignal::new("4".to_string());
    let cluster = RwSignal::new(String::new());
    let environment = RwSignal::new("0".to_string());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let spec = (|| {
            Ok::<_, edit::EditError>(AddVms {
                count: Quantity::Count.parse(&count.get_untracked())?,
                pattern: pattern.get_untracked(),
                vcpus: Quantity::Vcpus.parse(&vcpus.get_untracked())?,
                cluster: edit::parse_optional_text(&cluster.get_untracked()),
                environment: pick(&ENVIRONMENTS, &environment.get_untracked()).unwrap_or_default(),
                role: Role::Primary,
            })
        })();
        let result = spec.and_then(|spec| actions::edit(state, None, |d| edit::add_vms(d, &spec)));
        outcome.set(Some(
            result
                .map(|names| added_text("VM", &names))
                .map_err(|e| e.to_string()),
        ));
    };
    view! {
        <form class="add" on:submit=submit aria-label="Add VMs">
            <FormInput id="add-vms-count" label="How many" text=count class="number" inputmode="numeric"
                check=|t| Quantity::Count.parse(t).map(drop).map_err(|e| e.to_string()) />
            <FormInput id="add-vms-pattern" label="Named" text=pattern check=check_pattern />
            <FormInput id="add-vms-vcpus" label="vCPUs" text=vcpus class="number" inputmode="numeric"
                check=|t| Quantity::Vcpus.parse(t).map(drop).map_err(|e| e.to_string()) />
            <label class="form-input" for="add-vms-cluster">
                <span class="label">"In cluster"</span>
                <select id="add-vms-cluster" on:change=move |e| cluster.set(event_target_value(&e))>
                    <option value="">"— none —"</option>
                    {move || {
                        let current = cluster.get();
                        state.workbook.with(|w| w.scenario().deployment.clusters.iter().map(|c| {
                            let name = c.name.clone();
                            let selected = name == current;
                            let label = name.clone();
                            view! { <option value=name selected=selected>{label}</option> }
                        }).collect_view())
                    }}
                </select>
            </label>
            <label class="form-input" for="add-vms-environment">
                <span class="label">"Environment"</span>
                <select id="add-vms-environment" on:change=move |e| environment.set(event_target_value(&e))>
                    {ENVIRONMENTS.iter().enumerate().map(|(i, (_, label))| view! { <option value=i.to_string()>{*label}</option> }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button">"Add VMs"</button>
            <Outcome outcome />
        </form>
    }
}
