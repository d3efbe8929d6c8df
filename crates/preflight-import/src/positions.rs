//! Licence positions from a SAM platform's reconciliation export (product, entitlement quantity,
//! consumption quantity): the consumption becomes the workbook's baseline, what the existing
//! estate uses today when no inventory of it exists.

use preflight_engine::catalogue::Catalogue;
use preflight_engine::{BaselineConsumption, Metric, Rights, SourceRef};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::columns::{Column, Columns, Needs, find_header};
use crate::diagnostic::{ImportError, Imported, Level};
use crate::entitlements::Options;
use crate::header::ColumnAnswers;
use crate::matching::{Matcher, NOT_RELEVANT, metric_of};
use crate::read::read_table;
use crate::records::{Cells, RecordKind, read_records};
use crate::report::RowState;
use crate::value::{parse_count, parse_decimal};
use preflight_engine::mapping::Matched;

/// A reconciliation export's canonical columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionColumn {
    Publisher,
    Product,
    Edition,
    Metric,
    /// What the SAM platform counts as owned.
    Entitled,
    /// What the estate uses: the baseline.
    Consumed,
    /// Entitled − consumed, as the platform reports it (negative: a shortfall).
    Position,
    LegalEntity,
}

impl Column for PositionColumn {
    const KIND: &'static str = "positions";

    const ALL: &'static [PositionColumn] = &[
        PositionColumn::Publisher,
        PositionColumn::Product,
        PositionColumn::Edition,
        PositionColumn::Metric,
        PositionColumn::Entitled,
        PositionColumn::Consumed,
        PositionColumn::Position,
        PositionColumn::LegalEntity,
    ];

    fn name(self) -> &'static str {
        match self {
            PositionColumn::Publisher => "Publisher",
            PositionColumn::Product => "Product",
            PositionColumn::Edition => "Edition",
            PositionColumn::Metric => "Metric",
            PositionColumn::Entitled => "Entitlement quantity",
            PositionColumn::Consumed => "Consumption quantity",
            PositionColumn::Position => "Position",
            PositionColumn::LegalEntity => "Legal entity",
        }
    }

    /// Spellings from ServiceNow (license position report), Flexera (license position), Snow
    /// (compliance) and OpTISAM exports.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            PositionColumn::Publisher => &["manufacturer", "vendor", "editor"],
            PositionColumn::Product => &[
                "product name",
                "software",
                "software model",
                "application name",
                "license name",
            ],
            PositionColumn::Edition => &["product edition"],
            PositionColumn::Metric => &["license metric", "unit of measure"],
            PositionColumn::Entitled => &[
                "entitlements",
                "entitled",
                "entitled rights",
                "purchased rights",
                "purchased licenses",
                "licenses purchased",
                "licenses owned",
                "owned",
                "acquired licenses",
                "acquired licenses number",
                "license count",
            ],
            PositionColumn::Consumed => &[
                "consumption",
                "consumed",
                "consumed rights",
                "total consumption",
                "licenses consumed",
                "licenses required",
                "license requirement",
                "computed licenses",
                "in use",
                "used",
                "installations",
            ],
            PositionColumn::Position => &[
                "compliance position",
                "license position",
                "balance",
                "surplus deficit",
                "surplus shortfall",
                "delta",
            ],
            PositionColumn::LegalEntity => &[
                "legal organisation",
                "legal organization",
                "company",
                "entity",
            ],
        }
    }
}

/// One product's consumption, as the workbook's baseline, with what the platform says is owned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionLine {
    pub baseline: BaselineConsumption,
    /// The platform's own entitlement count: shown beside Preflight's, never counted as rights
    /// (those come from entitlement files).
    pub entitled: Option<Rights>,
}

/// A position for a product in no catalogue: kept for the user to map, not counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedPosition {
    pub publisher: String,
    pub product: String,
    pub edition: String,
    pub consumed: Rights,
    pub source: SourceRef,
}

/// One imported reconciliation export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Positions {
    pub file: String,
    pub sha256: String,
    pub lines: Vec<PositionLine>,
    pub unmatched: Vec<UnmatchedPosition>,
}

impl Positions {
    /// The consumption for the workbook's baseline, in row order.
    pub fn baseline(&self) -> Vec<BaselineConsumption> {
        self.lines
            .iter()
            .map(|line| line.baseline.clone())
            .collect()
    }
}

/// One row, validated cell by cell, its product not yet matched.
pub struct PositionRow {
    row: u32,
    publisher: String,
    product: String,
    edition: String,
    metric: Option<Metric>,
    entitled: Option<u32>,
    consumed: u32,
    legal_entity: Option<String>,
}

impl RecordKind for PositionRow {
    type Column = PositionColumn;
    type Record = PositionRow;

    const NEEDS: Needs<PositionColumn> = Needs {
        all: &[PositionColumn::Product, PositionColumn::Consumed],
        any_of: &[],
    };

    const DATES: &'static [PositionColumn] = &[];

    fn file_notes(columns: &Columns<PositionColumn>, _options: &Options) -> Vec<String> {
        let mut notes = Vec::new();
        if !columns.has(PositionColumn::Metric) {
            notes.push(
                "no metric column: each consumption is taken in its catalogue product's metric"
                    .into(),
            );
        }
        notes
    }

