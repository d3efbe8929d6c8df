//! Entitlement files from a table of cells: the header found, every row put in one state with
//! its reason, valid rows resolved to catalogue products (stage two) or kept as unmatched.

use preflight_engine::catalogue::{Catalogue, Product};
use preflight_engine::text::normalise;
use std::collections::HashSet;
use std::sync::Arc;

use preflight_engine::{
    Currency, Entitlement, EntitlementSource, KeptCell, LicenceType, SourceRef, UnmatchedLine,
};

use crate::cells::{Cells, Context, EntitlementRow, Vocabulary};
use crate::date::{DateColumn, DateEvidence, DateOrder};
use crate::diagnostic::{Diagnostic, ImportError, Imported, Level};
use crate::header::{ColumnAnswers, Field, Header, Mapping, find_header};
use crate::matching::{Matcher, NOT_RELEVANT, metric_of};
use crate::preset::Preset;
use crate::records::formula_cells;
use crate::report::{Format, MappedColumn, Report, RowCounts, RowOutcome, RowState};
use crate::table::{NoRows, Row, RowSource, Table, is_total, repeats_header};
use preflight_engine::mapping::{Matched, ProductMapping};

/// How to read a file: the sheet, the layout, the date order; `None` lets the reader decide
/// (the first sheet whose header maps; the layout from its labels; the order from the column).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub sheet: Option<String>,
    pub preset: Option<Preset>,
    pub date_order: Option<DateOrder>,
    /// The workbook's currency: what a price list's "$" or "kr", or a bare amount, is in when
    /// the file has no currency column. `None`: such prices are not read.
    pub currency: Option<Currency>,
    /// The user's answers for product texts the catalogue does not match, applied first.
    pub mappings: Vec<ProductMapping>,
    /// The user's answers for columns (the field a header holds, or not read), applied first.
    pub columns: Vec<preflight_engine::mapping::ColumnAnswer>,
    /// Who computes the file's SHA-256 (the records' `sha256`, their provenance).
    pub digest: Digest,
}

/// Who computes a file's SHA-256. The import worker hands it to the browser's
/// `crypto.subtle.digest`, which runs at native speed beside the parse, off the wasm's thread:
/// in wasm the Rust digest was a fifth of a CSV import (BENCHMARKS.md, branch `csv5`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Digest {
    /// The importer, with the Rust SHA-256: where there is no SubtleCrypto (the CLI, tests).
    #[default]
    Here,
    /// The caller, beside the import: the records' `sha256` is left empty, and the caller sets
    /// it (`protocol::Records::set_sha256`) before anyone reads it.
    Caller,
}

impl Digest {
    /// The hex SHA-256 of `bytes`, or empty when the caller computes it.
    pub fn of(self, bytes: &[u8]) -> String {
        match self {
            Digest::Here => preflight_engine::digest::sha256_hex(bytes),
            Digest::Caller => String::new(),
        }
    }
}

/// Reads the entitlements of a table. `Err` only when no header row maps the fields a row needs.
pub fn read_table(
    file: &str,
    sha256: String,
    table: &Table,
    options: &Options,
    catalogue: &Catalogue,
) -> Result<Imported<EntitlementSource>, ImportError> {
    let rows = table.rows.len();
    read_rows(file, sha256, table, || Ok(NoRows), rows, options, catalogue)
}

