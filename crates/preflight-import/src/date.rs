//! Dates in a column: ISO, day-first or month-first (decided from the whole column, never per
//! row), and Excel serial numbers in the 1900 or 1904 date system.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a spreadsheet counts days. Text files exported by Excel use the 1900 system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateSystem {
    /// Day 1 is 1900-01-01, and day 60 is the 29 February 1900 that never was (Lotus's bug,
    /// which Excel keeps).
    #[default]
    Excel1900,
    /// Day 0 is 1904-01-01 (old Mac workbooks).
    Excel1904,
}

/// The order of day and month in dates like 03/04/2026.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

/// The largest serial Excel shows as a date (9999-12-31 in the 1900 system).
const MAX_SERIAL: u32 = 2_958_465;

/// An Excel serial number as a date; the time of day (the fraction) is dropped.
pub fn from_serial(serial: u32, system: DateSystem) -> Option<NaiveDate> {
    let (epoch, days) = match system {
        DateSystem::Excel1900 if serial == 0 || serial == 60 || serial > MAX_SERIAL => {
            return None;
        }
        DateSystem::Excel1900 if serial < 60 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, serial),
        DateSystem::Excel1900 => (NaiveDate::from_ymd_opt(1899, 12, 30)?, serial),
        DateSystem::Excel1904 if serial > MAX_SERIAL - 1462 => return None,
        DateSystem::Excel1904 => (NaiveDate::from_ymd_opt(1904, 1, 1)?, serial),
    };
    epoch.checked_add_days(Days::new(u64::from(days)))
}

/// What one cell's text looks like as a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Year first: unambiguous.
    Iso(NaiveDate),
    /// a/b/yyyy (or with dots or dashes): day-first or month-first.
    Numeric {
        a: u32,
        b: u32,
        year: i32,
    },
    /// A number: an Excel serial.
    Serial(u32),
    Invalid,
}

fn shape(text: &str) -> Shape {
    let trimmed = crate::table::trim(text);
    // A time after the date ("2026-11-28 00:00:00", "2026-11-28T00:00") is dropped.
    let end = trimmed
        .bytes()
        .position(|b| b == b' ' || b == b'T')
        .unwrap_or(trimmed.len());
    // Three numbers of one to four digits between '-', '/' or '.': read byte by byte, as this
    // runs for every date cell of a file twice (the column's decision, then each row).
    let mut parts = [(0u32, 0usize); 3];
    let mut count = 0;
    let (mut value, mut digits) = (0u32, 0usize);
    let mut numbers = true;
    for &byte in trimmed.as_bytes()[..end]
        .iter()
        .chain(std::iter::once(&b'-'))
    {
        match byte {
            b'0'..=b'9' => {
                digits += 1;
                if digits <= 4 {
                    value = value * 10 + u32::from(byte - b'0');
                }
            }
            b'-' | b'/' | b'.' => {
                if count < 3 {
                    parts[count] = (value, digits);
                }
                count += 1;
                (value, digits) = (0, 0);
            }
            _ => {
                numbers = false;
                break;
            }
        }
    }
    if numbers && count == 3 && parts.iter().all(|&(_, d)| (1..=4).contains(&d)) {
        let [(x, first), (y, _), (z, third)] = parts;
        if first == 4 {
            return NaiveDate::from_ymd_opt(x as i32, y, z).map_or(Shape::Invalid, Shape::Iso);
        }
        if third == 4 {
            return Shape::Numeric {
                a: x,
                b: y,
                year: z as i32,
            };
        }
        return Shape::Invalid;
    }
    // A serial: digits with an optional fraction (Excel's date-time), nothing else.
    let whole = trimmed.split_once('.').map_or(trimmed, |(w, _)| w);
    if !whole.is_empty() && whole.len() <= 7 && whole.bytes().all(|b| b.is_ascii_digit()) {
        return whole.parse().map_or(Shape::Invalid, Shape::Serial);
    }
    Shape::Invalid
}

