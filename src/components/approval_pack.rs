//! The approval pack: one printable page with the project, its scope, the assumptions and their
//! confidence, the files and rule pack behind the figures (with SHA-256), positions, purchases,
//! costs per fiscal year, findings, the alternatives considered, the charts and a sign-off block.
//! Hidden on screen until asked for; printing shows it alone (public/styles.css, `@media print`).

use std::collections::BTreeSet;

use leptos::prelude::*;
use preflight_engine::workbook::Buy;
use preflight_engine::{Rights, Severity};

use super::panel::{PanelBoundary, SumError};
use super::{ChartView, Charts, product_name};
use crate::actions;
use crate::format;
use crate::state::AppState;

/// Shows the approval pack and opens the browser's print dialog (where "Save as PDF" is).
#[component]
pub fn PrintButton(open: RwSignal<bool>) -> impl IntoView {
    let print = move |_| {
        #[cfg(not(feature = "split"))]
        show_and_print(open);
        // The split build waits for the pack's module (fetched already, mostly: see
        // `contents`); one that could not be loaded shows its message in the opened pack.
        #[cfg(feature = "split")]
        leptos::task::spawn_local(async move {
            let _ = fetch_pack().await;
            show_and_print(open);
        });
    };
    view! {
        <button class="print" id="print-approval-pack" data-testid="print-pack" on:click=print>"Print approval pack"</button>
    }
}

/// Downloads the results as CSV for a spreadsheet: positions before and after, what to buy,
/// cost per fiscal year, findings and the files read.
#[component]
pub fn ResultsCsvButton() -> impl IntoView {
    let state = AppState::expect();
    view! {
        <button class="print" data-testid="export-results" on:click=move |_| actions::export_results(state)>
            "Download results (CSV)"
        </button>
    }
}

/// Opens the pack and the browser's print dialog.
fn show_and_print(open: RwSignal<bool>) {
    open.set(true);
    // After the pack is on the page: the view updates before the next frame.
    request_animation_frame(|| {
        if let Some(window) = web_sys::window() {
            // A browser without a print dialog leaves the pack shown on screen.
            let _ = window.print();
        }
    });
}

#[component]
pub fn ApprovalPack(open: RwSignal<bool>, charts: Charts) -> impl IntoView {
    let printing = printing();
    let class = move || {
        if open.get() {
            "approval-pack open"
        } else {
            "approval-pack"
        }
    };
    // Built only while it can be seen: opened, or the page printed. Hidden, it would be built at
    // start-up and again on every edit for nothing.
    let live = move || open.get() || printing.get();
    let ready = module_ready();
    view! {
        <section class=class data-testid="approval-pack" data-ready=ready aria-labelledby="pack-heading">
            <div class="pack-controls">
                <button on:click=move |_| open.set(false)>"Close the approval pack"</button>
            </div>
            <Show when=live>{move || contents(charts)}</Show>
        </section>
    }
}

/// What the pack shows, built while it is live.
fn pack_view(charts: Charts) -> AnyView {
    let state = AppState::expect();
    view! {
        <PanelBoundary>
            {move || pack_body(state)}
            <h3>"Cost per fiscal year"</h3>
            <ChartView chart=charts.cost testid="pack-chart-cost" />
            <h3>"Licence position"</h3>
            <ChartView chart=charts.position testid="pack-chart-position" />
        </PanelBoundary>
        <SignOff />
    }
    .into_any()
}

/// Whether the pack's code is in (`data-ready`): always, unsplit.
#[cfg(not(feature = "split"))]
fn module_ready() -> Signal<Option<&'static str>> {
    Signal::stored(Some("true"))
}

