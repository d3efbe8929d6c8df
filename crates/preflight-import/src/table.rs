//! A table of text cells: what every format reader produces and the entitlement reader consumes.

use crate::date::DateSystem;
use crate::diagnostic::{Diagnostic, Level};
use crate::report::Format;

/// One row as the file holds it, before any header is known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// 1-based: the spreadsheet row, the line a text record starts on, the JSON element.
    pub line: u32,
    pub cells: Vec<String>,
    /// Set when the reader itself could not trust the row (a quote never closed): rejected.
    pub problem: Option<String>,
}

impl Row {
    pub fn new(line: u32, cells: Vec<String>) -> Row {
        Row {
            line,
            cells,
            problem: None,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|cell| trim(cell).is_empty())
    }

    /// The first cell with text in it, trimmed.
    pub fn first_text(&self) -> Option<&str> {
        self.cells
            .iter()
            .map(|cell| trim(cell))
            .find(|cell| !cell.is_empty())
    }
}

/// `text.trim()`, without looking at a character when the text starts and ends with an ASCII
/// byte that is not white space, as nearly every cell does: `str::trim` decodes and classes
/// each end's characters (Unicode's White_Space, of which ASCII has tab to CR and space), and
/// every cell of every row is trimmed once or more.
pub fn trim(text: &str) -> &str {
    let plain = |byte: &u8| byte.is_ascii() && !matches!(byte, b' ' | b'\t'..=b'\r');
    let bytes = text.as_bytes();
    if bytes.first().is_some_and(plain) && bytes.last().is_some_and(plain) {
        text
    } else {
        text.trim()
    }
}

/// A sheet or a text file as rows of cells, with what the reader noticed about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub format: Format,
    pub encoding: Option<String>,
    pub delimiter: Option<char>,
    pub sheet: Option<String>,
    /// Every sheet of the spreadsheet, in its order, so the user can choose another.
    pub sheets: Vec<String>,
    pub rows: Vec<Row>,
    /// How numbers in date columns count days (a spreadsheet's own; 1900 for text).
    pub date_system: DateSystem,
    /// About the file as a whole: an assumed encoding, a quote never closed.
    pub notes: Vec<(Level, String)>,
}

impl Table {
    /// A note about the whole file, located by file and sheet.
    pub fn diagnostic(&self, file: &str, level: Level, message: String) -> Diagnostic {
        Diagnostic {
            level,
            file: file.into(),
            sheet: self.sheet.clone(),
            row: None,
            column: None,
            message,
        }
    }
}

/// Rows one at a time, each lent until the next is asked for: delimited text read record by
/// record (`csv_text::Records`), so that a reader never holds every cell of a large file.
pub trait RowSource {
    /// The next row, or `None` after the last.
    fn next_row(&mut self) -> Result<Option<&Row>, crate::ImportError>;

    /// Notes about the file found while reading rows, since the last call.
    fn take_notes(&mut self) -> Vec<(Level, String)> {
        Vec::new()
    }
}

/// No rows: what follows a table that holds all of its rows.
pub struct NoRows;

impl RowSource for NoRows {
    fn next_row(&mut self) -> Result<Option<&Row>, crate::ImportError> {
        Ok(None)
    }
}

impl RowSource for crate::csv_text::Records<'_> {
    fn next_row(&mut self) -> Result<Option<&Row>, crate::ImportError> {
        crate::csv_text::Records::next_row(self)
    }

    fn take_notes(&mut self) -> Vec<(Level, String)> {
        crate::csv_text::Records::take_notes(self)
    }
}

/// How a row that is not data reads: a total line ("Total", "Grand total", "Sum", Excel's
/// "Microsoft Total" subtotals), judged by its first cell with text.
pub fn is_total(row: &Row) -> bool {
    let Some(first) = row.first_text() else {
        return false;
    };
    // Normalising ASCII text only lower-cases letters and turns the rest into spaces, so only
    // a text holding "total" or "sum" in some case can be one (every row asks).
    let holds = |word: &[u8]| {
        first
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if first.is_ascii() && !holds(b"total") && !holds(b"sum") {
        return false;
    }
    let key = preflight_engine::text::normalise(first);
    matches!(
        key.as_str(),
        "total" | "totals" | "grand total" | "sum" | "subtotal" | "sub total"
    ) || key.ends_with(" total")
}

/// Whether a row repeats the header: each cell normalises to the header's key of its column,
/// and there are as many. Read without building the normalised text of ASCII cells: every
/// data row is checked, and its first cell nearly always differs at once.
pub fn repeats_header(row: &Row, header_keys: &[String]) -> bool {
    row.cells.len() == header_keys.len()
        && row
            .cells
            .iter()
            .zip(header_keys)
            .all(|(cell, key)| normalises_to(cell, key))
}

/// `normalise(text) == key`, for ASCII text byte by byte as `normalise` writes it.
fn normalises_to(text: &str, key: &str) -> bool {
    if !text.is_ascii() {
        return preflight_engine::text::normalise(text) == key;
    }
    let key = key.as_bytes();
    let (mut at, mut gap) = (0, false);
    for byte in text.bytes() {
        if !byte.is_ascii_alphanumeric() {
            gap = true;
            continue;
        }
        if gap && at > 0 {
            if key.get(at) != Some(&b' ') {
                return false;
            }
            at += 1;
        }
        gap = false;
        if key.get(at) != Some(&byte.to_ascii_lowercase()) {
            return false;
        }
        at += 1;
    }
    at == key.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each check gives what normalising the text first gave (seeded, bounded): a text and a
    /// key built from its normal form, changed or not.
    #[test]
    fn checks_without_normalising_agree_with_normalising() {
        use preflight_engine::text::normalise;
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: 20_000,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &[9; 32]),
        );
        // The last: white space of every kind, ASCII and not (tab to CR, NBSP, U+2003), at
        // either end, for `trim`.
        let texts = "[ -~]{0,12}|[a-zA-Z _\\-]{0,12}|[TtOoAaLlSsUuMmBb _\\-]{0,14}|[a-zé K]{0,8}\
                     |[\t\n\u{b}\u{c}\r \u{1c}\u{85}\u{a0}\u{2003}]{0,2}[a-z1]{0,3}[\t\n\u{b}\r \u{1f}\u{a0}\u{2003}]{0,2}";
        runner
            .run(&(texts, texts, 0..3u8), |(text, other, how)| {
                let key = match how {
                    0 => normalise(&text),
                    1 => normalise(&other),
                    _ => normalise(&text) + "x",
                };
                prop_assert_eq!(normalises_to(&text, &key), normalise(&text) == key);
                prop_assert_eq!(trim(&text), text.trim());
                prop_assert_eq!(trim(&other), other.trim());
                let row = Row::new(1, vec![text.clone(), "12".into()]);
                let key = normalise(&text);
                let by_normalising = matches!(
                    key.as_str(),
                    "total" | "totals" | "grand total" | "sum" | "subtotal" | "sub total"
                ) || key.ends_with(" total");
                prop_assert_eq!(is_total(&row), by_normalising);
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn total_lines_are_told_by_their_first_cell() {
        let row = |cells: &[&str]| Row::new(1, cells.iter().map(|c| c.to_string()).collect());
        assert!(is_total(&row(&["Total", "", "12"])));
        assert!(is_total(&row(&["", "Grand Total", "12"])));
        assert!(is_total(&row(&["SUM:", "12"])));
        assert!(is_total(&row(&["Microsoft Total", "12"])));
        assert!(!is_total(&row(&["SQL Server", "Total Care"])));
        assert!(!is_total(&row(&["", ""])));
    }
}
