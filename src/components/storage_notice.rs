//! What the user must know about saving in this browser: blocked, full, another tab, and what
//! loading the saved work found. Silent while every change is saved.

use leptos::prelude::*;
use preflight_engine::WORKBOOK_SCHEMA;

use crate::actions;
use crate::state::AppState;
use crate::storage::{LoadNotice, SaveStatus};

#[component]
pub fn StorageNotice() -> impl IntoView {
    let state = AppState::expect();
    let export = move || {
        view! {
            <button class="button" data-testid="banner-export" on:click=move |_| actions::export_workbook(state)>
                "Export workbook"
            </button>
        }
    };
    let loaded = state.load_notice.get_value().map(|notice| {
        view! {
            <div class="banner warning" role="alert" data-testid="storage-notice">
                {load_text(&notice)}
            </div>
        }
    });
    let saving = move || {
        let (text, reload) = match state.save_status.get() {
            SaveStatus::Saving | SaveStatus::ReadOnly => return None,
            SaveStatus::Unavailable => (
                "This browser does not let Preflight save your work (storage is blocked or unavailable, for example by a privacy setting). Your work stays in this tab until it closes: export the workbook to keep it.".to_string(),
                false,
            ),
            SaveStatus::Full => (
                "Your last change could not be saved in this browser: its storage is full. Your work is still here in this tab: export the workbook to keep it. The next change tries to save again.".to_string(),
                false,
            ),
            SaveStatus::Failed(reason) => (
                format!("Your last change could not be saved in this browser ({reason}). Your work is still here in this tab: export the workbook to keep it. The next change tries to save again."),
                false,
            ),
            SaveStatus::OtherTab { revision } => (
                format!("This workbook was changed and saved in another tab (revision {revision}). This tab has stopped saving, so that work is not overwritten: reload to continue with it, or export this tab's workbook to keep it."),
                true,
            ),
        };
        Some(view! {
            <div class="banner warning" role="alert" data-testid="save-status">
                <p>{text}</p>
                {export()}
                {reload.then(|| view! {
                    <button class="button secondary" on:click=|_| reload_page()>"Reload"</button>
                })}
            </div>
        })
    };
    view! {
        {loaded}
        {saving}
    }
}

fn load_text(notice: &LoadNotice) -> String {
    match notice {
        LoadNotice::Corrupt {
            reason,
            kept_as: Some(key),
        } => format!(
            "The work saved in this browser could not be read ({reason}). It is kept, unchanged, under the storage key \u{201c}{key}\u{201d}, and Preflight started from the demo workbook."
        ),
        LoadNotice::Corrupt {
            reason,
            kept_as: None,
        } => format!(
            "The work saved in this browser could not be read ({reason}), and there is no room to keep a copy aside. It is left as it was and this tab will not save over it; Preflight started from the demo workbook."
        ),
        LoadNotice::NewerSchema {
            schema,
            opened: true,
        } => format!(
            "The work saved in this browser comes from a newer Preflight (workbook schema {schema}; this version reads schema {WORKBOOK_SCHEMA}). It is open read-only, as far as this version understands it, so figures may be incomplete. Changes in this tab are not saved: the saved work stays as the newer version left it."
        ),
        LoadNotice::NewerSchema {
            schema,
            opened: false,
        } => format!(
            "The work saved in this browser comes from a newer Preflight (workbook schema {schema}; this version reads schema {WORKBOOK_SCHEMA}) and cannot be read here, so Preflight started from the demo workbook. Changes in this tab are not saved: the saved work stays as the newer version left it."
        ),
    }
}

fn reload_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