/// Whether the pack's module is in (`data-ready`), which is fetched when the browser is first
/// idle: printing from the browser's menu (`beforeprint`) builds the pack in the same task,
/// with no time to fetch it.
#[cfg(feature = "split")]
fn module_ready() -> Signal<Option<&'static str>> {
    use wasm_bindgen::JsCast;
    let ready = RwSignal::new(None);
    let fetch = wasm_bindgen::closure::Closure::once_into_js(move || {
        leptos::task::spawn_local(async move {
            // A failure is shown when the pack is opened, which fetches it again.
            if fetch_pack().await.is_ok() {
                ready.set(Some("true"));
            }
        });
    });
    if let Some(window) = web_sys::window() {
        let _ = window.request_idle_callback(fetch.unchecked_ref());
    }
    ready.into()
}

/// The pack's contents: unsplit, its code is in the page's wasm.
#[cfg(not(feature = "split"))]
fn contents(charts: Charts) -> AnyView {
    pack_view(charts)
}

/// The pack's contents in the split build: its code is a module of its own (`pack`), fetched
/// when the browser is first idle ([`module_ready`]) or by "Print approval pack", which waits
/// for it; once in, the pack is built in the same task as before (so printing from the
/// browser's menu prints it). Printed before it is in, the page says so; a module that cannot
/// be loaded shows why in the pack's place.
#[cfg(feature = "split")]
fn contents(charts: Charts) -> AnyView {
    let view = send_wrapper::SendWrapper::new(async move {
        match pack_in_module(charts).await {
            Ok(view) => view,
            Err(error) => view! {
                <p class="error" role="alert" data-testid="pack-load-error">
                    "The approval pack could not be loaded (" {error.to_string()}
                    "): reload the page to try again."
                </p>
            }
            .into_any(),
        }
    });
    let loading = || {
        view! {
            <p class="hint" data-testid="pack-loading">
                "The approval pack is still loading: print again in a moment."
            </p>
        }
    };
    view! { <Suspense fallback=loading>{Suspend::new(view)}</Suspense> }.into_any()
}

/// The split point of the approval pack: its body, charts and sign-off.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(
    pack,
    wasm_split_path = ::leptos::wasm_split,
    preload(fetch_pack),
    fallible
)]
pub(crate) fn pack_in_module(
    charts: Charts,
) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(pack_view(charts))
}

/// True while the page is printed: from `beforeprint` to `afterprint`, and while the print media
/// query matches (print preview, or print media emulated by developer tools and the tests).
/// Leptos runs the pack's build in a microtask, before the browser lays out the printed page.
fn printing() -> RwSignal<bool> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let printing = RwSignal::new(false);
    let _ = window_event_listener_untyped("beforeprint", move |_| printing.set(true));
    let _ = window_event_listener_untyped("afterprint", move |_| printing.set(false));
    if let Some(query) = web_sys::window().and_then(|w| w.match_media("print").ok().flatten()) {
        printing.set(query.matches());
        let list = query.clone();
        let changed = Closure::<dyn FnMut()>::new(move || printing.set(list.matches()));
        let _ = query.add_event_listener_with_callback("change", changed.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        changed.forget();
    }
    printing
}

