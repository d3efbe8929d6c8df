//! The one entry point: the format sniffed from the bytes (the file name only breaks ties),
//! the table read, the sheet chosen, the entitlements read.

use preflight_engine::EntitlementSource;
use preflight_engine::catalogue::Catalogue;

use crate::diagnostic::{ImportError, Imported};
use crate::entitlements::{Options, read_rows, read_table as read_entitlement_table};
use crate::header::{HEADER_SEARCH_ROWS, find_header};
use crate::report::Format;
use crate::table::Table;
use crate::{csv_text, json, limits, xml};

/// Reads an entitlement file of any supported format: delimited text, XLSX/XLS/ODS (with the
/// `spreadsheet` feature), or a JSON array. XML is refused with the reason.
///
/// Rows with a problem are left out and reported; the rest are resolved against `catalogue`,
/// and lines that match no product are kept as unmatched. `Err` only when nothing could be read.
pub fn read_entitlements(
    file: &str,
    bytes: &[u8],
    options: &Options,
    catalogue: &Catalogue,
) -> Result<Imported<EntitlementSource>, ImportError> {
    let sha256 = options.digest.of(bytes);
    if sniff(file, bytes) == Format::Text {
        return read_entitlement_text(file, sha256, bytes, options, catalogue);
    }
    let table = read_table(file, bytes, options, |table| {
        find_header(
            &table.rows,
            options.preset,
            &crate::header::ColumnAnswers::new(&options.columns),
        )
        .is_ok()
    })?;
    let mut imported = read_entitlement_table(file, sha256, &table, options, catalogue)?;
    if matches!(table.format, Format::Xlsx | Format::Xls | Format::Ods) {
        statement_date(file, &table, &mut imported);
    }
    Ok(imported)
}

/// Delimited text read row by row: the first rows, where the header is looked for, are held;
/// the rest are read, checked and resolved one at a time (`entitlements::read_rows`), so the
/// file's cells are never all in memory at once.
fn read_entitlement_text(
    file: &str,
    sha256: String,
    bytes: &[u8],
    options: &Options,
    catalogue: &Catalogue,
) -> Result<Imported<EntitlementSource>, ImportError> {
    limits::check_file(file, bytes)?;
    if looks_binary(bytes) {
        return Err(not_text(file));
    }
    let text = csv_text::Text::decode(file, bytes)?;
    let mut head = text.empty_table();
    let mut records = text.records();
    while head.rows.len() < HEADER_SEARCH_ROWS
        && let Some(row) = records.next_row()?
    {
        head.rows.push(row.clone());
    }
    head.notes.extend(records.take_notes());
    let held = head.rows.len();
    let rest = || {
        let mut records = text.records();
        records.skip_rows(held)?;
        Ok(records)
    };
    read_rows(file, sha256, &head, rest, text.lines(), options, catalogue)
}

fn not_text(file: &str) -> ImportError {
    ImportError::Unsupported {
        file: file.into(),
        message: "the file is neither text nor a spreadsheet Preflight reads \
                  (CSV, TSV, XLSX, XLS, ODS, JSON)"
            .into(),
    }
}

/// The table of cells a file holds, whatever its format: delimited text decoded, a JSON array,
/// or the sheet asked for (else the first whose header `maps`, else the first). The limits in
/// `limits.rs` are checked before the bytes are decoded, and on every row read.
pub(crate) fn read_table(
    file: &str,
    bytes: &[u8],
    options: &Options,
    maps: impl Fn(&Table) -> bool,
) -> Result<Table, ImportError> {
    read_table_rows(file, bytes, options, maps, usize::MAX)
}

/// [`read_table`] with at most the first [`HEADER_SEARCH_ROWS`] rows of delimited text: all
/// that telling a file's kind from its header reads, without holding the rest of its cells.
pub(crate) fn read_head_table(
    file: &str,
    bytes: &[u8],
    options: &Options,
    maps: impl Fn(&Table) -> bool,
) -> Result<Table, ImportError> {
    read_table_rows(file, bytes, options, maps, HEADER_SEARCH_ROWS)
}

fn read_table_rows(
    file: &str,
    bytes: &[u8],
    options: &Options,
    maps: impl Fn(&Table) -> bool,
    text_rows: usize,
) -> Result<Table, ImportError> {
    limits::check_file(file, bytes)?;
    let mut table = match sniff(file, bytes) {
        Format::Text => {
            if looks_binary(bytes) {
                return Err(not_text(file));
            }
            csv_text::read_head(file, bytes, text_rows)?
        }
        Format::Json => json::read_table(file, bytes)?,
        Format::Xml => return Err(xml::refuse(file, bytes)),
        format @ (Format::Xlsx | Format::Xls | Format::Ods) => {
            spreadsheet(file, bytes, format, options, maps)?
        }
    };
    limits::check_cells(&mut table);
    Ok(table)
}

/// Reads an entitlement file that is expected to be delimited text; other formats are sniffed
/// and read the same way as by [`read_entitlements`], with default options.
pub fn read_entitlements_csv(
    file: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
) -> Result<Imported<EntitlementSource>, ImportError> {
    read_entitlements(file, bytes, &Options::default(), catalogue)
}

