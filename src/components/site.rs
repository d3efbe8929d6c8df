//! The organisation's site data on the page: where it came from (maintainer, date), its files,
//! the reservations other projects hold, and exporting this scenario's reservation.

use leptos::prelude::*;
use preflight_engine::site::{ReservationFile, SITE_SCHEMA, reservations_of};

use super::product_name;
use crate::format;
use crate::site::{SITE_URL, Site, SiteStatus};
use crate::state::AppState;

/// A malformed site data file, said at the top of the page.
#[component]
pub fn SiteNotice() -> impl IntoView {
    let site = Site::expect();
    move || match site.status.get() {
        SiteStatus::Failed(reason) => Some(view! {
            <div class="banner warning" role="alert" data-testid="site-error">
                <p>{format!(
                    "The organisation's site data ({SITE_URL}) could not be used: {reason}. Preflight goes on with this workbook's own files; tell your licence manager."
                )}</p>
            </div>
        }),
        _ => None,
    }
}

#[component]
pub fn SiteDataView() -> impl IntoView {
    let state = AppState::expect();
    let stamp = move || {
        state.workbook.with(|w| {
            w.site.as_ref().map(|site| {
                let lines: usize = site.sources.iter().map(|s| s.entitlements.len()).sum();
                format!(
                    "Maintained by {}, published {}: {} entitlement line(s) from {} file(s), {} price(s), {} reservation(s). They count before your own files.",
                    site.maintainer,
                    site.published,
                    format::count(lines as u64),
                    format::count(site.sources.len() as u64),
                    format::count(site.price_list.len() as u64),
                    format::count(site.reservations.len() as u64),
                )
            })
        })
    };
    let files = move || {
        state.workbook.with(|w| {
            w.site
                .iter()
                .flat_map(|site| &site.sources)
                .map(|source| {
                    let text = format!(
                        "{} ({} lines, SHA-256 {})",
                        source.file,
                        format::count(source.entitlements.len() as u64),
                        source.sha256.get(..12).unwrap_or(&source.sha256)
                    );
                    view! { <li data-testid="site-file">{text}</li> }
                })
                .collect::<Vec<_>>()
        })
    };
    let reservations = move || {
        state.workbook.with(|w| {
            w.site
                .iter()
                .flat_map(|site| &site.reservations)
                .map(|r| {
                    let name = state.rule_pack.with(|pack| product_name(pack, &r.product));
                    view! {
                        <tr data-testid="reservation">
                            <td>{name}</td>
                            <td class="num">{format::count(r.rights.0)}</td>
                            <td>{r.project.clone()}</td>
                            <td>{r.scenario.clone()}</td>
                            <td>{r.reserved_on.to_string()}</td>
                            <td>{r.reserved_by.clone()}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let has_reservations = move || {
        state
            .workbook
            .with(|w| w.site.as_ref().is_some_and(|s| !s.reservations.is_empty()))
    };
    view! {
        {move || match stamp() {
            Some(text) => view! { <p data-testid="site-data">{text}</p> }.into_any(),
            None => view! {
                <p class="hint" data-testid="site-data">
                    {format!("No site data: your licence manager can publish the organisation's entitlements, prices and reservations as {SITE_URL} beside this page.")}
                </p>
            }.into_any(),
        }}
        <ul class="site-files">{files}</ul>
        <Show when=has_reservations>
            <table class="positions" data-testid="reservations">
                <caption>"Surplus reserved by approved projects (taken before this project)"</caption>
                <thead>
                    <tr>
                        <th>"Product"</th>
                        <th class="num">"Rights"</th>
                        <th>"Project"</th>
                        <th>"Scenario"</th>
                        <th>"Reserved on"</th>
                        <th>"By"</th>
                    </tr>
                </thead>
                <tbody>{reservations}</tbody>
            </table>
            <p class="hint">"Only the licence manager releases a reservation (preflight org release), in the site data."</p>
        </Show>
        <ReserveForm />
    }
}

/// "This scenario is approved": the surplus it uses, as a file for the licence manager.
#[component]
fn ReserveForm() -> impl IntoView {
    let state = AppState::expect();
    let by = RwSignal::new(String::new());
    let report = RwSignal::new(None::<Result<String, String>>);
    let export = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let by_name = by.get_untracked();
        if by_name.trim().is_empty() {
            report.set(Some(Err("say who approved the scenario".into())));
            return;
        }
        let on = state.as_of.get_untracked();
        let project = state
            .workbook
            .with_untracked(|w| w.scenario().deployment.name.clone());
        let reservations = state
            .evaluation
            .with_untracked(|evaluation| reservations_of(evaluation, &project, on, by_name.trim()));
        let count = reservations.len();
        let file = ReservationFile {
            schema: SITE_SCHEMA,
            reservations,
        };
        let name = format!("preflight-reservation-{on}.json");
        let result = serde_json::to_string(&file)
            .map_err(|error| error.to_string())
            .and_then(|json| crate::download::download_json(&name, &json))
            .map(|()| {
                format!(
                    "Exported {name}: {count} product(s). Send it to your licence manager, who merges it into the site data."
                )
            });
        report.set(Some(result));
    };
    view! {
        <form class="add" aria-label="Reserve surplus" on:submit=export>
            <label class="form-input" for="reserve-by">
                <span class="label">"Approved by"</span>
                <input type="text" id="reserve-by" data-testid="reserve-by"
                    prop:value=move || by.get()
                    on:input=move |event| by.set(event_target_value(&event)) />
            </label>
            <button class="button" type="submit" data-testid="export-reservation">
                "Export reservation of the surplus this scenario uses"
            </button>
        </form>
        {move || report.get().map(|result| match result {
            Ok(text) => view! { <div class="report read" role="status" data-testid="reservation-report">{text}</div> }.into_any(),
            Err(text) => view! { <div class="report failed" role="alert" data-testid="reservation-report">{format!("No reservation exported: {text}.")}</div> }.into_any(),
        })}
    }
}
