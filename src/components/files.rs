//! Entitlement files: import a spreadsheet, CSV or JSON file (in the import worker), see what it
//! gave and what it could not use, remove a file.

use leptos::prelude::*;
use preflight_import::Level;

use super::read_chosen_file;
use crate::actions;
use crate::state::{AppState, ImportReport, Preview};

#[component]
pub fn EntitlementFiles() -> impl IntoView {
    let state = AppState::expect();
    let sources = move || {
        state.workbook.with(|workbook| {
            workbook
                .sources
                .iter()
                .map(|source| {
                    (
                        source.file.clone(),
                        source.entitlements.len(),
                        source.unmatched.len(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let on_change = move |event: leptos::ev::Event| {
        read_chosen_file(&event, move |name, bytes| match bytes {
            Ok(bytes) => actions::import_entitlements(state, name, bytes),
            Err(reason) => actions::report_unreadable(state, &name, &reason),
        });
    };
    view! {
        <div class="import">
            <label class="button">
                "Import an entitlement file (spreadsheet, CSV, text or JSON)"
                <input type="file" accept=".xlsx,.xls,.ods,.csv,.txt,.tsv,.json,text/csv,application/json" data-testid="import-file" on:change=on_change />
            </label>
            <a href="demo/entitlements.csv" download="preflight-entitlements-sample.csv">
                "Download the sample file"
            </a>
            <span class="templates">
                "Templates: "
                <a href="templates/preflight-entitlements.xlsx" download data-testid="template-xlsx">"entitlements (XLSX)"</a>
                " · "
                <a href="templates/preflight-entitlements.csv" download data-testid="template-csv">"entitlements (CSV)"</a>
            </span>
            <span class="hint">
                "XLSX, XLS or ODS (the first sheet with a header), delimited text (comma, semicolon, tab or pipe; UTF-8, UTF-16 or Windows-1252) or a JSON array. Columns: Product, Edition, Metric, Quantity, and optionally Publisher, Licence type, Rights per pack, Unit price, Currency, Purchase date, Start date, End date, Version, Legal entity; ServiceNow, Flexera, Snow, Snipe-IT, MLS and OpTISAM headers are recognised."
            </span>
        </div>
        <ImportReportView />
        <table class="sources">
            <thead>
                <tr>
                    <th>"File"</th>
                    <th class="num">"Lines counted"</th>
                    <th class="num">"Matching no product"</th>
                    <th><span class="visually-hidden">"Action"</span></th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    sources()
                        .into_iter()
                        .map(|(file, counted, unmatched)| {
                            let remove = file.clone();
                            view! {
                                <tr data-testid="source">
                                    <td>{file.clone()}</td>
                                    <td class="num">{counted}</td>
                                    <td class="num">{unmatched}</td>
                                    <td>
                                        <button on:click=move |_| actions::remove_source(state, &remove)>
                                            "Remove"
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

#[component]
fn ImportReportView() -> impl IntoView {
    let state = AppState::expect();
    move || {
        state.import_report.get().map(|report| match report {
            ImportReport::Reading { file } => view! {
                <div class="report reading" role="status" data-testid="import-report">
                    {format!("Reading {file}… ")}
                    <button on:click=move |_| crate::importer::cancel(state)>"Cancel"</button>
                </div>
            }
            .into_any(),
            ImportReport::Failed { message } => view! {
                <div class="report failed" role="alert" data-testid="import-report">
                    <strong>"Not imported: "</strong>
                    {message}
                    " Your workbook is unchanged."
                </div>
            }
            .into_any(),
            ImportReport::Preview(preview) => view! { <PreviewView preview=*preview /> }.into_any(),
            ImportReport::NeedsColumns { file, message, headers } => view! {
                <div class="report preview" role="region" aria-label="Import preview" data-testid="import-report">
                    <strong>{format!("{file} needs your help: ")}</strong>
                    {message}
                    <p class="hint">"Say which column holds each field it needs: the file is read again, and your answer is kept for the next files with this header."</p>
                    <ColumnChoices columns=headers />
                    <div class="actions">
                        <button data-testid="import-cancel" on:click=move |_| actions::cancel_pending(state)>"Cancel"</button>
                    </div>
                </div>
            }
            .into_any(),
            ImportReport::Added(preview) => {
                let Preview { file, rows, imported, unmatched, diagnostics, .. } = *preview;
                view! {
                    <div class="report read" role="status" data-testid="import-report">
                        <strong>{format!("Imported {file}: ")}</strong>
                        {format!(
                            "{} row(s) read: {} accepted, {} incomplete, {} rejected, {} skipped; {imported} line(s) counted, {unmatched} matching no product.",
                            rows.read, rows.accepted, rows.incomplete, rows.rejected, rows.skipped
                        )}
                        <Diagnostics diagnostics />
                    </div>
                }
                .into_any()
            }
        })
    }
}

#[component]
fn Diagnostics(diagnostics: Vec<preflight_import::Diagnostic>) -> impl IntoView {
    view! {
        <ul class="diagnostics">
            {diagnostics
                .into_iter()
                .map(|d| {
                    let class = if d.level == Level::Error { "error" } else { "warning" };
                    view! { <li class=class>{d.to_string()}</li> }
                })
                .collect_view()}
        </ul>
    }
}

/// A product text of a file as the preview shows it: "Acme Resale · SQL-Svr Ent · Core 2pk".
fn product_text(m: &preflight_engine::mapping::ProductMapping) -> String {
    [m.publisher.as_str(), m.product.as_str(), m.edition.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Each column of the header and the field it is read as, which the user may change: the file is
/// read again with the answer.
#[component]
fn ColumnChoices(columns: Vec<(String, Option<String>)>) -> impl IntoView {
    let state = AppState::expect();
    let fields: Vec<&'static str> = preflight_import::header::Field::ALL
        .iter()
        .map(|f| f.name())
        .collect();
    let rows = columns
        .into_iter()
        .enumerate()
        .map(|(index, (column, field))| {
            let current = field.clone().unwrap_or_default();
            let options = fields
                .iter()
                .map(|name| {
                    let selected = *name == current;
                    view! { <option value=*name selected=selected>{*name}</option> }
                })
                .collect_view();
            let header = column.clone();
            view! {
                <tr data-testid="import-column">
                    <td>{column.clone()}</td>
                    <td>
                        <select
                            id=format!("import-column-{index}")
                            aria-label=format!("Column {column} holds")
                            on:change=move |event| {
                                let choice = event_target_value(&event);
                                let field = (!choice.is_empty()).then_some(choice);
                                actions::answer_column(state, header.clone(), field);
                            }
                        >
                            <option value="" selected=field.is_none()>"not read (kept in the file)"</option>
                            {options}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="columns">
            <thead><tr><th>"Column"</th><th>"Read as"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The file as read, before it reaches the workbook: the counts, the sheet, how its columns were
/// read, the product texts that matched nothing (each answered here: a product, or not relevant,
/// and the file is read again), what an earlier import of the same name had, and accept or cancel.
#[component]
fn PreviewView(preview: Preview) -> impl IntoView {
    let state = AppState::expect();
    let Preview {
        file,
        rows,
        imported,
        unmatched,
        diagnostics,
        columns,
        sheet,
        sheets,
        unmatched_texts,
        replaces,
        answers,
    } = preview;
    let products = state.rule_pack.with(|pack| {
        let mut products: Vec<(String, String)> = pack
            .catalogue
            .products()
            .iter()
            .map(|p| (p.id.to_string(), p.display_name()))
            .collect();
        products.sort_by(|a, b| a.1.cmp(&b.1));
        products
    });
    let sheet_choice = (sheets.len() > 1).then(|| {
        let current = sheet.clone().unwrap_or_default();
        view! {
            <label class="pick">
                "Sheet "
                <select data-testid="import-sheet" on:change=move |event| actions::choose_sheet(state, event_target_value(&event))>
                    {sheets
                        .into_iter()
                        .map(|name| {
                            let selected = name == current;
                            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    });
    let columns: Vec<(String, Option<String>)> =
        columns.into_iter().map(|c| (c.column, c.field)).collect();
    let texts = (!unmatched_texts.is_empty()).then(|| {
        let rows = unmatched_texts
            .into_iter()
            .enumerate()
            .map(|(index, (text, count))| {
                let shown = product_text(&text);
                let label = format!("What {shown} is");
                let options = products
                    .iter()
                    .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
                    .collect_view();
                view! {
                    <tr data-testid="unmatched-text">
                        <td>{shown}</td>
                        <td class="num">{count}</td>
                        <td>
                            <select
                                id=format!("unmatched-{index}")
                                aria-label=label
                                on:change=move |event| {
                                    let choice = event_target_value(&event);
                                    let to = match choice.as_str() {
                                        "" => return,
                                        "-" => None,
                                        id => Some(preflight_engine::ProductId(id.to_string())),
                                    };
                                    actions::answer_unmatched(state, preflight_engine::mapping::ProductMapping { to, ..text.clone() });
                                }
                            >
                                <option value="" selected=true>"Leave unmatched (not counted)"</option>
                                <option value="-">"Not relevant"</option>
                                {options}
                            </select>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h3>"Products this file names that the catalogue does not know"</h3>
            <p class="hint">"Say what each is: the file is read again, and your answer is kept for the next files. An unmatched line is never counted."</p>
            <table class="unmatched-texts">
                <thead><tr><th>"Text in the file"</th><th class="num">"Rows"</th><th>"What it is"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let answers = (!answers.is_empty()).then(|| {
        let items = answers
            .into_iter()
            .map(|a| {
                let to = a.to.as_ref().map_or_else(
                    || "not relevant".to_string(),
                    |id| state.rule_pack.with(|pack| super::product_name(pack, id)),
                );
                let text = product_text(&a);
                view! { <li>{format!("{text} \u{2192} {to}")}</li> }
            })
            .collect_view();
        view! { <p>"Your answers in this preview:"</p><ul data-testid="import-answers">{items}</ul> }
    });
    let replaces = replaces.map(|(lines, unmatched_before)| {
        view! {
            <p data-testid="import-replaces">
                {format!(
                    "Replaces the earlier import of {file}: {lines} line(s) counted and {unmatched_before} matching no product now; {imported} and {unmatched} after."
                )}
            </p>
        }
    });
    view! {
        <div class="report preview" role="region" aria-label="Import preview" data-testid="import-report">
            <strong>{format!("Preview of {file}: ")}</strong>
            {format!(
                "{} row(s) read: {} accepted, {} incomplete, {} rejected, {} skipped; {imported} line(s) counted, {unmatched} matching no product.",
                rows.read, rows.accepted, rows.incomplete, rows.rejected, rows.skipped
            )}
            " Nothing is in your workbook until you add it."
            {sheet_choice}
            {replaces}
            <details>
                <summary>"How the columns were read"</summary>
                <ColumnChoices columns />
            </details>
            {answers}
            {texts}
            <Diagnostics diagnostics />
            <div class="actions">
                <button class="button" data-testid="import-accept" on:click=move |_| actions::add_pending(state)>"Add to workbook"</button>
                <button data-testid="import-cancel" on:click=move |_| actions::cancel_pending(state)>"Cancel"</button>
            </div>
        </div>
    }
}
