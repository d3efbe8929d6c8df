//! The workbook's reference data as read: the baseline (what the estate consumes today, from a
//! licence position export) and the price list (the site data's, then the user's own). Both
//! are short lists, drawn by one plain table component.

use leptos::prelude::*;

use super::product_name;
use crate::format;
use crate::state::AppState;

/// The baseline consumption per product, with where each figure comes from.
#[component]
pub fn BaselineTable() -> impl IntoView {
    let state = AppState::expect();
    let rows = Signal::derive(move || {
        state.workbook.with(|w| {
            state.rule_pack.with(|pack| {
                w.baseline
                    .iter()
                    .map(|b| {
                        vec![
                            product_name(pack, &b.product),
                            format::count(b.consumed.0),
                            b.legal_entity.clone().unwrap_or_default(),
                            b.source
                                .as_ref()
                                .map(ToString::to_string)
                                .unwrap_or_default(),
                        ]
                    })
                    .collect()
            })
        })
    });
    view! {
        <TextTable
            testid="baseline"
            headers=&[("Product", false), ("Consumed today", true), ("Legal entity", false), ("Source", false)]
            rows
            empty="No baseline: no licence position export has been read, so a product's surplus is unverified (see the findings)."
        />
    }
}

/// The price list the engine buys at: each pack's price, validity and source.
#[component]
pub fn PriceListTable() -> impl IntoView {
    let state = AppState::expect();
    let rows = Signal::derive(move || {
        state.workbook.with(|w| {
            state.rule_pack.with(|pack| {
                let date = |d: Option<chrono::NaiveDate>| {
                    d.map_or_else(|| "—".to_string(), |d| d.to_string())
                };
                w.price_entries()
                    .map(|p| {
                        vec![
                            p.sku.clone().unwrap_or_default(),
                            product_name(pack, &p.product),
                            format::count(u64::from(p.pack_size)),
                            p.licence_type.to_string(),
                            format::money(&p.price),
                            date(p.valid_from),
                            date(p.valid_to),
                            p.source.clone(),
                        ]
                    })
                    .collect()
            })
        })
    });
    view! {
        <TextTable
            testid="price-list"
            headers=&[
                ("SKU", false),
                ("Product", false),
                ("Pack size", true),
                ("Licence type", false),
                ("Pack price", true),
                ("Valid from", false),
                ("Valid to", false),
                ("Source", false),
            ]
            rows
            empty="No price list: a purchase is priced from the latest priced entitlement line of its product, with a finding."
        />
    }
}

/// A table of text cells under column headers (`true`: a number, aligned right), or `empty`
/// when there are no rows.
#[component]
pub(super) fn TextTable(
    testid: &'static str,
    headers: &'static [(&'static str, bool)],
    rows: Signal<Vec<Vec<String>>>,
    empty: &'static str,
) -> impl IntoView {
    let body = move || {
        rows.get()
            .into_iter()
            .map(|cells| {
                view! {
                    <tr>
                        {cells
                            .into_iter()
                            .zip(headers)
                            .map(|(text, (_, num))| view! { <td class:num=*num>{text}</td> })
                            .collect_view()}
                    </tr>
                }
            })
            .collect_view()
    };
    // Hidden rather than swapped: a `Show` is its own render code in the wasm.
    let none = move || rows.with(Vec::is_empty);
    view! {
        <p class="hint" hidden=move || !none()>{empty}</p>
        <table class="reference" data-testid=testid hidden=none>
            <thead>
                <tr>
                    {headers
                        .iter()
                        .map(|(label, num)| view! { <th scope="col" class:num=*num>{*label}</th> })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
    }
}
