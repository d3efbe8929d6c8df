//! The workbook as a file: export it to keep or move the work, open one to continue it.

use leptos::prelude::*;

use super::read_chosen_file;
use crate::actions;
use crate::format;
use crate::state::{AppState, WorkbookReport};

#[component]
pub fn WorkbookFile() -> impl IntoView {
    let state = AppState::expect();
    let on_open = move |event: leptos::ev::Event| {
        read_chosen_file(&event, move |name, bytes| match bytes {
            Ok(bytes) => actions::open_workbook(state, name, &bytes),
            Err(reason) => actions::report_unreadable_workbook(state, &name, &reason),
        });
    };
    view! {
        <div class="import">
            <button class="button" data-testid="export-workbook" on:click=move |_| actions::export_workbook(state)>
                "Export workbook"
            </button>
            <label class="button secondary">
                "Open workbook file"
                <input type="file" accept=".json,application/json" data-testid="open-workbook" on:change=on_open />
            </label>
            <span class="hint">
                "A workbook file holds the deployment and every imported entitlement line. It never leaves this computer unless you send it."
            </span>
        </div>
        <WorkbookReportView />
    }
}

#[component]
fn WorkbookReportView() -> impl IntoView {
    let state = AppState::expect();
    move || {
        state.workbook_report.get().map(|report| match report {
            WorkbookReport::Failed { message } => view! {
                <div class="report failed" role="alert" data-testid="workbook-report">
                    <strong>"Not opened: "</strong>
                    {message}
                    " Your workbook is unchanged."
                </div>
            }
            .into_any(),
            WorkbookReport::Opened { file, lines, files } => view! {
                <div class="report read" role="status" data-testid="workbook-report">
                    <strong>{format!("Opened {file}: ")}</strong>
                    {format!(
                        "{} entitlement line(s) from {} file(s).",
                        format::count(lines as u64),
                        format::count(files as u64)
                    )}
                </div>
            }
            .into_any(),
            WorkbookReport::Exported { what, file } => view! {
                <div class="report read" role="status" data-testid="workbook-report">
                    {format!("Exported the {what} as {file}.")}
                </div>
            }
            .into_any(),
        })
    }
}