fn pack_body(state: AppState) -> impl IntoView {
    let workbook = state.workbook.read();
    let evaluation = state.evaluation.read();
    let alternatives = state.alternatives.read();
    let repro = &evaluation.reproduction;
    let deployment = &workbook.scenario().deployment;
    let settings = &workbook.settings;
    let name = |id| state.rule_pack.with(|pack| product_name(pack, id));

    let scope = format!(
        "{} host(s), {} cluster(s), {} VM(s), {} product placement(s), {} phase(s)",
        deployment.hosts.len(),
        deployment.clusters.len(),
        deployment.vms.len(),
        deployment.placements.len(),
        deployment.phases.len(),
    );
    let buy = match settings.buy {
        Buy::Licences => "licences with support",
        Buy::Subscriptions => "yearly subscriptions",
    };
    let positions_rows = evaluation
        .positions
        .iter()
        .map(|p| {
            let to_buy = p
                .to_buy
                .iter()
                .map(|l| format!("{} × {}-pack", format::count(l.packs), l.pack_size))
                .collect::<Vec<_>>()
                .join(" + ");
            let cost = match (&p.cost, p.shortfall > Rights(0)) {
                (Some(cost), _) => format::money(cost),
                (None, true) => "unpriced".to_string(),
                (None, false) => "—".to_string(),
            };
            view! {
                <tr>
                    <td>{format!("{} ({})", name(&p.product), p.metric.units())}</td>
                    <td class="num">{format::count(p.required.0)}</td>
                    <td class="num">{format::count(p.entitled.0)}</td>
                    <td class="num">{format::count(p.shortfall.0)}</td>
                    <td>{if to_buy.is_empty() { "—".to_string() } else { to_buy }}</td>
                    <td class="num">{cost}</td>
                </tr>
            }
        })
        .collect_view();
    // A year whose amounts cannot be summed exactly is an error for the pack's boundary.
    let years = evaluation
        .budget
        .year_totals()
        .map_err(SumError::of("amounts of a fiscal year"))
        .map(|years| {
            years
                .into_iter()
                .map(|year| {
                    view! {
                        <tr>
                            <td>{year.label}</td>
                            <td class="num">{format::totals(&year.capex, "—")}</td>
                            <td class="num">{format::totals(&year.opex, "—")}</td>
                        </tr>
                    }
                })
                .collect_view()
                .into_any()
        });
    // The rules the figures rest on, with the rule pack's confidence in each.
    let cited: BTreeSet<_> = evaluation
        .positions
        .iter()
        .flat_map(|p| p.derivation.iter().flat_map(|s| s.rules()))
        .collect();
    let rules = state.rule_pack.with(|pack| {
        cited
            .into_iter()
            .filter_map(|id| {
                let rule = pack.rule(id)?;
                Some(view! {
                    <li>
                        <strong>{id.to_string()}</strong>
                        {format!(" ({:?} confidence): {} Source: {}", rule.confidence, rule.summary, rule.source)}
                    </li>
                })
            })
            .collect_view()
    });
    // Rule-pack table rows weaker than the vendor's text are assumptions the figures rest on.
    let table_assumptions = evaluation
        .findings
        .iter()
        .filter(|f| matches!(f, preflight_engine::Finding::TableConfidence { .. }))
        .map(|f| view! { <li>{f.to_string()}</li> })
        .collect_view();
    let mut findings: Vec<_> = evaluation
        .findings
        .iter()
        .map(|f| (f.severity(), f.product().map(name), f.to_string()))
        .collect();
    preflight_engine::order::sort_by_key(&mut findings, |(severity, _, _)| *severity);
    let high = findings
        .iter()
        .filter(|(s, _, _)| *s == Severity::High)
        .count();
    let findings = findings
        .into_iter()
        .map(|(severity, product, message)| {
            let product = product.map(|p| format!("{p}: ")).unwrap_or_default();
            view! { <li>{format!("[{severity:?}] {product}{message}")}</li> }
        })
        .collect_view();
    let alternatives = alternatives
        .iter()
        .map(|c| {
            view! {
                <tr class=if c.cheapest { "cheapest" } else { "" }>
                    <td>
                        {c.name.clone()}
                        {c.cheapest.then_some(" (cheapest compliant)")}
                    </td>
                    <td class="num">{format::horizon(c.horizon.as_ref(), "nothing")}</td>
                    <td>{if c.compliant { "yes" } else { "no" }}</td>
                </tr>
            }
        })
        .collect_view();
    let scenario = workbook.scenario();
    let description = (!scenario.description.is_empty())
        .then(|| view! { <p data-testid="pack-description">{scenario.description.clone()}</p> });
    // The other scenarios the change board weighed, by the comparison the page shows.
    let others = state.scenarios.read();
    let others = (!others.is_empty()).then(|| {
        let rows = others
            .iter()
            .map(|c| {
                view! {
                    <tr class=if c.cheapest { "cheapest" } else { "" }>
                        <td>{c.name.clone()} {c.cheapest.then_some(" (cheapest compliant)")}</td>
                        <td class="num">{format::horizon(c.horizon.as_ref(), "nothing")}</td>
                        <td>{if c.compliant { "yes" } else { "no" }}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h3>"Scenarios considered"</h3>
            <table data-testid="pack-scenarios">
                <thead>
                    <tr><th>"Scenario"</th><th class="num">"Over the horizon"</th><th>"Compliant"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let sources = repro
        .sources
        .iter()
        .map(|s| {
            view! {
                <tr data-testid="pack-source">
                    <td>{s.file.clone()}</td>
                    <td class="hash">{s.sha256.clone()}</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <h2 id="pack-heading">
            "Approval pack: " {deployment.name.clone()} " \u{2014} scenario \u{201c}"
            {scenario.name.clone()} "\u{201d}"
        </h2>
        {description}
        <p class="pack-meta">
            {format!(
                "Evaluated as of {} with Preflight {} · total to buy: {} · {} high finding(s)",
                repro.as_of,
                repro.tool_version,
                format::totals(&evaluation.total, "nothing"),
                high
            )}
        </p>
        <h3>"Scope"</h3>
        <p data-testid="pack-scope">{scope}</p>
        <h3>"Assumptions"</h3>
        <ul>
            <li>{format!("Oracle partitioning counted under the {} scope", settings.oracle_scope)}</li>
            <li>{if settings.ilmt { "IBM License Metric Tool in place: sub-capacity counting" } else { "No IBM License Metric Tool: full-capacity counting" }}</li>
            <li>{format!("What is short is bought as {buy}; prices in {}", settings.currency)}</li>
            <li>{format!("Rule pack {} {}, SHA-256 {}", repro.rule_pack_id, repro.rule_pack_version, repro.rule_pack_sha256)}</li>
            {table_assumptions}
        </ul>
        <h4>"Rules applied and their confidence"</h4>
        <ul class="pack-rules">{rules}</ul>
        <h3>"Entitlement sources"</h3>
        <table class="pack-sources">
            <thead><tr><th>"File"</th><th>"SHA-256"</th></tr></thead>
            <tbody>{sources}</tbody>
        </table>
        <h3>"Licence positions and what to buy"</h3>
        <table>
            <thead>
                <tr>
                    <th>"Product"</th>
                    <th class="num">"Required"</th>
                    <th class="num">"Owned"</th>
                    <th class="num">"Short"</th>
                    <th>"To buy"</th>
                    <th class="num">"Cost"</th>
                </tr>
            </thead>
            <tbody>{positions_rows}</tbody>
        </table>
        <h3>"Cost per fiscal year"</h3>
        <table>
            <thead>
                <tr><th>"Fiscal year"</th><th class="num">"One-off (capex)"</th><th class="num">"Recurring (opex)"</th></tr>
            </thead>
            <tbody>{years}</tbody>
        </table>
        <h3>"Findings"</h3>
        <ul class="pack-findings">{findings}</ul>
        <h3>"Alternatives considered"</h3>
        <table>
            <thead>
                <tr><th>"Alternative"</th><th class="num">"Over the horizon"</th><th>"Compliant"</th></tr>
            </thead>
            <tbody>{alternatives}</tbody>
        </table>
        {others}
    }
}

#[component]
fn SignOff() -> impl IntoView {
    let line = |role: &'static str| {
        view! {
            <div class="signature">
                <p class="role">{role}</p>
                <p>"Name: " <span class="blank"></span></p>
                <p>"Role: " <span class="blank"></span></p>
                <p>"Date: " <span class="blank"></span></p>
                <p>"Signature: " <span class="blank"></span></p>
            </div>
        }
    };
    view! {
        <div class="sign-off" data-testid="sign-off">
            <h3>"Sign-off"</h3>
            {line("Project manager")}
            {line("Licence manager")}
            {line("Budget owner")}
        </div>
    }
}
