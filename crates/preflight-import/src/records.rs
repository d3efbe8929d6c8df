//! Tables read as records of one kind (price lists, licence positions, inventories): the header
//! found by the kind's columns, every data row put in exactly one state with its reason, and
//! each cell read by column, a problem located by file, sheet, row, column and value.

use std::sync::Arc;

use chrono::NaiveDate;
use preflight_engine::text::normalise;

use crate::columns::{Column, Columns, Needs, find_header};
use crate::date::DateColumn;
use crate::diagnostic::{Diagnostic, ImportError, Imported, Level};
use crate::entitlements::{
    Options, before_header, early_outcome, lines_before_header, no_rows, outcome, ragged,
};
use crate::header::ColumnAnswers;
use crate::report::{MappedColumn, Report, RowCounts, RowOutcome, RowState};
use crate::table::{Row, Table};

/// One record kind: its columns and how one row of them is read (stage one).
pub trait RecordKind {
    type Column: Column;
    type Record;

    /// What a header row must map.
    const NEEDS: Needs<Self::Column>;

    /// Columns holding dates: day-first or month-first is decided once, from all of them.
    const DATES: &'static [Self::Column];

    /// What the header leaves to assumption, said once for the file.
    fn file_notes(columns: &Columns<Self::Column>, options: &Options) -> Vec<String>;

    /// One data row, or `None` with its problem recorded in `cells`.
    fn read_row(cells: &mut Cells<'_, Self::Column>) -> Option<Self::Record>;
}

/// What every row of one file shares.
pub struct Sheet<'a, C> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub headers: &'a [String],
    pub columns: &'a Columns<C>,
    pub dates: &'a DateColumn,
    pub options: &'a Options,
}

/// One data row's cells, read by column.
pub struct Cells<'a, C> {
    pub sheet: &'a Sheet<'a, C>,
    pub row: &'a Row,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// The worst state a problem put the row in, and the first reason for it.
    problem: Option<(RowState, String)>,
}

impl<C: Column> Cells<'_, C> {
    pub fn line(&self) -> u32 {
        self.row.line
    }

    /// The cell of a column, trimmed; empty when the file has no such column.
    pub fn text(&self, column: C) -> String {
        self.sheet
            .columns
            .index(column)
            .and_then(|index| self.row.cells.get(index))
            .map(|cell| cell.trim().to_string())
            .unwrap_or_default()
    }

    pub fn has(&self, column: C) -> bool {
        self.sheet.columns.has(column)
    }

    /// The column's header as the file writes it.
    pub fn column_name(&self, column: C) -> String {
        self.sheet
            .columns
            .index(column)
            .and_then(|index| self.sheet.headers.get(index))
            .map_or(column.name(), String::as_str)
            .to_string()
    }

    fn push(&mut self, level: Level, column: Option<C>, message: String) {
        self.diagnostics.push(Diagnostic {
            level,
            file: self.sheet.file.into(),
            sheet: self.sheet.sheet.map(String::from),
            row: Some(self.row.line),
            column: column.map(|c| self.column_name(c)),
            message,
        });
    }

    /// Part of the row was not used or was assumed; the row still counts.
    pub fn warn(&mut self, column: Option<C>, message: String) {
        self.push(Level::Warning, column, message);
    }

    /// A problem that keeps the row out: incomplete (a field is missing) or rejected.
    pub fn fail(&mut self, state: RowState, column: Option<C>, message: String) {
        let reason = match column {
            Some(column) => format!("{}: {message}", self.column_name(column)),
            None => message.clone(),
        };
        self.push(Level::Error, column, message);
        match &self.problem {
            Some((RowState::Rejected, _)) => {}
            Some(_) if state != RowState::Rejected => {}
            _ => self.problem = Some((state, reason)),
        }
    }

    pub fn failed(&self) -> bool {
        self.problem.is_some()
    }

    /// A cell the record needs: empty makes the row incomplete, unreadable rejects it.
    pub fn required<T>(
        &mut self,
        column: C,
        missing: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.text(column);
        if text.is_empty() {
            let message = format!("{missing}: the row is incomplete and not counted");
            self.fail(RowState::Incomplete, Some(column), message);
            return None;
        }
        self.parse(column, &text, parse)
    }

    /// A cell the record may go without: empty is `None`, unreadable rejects the row.
    pub fn optional<T>(
        &mut self,
        column: C,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.text(column);
        if text.is_empty() {
            return None;
        }
        self.parse(column, &text, parse)
    }

    fn parse<T>(
        &mut self,
        column: C,
        text: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        match parse(text) {
            Ok(value) => Some(value),
            Err(message) => {
                self.fail(RowState::Rejected, Some(column), message);
                None
            }
        }
    }

    /// A date cell, read as the file's date columns were decided.
    pub fn date(&mut self, column: C) -> Option<NaiveDate> {
        let dates = self.sheet.dates;
        self.optional(column, |text| dates.parse(text))
    }
}

