//! Synthetic entitlement exports shaped like a ServiceNow SAM export, shared by the native
//! criterion bench (`benches/import.rs`) and the browser benchmark page
//! (`crates/preflight-bench-web`), so both time the same bytes.
//!
//! Deterministic (no randomness): row `i` always reads the same. 18 columns, of which the
//! importer maps twelve; quoted prices with thousands separators, a quoted company name with a
//! comma, ISO dates, one line in fifteen a product the catalogue does not know (kept as
//! unmatched), as real exports have. About 190 bytes a row.

/// (publisher, software model, edition, metric, rights per pack, unit price in cents). All but
/// Acrobat match a catalogue product.
#[rustfmt::skip]
const PRODUCTS: [(&str, &str, &str, &str, u32, u64); 15] = [
    ("Microsoft", "Windows Server", "Datacenter", "Per core", 16, 615_500),
    ("Microsoft", "Windows Server", "Standard", "Per core", 16, 106_900),
    ("Microsoft", "SQL Server", "Enterprise", "Per core", 2, 1_512_300),
    ("Microsoft", "SQL Server", "Standard", "Per core", 2, 394_500),
    ("Oracle", "Oracle Database", "Enterprise Edition", "Processor", 1, 4_750_000),
    ("Oracle", "Oracle Database", "Standard Edition 2", "Processor", 1, 1_750_000),
    ("IBM", "Db2", "Advanced Edition", "PVU", 100, 1_020_000),
    ("Red Hat", "RHEL", "Server", "Socket pair", 1, 134_900),
    ("Microsoft", "SQL Server", "Standard", "Per core", 4, 789_000),
    ("Microsoft", "SQL Server", "Enterprise", "Per core", 2, 1_398_000),
    ("Microsoft", "Windows Server", "Datacenter", "Per core", 2, 76_900),
    ("Oracle", "Oracle Partitioning", "", "Processor", 1, 1_150_000),
    ("Microsoft", "Windows Server", "Standard", "Per core", 2, 13_400),
    ("Oracle", "Oracle Database", "Standard Edition 2", "Processor", 1, 1_690_000),
    ("Adobe", "Acrobat Pro", "", "Per user", 1, 23_988),
];

const LICENCE_TYPES: [&str; 4] = [
    "Perpetual + SA",
    "Perpetual",
    "Subscription",
    "Software Assurance",
];

const COMPANIES: [&str; 3] = ["\"Contoso, Ltd.\"", "Fabrikam GmbH", "\"Northwind, Inc.\""];

pub const CSV_HEADER: &str = "Number,Publisher,Software model,Edition,License metric,License type,\
Number of packs,Rights per license pack,Purchased rights,Unit price,Total cost,Currency,Purchased,\
Start date,End date,Company,PO number,Cost center\r\n";

/// `rows` entitlement lines after the header, CRLF line ends (as ServiceNow writes them).
pub fn csv(rows: usize) -> Vec<u8> {
    let mut out = String::with_capacity(rows * 200 + CSV_HEADER.len());
    out.push_str(CSV_HEADER);
    for i in 0..rows {
        let line = Line::of(i);
        out.push_str(&format!(
            "ENT{:07},{},{},{},{},{},{},{},{},\"{}\",\"{}\",USD,{},{},{},{},PO-{:06},CC{:03}\r\n",
            i + 1,
            line.publisher,
            line.product,
            line.edition,
            line.metric,
            line.licence_type,
            line.packs,
            line.rights_per_pack,
            line.packs * line.rights_per_pack,
            grouped(line.unit_cents),
            grouped(line.unit_cents * u64::from(line.packs)),
            line.purchased,
            line.start,
            line.end,
            COMPANIES[i % COMPANIES.len()],
            (i * 37) % 1_000_000,
            i % 250,
        ));
    }
    out.into_bytes()
}

