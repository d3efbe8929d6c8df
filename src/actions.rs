//! Named mutations of the app's state; each is a thin call of an engine or importer function.

use leptos::prelude::*;
use preflight_import::read_entitlements_csv;

use crate::state::{AppState, ImportReport};

/// Imports an entitlement file's bytes. A file that cannot be read leaves the workbook as it was.
pub fn import_entitlements(state: AppState, file: String, bytes: &[u8]) {
    let result = state
        .rule_pack
        .with_value(|pack| read_entitlements_csv(&file, bytes, &pack.catalogue));
    let report = match result {
        Ok(imported) => {
            let report = ImportReport::Read {
                file: file.clone(),
                imported: imported.value.entitlements.len(),
                unmatched: imported.value.unmatched.len(),
                diagnostics: imported.diagnostics,
            };
            state
                .workbook
                .update(|workbook| workbook.put_source(imported.value));
            report
        }
        Err(error) => ImportReport::Failed {
            message: error.to_string(),
        },
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
