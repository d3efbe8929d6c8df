//! Diagnostics: what an import could not use, located by file, sheet, row and column.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::report::Report;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The row was not imported.
    Error,
    /// The row was imported, but part of it was not used or was assumed.
    Warning,
}

/// One problem in an imported file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub level: Level,
    pub file: String,
    /// The worksheet, for spreadsheets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based row as a spreadsheet shows it (the line where a record starts, in text files;
    /// the element's position, in a JSON array); `None` for the file as a whole.
    pub row: Option<u32>,
    /// The column's header as written in the file.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet {sheet:?}")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column:?}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What an importer read, with everything it could not use and how it read the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported<T> {
    pub value: T,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(default)]
    pub report: Report,
}

impl<T> Imported<T> {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }
}

/// The header cells a refused file's answers can name: a row of at most 200 cells of at most 120
/// characters each (a hostile file's header is not copied whole).
pub fn header_cells(
    cells: &[String],
    field_of: impl Fn(usize) -> Option<String>,
) -> Vec<(String, Option<String>)> {
    cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.trim().is_empty())
        .take(200)
        .map(|(index, c)| (c.trim().chars().take(120).collect(), field_of(index)))
        .collect()
}

/// Nothing in the file could be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: no column for {missing}; the header row has {found}")]
    MissingColumns {
        file: String,
        missing: String,
        found: String,
        /// The header row's cells (at most 200, each at most 120 characters) with the field
        /// each was read as, so the user can say which column holds a missing field.
        headers: Vec<(String, Option<String>)>,
    },
    #[error("{file}, row {row}: the file is not valid CSV: {message}")]
    Malformed {
        file: String,
        row: u32,
        message: String,
    },
    #[error("{file}: {message}")]
    Unsupported { file: String, message: String },
    #[error(
        "{file}: the XML declares a DOCTYPE or entities, which Preflight never expands: \
         export the file without them"
    )]
    XmlEntities { file: String },
    #[error("{file}: {what} ({size} bytes) is over the limit of {limit} bytes: not read")]
    TooLarge {
        file: String,
        what: String,
        size: u64,
        limit: u64,
    },
    #[error("{file}: more than {limit} rows: not read (split the file and import each part)")]
    TooManyRows { file: String, limit: usize },
    #[error("{file}: no sheet named {sheet:?}; the workbook has {available}")]
    NoSheet {
        file: String,
        sheet: String,
        available: String,
    },
    #[error("{file}: the spreadsheet could not be read: {message}")]
    Spreadsheet { file: String, message: String },
    #[error("{file}: the JSON could not be read: {message}")]
    Json { file: String, message: String },
}
