//! Every entitlement line of the workbook in one table: sorted by any column, filtered by product
//! and file, searched, with the rights owned by product. The rows come from the engine's
//! `lines::line_table`; the table renders only the rows in view plus a margin (a fixed row
//! height in a scroll container), so 50,000 lines cost a hundred or so `tr` elements.

use leptos::prelude::*;
use preflight_engine::lines::{Column, LineQuery, LineRef, LineTable, line_table, product_names};
use preflight_engine::{LicenceType, ProductId};

use super::product_name;
use super::reference::TextTable;
use super::scenario::{Choice, FormInput};
use crate::format;
use crate::state::AppState;

/// Height of one row in CSS pixels; `public/styles.css` holds `.lines td` to it.
const ROW_PX: i32 = 32;
/// Height of the scroll container in rows (`.lines-scroll` in the styles: 15 × 32 px).
const VISIBLE: usize = 15;
/// Rows rendered above and below the visible ones, and the step the window moves by (so a
/// small scroll re-renders nothing).
const MARGIN: usize = 20;

const HEADERS: [(Column, &str, bool); 7] = [
    (Column::Product, "Product", false),
    (Column::Edition, "Edition", false),
    (Column::Metric, "Metric", false),
    (Column::Rights, "Rights", true),
    (Column::LicenceType, "Licence type", false),
    (Column::End, "SA or term ends", false),
    (Column::File, "Source (file, row)", false),
];

