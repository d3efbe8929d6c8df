//! The cloud providers' licence-included rates: what an instance that may not bring its own
//! licence costs per vCPU and month (Windows Server on a Listed Provider's shared hardware,
//! MS-CLOUD-BYOL). Listed with their sources, added and corrected here (checked by
//! `edit::cloud_rates`; a refused rate changes nothing), removed one at a time.

use leptos::prelude::*;
use preflight_engine::edit::cloud_rates::{self, CloudRateText};
use preflight_engine::edit::people::{self, PROVIDERS};

use super::product_name;
use super::scenario::{Button, FormInput, ProductChoice, ProviderChoice};
use crate::format;
use crate::state::AppState;

#[component]
pub fn CloudRates() -> impl IntoView {
    let state = AppState::expect();
    let provider = RwSignal::new(PROVIDERS[0].1.to_string());
    let product = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let currency = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    // The workbook's currency, following it when it changes, until another is typed: the field
    // is set only while it is empty or still holds the currency offered last.
    Effect::new(move |offered: Option<String>| {
        let code = state
            .workbook
            .with(|w| w.settings.currency.code().to_string());
        if currency.with_untracked(|c| c.is_empty() || Some(c) == offered.as_ref()) {
            currency.set(code.clone());
        }
        code
    });
    let add = Callback::new(move |()| {
        let parsed = state.rule_pack.with_untracked(|pack| {
            cloud_rates::parse_cloud_rate(
                &CloudRateText {
                    provider: &provider.get_untracked(),
                    product: &product.get_untracked(),
                    per_vcpu_month: &price.get_untracked(),
                    currency: &currency.get_untracked(),
                    valid_from: &from.get_untracked(),
                    valid_to: &to.get_untracked(),
                    source: &source.get_untracked(),
                },
                &pack.catalogue,
            )
        });
        match parsed {
            Ok(rate) => {
                state
                    .workbook
                    .update(|w| cloud_rates::add_cloud_rate(&mut w.licence_included, rate));
                for field in [price, from, to, source] {
                    field.set(String::new());
                }
                message.set(None);
            }
            Err(error) => message.set(Some(error.to_string())),
        }
    });
    let rows = move || {
        state.workbook.with(|w| {
            state.rule_pack.with(|pack| {
                w.licence_included
                    .iter()
                    .enumerate()
                    .map(|(index, r)| {
                        let provider = people::provider_label(r.provider);
                        let product = product_name(pack, &r.product);
                        let label = Signal::stored(format!(
                            "Remove the rate for {product} on {provider}"
                        ));
                        let dates = match (r.valid_from, r.valid_to) {
                            (None, None) => "always".to_string(),
                            (Some(from), None) => format!("from {from}"),
                            (None, Some(to)) => format!("until {to}"),
                            (Some(from), Some(to)) => format!("{from} to {to}"),
                        };
                        view! {
                            <tr data-testid="cloud-rate">
                                <td>{provider}</td>
                                <td>{product}</td>
                                <td class="num">{format::money(&r.per_vcpu_month)}</td>
                                <td>{dates}</td>
                                <td>{r.source.clone()}</td>
                                <td>
                                    <Button text="Remove" label=label on_click=Callback::new(move |()| {
                                        state.workbook.update(|w| cloud_rates::remove_cloud_rate(&mut w.licence_included, index))
                                    }) />
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <table class="rates" data-testid="cloud-rates">
            <caption>"Cloud licence-included rates (per vCPU a month: the provider's hourly licence charge × 730)"</caption>
            <thead>
                <tr>
                    <th>"Provider"</th><th>"Product"</th><th class="num">"Per vCPU a month"</th><th>"Valid"</th><th>"Source"</th>
                    <th><span class="visually-hidden">"Remove"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <div class="add-one" data-testid="cloud-rate-form">
            <ProviderChoice id="cloud-rate-provider" chosen=provider />
            <ProductChoice id="cloud-rate-product" label="Product" none="— choose —" people=false chosen=product />
            <FormInput id="cloud-rate-price" label="Per vCPU a month" text=price check=|_| Ok(()) inputmode="decimal" class="narrow" />
            <FormInput id="cloud-rate-currency" label="Currency" text=currency check=|_| Ok(()) class="narrow" />
            <FormInput id="cloud-rate-from" label="Valid from (YYYY-MM-DD)" text=from check=|_| Ok(()) />
            <FormInput id="cloud-rate-to" label="Valid to (YYYY-MM-DD)" text=to check=|_| Ok(()) />
            <FormInput id="cloud-rate-source" label="Source" text=source check=|_| Ok(()) />
            <Button text="Add licence-included rate" on_click=add />
            <span class="field-error" role="alert" data-testid="cloud-rate-error">{move || message.get()}</span>
        </div>
    }
}
