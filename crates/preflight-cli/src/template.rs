//! `preflight template`: Preflight's template of a kind, as CSV or XLSX, the same files the app
//! offers for download (public/templates/, checked against this command by a test).

use std::io::Write;

use preflight_import::template::{Cell, Template};
use preflight_import::{Kind, template};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::Args;

pub fn run(args: &Args) -> Result<String, String> {
    let template = template(args.kind.unwrap_or(Kind::Entitlements));
    let format = args.format.as_deref().unwrap_or("csv");
    let bytes = match format {
        "csv" => template.csv(),
        "xlsx" => xlsx(&template).map_err(|e| format!("the XLSX could not be written: {e}"))?,
        other => return Err(format!("--format {other:?}: expected csv or xlsx")),
    };
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| format!("{}.{format}", template.name()));
    if path == "-" {
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| format!("standard output: {e}"))?;
        return Ok(String::new());
    }
    std::fs::write(&path, bytes).map_err(|e| format!("{path}: {e}"))?;
    Ok(format!("wrote {path}"))
}

/// The template as a workbook: one sheet named after the kind, a bold header, numbers as
/// numbers and dates as dates. The creation date is fixed so the same template gives the
/// same bytes.
fn xlsx(template: &Template) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet().set_name(template.kind.to_string())?;
    for (column, name) in template.header.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *name, &bold)?;
        sheet.set_column_width(column as u16, (name.len() + 4).max(12) as f64)?;
    }
    for (row, cells) in template.rows.iter().enumerate() {
        let row = row as u32 + 1;
        for (column, cell) in cells.iter().enumerate() {
            let column = column as u16;
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(row, column, *text)?;
                }
                // A spreadsheet stores numbers as doubles: converted at this last step only.
                Cell::Number(number) => {
                    sheet.write_number(row, column, number.to_f64().unwrap_or_default())?;
                }
                Cell::Date(date) => {
                    use chrono::Datelike;
                    let date = ExcelDateTime::from_ymd(
                        date.year() as u16,
                        date.month() as u8,
                        date.day() as u8,
                    )?;
                    sheet.write_datetime_with_format(row, column, &date, &date_format)?;
                }
                Cell::Empty => {}
            }
        }
    }
    book.save_to_buffer()
}
