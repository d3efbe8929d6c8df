//! Share links on the page: `ShareLink` makes one from the active scenario; `SharedScenarioView`
//! shows a scenario opened from one against this browser's own entitlements, with "Keep".

use leptos::prelude::*;
use preflight_engine::Rights;
use preflight_engine::share::{MAX_LINK_CHARS, WARN_LINK_CHARS};

use super::product_name;
use crate::actions;
use crate::format;
use crate::share::{self, Incoming};
use crate::state::AppState;

#[component]
pub fn ShareLink() -> impl IntoView {
    let state = AppState::expect();
    let include_files = RwSignal::new(false);
    // Once asked for, the link follows the scenario: an edit after it gives a new link. The
    // scenario's JSON is made here; the worker packs it and its answer is shown.
    let asked = RwSignal::new(false);
    let parts = Memo::new(move |_| {
        asked
            .get()
            .then(|| share::link_parts(state, include_files.get()))
    });
    let packed = RwSignal::new(None::<Result<String, String>>);
    Effect::new(move |_| {
        if let Some(Ok(parts)) = parts.get() {
            share::make_link(state, parts, move |link| packed.set(Some(link)));
        }
    });
    let link = move || match parts.get()? {
        Err(reason) => Some(Err(reason)),
        Ok(_) => packed.get(),
    };
    let shown = move || {
        link().map(|made| match made {
            Err(reason) => view! {
                <div class="report failed" role="alert" data-testid="share-report">
                    {format!("No link made: {reason}.")}
                </div>
            }
            .into_any(),
            Ok(url) if url.len() > MAX_LINK_CHARS => view! {
                <div class="banner warning" role="alert" data-testid="share-report">
                    <p>
                        {format!(
                            "This scenario needs a link of {} characters, more than a link can carry ({}). Send the workbook file instead.",
                            format::count(url.len() as u64),
                            format::count(MAX_LINK_CHARS as u64)
                        )}
                    </p>
                    <button class="button" data-testid="share-export" on:click=move |_| actions::export_workbook(state)>
                        "Export workbook"
                    </button>
                </div>
            }
            .into_any(),
            Ok(url) => {
                let length = url.len();
                view! {
                    <label class="share-url">
                        {format!("Link ({} characters)", format::count(length as u64))}
                        <input type="text" readonly data-testid="share-url" prop:value=url />
                    </label>
                    {(length > WARN_LINK_CHARS).then(|| view! {
                        <div class="banner warning" role="status" data-testid="share-warning">
                            <p>{format!(
                                "This link is longer than {} characters: some mail clients break or cut long links. Paste it into chat or a ticket, or send the workbook file.",
                                format::count(WARN_LINK_CHARS as u64)
                            )}</p>
                        </div>
                    })}
                }
                .into_any()
            }
        })
    };
    view! {
        <div class="import">
            <button class="button" data-testid="make-share-link" on:click=move |_| asked.set(true)>"Make share link"</button>
            <label class="check">
                <input type="checkbox" data-testid="share-include-files"
                    prop:checked=move || include_files.get()
                    on:change=move |event| include_files.set(event_target_checked(&event)) />
                " Include my entitlement files and price list"
            </label>
            <span class="hint">
                "The link carries the active scenario, the rule pack and the as-of date in its part after \u{201c}#\u{201d}, which browsers never send to a server. The recipient sees it against their own entitlements unless you include yours."
            </span>
        </div>
        {shown}
    }
}

