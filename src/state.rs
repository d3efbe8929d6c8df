//! The app's one owner of inputs, provided at the root, and the evaluation memo over them.

use chrono::NaiveDate;
use leptos::prelude::*;
use preflight_engine::alternatives::Compared;
use preflight_engine::compare::compare_scenarios;
use preflight_engine::duplicates::Duplicate;
use preflight_engine::edit::History;
use preflight_engine::edit::changes::Plan;
use preflight_engine::mapping::{ColumnAnswer, ProductMapping};
use preflight_engine::{Cache, Evaluation, RulePack, Workbook};
use preflight_import::protocol::Records;
use preflight_import::report::MappedColumn;
use preflight_import::{Diagnostic, Kind, Preset, RowCounts};

use crate::storage::{LoadNotice, SaveStatus};

/// What the last import did, for the import panel.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportReport {
    /// The file is with the import worker.
    Reading { file: String },
    /// The file was read and waits for the user: nothing is in the workbook until they accept.
    Preview(Box<Preview>),
    /// The user accepted the preview: the file's records are in the workbook.
    Added(Box<Preview>),
    /// The header lacks a field: the user says which of its columns holds it (or cancels).
    NeedsColumns {
        file: String,
        message: String,
        headers: Vec<(String, Option<String>)>,
        /// The kind the file was read as: its columns are what the user may name.
        kind: Kind,
    },
    /// Nothing could be read, or the user cancelled; the workbook is unchanged.
    Failed { message: String },
}

/// What a file read gives, shown before it is accepted and after.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub file: String,
    /// What the file was read as, and the layout of an entitlement file.
    pub kind: Kind,
    pub preset: Option<Preset>,
    /// Rows read, by the state each ended in.
    pub rows: RowCounts,
    /// Records the workbook gains (lines, prices, products' consumption, hosts/clusters/VMs).
    pub imported: usize,
    pub unmatched: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Each column of the header and the field it was read as.
    pub columns: Vec<MappedColumn>,
    /// The sheet read, and every sheet of the file (spreadsheets).
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    /// The distinct product texts that matched no product, with their row counts, in file order.
    pub unmatched_texts: Vec<(ProductMapping, usize)>,
    /// The records counted and unmatched of an earlier import of the same file name, which
    /// accepting replaces.
    pub replaces: Option<(usize, usize)>,
    /// For an entitlement file imported before: what replacing the earlier import changes.
    pub changes: Option<FileChanges>,
    /// Lines that look like lines of another file already in the workbook (both would count).
    pub duplicates: Vec<Duplicate>,
    /// The choices the file was read with (the user's answers among them).
    pub choices: Choices,
    /// What reading the file without a choice found: its kind and layout.
    pub detected: (Kind, Option<Preset>),
    /// Why the user's last choice could not be read: the preview is still the one before it.
    pub problem: Option<String>,
}

/// What an entitlement file read again changes against its earlier import
/// (`preflight_engine::source_diff`), in words for the preview.
#[derive(Clone, Debug, PartialEq)]
pub struct FileChanges {
    pub unchanged: usize,
    pub added: usize,
    pub removed: usize,
    /// "SQL Server Enterprise: 24 → 28 rights", for each product whose rights in force change.
    pub rights: Vec<String>,
    /// The first lines added and removed, each with its row.
    pub examples: Vec<String>,
}

/// How the user asked the file to be read: `None` lets the reader decide.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    pub sheet: Option<String>,
    pub kind: Option<Kind>,
    pub preset: Option<Preset>,
    /// The user's answers for unmatched product texts, kept in the workbook on accept.
    pub answers: Vec<ProductMapping>,
    /// The user's answers for columns, kept in the workbook on accept.
    pub columns: Vec<ColumnAnswer>,
}

