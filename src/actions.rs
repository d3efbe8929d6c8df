//! Named mutations of the app's state; each is a thin call of an engine or importer function.

use leptos::prelude::*;
use preflight_engine::edit::EditError;
use preflight_engine::{Deployment, workbook_from_json};

use crate::download;
use crate::state::{AppState, ImportReport, WorkbookReport};

/// Imports an entitlement file's bytes in the import worker; see [`accept_import`].
pub fn import_entitlements(state: AppState, file: String, bytes: &[u8]) {
    crate::importer::import(state, file, bytes);
}

/// Takes the import worker's reply: a file read becomes a source of the workbook (replacing a
/// file of the same name); a file that could not be read leaves the workbook as it was.
pub fn accept_import(state: AppState, reply: preflight_import::protocol::Reply) {
    let report = match reply {
        Ok(imported) => {
            let report = ImportReport::Read {
                file: imported.value.file.clone(),
                rows: imported.report.rows,
                imported: imported.value.entitlements.len(),
                unmatched: imported.value.unmatched.len(),
                diagnostics: imported.diagnostics,
            };
            state
                .workbook
                .update(|workbook| workbook.put_source(imported.value));
            report
        }
        Err(message) => ImportReport::Failed { message },
    };
    state.import_report.set(Some(report));
}

/// Reports a file the browser could not read at all.
pub fn report_unreadable(state: AppState, file: &str, reason: &str) {
    state.import_report.set(Some(ImportReport::Failed {
        message: format!("{file}: the browser could not read the file ({reason})"),
    }));
}

/// Removes an imported file's lines from the workbook.
pub fn remove_source(state: AppState, file: &str) {
    state.workbook.update(|workbook| {
        workbook.remove_source(file);
    });
}

/// Downloads the workbook as a JSON file, from memory: it works whatever storage allows.
pub fn export_workbook(state: AppState) {
    let file = download::workbook_file_name(state.as_of.get_untracked());
    let result = state
        .workbook
        .with_untracked(serde_json::to_string)
        .map_err(|error| error.to_string())
        .and_then(|json| download::download_json(&file, &json));
    state.workbook_report.set(Some(match result {
        Ok(()) => WorkbookReport::Exported {
            what: "workbook",
            file,
        },
        Err(reason) => WorkbookReport::Failed {
            message: format!("{file}: could not export ({reason})"),
        },
    }));
}

/// Downloads the results as CSV, from memory: UTF-8 with a BOM, text neutralised against
/// formula injection and numbers bare (`preflight_import::export::results_csv`).
pub fn export_results(state: AppState) {
    let file = download::results_file_name(state.as_of.get_untracked());
    let bytes = state.evaluation.with_untracked(|evaluation| {
        state
            .rule_pack
            .with_value(|pack| preflight_import::export::results_csv(evaluation, &pack.catalogue))
    });
    let result = String::from_utf8(bytes)
        .map_err(|error| error.to_string())
        .and_then(|text| download::download_csv(&file, &text));
    state.workbook_report.set(Some(match result {
        Ok(()) => WorkbookReport::Exported {
            what: "results",
            file,
        },
        Err(reason) => WorkbookReport::Failed {
            message: format!("{file}: could not export ({reason})"),
        },
    }));
}

/// Replaces the workbook with a workbook file's; a file that cannot be read changes nothing.
pub fn open_workbook(state: AppState, file: String, bytes: &[u8]) {
    let report = match workbook_from_json(bytes) {
        Ok(workbook) => {
            let report = WorkbookReport::Opened {
                file,
                lines: workbook.entitlements().count(),
                files: workbook.sources.len(),
            };
            state.workbook.set(workbook);
            state.history.update(|history| history.clear());
            report
        }
        Err(error) => WorkbookReport::Failed {
            message: format!("{file}: {error}"),
        },
    };
    state.workbook_report.set(Some(report));
}

