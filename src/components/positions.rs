//! The licence position per product: required, entitled, shortfall, to buy, cost, and the working.

use leptos::prelude::*;
use preflight_engine::{PackCount, Position, Rights};

use super::product_name;
use super::rows::{Rows, rows_view};
use crate::format;
use crate::state::AppState;

#[component]
pub fn PositionTable() -> impl IntoView {
    let state = AppState::expect();
    let rows = Rows::new(move |keep| state.evaluation.with(|e| keep(&e.positions)));
    view! {
        <table class="positions">
            <thead>
                <tr>
                    <th>"Product"</th>
                    <th class="num" title="Consumed today by the existing estate">"In use"</th>
                    <th class="num" title="Needed by the proposed deployment">"Required"</th>
                    <th class="num" title="Owned rights in force on the as-of date">"Entitled"</th>
                    <th class="num" title="What the project adds to the shortfall">"Shortfall"</th>
                    <th class="num" title="Owned rights left after the project">"Surplus"</th>
                    <th>"To buy"</th>
                    <th class="num">"Cost"</th>
                </tr>
            </thead>
            {rows_view(rows, |_, position| view! { <PositionAt position /> }.into_any())}
        </table>
    }
}

/// One product's rows, drawn again only when its own figures change: an edit that touches one
/// product of 500 redraws one row, not the table.
#[component]
fn PositionAt(position: Signal<Option<Position>>) -> impl IntoView {
    let state = AppState::expect();
    move || {
        // The product's name and the rules' texts come from the pack: another pack redraws.
        state.rule_pack.track();
        position
            .get()
            .map(|position| view! { <PositionRows position /> })
    }
}

fn packs_text(packs: &[PackCount]) -> String {
    packs
        .iter()
        .map(|p| format!("{} × {}-pack", format::count(p.packs), p.pack_size))
        .collect::<Vec<_>>()
        .join(" + ")
}

#[component]
fn PositionRows(position: Position) -> impl IntoView {
    let state = AppState::expect();
    let name = state
        .rule_pack
        .with(|pack| product_name(pack, &position.product));
    let units = position.metric.units();
    let to_buy = if position.to_buy.is_empty() {
        "—".to_string()
    } else {
        position
            .to_buy
            .iter()
            .map(|line| match &line.pack_price {
                Some(price) => format!(
                    "{} × {}-pack at {}",
                    format::count(line.packs),
                    line.pack_size,
                    format::money(price)
                ),
                None => format!(
                    "{} × {}-pack (unpriced)",
                    format::count(line.packs),
                    line.pack_size
                ),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let cost = match (&position.cost, position.shortfall > Rights(0)) {
        (Some(cost), _) => format::money(cost),
        (None, true) => "unpriced".to_string(),
        (None, false) => "—".to_string(),
    };
    let status = if position.shortfall > Rights(0) {
        "short"
    } else {
        "covered"
    };
    // Each step with the rules it applies: id, and the rule's summary and source on hover.
    // Written when the working is first opened: hundreds of products' steps are otherwise
    // thousands of elements no one has asked to see.
    let derivation = position.derivation;
    let steps = move || {
        state.rule_pack.with_untracked(|pack| {
            derivation
                .iter()
                .map(|step| {
                    let rules = step
                        .rules()
                        .into_iter()
                        .map(|id| {
                            let title = pack
                                .rule(id)
                                .map(|rule| {
                                    format!(
                                        "{} Source: {} ({:?})",
                                        rule.summary, rule.source, rule.confidence
                                    )
                                })
                                .unwrap_or_default();
                            (id.to_string(), title)
                        })
                        .collect();
                    (step.to_string(), rules)
                })
                .collect::<Vec<(String, Vec<(String, String)>)>>()
        })
    };
    let opened = RwSignal::new(false);
    let on_toggle = move |event: leptos::ev::Event| {
        if let Some(details) = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDetailsElement>(t).ok())
            && details.open()
        {
            opened.set(true);
        }
    };
    view! {
        <tbody data-testid=format!("position-{}", position.product) class=status>
            <tr>
                <th scope="row">{name} " " <span class="unit">{format!("({units})")}</span></th>
                <td class="num" data-field="consumed">
                    {position.consumed.map_or_else(|| "not known".to_string(), |c| format::count(c.0))}
                </td>
                <td class="num" data-field="required">
                    {format::count(position.required.0)}
                    <span class="packs" data-field="required-packs">{packs_text(&position.required_packs)}</span>
                </td>
                <td class="num" data-field="entitled">
                    {if position.unlimited {
                        format!("{} + unlimited agreement", format::count(position.entitled.0))
                    } else {
                        format::count(position.entitled.0)
                    }}
                </td>
                <td class="num" data-field="shortfall">{format::count(position.shortfall.0)}</td>
                <td class="num" data-field="surplus">{format::count(position.after.surplus.0)}</td>
                <td data-field="to-buy">{to_buy}</td>
                <td class="num" data-field="cost">{cost}</td>
            </tr>
            <tr class="working">
                <td colspan="8">
                    <details on:toggle=on_toggle>
                        <summary>"Show the working"</summary>
                        <ol class="derivation">
                            {move || opened.get().then(|| {
                                steps()
                                    .into_iter()
                                    .map(|(step, rules)| {
                                        let rules = rules
                                            .into_iter()
                                            .map(|(id, title)| view! { <span class="rule" title=title>{id}</span> })
                                            .collect_view();
                                        view! { <li>{step} {rules}</li> }
                                    })
                                    .collect_view()
                            })}
                        </ol>
                    </details>
                </td>
            </tr>
        </tbody>
    }
}
