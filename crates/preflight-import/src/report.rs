//! How a file was read: its format, the header mapping, and the state every row ended in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::preset::Preset;

/// The formats the importers tell apart, from the bytes first and the file name second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Delimited text: CSV, TSV, Excel's "Unicode text".
    #[default]
    Text,
    Xlsx,
    Xls,
    Ods,
    Json,
    Xml,
}

/// The state a data row ends in. Each row ends in exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowState {
    /// Read: an entitlement of a catalogue product, or a line kept as matching no product.
    Accepted,
    /// A field compliance needs is missing: shown, excluded from positions.
    Incomplete,
    /// A cell could not be read: excluded.
    Rejected,
    /// Not a data row: title, comment, blank, total, a repeated header, a filtered country.
    Skipped,
}

/// One row's state, with the reason in words a licence manager understands. The reason is
/// shared: every accepted line of one product gives the product's name, one text for all of
/// them rather than a `String` a row (the JSON is the same text either way).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowOutcome {
    pub row: u32,
    pub state: RowState,
    pub reason: Arc<str>,
}

/// Rows read = accepted + incomplete + rejected + skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCounts {
    pub read: usize,
    pub accepted: usize,
    pub incomplete: usize,
    pub rejected: usize,
    pub skipped: usize,
}

impl RowCounts {
    pub fn of(outcomes: &[RowOutcome]) -> RowCounts {
        let count = |state| outcomes.iter().filter(|o| o.state == state).count();
        RowCounts {
            read: outcomes.len(),
            accepted: count(RowState::Accepted),
            incomplete: count(RowState::Incomplete),
            rejected: count(RowState::Rejected),
            skipped: count(RowState::Skipped),
        }
    }
}

/// A column of the header row and the canonical field it was mapped to, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedColumn {
    pub column: String,
    pub field: Option<String>,
}

/// How the file was read. Every row before and after the header is in `outcomes`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub format: Format,
    /// The text encoding, for delimited text ("UTF-8", "UTF-16LE", "windows-1252").
    pub encoding: Option<String>,
    pub delimiter: Option<char>,
    pub sheet: Option<String>,
    /// Every sheet of a spreadsheet, in its order (empty for other formats).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
    pub preset: Option<Preset>,
    /// The 1-based row of the header.
    pub header_row: u32,
    pub mapping: Vec<MappedColumn>,
    /// The calculation date of a Microsoft Licensing Statement (cell K3 of "Pivot Data").
    pub statement_date: Option<NaiveDate>,
    pub rows: RowCounts,
    pub outcomes: Vec<RowOutcome>,
}