#[component]
pub fn EntitlementLines() -> impl IntoView {
    let state = AppState::expect();
    let query = RwSignal::new(LineQuery::default());
    let search = RwSignal::new(String::new());
    // Over the lines, not the whole workbook: `prepared` changes when the lines (or the estate,
    // settings, pack or date) do, and not on an edit of the scenario.
    let table: Memo<LineTable> = Memo::new(move |_| {
        let query = LineQuery {
            search: search.get(),
            ..query.get()
        };
        let _ = state.prepared.get();
        state.rule_pack.with(|pack| {
            state.workbook.with_untracked(|workbook| {
                line_table(workbook, &pack.catalogue, state.as_of.get(), &query)
            })
        })
    });
    // The rows in view and MARGIN rows each side, the window moving in steps of MARGIN rows: a
    // small scroll gives an equal window, which the memo does not pass on.
    let scroll_top = RwSignal::new(0);
    let window = Memo::new(move |_| {
        let top_row = (scroll_top.get() / ROW_PX).max(0) as usize;
        let first = top_row.saturating_sub(MARGIN) / MARGIN * MARGIN;
        table.with(|t| {
            let last = (first + VISIBLE + 3 * MARGIN).min(t.rows.len());
            let first = first.min(last);
            (first, t.rows[first..last].to_vec(), t.rows.len())
        })
    });
    let spacer = move |above: bool| {
        window.with(|(first, rows, len)| {
            let hidden = if above {
                *first
            } else {
                len - first - rows.len()
            };
            format!("{}px", hidden as i32 * ROW_PX)
        })
    };
    let rows = move || {
        let (first, refs, _) = window.get();
        let _ = state.prepared.get();
        state.workbook.with_untracked(|workbook| {
            state.rule_pack.with(|pack| {
                refs.into_iter()
                    .enumerate()
                    .filter_map(|(i, line)| {
                        let cells = cells(workbook, &pack.catalogue, line)?;
                        Some(view! { <LineRow index=first + i cells /> })
                    })
                    .collect_view()
            })
        })
    };
    let row_count = move || table.with(|t| (t.rows.len() + 1).to_string());
    view! {
        <LineFilters query search table />
        <div
            class="lines-scroll"
            tabindex="0"
            role="region"
            aria-label="Entitlement lines (scroll with the arrow keys)"
            data-testid="lines-scroll"
            on:scroll=move |event| {
                let element: web_sys::Element = event_target(&event);
                scroll_top.set(element.scroll_top());
            }
        >
            <table class="lines" data-testid="lines" aria-rowcount=row_count>
                <thead>
                    <tr aria-rowindex="1">
                        {HEADERS
                            .into_iter()
                            .map(|(column, label, num)| view! { <SortHeader column label num query /> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true" style:height=move || spacer(true)></tr>
                    {rows}
                    <tr class="spacer" aria-hidden="true" style:height=move || spacer(false)></tr>
                </tbody>
            </table>
        </div>
        <LineTotals table />
    }
}

/// One line's cells, as the headers order them.
fn cells(
    workbook: &preflight_engine::Workbook,
    catalogue: &preflight_engine::Catalogue,
    line: LineRef,
) -> Option<[String; 7]> {
    let (file, e) = line.get(workbook)?;
    let (name, edition) = product_names(catalogue, workbook, &e.product);
    let rights = if e.unlimited {
        "unlimited".to_string()
    } else {
        format::count(e.rights().0)
    };
    let end = match (e.licence_type, e.end) {
        (LicenceType::Perpetual, _) | (_, None) => "—".to_string(),
        (_, Some(end)) => end.to_string(),
    };
    Some([
        name,
        edition,
        e.metric.to_string(),
        rights,
        e.licence_type.to_string(),
        end,
        format!("{file}, row {}", e.source.row),
    ])
}

/// One row of the table: the same component for every line, its cells as text.
#[component]
fn LineRow(index: usize, cells: [String; 7]) -> impl IntoView {
    view! {
        <tr aria-rowindex=(index + 2).to_string() data-testid="line">
            {cells
                .into_iter()
                .zip(HEADERS)
                .map(|(text, (_, _, num))| view! { <td class:num=num>{text}</td> })
                .collect_view()}
        </tr>
    }
}

/// A column's header: a button that sorts by it, ascending, then descending on a second press.
#[component]
fn SortHeader(
    column: Column,
    label: &'static str,
    num: bool,
    query: RwSignal<LineQuery>,
) -> impl IntoView {
    let sort = move || {
        query.with(|q| match (q.sort == column, q.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        })
    };
    let press = move |_| {
        query.update(|q| {
            q.descending = q.sort == column && !q.descending;
            q.sort = column;
        })
    };
    view! {
        <th scope="col" class:num=num aria-sort=sort>
            <button type="button" class="sort" on:click=press>{label}</button>
        </th>
    }
}

/// The product and file filters, the search, and how many lines they leave: the editor's own
/// select and input components, so their render code is in the wasm once.
#[component]
fn LineFilters(
    query: RwSignal<LineQuery>,
    /// The search text, the input's own signal; the table's memo reads it into the query.
    search: RwSignal<String>,
    table: Memo<LineTable>,
) -> impl IntoView {
    let state = AppState::expect();
    // Keyed on the lines (`prepared`), not on every edit of the workbook.
    let products = Signal::derive(move || {
        let _ = state.prepared.get();
        state.workbook.with_untracked(|w| {
            let mut ids: Vec<&ProductId> = w.entitlements().map(|e| &e.product).collect();
            ids.sort();
            ids.dedup();
            let mut named: Vec<(String, String)> = state.rule_pack.with(|pack| {
                ids.into_iter()
                    .map(|id| (id.0.clone(), product_name(pack, id)))
                    .collect()
            });
            preflight_engine::order::sort_by(&mut named, |a, b| a.1.cmp(&b.1));
            named.insert(0, (String::new(), "All products".to_string()));
            named
        })
    });
    let files = Signal::derive(move || {
        let _ = state.prepared.get();
        state.workbook.with_untracked(|w| {
            let all = (String::new(), "All files".to_string());
            std::iter::once(all)
                .chain(w.all_sources().map(|s| (s.file.clone(), s.file.clone())))
                .collect()
        })
    });
    let product = Signal::derive(move || {
        query.with(|q| q.product.as_ref().map(|p| p.0.clone()).unwrap_or_default())
    });
    let file = Signal::derive(move || query.with(|q| q.file.clone().unwrap_or_default()));
    let choose_product = Callback::new(move |id: String| {
        query.update(|q| q.product = (!id.is_empty()).then_some(ProductId(id)));
        Ok(())
    });
    let choose_file = Callback::new(move |file: String| {
        query.update(|q| q.file = (!file.is_empty()).then_some(file));
        Ok(())
    });
    let shown = move || {
        table.with(|t| {
            format!(
                "{} of {} line(s) shown",
                format::count(t.rows.len() as u64),
                format::count(t.all as u64)
            )
        })
    };
    view! {
        <div class="line-filters">
            <label class="pick">
                "Product "
                <Choice id="lines-product".to_string() label="Product" value=product options=products choose=choose_product />
            </label>
            <label class="pick">
                "File "
                <Choice id="lines-file".to_string() label="File" value=file options=files choose=choose_file />
            </label>
            <FormInput id="lines-search" label="Search" text=search check=|_| Ok(()) />
            <span role="status" data-testid="lines-shown">{shown}</span>
            <button type="button" data-testid="lines-csv" on:click=move |_| crate::actions::export_lines(state)>
                "Download all lines (CSV)"
            </button>
        </div>
    }
}

/// Rights owned by product, over the lines shown, through the reference tables' plain table.
#[component]
fn LineTotals(table: Memo<LineTable>) -> impl IntoView {
    let state = AppState::expect();
    let rows = Signal::derive(move || {
        table.with(|t| {
            state.rule_pack.with(|pack| {
                t.totals
                    .iter()
                    .map(|total| {
                        let owned = format::count(total.owned.0);
                        vec![
                            product_name(pack, &total.product),
                            format::count(total.lines as u64),
                            if total.unlimited {
                                format!("{owned} + unlimited agreement")
                            } else {
                                owned
                            },
                        ]
                    })
                    .collect()
            })
        })
    });
    view! {
        <h3>"Rights owned by product, over the lines shown"</h3>
        <p class="hint">"Rights in force on the as-of date: SA-only lines and subscriptions out of term add none."</p>
        <TextTable
            testid="line-totals"
            headers=&[("Product", false), ("Lines", true), ("Rights owned", true)]
            rows
            empty="No line is shown."
        />
    }
}
