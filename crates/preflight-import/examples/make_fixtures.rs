//! Writes the spreadsheet fixtures under tests/fixtures/{xlsx,ods}/ as the exporting tools lay
//! them out. Run it after changing a layout, then review and commit the files:
//!
//! cargo run -p preflight-import --example make_fixtures
//!
//! XLSX files are written by rust_xlsxwriter (real Excel files: shared strings, styles, cached
//! formula results); the 1904 workbook gets Excel's `date1904` flag added to workbook.xml; the
//! ODS file is an OpenDocument package written entry by entry.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError};

/// A date as year, month, day, when the line has one.
type Ymd = Option<(u16, u8, u8)>;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::create_dir_all(root.join("xlsx"))?;
    std::fs::create_dir_all(root.join("ods"))?;
    write(root.join("xlsx/mls-statement.xlsx"), mls_statement()?)?;
    write(root.join("xlsx/servicenow-sa-only.xlsx"), servicenow()?)?;
    write(
        root.join("xlsx/dates-1904-system.xlsx"),
        with_1904_dates(&dates_1904()?)?,
    )?;
    write(
        root.join("xlsx/header-on-row-4-second-sheet.xlsx"),
        two_sheets()?,
    )?;
    write(root.join("ods/entitlements.ods"), ods()?)?;
    Ok(())
}

fn write(path: PathBuf, bytes: Vec<u8>) -> Result {
    std::fs::write(&path, bytes)?;
    println!("wrote {}", path.display());
    Ok(())
}

/// A cell: text, a number, or a formula with its cached result.
enum Cell<'a> {
    T(&'a str),
    N(f64),
    F(&'a str, &'a str),
    Empty,
}

fn row(sheet: &mut Worksheet, row: u32, cells: &[Cell]) -> std::result::Result<(), XlsxError> {
    for (column, cell) in cells.iter().enumerate() {
        let column = column as u16;
        match cell {
            Cell::T(text) => sheet.write_string(row, column, *text).map(|_| ())?,
            Cell::N(number) => sheet.write_number(row, column, *number).map(|_| ())?,
            Cell::F(formula, result) => sheet
                .write_formula(row, column, Formula::new(*formula).set_result(*result))
                .map(|_| ())?,
            Cell::Empty => {}
        }
    }
    Ok(())
}

/// A Microsoft Licensing Statement as Flexera asks for it: "Pivot Data" with the calculation
/// date in K3 and the header on row 10; per-country rows beside the "All Countries" ones.
fn mls_statement() -> Result<Vec<u8>> {
    use Cell::*;
    let mut book = Workbook::new();
    let summary = book.add_worksheet().set_name("License Summary")?;
    row(summary, 0, &[T("Microsoft Licensing Statement")])?;
    row(summary, 2, &[T("See the Pivot Data tab")])?;
    let pivot = book.add_worksheet().set_name("Pivot Data")?;
    row(pivot, 0, &[T("Microsoft Licensing Statement - Pivot Data")])?;
    row(
        pivot,
        2,
        &[
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            T("Calculation date"),
            T("2026/10/31"),
        ],
    )?;
    row(
        pivot,
        9,
        &[
            T("Product Pool"),
            T("License Product Family"),
            T("License Version"),
            T("Effective License Quantity"),
            T("Upgrade License Quantity"),
            T("Upgrade License Quantity (w/ Maintenance)"),
            T("Active SA Quantity"),
            T("Country of Usage"),
            T("Expiring SA 0 - 12 Months"),
            T("Expiring SA 12 - 24 Months"),
            T("Expiring SA > 24 Months"),
        ],
    )?;
    let lines: [[Cell; 11]; 7] = [
        [
            T("Server"),
            T("SQL Server Enterprise Core"),
            T("2019"),
            // The statement's own sum of the country rows, kept as a formula with its value.
            F("=D12+D13", "16"),
            N(4.0),
            N(0.0),
            N(10.0),
            T("All Countries"),
            N(2.0),
            N(8.0),
            N(0.0),
        ],
        [
            T("Server"),
            T("SQL Server Enterprise Core"),
            T("2019"),
            N(10.0),
            N(4.0),
            N(0.0),
            N(6.0),
            T("Germany"),
            N(2.0),
            N(4.0),
            N(0.0),
        ],
        [
            T("Server"),
            T("SQL Server Enterprise Core"),
            T("2019"),
            N(6.0),
            N(0.0),
            N(0.0),
            N(4.0),
            T("France"),
            N(0.0),
            N(4.0),
            N(0.0),
        ],
        [
            T("Server"),
            T("Windows Server Datacenter Core"),
            T("2022"),
            N(32.0),
            N(0.0),
            N(0.0),
            N(32.0),
            T("All Countries"),
            N(0.0),
            N(32.0),
            N(0.0),
        ],
        [
            T("Server"),
            T("SQL Server Standard Core"),
            T("2019"),
            N(8.0),
            // Upgrades are part of the effective quantity: never added to it.
            N(8.0),
            N(0.0),
            N(0.0),
            T("All Countries"),
            N(0.0),
            N(0.0),
            N(0.0),
        ],
        [
            T("Applications"),
            T("Office Professional Plus"),
            T("2021"),
            N(250.0),
            N(0.0),
            N(0.0),
            N(250.0),
            T("All Countries"),
            N(250.0),
            N(0.0),
            N(0.0),
        ],
        [
            T("Grand Total"),
            Empty,
            Empty,
            N(322.0),
            N(16.0),
            N(0.0),
            N(302.0),
            Empty,
            Empty,
            Empty,
            Empty,
        ],
    ];
    for (offset, line) in lines.iter().enumerate() {
        row(pivot, 10 + offset as u32, line)?;
    }
    Ok(book.save_to_buffer()?)
}

