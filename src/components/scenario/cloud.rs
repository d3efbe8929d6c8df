//! Cloud instances: add many of one shape at once (with the product they run), and each
//! instance's provider, vCPUs, hardware, environment and role.

use leptos::prelude::*;
use preflight_engine::edit::people::{self, PROVIDERS};
use preflight_engine::edit::{self, AddInstances, InstanceChange, Quantity};
use preflight_engine::{Deployment, ProductId};

use super::field::{Choice, Field, FormInput, RowActions};
use super::hosts::{Outcome, added_text, check_pattern};
use super::vms::{ENVIRONMENTS, ROLES, pick, position_of, vocabulary};
use super::{commit, reader_of};
use crate::actions;
use crate::components::product_name;
use crate::components::rows::{Rows, rows_view};
use crate::state::AppState;
use preflight_engine::estate::CloudInstance;

fn providers() -> Signal<Vec<(String, String)>> {
    Signal::stored(
        PROVIDERS
            .iter()
            .map(|(_, value, label)| (value.to_string(), label.to_string()))
            .collect(),
    )
}

/// An add form's provider choice: the providers the engine knows, the chosen one in `chosen`
/// (the cloud instances' form and the licence-included rates' form).
#[component]
pub(crate) fn ProviderChoice(id: &'static str, chosen: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="form-input" for=id>
            <span class="label">"Provider"</span>
            <select id=id aria-label="Provider" on:change=move |e| chosen.set(event_target_value(&e))>
                {PROVIDERS.iter().map(|(_, value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// An add form's product choice: "none" (`none` says it), then the products that fit (see
/// [`FittingProducts`]), the chosen one in `chosen`. The instances' and user groups' forms and
/// the licence-included rates' form.
#[component]
pub(crate) fn ProductChoice(
    id: &'static str,
    label: &'static str,
    none: &'static str,
    people: bool,
    chosen: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label class="form-input" for=id>
            <span class="label">{label}</span>
            <select id=id aria-label=label on:change=move |e| chosen.set(event_target_value(&e))>
                <option value="">{none}</option>
                <FittingProducts people chosen />
            </select>
        </label>
    }
}

/// The options of an add form's product choice after "none": machine products for instances
/// (and the cloud licence-included rates), people products for user groups (the engine says which is which). They follow the rule pack
/// (a pack file loaded later changes them), and the chosen one stays selected while they do.
#[component]
fn FittingProducts(people: bool, chosen: RwSignal<String>) -> impl IntoView {
    let state = AppState::expect();
    move || {
        state
            .rule_pack
            .with(|pack| people::products_for(&pack.catalogue, people))
            .into_iter()
            .map(|(id, name)| {
                let selected = chosen.with_untracked(|c| *c == id.0);
                view! { <option value=id.0 selected=selected>{name}</option> }
            })
            .collect_view()
    }
}

/// The products placed on a thing, by the placement lists that name it.
pub(super) fn products_on(
    state: AppState,
    name: Signal<String>,
    list: fn(&preflight_engine::Placement) -> &Vec<String>,
) -> Signal<String> {
    Memo::new(move |_| {
        let name = name.get();
        state.workbook.with(|w| {
            state.rule_pack.with(|pack| {
                w.scenario()
                    .deployment
                    .placements
                    .iter()
                    .filter(|p| list(p).contains(&name))
                    .map(|p| product_name(pack, &p.product))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
    })
    .into()
}

#[component]
pub fn InstanceTable() -> impl IntoView {
    let state = AppState::expect();
    let count = move || {
        state
            .workbook
            .with(|w| w.scenario().deployment.cloud_instances.len())
    };
    let rows = Rows::new(move |keep| {
        state
            .workbook
            .with(|w| keep(&w.scenario().deployment.cloud_instances))
    });
    view! {
        <AddInstancesForm />
        <Show when=move || count() != 0 fallback=|| view! { <p class="empty">"No cloud instances yet."</p> }>
            <div class="scroll">
                <table class="editor instances" data-testid="instances">
                    <thead>
                        <tr>
                            <th>"Instance"</th>
                            <th>"Provider"</th>
                            <th>"vCPUs"</th>
                            <th>"Hyper-threaded"</th>
                            <th>"Dedicated host"</th>
                            <th>"Environment"</th>
                            <th>"Role"</th>
                            <th>"Runs"</th>
                            <th><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows_view(rows, |index, instance| view! { <InstanceRow index instance /> }.into_any())}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

fn instance_name(d: &Deployment, index: usize) -> String {
    d.cloud_instances
        .get(index)
        .map(|i| i.name.clone())
        .unwrap_or_default()
}

#[component]
fn InstanceRow(index: usize, instance: Signal<Option<CloudInstance>>) -> impl IntoView {
    let state = AppState::expect();
    let read = reader_of(instance);
    let name = read(|i| i.name.clone());
    let change = move |key: &str, parse: fn(&str) -> Result<InstanceChange, edit::EditError>| {
        commit(state, format!("instance.{index}.{key}"), move |d, text| {
            let instance = instance_name(d, index);
            edit::change_instance(d, &instance, parse(text)?)
        })
    };
    let id = move |field: &str| format!("instance-{index}-{field}");
    let label =
        move |field: &'static str| Signal::derive(move || format!("{field} of {}", name.get()));
    let duplicate = Callback::new(move |()| {
        let instance = name.get_untracked();
        let _ = actions::edit(state, None, |d| edit::duplicate_instance(d, &instance));
    });
    let remove = Callback::new(move |()| {
        let instance = name.get_untracked();
        let _ = actions::edit(state, None, |d| edit::delete_instances(d, &[instance]));
    });
    view! {
        <tr>
            <td>
                <Field id=id("name") label="Instance name".to_string() value=name
                    commit=commit(state, format!("instance.{index}.name"), move |d, text| {
                        let instance = instance_name(d, index);
                        edit::rename_instance(d, &instance, text)
                    }) />
            </td>
            <td>
                <Choice id=id("provider") label=label("Provider")
                    value=read(|i| people::provider_value(i.provider).to_string())
                    options=providers()
                    choose=change("provider", |t| people::parse_provider(t).map(InstanceChange::Provider)) />
            </td>
            <td>
                <Field id=id("vcpus") label=label("vCPUs") class="number" inputmode="numeric"
                    value=read(|i| i.vcpus.to_string())
                    commit=change("vcpus", |t| Quantity::Vcpus.parse(t).map(InstanceChange::Vcpus)) />
            </td>
            <td class="check">
                <Flag id=id("hyperthreading") label=label("Hyper-threaded")
                    value=read(|i| i.hyperthreading.to_string())
                    commit=change("hyperthreading", |t| Ok(InstanceChange::Hyperthreading(t == "true"))) />
            </td>
            <td class="check">
                <Flag id=id("dedicated") label=label("Dedicated host")
                    value=read(|i| i.dedicated_host.to_string())
                    commit=change("dedicated", |t| Ok(InstanceChange::DedicatedHost(t == "true"))) />
            </td>
            <td>
                <Choice id=id("environment") label=label("Environment")
                    value=read(|i| position_of(&ENVIRONMENTS, &i.environment))
                    options=vocabulary(&ENVIRONMENTS)
                    choose=change("environment", |t| Ok(InstanceChange::Environment(pick(&ENVIRONMENTS, t).unwrap_or_default()))) />
            </td>
            <td>
                <Choice id=id("role") label=label("Role")
                    value=read(|i| position_of(&ROLES, &i.role))
                    options=vocabulary(&ROLES)
                    choose=change("role", |t| Ok(InstanceChange::Role(pick(&ROLES, t).unwrap_or_default()))) />
            </td>
            <td class="muted">{products_on(state, name, |p| &p.instances)}</td>
            <RowActions name=name duplicate remove />
        </tr>
    }
}

/// A checkbox bound to one yes/no value of the deployment: `value` and the committed text are
/// "true" or "false"; one undo step per click.
#[component]
pub(super) fn Flag(
    id: String,
    #[prop(into)] label: Signal<String>,
    value: Signal<String>,
    commit: Callback<String, Result<(), String>>,
) -> impl IntoView {
    view! {
        <input
            id=id
            type="checkbox"
            aria-label=label
            prop:checked=move || value.get() == "true"
            on:change=move |event| {
                let _ = commit.run(event_target_checked(&event).to_string());
            }
        />
    }
}

/// "Add N instances named aws-{n} on AWS of V vCPUs running Windows Server".
#[component]
fn AddInstancesForm() -> impl IntoView {
    let state = AppState::expect();
    let count = RwSignal::new("1".to_string());
    let pattern = RwSignal::new("cloud-{n}".to_string());
    let provider = RwSignal::new("aws".to_string());
    let vcpus = RwSignal::new("4".to_string());
    let hyperthreading = RwSignal::new(true);
    let dedicated = RwSignal::new(false);
    let environment = RwSignal::new("0".to_string());
    let product = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let spec = (|| {
            Ok::<_, edit::EditError>(AddInstances {
                count: Quantity::Count.parse(&count.get_untracked())?,
                pattern: pattern.get_untracked(),
                provider: people::parse_provider(&provider.get_untracked())?,
                vcpus: Quantity::Vcpus.parse(&vcpus.get_untracked())?,
                hyperthreading: hyperthreading.get_untracked(),
                dedicated_host: dedicated.get_untracked(),
                environment: pick(&ENVIRONMENTS, &environment.get_untracked()).unwrap_or_default(),
                product: edit::parse_optional_text(&product.get_untracked()).map(ProductId),
            })
        })();
        let result = spec.and_then(|spec| {
            state.rule_pack.with_untracked(|pack| {
                actions::edit(state, None, |d| {
                    edit::add_instances(d, &pack.catalogue, &spec)
                })
            })
        });
        outcome.set(Some(
            result
                .map(|names| added_text("instance", &names))
                .map_err(|e| e.to_string()),
        ));
    };
    view! {
        <form class="add" on:submit=submit aria-label="Add cloud instances">
            <FormInput id="add-instances-count" label="How many" text=count class="number" inputmode="numeric"
                check=|t| Quantity::Count.parse(t).map(drop).map_err(|e| e.to_string()) />
            <FormInput id="add-instances-pattern" label="Named" text=pattern check=check_pattern />
            <ProviderChoice id="add-instances-provider" chosen=provider />
            <FormInput id="add-instances-vcpus" label="vCPUs" text=vcpus class="number" inputmode="numeric"
                check=|t| Quantity::Vcpus.parse(t).map(drop).map_err(|e| e.to_string()) />
            <label class="form-input flag" for="add-instances-hyperthreading">
                <span class="label">"Hyper-threaded"</span>
                <input id="add-instances-hyperthreading" type="checkbox" prop:checked=move || hyperthreading.get()
                    on:change=move |e| hyperthreading.set(event_target_checked(&e)) />
            </label>
            <label class="form-input flag" for="add-instances-dedicated">
                <span class="label">"Dedicated host"</span>
                <input id="add-instances-dedicated" type="checkbox" prop:checked=move || dedicated.get()
                    on:change=move |e| dedicated.set(event_target_checked(&e)) />
            </label>
            <label class="form-input" for="add-instances-environment">
                <span class="label">"Environment"</span>
                <select id="add-instances-environment" aria-label="Environment" on:change=move |e| environment.set(event_target_value(&e))>
                    {ENVIRONMENTS.iter().enumerate().map(|(i, (_, label))| view! { <option value=i.to_string()>{*label}</option> }).collect_view()}
                </select>
            </label>
            <ProductChoice id="add-instances-product" label="Running" none="— nothing yet —" people=false chosen=product />
            <button type="submit" class="button">"Add instances"</button>
            <Outcome outcome />
        </form>
    }
}
