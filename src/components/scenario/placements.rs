//! Products placed on hosts, clusters, VMs, cloud instances or user groups: a catalogue product
//! (never free text), where it runs or who uses it, a quantity, its version and its phase.

use leptos::prelude::*;
use preflight_engine::ProductId;
use preflight_engine::edit::{self, PlacementChange};
use preflight_engine::estate::Basis;

use super::field::{Button, Choice, Field};
use super::{commit, joined, options, reader_of};
use crate::actions;
use crate::components::rows::{Rows, rows_view};
use crate::state::AppState;
use preflight_engine::Placement;

/// The catalogue's products as select options.
fn products(state: AppState) -> Vec<(String, String)> {
    state.rule_pack.with(|pack| {
        pack.catalogue
            .products()
            .iter()
            .map(|p| (p.id.0.clone(), p.display_name()))
            .collect()
    })
}

#[component]
pub fn PlacementTable() -> impl IntoView {
    let state = AppState::expect();
    let count = move || {
        state
            .workbook
            .with(|w| w.scenario().deployment.placements.len())
    };
    let rows = Rows::new(move |keep| {
        state
            .workbook
            .with(|w| keep(&w.scenario().deployment.placements))
    });
    // One list of phases for every row's choice (a memo per row on the workbook re-ran on every
    // edit: see `rows`).
    let phases = options(state, "— at go-live —", |d| {
        d.phases.iter().map(|p| p.name.clone()).collect()
    });
    let product = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let columns = Memo::new(move |_| {
        state.workbook.with(|w| {
            state.rule_pack.with(|pack| {
                edit::people::placement_columns(&w.scenario().deployment, &pack.catalogue)
            })
        })
    });
    let add = Callback::new(move |()| {
        let id = ProductId(product.get_untracked());
        let result = state.rule_pack.with_untracked(|pack| {
            actions::edit(state, None, |d| {
                edit::add_placement(d, &pack.catalogue, &id)
            })
        });
        message.set(result.err().map(|e| e.to_string()));
    });
    view! {
        <Show when=move || count() != 0 fallback=|| view! { <p class="empty">"No products placed yet."</p> }>
            <div class="scroll">
            <table class="editor placements" data-testid="placements"
                class:no-hosts=move || !columns.get().hosts
                class:no-clusters=move || !columns.get().clusters
                class:no-vms=move || !columns.get().vms
                class:no-instances=move || !columns.get().instances
                class:no-user-groups=move || !columns.get().user_groups
                class:no-quantity=move || !columns.get().quantity>
                <thead>
                    <tr>
                        <th>"Product"</th>
                        <th class="col-hosts">"On hosts"</th>
                        <th class="col-clusters">"On clusters"</th>
                        <th class="col-vms">"On VMs"</th>
                        <th class="col-instances">"On cloud instances"</th>
                        <th class="col-user-groups">"For user groups"</th>
                        <th class="col-quantity">"Quantity"</th>
                        <th>"Version"</th>
                        <th>"Phase"</th>
                        <th class="col-vms">"VMs licensed"</th>
                        <th><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows_view(rows, move |index, placement| view! { <PlacementRow index placement phases /> }.into_any())}
                </tbody>
            </table>
            </div>
        </Show>
        <div class="add-one">
            <select aria-label="Product to place" aria-describedby="add-placement-error" on:change=move |e| product.set(event_target_value(&e))>
                <option value="">"Product…"</option>
                {products(state).into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
            <Button text="Place product" on_click=add />
            <span id="add-placement-error" class="field-error">{move || message.get()}</span>
            <span class="hint">"Then name the hosts, clusters, VMs or cloud instances it runs on, or the user groups that use it (CALs, named users). Licensed by hosts, a VM's product needs every host the VM may run on."</span>
        </div>
    }
}