/// The file being previewed: its bytes (to read it again with other choices), the choices made
/// so far, and what was read with them.
pub struct PendingImport {
    pub file: String,
    pub bytes: Vec<u8>,
    pub choices: Choices,
    /// The kind of the last reply (read or refused): the kind a column answer is for.
    pub kind: Option<Kind>,
    /// The records and preview shown, and the choices they were read with: a re-read that
    /// fails goes back to them.
    pub shown: Option<(Records, Preview, Choices)>,
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

/// Undo steps kept; each is one copy of the deployment and changes (a few KB for a typical project).
const UNDO_STEPS: usize = 100;

#[derive(Clone, Copy)]
pub struct AppState {
    pub workbook: RwSignal<Workbook>,
    /// The rule pack every evaluation uses: the built-in one or the licence manager's file.
    pub rule_pack: RwSignal<RulePack>,
    /// Where that pack came from, and what the last choice of one said.
    pub rule_pack_choice: RwSignal<crate::rule_pack::PackChoice>,
    pub as_of: RwSignal<NaiveDate>,
    pub import_report: RwSignal<Option<ImportReport>>,
    /// The file whose preview is shown, until it is accepted or cancelled.
    pub pending: StoredValue<Option<PendingImport>>,
    pub workbook_report: RwSignal<Option<WorkbookReport>>,
    /// How this tab saves its changes in the browser, and what loading found.
    pub save_status: RwSignal<SaveStatus>,
    pub load_notice: StoredValue<Option<LoadNotice>>,
    /// The revision of the saved envelope this tab last loaded or wrote.
    pub revision: StoredValue<u64>,
    /// Earlier deployments and changes to the existing estate for undo, and undone ones for
    /// redo (the scenario editor's edits).
    pub history: RwSignal<History<Plan>>,
    pub evaluation: Memo<Evaluation>,
    /// A count that changes when the lines, estate, settings, pack or date behind the
    /// evaluation changed, and not on an edit of the scenario: what the entitlement lines table
    /// is keyed on, so that typing into the editor does not build the 20k-line table again.
    pub prepared: Memo<u64>,
    /// The deployment as proposed and the catalogue's one-click variants, side by side, as last
    /// worked out (`crate::alternatives`: after an edit, off its path).
    pub alternatives: RwSignal<Vec<Compared>>,
    /// While a newer set of alternatives is being worked out: how many are done, of how many.
    pub alternatives_working: RwSignal<Option<(usize, usize)>>,
    /// Names of the scenarios the user took out of the comparison (the rest, up to four, stay).
    pub left_out: RwSignal<Vec<String>>,
    /// The scenarios' names in order (the scenario tabs and the comparison's checkboxes).
    pub scenario_names: Memo<Vec<String>>,
    /// The workbook's scenarios side by side (empty with only one scenario).
    pub scenarios: Memo<Vec<Compared>>,
}

impl AppState {
    /// Creates the state with the workbook saved in this browser, or else the demo workbook, and
    /// provides it to the component tree.
    pub fn provide() -> AppState {
        let (pack, choice) = crate::rule_pack::load();
        let rule_pack = RwSignal::new(pack);
        let loaded = crate::storage::load();
        let workbook = RwSignal::new(loaded.workbook.unwrap_or_else(crate::demo::workbook));
        let as_of = RwSignal::new(today());
        // The part of the evaluation that only the lines, estate, baseline, settings, pack and
        // date change (their lots, the baseline's allocation) is kept between edits of the
        // scenario, and made again when the cache finds any of them changed (issue 7).
        let cache = std::sync::Arc::new(std::sync::Mutex::new(Cache::default()));
        let evaluation = Memo::new({
            let cache = cache.clone();
            move |_| {
                rule_pack.with(|pack| {
                    workbook.with(|workbook| {
                        let as_of = as_of.get();
                        match cache.lock() {
                            Ok(mut cache) => cache.evaluate(workbook, pack, as_of),
                            // Only a panic while evaluating poisons it: start again from nothing.
                            Err(poisoned) => {
                                let mut cache = poisoned.into_inner();
                                cache.clear();
                                cache.evaluate(workbook, pack, as_of)
                            }
                        }
                    })
                })
            }
        });
        // Changes when the cache's prepared part is made again, after the evaluation it serves:
        // never on an edit of the scenario alone.
        let prepared = Memo::new(move |_| {
            // Read, not only tracked: the evaluation must have run with the workbook first.
            evaluation.with(|_| ());
            match cache.lock() {
                Ok(cache) => cache.made(),
                Err(poisoned) => poisoned.into_inner().made(),
            }
        });
        let alternatives = RwSignal::new(Vec::new());
        let alternatives_working = RwSignal::new(Some((0, 0)));
        let left_out = RwSignal::new(Vec::<String>::new());
        let scenarios = Memo::new(move |_| {
            rule_pack.with(|pack| {
                workbook.with(|workbook| {
                    if workbook.scenarios.len() < 2 {
                        return Vec::new();
                    }
                    let picked: Vec<usize> = left_out.with(|out| {
                        (0..workbook.scenarios.len())
                            .filter(|&i| !out.contains(&workbook.scenarios[i].name))
                            .collect()
                    });
                    evaluation.with(|active| {
                        compare_scenarios(workbook, &picked, pack, as_of.get(), Some(active))
                    })
                })
            })
        });
        let scenario_names = Memo::new(move |_| {
            workbook.with(|w| w.scenarios.iter().map(|s| s.name.clone()).collect())
        });
        let state = AppState {
            workbook,
            scenario_names,
            rule_pack,
            rule_pack_choice: RwSignal::new(choice),
            as_of,
            import_report: RwSignal::new(None),
            pending: StoredValue::new(None),
            workbook_report: RwSignal::new(None),
            save_status: RwSignal::new(loaded.status),
            load_notice: StoredValue::new(loaded.notice),
            revision: StoredValue::new(loaded.revision),
            history: RwSignal::new(History::new(UNDO_STEPS)),
            alternatives,
            alternatives_working,
            left_out,
            scenarios,
            evaluation,
            prepared,
        };
        crate::alternatives::keep_worked_out(state);
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
