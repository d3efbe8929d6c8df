//! The app's one owner of inputs, provided at the root, and the evaluation memo over them.

use chrono::NaiveDate;
use leptos::prelude::*;
use preflight_engine::alternatives::{Compared, compare, suggest};
use preflight_engine::edit::History;
use preflight_engine::{Deployment, Evaluation, RulePack, Workbook, evaluate};
use preflight_import::Diagnostic;
use preflight_import::RowCounts;

use crate::storage::{LoadNotice, SaveStatus};

/// What the last import did, for the import panel.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportReport {
    /// The file is with the import worker.
    Reading { file: String },
    /// The file was read: lines imported and unmatched, and what could not be used.
    Read {
        file: String,
        /// Rows read, by the state each ended in.
        rows: RowCounts,
        imported: usize,
        unmatched: usize,
        diagnostics: Vec<Diagnostic>,
    },
    /// Nothing could be read; the workbook is unchanged.
    Failed { message: String },
}

/// What the last export or opening of a workbook file did, for the workbook panel.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkbookReport {
    /// The workbook or the results were downloaded as `file`.
    Exported { what: &'static str, file: String },
    Opened {
        file: String,
        lines: usize,
        files: usize,
    },
    /// Nothing was exported or opened; the workbook is unchanged.
    Failed { message: String },
}

/// Undo steps kept; each is one copy of the deployment (a few KB for a typical project).
const UNDO_STEPS: usize = 100;

#[derive(Clone, Copy)]
pub struct AppState {
    pub workbook: RwSignal<Workbook>,
    pub rule_pack: StoredValue<RulePack>,
    pub as_of: RwSignal<NaiveDate>,
    pub import_report: RwSignal<Option<ImportReport>>,
    pub workbook_report: RwSignal<Option<WorkbookReport>>,
    /// How this tab saves its changes in the browser, and what loading found.
    pub save_status: RwSignal<SaveStatus>,
    pub load_notice: StoredValue<Option<LoadNotice>>,
    /// The revision of the saved envelope this tab last loaded or wrote.
    pub revision: StoredValue<u64>,
    /// Earlier deployments for undo, and undone ones for redo (the scenario editor's edits).
    pub history: RwSignal<History<Deployment>>,
    pub evaluation: Memo<Evaluation>,
    /// The deployment as proposed and the catalogue's one-click variants, side by side.
    pub alternatives: Memo<Vec<Compared>>,
}

impl AppState {
    /// Creates the state with the workbook saved in this browser, or else the demo workbook, and
    /// provides it to the component tree.
    pub fn provide() -> AppState {
        let rule_pack = StoredValue::new(RulePack::builtin());
        let loaded = crate::storage::load();
        let workbook = RwSignal::new(loaded.workbook.unwrap_or_else(crate::demo::workbook));
        let as_of = RwSignal::new(today());
        let evaluation = Memo::new(move |_| {
            rule_pack
                .with_value(|pack| workbook.with(|workbook| evaluate(workbook, pack, as_of.get())))
        });
        let alternatives = Memo::new(move |_| {
            rule_pack.with_value(|pack| {
                workbook.with(|workbook| {
                    compare(
                        workbook,
                        pack,
                        as_of.get(),
                        evaluation.get(),
                        &suggest(workbook, pack),
                    )
                })
            })
        });
        let state = AppState {
            workbook,
            rule_pack,
            as_of,
            import_report: RwSignal::new(None),
            workbook_report: RwSignal::new(None),
            save_status: RwSignal::new(loaded.status),
            load_notice: StoredValue::new(loaded.notice),
            revision: StoredValue::new(loaded.revision),
            history: RwSignal::new(History::new(UNDO_STEPS)),
            alternatives,
            evaluation,
        };
        provide_context(state);
        state
    }

    pub fn expect() -> AppState {
        expect_context::<AppState>()
    }
}

/// Today's date in the browser's time zone; the engine takes it as an argument.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or(NaiveDate::MIN)
}