/// What stage one read from a table. Each record keeps the index of its row's outcome, so that
/// stage two (matching products, cross-checking references) can settle the row's state.
pub struct Read<R> {
    pub records: Vec<(usize, R)>,
    pub outcomes: Vec<RowOutcome>,
    pub diagnostics: Vec<Diagnostic>,
    file: String,
    sheet: Option<String>,
    report: Report,
}

impl<R> Read<R> {
    /// Stage two's verdict on the row of outcome `index`.
    pub fn settle(&mut self, index: usize, state: RowState, reason: impl Into<Arc<str>>) {
        self.outcomes[index].state = state;
        self.outcomes[index].reason = reason.into();
    }

    /// A stage-two problem with row `row` (or the file as a whole), in the file's column that
    /// holds canonical column `column`, if any.
    pub fn report<C: Column>(
        &mut self,
        level: Level,
        row: Option<u32>,
        column: Option<C>,
        message: String,
    ) {
        let column = column.and_then(|column| {
            self.report
                .mapping
                .iter()
                .find(|mapped| mapped.field.as_deref() == Some(column.name()))
                .map(|mapped| mapped.column.clone())
        });
        self.diagnostics.push(Diagnostic {
            level,
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            column,
            message,
        });
    }

    /// The import: diagnostics file-wide first, then by row; rows counted by state.
    pub fn finish<T>(mut self, value: T) -> Imported<T> {
        self.diagnostics.sort_by_key(|d| d.row);
        self.report.rows = RowCounts::of(&self.outcomes);
        self.report.outcomes = self.outcomes;
        Imported {
            value,
            diagnostics: self.diagnostics,
            report: self.report,
        }
    }
}

/// Reads a table as records of kind `K`. `Err` only when no header row maps what `K` needs.
pub fn read_records<K: RecordKind>(
    file: &str,
    table: &Table,
    options: &Options,
) -> Result<Read<K::Record>, ImportError> {
    if table.rows.iter().all(Row::is_blank) {
        return Err(ImportError::Empty { file: file.into() });
    }
    let answers = ColumnAnswers::new(&options.columns);
    let (header_index, columns) = find_header::<K::Column>(&table.rows, &K::NEEDS, &answers)
        .map_err(|(index, best)| missing_columns(file, &table.rows[index], &best, &K::NEEDS))?;
    let header = &table.rows[header_index];
    let headers: Vec<String> = header.cells.iter().map(|c| c.trim().to_string()).collect();
    let data = &table.rows[header_index + 1..];
    let note = |level, message: String| table.diagnostic(file, level, message);

    let mut diagnostics: Vec<Diagnostic> = table
        .notes
        .iter()
        .map(|(level, message)| note(*level, message.clone()))
        .collect();
    let mut outcomes: Vec<RowOutcome> = table.rows[..header_index]
        .iter()
        .map(before_header)
        .collect();
    if header_index > 0 {
        diagnostics.push(note(
            Level::Warning,
            lines_before_header(header_index, header),
        ));
    }
    if data.is_empty() {
        diagnostics.push(note(Level::Warning, no_rows(header)));
    }
    let notes = K::file_notes(&columns, options);
    diagnostics.extend(notes.into_iter().map(|m| note(Level::Warning, m)));

    let date_cells = data.iter().flat_map(|row| {
        K::DATES
            .iter()
            .filter_map(|column| columns.index(*column))
            .filter_map(|index| row.cells.get(index).map(String::as_str))
    });
    let decision = DateColumn::decide(date_cells, options.date_order, table.date_system);
    if let Some(message) = decision.note {
        let level = if message.contains("not read") {
            Level::Error
        } else {
            Level::Warning
        };
        let names: Vec<&str> = K::DATES
            .iter()
            .filter_map(|column| columns.index(*column).map(|i| headers[i].as_str()))
            .collect();
        diagnostics.push(note(level, format!("{}: {message}", names.join(", "))));
    }
    let sheet = Sheet {
        file,
        sheet: table.sheet.as_deref(),
        headers: &headers,
        columns: &columns,
        dates: &decision.column,
        options,
    };

    let header_keys: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut records = Vec::new();
    // Stage two gives accepted rows their reasons; until then they share one empty text.
    let accepted: Arc<str> = Arc::from("");
    for row in data {
        let early = early_outcome(row, &header_keys, &mut diagnostics, &note);
        if let Some(early) = early {
            outcomes.push(early);
            continue;
        }
        ragged(row, &headers, table.format, &mut diagnostics, &note);
        formulas(row, &sheet, &mut diagnostics);
        let mut cells = Cells {
            sheet: &sheet,
            row,
            diagnostics: &mut diagnostics,
            problem: None,
        };
        let record = K::read_row(&mut cells);
        match (record, cells.problem.take()) {
            (Some(record), None) => {
                outcomes.push(outcome(row, RowState::Accepted, Arc::clone(&accepted)));
                records.push((outcomes.len() - 1, record));
            }
            (_, Some((state, reason))) => outcomes.push(outcome(row, state, reason.into())),
            (None, None) => {
                outcomes.push(outcome(row, RowState::Rejected, "not read".into()));
            }
        }
    }

    let report = Report {
        format: table.format,
        encoding: table.encoding.clone(),
        delimiter: table.delimiter,
        sheet: table.sheet.clone(),
        sheets: table.sheets.clone(),
        preset: None,
        header_row: header.line,
        mapping: headers
            .iter()
            .enumerate()
            .map(|(index, column)| MappedColumn {
                column: column.clone(),
                field: columns.column_at(index).map(|c| c.name().to_string()),
            })
            .collect(),
        statement_date: None,
        rows: RowCounts::default(),
        outcomes: Vec::new(),
    };
    Ok(Read {
        records,
        outcomes,
        diagnostics,
        file: file.into(),
        sheet: table.sheet.clone(),
        report,
    })
}

