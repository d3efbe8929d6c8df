//! The readers as they were before rows were streamed (issue 7), kept for the tests that hold
//! the streaming readers to them on generated files: the delimited text read whole into a
//! table of `String` cells, and the entitlement reader over that table (stage two after every
//! row was read). Test-only; verbatim but for their names.

use std::borrow::Cow;

use preflight_engine::EntitlementSource;
use preflight_engine::catalogue::Catalogue;
use preflight_engine::mapping::Matched;
use preflight_engine::text::normalise;

use crate::cells::{Cells, Context, Vocabulary};
use crate::csv_text::{decode, sniff, unclosed_quote};
use crate::date::DateColumn;
use crate::diagnostic::{Diagnostic, ImportError, Imported, Level};
use crate::entitlements::{
    Options, Shared, before_header, cell, extra_cells, file_notes, lines_before_header,
    missing_columns, no_rows, outcome, ragged, resolve, unread_columns,
};
use crate::header::{ColumnAnswers, Field, Header, find_header};
use crate::limits;
use crate::matching::{Matcher, NOT_RELEVANT};
use crate::preset::Preset;
use crate::records::formula_cells;
use crate::report::{Format, MappedColumn, Report, RowCounts, RowOutcome, RowState};
use crate::table::{Row, Table, is_total};

