//! Named mutations of the app's state; each is a thin call of an engine or importer function.

use leptos::prelude::*;
use preflight_engine::edit::EditError;
use preflight_engine::edit::changes::Plan;
use preflight_engine::{Deployment, Scenario, ScenarioError, Workbook, workbook_from_json};

use crate::download;
use preflight_engine::mapping::{ColumnAnswer, ProductMapping, remember};

use crate::state::{AppState, Choices, ImportReport, PendingImport, Preview, WorkbookReport};
use preflight_import::protocol::Records;

/// Reads a file's bytes in the import worker for a preview, as the kind its header says (an
/// entitlement file, a price list, a licence position export, a server list); see
/// [`accept_import`]. The workbook changes only when the user accepts ([`add_pending`]).
pub fn import_file(state: AppState, file: String, bytes: Vec<u8>) {
    state.pending.set_value(Some(PendingImport {
        file,
        bytes,
        choices: Choices::default(),
        kind: None,
        shown: None,
    }));
    read_pending(state);
}

/// Sends the pending file to the worker with the workbook's product and column answers, the
/// preview's own after them (so they win), and the user's choices of sheet, kind and layout.
fn read_pending(state: AppState) {
    let (mut mappings, mut columns, currency) = state.workbook.with_untracked(|w| {
        (
            w.product_mappings.clone(),
            w.column_answers.clone(),
            w.settings.currency,
        )
    });
    state.pending.with_value(|pending| {
        if let Some(p) = pending {
            mappings.extend(p.choices.answers.iter().cloned());
            columns.extend(p.choices.columns.iter().cloned());
            let request = crate::importer::Request {
                file: p.file.clone(),
                sheet: p.choices.sheet.clone(),
                kind: p.choices.kind,
                preset: p.choices.preset,
                currency,
            };
            crate::importer::import(state, &request, &p.bytes, &mappings, &columns);
        }
    });
}