/// The format from the first bytes; the file name only where bytes cannot tell.
pub fn sniff(file: &str, bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        // The first entry of an ODF package is the uncompressed "mimetype".
        let head = &bytes[..bytes.len().min(200)];
        let ods = b"application/vnd.oasis.opendocument.spreadsheet";
        return if head.windows(ods.len()).any(|w| w == ods) {
            Format::Ods
        } else {
            Format::Xlsx
        };
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Format::Xls;
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    let lower = file.to_ascii_lowercase();
    match first {
        Some(b'<') => Format::Xml,
        Some(b'[') => Format::Json,
        Some(b'{') if lower.ends_with(".json") || !lower.contains('.') => Format::Json,
        _ => Format::Text,
    }
}

/// Bytes that are not UTF-8 or UTF-16 text and hold NULs: a binary file, not Windows-1252.
fn looks_binary(bytes: &[u8]) -> bool {
    let utf16 = bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || csv_text::utf16_without_bom(bytes).is_some();
    !utf16 && std::str::from_utf8(bytes).is_err() && bytes.contains(&0)
}

#[cfg(feature = "spreadsheet")]
fn spreadsheet(
    file: &str,
    bytes: &[u8],
    format: Format,
    options: &Options,
    maps: impl Fn(&Table) -> bool,
) -> Result<Table, ImportError> {
    use crate::spreadsheet::Spreadsheet;

    let mut book = Spreadsheet::open(file, bytes, format)?;
    let names = book.sheet_names();
    let wanted = options
        .sheet
        .clone()
        .or_else(|| options.preset.and_then(|p| p.sheet()).map(String::from));
    let candidates: Vec<String> = match wanted {
        Some(sheet) if names.contains(&sheet) => vec![sheet],
        Some(sheet) if options.sheet.is_some() => {
            return Err(ImportError::NoSheet {
                file: file.into(),
                sheet,
                available: quoted(&names),
            });
        }
        _ => names.clone(),
    };
    // The first sheet whose header maps; else the first, to say what its header lacks.
    let mut first = None;
    for name in &candidates {
        let mut table = book.table(name)?;
        table.sheets = names.clone();
        if maps(&table) {
            return Ok(table);
        }
        first.get_or_insert(table);
    }
    first.ok_or_else(|| ImportError::Empty { file: file.into() })
}

/// A Licensing Statement's calculation date (cell K3 of "Pivot Data"), reported before its rows.
fn statement_date(file: &str, table: &Table, imported: &mut Imported<EntitlementSource>) {
    use crate::diagnostic::{Diagnostic, Level};
    use crate::preset::Preset;

    if imported.report.preset != Some(Preset::MlsPivotData) {
        return;
    }
    let k3 = table
        .rows
        .iter()
        .find(|row| row.line == 3)
        .and_then(|row| row.cells.get(10))
        .map(|cell| cell.trim())
        .filter(|cell| !cell.is_empty());
    let message = match k3.map(crate::date::parse_date) {
        Some(Ok(date)) => {
            imported.report.statement_date = Some(date);
            format!("the Licensing Statement was calculated on {date}")
        }
        Some(Err(message)) => format!("cell K3: {message}"),
        None => "cell K3 gives no calculation date".to_string(),
    };
    let diagnostic = Diagnostic {
        row: Some(3),
        column: Some("K".into()),
        ..table.diagnostic(file, Level::Warning, message)
    };
    let at = imported
        .diagnostics
        .partition_point(|d| d.row.is_none_or(|r| r <= 3));
    imported.diagnostics.insert(at, diagnostic);
}

#[cfg(not(feature = "spreadsheet"))]
fn spreadsheet(
    file: &str,
    _bytes: &[u8],
    format: Format,
    _options: &Options,
    _maps: impl Fn(&Table) -> bool,
) -> Result<Table, ImportError> {
    Err(ImportError::Unsupported {
        file: file.into(),
        message: format!(
            "{format:?} spreadsheets are not read here yet: save the sheet as \"CSV UTF-8\" and \
             import that"
        ),
    })
}

#[cfg(feature = "spreadsheet")]
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        let cases: [(&str, &[u8], Format); 8] = [
            ("a.csv", b"Product,Metric", Format::Text),
            ("a.xlsx", b"PK\x03\x04rest", Format::Xlsx),
            (
                "a.bin",
                b"PK\x03\x04\0\0mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
                Format::Ods,
            ),
            ("a.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", Format::Xls),
            ("a.json", b" \n[{}]", Format::Json),
            ("a.json", b"{\"schema\": 1}", Format::Json),
            ("a.xml", b"\xEF\xBB\xBF<?xml version=\"1.0\"?>", Format::Xml),
            // A CSV whose first cell starts with a brace is still text.
            ("a.csv", b"{x},Metric", Format::Text),
        ];
        for (file, bytes, expect) in cases {
            assert_eq!(sniff(file, bytes), expect, "{file}");
        }
    }
}