#[component]
pub fn SharedScenarioView() -> impl IntoView {
    let state = AppState::expect();
    let incoming = Incoming::expect();
    move || {
        incoming.shared.get().map(|shared| match shared {
            Err(message) => view! {
                <div class="banner warning" role="alert" data-testid="shared-error">
                    <p>{format!("The share link could not be opened: {message}. Your workbook is unchanged.")}</p>
                    <button class="button secondary" on:click=move |_| share::close(incoming)>"Close"</button>
                </div>
            }
            .into_any(),
            Ok(shared) => {
                let carries_files = !(shared.sources.is_empty() && shared.price_list.is_empty());
                let intro = format!(
                    "Shared scenario \u{201c}{}\u{201d} ({}), sent as of {} under rule pack {}. Shown here against {}; your saved workbook is unchanged unless you keep it.",
                    shared.scenario.name,
                    shared.scenario.deployment.name,
                    shared.as_of,
                    shared.rule_pack,
                    if carries_files { "the files you choose below" } else { "your own entitlements and prices" },
                );
                // The figures below are this browser's: under its rule pack and as-of date. When
                // either is not the sender's, theirs may differ, and the reader is told why.
                let ours = state.rule_pack.with(|pack| format!("{} {}", pack.id, pack.version));
                let as_of = state.as_of.get();
                let differs = [
                    (ours != shared.rule_pack).then(|| format!(
                        "You evaluate with rule pack {ours}; the sender used {}: where the packs' rules or tables differ, so may the figures.",
                        shared.rule_pack
                    )),
                    (as_of != shared.as_of).then(|| format!(
                        "Evaluated here as of {as_of}; the sender's as of {}: entitlements in term, prices and fiscal years follow the date.",
                        shared.as_of
                    )),
                ];
                let differs = differs.into_iter().flatten().map(|text| view! { <p>{text}</p> }).collect_view();
                view! {
                    <section class="shared" aria-labelledby="shared-heading" data-testid="shared-scenario">
                        <h2 id="shared-heading">"Shared scenario"</h2>
                        <p>{intro}</p>
                        <div class="differs" data-testid="shared-differs">{differs}</div>
                        {carries_files.then(|| view! {
                            <label class="check">
                                <input type="checkbox" data-testid="shared-senders-files"
                                    prop:checked=move || incoming.senders_files.get()
                                    on:change=move |event| incoming.senders_files.set(event_target_checked(&event)) />
                                {format!(
                                    " Use the sender's entitlement files ({}) and price list instead of mine",
                                    shared.sources.len()
                                )}
                            </label>
                        })}
                        <SharedFigures />
                        <div class="import">
                            <button class="button" data-testid="keep-shared" on:click=move |_| share::keep(state, incoming)>
                                "Keep this scenario"
                            </button>
                            <button class="button secondary" data-testid="close-shared" on:click=move |_| share::close(incoming)>
                                "Close"
                            </button>
                            <span class="hint">"Keep adds it to your workbook's scenarios; your other scenarios stay as they are."</span>
                        </div>
                    </section>
                }
                .into_any()
            }
        })
    }
}

/// The shared scenario's total and, per product, what it needs, what is owned and what to buy.
#[component]
fn SharedFigures() -> impl IntoView {
    let state = AppState::expect();
    let incoming = Incoming::expect();
    let total = move || {
        incoming.evaluation.with(|evaluation| {
            evaluation
                .as_ref()
                .map(|e| format::totals(&e.total, "nothing priced"))
        })
    };
    let rows = move || {
        incoming.evaluation.with(|evaluation| {
            let Some(evaluation) = evaluation else {
                return Vec::new();
            };
            evaluation
                .positions
                .iter()
                .filter(|p| p.required > Rights(0))
                .map(|p| {
                    let name = state
                        .rule_pack
                        .with(|pack| product_name(pack, &p.product));
                    let cost = match (&p.cost, p.shortfall > Rights(0)) {
                        (Some(cost), _) => format::money(cost),
                        (None, true) => "unpriced".to_string(),
                        (None, false) => "—".to_string(),
                    };
                    view! {
                        <tr data-testid=format!("shared-position-{}", p.product)>
                            <td>{name}</td>
                            <td class="num" data-field="required">{format::count(p.required.0)}</td>
                            <td class="num" data-field="entitled">{format::count(p.entitled.0)}</td>
                            <td class="num" data-field="shortfall">{format::count(p.shortfall.0)}</td>
                            <td class="num" data-field="cost">{cost}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <p class="summary-line">"To buy: " <strong data-testid="shared-total">{total}</strong></p>
        <table class="positions">
            <thead>
                <tr>
                    <th>"Product"</th>
                    <th class="num">"Required"</th>
                    <th class="num">"Entitled"</th>
                    <th class="num">"Shortfall"</th>
                    <th class="num">"Cost"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
