//! Exports: CSV that a spreadsheet opens safely. UTF-8 with a BOM (so Excel reads accents),
//! CRLF line ends, numbers written bare so they stay numbers, and every text cell neutralised
//! against formula injection as OWASP's "CSV Injection" page says: wrapped in double quotes,
//! its double quotes doubled, and a single quote put before it when it begins with a character
//! a spreadsheet starts a formula with. A file of several tables (the results) writes each after
//! a title line, separated by a blank line, through the same writer.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;
use preflight_engine::catalogue::Catalogue;
use preflight_engine::{
    Entitlement, Evaluation, KeptCell, Money, Severity, Spend, Totals, UnmatchedLine,
};
use rust_decimal::Decimal;

/// First characters that make a spreadsheet read a cell as a formula: =, +, -, @, tab, carriage
/// return and line feed (OWASP, CSV Injection), and NUL (OWASP ASVS 5.0, requirement 1.2.10).
pub const FORMULA_STARTS: [char; 8] = ['=', '+', '-', '@', '\t', '\r', '\n', '\0'];

/// One cell of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text from a user's file or the catalogue: neutralised and quoted.
    Text(String),
    /// An exact number this program computed: written bare, a number to the spreadsheet.
    Number(Decimal),
    Date(NaiveDate),
    Empty,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<u64> for Cell {
    fn from(number: u64) -> Cell {
        Cell::Number(Decimal::from(number))
    }
}

impl From<u32> for Cell {
    fn from(number: u32) -> Cell {
        Cell::Number(Decimal::from(number))
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Cell {
        value.map_or(Cell::Empty, Into::into)
    }
}

impl From<NaiveDate> for Cell {
    fn from(date: NaiveDate) -> Cell {
        Cell::Date(date)
    }
}

/// Text a spreadsheet will show as text: a single quote before it when it would begin a formula.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// One cell as CSV: text neutralised, quoted and its quotes doubled (so no delimiter, quote or
/// line end inside it can start another cell); numbers and dates bare.
fn write_cell(out: &mut String, cell: &Cell) {
    match cell {
        Cell::Text(text) => {
            out.push('"');
            out.push_str(&neutralise(text).replace('"', "\"\""));
            out.push('"');
        }
        Cell::Number(number) => out.push_str(&number.to_string()),
        Cell::Date(date) => out.push_str(&date.to_string()),
        Cell::Empty => {}
    }
}

/// A CSV file: the header, then the rows, as bytes to save.
pub fn write_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<Cell>>) -> Vec<u8> {
    write_rows(std::iter::once(text_row(header)).chain(rows))
}

/// A row of text cells: a header or a title.
pub fn text_row(texts: &[&str]) -> Vec<Cell> {
    texts.iter().map(|text| Cell::from(*text)).collect()
}

