//! Named mutations of the app's state; each is a thin call of an engine or importer function.

use leptos::prelude::*;
use preflight_engine::edit::EditError;
use preflight_engine::{Deployment, Scenario, ScenarioError, Workbook, workbook_from_json};

use crate::download;
use preflight_engine::mapping::{ColumnAnswer, ProductMapping, remember};

use crate::state::{AppState, ImportReport, PendingImport, Preview, WorkbookReport};

/// Reads an entitlement file's bytes in the import worker for a preview; see [`accept_import`].
/// The workbook changes only when the user accepts the preview ([`add_pending`]).
pub fn import_entitlements(state: AppState, file: String, bytes: Vec<u8>) {
    state.pending.set_value(Some(PendingImport {
        file,
        bytes,
        sheet: None,
        answers: Vec::new(),
        columns: Vec::new(),
        source: None,
    }));
    read_pending(state);
}

/// Sends the pending file to the worker with the workbook's product and column answers, the
/// preview's own after them (so they win), and the sheet chosen.
fn read_pending(state: AppState) {
    let (mut mappings, mut columns) = state
        .workbook
        .with_untracked(|w| (w.product_mappings.clone(), w.column_answers.clone()));
    state.pending.with_value(|pending| {
        if let Some(p) = pending {
            mappings.extend(p.answers.iter().cloned());
            columns.extend(p.columns.iter().cloned());
            let request = crate::importer::Request {
                file: p.file.clone(),
                sheet: p.sheet.clone(),
            };
            crate::importer::import(state, &request, &p.bytes, &mappings, &columns);
        }
    });
}

/// Takes the import worker's reply: a file read becomes the preview (the workbook unchanged);
/// a file that could not be read is reported and dropped.
pub fn accept_import(state: AppState, reply: preflight_import::protocol::Reply) {
    let report = match reply {
        Ok(imported) => {
            let source = imported.value;
            // A reply for a file the user has since replaced by another is stale: dropped.
            let current = state
                .pending
                .with_value(|p| p.as_ref().is_some_and(|p| p.file == source.file));
            if !current {
                return;
            }
            let unmatched_texts = preflight_engine::mapping::unmatched_texts(&source.unmatched);
            let replaces = state.workbook.with_untracked(|w| {
                w.sources
                    .iter()
                    .find(|old| old.file == source.file)
                    .map(|old| (old.entitlements.len(), old.unmatched.len()))
            });
            let answers = state
                .pending
                .with_value(|p| p.as_ref().map(|p| p.answers.clone()))
                .unwrap_or_default();
            let preview = Preview {
                answers,
                file: source.file.clone(),
                rows: imported.report.rows,
                imported: source.entitlements.len(),
                unmatched: source.unmatched.len(),
                diagnostics: imported.diagnostics,
                columns: imported.report.mapping,
                sheet: imported.report.sheet,
                sheets: imported.report.sheets,
                unmatched_texts,
                replaces,
            };
            state.pending.update_value(|pending| {
                if let Some(pending) = pending {
                    pending.source = Some(source);
                }
            });
            ImportReport::Preview(Box::new(preview))
        }
        Err(refusal) => {
            let file = state
                .pending
                .with_value(|p| p.as_ref().map(|p| p.file.clone()));
            match file {
                // A header without a field it needs: the user may say which column holds it.
                Some(file) if !refusal.headers.is_empty() => ImportReport::NeedsColumns {
                    file,
                    message: refusal.message,
                    headers: refusal.headers,
                },
                _ => {
                    state.pending.set_value(None);
                    ImportReport::Failed {
                        message: refusal.message,
                    }
                }
            }
        }
    };
    state.import_report.set(Some(report));
}

/// Adds the previewed file to the workbook (replacing an earlier import of the same name) and
/// keeps the preview's product answers for the next files.
pub fn add_pending(state: AppState) {
    let Some(pending) = state.pending.try_update_value(Option::take).flatten() else {
        return;
    };
    let Some(source) = pending.source else {
        return;
    };
    state.workbook.update(|workbook| {
        workbook.put_source(source);
        workbook.remember_mappings(pending.answers);
        workbook.remember_columns(pending.columns);
    });
    state.import_report.update(|report| {
        if let Some(ImportReport::Preview(preview)) = report.take() {
            *report = Some(ImportReport::Added(preview));
        }
    });
}

/// Drops the previewed file: nothing of it reaches the workbook.
pub fn cancel_pending(state: AppState) {
    let file = state
        .pending
        .try_update_value(Option::take)
        .flatten()
        .map(|p| p.file);
    if let Some(file) = file {
        state.import_report.set(Some(ImportReport::Failed {
            message: format!("{file}: import cancelled"),
        }));
    }
}

/// The user's answer for an unmatched product text in the preview: a product, or not relevant;
/// the file is read again with it.
pub fn answer_unmatched(state: AppState, answer: ProductMapping) {
    state.pending.update_value(|pending| {
        if let Some(pending) = pending {
            remember(&mut pending.answers, [answer], ProductMapping::text_key);
        }
    });
    read_pending(state);
}