#[component]
fn PlacementRow(
    index: usize,
    placement: Signal<Option<Placement>>,
    phases: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let state = AppState::expect();
    let read = reader_of(placement);
    let change = move |key: &str, parse: fn(&str) -> Result<PlacementChange, edit::EditError>| {
        commit(state, format!("placement.{index}.{key}"), move |d, text| {
            state.rule_pack.with_untracked(|pack| {
                edit::change_placement(d, &pack.catalogue, index, parse(text)?)
            })
        })
    };
    let id = move |field: &str| format!("placement-{index}-{field}");
    let product_label: Signal<String> = Memo::new(move |_| {
        placement.with(|p| {
            p.as_ref().map_or_else(String::new, |p| {
                state
                    .rule_pack
                    .with(|pack| crate::components::product_name(pack, &p.product))
            })
        })
    })
    .into();
    let label = move |field: &'static str| {
        Signal::derive(move || {
            format!(
                "{field} for {} (placement {})",
                product_label.get(),
                index + 1
            )
        })
    };
    let versions = Memo::new(move |_| {
        let mut options = vec![(String::new(), "— not chosen —".to_string())];
        placement.with(|placement| {
            let Some(placement) = placement else {
                return;
            };
            state.rule_pack.with(|pack| {
                let family = pack
                    .catalogue
                    .get(&placement.product)
                    .and_then(|p| pack.catalogue.family(&p.family));
                if let Some(family) = family {
                    options.extend(
                        family
                            .versions
                            .iter()
                            .map(|v| (v.name.clone(), v.name.clone())),
                    );
                }
            });
        });
        options
    })
    .into();
    let remove = Callback::new(move |()| {
        let _ = actions::edit(state, None, |d| edit::remove_placement(d, index));
    });
    view! {
        <tr>
            <td>
                <Choice id=id("product") label=format!("Product of placement {}", index + 1)
                    value=read(|p| p.product.0.clone())
                    options=Signal::stored(products(state))
                    choose=change("product", |t| Ok(PlacementChange::Product(ProductId(t.to_string())))) />
            </td>
            <td class="col-hosts">
                <Field id=id("hosts") label=label("Hosts") value=read(|p| joined(&p.hosts))
                    commit=change("hosts", |t| Ok(PlacementChange::Hosts(edit::parse_list(t)))) />
            </td>
            <td class="col-clusters">
                <Field id=id("clusters") label=label("Clusters") value=read(|p| joined(&p.clusters))
                    commit=change("clusters", |t| Ok(PlacementChange::Clusters(edit::parse_list(t)))) />
            </td>
            <td class="col-vms">
                <Field id=id("vms") label=label("VMs") class="wide" value=read(|p| joined(&p.vms))
                    commit=change("vms", |t| Ok(PlacementChange::Vms(edit::parse_list(t)))) />
            </td>
            <td class="col-instances">
                <Field id=id("instances") label=label("Cloud instances") value=read(|p| joined(&p.instances))
                    commit=change("instances", |t| Ok(PlacementChange::Instances(edit::parse_list(t)))) />
            </td>
            <td class="col-user-groups">
                <Field id=id("user-groups") label=label("User groups") value=read(|p| joined(&p.user_groups))
                    commit=change("user-groups", |t| Ok(PlacementChange::UserGroups(edit::parse_list(t)))) />
            </td>
            <td class="col-quantity">
                <Field id=id("quantity") label=label("Quantity") class="number" inputmode="numeric"
                    value=read(|p| p.quantity.map(|n| n.to_string()).unwrap_or_default())
                    commit=change("quantity", |t| edit::people::parse_quantity(t).map(PlacementChange::Quantity)) />
            </td>
            <td>
                <Choice id=id("version") label=label("Version") value=read(|p| p.version.clone().unwrap_or_default())
                    options=versions
                    choose=change("version", |t| Ok(PlacementChange::Version(edit::parse_optional_text(t)))) />
            </td>
            <td>
                <Choice id=id("phase") label=label("Phase") value=read(|p| p.phase.clone().unwrap_or_default())
                    options=phases
                    choose=change("phase", |t| Ok(PlacementChange::Phase(edit::parse_optional_text(t)))) />
            </td>
            <td class="col-vms">
                <Choice id=id("basis") label=label("How VMs are licensed") value=read(|p| basis_value(p.basis))
                    options=Signal::stored(vec![("hosts".to_string(), "by hosts".to_string()), ("per-vm".to_string(), "per VM".to_string())])
                    choose=change("basis", |t| Ok(PlacementChange::Basis(if t == "per-vm" { Basis::PerVm } else { Basis::Hosts }))) />
            </td>
            <td class="actions">
                <Button text="Remove" label=Signal::derive(move || format!("Remove placement {}", index + 1)) on_click=remove />
            </td>
        </tr>
    }
}

fn basis_value(basis: Basis) -> String {
    match basis {
        Basis::Hosts => "hosts",
        Basis::PerVm => "per-vm",
    }
    .to_string()
}
