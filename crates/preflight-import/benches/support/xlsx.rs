//! The spreadsheet export of the import benches: [`export::sheet_row`]'s lines as an XLSX file
//! of ten columns (text, numbers, a date), written by rust_xlsxwriter as Excel writes them
//! (shared strings, a date format). Shared by the native criterion bench, which times calamine
//! and our importer on it, and `cargo xtask bench`, which writes it for the browser page, so
//! both read the same sheet. Deterministic: the document's creation date is fixed.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::export;

/// `rows` lines after the header, in a sheet named "Entitlements".
pub fn xlsx(rows: usize) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 11, 28)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet().set_name("Entitlements")?;
    for (column, name) in export::SHEET_HEADER.iter().enumerate() {
        sheet.write_string(0, column as u16, *name)?;
    }
    for i in 0..rows {
        let row = export::sheet_row(i);
        let r = i as u32 + 1;
        for (column, text) in row.text.iter().enumerate() {
            sheet.write_string(r, column as u16, *text)?;
        }
        sheet.write_number(r, 5, row.packs)?;
        sheet.write_number(r, 6, row.rights_per_pack)?;
        sheet.write_number(r, 7, row.unit_price)?;
        sheet.write_string(r, 8, "USD")?;
        let (year, month, day) = row.start;
        sheet.write_datetime_with_format(
            r,
            9,
            ExcelDateTime::from_ymd(year, month, day)?,
            &date,
        )?;
    }
    workbook.save_to_buffer()
}
