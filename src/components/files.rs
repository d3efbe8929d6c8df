//! Entitlement files: import a spreadsheet, CSV or JSON file (in the import worker), see what it
//! gave and what it could not use, remove a file.

use leptos::prelude::*;
use preflight_import::Level;

use super::read_chosen_file;
use crate::actions;
use crate::state::{AppState, ImportReport};

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
            Ok(bytes) => actions::import_entitlements(state, name, &bytes),
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
            ImportReport::Read { file, rows, imported, unmatched, diagnostics } => {
                view! {
                    <div class="report read" role="status" data-testid="import-report">
                        <strong>{format!("Imported {file}: ")}</strong>
                        {format!(
                            "{} row(s) read: {} accepted, {} incomplete, {} rejected, {} skipped; {imported} line(s) counted, {unmatched} matching no product.",
                            rows.read, rows.accepted, rows.incomplete, rows.rejected, rows.skipped
                        )}
                        <ul class="diagnostics">
                            {diagnostics
                                .into_iter()
                                .map(|d| {
                                    let class = if d.level == Level::Error { "error" } else { "warning" };
                                    view! { <li class=class>{d.to_string()}</li> }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                }
                .into_any()
            }
        })
    }
}