/// Four digits then "-" or "/": the shape is an ISO date or none, so the cell says nothing of
/// the order (every date cell of a file is added; most are ISO).
fn iso_like(cell: &str) -> bool {
    let text = crate::table::trim(cell).as_bytes();
    text.len() > 4 && text[..4].iter().all(u8::is_ascii_digit) && matches!(text[4], b'-' | b'/')
}

fn numeric(a: u32, b: u32, year: i32, order: DateOrder) -> Option<NaiveDate> {
    match order {
        DateOrder::DayFirst => NaiveDate::from_ymd_opt(year, b, a),
        DateOrder::MonthFirst => NaiveDate::from_ymd_opt(year, a, b),
    }
}

/// How one column's dates are read, decided once from all its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateColumn {
    order: Result<Option<DateOrder>, String>,
    system: DateSystem,
}

/// The decision for a column, with what to tell the user about it.
pub struct Decision {
    pub column: DateColumn,
    /// A note for the whole column: the order chosen and why, serials read, or why its
    /// day-first/month-first dates cannot be read.
    pub note: Option<String>,
}

impl DateColumn {
    /// Decides a column's date order from all its cells: `given` wins; else a cell with a first
    /// part over 12 makes it day-first, one with a second part over 12 month-first. When every
    /// such date reads both ways and some differ, the column is ambiguous and those dates are
    /// not read.
    pub fn decide<'a>(
        cells: impl IntoIterator<Item = &'a str>,
        given: Option<DateOrder>,
        system: DateSystem,
    ) -> Decision {
        let mut evidence = DateEvidence::default();
        for cell in cells {
            evidence.add(cell);
        }
        evidence.decide(given, system)
    }

    /// How dates are read before any cell is seen: in the `given` order, else as a column whose
    /// numeric dates all have day and month equal. [`DateColumn::decide`] gives this same column
    /// for every file without a numeric date whose day and month differ, so a reader that
    /// reads rows as it meets their dates need read them again only for such a file.
    pub fn assumed(given: Option<DateOrder>, system: DateSystem) -> DateColumn {
        DateColumn {
            order: Ok(given),
            system,
        }
    }
}

/// What a column's cells say about its date order, gathered cell by cell.
#[derive(Clone, Debug)]
pub struct DateEvidence {
    day_first: bool,
    month_first: bool,
    differs: Option<String>,
    evidence: Option<String>,
    serials: usize,
}

impl Default for DateEvidence {
    fn default() -> DateEvidence {
        DateEvidence {
            day_first: true,
            month_first: true,
            differs: None,
            evidence: None,
            serials: 0,
        }
    }
}

impl DateEvidence {
    /// One more cell of the column.
    pub fn add(&mut self, cell: &str) {
        if iso_like(cell) {
            return;
        }
        match shape(cell) {
            Shape::Numeric { a, b, year } => {
                let as_day_first = numeric(a, b, year, DateOrder::DayFirst).is_some();
                let as_month_first = numeric(a, b, year, DateOrder::MonthFirst).is_some();
                if as_day_first != as_month_first && self.evidence.is_none() {
                    self.evidence = Some(cell.trim().to_string());
                }
                self.day_first &= as_day_first;
                self.month_first &= as_month_first;
                if a != b && self.differs.is_none() {
                    self.differs = Some(cell.trim().to_string());
                }
            }
            Shape::Serial(_) => self.serials += 1,
            Shape::Iso(_) | Shape::Invalid => {}
        }
    }