    fn read_row(cells: &mut Cells<'_, PositionColumn>) -> Option<PositionRow> {
        use PositionColumn as C;
        let product = cells.required(C::Product, "no product named", |t| Ok(t.to_string()));
        let metric = cells.optional(C::Metric, |t| {
            t.parse::<Metric>().map_err(|e| e.to_string())
        });
        let consumed = cells.required(C::Consumed, "no consumption given", parse_count);
        let entitled = cells.optional(C::Entitled, parse_count);
        let position = cells.optional(C::Position, parse_signed);
        if let (Some(position), Some(entitled), Some(consumed)) = (position, entitled, consumed) {
            let expected = Decimal::from(entitled) - Decimal::from(consumed);
            if position != expected {
                let message = format!(
                    "the position {position} is not {entitled} entitled − {consumed} consumed = \
                     {expected}: the consumption is used as given"
                );
                cells.warn(Some(C::Position), message);
            }
        }
        if cells.failed() {
            return None;
        }
        let present = |text: String| Some(text).filter(|text| !text.is_empty());
        Some(PositionRow {
            row: cells.line(),
            publisher: cells.text(C::Publisher),
            product: product?,
            edition: cells.text(C::Edition),
            metric,
            entitled,
            consumed: consumed?,
            legal_entity: present(cells.text(C::LegalEntity)),
        })
    }
}

/// A whole number that may be negative ("-8", "(8)" as accounting exports write shortfalls).
fn parse_signed(text: &str) -> Result<Decimal, String> {
    let (negative, inner) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) => (true, inner),
        None => (false, text),
    };
    let number = parse_decimal(inner)?;
    if number.fract() != Decimal::ZERO {
        return Err(format!("{text:?} is not a whole number"));
    }
    Ok(if negative { -number } else { number })
}

/// Reads a reconciliation export of any supported format. Rows with a problem are left out and
/// reported; the rest are matched to catalogue products, others kept as unmatched.
pub fn read_positions(
    file: &str,
    bytes: &[u8],
    options: &Options,
    catalogue: &Catalogue,
) -> Result<Imported<Positions>, ImportError> {
    let table = read_table(file, bytes, options, |table| {
        find_header(
            &table.rows,
            &PositionRow::NEEDS,
            &ColumnAnswers::new(&options.columns),
        )
        .is_ok()
    })?;
    let mut read = read_records::<PositionRow>(file, &table, options)?;
    let mut positions = Positions {
        file: file.into(),
        sha256: options.digest.of(bytes),
        lines: Vec::new(),
        unmatched: Vec::new(),
    };
    let mut matcher = Matcher::new(catalogue, &options.mappings);
    for (index, row) in std::mem::take(&mut read.records) {
        let source = SourceRef {
            file: file.into(),
            row: row.row,
        };
        let product = match matcher.find(&row.publisher, &row.product, &row.edition) {
            Matched::Product { product, .. } => product,
            Matched::NotRelevant => {
                read.settle(index, RowState::Skipped, NOT_RELEVANT.to_string());
                continue;
            }
            Matched::Unmatched => {
                positions.unmatched.push(UnmatchedPosition {
                    publisher: row.publisher,
                    product: row.product,
                    edition: row.edition,
                    consumed: Rights(row.consumed.into()),
                    source,
                });
                let reason = "matches no catalogue product: kept, not counted".to_string();
                read.settle(index, RowState::Accepted, reason);
                continue;
            }
        };
        if let Err(message) = metric_of(product, row.metric) {
            let column = Some(PositionColumn::Metric);
            read.report(Level::Error, Some(row.row), column, message.clone());
            read.settle(index, RowState::Rejected, message);
            continue;
        }
        let earlier = positions.lines.iter().find(|line| {
            line.baseline.product == product.id && line.baseline.legal_entity == row.legal_entity
        });
        if let Some(earlier) = earlier {
            let message = format!(
                "row {} also reports {}'s consumption{}: both are counted, so the baseline is \
                 their sum",
                earlier.baseline.source.as_ref().map_or(0, |s| s.row),
                product.display_name(),
                row.legal_entity
                    .as_ref()
                    .map(|entity| format!(" for {entity}"))
                    .unwrap_or_default()
            );
            read.report(
                Level::Warning,
                Some(row.row),
                None::<PositionColumn>,
                message,
            );
        }
        read.settle(
            index,
            RowState::Accepted,
            format!("{}: {} in use", product.display_name(), row.consumed),
        );
        positions.lines.push(PositionLine {
            baseline: BaselineConsumption {
                product: product.id.clone(),
                consumed: Rights(row.consumed.into()),
                legal_entity: row.legal_entity,
                source: Some(source),
            },
            entitled: row.entitled.map(|e| Rights(e.into())),
        });
    }
    Ok(read.finish(positions))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn positions_may_be_negative_in_either_accounting_style() {
        assert_eq!(parse_signed("-8"), Ok(dec!(-8)));
        assert_eq!(parse_signed("(8)"), Ok(dec!(-8)));
        assert_eq!(parse_signed("12"), Ok(dec!(12)));
        assert!(parse_signed("1.5").is_err());
    }
}
