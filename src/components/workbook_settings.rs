//! The workbook's settings: the currency results are priced in, the fiscal year's first month,
//! the budget's horizon, the as-of date, and the dated exchange rates that convert prices in
//! other currencies. Every value is checked as typed, its message beside it; a refused value
//! changes nothing.

use leptos::prelude::*;
use preflight_engine::Currency;
use preflight_engine::edit::settings::{self, RateText};
use preflight_engine::edit::{EditError, parse_date};
use preflight_engine::workbook::Settings;

use super::scenario::{Button, Choice, Field, FormInput};
use crate::state::AppState;

/// Applies a settings edit to the workbook, or says why not (and changes nothing).
fn apply(
    state: AppState,
    edit: impl FnOnce(&mut Settings) -> Result<(), EditError>,
) -> Result<(), String> {
    let mut settings = state.workbook.with_untracked(|w| w.settings.clone());
    edit(&mut settings).map_err(|e| e.to_string())?;
    state.workbook.update(|w| w.settings = settings);
    Ok(())
}

#[component]
pub fn WorkbookSettings() -> impl IntoView {
    let state = AppState::expect();
    let read = move |f: fn(&Settings) -> String| -> Signal<String> {
        Signal::derive(move || state.workbook.with(|w| f(&w.settings)))
    };
    let currencies: Vec<(String, String)> = Currency::ALL
        .iter()
        .map(|c| (c.code().to_string(), c.code().to_string()))
        .collect();
    let months: Vec<(String, String)> = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    .iter()
    .enumerate()
    .map(|(i, m)| ((i + 1).to_string(), m.to_string()))
    .collect();
    let as_of = Signal::derive(move || state.as_of.get().to_string());
    let set_as_of =
        Callback::new(
            move |text: String| match parse_date(&text).map_err(|e| e.to_string())? {
                Some(date) => {
                    state.as_of.set(date);
                    Ok(())
                }
                None => Err("a date is needed".to_string()),
            },
        );
    view! {
        <div class="settings" data-testid="workbook-settings">
            <label for="settings-currency">"Currency"</label>
            <Choice
                id="settings-currency".to_string()
                label="Currency results are priced in"
                value=read(|s| s.currency.code().to_string())
                options=Signal::stored(currencies)
                choose=Callback::new(move |t: String| apply(state, |s| settings::set_currency(s, &t)))
            />
            <label for="settings-fiscal-start">"Fiscal year starts in"</label>
            <Choice
                id="settings-fiscal-start".to_string()
                label="Fiscal year starts in"
                value=read(|s| s.fiscal.start_month.to_string())
                options=Signal::stored(months)
                choose=Callback::new(move |t: String| apply(state, |s| settings::set_fiscal_start(s, &t)))
            />
            <label for="settings-horizon">"Horizon (fiscal years)"</label>
            <Field
                id="settings-horizon".to_string()
                label="Horizon in fiscal years"
                value=read(|s| s.fiscal.horizon_years.to_string())
                commit=Callback::new(move |t: String| apply(state, |s| settings::set_horizon(s, &t)))
                inputmode="numeric"
                class="narrow"
            />
            <label for="settings-as-of">"As of"</label>
            <Field id="settings-as-of".to_string() label="As-of date" value=as_of commit=set_as_of kind="date" />
        </div>
        <ExchangeRates />
    }
}

/// The dated exchange rates, and a form to add one.
#[component]
fn ExchangeRates() -> impl IntoView {
    let state = AppState::expect();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let rate = RwSignal::new(String::new());
    let as_of = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let add = Callback::new(move |()| {
        let parsed = settings::parse_rate(&RateText {
            from: &from.get_untracked(),
            to: &to.get_untracked(),
            rate: &rate.get_untracked(),
            as_of: &as_of.get_untracked(),
            source: &source.get_untracked(),
        });
        match parsed {
            Ok(parsed) => {
                state
                    .workbook
                    .update(|w| settings::add_rate(&mut w.settings, parsed));
                for field in [from, to, rate, as_of, source] {
                    field.set(String::new());
                }
                message.set(None);
            }
            Err(error) => message.set(Some(error.to_string())),
        }
    });
    let rows = move || {
        state.workbook.with(|w| {
            w.settings
                .exchange_rates
                .iter()
                .enumerate()
                .map(|(index, r)| {
                    let label = Signal::stored(format!("Remove the rate {} to {} of {}", r.from, r.to, r.as_of));
                    view! {
                        <tr data-testid="exchange-rate">
                            <td>{format!("1 {} = {} {}", r.from, r.rate, r.to)}</td>
                            <td>{r.as_of.to_string()}</td>
                            <td>{r.source.clone()}</td>
                            <td>
                                <Button
                                    text="Remove"
                                    label=label
                                    on_click=Callback::new(move |()| {
                                        state.workbook.update(|w| settings::remove_rate(&mut w.settings, index))
                                    })
                                />
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <table class="rates" data-testid="exchange-rates">
            <caption>"Exchange rates (the latest fixed on or before a purchase converts its price)"</caption>
            <thead><tr><th>"Rate"</th><th>"Fixed on"</th><th>"Source"</th><th><span class="visually-hidden">"Remove"</span></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <div class="add-one">
            <FormInput id="rate-from" label="From" text=from check=|_| Ok(()) class="narrow" />
            <FormInput id="rate-to" label="To" text=to check=|_| Ok(()) class="narrow" />
            <FormInput id="rate-value" label="Rate" text=rate check=|_| Ok(()) inputmode="decimal" class="narrow" />
            <FormInput id="rate-as-of" label="Fixed on (YYYY-MM-DD)" text=as_of check=|_| Ok(()) />
            <FormInput id="rate-source" label="Source" text=source check=|_| Ok(()) />
            <Button text="Add rate" on_click=add />
            <span class="field-error" role="alert" data-testid="rate-error">{move || message.get()}</span>
        </div>
    }
}
