//! Entitlement files as delimited text: rows validated into typed lines, then resolved to products.

use chrono::NaiveDate;
use preflight_engine::catalogue::Catalogue;
use preflight_engine::{
    Currency, Entitlement, EntitlementSource, LicenceType, Metric, Money, SourceRef, UnmatchedLine,
};

use crate::csv_text::prepare;
use crate::diagnostic::{Diagnostic, ImportError, Imported, Level};
use crate::header::{Field, Mapping};
use crate::value::{parse_count, parse_date, parse_decimal};

/// One row, validated cell by cell but not yet matched to a product (stage one).
#[derive(Clone, Debug, PartialEq, Eq)]
struct EntitlementRow {
    row: u32,
    publisher: String,
    product: String,
    edition: String,
    quantity_text: String,
    metric: Metric,
    licence_type: LicenceType,
    rights_per_pack: u32,
    packs: u32,
    unit_price: Option<Money>,
    purchased: Option<NaiveDate>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    version: Option<String>,
    legal_entity: Option<String>,
}

/// Reads an entitlement file as delimited text (comma, semicolon, tab or pipe; UTF-8).
///
/// Without a rights-per-pack column, the quantity counts rights and the unit price is per right.
/// Rows with an error are left out and reported; the rest are resolved against `catalogue`, and
/// lines that match no product are kept as unmatched.
pub fn read_entitlements_csv(
    file: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
) -> Result<Imported<EntitlementSource>, ImportError> {
    let prepared = prepare(file, bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(prepared.delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(prepared.text.as_bytes());
    let malformed = |error: csv::Error| ImportError::Malformed {
        file: file.into(),
        row: error.position().map_or(1, |p| p.line() as u32) + prepared.lines_skipped,
        message: error.to_string(),
    };
    let headers = reader.headers().map_err(malformed)?.clone();
    let mapping = Mapping::from_headers(headers.iter());
    let missing = mapping.missing_required();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            file: file.into(),
            missing: missing
                .iter()
                .map(|f| format!("{:?}", f.name()))
                .collect::<Vec<_>>()
                .join(", "),
            found: headers
                .iter()
                .map(|h| format!("{h:?}"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }

    let mut diagnostics = Vec::new();
    let file_note = |message: String| Diagnostic {
        level: Level::Warning,
        file: file.into(),
        row: None,
        column: None,
        message,
    };
    if mapping.column(Field::LicenceType).is_none() {
        diagnostics.push(file_note(
            "no licence type column: every line is taken as a perpetual licence".into(),
        ));
    }
    if mapping.column(Field::RightsPerPack).is_none() {
        diagnostics.push(file_note(
            "no rights-per-pack column: quantities count rights and unit prices are per right"
                .into(),
        ));
    }

    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(malformed)?;
        let row = record.position().map_or(0, |p| p.line() as u32) + prepared.lines_skipped;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let mut cells = Cells {
            record: &record,
            headers: &headers,
            mapping: &mapping,
            file,
            row,
            diagnostics: &mut diagnostics,
        };
        if let Some(parsed) = cells.entitlement_row() {
            rows.push(parsed);
        }
    }

    let mut source = EntitlementSource {
        file: file.into(),
        sha256: preflight_engine::digest::sha256_hex(bytes),
        entitlements: Vec::new(),
        unmatched: Vec::new(),
    };
    for row in rows {
        resolve(file, row, catalogue, &mut source, &mut diagnostics);
    }
    // File-wide notes first, then by row, as the user reads the file.
    diagnostics.sort_by_key(|d| d.row);
    Ok(Imported {
        value: source,
        diagnostics,
    })
}

/// Stage two: a row becomes an entitlement of a catalogue product, or an unmatched line.
fn resolve(
    file: &str,
    row: EntitlementRow,
    catalogue: &Catalogue,
    source: &mut EntitlementSource,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source_ref = SourceRef {
        file: file.into(),
        row: row.row,
    };
    let Some(product) = catalogue.match_text(&row.publisher, &row.product, &row.edition) else {
        source.unmatched.push(UnmatchedLine {
            publisher: row.publisher,
            product: row.product,
            edition: row.edition,
            quantity: row.quantity_text,
            source: source_ref,
        });
        return;
    };
    if product.metric != row.metric {
        diagnostics.push(Diagnostic {
            level: Level::Error,
            file: file.into(),
            row: Some(row.row),
            column: None,
            message: format!(
                "{} is licensed {}, but this line says {}: not imported",
                product.display_name(),
                product.metric,
                row.metric
            ),
        });
        return;
    }
    source.entitlements.push(Entitlement {
        product: product.id.clone(),
        metric: row.metric,
        licence_type: row.licence_type,
        rights_per_pack: row.rights_per_pack,
        packs: row.packs,
        unit_price: row.unit_price,
        purchased: row.purchased,
        start: row.start,
        end: row.end,
        version: row.version,
        legal_entity: row.legal_entity,
        unlimited: false,
        source: source_ref,
    });
}

/// One record's cells, read by field, with problems reported against their column.
struct Cells<'a> {
    record: &'a csv::StringRecord,
    headers: &'a csv::StringRecord,
    mapping: &'a Mapping,
    file: &'a str,
    row: u32,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Cells<'_> {
    fn text(&self, field: Field) -> String {
        self.mapping
            .column(field)
            .and_then(|index| self.record.get(index))
            .map(|cell| cell.trim().to_string())
            .unwrap_or_default()
    }

    fn report(&mut self, level: Level, field: Field, message: String) {
        let column = self
            .mapping
            .column(field)
            .and_then(|index| self.headers.get(index));
        self.diagnostics.push(Diagnostic {
            level,
            file: self.file.into(),
            row: Some(self.row),
            column: Some(column.unwrap_or(field.name()).to_string()),
            message,
        });
    }

    /// Parses a non-empty cell; an unparsable one is reported at `level` and read as `None`.
    fn parse<T>(
        &mut self,
        field: Field,
        level: Level,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.text(field);
        if text.is_empty() {
            return None;
        }
        match parse(&text) {
            Ok(value) => Some(value),
            Err(message) => {
                self.report(level, field, message);
                None
            }
        }
    }

    fn entitlement_row(&mut self) -> Option<EntitlementRow> {
        let errors_before = self.error_count();
        let product = self.text(Field::Product);
        if product.is_empty() {
            self.report(
                Level::Error,
                Field::Product,
                "no product named: not imported".into(),
            );
        }
        let metric = self.parse(Field::Metric, Level::Error, |t| {
            t.parse::<Metric>().map_err(|e| e.to_string())
        });
        if metric.is_none() && self.text(Field::Metric).is_empty() {
            self.report(
                Level::Error,
                Field::Metric,
                "no metric given: not imported".into(),
            );
        }
        let packs = self.parse(Field::Quantity, Level::Error, parse_count);
        if packs.is_none() && self.text(Field::Quantity).is_empty() {
            self.report(
                Level::Error,
                Field::Quantity,
                "no quantity given: not imported".into(),
            );
        }
        let rights_per_pack = self
            .parse(Field::RightsPerPack, Level::Error, parse_count)
            .unwrap_or(1);
        if rights_per_pack == 0 {
            self.report(
                Level::Error,
                Field::RightsPerPack,
                "a pack holds at least one right: not imported".into(),
            );
        }
        let licence_type = self
            .parse(Field::LicenceType, Level::Error, |t| {
                t.parse::<LicenceType>().map_err(|e| e.to_string())
            })
            .unwrap_or(LicenceType::Perpetual);
        let unit_price = self.unit_price();
        let purchased = self.parse(Field::Purchased, Level::Warning, parse_date);
        let start = self.parse(Field::Start, Level::Error, parse_date);
        let end = self.parse(Field::End, Level::Error, parse_date);
        if self.error_count() > errors_before {
            return None;
        }
        Some(EntitlementRow {
            row: self.row,
            publisher: self.text(Field::Publisher),
            product,
            edition: self.text(Field::Edition),
            quantity_text: self.text(Field::Quantity),
            metric: metric?,
            licence_type,
            rights_per_pack,
            packs: packs?,
            unit_price,
            purchased,
            start,
            end,
            version: Some(self.text(Field::Version)).filter(|text| !text.is_empty()),
            legal_entity: Some(self.text(Field::LegalEntity)).filter(|text| !text.is_empty()),
        })
    }

    /// The price per pack: an amount with the currency column, or ServiceNow's "USD;1234.00".
    fn unit_price(&mut self) -> Option<Money> {
        let text = self.text(Field::UnitPrice);
        if text.is_empty() {
            return None;
        }
        let (currency_text, amount_text) = match text.split_once(';') {
            Some((currency, amount)) => (currency.to_string(), amount.to_string()),
            None => (self.text(Field::Currency), text.clone()),
        };
        let amount = match parse_decimal(&amount_text) {
            Ok(amount) if amount.is_sign_negative() => {
                self.report(
                    Level::Warning,
                    Field::UnitPrice,
                    format!("{text:?} is negative: price not used"),
                );
                return None;
            }
            Ok(amount) => amount,
            Err(message) => {
                self.report(
                    Level::Warning,
                    Field::UnitPrice,
                    format!("{message}: price not used"),
                );
                return None;
            }
        };
        if currency_text.is_empty() {
            self.report(
                Level::Warning,
                Field::Currency,
                "a price without a currency: price not used".into(),
            );
            return None;
        }
        match currency_text.parse::<Currency>() {
            Ok(currency) => Some(Money::new(amount, currency)),
            Err(error) => {
                self.report(
                    Level::Warning,
                    Field::Currency,
                    format!("{error}: price not used"),
                );
                None
            }
        }
    }

    fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
            .count()
    }
}