/// The one writer of every CSV: a BOM, then each row's cells (an empty row is a blank line).
pub fn write_rows(rows: impl IntoIterator<Item = Vec<Cell>>) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for row in rows {
        for (index, cell) in row.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            write_cell(&mut out, cell);
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// Entitlement lines and the lines that matched no product, one row each, as a licence manager
/// reads them back: product by name, rights counted, the file and row each came from, then the
/// columns of their files that no field read, as the files gave them (`ExtraColumns`).
pub fn entitlements_csv<'a>(
    entitlements: impl IntoIterator<Item = &'a Entitlement, IntoIter: Clone>,
    unmatched: impl IntoIterator<Item = &'a UnmatchedLine, IntoIter: Clone>,
    catalogue: &Catalogue,
) -> Vec<u8> {
    let (entitlements, unmatched) = (entitlements.into_iter(), unmatched.into_iter());
    let header = [
        "Product",
        "Metric",
        "Licence type",
        "Rights per pack",
        "Packs",
        "Rights",
        "Unit price",
        "Currency",
        "Purchase date",
        "Start date",
        "End date",
        "Version",
        "Legal entity",
        "SKU",
        "Cost centre",
        "Agreement",
        "Agreement type",
        "True-up date",
        "Channel",
        "OEM host",
        "PO number",
        "File",
        "Row",
    ];
    let extra = ExtraColumns::of(
        entitlements
            .clone()
            .map(|line| &line.extra[..])
            .chain(unmatched.clone().map(|line| &line.extra[..])),
        &header,
    );
    let header: Vec<&str> = header
        .iter()
        .copied()
        .chain(extra.names.iter().map(String::as_str))
        .collect();
    let fixed = header.len() - extra.names.len();
    let matched = entitlements.map(|line| {
        let name = catalogue
            .get(&line.product)
            .map_or(line.product.to_string(), |p| p.display_name());
        vec![
            Cell::Text(name),
            Cell::Text(line.metric.to_string()),
            Cell::Text(line.licence_type.to_string()),
            line.rights_per_pack.into(),
            line.packs.into(),
            line.rights().0.into(),
            line.unit_price.map(|p| Cell::Number(p.amount)).into(),
            line.unit_price
                .map(|p| Cell::Text(p.currency.to_string()))
                .into(),
            line.purchased.into(),
            line.start.into(),
            line.end.into(),
            line.version.as_deref().into(),
            line.legal_entity.as_deref().into(),
            line.sku.as_deref().into(),
            line.cost_centre.as_deref().into(),
            line.agreement.as_ref().map(|a| a.name.as_str()).into(),
            line.agreement
                .as_ref()
                .map(|a| Cell::Text(a.kind.to_string()))
                .into(),
            line.agreement.as_ref().and_then(|a| a.true_up).into(),
            line.channel.map(|c| Cell::Text(c.to_string())).into(),
            line.oem_host.as_deref().into(),
            line.purchase_order.as_deref().into(),
            line.source.file.as_ref().into(),
            line.source.row.into(),
        ]
        .into_iter()
        .chain(extra.cells(&line.extra))
        .collect::<Vec<_>>()
    });
    let others = unmatched.map(|line| {
        // The file's own words, untrimmed: only empty parts are left out.
        let parts = [&line.publisher, &line.product, &line.edition];
        let text: Vec<&str> = parts
            .iter()
            .map(|part| part.as_str())
            .filter(|part| !part.is_empty())
            .collect();
        let mut row = vec![Cell::Empty; fixed];
        row[0] = Cell::Text(text.join(" "));
        row[2] = Cell::from("matches no catalogue product");
        // As the file wrote it: the quantity was never read as a number.
        row[4] = Cell::Text(line.quantity.clone());
        row[fixed - 2] = line.source.file.as_ref().into();
        row[fixed - 1] = line.source.row.into();
        row.extend(extra.cells(&line.extra));
        row
    });
    write_csv(&header, matched.chain(others).collect::<Vec<_>>())
}

/// The columns of the lines' files that no field read, as the export writes them after its
/// own: one per name and occurrence on a line (a line with two cells of one name keeps both),
/// in an order every line agrees with (a column before another when a line has it so; lines of
/// one file always agree), else in the order first met. A name already taken (one of the
/// export's own columns, such as "File" when an earlier export is imported again, or an earlier
/// extra column) gets " (2)", " (3)", … so that no two columns of the export share a name.
struct ExtraColumns {
    /// Column of each (name, occurrence on its line).
    index: HashMap<(String, usize), usize>,
    names: Vec<String>,
}

impl ExtraColumns {
    fn of<'a>(lines: impl Iterator<Item = &'a [KeptCell]>, taken: &[&str]) -> Self {
        // Each (name, occurrence) by first meeting, and which must come before which.
        let mut keys: Vec<(String, usize)> = Vec::new();
        let mut ids: HashMap<(String, usize), usize> = HashMap::new();
        let mut before: std::collections::BTreeSet<(usize, usize)> = Default::default();
        let mut previous: &[KeptCell] = &[];
        for line in lines {
            // Lines of one file mostly name the same columns: nothing new to learn.
            if line
                .iter()
                .map(|(n, _)| n)
                .eq(previous.iter().map(|(n, _)| n))
            {
                continue;
            }
            previous = line;
            let line: Vec<usize> = occurrences(line)
                .map(|key| {
                    *ids.entry(key.clone()).or_insert_with(|| {
                        keys.push(key);
                        keys.len() - 1
                    })
                })
                .collect();
            before.extend(line.windows(2).map(|pair| (pair[0], pair[1])));
        }
        let order = agreeing_order(keys.len(), &before);
        let mut taken: std::collections::HashSet<String> =
            taken.iter().map(|name| name.to_lowercase()).collect();
        let mut columns = ExtraColumns {
            index: HashMap::new(),
            names: Vec::new(),
        };
        for id in order {
            let key = keys[id].clone();
            let mut name = key.0.clone();
            let mut n = 1;
            while !taken.insert(name.to_lowercase()) {
                n += 1;
                name = format!("{} ({n})", key.0);
            }
            columns.index.insert(key, columns.names.len());
            columns.names.push(name);
        }
        columns
    }

    /// A line's extra cells in the export's columns; columns the line lacks are empty.
    fn cells(&self, extra: &[KeptCell]) -> Vec<Cell> {
        let mut cells = vec![Cell::Empty; self.names.len()];
        for (key, (_, value)) in occurrences(extra).zip(extra) {
            cells[self.index[&key]] = Cell::Text(value.clone());
        }
        cells
    }
}

