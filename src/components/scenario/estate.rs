//! The existing estate as the active scenario leaves it: today's hosts, VMs and the products on
//! them, each marked unchanged / changed / retired, the scenario's own hosts and VMs marked
//! added, and the scenario's changes with what each costs or saves. Changes are entered per
//! row (retire, resize, move a VM, uninstall a product, P2V) through `actions::edit_changes`,
//! so undo walks them with the deployment's edits.
//!
//! The panel is closed until asked for: only then does the impact memo exist, which evaluates
//! the scenario once per change, so the edits elsewhere never pay for it.

use leptos::prelude::*;
use preflight_engine::changes::Change;
use preflight_engine::edit::changes::{
    self as estate_changes, Mark, Place, as_left, marks, products_on,
};
use preflight_engine::edit::{EditError, Quantity};
use preflight_engine::impact::{Impact, change_impacts};
use preflight_engine::{Deployment, Host, Money, ProductId};

use super::field::{Button, Choice, Field, indexed_rows};
use crate::actions;
use crate::format;
use crate::state::AppState;

#[component]
pub fn ExistingEstate() -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <div class="estate" data-testid="estate-panel">
            <button
                type="button"
                class="disclosure"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="estate-body"
                on:click=move |_| open.update(|open| *open = !*open)
            >
                {move || if open.get() { "Hide the existing estate" } else { "Show the existing estate, the changes and their cost" }}
            </button>
            <div id="estate-body">
                <Show when=move || open.get()>
                    <EstateBody />
                </Show>
            </div>
        </div>
    }
}

/// A mark as text and a class (never colour alone).
fn mark_view(label: &'static str) -> impl IntoView {
    view! { <span class=format!("mark mark-{label}")>{label}</span> }
}

#[component]
fn EstateBody() -> impl IntoView {
    let state = AppState::expect();
    let hosts = Memo::new(move |_| state.workbook.with(|w| w.existing.hosts.len()));
    let vms = Memo::new(move |_| state.workbook.with(|w| w.existing.vms.len()));
    let empty = move || hosts.get() == 0 && vms.get() == 0;
    view! {
        <p class="hint">
            "The estate as it is today (from a server list added as the existing estate). Its licences are the baseline; "
            "what this scenario changes in it is weighed against the baseline, change by change."
        </p>
        <Show when=move || !empty() fallback=|| view! {
            <p class="empty" data-testid="estate-empty">
                "No existing estate yet: import a server list and choose \u{201c}Add as the existing estate\u{201d}."
            </p>
        }>
            <h4>"Hosts today"</h4>
            <table class="editor estate-hosts" data-testid="estate-hosts">
                <thead>
                    <tr>
                        <th>"Host"</th>
                        <th>"Sockets"</th>
                        <th>"Cores per socket"</th>
                        <th>"Products placed"</th>
                        <th>"Status"</th>
                        <th>"P2V into"</th>
                        <th><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {indexed_rows(hosts.into(), |index| view! { <ExistingHostRow index /> }.into_any())}
                </tbody>
            </table>
            <Show when=move || vms.get() != 0>
                <h4>"VMs today"</h4>
                <table class="editor estate-vms" data-testid="estate-vms">
                    <thead>
                        <tr>
                            <th>"VM"</th>
                            <th class="num">"vCPUs"</th>
                            <th>"Runs in"</th>
                            <th>"Status"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {indexed_rows(vms.into(), |index| view! { <ExistingVmRow index /> }.into_any())}
                    </tbody>
                </table>
            </Show>
        </Show>
        <Added />
        <ChangeList />
    }
}

/// The host of the existing estate at `index` today, and as the scenario's changes leave it
/// (`None`: retired).
fn host_now(w: &preflight_engine::Workbook, index: usize) -> Option<(Host, Option<Host>)> {
    let host = w.existing.hosts.get(index)?;
    let left = as_left(&w.existing, &w.scenario().changes);
    Some((host.clone(), left.host(&host.name).cloned()))
}