/// The same lines as a JSON array of objects keyed by the importer's canonical field names.
pub fn json(rows: usize) -> Vec<u8> {
    let mut out = String::with_capacity(rows * 300);
    out.push('[');
    for i in 0..rows {
        let line = Line::of(i);
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "\n{{\"Publisher\":\"{}\",\"Product\":\"{}\",\"Edition\":\"{}\",\"Metric\":\"{}\",\
             \"Licence type\":\"{}\",\"Quantity\":{},\"Rights per pack\":{},\
             \"Unit price\":\"{}.{:02}\",\"Currency\":\"USD\",\"Purchase date\":\"{}\",\
             \"Start date\":\"{}\",\"End date\":\"{}\"}}",
            line.publisher,
            line.product,
            line.edition,
            line.metric,
            line.licence_type,
            line.packs,
            line.rights_per_pack,
            line.unit_cents / 100,
            line.unit_cents % 100,
            line.purchased,
            line.start,
            line.end,
        ));
    }
    out.push_str("\n]\n");
    out.into_bytes()
}

/// The ten columns of the spreadsheet export (`support/xlsx.rs`): the importer's canonical
/// field names, as a SAM tool's XLSX export names them.
pub const SHEET_HEADER: [&str; 10] = [
    "Publisher",
    "Product",
    "Edition",
    "Metric",
    "Licence type",
    "Quantity",
    "Rights per pack",
    "Unit price",
    "Currency",
    "Start date",
];

/// Row `i` of the spreadsheet export: the text cells, the two counts and the unit price as
/// numbers, and the start date as (year, month, day) for a date cell.
pub struct SheetRow {
    pub text: [&'static str; 5],
    pub packs: u32,
    pub rights_per_pack: u32,
    pub unit_price: f64,
    pub start: (u16, u8, u8),
}

/// The same line `i` as [`csv`] writes, for a spreadsheet.
pub fn sheet_row(i: usize) -> SheetRow {
    let line = Line::of(i);
    let year = 2019 + (i % 7);
    let month = 1 + (i % 12);
    let day = 1 + (i % 28);
    SheetRow {
        text: [
            line.publisher,
            line.product,
            line.edition,
            line.metric,
            line.licence_type,
        ],
        packs: line.packs,
        rights_per_pack: line.rights_per_pack,
        // Cents to a spreadsheet's number: a spreadsheet stores prices as binary floats.
        unit_price: line.unit_cents as f64 / 100.0,
        start: (year as u16, month as u8, day as u8),
    }
}

struct Line {
    publisher: &'static str,
    product: &'static str,
    edition: &'static str,
    metric: &'static str,
    licence_type: &'static str,
    packs: u32,
    rights_per_pack: u32,
    unit_cents: u64,
    purchased: String,
    start: String,
    end: String,
}

impl Line {
    fn of(i: usize) -> Line {
        let (publisher, product, edition, metric, rights_per_pack, unit_cents) =
            PRODUCTS[(i * 7) % PRODUCTS.len()];
        let year = 2019 + (i % 7);
        let month = 1 + (i % 12);
        let day = 1 + (i % 28);
        Line {
            publisher,
            product,
            edition,
            metric,
            licence_type: LICENCE_TYPES[i % LICENCE_TYPES.len()],
            packs: 1 + (i % 24) as u32,
            rights_per_pack,
            unit_cents: unit_cents + (i % 100) as u64,
            purchased: format!("{year}-{month:02}-{day:02}"),
            start: format!("{year}-{month:02}-{day:02}"),
            end: format!("{}-{month:02}-{:02}", year + 3, day.min(28)),
        }
    }
}

/// Cents as dollars with thousands commas: 1512345 -> "15,123.45".
fn grouped(cents: u64) -> String {
    let whole = (cents / 100).to_string();
    let mut out = String::new();
    for (n, digit) in whole.chars().enumerate() {
        if n > 0 && (whole.len() - n).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    format!("{out}.{:02}", cents % 100)
}