/// `0..count` in an order where `a` comes before `b` for every `(a, b)` of `before` (a
/// topological sort, the smallest ready first); where lines disagree (files with other column
/// orders), the smallest left is taken.
fn agreeing_order(count: usize, before: &std::collections::BTreeSet<(usize, usize)>) -> Vec<usize> {
    let mut waiting = vec![0usize; count];
    for &(_, b) in before {
        waiting[b] += 1;
    }
    let mut ready: std::collections::BTreeSet<usize> =
        (0..count).filter(|&id| waiting[id] == 0).collect();
    let mut left: std::collections::BTreeSet<usize> = (0..count).collect();
    let mut order = Vec::with_capacity(count);
    while let Some(&first) = left.first() {
        let next = ready.pop_first().unwrap_or(first);
        ready.remove(&next);
        left.remove(&next);
        order.push(next);
        for &(_, b) in before.range((next, 0)..(next + 1, 0)) {
            waiting[b] = waiting[b].saturating_sub(1);
            if waiting[b] == 0 && left.contains(&b) {
                ready.insert(b);
            }
        }
    }
    order
}

/// Each extra cell's (name, how many cells of that name came before it on the line).
fn occurrences(extra: &[KeptCell]) -> impl Iterator<Item = (String, usize)> + '_ {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    extra.iter().map(move |(name, _)| {
        let count = seen.entry(name).or_default();
        *count += 1;
        (name.to_string(), *count - 1)
    })
}