/// A mapped cell that starts with "=" is text a spreadsheet would run as a formula: it is kept
/// as text and never evaluated, and the user is told (exports neutralise it, `export.rs`).
fn formulas<C: Column>(row: &Row, sheet: &Sheet<'_, C>, diagnostics: &mut Vec<Diagnostic>) {
    let mapped = |index| sheet.columns.column_at(index).is_some();
    formula_cells(row, mapped, sheet.headers, diagnostics, |level, message| {
        Diagnostic {
            level,
            file: sheet.file.into(),
            sheet: sheet.sheet.map(String::from),
            row: None,
            column: None,
            message,
        }
    });
}

/// Warns of each mapped cell of `row` that looks like a formula, by its column.
pub(crate) fn formula_cells(
    row: &Row,
    mapped: impl Fn(usize) -> bool,
    headers: &[String],
    diagnostics: &mut Vec<Diagnostic>,
    note: impl Fn(Level, String) -> Diagnostic,
) {
    for (index, cell) in row.cells.iter().enumerate() {
        if mapped(index) && looks_like_formula(cell) {
            let message = format!(
                "{:?} looks like a spreadsheet formula: read as text, never evaluated",
                cell.trim().chars().take(60).collect::<String>()
            );
            diagnostics.push(Diagnostic {
                row: Some(row.line),
                column: headers.get(index).cloned(),
                ..note(Level::Warning, message)
            });
        }
    }
}

/// Text a spreadsheet would take as a formula: "=" then something.
pub fn looks_like_formula(cell: &str) -> bool {
    // Every mapped cell of every row asks: one that starts with plain ASCII other than "="
    // is not one, without decoding a character.
    if cell
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii() && !matches!(b, b'=' | b' ' | b'\t'..=b'\r'))
    {
        return false;
    }
    let cell = cell.trim_start();
    cell.len() > 1 && cell.starts_with('=')
}

/// The best header candidate did not map what the kind needs: say what, and what it has.
fn missing_columns<C: Column>(
    file: &str,
    row: &Row,
    best: &Columns<C>,
    needs: &Needs<C>,
) -> ImportError {
    let shown: Vec<String> = row
        .cells
        .iter()
        .filter(|c| !c.trim().is_empty())
        .take(20)
        .map(|h| format!("{:?}", h.chars().take(60).collect::<String>()))
        .collect();
    ImportError::MissingColumns {
        headers: crate::diagnostic::header_cells(&row.cells, |index| {
            best.column_at(index).map(|c| c.name().to_string())
        }),
        file: file.into(),
        missing: best.missing(needs).join(", "),
        found: if shown.is_empty() {
            "no names".into()
        } else {
            shown.join(", ")
        },
    }
}

#[cfg(test)]
mod tests {
    /// The byte check reads every text as `trim_start` then "=" did (seeded, bounded).
    #[test]
    fn formulas_are_told_as_before_the_byte_check() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: 5000,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
        );
        runner
            .run(&"[= \t\n\u{b}\r\u{a0}\u{2003}a1é]{0,4}", |text| {
                let before = {
                    let cell = text.trim_start();
                    cell.len() > 1 && cell.starts_with('=')
                };
                prop_assert_eq!(super::looks_like_formula(&text), before);
                Ok(())
            })
            .unwrap();
    }
}