#[component]
fn ExistingHostRow(index: usize) -> impl IntoView {
    let state = AppState::expect();
    let name = Memo::new(move |_| {
        state.workbook.with(|w| {
            w.existing
                .hosts
                .get(index)
                .map(|h| h.name.clone())
                .unwrap_or_default()
        })
    });
    let mark = Memo::new(move |_| {
        state.workbook.with(|w| {
            marks(&w.existing, &w.scenario().changes)
                .0
                .get(index)
                .copied()
                .unwrap_or(Mark::Unchanged)
        })
    });
    let retired = Memo::new(move |_| mark.get() == Mark::Retired);
    let size = move |read: fn(&Host) -> u32| -> Signal<String> {
        Memo::new(move |_| {
            state.workbook.with(|w| match host_now(w, index) {
                Some((_, Some(left))) => read(&left).to_string(),
                Some((today, None)) => read(&today).to_string(),
                None => String::new(),
            })
        })
        .into()
    };
    // A size typed into one field keeps the other as the changes leave it.
    let resize = move |key: &'static str, sockets_typed: bool| {
        Callback::new(move |text: String| {
            let quantity = match sockets_typed {
                true => Quantity::Sockets,
                false => Quantity::CoresPerSocket,
            };
            let typed = quantity.parse(&text).map_err(|e| e.to_string())?;
            let host = name.get_untracked();
            actions::edit_changes(
                state,
                Some(&format!("estate.{index}.{key}")),
                |existing, plan| {
                    let left = as_left(existing, &plan.changes);
                    let now = left.host(&host).ok_or(EditError::Retired(host.clone()))?;
                    let (sockets, cores) = match sockets_typed {
                        true => (typed, now.cores_per_socket),
                        false => (now.sockets, typed),
                    };
                    estate_changes::resize_host(existing, &mut plan.changes, &host, sockets, cores)
                },
            )
            .map_err(|e| e.to_string())
        })
    };
    let outcome = RwSignal::new(None::<String>);
    let retire = Callback::new(move |()| {
        let host = name.get_untracked();
        let result = actions::edit_changes(state, None, |existing, plan| {
            estate_changes::retire_host(existing, &mut plan.changes, &host)
        });
        outcome.set(result.err().map(|e| e.to_string()));
    });
    let places = Memo::new(move |_| {
        state.workbook.with(|w| {
            let places: Vec<(String, String)> = Place::all(&w.scenario().deployment)
                .into_iter()
                .map(|p| (p.key(), p.to_string()))
                .collect();
            match places.is_empty() {
                true => vec![(
                    String::new(),
                    "(no cluster or host in this scenario)".to_string(),
                )],
                false => places,
            }
        })
    });
    let chosen = RwSignal::new(String::new());
    let p2v = Callback::new(move |()| {
        let host = name.get_untracked();
        let key = match chosen.get_untracked() {
            key if !key.is_empty() => key,
            _ => places
                .get_untracked()
                .first()
                .map(|(key, _)| key.clone())
                .unwrap_or_default(),
        };
        let result = match Place::from_key(&key) {
            None => Err(
                "add a cluster or host to this scenario first: the VM must run somewhere"
                    .to_string(),
            ),
            Some(place) => actions::edit_changes(state, None, |existing, plan| {
                estate_changes::p2v(existing, plan, &host, place)
            })
            .map(drop)
            .map_err(|e| e.to_string()),
        };
        outcome.set(result.err());
    });
    let labelled =
        move |verb: &'static str| Signal::derive(move || format!("{verb} {}", name.get()));
    let label =
        move |what: &'static str| Signal::derive(move || format!("{what} of {}", name.get()));
    let products = move || {
        state.workbook.with(|w| {
            let host = name.get();
            let changes = &w.scenario().changes;
            let on = products_on(&w.existing, &host);
            state.rule_pack.with(|pack| {
                on.into_iter()
                    .map(|product| {
                        let shown = super::super::product_name(pack, &product);
                        let gone = changes.iter().any(|c| {
                            matches!(c, Change::Uninstall { product: p, host: h } if *p == product && *h == host)
                        });
                        (product, shown, gone)
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let uninstall = move |product: ProductId| {
        Callback::new(move |()| {
            let host = name.get_untracked();
            let result = actions::edit_changes(state, None, |existing, plan| {
                estate_changes::uninstall(existing, &mut plan.changes, &product, &host)
            });
            outcome.set(result.err().map(|e| e.to_string()));
        })
    };
    let id = move |field: &str| format!("estate-host-{index}-{field}");
    view! {
        <tr class=move || format!("mark-row-{}", mark.get().label()) data-testid="estate-host">
            <td class="name">{move || name.get()}</td>
            <Show when=move || !retired.get() fallback=move || view! {
                <td class="muted">{size(|h| h.sockets.get())}</td>
                <td class="muted">{size(|h| h.cores_per_socket.get())}</td>
            }>
                <td>
                    <Field id=id("sockets") label=label("Sockets") class="number" inputmode="numeric"
                        value=size(|h| h.sockets.get()) commit=resize("sockets", true) />
                </td>
                <td>
                    <Field id=id("cores") label=label("Cores per socket") class="number" inputmode="numeric"
                        value=size(|h| h.cores_per_socket.get()) commit=resize("cores", false) />
                </td>
            </Show>
            <td>
                <ul class="products">
                    {move || {
                        products()
                            .into_iter()
                            .map(|(product, shown, gone)| {
                                let text = shown.clone();
                                match gone || retired.get() {
                                    true => view! {
                                        <li class="gone">{text}" "{gone.then(|| mark_view("uninstalled"))}</li>
                                    }
                                    .into_any(),
                                    false => {
                                        let aria = Signal::derive(move || format!("Uninstall {shown} from {}", name.get()));
                                        view! {
                                            <li>{text}" "<Button text="Uninstall" label=aria on_click=uninstall(product) /></li>
                                        }
                                        .into_any()
                                    }
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </td>
            <td class="mark-cell" data-testid="estate-host-mark">{move || mark_view(mark.get().label())}</td>
            <td>
                <Choice id=id("p2v-place") label=Signal::derive(move || format!("Where the VM of {} runs", name.get()))
                    value=Signal::derive(move || chosen.get()) options=places.into()
                    choose=Callback::new(move |key: String| { chosen.set(key); Ok(()) }) />
            </td>
            <td class="actions">
                <Button text="P2V" label=labelled("P2V") disabled=retired.into() on_click=p2v />
                <Button text="Retire" label=labelled("Retire") disabled=retired.into() on_click=retire />
                <span class="field-error" role="status">{move || outcome.get()}</span>
            </td>
        </tr>
    }
}

#[component]
fn ExistingVmRow(index: usize) -> impl IntoView {
    let state = AppState::expect();
    let vm = Memo::new(move |_| state.workbook.with(|w| w.existing.vms.get(index).cloned()));
    let name = move || vm.with(|vm| vm.as_ref().map(|v| v.name.clone()).unwrap_or_default());
    let mark = Memo::new(move |_| {
        state.workbook.with(|w| {
            marks(&w.existing, &w.scenario().changes)
                .1
                .get(index)
                .copied()
                .unwrap_or(Mark::Unchanged)
        })
    });
    // Where it runs as the changes leave it, and every place of the estate as they leave it.
    let places = Memo::new(move |_| {
        let vm_name = name();
        state.workbook.with(|w| {
            let left = as_left(&w.existing, &w.scenario().changes);
            let current = left
                .vms
                .iter()
                .find(|v| v.name == vm_name)
                .and_then(Place::of)
                .map(|p| p.key())
                .unwrap_or_default();
            let options: Vec<(String, String)> = Place::all(&left)
                .into_iter()
                .map(|p| (p.key(), p.to_string()))
                .collect();
            (current, options)
        })
    });
    let choose = Callback::new(move |key: String| {
        let Some(place) = Place::from_key(&key) else {
            return Ok(());
        };
        let vm = name();
        actions::edit_changes(state, None, |existing, plan| {
            estate_changes::move_vm(existing, &mut plan.changes, &vm, place)
        })
        .map_err(|e| e.to_string())
    });
    view! {
        <tr class=move || format!("mark-row-{}", mark.get().label()) data-testid="estate-vm">
            <td class="name">{name}</td>
            <td class="num">{move || vm.with(|vm| vm.as_ref().map(|v| v.vcpus.to_string()).unwrap_or_default())}</td>
            <td>
                <Show when=move || mark.get() != Mark::Retired fallback=|| view! { <span class="muted">"left with its host"</span> }>
                    <Choice id=format!("estate-vm-{index}-place")
                        label=Signal::derive(move || format!("Where {} runs", name()))
                        value=Signal::derive(move || places.with(|(current, _)| current.clone()))
                        options=Signal::derive(move || places.with(|(current, options)| {
                            let mut all = Vec::new();
                            if current.is_empty() {
                                all.push((String::new(), "(nowhere)".to_string()));
                            }
                            all.extend(options.iter().cloned());
                            all
                        }))
                        choose=choose />
                </Show>
            </td>
            <td class="mark-cell" data-testid="estate-vm-mark">{move || mark_view(mark.get().label())}</td>
        </tr>
    }
}

/// The scenario's own hosts and VMs, marked added (a P2V's VM says which host it was).
#[component]
fn Added() -> impl IntoView {
    let state = AppState::expect();
    let rows = Memo::new(move |_| {
        state.workbook.with(|w| {
            let scenario = w.scenario();
            let d: &Deployment = &scenario.deployment;
            let hosts = d.hosts.iter().map(|h| {
                (
                    h.name.clone(),
                    format!("host, {} × {} cores", h.sockets, h.cores_per_socket),
                )
            });
            let vms = d.vms.iter().map(|vm| {
                let from = scenario.changes.iter().find_map(|c| match c {
                    Change::P2v { host, vm: v } if *v == vm.name => Some(host.clone()),
                    _ => None,
                });
                let what = match from {
                    Some(host) => format!("VM, {} vCPUs (P2V of host {host})", vm.vcpus),
                    None => format!("VM, {} vCPUs", vm.vcpus),
                };
                (vm.name.clone(), what)
            });
            hosts.chain(vms).collect::<Vec<_>>()
        })
    });
    view! {
        <h4>"Added by this scenario"</h4>
        <Show when=move || !rows.with(Vec::is_empty) fallback=|| view! { <p class="empty">"Nothing added yet."</p> }>
            <table class="editor estate-added" data-testid="estate-added">
                <thead><tr><th>"Name"</th><th>"What"</th><th>"Status"</th></tr></thead>
                <tbody>
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|(name, what)| view! {
                                <tr class="mark-row-added">
                                    <td class="name">{name}</td>
                                    <td class="muted">{what}</td>
                                    <td>{mark_view("added")}</td>
                                </tr>
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </Show>
    }
}

/// "+USD 1,200.00", "−USD 12,416.00", or "no change".
fn signed(money: Option<&Money>) -> String {
    match money {
        None => "not known".to_string(),
        Some(m) if m.amount.is_zero() => "no change".to_string(),
        Some(m) if m.amount.is_sign_negative() => {
            format!(
                "\u{2212}{}",
                format::money(&Money::new(-m.amount, m.currency))
            )
        }
        Some(m) => format!("+{}", format::money(m)),
    }
}

/// The scenario's changes in order, each with its cost impact (computed only while the panel is
/// open) and a button that takes it back.
#[component]
fn ChangeList() -> impl IntoView {
    let state = AppState::expect();
    let count = Memo::new(move |_| state.workbook.with(|w| w.scenario().changes.len()));
    let impacts: Memo<Vec<Impact>> = Memo::new(move |_| {
        state.rule_pack.with(|pack| {
            state.workbook.with(|w| {
                state
                    .evaluation
                    .with(|all| change_impacts(w, w.scenario(), pack, state.as_of.get(), all))
            })
        })
    });
    provide_context(Impacts(impacts));
    view! {
        <h4>"Changes to the existing estate"</h4>
        <Show when=move || count.get() != 0 fallback=|| view! { <p class="empty">"No changes: the estate stays as it is."</p> }>
            <table class="editor estate-changes" data-testid="estate-changes">
                <thead>
                    <tr>
                        <th>"Change"</th>
                        <th class="num">"To buy"</th>
                        <th class="num">"Cost over the horizon"</th>
                        <th>"Licences to buy"</th>
                        <th><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {indexed_rows(count.into(), |index| view! { <ChangeRow index /> }.into_any())}
                </tbody>
            </table>
        </Show>
    }
}

/// The impact memo, for the rows (a row is made by a plain `fn`, so it cannot capture it).
#[derive(Clone, Copy)]
struct Impacts(Memo<Vec<Impact>>);

#[component]
fn ChangeRow(index: usize) -> impl IntoView {
    let state = AppState::expect();
    let Impacts(impacts) = expect_context::<Impacts>();
    let text = Memo::new(move |_| {
        state.workbook.with(|w| {
            let Some(change) = w.scenario().changes.get(index) else {
                return String::new();
            };
            match change {
                Change::Uninstall { product, host } => state.rule_pack.with(|pack| {
                    format!(
                        "Uninstall {} from host {host}",
                        super::super::product_name(pack, product)
                    )
                }),
                other => other.to_string(),
            }
        })
    });
    let impact = move || impacts.with(|all| all.get(index).cloned());
    let to_buy = move || signed(impact().and_then(|i| i.to_buy).as_ref());
    let horizon = move || signed(impact().and_then(|i| i.horizon).as_ref());
    let rights = move || {
        let Some(impact) = impact() else {
            return String::new();
        };
        if impact.rights.is_empty() {
            return "no change".to_string();
        }
        state.rule_pack.with(|pack| {
            impact
                .rights
                .iter()
                .map(|(product, n)| {
                    let sign = if *n < 0 { "\u{2212}" } else { "+" };
                    format!(
                        "{} {sign}{}",
                        super::super::product_name(pack, product),
                        format::count(n.unsigned_abs())
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    let remove = Callback::new(move |()| {
        let _ = actions::edit_changes(state, None, |_, plan| {
            estate_changes::remove_change(plan, index).map(drop)
        });
    });
    let label = Signal::derive(move || format!("Remove change: {}", text.get()));
    view! {
        <tr data-testid="estate-change">
            <td>{move || text.get()}</td>
            <td class="num" data-testid="impact-to-buy">{to_buy}</td>
            <td class="num" data-testid="impact-horizon">{horizon}</td>
            <td data-testid="impact-rights">{rights}</td>
            <td class="actions"><Button text="Remove" label on_click=remove /></td>
        </tr>
    }
}