/// Reports a workbook file the browser could not read at all.
pub fn report_unreadable_workbook(state: AppState, file: &str, reason: &str) {
    state.workbook_report.set(Some(WorkbookReport::Failed {
        message: format!("{file}: the browser could not read the file ({reason})"),
    }));
}

/// Makes an alternative the proposed deployment (one click in the comparison).
pub fn apply_alternative(
    state: AppState,
    alternative: &preflight_engine::alternatives::Alternative,
) {
    let _ = edit(state, None, |deployment| {
        alternative.apply_to_deployment(deployment);
        Ok(())
    });
    // A setting it asks for (Oracle's scope, buying subscriptions) changes as the settings panel
    // changes it: outside the deployment's undo history.
    if alternative.oracle_scope.is_some() || alternative.buy.is_some() {
        state
            .workbook
            .update(|workbook| alternative.apply_to_settings(&mut workbook.settings));
    }
}

/// Applies an edit of the deployment (an `edit` function of the engine) to a copy, and when it
/// succeeds and changes something, makes the copy the deployment and records the one before
/// for undo. `field` names the field a typed edit changes, so typing is one undo step. A
/// refused edit changes nothing; its error is for the field or form that asked.
pub fn edit<R>(
    state: AppState,
    field: Option<&str>,
    apply: impl FnOnce(&mut Deployment) -> Result<R, EditError>,
) -> Result<R, EditError> {
    let mut deployment = current_deployment(state);
    let result = apply(&mut deployment)?;
    keep_edited(state, field, deployment);
    Ok(result)
}

/// A copy of the deployment to edit. Out of line, as is [`keep_edited`], so the ~40 callers of
/// the generic [`edit`] share this code rather than each carrying a copy in the wasm.
fn current_deployment(state: AppState) -> Deployment {
    state.workbook.with_untracked(|w| w.deployment.clone())
}

/// Makes an edited copy the deployment, recording the one before for undo; no change, no step.
fn keep_edited(state: AppState, field: Option<&str>, deployment: Deployment) {
    if state
        .workbook
        .with_untracked(|w| w.deployment == deployment)
    {
        return;
    }
    let before = state
        .workbook
        .try_update(|w| std::mem::replace(&mut w.deployment, deployment));
    if let Some(before) = before {
        state
            .history
            .update(|history| history.record(before, field));
    }
}

/// Goes back to the deployment before the last edit.
pub fn undo(state: AppState) {
    step_history(state, |history, current| history.undo(current));
}

/// Goes forward to the deployment the last undo left.
pub fn redo(state: AppState) {
    step_history(state, |history, current| history.redo(current));
}

fn step_history(
    state: AppState,
    step: impl FnOnce(
        &mut preflight_engine::edit::History<Deployment>,
        Deployment,
    ) -> Option<Deployment>,
) {
    if !state
        .history
        .with_untracked(|h| h.can_undo() || h.can_redo())
    {
        return;
    }
    let current = state.workbook.with_untracked(|w| w.deployment.clone());
    let mut next = None;
    state
        .history
        .update(|history| next = step(history, current));
    if let Some(deployment) = next {
        state.workbook.update(|w| w.deployment = deployment);
    }
}

/// Sets the hosts Oracle counts for databases in soft-partitioned VMs.
pub fn set_oracle_scope(state: AppState, scope: preflight_engine::workbook::OracleScope) {
    state
        .workbook
        .update(|workbook| workbook.settings.oracle_scope = scope);
}

/// Says whether IBM License Metric Tool is in place (sub-capacity counting allowed).
pub fn set_ilmt(state: AppState, in_place: bool) {
    state
        .workbook
        .update(|workbook| workbook.settings.ilmt = in_place);
}

/// Sets whether shortfalls are bought as licences or as yearly subscriptions.
pub fn set_buy(state: AppState, buy: preflight_engine::workbook::Buy) {
    state
        .workbook
        .update(|workbook| workbook.settings.buy = buy);
}