/// An evaluation's results as a licence manager reads them in a spreadsheet, one table after
/// another, each under its title: what the figures rest on; the licence position per product
/// before and after the project; the packs to buy, dated; the cost by fiscal year and its
/// lines; the findings; the files read. Money is the exact decimal, with its currency beside it.
pub fn results_csv(evaluation: &Evaluation, catalogue: &Catalogue) -> Vec<u8> {
    let name = |id: &preflight_engine::ProductId| {
        catalogue
            .get(id)
            .map_or_else(|| id.to_string(), |product| product.display_name())
    };
    let amount = |money: Option<Money>| -> Cell { money.map(|m| Cell::Number(m.amount)).into() };
    let currency =
        |money: Option<Money>| -> Cell { money.map(|m| Cell::Text(m.currency.to_string())).into() };
    let repro = &evaluation.reproduction;
    let mut rows = vec![
        text_row(&["Preflight results"]),
        vec!["As of".into(), evaluation.as_of.into()],
        vec!["Rule pack".into(), Cell::Text(evaluation.rule_pack.clone())],
        vec![
            "Preflight version".into(),
            Cell::Text(repro.tool_version.clone()),
        ],
    ];
    let mut table = |title: &str, header: &[&str], body: Vec<Vec<Cell>>| {
        rows.push(Vec::new());
        rows.push(text_row(&[title]));
        rows.push(text_row(header));
        rows.extend(body);
    };

    table(
        "Licence position",
        &[
            "Product",
            "Metric",
            "In use today",
            "Required by the project",
            "Entitled",
            "Shortfall before",
            "Surplus before",
            "Shortfall after",
            "Surplus after",
            "Shortfall the project adds",
            "Cost",
            "Currency",
        ],
        evaluation
            .positions
            .iter()
            .map(|position| {
                vec![
                    Cell::Text(name(&position.product)),
                    Cell::Text(position.metric.to_string()),
                    position.consumed.map(|c| c.0).into(),
                    position.required.0.into(),
                    position.entitled.0.into(),
                    position.before.shortfall.0.into(),
                    position.before.surplus.0.into(),
                    position.after.shortfall.0.into(),
                    position.after.surplus.0.into(),
                    position.shortfall.0.into(),
                    amount(position.cost),
                    currency(position.cost),
                ]
            })
            .collect(),
    );

    table(
        "To buy",
        &[
            "Product",
            "Needed from",
            "Pack size",
            "Packs",
            "Pack price",
            "Line total",
            "Currency",
        ],
        evaluation
            .positions
            .iter()
            .flat_map(|position| {
                position.purchases.iter().flat_map(move |purchase| {
                    purchase.lines.iter().map(move |line| {
                        vec![
                            Cell::Text(name(&position.product)),
                            purchase.on.into(),
                            line.pack_size.into(),
                            line.packs.into(),
                            amount(line.pack_price),
                            amount(line.total),
                            currency(line.pack_price.or(line.total)),
                        ]
                    })
                })
            })
            .collect(),
    );

    // A year whose amounts cannot be summed exactly gets no figure, never a sum missing a line.
    let years = match evaluation.budget.year_totals() {
        Ok(years) => years
            .iter()
            .flat_map(|year| {
                let of = |totals: &Totals, money: &Money| {
                    let found = totals
                        .amounts()
                        .iter()
                        .find(|m| m.currency == money.currency);
                    amount(found.copied())
                };
                // A year with nothing to pay still has its row, as on the page.
                let none = [
                    Cell::Text(year.label.clone()),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ];
                let nothing = year.total.is_empty().then(|| none.to_vec());
                nothing
                    .into_iter()
                    .chain(year.total.amounts().iter().map(move |money| {
                        vec![
                            Cell::Text(year.label.clone()),
                            of(&year.capex, money),
                            of(&year.opex, money),
                            Cell::Number(money.amount),
                            Cell::Text(money.currency.to_string()),
                        ]
                    }))
            })
            .collect(),
        Err(error) => vec![vec![Cell::Text(format!(
            "not summed: the amounts of a fiscal year are out of range ({error})"
        ))]],
    };
    table(
        "Cost by fiscal year",
        &[
            "Fiscal year",
            "One-off (capex)",
            "Recurring (opex)",
            "Total",
            "Currency",
        ],
        years,
    );

    table(
        "Cost lines",
        &[
            "Fiscal year",
            "Product",
            "Spend",
            "Item",
            "Amount",
            "Currency",
        ],
        evaluation
            .budget
            .lines
            .iter()
            .map(|line| {
                vec![
                    Cell::Text(line.fiscal_year.clone()),
                    Cell::Text(name(&line.product)),
                    Cell::from(match line.spend {
                        Spend::Capex => "one-off (capex)",
                        Spend::Opex => "recurring (opex)",
                    }),
                    Cell::Text(line.item.clone()),
                    Cell::Number(line.amount.amount),
                    Cell::Text(line.amount.currency.to_string()),
                ]
            })
            .collect(),
    );

    let mut findings: Vec<_> = evaluation.findings.iter().collect();
    findings.sort_by_key(|finding| finding.severity());
    table(
        "Findings",
        &["Severity", "Product", "Finding"],
        findings
            .into_iter()
            .map(|finding| {
                vec![
                    Cell::from(match finding.severity() {
                        Severity::High => "high",
                        Severity::Medium => "medium",
                        Severity::Info => "info",
                    }),
                    finding.product().map(|id| Cell::Text(name(id))).into(),
                    Cell::Text(finding.to_string()),
                ]
            })
            .collect(),
    );

    table(
        "Entitlement files",
        &["File", "SHA-256"],
        repro
            .sources
            .iter()
            .map(|source| {
                vec![
                    Cell::Text(source.file.clone()),
                    Cell::Text(source.sha256.clone()),
                ]
            })
            .collect(),
    );
    write_rows(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owasps_own_examples_are_escaped_as_it_shows() {
        // OWASP, CSV Injection: `=1+2";=1+2` becomes `"'=1+2"";=1+2"`, and
        // `=1+2'" ;,=1+2` becomes `"'=1+2'"" ;,=1+2"`.
        let cases = [
            ("=1+2\";=1+2", "\"'=1+2\"\";=1+2\""),
            ("=1+2'\" ;,=1+2", "\"'=1+2'\"\" ;,=1+2\""),
        ];
        for (input, escaped) in cases {
            let mut out = String::new();
            write_cell(&mut out, &Cell::from(input));
            assert_eq!(out, escaped);
        }
    }

    #[test]
    fn only_text_beginning_a_formula_gets_the_quote() {
        for text in ["=A1", "+1", "-1", "@SUM(A1)", "\tX", "\rX", "\nX", "\0X"] {
            assert_eq!(neutralise(text), format!("'{text}"), "{text:?}");
        }
        for text in ["SQL Server", "1+1", " =A1", "'quoted", "", "a=b"] {
            assert_eq!(neutralise(text), text, "{text:?}");
        }
    }
}