/// Takes the import worker's reply: a file read becomes the preview (the workbook unchanged).
/// A file that could not be read is reported and dropped, unless it was a re-read with another
/// choice: then the preview before it stays, with the reason, and the choice is undone.
pub fn accept_import(state: AppState, reply: preflight_import::protocol::Reply) {
    let report = match reply {
        Ok(imported) => {
            let records = imported.value;
            // A reply for a file the user has since replaced by another is stale: dropped.
            let current = state
                .pending
                .with_value(|p| p.as_ref().is_some_and(|p| p.file == records.file()));
            if !current {
                return;
            }
            let file = records.file().to_string();
            let (replaces, duplicates, changes) = state.workbook.with_untracked(|w| {
                // An entitlement file's earlier import, which accepting replaces.
                let earlier = match &records {
                    Records::Entitlements(source) => {
                        w.sources.iter().find(|old| old.file == source.file)
                    }
                    _ => None,
                };
                let replaces = match &records {
                    Records::Entitlements(_) => {
                        earlier.map(|old| (old.entitlements.len(), old.unmatched.len()))
                    }
                    Records::Prices(_) => {
                        let before = w.price_list.iter().filter(|e| e.is_from(&file)).count();
                        (before > 0).then_some((before, 0))
                    }
                    Records::Positions(_) => {
                        let from = |b: &&preflight_engine::BaselineConsumption| {
                            b.source.as_ref().is_some_and(|s| *s.file == *file)
                        };
                        let before = w.baseline.iter().filter(from).count();
                        (before > 0).then_some((before, 0))
                    }
                    Records::Inventory(_) => None,
                };
                let duplicates = match &records {
                    Records::Entitlements(source) => {
                        preflight_engine::duplicates::across(w.all_sources(), source)
                    }
                    _ => Vec::new(),
                };
                let changes = match (&records, earlier) {
                    (Records::Entitlements(source), Some(old)) => {
                        Some(file_changes(state, old, source))
                    }
                    _ => None,
                };
                (replaces, duplicates, changes)
            });
            let (choices, detected) = state
                .pending
                .with_value(|p| {
                    p.as_ref().map(|p| {
                        let before = p.shown.as_ref().map(|(_, preview, _)| preview.detected);
                        (p.choices.clone(), before)
                    })
                })
                .unwrap_or_default();
            // What reading without a choice finds: kept from the last read that made none.
            let kind = records.kind();
            let detected = match detected {
                Some((detected_kind, detected_preset)) => (
                    if choices.kind.is_none() {
                        kind
                    } else {
                        detected_kind
                    },
                    if choices.preset.is_none() && kind == preflight_import::Kind::Entitlements {
                        imported.report.preset
                    } else {
                        detected_preset
                    },
                ),
                None => (kind, imported.report.preset),
            };
            let preview = Preview {
                file,
                kind,
                preset: imported.report.preset,
                rows: imported.report.rows,
                imported: records.counted(),
                unmatched: records.unmatched(),
                diagnostics: imported.diagnostics,
                columns: imported.report.mapping,
                sheet: imported.report.sheet,
                sheets: imported.report.sheets,
                unmatched_texts: records.unmatched_texts(),
                replaces,
                changes,
                duplicates,
                choices: choices.clone(),
                detected,
                problem: None,
            };
            let shown = preview.clone();
            state.pending.update_value(|pending| {
                if let Some(pending) = pending {
                    pending.kind = Some(kind);
                    pending.shown = Some((records, shown, choices));
                }
            });
            ImportReport::Preview(Box::new(preview))
        }
        Err(refusal) => {
            // A re-read that failed: back to the choices of the preview shown, which stays.
            let mut kept = None;
            let mut file = None;
            state.pending.update_value(|pending| {
                if let Some(pending) = pending {
                    file = Some(pending.file.clone());
                    if let Some((_, preview, choices)) = &pending.shown {
                        pending.choices = choices.clone();
                        kept = Some(Preview {
                            problem: Some(refusal.message.clone()),
                            ..preview.clone()
                        });
                    } else {
                        pending.kind = refusal.kind;
                    }
                }
            });
            match (kept, file) {
                (Some(preview), _) => ImportReport::Preview(Box::new(preview)),
                // A header without a field it needs: the user may say which column holds it.
                (None, Some(file)) if !refusal.headers.is_empty() => ImportReport::NeedsColumns {
                    file,
                    message: refusal.message,
                    headers: refusal.headers,
                    kind: refusal.kind.unwrap_or(preflight_import::Kind::Entitlements),
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

/// Adds the previewed file to the workbook and keeps the preview's product and column answers
/// for the next files. Entitlements replace an earlier import of the same file name, as do a
/// price list's prices and a position export's consumption; a server list becomes a scenario
/// of its own, named after the file, and shown.
pub fn add_pending(state: AppState) {
    let Some(pending) = state.pending.try_update_value(Option::take).flatten() else {
        return;
    };
    let Some((records, _, choices)) = pending.shown else {
        return;
    };
    let new_scenario = matches!(records, Records::Inventory(_));
    state.workbook.update(|workbook| {
        match records {
            Records::Entitlements(source) => workbook.put_source(source),
            Records::Prices(list) => workbook.put_prices(&list.file, list.entries()),
            Records::Positions(positions) => {
                workbook.put_baseline(&positions.file, positions.baseline())
            }
            Records::Inventory(inventory) => {
                let name = workbook.unused_name(&inventory.file);
                // The name is free, so the scenario is added.
                let _ = workbook.add_scenario(Scenario::new(name, inventory.deployment));
            }
        }
        workbook.remember_mappings(choices.answers);
        workbook.remember_columns(choices.columns);
    });
    if new_scenario {
        state.history.update(|history| history.clear());
    }
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

/// Changes how the pending file is read and reads it again.
fn choose(state: AppState, change: impl FnOnce(&mut PendingImport)) {
    state.pending.update_value(|pending| {
        if let Some(pending) = pending {
            change(pending);
        }
    });
    read_pending(state);
}

/// The user's answer for an unmatched product text in the preview: a product, or not relevant;
/// the file is read again with it.
pub fn answer_unmatched(state: AppState, answer: ProductMapping) {
    choose(state, |pending| {
        remember(
            &mut pending.choices.answers,
            [answer],
            ProductMapping::text_key,
        );
    });
}

/// The user's answer for a column of the file: the field it holds, or not read (`None`); the
/// file is read again with it. The answer is for files of the kind this one was read as.
pub fn answer_column(state: AppState, header: String, field: Option<String>) {
    choose(state, |pending| {
        let kind = pending.kind.map(|kind| kind.to_string());
        let answer = ColumnAnswer {
            header,
            field,
            kind,
        };
        remember(
            &mut pending.choices.columns,
            [answer],
            ColumnAnswer::header_key,
        );
    });
}

/// Reads another sheet of the previewed spreadsheet.
pub fn choose_sheet(state: AppState, sheet: String) {
    choose(state, |pending| pending.choices.sheet = Some(sheet));
}

/// Reads the previewed file as another kind (`None`: as its header says).
pub fn choose_kind(state: AppState, kind: Option<preflight_import::Kind>) {
    choose(state, |pending| pending.choices.kind = kind);
}

/// Reads the previewed entitlement file in another layout (`None`: the one detected).
pub fn choose_preset(state: AppState, preset: Option<preflight_import::Preset>) {
    choose(state, |pending| pending.choices.preset = preset);
}

/// What replacing the earlier import `old` by `new` changes, in the preview's words.
fn file_changes(
    state: AppState,
    old: &preflight_engine::EntitlementSource,
    new: &preflight_engine::EntitlementSource,
) -> crate::state::FileChanges {
    use preflight_engine::source_diff;
    let diff = source_diff::diff(old, new, state.as_of.get_untracked());
    state.rule_pack.with_untracked(|pack| {
        let name =
            |id: &preflight_engine::catalogue::ProductId| crate::components::product_name(pack, id);
        let describe = |verb: &str, line: &preflight_engine::Entitlement| {
            format!(
                "{verb} row {}: {}, {} pack(s) of {}, {}, {}",
                line.source.row,
                name(&line.product),
                line.packs,
                line.rights_per_pack,
                line.metric,
                line.licence_type
            )
        };
        const SHOWN: usize = 5;
        let examples = diff
            .added
            .iter()
            .take(SHOWN)
            .map(|&i| describe("added,", &new.entitlements[i]))
            .chain(
                diff.removed
                    .iter()
                    .take(SHOWN)
                    .map(|&i| describe("removed, was", &old.entitlements[i])),
            )
            .collect();
        crate::state::FileChanges {
            unchanged: diff.unchanged,
            added: diff.added.len(),
            removed: diff.removed.len(),
            rights: diff
                .products
                .iter()
                .map(|p| {
                    format!(
                        "{}: {} \u{2192} {} rights in force",
                        name(&p.product),
                        crate::format::count(p.before.0),
                        crate::format::count(p.after.0)
                    )
                })
                .collect(),
            examples,
        }
    })
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
    download_csv(state, "results", file, bytes);
}

/// Downloads every entitlement line of the workbook's files (and the site data's) as CSV,
/// with the columns each file had that no field reads (`export::entitlements_csv`): a file
/// that imports again as it was.
pub fn export_lines(state: AppState) {
    let file = download::lines_file_name(state.as_of.get_untracked());
    let bytes = state.workbook.with_untracked(|w| {
        // Borrowed, not copied: the export walks the lines twice (its columns, then its rows).
        let lines: Vec<&preflight_engine::Entitlement> = w.entitlements().collect();
        let unmatched: Vec<&preflight_engine::UnmatchedLine> =
            w.all_sources().flat_map(|s| &s.unmatched).collect();
        state.rule_pack.with_untracked(|pack| {
            preflight_import::export::entitlements_csv(
                lines.iter().copied(),
                unmatched.iter().copied(),
                &pack.catalogue,
            )
        })
    });
    download_csv(state, "entitlement lines", file, bytes);
}

/// Saves CSV bytes as a download and says so in the workbook panel's report.
fn download_csv(state: AppState, what: &'static str, file: String, bytes: Vec<u8>) {
    let result = String::from_utf8(bytes)
        .map_err(|error| error.to_string())
        .and_then(|text| download::download_csv(&file, &text));
    state.workbook_report.set(Some(match result {
        Ok(()) => WorkbookReport::Exported { what, file },
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

/// Keeps an alternative as a scenario of its own beside the active one, which stays as it is,
/// and shows the new scenario.
pub fn keep_alternative_as_scenario(
    state: AppState,
    alternative: &preflight_engine::alternatives::Alternative,
) {
    let _ = change_scenarios(state, |workbook| {
        let variant = variant_of_active(workbook, alternative);
        workbook.add_scenario(variant)
    });
}

/// Adds an alternative as a scenario to the comparison, the active scenario still shown: the
/// comparison's one-click variants.
pub fn compare_alternative(
    state: AppState,
    alternative: &preflight_engine::alternatives::Alternative,
) {
    let _ = change_scenarios(state, |workbook| {
        let active = workbook.active;
        let variant = variant_of_active(workbook, alternative);
        workbook.add_scenario(variant)?;
        workbook.select_scenario(active)
    });
}

/// The active scenario with an alternative's swaps, under a free name, saying where it came from.
fn variant_of_active(
    workbook: &Workbook,
    alternative: &preflight_engine::alternatives::Alternative,
) -> Scenario {
    let mut variant = workbook.scenario().clone();
    alternative.apply_to_deployment(&mut variant.deployment);
    variant.name = workbook.unused_name(&alternative.name);
    variant.description = variant_description(workbook, alternative);
    variant
}

/// "Alternative (from \"Scenario\")": how a variant of the active scenario is described.
pub fn variant_description(
    workbook: &Workbook,
    alternative: &preflight_engine::alternatives::Alternative,
) -> String {
    format!(
        "{} (from \"{}\")",
        alternative.name,
        workbook.scenario().name
    )
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
    if alternative.changes_settings() {
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

/// Makes an edited copy the deployment, recording the one before (with the changes to the
/// existing estate) for undo; no change, no step.
fn keep_edited(state: AppState, field: Option<&str>, deployment: Deployment) {
    if state
        .workbook
        .with_untracked(|w| w.scenario().deployment == deployment)
    {
        return;
    }
    let before = state.workbook.try_update(|w| {
        let scenario = w.scenario_mut();
        Plan {
            changes: scenario.changes.clone(),
            deployment: std::mem::replace(&mut scenario.deployment, deployment),
        }
    });
    if let Some(before) = before {
        state
            .history
            .update(|history| history.record(before, field));
    }
}

/// Applies an edit of the scenario's changes to the existing estate (an `edit::changes`
/// function, given the estate as it is today) to a copy of the scenario's plan, and keeps it
/// as [`edit`] keeps a deployment: only when it succeeds and changes something, the plan
/// before recorded for undo.
pub fn edit_changes<R>(
    state: AppState,
    field: Option<&str>,
    apply: impl FnOnce(&Deployment, &mut Plan) -> Result<R, EditError>,
) -> Result<R, EditError> {
    let (result, plan) = state.workbook.with_untracked(|w| {
        let mut plan = Plan::of(w.scenario());
        apply(&w.existing, &mut plan).map(|result| (result, plan))
    })?;
    let unchanged = state
        .workbook
        .with_untracked(|w| Plan::of(w.scenario()) == plan);
    if !unchanged {
        let before = state.workbook.try_update(|w| {
            let before = Plan::of(w.scenario());
            plan.put(w.scenario_mut());
            before
        });
        if let Some(before) = before {
            state
                .history
                .update(|history| history.record(before, field));
        }
    }
    Ok(result)
}

/// Makes a server list the existing estate, replacing the one before as a whole (the preview
/// says so first). The scenarios' changes stay: one naming what the new estate lacks is a
/// finding. The undo history starts again, as it does when the list of scenarios changes.
pub fn add_pending_as_estate(state: AppState) {
    let Some(pending) = state.pending.try_update_value(Option::take).flatten() else {
        return;
    };
    let Some((Records::Inventory(inventory), _, choices)) = pending.shown else {
        return;
    };
    state.workbook.update(|workbook| {
        workbook.existing = inventory.deployment;
        workbook.remember_mappings(choices.answers);
        workbook.remember_columns(choices.columns);
    });
    state.history.update(|history| history.clear());
    state.import_report.update(|report| {
        if let Some(ImportReport::Preview(preview)) = report.take() {
            *report = Some(ImportReport::Added(preview));
        }
    });
}

/// Goes back to the deployment and changes before the last edit.
pub fn undo(state: AppState) {
    step_history(state, |history, current| history.undo(current));
}

/// Goes forward to the deployment and changes the last undo left.
pub fn redo(state: AppState) {
    step_history(state, |history, current| history.redo(current));
}

fn step_history(
    state: AppState,
    step: impl FnOnce(&mut preflight_engine::edit::History<Plan>, Plan) -> Option<Plan>,
) {
    if !state
        .history
        .with_untracked(|h| h.can_undo() || h.can_redo())
    {
        return;
    }
    let current = state.workbook.with_untracked(|w| Plan::of(w.scenario()));
    let mut next = None;
    state
        .history
        .update(|history| next = step(history, current));
    if let Some(plan) = next {
        state.workbook.update(|w| plan.put(w.scenario_mut()));
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
