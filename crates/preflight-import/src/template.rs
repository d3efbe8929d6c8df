//! The record kinds a file can hold, told apart by its header, and Preflight's own template for
//! each: the canonical header and example rows, which import with no diagnostic (a test holds
//! the committed files in public/templates/ to that).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::columns::{Column, Columns, find_header as find_kind_header};
use crate::entitlements::Options;
use crate::header::{ColumnAnswers, Field, find_header};
use crate::inventory::{InventoryColumn, Machine};
use crate::positions::{PositionColumn, PositionRow};
use crate::prices::{PriceColumn, PriceRow};
use crate::read::read_head_table;
use crate::records::RecordKind;
use preflight_engine::mapping::ColumnAnswer;

/// What a file's rows are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Licences owned: `read_entitlements`.
    Entitlements,
    /// A price list or quote: `read_prices`.
    Prices,
    /// A SAM platform's licence positions: `read_positions`.
    Positions,
    /// Hosts and VMs: `read_inventory`.
    Inventory,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Entitlements,
        Kind::Prices,
        Kind::Positions,
        Kind::Inventory,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::Entitlements => "entitlements",
            Kind::Prices => "prices",
            Kind::Positions => "positions",
            Kind::Inventory => "inventory",
        }
    }

    /// Whether a header row among `rows` maps what this kind needs, with the user's answers.
    fn maps(self, rows: &[crate::table::Row], answers: &[ColumnAnswer]) -> bool {
        match self {
            Kind::Entitlements => find_header(rows, None, &ColumnAnswers::new(answers)).is_ok(),
            Kind::Prices => {
                find_kind_header(rows, &PriceRow::NEEDS, &ColumnAnswers::new(answers)).is_ok()
            }
            Kind::Positions => {
                find_kind_header(rows, &PositionRow::NEEDS, &ColumnAnswers::new(answers)).is_ok()
            }
            Kind::Inventory => {
                find_kind_header(rows, &Machine::NEEDS, &ColumnAnswers::new(answers)).is_ok()
            }
        }
    }

    /// The canonical columns of this kind, in the order of its template: what the user may say
    /// a header holds.
    pub fn columns(self) -> Vec<&'static str> {
        match self {
            Kind::Entitlements => names::<Field>(),
            Kind::Prices => names::<PriceColumn>(),
            Kind::Positions => names::<PositionColumn>(),
            Kind::Inventory => names::<InventoryColumn>(),
        }
    }

    /// How many of the header's columns this kind maps, when its header plainly is this
    /// kind's: it maps what the kind needs and, for a price list, a column only a price list
    /// has (price per right, line total, billing period), so that an entitlement file lacking
    /// its metric is not taken for a price list because it has a product and a unit price.
    fn coverage(self, rows: &[crate::table::Row], answers: &[ColumnAnswer]) -> Option<usize> {
        use PriceColumn as P;
        fn mapped<C: Column>(
            found: Result<(usize, Columns<C>), (usize, Columns<C>)>,
            rows: &[crate::table::Row],
            plain: impl Fn(&Columns<C>) -> bool,
        ) -> Option<usize> {
            let (index, columns) = found.ok().filter(|(_, columns)| plain(columns))?;
            Some(
                (0..rows[index].cells.len())
                    .filter(|i| columns.column_at(*i).is_some())
                    .count(),
            )
        }
        match self {
            Kind::Entitlements => {
                let header = find_header(rows, None, &ColumnAnswers::new(answers)).ok()?;
                let width = rows[header.index].cells.len();
                Some(
                    (0..width)
                        .filter(|i| header.mapping.field_of(*i).is_some())
                        .count(),
                )
            }
            Kind::Prices => mapped(
                find_kind_header(rows, &PriceRow::NEEDS, &ColumnAnswers::new(answers)),
                rows,
                |columns| {
                    [P::PricePerRight, P::LineTotal, P::Period]
                        .into_iter()
                        .any(|column| columns.has(column))
                },
            ),
            // Their needs are already their own: a consumption; sockets, cores or vCPUs.
            Kind::Positions => mapped(
                find_kind_header(rows, &PositionRow::NEEDS, &ColumnAnswers::new(answers)),
                rows,
                |_| true,
            ),
            Kind::Inventory => mapped(
                find_kind_header(rows, &Machine::NEEDS, &ColumnAnswers::new(answers)),
                rows,
                |_| true,
            ),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind {0:?} (expected entitlements, prices, positions or inventory)")]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(text: &str) -> Result<Kind, UnknownKind> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.name() == text.trim().to_ascii_lowercase())
            .ok_or_else(|| UnknownKind(text.into()))
    }
}

