//! Header mapping for the record kinds beyond entitlements (price lists, licence positions,
//! inventories): each kind's canonical columns with the spellings exports use, and the header
//! row found by them. Entitlements keep their own mapper with SAM presets (`header.rs`).

use std::fmt::Debug;

use crate::header::{ColumnAnswers, HEADER_SEARCH_ROWS, header_key};
use crate::table::Row;

/// A canonical column of one record kind.
pub trait Column: Copy + Eq + Debug + 'static {
    /// Every column, in the order of Preflight's template.
    const ALL: &'static [Self];

    /// The kind of file these are the columns of, as the user's column answers name it.
    const KIND: &'static str;

    /// The canonical header, as in Preflight's template.
    fn name(self) -> &'static str;

    /// Other spellings, normalised, with "licence" spelled "license".
    fn aliases(self) -> &'static [&'static str];

    /// The column a header names, if any.
    fn for_header(header: &str) -> Option<Self> {
        let key = header_key(header);
        Self::ALL.iter().copied().find(|column| {
            header_key(column.name()) == key || column.aliases().contains(&key.as_str())
        })
    }
}

/// What a header row must map to be taken as the header: every column of `all`, and at least
/// one of each group in `any_of` (a price as a pack price, a price per right or a line total).
pub struct Needs<C: 'static> {
    pub all: &'static [C],
    pub any_of: &'static [&'static [C]],
}

/// Which file column holds each canonical column; the first file column naming one wins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns<C> {
    columns: Vec<(C, usize)>,
}

impl<C: Column> Columns<C> {
    pub fn from_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> Columns<C> {
        Columns::answered(headers, &ColumnAnswers::default())
    }

    /// Maps headers by the user's answers first (a header they said holds a column, or is not
    /// read), then by the aliases: as entitlement files are (`header::Mapping::with_preset`).
    pub fn answered<'a>(
        headers: impl IntoIterator<Item = &'a str>,
        answers: &ColumnAnswers<C>,
    ) -> Columns<C> {
        let headers: Vec<&str> = headers.into_iter().collect();
        let mut columns: Vec<(C, usize)> = Vec::new();
        let push = |columns: &mut Vec<(C, usize)>, column: C, index: usize| {
            if !columns.iter().any(|(c, i)| *c == column || *i == index) {
                columns.push((column, index));
            }
        };
        for (index, header) in headers.iter().enumerate() {
            if let Some(Some(column)) = answers.get(header) {
                push(&mut columns, column, index);
            }
        }
        for (index, header) in headers.iter().enumerate() {
            if answers.get(header).is_some() {
                continue;
            }
            if let Some(column) = C::for_header(header) {
                push(&mut columns, column, index);
            }
        }
        columns.sort_by_key(|(_, index)| *index);
        Columns { columns }
    }

    pub fn index(&self, column: C) -> Option<usize> {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, index)| *index)
    }

    pub fn has(&self, column: C) -> bool {
        self.index(column).is_some()
    }

    /// The canonical column a file column was mapped to, if any.
    pub fn column_at(&self, index: usize) -> Option<C> {
        self.columns
            .iter()
            .find(|(_, i)| *i == index)
            .map(|(column, _)| *column)
    }

    /// What the header lacks, as a licence manager reads it: `"Product", "Price" or "Line total"`.
    pub fn missing(&self, needs: &Needs<C>) -> Vec<String> {
        let mut missing: Vec<String> = needs
            .all
            .iter()
            .filter(|column| !self.has(**column))
            .map(|column| format!("{:?}", column.name()))
            .collect();
        for group in needs.any_of {
            if !group.iter().any(|column| self.has(*column)) {
                let names: Vec<String> = group.iter().map(|c| format!("{:?}", c.name())).collect();
                missing.push(names.join(" or "));
            }
        }
        missing
    }

    fn len(&self) -> usize {
        self.columns.len()
    }
}

/// The header row: the first of the first rows that maps what `needs` asks. Without one, `Err`
/// with the row that maps the most columns, to say what is missing.
pub fn find_header<C: Column>(
    rows: &[Row],
    needs: &Needs<C>,
    answers: &ColumnAnswers<C>,
) -> Result<(usize, Columns<C>), (usize, Columns<C>)> {
    let mut best: Option<(usize, Columns<C>)> = None;
    for (index, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let columns = Columns::answered(row.cells.iter().map(String::as_str), answers);
        if columns.missing(needs).is_empty() {
            return Ok((index, columns));
        }
        if best.as_ref().is_none_or(|(_, b)| columns.len() > b.len()) {
            best = Some((index, columns));
        }
    }
    Err(best.unwrap_or((0, Columns { columns: vec![] })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Test {
        Name,
        Price,
        Total,
    }

    impl Column for Test {
        const ALL: &'static [Test] = &[Test::Name, Test::Price, Test::Total];
        const KIND: &'static str = "test";
        fn name(self) -> &'static str {
            match self {
                Test::Name => "Name",
                Test::Price => "Price",
                Test::Total => "Line total",
            }
        }
        fn aliases(self) -> &'static [&'static str] {
            match self {
                Test::Name => &["server"],
                Test::Price => &["unit price"],
                Test::Total => &[],
            }
        }
    }

    const NEEDS: Needs<Test> = Needs {
        all: &[Test::Name],
        any_of: &[&[Test::Price, Test::Total]],
    };

    fn row(line: u32, cells: &[&str]) -> Row {
        Row::new(line, cells.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn the_header_is_the_first_row_mapping_every_need_and_one_of_each_group() {
        let rows = [
            row(1, &["Server list"]),
            row(2, &["SERVER", "Line_Total", "Server"]),
        ];
        let (index, columns) = find_header(&rows, &NEEDS, &ColumnAnswers::default()).unwrap();
        assert_eq!(index, 1);
        assert_eq!(columns.index(Test::Name), Some(0));
        assert_eq!(columns.column_at(1), Some(Test::Total));
        assert_eq!(columns.column_at(2), None);
    }

    #[test]
    fn a_header_without_a_need_says_what_it_lacks() {
        let rows = [row(1, &["Name", "Notes"])];
        let (_, best) = find_header(&rows, &NEEDS, &ColumnAnswers::default()).unwrap_err();
        assert_eq!(best.missing(&NEEDS), ["\"Price\" or \"Line total\""]);
    }

    #[test]
    fn answers_for_this_kind_name_a_column_or_leave_a_header_unread() {
        use preflight_engine::mapping::ColumnAnswer;
        let answer = |header: &str, field: Option<&str>, kind: Option<&str>| ColumnAnswer {
            header: header.into(),
            field: field.map(String::from),
            kind: kind.map(String::from),
        };
        let answers = ColumnAnswers::<Test>::new(&[
            // "Amount" holds the price; "Server" (an alias of Name) is not read; an answer for
            // entitlement files (no kind) and an unknown column name are left out.
            answer("Amount", Some("Price"), Some("test")),
            answer("server", None, Some("test")),
            answer("Host", Some("Name"), None),
            answer("Label", Some("Colour"), Some("test")),
        ]);
        let rows = [row(1, &["Server", "Host", "Amount", "Name"])];
        let (_, columns) = find_header(&rows, &NEEDS, &answers).unwrap();
        assert_eq!(columns.column_at(0), None);
        assert_eq!(columns.column_at(1), None);
        assert_eq!(columns.column_at(2), Some(Test::Price));
        assert_eq!(columns.column_at(3), Some(Test::Name));
    }
}