pub(super) fn csv_table(file: &str, bytes: &[u8]) -> Result<Table, ImportError> {
    let (text, encoding, encoding_note) = decode(bytes);
    if text.trim().is_empty() {
        return Err(ImportError::Empty { file: file.into() });
    }
    // Old Mac files end lines with CR alone; the reader's line count follows LF.
    let text = if text.contains('\r') && !text.contains('\n') {
        Cow::Owned(text.replace('\r', "\n"))
    } else {
        text
    };
    let mut lines_skipped = 0;
    let mut body: &str = &text;
    let mut delimiter = None;
    let first_line = body.lines().next().unwrap_or_default();
    if let Some(sep) = first_line.trim().strip_prefix("sep=")
        && let [byte] = sep.as_bytes()
    {
        delimiter = Some(*byte);
        body = body.split_once('\n').map_or("", |(_, rest)| rest);
        lines_skipped = 1;
    }
    let delimiter = delimiter.unwrap_or_else(|| sniff(body));

    let mut table = Table {
        sheets: Vec::new(),
        format: Format::Text,
        encoding: Some(encoding.into()),
        delimiter: Some(char::from(delimiter)),
        ..Table::default()
    };
    if let Some(note) = encoding_note {
        table.notes.push((Level::Warning, note));
    }
    if let Some(at) = body.find('\0') {
        let line = lines_skipped + 1 + body[..at].matches('\n').count() as u32;
        table.notes.push((
            Level::Warning,
            format!(
                "line {line} holds a NUL character, which text files do not: the names around \
                 it may be garbled (a binary file, or another encoding?)"
            ),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(body.as_bytes());
    // The reader's own line count lags by one after CRLF: lines are counted here instead,
    // from where each record starts.
    let (mut counted_to, mut line) = (0usize, 1 + lines_skipped);
    let body_bytes = body.as_bytes();
    let mut wide = false;
    for record in reader.records() {
        let record = record.map_err(|error| ImportError::Malformed {
            file: file.into(),
            row: error.position().map_or(1, |p| p.line() as u32) + lines_skipped,
            message: error.to_string(),
        })?;
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(body_bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let start = start.min(body_bytes.len()).max(counted_to);
        line += body_bytes[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32;
        counted_to = start;
        if table.rows.len() == limits::MAX_ROWS {
            return Err(limits::too_many_rows(file));
        }
        if record.len() > limits::MAX_COLUMNS && !wide {
            wide = true;
            table.notes.push((Level::Warning, limits::beyond_columns()));
        }
        let cells = record.iter().take(limits::MAX_COLUMNS).map(String::from);
        table.rows.push(Row::new(line, cells.collect()));
    }
    if let Some(open) = unclosed_quote(body, delimiter) {
        let open = open + lines_skipped;
        let last = lines_skipped + body.lines().count() as u32;
        let lines = if last > open {
            format!("lines {open} to {last} were")
        } else {
            format!("line {open} was")
        };
        let message = format!(
            "a quote opened on line {open} is never closed, so {lines} read as one cell and not \
             imported: close the quote and import the file again"
        );
        if let Some(row) = table.rows.iter_mut().rev().find(|row| row.line <= open) {
            row.problem = Some(message);
        }
    }
    Ok(table)
}

pub(super) fn read_table(
    file: &str,
    sha256: String,
    table: &Table,
    options: &Options,
    catalogue: &Catalogue,
) -> Result<Imported<EntitlementSource>, ImportError> {
    if table.rows.iter().all(Row::is_blank) {
        return Err(ImportError::Empty { file: file.into() });
    }
    let Header {
        index: header_index,
        mapping,
        preset,
    } = find_header(
        &table.rows,
        options.preset,
        &ColumnAnswers::new(&options.columns),
    )
    .map_err(|best| missing_columns(file, &table.rows[best.index], &best.mapping, best.preset))?;
    let header = &table.rows[header_index];
    let headers: Vec<String> = header.cells.iter().map(|c| c.trim().to_string()).collect();
    let data = &table.rows[header_index + 1..];

    let mut diagnostics: Vec<Diagnostic> = table
        .notes
        .iter()
        .map(|(level, message)| table.diagnostic(file, *level, message.clone()))
        .collect();
    let mut outcomes = Vec::with_capacity(table.rows.len());
    let sheet = table.sheet.as_deref();
    let note = |level, message: String| table.diagnostic(file, level, message);

    outcomes.extend(table.rows[..header_index].iter().map(before_header));
    if header_index > 0 {
        diagnostics.push(note(
            Level::Warning,
            lines_before_header(header_index, header),
        ));
    }
    if data.is_empty() {
        diagnostics.push(note(Level::Warning, no_rows(header)));
    }
    let file_notes = file_notes(&mapping, preset);
    diagnostics.extend(file_notes.into_iter().map(|m| note(Level::Warning, m)));

    // Day-first or month-first is decided once for the file, from every date column together.
    let date_fields = [Field::Purchased, Field::Start, Field::End, Field::TrueUp];
    let date_cells = data.iter().flat_map(|row| {
        date_fields
            .iter()
            .filter_map(|field| mapping.column(*field))
            .filter_map(|index| row.cells.get(index).map(String::as_str))
    });
    let decision = DateColumn::decide(date_cells, options.date_order, table.date_system);
    if let Some(message) = decision.note {
        let level = if message.contains("not read") {
            Level::Error
        } else {
            Level::Warning
        };
        let columns: Vec<&str> = date_fields
            .iter()
            .filter_map(|field| mapping.column(*field).map(|i| headers[i].as_str()))
            .collect();
        diagnostics.push(note(level, format!("{}: {message}", columns.join(", "))));
    }
    let dates = decision.column;
    let context = Context {
        file,
        sheet,
        headers: &headers,
        mapping: &mapping,
        preset,
        dates: &dates,
    };

    let header_keys: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut unread = unread_columns(&headers, &mapping);
    if unread.len() > crate::limits::MAX_KEPT_COLUMNS {
        diagnostics.push(note(
            Level::Warning,
            format!(
                "{} columns are not read by any field: the first {} are kept with the lines, \
                 the rest from {:?} on are not kept",
                unread.len(),
                crate::limits::MAX_KEPT_COLUMNS,
                unread[crate::limits::MAX_KEPT_COLUMNS].1
            ),
        ));
        unread.truncate(crate::limits::MAX_KEPT_COLUMNS);
    }
    let mut rows = Vec::new();
    let mut countries_skipped = 0usize;
    for row in data {
        let skip = |reason: &str| Some(outcome(row, RowState::Skipped, reason.into()));
        let early = if let Some(problem) = &row.problem {
            diagnostics.push(Diagnostic {
                row: Some(row.line),
                ..note(Level::Error, problem.clone())
            });
            Some(outcome(row, RowState::Rejected, problem.as_str().into()))
        } else if row.is_blank() {
            skip("blank line")
        } else if row
            .cells
            .iter()
            .map(|c| normalise(c))
            .eq(header_keys.iter().cloned())
        {
            skip("repeats the header")
        } else if is_total(row) {
            diagnostics.push(Diagnostic {
                row: Some(row.line),
                ..note(Level::Warning, "a total line: skipped, not counted".into())
            });
            skip("total line")
        } else if preset == Some(Preset::MlsPivotData)
            && let Some(country) = mapping.column(Field::Country).map(|i| cell(row, i))
            && normalise(country) != "all countries"
        {
            countries_skipped += 1;
            skip(&format!(
                "country of usage {:?}: only \"All Countries\" rows count",
                country.trim()
            ))
        } else {
            None
        };
        if let Some(early) = early {
            outcomes.push(early);
            continue;
        }
        ragged(row, &headers, table.format, &mut diagnostics, &note);
        let mapped = |index| mapping.field_of(index).is_some();
        formula_cells(row, mapped, &headers, &mut diagnostics, note);
        // A vocabulary of its own for each row: every cell read afresh, as this reader did.
        let mut vocabulary = Vocabulary::default();
        let mut cells = Cells {
            context: &context,
            row,
            diagnostics: &mut diagnostics,
            vocabulary: &mut vocabulary,
            problem: None,
        };
        match cells.entitlement_row() {
            Some(parsed) => {
                outcomes.push(outcome(row, RowState::Accepted, "".into()));
                rows.push((outcomes.len() - 1, parsed, extra_cells(row, &unread)));
            }
            None => {
                let (state, reason) = cells.problem.take().expect("a row not read has a problem");
                outcomes.push(outcome(row, state, reason.into()));
            }
        }
    }
    if countries_skipped > 0 {
        diagnostics.push(note(
            Level::Warning,
            format!(
                "{countries_skipped} row(s) for single countries skipped: only \"All Countries\" \
                 rows count"
            ),
        ));
    }

    let mut source = EntitlementSource {
        file: file.into(),
        sha256,
        entitlements: Vec::new(),
        unmatched: Vec::new(),
    };
    let mut matcher = Matcher::new(catalogue, &options.mappings);
    for (index, row, extra) in rows {
        let matched = matcher.find(row.publisher, row.product, row.edition);
        let (state, reason) = match matched {
            Matched::NotRelevant => (RowState::Skipped, NOT_RELEVANT.into()),
            matched => match resolve(
                &file.into(),
                sheet,
                row,
                extra,
                matched,
                &mut Shared::default(),
                &mut source,
                &mut diagnostics,
            ) {
                Ok(reason) => (RowState::Accepted, reason),
                Err(reason) => (RowState::Rejected, reason.into()),
            },
        };
        outcomes[index] = RowOutcome {
            state,
            reason,
            ..outcomes[index].clone()
        };
    }
    // File-wide notes first, then by row, as the user reads the file.
    diagnostics.sort_by_key(|d| d.row);
    let report = Report {
        format: table.format,
        encoding: table.encoding.clone(),
        delimiter: table.delimiter,
        sheet: table.sheet.clone(),
        sheets: table.sheets.clone(),
        preset,
        header_row: header.line,
        mapping: headers
            .iter()
            .enumerate()
            .map(|(index, column)| MappedColumn {
                column: column.clone(),
                field: mapping.field_of(index).map(|f| f.name().to_string()),
            })
            .collect(),
        statement_date: None,
        rows: RowCounts::of(&outcomes),
        outcomes,
    };
    Ok(Imported {
        value: source,
        diagnostics,
        report,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    use preflight_engine::RulePack;
    use preflight_engine::digest::sha256_hex;

    use super::*;
    use crate::date::DateOrder;

    /// Headers of the generated files: Preflight's own, a ServiceNow export (the benchmark's),
    /// the MLS's Pivot Data (countries, SA quantity, metric from the product), and one that
    /// lacks a metric column.
    const LAYOUTS: [&[&str]; 4] = [
        &[
            "Publisher",
            "Product",
            "Edition",
            "Metric",
            "Licence type",
            "Quantity",
            "Rights per pack",
            "Unit price",
            "Currency",
            "Purchase date",
            "Start date",
            "End date",
            "Comments",
            "",
        ],
        &[
            "Number",
            "Publisher",
            "Software model",
            "Edition",
            "License metric",
            "License type",
            "Number of packs",
            "Rights per license pack",
            "Purchased rights",
            "Unit price",
            "Total cost",
            "Currency",
            "Purchased",
            "Start date",
            "End date",
            "Company",
            "PO number",
            "Cost center",
        ],
        &[
            "Product Pool",
            "License Product Family",
            "License Version",
            "Effective License Quantity",
            "Active SA Quantity",
            "Country of Usage",
        ],
        &["Product", "Quantity", "Notes"],
    ];

    /// The texts a cell under `header` is drawn from; any cell may also be drawn from `NOISE`.
    fn pool(header: &str) -> &'static [&'static str] {
        match header_key_of(header).as_str() {
            "publisher" => &["Microsoft", "Oracle", "Acme", ""],
            "product" | "software model" | "license product family" => &[
                "SQL Server",
                "Windows Server",
                "Oracle Database",
                "SQL Server Enterprise",
                "Coffee Machine",
                "Café Crème",
            ],
            "edition" => &["Enterprise", "Standard", "Datacenter", ""],
            "metric" | "license metric" => &["Per core", "Processor", "Per user", "Seats", ""],
            "license type" => &[
                "Perpetual",
                "Perpetual + SA",
                "Subscription",
                "SA only",
                "Lease",
            ],
            "quantity"
            | "number of packs"
            | "effective license quantity"
            | "active sa quantity" => &["4", "16", "1,234", "0", "-2", "2.5", "", "12 "],
            "rights per pack" | "rights per license pack" | "purchased rights" => {
                &["2", "16", "1", "0", "32"]
            }
            "unit price" | "total cost" => &[
                "1,234.50",
                "USD;99.00",
                "$5",
                "€ 3,00",
                "12",
                "-4",
                "1.234,56 EUR",
            ],
            "currency" => &["USD", "EUR", "", "XXX"],
            "purchase date" | "purchased" | "start date" | "end date" => &[
                "2024-01-15",
                "03/04/2026",
                "01/01/2025",
                "13/04/2026",
                "04/13/2026",
                "44000",
                "2026-02-30",
                "",
            ],
            "country of usage" => &["All Countries", "All Countries", "France"],
            "company" => &["Contoso, Ltd.", "Fabrikam GmbH"],
            _ => &["ENT0001", "x", "a \"quoted\" word", ""],
        }
    }

    fn header_key_of(header: &str) -> String {
        crate::header::header_key(header)
    }

    const NOISE: [&str; 8] = [
        "",
        "  ",
        "Total",
        "=SUM(A1:A9)",
        "two\nlines",
        "semi;colon, comma",
        "# comment",
        "Product",
    ];

    /// One generated file from the choices: the layout, the delimiter, the line end, title
    /// lines, a `sep=` line, the rows (each cell a pick from its column's pool or the noise,
    /// some rows shorter or longer than the header), whole rows blank, repeating the header
    /// or a total, and perhaps a quote never closed.
    #[allow(clippy::type_complexity)]
    fn file(
        (layout, delimiter, crlf, titles, sep, rows, unclosed): (
            usize,
            usize,
            bool,
            usize,
            bool,
            Vec<(u8, Vec<u8>)>,
            Option<(usize, usize)>,
        ),
    ) -> Vec<u8> {
        let headers = LAYOUTS[layout];
        let delimiter = [',', ';', '\t'][delimiter];
        let end = if crlf { "\r\n" } else { "\n" };
        let cell = |text: &str| {
            if text.contains([delimiter, '"', '\n', '\r']) {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text.to_string()
            }
        };
        let line = |cells: Vec<String>| cells.join(&delimiter.to_string()) + end;
        let mut out = String::new();
        if sep {
            out.push_str(&format!("sep={delimiter}{end}"));
        }
        for n in 0..titles {
            out.push_str(&format!("Licences as of today, part {n}{end}"));
        }
        out.push_str(&line(headers.iter().map(|h| cell(h)).collect()));
        for (index, (kind, picks)) in rows.iter().enumerate() {
            let cells: Vec<String> = match kind % 16 {
                0 => vec![String::new(); headers.len()],
                1 => headers.iter().map(|h| cell(h)).collect(),
                2 => vec!["Grand Total".into(), String::new(), "12".into()],
                _ => picks
                    .iter()
                    .enumerate()
                    .map(|(column, pick)| {
                        let pool = headers.get(column).map_or(&NOISE[..], |h| pool(h));
                        let pick = usize::from(*pick);
                        if pick < pool.len() * 4 {
                            cell(pool[pick % pool.len()])
                        } else {
                            cell(NOISE[pick % NOISE.len()])
                        }
                    })
                    .collect(),
            };
            let mut text = line(cells);
            // A quote opened on a row is closed by any quote after it: the last row's
            // (chosen when `row` is past the rows) is the one most often left open.
            if let Some((row, at)) = unclosed
                && (row == index || (row >= rows.len() && index + 1 == rows.len()))
            {
                let mut at = at.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let at = text[..at].rfind(delimiter).map_or(0, |d| d + 1);
                text.insert(at, '"');
            }
            out.push_str(&text);
        }
        out.into_bytes()
    }

    fn files() -> impl Strategy<Value = Vec<u8>> {
        (
            0..LAYOUTS.len(),
            0..3usize,
            any::<bool>(),
            0..3usize,
            any::<bool>(),
            prop::collection::vec((any::<u8>(), prop::collection::vec(0..48u8, 0..20)), 0..70),
            prop::option::weighted(0.3, (0..140usize, 0..40usize)),
        )
            .prop_map(file)
    }

    fn runner(cases: u32) -> TestRunner {
        TestRunner::new_with_rng(
            Config {
                cases,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
        )
    }

    /// Delimited text read record by record into a reused row gives the table it gave when
    /// read whole: the same rows, lines, cells, problems (a quote never closed) and notes.
    #[test]
    fn records_read_one_at_a_time_give_the_table_read_whole() {
        runner(600)
            .run(&files(), |bytes| {
                let old = csv_table("f.csv", &bytes).map(|mut table| {
                    limits::check_cells(&mut table);
                    table
                });
                prop_assert_eq!(crate::csv_text::read_table("f.csv", &bytes), old);
                Ok(())
            })
            .unwrap();
    }

    /// The splitter reads any text as the csv crate's reader did, quirks included: quotes in
    /// the middle of a field, text after a closing quote, `""`, CR, LF and CRLF, blank lines,
    /// a field or record left empty, a quote never closed, non-ASCII text (seeded, bounded).
    #[test]
    fn any_text_splits_as_the_csv_crate_split_it() {
        runner(20_000)
            .run(&"[ab\",;\t\r\n é]{0,40}", |text| {
                let old = csv_table("f.csv", text.as_bytes()).map(|mut table| {
                    limits::check_cells(&mut table);
                    table
                });
                prop_assert_eq!(crate::csv_text::read_table("f.csv", text.as_bytes()), old);
                Ok(())
            })
            .unwrap();
    }

    /// The entitlement reader over streamed rows (stage two as each row comes, the dates read
    /// again when they decide the order) gives what it gave over the whole table: records,
    /// unmatched lines, every diagnostic in its order, the report and every row's outcome.
    #[test]
    fn entitlements_read_from_streamed_rows_are_those_read_from_the_whole_table() {
        let pack = RulePack::builtin();
        let orders = [None, Some(DateOrder::DayFirst), Some(DateOrder::MonthFirst)];
        runner(600)
            .run(&(files(), 0..3usize), |(bytes, order)| {
                let options = Options {
                    date_order: orders[order],
                    ..Options::default()
                };
                let old = csv_table("f.csv", &bytes).and_then(|mut table| {
                    limits::check_cells(&mut table);
                    read_table(
                        "f.csv",
                        sha256_hex(&bytes),
                        &table,
                        &options,
                        &pack.catalogue,
                    )
                });
                let new = crate::read_entitlements("f.csv", &bytes, &options, &pack.catalogue);
                prop_assert_eq!(new, old);
                Ok(())
            })
            .unwrap();
    }
}