/// The kind a file's header plainly is: of the kinds whose header maps, the one that maps the
/// most of its columns, entitlements on a tie (a quote with quantities maps as both, and the
/// price list's own columns decide). `None` when no kind maps: the caller reads the file as
/// entitlements, whose error says what is missing.
pub fn detect_kind(file: &str, bytes: &[u8], options: &Options) -> Option<Kind> {
    let answers = &options.columns;
    let maps_any =
        |table: &crate::table::Table| Kind::ALL.iter().any(|k| k.maps(&table.rows, answers));
    let table = read_head_table(file, bytes, options, maps_any).ok()?;
    let mut best: Option<(usize, Kind)> = None;
    for kind in Kind::ALL {
        if let Some(mapped) = kind.coverage(&table.rows, answers)
            && best.is_none_or(|(most, _)| mapped > most)
        {
            best = Some((mapped, kind));
        }
    }
    best.map(|(_, kind)| kind)
}

/// A template cell: written as text, a number or a date (a real date in a spreadsheet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(&'static str),
    Number(Decimal),
    Date(NaiveDate),
    Empty,
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Text(text) => f.write_str(text),
            Cell::Number(number) => number.fmt(f),
            Cell::Date(date) => date.fmt(f),
            Cell::Empty => Ok(()),
        }
    }
}

/// A kind's canonical header and example rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub kind: Kind,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Template {
    /// The file name the template is offered under, without its extension.
    pub fn name(&self) -> String {
        format!("preflight-{}", self.kind)
    }

    /// The template as CSV, written as every export is (`export::write_csv`): UTF-8 with a BOM
    /// (so Excel reads accents), CRLF, text quoted, numbers bare.
    pub fn csv(&self) -> Vec<u8> {
        use crate::export::{Cell as Out, write_csv};
        let rows = self.rows.iter().map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Cell::Text(text) => Out::from(*text),
                    Cell::Number(number) => Out::Number(*number),
                    Cell::Date(date) => Out::Date(*date),
                    Cell::Empty => Out::Empty,
                })
                .collect()
        });
        write_csv(&self.header, rows.collect::<Vec<_>>())
    }
}

fn number(text: &str) -> Cell {
    Cell::Number(text.parse().unwrap_or_default())
}

fn date(year: i32, month: u32, day: u32) -> Cell {
    NaiveDate::from_ymd_opt(year, month, day).map_or(Cell::Empty, Cell::Date)
}

fn names<C: Column>() -> Vec<&'static str> {
    C::ALL.iter().map(|column| column.name()).collect()
}

