//! Spreadsheets (XLSX, XLS, ODS) through calamine, as tables of text cells: formula cells as
//! their cached values, dates as ISO text, numbers as exact decimal text. A zip whose entries
//! would inflate past [`MAX_INFLATED_BYTES`] is refused before calamine inflates anything.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto_from_rs};

use crate::date::DateSystem;
use crate::diagnostic::{ImportError, Level};
use crate::limits;
use crate::report::Format;
use crate::table::{Row, Table};

/// The most a spreadsheet may inflate to, all zip entries together: 200 MB, about 50 times a
/// 100,000-row entitlement export (4 MB of XML per 10,000 rows).
pub const MAX_INFLATED_BYTES: u64 = 200 * 1024 * 1024;

/// Entries in one zip; a workbook has a few dozen.
const MAX_ZIP_ENTRIES: usize = 10_000;

/// Columns read from one sheet ([`limits::MAX_COLUMNS`]).
const MAX_COLUMNS: u32 = limits::MAX_COLUMNS as u32;

/// A spreadsheet opened for reading its sheets.
pub struct Spreadsheet<'a> {
    file: &'a str,
    format: Format,
    sheets: Sheets<Cursor<&'a [u8]>>,
}

impl<'a> Spreadsheet<'a> {
    pub fn open(file: &'a str, bytes: &'a [u8], format: Format) -> Result<Self, ImportError> {
        if matches!(format, Format::Xlsx | Format::Ods) {
            check_zip(file, bytes, MAX_INFLATED_BYTES)?;
        }
        let sheets = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|error| {
            ImportError::Spreadsheet {
                file: file.into(),
                message: error.to_string(),
            }
        })?;
        Ok(Spreadsheet {
            file,
            format,
            sheets,
        })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }

    /// One sheet's cells as rows, numbered as the spreadsheet shows them. Empty rows are left
    /// out; cells beyond [`MAX_COLUMNS`] are not read, and a note says so.
    pub fn table(&mut self, name: &str) -> Result<Table, ImportError> {
        let file = self.file;
        let error = |message: String| ImportError::Spreadsheet {
            file: file.into(),
            message,
        };
        let mut cells = Cells::default();
        let mut date_system = DateSystem::Excel1900;
        match &mut self.sheets {
            // Streamed cell by cell: a sheet's dimensions never size an allocation.
            Sheets::Xlsx(xlsx) => {
                if xlsx.has_1904_epoch() {
                    date_system = DateSystem::Excel1904;
                }
                let mut reader = xlsx
                    .worksheet_cells_reader(name)
                    .map_err(|e| error(e.to_string()))?;
                while let Some(cell) = reader.next_cell().map_err(|e| error(e.to_string()))? {
                    cells.put(cell.get_position(), text_of_ref(cell.get_value()));
                    if cells.rows.len() > limits::MAX_ROWS {
                        return Err(limits::too_many_rows(file));
                    }
                }
            }
            sheets => {
                let range = sheets
                    .worksheet_range(name)
                    .map_err(|e| error(e.to_string()))?;
                for (row, column, value) in range.used_cells() {
                    let (top, left) = range.start().unwrap_or_default();
                    cells.put((top + row as u32, left + column as u32), text_of(value));
                    if cells.rows.len() > limits::MAX_ROWS {
                        return Err(limits::too_many_rows(file));
                    }
                }
            }
        }
        let Cells {
            rows: cells,
            beyond,
        } = cells;
        let mut table = Table {
            sheets: Vec::new(),
            format: self.format,
            sheet: Some(name.to_string()),
            date_system,
            ..Table::default()
        };
        for (row, mut row_cells) in cells {
            row_cells.sort_by_key(|(column, _)| *column);
            let width = row_cells
                .last()
                .map_or(0, |(column, _)| *column as usize + 1);
            let mut dense = vec![String::new(); width];
            for (column, text) in row_cells {
                dense[column as usize] = text;
            }
            table.rows.push(Row::new(row + 1, dense));
        }
        if beyond {
            table.notes.push((Level::Warning, limits::beyond_columns()));
        }
        Ok(table)
    }
}

/// A sheet's cells with text, by row, as they are streamed in.
#[derive(Default)]
struct Cells {
    rows: BTreeMap<u32, Vec<(u32, String)>>,
    /// A cell beyond [`MAX_COLUMNS`] was left out.
    beyond: bool,
}

impl Cells {
    fn put(&mut self, (row, column): (u32, u32), text: String) {
        if text.is_empty() {
            return;
        }
        if column >= MAX_COLUMNS {
            self.beyond = true;
            return;
        }
        self.rows.entry(row).or_default().push((column, text));
    }
}

/// Refuses a zip that declares too many entries or more than `limit` bytes inflated, from its
/// central directory, then inflates each entry into nothing, stopping at the limit, in case the
/// directory lies. Nothing is kept in memory.
pub fn check_zip(file: &str, bytes: &[u8], limit: u64) -> Result<(), ImportError> {
    let unreadable = |error: zip::result::ZipError| ImportError::Spreadsheet {
        file: file.into(),
        message: format!("not a readable zip (cut short by a download or a copy?): {error}"),
    };
    let too_large = |size: u64| ImportError::TooLarge {
        file: file.into(),
        what: "the spreadsheet inflated".into(),
        size,
        limit,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(ImportError::TooLarge {
            file: file.into(),
            what: format!("the zip's {} entries", archive.len()),
            size: bytes.len() as u64,
            limit,
        });
    }
    let mut declared = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(unreadable)?;
        declared = declared.saturating_add(entry.size());
    }
    if declared > limit {
        return Err(too_large(declared));
    }
    let mut inflated = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(unreadable)?;
        let budget = limit - inflated + 1;
        let read = std::io::copy(&mut entry.take(budget), &mut std::io::sink()).map_err(|e| {
            ImportError::Spreadsheet {
                file: file.into(),
                message: format!("a zip entry could not be inflated: {e}"),
            }
        })?;
        inflated += read;
        if inflated > limit {
            return Err(too_large(inflated));
        }
    }
    Ok(())
}

/// A number as exact decimal text: whole numbers without ".0", others in the shortest form
/// that reads back as the same binary value (what Excel shows at full precision).
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn date_time(value: &calamine::ExcelDateTime) -> String {
    if value.is_datetime() {
        let (year, month, day, ..) = value.to_ymd_hms_milli();
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        number(value.as_f64())
    }
}

fn text_of(value: &Data) -> String {
    match value {
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(d) => date_time(d),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

fn text_of_ref(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        DataRef::DateTime(d) => date_time(d),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}