    /// The decision from every cell added: see [`DateColumn::decide`].
    pub fn decide(self, given: Option<DateOrder>, system: DateSystem) -> Decision {
        let DateEvidence {
            day_first,
            month_first,
            differs,
            evidence,
            serials,
        } = self;
        let serial_note = (serials > 0).then(|| {
            let system = match system {
                DateSystem::Excel1900 => "1900",
                DateSystem::Excel1904 => "1904",
            };
            format!("{serials} number(s) read as Excel serial dates ({system} date system)")
        });
        let (order, order_note) = match (given, differs) {
            (Some(order), _) => (Ok(Some(order)), None),
            (None, None) => (Ok(None), None),
            (None, Some(example)) => match (day_first, month_first) {
                (true, false) => (
                    Ok(Some(DateOrder::DayFirst)),
                    Some(format!(
                        "dates read day-first: {:?} cannot be month-first",
                        evidence.unwrap_or_default()
                    )),
                ),
                (false, true) => (
                    Ok(Some(DateOrder::MonthFirst)),
                    Some(format!(
                        "dates read month-first: {:?} cannot be day-first",
                        evidence.unwrap_or_default()
                    )),
                ),
                (true, true) => {
                    let reason = format!(
                        "every date reads both day-first and month-first (such as {example:?}), \
                         so these dates are not read: choose the date order, or write them as \
                         2026-04-03"
                    );
                    (Err(reason.clone()), Some(reason))
                }
                (false, false) => {
                    let reason = "the column mixes day-first and month-first dates, so these \
                                  dates are not read: write them as 2026-04-03"
                        .to_string();
                    (Err(reason.clone()), Some(reason))
                }
            },
        };
        let note = match (order_note, serial_note) {
            (Some(a), Some(b)) => Some(format!("{a}; {b}")),
            (a, b) => a.or(b),
        };
        Decision {
            column: DateColumn { order, system },
            note,
        }
    }
}

impl DateColumn {
    /// One cell, read as the column's decision says.
    pub fn parse(&self, text: &str) -> Result<NaiveDate, String> {
        let text = crate::table::trim(text);
        match shape(text) {
            Shape::Iso(date) => Ok(date),
            Shape::Serial(serial) => from_serial(serial, self.system)
                .ok_or_else(|| format!("{text:?} is not a date (as an Excel serial number)")),
            Shape::Numeric { a, b, year } => match &self.order {
                Ok(Some(order)) => {
                    numeric(a, b, year, *order).ok_or_else(|| format!("{text:?} is not a date"))
                }
                // Day and month are equal: both orders read the same date.
                Ok(None) => numeric(a, b, year, DateOrder::DayFirst)
                    .ok_or_else(|| format!("{text:?} is not a date")),
                Err(reason) => Err(format!("{text:?}: {reason}")),
            },
            Shape::Invalid => Err(format!("{text:?} is not a date such as 2026-11-28")),
        }
    }
}

