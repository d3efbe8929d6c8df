//! The limits every importer holds a file to, in plain figures: the file's size is checked
//! before a byte is decoded, rows and columns while they are read (nothing past a limit is
//! kept), and a cell's length once the row is read. A file over a limit is refused or its row
//! rejected, with a diagnostic saying which limit and by how much.

use crate::diagnostic::{ImportError, Level};
use crate::table::{Row, Table};

/// The largest file read: 100 MiB, ten times a 100,000-row entitlement export as CSV (BENCHMARKS.md).
/// Decoding UTF-16 or Windows-1252 makes one more copy at most twice this size.
pub const MAX_FILE_BYTES: usize = 100 * 1024 * 1024;

/// Rows read from one file or sheet: ten times the largest export measured (100,000 rows).
pub const MAX_ROWS: usize = 1_000_000;

/// Columns read from one row; an entitlement export has a few dozen. Cells beyond are not read.
pub const MAX_COLUMNS: usize = 1_000;

/// Columns that no field reads kept with each line (`Entitlement::extra`): an export has a few;
/// a file of hundreds of unread columns would otherwise hold every cell twice. The columns
/// beyond are not kept, and a note says so.
pub const MAX_KEPT_COLUMNS: usize = 100;

/// The most characters a cell holds: Excel's own limit (32,767), so a longer cell never came
/// from a spreadsheet; its row is rejected.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Refuses a file over [`MAX_FILE_BYTES`] before anything is decoded.
pub fn check_file(file: &str, bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            file: file.into(),
            what: "the file".into(),
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES as u64,
        });
    }
    Ok(())
}

/// The error for a file with more than [`MAX_ROWS`] rows, raised by each reader as it reaches it.
pub fn too_many_rows(file: &str) -> ImportError {
    ImportError::TooManyRows {
        file: file.into(),
        limit: MAX_ROWS,
    }
}

/// Rejects every row with a cell longer than [`MAX_CELL_CHARS`], keeping only the cell's start,
/// and cuts rows wider than [`MAX_COLUMNS`] (readers that can stop earlier already have), with
/// a note for the file.
pub fn check_cells(table: &mut Table) {
    let mut cut = false;
    for row in &mut table.rows {
        cut |= check_row(row);
    }
    if cut
        && !table
            .notes
            .iter()
            .any(|(_, note)| note.contains("beyond column"))
    {
        table.notes.push((Level::Warning, beyond_columns()));
    }
}

/// [`check_cells`] for one row: `true` when it was cut to [`MAX_COLUMNS`].
pub fn check_row(row: &mut Row) -> bool {
    let mut cut = false;
    if row.cells.len() > MAX_COLUMNS {
        row.cells.truncate(MAX_COLUMNS);
        cut = true;
    }
    for (index, cell) in row.cells.iter_mut().enumerate() {
        // A char is at most 4 bytes: only a cell this long in bytes can be too long.
        if cell.len() <= MAX_CELL_CHARS {
            continue;
        }
        let chars = cell.chars().count();
        if chars <= MAX_CELL_CHARS {
            continue;
        }
        let start: String = cell.chars().take(40).collect();
        *cell = format!("{start}…");
        row.problem.get_or_insert_with(|| {
            format!(
                "column {} holds {chars} characters, more than a spreadsheet cell can \
                 ({MAX_CELL_CHARS}): the row is not imported",
                index + 1
            )
        });
    }
    cut
}

/// The note for a file with cells beyond [`MAX_COLUMNS`].
pub fn beyond_columns() -> String {
    format!("cells beyond column {MAX_COLUMNS} are not read")
}