/// Reads the entitlements of `head` (the first rows, the header among them, and what the
/// reader knows of the file) followed by the rows of `rest()`: each row is read, checked and
/// resolved as it comes, so a large text file's cells are never all held at once. `rest()`
/// gives the rows after `head`'s from the first each time it is called: a file whose numeric
/// dates decide the date order (`DateColumn::assumed`) is read a second time under it.
/// `rows`: about how many rows there are, at least, so that the lines and outcomes are held
/// in vectors of that size, not in ones doubled as they fill (and copied at each doubling).
pub(crate) fn read_rows<S: RowSource>(
    file: &str,
    sha256: String,
    head: &Table,
    rest: impl Fn() -> Result<S, ImportError>,
    rows: usize,
    options: &Options,
    catalogue: &Catalogue,
) -> Result<Imported<EntitlementSource>, ImportError> {
    let found = find_header(
        &head.rows,
        options.preset,
        &ColumnAnswers::new(&options.columns),
    );
    // As for a whole table: a reader's error first, then a file of blank lines, then what
    // the header lacks.
    let all_blank = || -> Result<bool, ImportError> {
        let mut blank = head.rows.iter().all(Row::is_blank);
        let mut rows = rest()?;
        while let Some(row) = rows.next_row()? {
            blank &= row.is_blank();
        }
        Ok(blank)
    };
    let Header {
        index: header_index,
        mapping,
        preset,
    } = match found {
        Ok(header) if !head.rows.iter().all(Row::is_blank) => header,
        found => {
            if all_blank()? {
                return Err(ImportError::Empty { file: file.into() });
            }
            match found {
                Ok(header) => header,
                Err(best) => {
                    let row = head.rows.get(best.index).cloned().unwrap_or_default();
                    return Err(missing_columns(file, &row, &best.mapping, best.preset));
                }
            }
        }
    };
    let header = &head.rows[header_index];
    let headers: Vec<String> = header.cells.iter().map(|c| c.trim().to_string()).collect();
    let head_data = &head.rows[header_index + 1..];

    let mut diagnostics: Vec<Diagnostic> = head
        .notes
        .iter()
        .map(|(level, message)| head.diagnostic(file, *level, message.clone()))
        .collect();
    // Notes found while reading the rows go after the reader's own, as a whole table has them.
    let reader_notes_at = diagnostics.len();
    let mut outcomes = Vec::new();
    let sheet = head.sheet.as_deref();
    let note = |level, message: String| head.diagnostic(file, level, message);

    outcomes.extend(head.rows[..header_index].iter().map(before_header));
    let before_data = outcomes.len();
    if header_index > 0 {
        diagnostics.push(note(
            Level::Warning,
            lines_before_header(header_index, header),
        ));
    }
    let no_rows_at = diagnostics.len();
    let file_notes = file_notes(&mapping, preset);
    diagnostics.extend(file_notes.into_iter().map(|m| note(Level::Warning, m)));

    // Day-first or month-first is decided once for the file, from every date column together:
    // the rows are read under the order assumed until their dates say otherwise, then again.
    let date_fields = [Field::Purchased, Field::Start, Field::End, Field::TrueUp];
    let date_columns: Vec<usize> = date_fields
        .iter()
        .filter_map(|field| mapping.column(*field))
        .collect();
    let date_note_at = diagnostics.len();

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
    let after_file_notes = diagnostics.len();

    let mut source = EntitlementSource {
        file: file.into(),
        sha256,
        entitlements: Vec::new(),
        unmatched: Vec::new(),
    };
    source.entitlements.reserve(rows);
    outcomes.reserve(rows);
    let mut matcher = Matcher::new(catalogue, &options.mappings);
    let mut vocabulary = Vocabulary::default();
    let mut shared = Shared::default();
    // One copy of the file's name, shared by every line's source (`SourceRef::file`).
    let shared_file: Arc<str> = file.into();
    let mut dates = DateColumn::assumed(options.date_order, head.date_system);
    let (decision, any_data, reader_notes) = loop {
        outcomes.truncate(before_data);
        diagnostics.truncate(after_file_notes);
        source.entitlements.clear();
        source.unmatched.clear();
        let context = Context {
            file,
            sheet,
            headers: &headers,
            mapping: &mapping,
            preset,
            dates: &dates,
        };
        let mut evidence = DateEvidence::default();
        let mut any_data = false;
        let mut countries_skipped = 0usize;
        let mut head_rows = head_data.iter();
        let mut rest_rows = rest()?;
        loop {
            let row = match head_rows.next() {
                Some(row) => row,
                None => match rest_rows.next_row()? {
                    Some(row) => row,
                    None => break,
                },
            };
            any_data = true;
            for &index in &date_columns {
                if let Some(cell) = row.cells.get(index) {
                    evidence.add(cell);
                }
            }
            let early = early_outcome(row, &header_keys, &mut diagnostics, &note).or_else(|| {
                if preset == Some(Preset::MlsPivotData)
                    && let Some(country) = mapping.column(Field::Country).map(|i| cell(row, i))
                    && normalise(country) != "all countries"
                {
                    countries_skipped += 1;
                    let reason = format!(
                        "country of usage {:?}: only \"All Countries\" rows count",
                        country.trim()
                    );
                    Some(outcome(row, RowState::Skipped, reason.into()))
                } else {
                    None
                }
            });
            if let Some(early) = early {
                outcomes.push(early);
                continue;
            }
            ragged(row, &headers, head.format, &mut diagnostics, &note);
            let mapped = |index| mapping.field_of(index).is_some();
            formula_cells(row, mapped, &headers, &mut diagnostics, note);
            let mut cells = Cells {
                context: &context,
                row,
                diagnostics: &mut diagnostics,
                vocabulary: &mut vocabulary,
                problem: None,
            };
            let (state, reason) = match cells.entitlement_row() {
                // Stage two, as the row comes: its product matched (once per distinct text).
                Some(parsed) => {
                    let extra = extra_cells(row, &unread);
                    match matcher.find(parsed.publisher, parsed.product, parsed.edition) {
                        Matched::NotRelevant => (RowState::Skipped, shared.not_relevant()),
                        matched => match resolve(
                            &shared_file,
                            sheet,
                            parsed,
                            extra,
                            matched,
                            &mut shared,
                            &mut source,
                            &mut diagnostics,
                        ) {
                            Ok(reason) => (RowState::Accepted, reason),
                            Err(reason) => (RowState::Rejected, reason.into()),
                        },
                    }
                }
                None => {
                    let (state, reason) =
                        cells.problem.take().expect("a row not read has a problem");
                    (state, reason.into())
                }
            };
            outcomes.push(outcome(row, state, reason));
        }
        let reader_notes = rest_rows.take_notes();
        if countries_skipped > 0 {
            diagnostics.push(note(
                Level::Warning,
                format!(
                    "{countries_skipped} row(s) for single countries skipped: only \"All \
                     Countries\" rows count"
                ),
            ));
        }
        let decision = evidence.decide(options.date_order, head.date_system);
        if decision.column == dates {
            break (decision, any_data, reader_notes);
        }
        dates = decision.column;
    };
    if let Some(message) = decision.note {
        let level = if message.contains("not read") {
            Level::Error
        } else {
            Level::Warning
        };
        let columns: Vec<&str> = date_columns.iter().map(|&i| headers[i].as_str()).collect();
        let message = format!("{}: {message}", columns.join(", "));
        diagnostics.insert(date_note_at, note(level, message));
    }
    if !any_data {
        diagnostics.insert(no_rows_at, note(Level::Warning, no_rows(header)));
    }
    let reader_notes = reader_notes
        .into_iter()
        .filter(|(_, message)| !head.notes.iter().any(|(_, known)| known == message))
        .map(|(level, message)| note(level, message));
    diagnostics.splice(reader_notes_at..reader_notes_at, reader_notes);

    // File-wide notes first, then by row, as the user reads the file.
    diagnostics.sort_by_key(|d| d.row);
    let report = Report {
        format: head.format,
        encoding: head.encoding.clone(),
        delimiter: head.delimiter,
        sheet: head.sheet.clone(),
        sheets: head.sheets.clone(),
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

/// A row above the header: skipped as a blank, comment or title line.
pub(crate) fn before_header(row: &Row) -> RowOutcome {
    let reason = match row.first_text() {
        None => "blank line before the header",
        Some(text) if text.starts_with('#') || text.starts_with("//") => {
            "comment line before the header"
        }
        Some(_) => "title line before the header",
    };
    outcome(row, RowState::Skipped, reason.into())
}

/// The note for a header with nothing under it.
pub(crate) fn no_rows(header: &Row) -> String {
    format!(
        "the header on row {} has no rows under it: nothing to import",
        header.line
    )
}

pub(crate) fn lines_before_header(count: usize, header: &Row) -> String {
    format!(
        "{count} line(s) before the header on row {} skipped (titles, notes, blank lines)",
        header.line
    )
}

pub(crate) fn outcome(row: &Row, state: RowState, reason: Arc<str>) -> RowOutcome {
    RowOutcome {
        row: row.line,
        state,
        reason,
    }
}

/// The outcome of a row no reader needs to look into: one the text reader could not split
/// (rejected, with its problem), a blank line, the header repeated, or a total line (skipped,
/// a total with a warning). `None` for a row to read. Every kind of file asks this first.
pub(crate) fn early_outcome(
    row: &Row,
    header_keys: &[String],
    diagnostics: &mut Vec<Diagnostic>,
    note: &dyn Fn(Level, String) -> Diagnostic,
) -> Option<RowOutcome> {
    let skip = |reason: &str| Some(outcome(row, RowState::Skipped, reason.into()));
    if let Some(problem) = &row.problem {
        diagnostics.push(Diagnostic {
            row: Some(row.line),
            ..note(Level::Error, problem.clone())
        });
        Some(outcome(row, RowState::Rejected, problem.as_str().into()))
    } else if row.is_blank() {
        skip("blank line")
    } else if repeats_header(row, header_keys) {
        skip("repeats the header")
    } else if is_total(row) {
        diagnostics.push(Diagnostic {
            row: Some(row.line),
            ..note(Level::Warning, "a total line: skipped, not counted".into())
        });
        skip("total line")
    } else {
        None
    }
}

/// The columns no field reads, by index, each with the name its cells are kept under: the
/// header, or "Column N" when the header cell is blank; a name met again in the file gets
/// " (2)", " (3)", … so that a line's kept cells never share a name.
pub(crate) fn unread_columns(headers: &[String], mapping: &Mapping) -> Vec<(usize, Arc<str>)> {
    let mut taken = std::collections::HashSet::new();
    headers
        .iter()
        .enumerate()
        .filter(|(index, _)| mapping.field_of(*index).is_none())
        .map(|(index, header)| {
            let base = if header.is_empty() {
                format!("Column {}", index + 1)
            } else {
                header.clone()
            };
            let mut name = base.clone();
            let mut n = 1;
            while !taken.insert(name.to_lowercase()) {
                n += 1;
                name = format!("{base} ({n})");
            }
            (index, Arc::from(name))
        })
        .collect()
}

/// A row's cells under the columns no field reads, as the file wrote them; empty ones left out.
pub(crate) fn extra_cells(row: &Row, unread: &[(usize, Arc<str>)]) -> Vec<KeptCell> {
    let kept = |index: usize| {
        row.cells
            .get(index)
            .is_some_and(|v| !crate::table::trim(v).is_empty())
    };
    // Exactly as many as kept: collecting a filter would hold room for four on every line.
    let mut extra = Vec::with_capacity(unread.iter().filter(|(i, _)| kept(*i)).count());
    for (index, name) in unread {
        if kept(*index) {
            extra.push((name.clone(), row.cells[*index].clone()));
        }
    }
    extra
}

pub(crate) fn cell(row: &Row, index: usize) -> &str {
    row.cells.get(index).map_or("", String::as_str)
}

/// The best header candidate did not map a required field: say which, and what it has.
pub(crate) fn missing_columns(
    file: &str,
    row: &Row,
    mapping: &Mapping,
    preset: Option<Preset>,
) -> ImportError {
    let required = preset.map_or(&Field::REQUIRED[..], Preset::required);
    let shown: Vec<String> = row
        .cells
        .iter()
        .filter(|c| !c.trim().is_empty())
        .take(20)
        .map(|h| format!("{:?}", h.chars().take(60).collect::<String>()))
        .collect();
    ImportError::MissingColumns {
        headers: crate::diagnostic::header_cells(&row.cells, |index| {
            mapping.field_of(index).map(|f| f.name().to_string())
        }),
        file: file.into(),
        missing: mapping
            .missing(required)
            .iter()
            .map(|f| format!("{:?}", f.name()))
            .collect::<Vec<_>>()
            .join(", "),
        found: if shown.is_empty() {
            "no names".into()
        } else {
            shown.join(", ")
        },
    }
}

/// What the header leaves to assumption, said once for the file.
pub(crate) fn file_notes(mapping: &Mapping, preset: Option<Preset>) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(preset) = preset {
        notes.push(format!("read as the {preset} layout"));
    }
    if mapping.column(Field::Metric).is_none() {
        notes.push(if preset.is_some_and(Preset::metric_from_product) {
            "the file gives no metrics: each line takes its catalogue product's metric".into()
        } else {
            "no metric column: every row is incomplete until a metric is given".into()
        });
    }
    if mapping.column(Field::LicenceType).is_none() {
        notes.push(if mapping.column(Field::SaQuantity).is_some() {
            "no licence type column: lines are perpetual licences, with SA on the SA quantity"
                .into()
        } else {
            "no licence type column: every line is taken as a perpetual licence".into()
        });
    }
    if mapping.column(Field::RightsPerPack).is_none() {
        notes.push(
            "no rights-per-pack column: quantities count rights and unit prices are per right"
                .into(),
        );
    }
    notes
}

/// Cells beyond the header, or a text row shorter than it, are reported; short rows read as
/// empty. A spreadsheet never stores a row's empty cells at its end, so its short rows are not.
pub(crate) fn ragged(
    row: &Row,
    headers: &[String],
    format: Format,
    diagnostics: &mut Vec<Diagnostic>,
    note: &impl Fn(Level, String) -> Diagnostic,
) {
    let extra = row.cells.iter().skip(headers.len());
    let message = if extra.clone().any(|c| !c.trim().is_empty()) {
        format!(
            "the row has {} cells where the header has {}: the cells beyond it are not read",
            row.cells.len(),
            headers.len()
        )
    } else if row.cells.len() < headers.len() && format == Format::Text {
        format!(
            "the row has {} cells where the header has {}: the missing cells read as empty",
            row.cells.len(),
            headers.len()
        )
    } else {
        return;
    };
    diagnostics.push(Diagnostic {
        row: Some(row.line),
        ..note(Level::Warning, message)
    });
}

/// What many rows share, each made once per file: the reasons (an accepted row's is its
/// product's name, the same text for every line of that product) and the legal entities and
/// cost centres the lines keep (a file names a few, on every line).
#[derive(Default)]
pub(crate) struct Shared<'c> {
    names: Vec<(&'c str, Arc<str>)>,
    unmatched: Option<Arc<str>>,
    not_relevant: Option<Arc<str>>,
    texts: HashSet<Arc<str>>,
}

impl<'c> Shared<'c> {
    /// Distinct texts kept: a file with more gives the others a copy each, so that a file of
    /// texts all different (order numbers in the wrong column) holds no table of them.
    const TEXTS: usize = 1024;

    /// The one copy of `text` for the lines of the file.
    fn text(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.texts.get(text) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = text.into();
        if self.texts.len() < Self::TEXTS {
            self.texts.insert(Arc::clone(&shared));
        }
        shared
    }

    /// The display name of `product`, made on its first line.
    fn name(&mut self, product: &'c Product) -> Arc<str> {
        let id = product.id.0.as_str();
        if let Some((_, name)) = self.names.iter().find(|(seen, _)| *seen == id) {
            return Arc::clone(name);
        }
        let name: Arc<str> = product.display_name().into();
        self.names.push((id, Arc::clone(&name)));
        name
    }

    fn unmatched(&mut self) -> Arc<str> {
        Arc::clone(
            self.unmatched
                .get_or_insert_with(|| "matches no catalogue product: kept, not counted".into()),
        )
    }

    pub(crate) fn not_relevant(&mut self) -> Arc<str> {
        Arc::clone(self.not_relevant.get_or_insert_with(|| NOT_RELEVANT.into()))
    }
}

/// Stage two: a row becomes entitlements of a catalogue product, or an unmatched line. The
/// reason says what became of it; `Err` when the row contradicts its product.
#[allow(clippy::too_many_arguments)]
pub(crate) fn resolve<'c>(
    file: &Arc<str>,
    sheet: Option<&str>,
    row: EntitlementRow<'_>,
    extra: Vec<KeptCell>,
    matched: Matched<'c>,
    shared: &mut Shared<'c>,
    source: &mut EntitlementSource,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Arc<str>, String> {
    let source_ref = SourceRef {
        file: Arc::clone(file),
        row: row.row,
    };
    let mut report = |level, message: String| {
        diagnostics.push(Diagnostic {
            level,
            file: file.to_string(),
            sheet: sheet.map(String::from),
            row: Some(row.row),
            column: None,
            message,
        })
    };
    let Matched::Product { product, .. } = matched else {
        source.unmatched.push(UnmatchedLine {
            publisher: row.publisher.to_string(),
            product: row.product.to_string(),
            edition: row.edition.to_string(),
            quantity: row.quantity_text.to_string(),
            extra,
            source: source_ref,
        });
        return Ok(shared.unmatched());
    };
    let metric = match metric_of(product, row.metric) {
        Ok(metric) => metric,
        Err(message) => {
            report(Level::Error, message.clone());
            return Err(message);
        }
    };
    let line = Entitlement {
        product: product.id.clone(),
        metric,
        licence_type: row.licence_type,
        rights_per_pack: row.rights_per_pack,
        packs: row.packs,
        unit_price: row.unit_price,
        purchased: row.purchased,
        start: row.start,
        end: row.end,
        version: row.version.map(str::to_string),
        legal_entity: row.legal_entity.map(|text| shared.text(text)),
        unlimited: false,
        cost_centre: row.cost_centre.map(|text| shared.text(text)),
        agreement: row.agreement,
        channel: row.channel,
        oem_host: row.oem_host.map(str::to_string),
        sku: row.sku.map(str::to_string),
        purchase_order: row.purchase_order.map(str::to_string),
        extra,
        source: source_ref,
    };
    // An SA quantity splits a perpetual line in two: the packs with SA and those without, so
    // each keeps its own SA status (an SA-only line could cover another row's licences).
    let Some(sa_packs) = row.sa_packs.filter(|&sa| sa > 0) else {
        source.entitlements.push(line);
        return Ok(shared.name(product));
    };
    if line.licence_type != LicenceType::Perpetual {
        let message = format!(
            "an SA quantity on a {} line is not used: the licence type already says",
            line.licence_type
        );
        report(Level::Warning, message);
        source.entitlements.push(line);
        return Ok(shared.name(product));
    }
    let covered = if sa_packs > line.packs {
        report(
            Level::Warning,
            format!(
                "the SA quantity {sa_packs} is more than the quantity {}: SA taken on all of it",
                line.packs
            ),
        );
        line.packs
    } else {
        sa_packs
    };
    let plain = Entitlement {
        packs: line.packs - covered,
        start: None,
        end: None,
        ..line.clone()
    };
    source.entitlements.push(Entitlement {
        licence_type: LicenceType::PerpetualWithSa,
        packs: covered,
        ..line
    });
    if plain.packs > 0 {
        source.entitlements.push(plain);
    }
    Ok(format!("{}: {covered} with SA", shared.name(product)).into())
}