/// ServiceNow's entitlement import template filled in: labels as on the entitlement form,
/// SA-only lines beside the licences they cover, "CUR;amount" costs, real date cells.
fn servicenow() -> Result<Vec<u8>> {
    use Cell::*;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Entitlements")?;
    row(
        sheet,
        0,
        &[
            T("Software model"),
            T("Publisher"),
            T("License metric"),
            T("License type"),
            T("Rights per license pack"),
            T("Number of packs"),
            T("Purchased rights"),
            T("Unit cost"),
            T("Start date"),
            T("End date"),
            T("Company"),
        ],
    )?;
    let lines: [[Cell; 8]; 5] = [
        [
            T("Microsoft SQL Server 2022 Enterprise"),
            T("Microsoft Corporation"),
            T("Per Core"),
            T("Perpetual"),
            N(2.0),
            N(8.0),
            F("=E2*F2", "16"),
            T("USD;13748.00"),
        ],
        [
            T("Microsoft SQL Server 2022 Enterprise"),
            T("Microsoft Corporation"),
            T("Per Core"),
            T("Software Assurance"),
            N(2.0),
            N(8.0),
            F("=E3*F3", "16"),
            T("USD;3437.00"),
        ],
        [
            T("Windows Server 2022 Datacenter"),
            T("Microsoft Corporation"),
            T("Per Core"),
            T("Perpetual + Software Assurance"),
            N(16.0),
            N(4.0),
            F("=E4*F4", "64"),
            T("USD;6155.00"),
        ],
        [
            T("Microsoft SQL Server Standard"),
            T("Microsoft Corporation"),
            T("Per Core"),
            T("Step-up"),
            N(2.0),
            N(4.0),
            F("=E5*F5", "8"),
            T("USD;1200.00"),
        ],
        [
            T("Adobe Acrobat Pro"),
            T("Adobe"),
            T("Per User"),
            T("Subscription"),
            N(1.0),
            N(40.0),
            F("=E6*F6", "40"),
            T("USD;239.88"),
        ],
    ];
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let dates: [(Ymd, Ymd); 5] = [
        (None, None),
        (Some((2025, 7, 1)), Some((2028, 6, 30))),
        (Some((2024, 3, 15)), Some((2027, 3, 14))),
        (None, None),
        (Some((2025, 1, 10)), Some((2026, 1, 9))),
    ];
    for (offset, (line, (start, end))) in lines.iter().zip(dates).enumerate() {
        let at = 1 + offset as u32;
        row(sheet, at, line)?;
        for (column, date) in [(8u16, start), (9, end)] {
            if let Some((y, m, d)) = date {
                let date = ExcelDateTime::from_ymd(y, m, d)?;
                sheet.write_datetime_with_format(at, column, &date, &date_format)?;
            }
        }
        sheet.write_string(at, 10, "ACME UK Ltd")?;
    }
    Ok(book.save_to_buffer()?)
}