/// The user's answer for a column of the file: the field it holds, or not read (`None`); the
/// file is read again with it.
pub fn answer_column(state: AppState, header: String, field: Option<String>) {
    state.pending.update_value(|pending| {
        if let Some(pending) = pending {
            let answer = ColumnAnswer { header, field };
            remember(&mut pending.columns, [answer], ColumnAnswer::header_key);
        }
    });
    read_pending(state);
}

/// Reads another sheet of the previewed spreadsheet.
pub fn choose_sheet(state: AppState, sheet: String) {
    state.pending.update_value(|pending| {
        if let Some(pending) = pending {
            pending.sheet = Some(sheet);
        }
    });
    read_pending(state);
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
        state.rule_pack.with_untracked(|pack| {
            preflight_import::export::results_csv(evaluation, &pack.catalogue)
        })
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

/// Changes the list of scenarios with one of `Workbook`'s scenario methods. The undo history
/// is of the active scenario's deployment, so it starts again whenever the list changes.
fn change_scenarios<R>(
    state: AppState,
    change: impl FnOnce(&mut Workbook) -> Result<R, ScenarioError>,
) -> Result<R, String> {
    let result = match state.workbook.try_update(change) {
        Some(result) => result.map_err(|e| e.to_string()),
        None => Err("the page is closing".to_string()),
    };
    if result.is_ok() {
        state.history.update(|history| history.clear());
    }
    result
}

/// Adds an empty scenario and shows it.
pub fn add_scenario(state: AppState) {
    let _ = change_scenarios(state, |workbook| {
        let name = workbook.unused_name(&format!("Scenario {}", workbook.scenarios.len() + 1));
        workbook.add_scenario(Scenario::new(name, Deployment::default()))
    });
}

/// Copies the active scenario under a new name and shows the copy.
pub fn duplicate_scenario(state: AppState) {
    let _ = change_scenarios(state, |workbook| {
        workbook.duplicate_scenario(workbook.active)
    });
}

/// Shows another scenario.
pub fn select_scenario(state: AppState, index: usize) {
    if state.workbook.with_untracked(|w| w.active) != index {
        let _ = change_scenarios(state, |workbook| workbook.select_scenario(index));
    }
}

/// Renames the active scenario; a blank or taken name is refused with the reason.
pub fn rename_scenario(state: AppState, name: &str) -> Result<(), String> {
    let unchanged = state.workbook.with_untracked(|w| w.scenario().name == name);
    if unchanged {
        return Ok(());
    }
    let mut result = Ok(());
    state.workbook.update(|workbook| {
        result = workbook
            .rename_scenario(workbook.active, name)
            .map_err(|e| e.to_string());
    });
    result
}

/// Sets what the active scenario assumes or decides, for the change board.
pub fn describe_scenario(state: AppState, description: String) {
    state
        .workbook
        .update(|workbook| workbook.scenario_mut().description = description);
}

/// Removes the active scenario (never the last one); its neighbour is shown.
pub fn remove_scenario(state: AppState) {
    let _ = change_scenarios(state, |workbook| {
        workbook.remove_scenario(workbook.active).map(drop)
    });
}

/// Keeps an alternative as a scenario of its own beside the active one, which stays as it is.
pub fn keep_alternative_as_scenario(
    state: AppState,
    alternative: &preflight_engine::alternatives::Alternative,
) {
    let _ = change_scenarios(state, |workbook| {
        let mut variant = workbook.scenario().clone();
        alternative.apply_to_deployment(&mut variant.deployment);
        variant.name = workbook.unused_name(&alternative.name);
        variant.description = format!(
            "{} (from \"{}\")",
            alternative.name,
            workbook.scenario().name
        );
        workbook.add_scenario(variant)
    });
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
    state
        .workbook
        .with_untracked(|w| w.scenario().deployment.clone())
}

/// Makes an edited copy the deployment, recording the one before for undo; no change, no step.
fn keep_edited(state: AppState, field: Option<&str>, deployment: Deployment) {
    if state
        .workbook
        .with_untracked(|w| w.scenario().deployment == deployment)
    {
        return;
    }
    let before = state
        .workbook
        .try_update(|w| std::mem::replace(&mut w.scenario_mut().deployment, deployment));
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
    let current = state
        .workbook
        .with_untracked(|w| w.scenario().deployment.clone());
    let mut next = None;
    state
        .history
        .update(|history| next = step(history, current));
    if let Some(deployment) = next {
        state
            .workbook
            .update(|w| w.scenario_mut().deployment = deployment);
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

/// Sets whether licences are bought without Software Assurance wherever the rules allow.
pub fn set_without_sa(state: AppState, without: bool) {
    state
        .workbook
        .update(|workbook| workbook.settings.without_sa = without);
}

/// Sets whether shortfalls are bought as licences or as yearly subscriptions.
pub fn set_buy(state: AppState, buy: preflight_engine::workbook::Buy) {
    state
        .workbook
        .update(|workbook| workbook.settings.buy = buy);
}