/// A single date, alone in its column (ISO, or a serial in the 1900 system).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    DateColumn {
        order: Ok(None),
        system: DateSystem::Excel1900,
    }
    .parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape as it was first written (splitting into a vector of parts): the byte reader
    /// must tell every text the same.
    fn shape_by_parts(text: &str) -> Shape {
        let date = text.trim().split([' ', 'T']).next().unwrap_or_default();
        let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
        let number = |part: &str| -> Option<u32> {
            (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        };
        if let [first, second, third] = parts.as_slice()
            && let (Some(x), Some(y), Some(z)) = (number(first), number(second), number(third))
        {
            if first.len() == 4 {
                return NaiveDate::from_ymd_opt(x as i32, y, z).map_or(Shape::Invalid, Shape::Iso);
            }
            if third.len() == 4 {
                return Shape::Numeric {
                    a: x,
                    b: y,
                    year: z as i32,
                };
            }
            return Shape::Invalid;
        }
        let whole = text.trim().split_once('.').map_or(text.trim(), |(w, _)| w);
        if !whole.is_empty() && whole.len() <= 7 && whole.bytes().all(|b| b.is_ascii_digit()) {
            return whole.parse().map_or(Shape::Invalid, Shape::Serial);
        }
        Shape::Invalid
    }

    #[test]
    fn the_byte_reader_tells_every_text_as_the_parts_reader_did() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: 5000,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &[5; 32]),
        );
        runner
            .run(&"[0-9./T :-]{0,14}|[0-9é ]{0,9}", |text| {
                prop_assert_eq!(shape(&text), shape_by_parts(&text));
                // A cell the evidence skips is one whose shape gives it nothing.
                if iso_like(&text) {
                    prop_assert!(matches!(shape(&text), Shape::Iso(_) | Shape::Invalid));
                }
                Ok(())
            })
            .unwrap();
        for text in [
            "2026-11-28",
            "28/11/2026",
            "11.28.2026 10:00",
            "45000.5",
            "",
            " 2026-02-30 ",
        ] {
            assert_eq!(shape(text), shape_by_parts(text), "{text:?}");
        }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn excel_serials_in_both_date_systems() {
        // Excel's own worked values: 1 = 1900-01-01, 59 = 1900-02-28, 61 = 1900-03-01,
        // 45000 = 2023-03-15; in the 1904 system 0 = 1904-01-01 and 43538 = 2023-03-15.
        let cases = [
            (1, DateSystem::Excel1900, Some("1900-01-01")),
            (59, DateSystem::Excel1900, Some("1900-02-28")),
            (60, DateSystem::Excel1900, None),
            (61, DateSystem::Excel1900, Some("1900-03-01")),
            (45000, DateSystem::Excel1900, Some("2023-03-15")),
            (2_958_465, DateSystem::Excel1900, Some("9999-12-31")),
            (2_958_466, DateSystem::Excel1900, None),
            (0, DateSystem::Excel1904, Some("1904-01-01")),
            (43538, DateSystem::Excel1904, Some("2023-03-15")),
        ];
        for (serial, system, expect) in cases {
            assert_eq!(from_serial(serial, system), expect.map(date), "{serial}");
        }
    }

    fn decide(cells: &[&str], given: Option<DateOrder>) -> Decision {
        DateColumn::decide(cells.iter().copied(), given, DateSystem::Excel1900)
    }

    #[test]
    fn the_order_is_decided_by_the_whole_column_and_reported() {
        let day_first = decide(&["03/04/2026", "13/04/2026", ""], None);
        assert_eq!(day_first.column.parse("03/04/2026"), Ok(date("2026-04-03")));
        assert_eq!(
            day_first.note.as_deref(),
            Some("dates read day-first: \"13/04/2026\" cannot be month-first")
        );
        let month_first = decide(&["03/04/2026", "04/13/2026"], None);
        assert_eq!(
            month_first.column.parse("03/04/2026"),
            Ok(date("2026-03-04"))
        );
        // Dots, as German exports write them, are decided the same way.
        let dots = decide(&["31.12.2026"], None);
        assert_eq!(dots.column.parse("01.02.2026"), Ok(date("2026-02-01")));
    }

    #[test]
    fn an_ambiguous_or_mixed_column_reads_no_such_date_unless_the_order_is_given() {
        let ambiguous = decide(&["03/04/2026", "05/06/2026", "2026-01-31"], None);
        assert!(ambiguous.column.parse("03/04/2026").is_err());
        assert_eq!(ambiguous.column.parse("2026-01-31"), Ok(date("2026-01-31")));
        assert!(
            ambiguous
                .note
                .unwrap()
                .contains("both day-first and month-first")
        );
        let mixed = decide(&["13/04/2026", "04/13/2026"], None);
        assert!(mixed.column.parse("13/04/2026").is_err());
        let given = decide(&["03/04/2026"], Some(DateOrder::MonthFirst));
        assert_eq!(given.column.parse("03/04/2026"), Ok(date("2026-03-04")));
        // Day equal to month reads the same either way.
        let same = decide(&["01/01/2026"], None);
        assert_eq!(same.column.parse("01/01/2026"), Ok(date("2026-01-01")));
    }

    #[test]
    fn iso_times_and_serials_in_a_date_column() {
        let column = decide(&["45000", "2026-11-28 00:00:00"], None);
        assert_eq!(column.column.parse("45000"), Ok(date("2023-03-15")));
        assert_eq!(column.column.parse("45000.75"), Ok(date("2023-03-15")));
        assert_eq!(
            column.column.parse("2026-11-28T00:00:00"),
            Ok(date("2026-11-28"))
        );
        assert_eq!(column.column.parse("2026/11/28"), Ok(date("2026-11-28")));
        assert!(column.note.unwrap().contains("Excel serial dates (1900"));
        for text in ["28/11/26", "tomorrow", "2026-02-30", "20261128"] {
            assert!(column.column.parse(text).is_err(), "{text}");
        }
    }
}