/// Dates of a 1904-system workbook: one date-formatted cell and one bare serial number.
fn dates_1904() -> Result<Vec<u8>> {
    use Cell::*;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Licences")?;
    row(
        sheet,
        0,
        &[
            T("Product"),
            T("Edition"),
            T("Metric"),
            T("Licence type"),
            T("Quantity"),
            T("Start date"),
            T("End date"),
        ],
    )?;
    // 43538 is 2023-03-15 in the 1904 system (45000 in the 1900 one); 44634 is 2026-03-15.
    row(
        sheet,
        1,
        &[
            T("SQL Server"),
            T("Enterprise"),
            T("Per core"),
            T("Subscription"),
            N(4.0),
            N(43538.0),
            N(44634.0),
        ],
    )?;
    Ok(book.save_to_buffer()?)
}

/// Turns on Excel's 1904 date system in a workbook rust_xlsxwriter wrote.
fn with_1904_dates(xlsx: &[u8]) -> Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        let name = entry.name()?.to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content)?;
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(content)?;
            content = text
                .replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
                .into_bytes();
        }
        out.start_file(name, options)?;
        out.write_all(&content)?;
    }
    Ok(out.finish()?.into_inner())
}

/// A workbook whose first sheet is notes and whose second has a title above its header.
fn two_sheets() -> Result<Vec<u8>> {
    use Cell::*;
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("Read me")?;
    row(notes, 0, &[T("Licence register, exported for the audit")])?;
    let sheet = book.add_worksheet().set_name("Licences")?;
    row(sheet, 0, &[T("Licence register")])?;
    row(sheet, 1, &[T("As of"), T("2026-11-28")])?;
    row(
        sheet,
        3,
        &[
            T("Publisher"),
            T("Product"),
            T("Edition"),
            T("Metric"),
            T("Quantity"),
            T("Unit price"),
            T("Currency"),
        ],
    )?;
    row(
        sheet,
        4,
        &[
            T("Microsoft"),
            T("SQL Server"),
            T("Standard"),
            T("Per core"),
            N(8.0),
            N(3945.5),
            T("EUR"),
        ],
    )?;
    row(
        sheet,
        5,
        &[
            T("Microsoft"),
            T("SQL Server"),
            T("Enterprise"),
            T("Per core"),
            T("n/a"),
            N(15123.0),
            T("EUR"),
        ],
    )?;
    row(
        sheet,
        6,
        &[T("Total"), Empty, Empty, Empty, F("=SUM(E5:E6)", "8")],
    )?;
    let other = book.add_worksheet().set_name("Archive")?;
    row(
        other,
        0,
        &[T("Product"), T("Edition"), T("Metric"), T("Quantity")],
    )?;
    row(
        other,
        1,
        &[T("Windows Server"), T("Datacenter"), T("Per core"), N(16.0)],
    )?;
    Ok(book.save_to_buffer()?)
}

/// An OpenDocument spreadsheet as LibreOffice saves one: the stored "mimetype" first, then the
/// manifest and content.xml, with a date cell and a decimal with a comma shown but a dot stored.
fn ods() -> Result<Vec<u8>> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
<office:body><office:spreadsheet>
<table:table table:name="Lizenzen">
<table:table-row><table:table-cell office:value-type="string"><text:p>Product</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Edition</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Metric</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Licence type</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Rights per pack</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Quantity</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Unit price</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Currency</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Purchase date</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>SQL Server</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Enterprise</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Pro Kern</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Perpetual</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="6"><text:p>6</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="13748.5"><text:p>13.748,50</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>EUR</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2025-02-01"><text:p>01.02.2025</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Windows Server</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Datacenter</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Per core</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Perpetual + SA</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="16"><text:p>16</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="6155"><text:p>6.155,00</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>EUR</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-03-15T00:00:00"><text:p>15.03.2024</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>
"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("mimetype", stored)?;
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    out.start_file("META-INF/manifest.xml", deflated)?;
    out.write_all(manifest.as_bytes())?;
    out.start_file("content.xml", deflated)?;
    out.write_all(content.as_bytes())?;
    Ok(out.finish()?.into_inner())
}