/// Preflight's template of a kind. Example rows name products of the built-in catalogue.
pub fn template(kind: Kind) -> Template {
    use Cell::{Empty, Text};
    let (header, rows) = match kind {
        Kind::Entitlements => (
            // Country is the Licensing Statement's filter, not a field of a line of one's own;
            // Rights only checks the quantity times the pack size the template gives.
            Field::ALL
                .iter()
                .filter(|field| !matches!(field, Field::Country | Field::Rights))
                .map(|field| field.name())
                .collect(),
            vec![
                vec![
                    Text("Microsoft"),
                    Text("Windows Server"),
                    Text("Datacenter"),
                    Text("Per core"),
                    Text("Perpetual + SA"),
                    number("16"),
                    number("3"),
                    number("6155.00"),
                    Text("USD"),
                    date(2024, 3, 15),
                    date(2024, 4, 1),
                    date(2027, 3, 31),
                    Text("2022"),
                    Text("Contoso Ltd"),
                    Empty,
                    Text("WinSvrDCCore ALNG LSA MVL 16L"),
                    Text("CC-4100 Infrastructure"),
                    Text("EA 7654321"),
                    Text("EA"),
                    date(2025, 3, 31),
                    Text("Volume"),
                    Empty,
                    Text("PO-2024-0117"),
                ],
                vec![
                    Text("Microsoft"),
                    Text("SQL Server"),
                    Text("Enterprise"),
                    Text("Per core"),
                    Text("Perpetual"),
                    number("2"),
                    number("16"),
                    number("15123.00"),
                    Text("USD"),
                    date(2024, 3, 15),
                    Empty,
                    Empty,
                    Text("2022"),
                    Text("Contoso Ltd"),
                    number("8"),
                    Text("SQLSvrEntCore ALNG LSA MVL 2L"),
                    Text("CC-4200 Data platform"),
                    Text("EA 7654321"),
                    Text("EA"),
                    date(2025, 3, 31),
                    Text("Volume"),
                    Empty,
                    Text("PO-2024-0117"),
                ],
            ],
        ),
        Kind::Prices => (
            names::<PriceColumn>(),
            vec![
                vec![
                    Text("9EM-00652"),
                    Text("Microsoft"),
                    Text("Windows Server"),
                    Text("Datacenter"),
                    Text("Per core"),
                    number("16"),
                    Text("Perpetual"),
                    number("6155.00"),
                    Empty,
                    number("8"),
                    number("49240.00"),
                    Text("USD"),
                    Text("One-off"),
                    date(2026, 1, 1),
                    date(2026, 12, 31),
                    Text("Reseller quote Q-1234"),
                ],
                vec![
                    Text("7NQ-00302"),
                    Text("Microsoft"),
                    Text("SQL Server"),
                    Text("Standard"),
                    Text("Per core"),
                    number("2"),
                    Text("Subscription"),
                    Empty,
                    number("1470.00"),
                    Empty,
                    Empty,
                    Text("USD"),
                    Text("Annual"),
                    date(2026, 1, 1),
                    date(2026, 12, 31),
                    Text("CSP price list 2026"),
                ],
            ],
        ),
        Kind::Positions => (
            names::<PositionColumn>(),
            vec![
                vec![
                    Text("Microsoft"),
                    Text("Windows Server"),
                    Text("Datacenter"),
                    Text("Per core"),
                    number("48"),
                    number("64"),
                    number("-16"),
                    Text("Contoso Ltd"),
                ],
                vec![
                    Text("Microsoft"),
                    Text("SQL Server"),
                    Text("Enterprise"),
                    Text("Per core"),
                    number("32"),
                    number("24"),
                    number("8"),
                    Text("Contoso Ltd"),
                ],
            ],
        ),
        Kind::Inventory => (
            names::<InventoryColumn>(),
            vec![
                host("esx-prod-01", "PROD-A"),
                host("esx-prod-02", "PROD-A"),
                vec![
                    Text("sql-01"),
                    Text("VM"),
                    Empty,
                    Empty,
                    Empty,
                    Empty,
                    Empty,
                    number("8"),
                    Text("PROD-A"),
                    Empty,
                ],
                vec![
                    Text("app-01"),
                    Text("VM"),
                    Empty,
                    Empty,
                    Empty,
                    Empty,
                    Empty,
                    number("4"),
                    Empty,
                    Text("esx-prod-02"),
                ],
            ],
        ),
    };
    Template { kind, header, rows }
}

fn host(name: &'static str, cluster: &'static str) -> Vec<Cell> {
    use Cell::Text;
    vec![
        Text(name),
        Text("Host"),
        number("2"),
        number("16"),
        number("32"),
        Text("Intel Xeon Gold 6338"),
        number("2"),
        Cell::Empty,
        Text(cluster),
        Cell::Empty,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_row_is_as_wide_as_its_header() {
        for kind in Kind::ALL {
            let template = template(kind);
            for row in &template.rows {
                assert_eq!(row.len(), template.header.len(), "{kind}");
            }
        }
    }

    #[test]
    fn kinds_are_named_as_the_command_line_writes_them() {
        for kind in Kind::ALL {
            assert_eq!(kind.to_string().parse::<Kind>(), Ok(kind));
        }
        assert!("licences".parse::<Kind>().is_err());
    }
}
