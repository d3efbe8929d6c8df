//! Price lists: (SKU, product, edition, metric, pack size, licence type, price, currency, valid
//! from/to, source) rows read into the engine's `PriceListEntry`, each price also normalised to
//! one right and one year with the basis it was reached from.

use chrono::NaiveDate;
use preflight_engine::catalogue::Catalogue;
use preflight_engine::text::normalise;
use preflight_engine::{Currency, LicenceType, Metric, Money, PriceListEntry, SourceRef};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cells::licence_type;
use crate::columns::{Column, Columns, Needs};
use crate::diagnostic::{ImportError, Imported, Level};
use crate::entitlements::Options;
use crate::header::ColumnAnswers;
use crate::matching::{Matcher, NOT_RELEVANT, metric_of};
use crate::read::read_table;
use crate::records::{Cells, RecordKind, read_records};
use crate::report::RowState;
use crate::value::{parse_amount, parse_count, resolve_currency};
use preflight_engine::mapping::Matched;

/// A price list's canonical columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriceColumn {
    Sku,
    Publisher,
    Product,
    Edition,
    Metric,
    PackSize,
    LicenceType,
    /// The price of one pack.
    Price,
    /// The price of one right (one core licence, one user...).
    PricePerRight,
    /// Packs on a quote's line, with its total.
    Quantity,
    LineTotal,
    Currency,
    /// What a price pays for: one-off, or a period (monthly, annual, 3 years).
    Period,
    ValidFrom,
    ValidTo,
    Source,
}

impl Column for PriceColumn {
    const KIND: &'static str = "prices";

    const ALL: &'static [PriceColumn] = &[
        PriceColumn::Sku,
        PriceColumn::Publisher,
        PriceColumn::Product,
        PriceColumn::Edition,
        PriceColumn::Metric,
        PriceColumn::PackSize,
        PriceColumn::LicenceType,
        PriceColumn::Price,
        PriceColumn::PricePerRight,
        PriceColumn::Quantity,
        PriceColumn::LineTotal,
        PriceColumn::Currency,
        PriceColumn::Period,
        PriceColumn::ValidFrom,
        PriceColumn::ValidTo,
        PriceColumn::Source,
    ];

    fn name(self) -> &'static str {
        match self {
            PriceColumn::Sku => "SKU",
            PriceColumn::Publisher => "Publisher",
            PriceColumn::Product => "Product",
            PriceColumn::Edition => "Edition",
            PriceColumn::Metric => "Metric",
            PriceColumn::PackSize => "Pack size",
            PriceColumn::LicenceType => "Licence type",
            PriceColumn::Price => "Price",
            PriceColumn::PricePerRight => "Price per right",
            PriceColumn::Quantity => "Quantity",
            PriceColumn::LineTotal => "Line total",
            PriceColumn::Currency => "Currency",
            PriceColumn::Period => "Billing period",
            PriceColumn::ValidFrom => "Valid from",
            PriceColumn::ValidTo => "Valid to",
            PriceColumn::Source => "Source",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            PriceColumn::Sku => &[
                "part number",
                "part no",
                "part no sku",
                "publisher part number",
                "product code",
                "item number",
            ],
            PriceColumn::Publisher => &["manufacturer", "vendor"],
            PriceColumn::Product => &["product name", "software", "item name", "description"],
            PriceColumn::Edition => &["product edition"],
            PriceColumn::Metric => &["license metric", "unit of measure"],
            PriceColumn::PackSize => &[
                "rights per pack",
                "rights per license pack",
                "quantity per unit",
                "units per pack",
            ],
            PriceColumn::LicenceType => &["license type", "purchase type", "offering"],
            PriceColumn::Price => &[
                "unit price",
                "pack price",
                "price per pack",
                "list price",
                "net price",
                "unit cost",
                "cost per unit",
            ],
            PriceColumn::PricePerRight => &[
                "price per license",
                "price per core",
                "price per user",
                "price per unit of measure",
            ],
            PriceColumn::Quantity => &["qty", "packs", "number of packs"],
            PriceColumn::LineTotal => &[
                "total",
                "total price",
                "extended price",
                "line amount",
                "net amount",
            ],
            PriceColumn::Currency => &["currency code"],
            PriceColumn::Period => &["period", "subscription period", "billing frequency", "term"],
            PriceColumn::ValidFrom => &["effective date", "start date", "price valid from"],
            PriceColumn::ValidTo => &["expiry date", "end date", "price valid to"],
            PriceColumn::Source => &["price source", "quote", "quote number", "price list"],
        }
    }
}

/// How a line's pack price was reached from the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBasis {
    /// The price column: one pack.
    PerPack,
    /// The price per right, times the pack size.
    PerRight,
    /// The line total divided by its quantity of packs.
    LineTotal,
}

/// What a price pays for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Once: a perpetual licence.
    OneOff,
    /// A term of this many months (1 monthly, 12 annual, 36 for three years).
    Months(u32),
}

/// One price read: the engine's entry, and the same price per right and per year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceLine {
    pub entry: PriceListEntry,
    pub row: u32,
    pub basis: PriceBasis,
    /// `None` where a subscription or SA price did not say its period.
    pub period: Option<Period>,
    /// The pack price ÷ the pack size, rounded once to the minor unit (money.rs's strategy).
    pub per_right: Money,
    /// `per_right` for twelve months of a term price, rounded once; `None` for a one-off
    /// price or an unknown period.
    pub per_right_per_year: Option<Money>,
}

/// A price whose product is in no catalogue: kept for the user to map, not used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedPrice {
    pub sku: Option<String>,
    pub publisher: String,
    pub product: String,
    pub edition: String,
    pub price: Money,
    pub source: SourceRef,
}

/// One imported price list file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceList {
    pub file: String,
    pub sha256: String,
    pub lines: Vec<PriceLine>,
    pub unmatched: Vec<UnmatchedPrice>,
}

impl PriceList {
    /// The entries for the workbook's price list, in row order.
    pub fn entries(&self) -> Vec<PriceListEntry> {
        self.lines.iter().map(|line| line.entry.clone()).collect()
    }
}

/// One row, validated cell by cell, its product not yet matched.
pub struct PriceRow {
    row: u32,
    sku: Option<String>,
    publisher: String,
    product: String,
    edition: String,
    metric: Option<Metric>,
    pack_size: u32,
    licence_type: LicenceType,
    pack_price: Money,
    basis: PriceBasis,
    period: Option<Period>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    source: Option<String>,
}

impl RecordKind for PriceRow {
    type Column = PriceColumn;
    type Record = PriceRow;

    const NEEDS: Needs<PriceColumn> = Needs {
        all: &[PriceColumn::Product],
        any_of: &[&[
            PriceColumn::Price,
            PriceColumn::PricePerRight,
            PriceColumn::LineTotal,
        ]],
    };

    const DATES: &'static [PriceColumn] = &[PriceColumn::ValidFrom, PriceColumn::ValidTo];

    fn file_notes(columns: &Columns<PriceColumn>, options: &Options) -> Vec<String> {
        let mut notes = Vec::new();
        if !columns.has(PriceColumn::PackSize) {
            notes.push("no pack-size column: every price is for one right".into());
        }
        if !columns.has(PriceColumn::LicenceType) {
            notes.push("no licence type column: every price is for a perpetual licence".into());
        }
        if !columns.has(PriceColumn::Currency) {
            notes.push(match options.currency {
                Some(currency) => format!(
                    "no currency column: amounts without an ISO code or a one-currency symbol \
                     are taken in the workbook currency ({currency})"
                ),
                None => "no currency column: amounts need an ISO code or a symbol of one \
                         currency (\"£\", \"€\")"
                    .into(),
            });
        }
        notes
    }

    fn read_row(cells: &mut Cells<'_, PriceColumn>) -> Option<PriceRow> {
        use PriceColumn as C;
        let product = cells.required(C::Product, "no product named", |t| Ok(t.to_string()));
        let metric = cells.optional(C::Metric, |t| {
            t.parse::<Metric>().map_err(|e| e.to_string())
        });
        let pack_size = cells.optional(C::PackSize, parse_count).unwrap_or(1);
        if pack_size == 0 {
            let message = "a pack holds at least one right: not imported".to_string();
            cells.fail(RowState::Rejected, Some(C::PackSize), message);
        }
        let licence_type = cells
            .optional(C::LicenceType, licence_type)
            .unwrap_or(LicenceType::Perpetual);
        let period = match cells.optional(C::Period, parse_period) {
            Some(period) => Some(period),
            None if matches!(
                licence_type,
                LicenceType::Perpetual | LicenceType::PerpetualWithSa
            ) =>
            {
                Some(Period::OneOff)
            }
            None => {
                let message = format!(
                    "a {licence_type} price without a billing period: it is not normalised per \
                     year"
                );
                cells.warn(Some(C::Period), message);
                None
            }
        };
        let valid_from = cells.date(C::ValidFrom);
        let valid_to = cells.date(C::ValidTo);
        if let (Some(from), Some(to)) = (valid_from, valid_to)
            && to < from
        {
            let message = format!("valid to {to} is before valid from {from}: not imported");
            cells.fail(RowState::Rejected, Some(C::ValidTo), message);
        }
        let (pack_price, basis) = pack_price(cells, pack_size.max(1))?;
        let present = |text: String| Some(text).filter(|text| !text.is_empty());
        if cells.failed() {
            return None;
        }
        Some(PriceRow {
            row: cells.line(),
            sku: present(cells.text(C::Sku)),
            publisher: cells.text(C::Publisher),
            product: product?,
            edition: cells.text(C::Edition),
            metric,
            pack_size,
            licence_type,
            pack_price,
            basis,
            period,
            valid_from,
            valid_to,
            source: present(cells.text(C::Source)),
        })
    }
}

/// An amount cell in its currency: the currency column, else the symbol or code in the cell,
/// else the workbook currency (see [`resolve_currency`]). Negative amounts are refused.
fn money(cells: &mut Cells<'_, PriceColumn>, column: PriceColumn) -> Option<Money> {
    let text = cells.text(column);
    if text.is_empty() {
        return None;
    }
    let currency_text = cells.text(PriceColumn::Currency);
    let workbook = cells.sheet.options.currency;
    let read = |text: &str| -> Result<Money, String> {
        let (amount, mark) = parse_amount(text)?;
        let column = if currency_text.is_empty() {
            None
        } else {
            Some(
                currency_text
                    .parse::<Currency>()
                    .map_err(|e| format!("{e}, in the currency column"))?,
            )
        };
        let currency = resolve_currency(text, mark, column, workbook)?;
        if amount.is_sign_negative() {
            return Err(format!("{text:?} is negative"));
        }
        Ok(Money::new(amount, currency))
    };
    cells.optional(column, |text| {
        read(text).map_err(|e| format!("{e}: not imported"))
    })
}

/// The price of one pack and how it was reached: the price column, else the price per right
/// times the pack size, else the line total ÷ its quantity. Every other price the row gives
/// must agree with it, as far as its written decimals can say, or the row is rejected.
fn pack_price(cells: &mut Cells<'_, PriceColumn>, pack_size: u32) -> Option<(Money, PriceBasis)> {
    use PriceColumn as C;
    let price = money(cells, C::Price);
    let per_right = money(cells, C::PricePerRight);
    let total = money(cells, C::LineTotal);
    let quantity = cells.optional(C::Quantity, parse_count);
    if cells.failed() {
        return None;
    }
    let amounts = [price, per_right, total];
    let mut currencies = amounts.iter().flatten().map(|m| m.currency);
    let currency = currencies.next()?;
    if let Some(other) = currencies.find(|c| *c != currency) {
        let message = format!("the row's prices are in {currency} and {other}: not imported");
        cells.fail(RowState::Rejected, None, message);
        return None;
    }
    let size = Decimal::from(pack_size);
    // Each check: unit × count should be the total, within half the unit's last written digit
    // per count (33.33 × 3 agrees with 100.00).
    let mut checks: Vec<(C, Decimal, Decimal, C, Decimal, &str)> = Vec::new();
    if let (Some(price), Some(per_right)) = (price, per_right) {
        checks.push((
            C::PricePerRight,
            per_right.amount,
            size,
            C::Price,
            price.amount,
            "right(s) per pack",
        ));
    }
    if let Some(total) = total {
        match quantity {
            Some(0) => {
                let message = "a line total for a quantity of 0: not imported".to_string();
                cells.fail(RowState::Rejected, Some(C::Quantity), message);
                return None;
            }
            Some(quantity) => {
                let packs = Decimal::from(quantity);
                match (price, per_right) {
                    (Some(price), _) => checks.push((
                        C::Price,
                        price.amount,
                        packs,
                        C::LineTotal,
                        total.amount,
                        "pack(s)",
                    )),
                    (None, Some(per_right)) => checks.push((
                        C::PricePerRight,
                        per_right.amount,
                        packs * size,
                        C::LineTotal,
                        total.amount,
                        "right(s)",
                    )),
                    (None, None) => {}
                }
            }
            None if price.is_none() && per_right.is_none() => {
                let message = "a line total without a quantity gives no price: the row is \
                               incomplete and not counted"
                    .to_string();
                cells.fail(RowState::Incomplete, Some(C::Quantity), message);
                return None;
            }
            None => {
                let message = "no quantity: the line total is not checked".to_string();
                cells.warn(Some(C::LineTotal), message);
            }
        }
    }
    for (unit_column, unit, count, total_column, total, counted) in checks {
        let product = unit * count;
        let tolerance = count * Decimal::new(5, unit.scale() + 1);
        if (product - total).abs() > tolerance {
            let message = format!(
                "{} {unit} × {count} {counted} = {product}, but {} is {total}: not imported; \
                 correct one of them",
                cells.column_name(unit_column),
                cells.column_name(total_column),
            );
            cells.fail(RowState::Rejected, Some(total_column), message);
            return None;
        }
    }
    let per_pack = |money: Money, by: Decimal| Money::new(money.amount * by, money.currency);
    Some(match (price, per_right, total, quantity) {
        (Some(price), ..) => (price, PriceBasis::PerPack),
        (None, Some(per_right), ..) => (per_pack(per_right, size), PriceBasis::PerRight),
        (None, None, Some(total), Some(quantity)) => {
            let price = total.checked_div(Decimal::from(quantity)).ok()?.rounded();
            (price, PriceBasis::LineTotal)
        }
        _ => return None,
    })
}

/// A billing period as price lists write it: one-off, monthly, quarterly, annual, "3 years",
/// "36 months" (ServiceNow's Monthly / Quarterly / Annually among them).
pub fn parse_period(text: &str) -> Result<Period, String> {
    let key = normalise(text);
    let months = match key.as_str() {
        "one off" | "one time" | "once" | "perpetual" | "none" => return Ok(Period::OneOff),
        "month" | "monthly" | "per month" | "1 month" => 1,
        "quarter" | "quarterly" | "per quarter" => 3,
        "year" | "yearly" | "annual" | "annually" | "per year" | "per annum" | "1 year" => 12,
        _ => {
            let (count, unit) = key.split_once(' ').ok_or_else(|| unknown_period(text))?;
            let count: u32 = count.parse().map_err(|_| unknown_period(text))?;
            let per_unit = match unit {
                "month" | "months" => 1,
                "year" | "years" => 12,
                _ => return Err(unknown_period(text)),
            };
            match count.checked_mul(per_unit) {
                Some(months) if months > 0 => months,
                _ => return Err(unknown_period(text)),
            }
        }
    };
    Ok(Period::Months(months))
}

fn unknown_period(text: &str) -> String {
    format!("{text:?} is not a billing period (one-off, monthly, quarterly, annual, 3 years...)")
}

/// Reads a price list of any supported format. Rows with a problem are left out and reported;
/// the rest are matched to catalogue products, and prices of no product are kept as unmatched.
pub fn read_prices(
    file: &str,
    bytes: &[u8],
    options: &Options,
    catalogue: &Catalogue,
) -> Result<Imported<PriceList>, ImportError> {
    let table = read_table(file, bytes, options, |table| {
        crate::columns::find_header(
            &table.rows,
            &PriceRow::NEEDS,
            &ColumnAnswers::new(&options.columns),
        )
        .is_ok()
    })?;
    let mut read = read_records::<PriceRow>(file, &table, options)?;
    let mut list = PriceList {
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
                list.unmatched.push(UnmatchedPrice {
                    sku: row.sku,
                    publisher: row.publisher,
                    product: row.product,
                    edition: row.edition,
                    price: row.pack_price,
                    source,
                });
                let reason = "matches no catalogue product: kept, not used".to_string();
                read.settle(index, RowState::Accepted, reason);
                continue;
            }
        };
        if let Err(message) = metric_of(product, row.metric) {
            let column = Some(PriceColumn::Metric);
            read.report(Level::Error, Some(row.row), column, message.clone());
            read.settle(index, RowState::Rejected, message);
            continue;
        }
        let entry = PriceListEntry {
            sku: row.sku,
            product: product.id.clone(),
            pack_size: row.pack_size,
            licence_type: row.licence_type,
            price: row.pack_price,
            valid_from: row.valid_from,
            valid_to: row.valid_to,
            source: match row.source {
                Some(text) => format!("{text} ({source})"),
                None => source.to_string(),
            },
        };
        if let Some(earlier) = list.lines.iter().find(|line| overlaps(&line.entry, &entry)) {
            let message = format!(
                "row {} already prices a {}-right {} pack of {} for these dates: the first row \
                 listed is used",
                earlier.row,
                entry.pack_size,
                entry.licence_type,
                product.display_name()
            );
            read.report(Level::Warning, Some(row.row), None::<PriceColumn>, message);
        }
        let per_right = row
            .pack_price
            .checked_div(Decimal::from(row.pack_size))
            .ok();
        let per_right_per_year = match (row.period, per_right) {
            (Some(Period::Months(months)), Some(per_right)) => per_right
                .checked_mul(Decimal::from(12))
                .and_then(|m| m.checked_div(Decimal::from(months)))
                .ok()
                .map(Money::rounded),
            _ => None,
        };
        read.settle(index, RowState::Accepted, product.display_name());
        list.lines.push(PriceLine {
            entry,
            row: row.row,
            basis: row.basis,
            period: row.period,
            per_right: per_right.map_or(row.pack_price, Money::rounded),
            per_right_per_year,
        });
    }
    Ok(read.finish(list))
}

/// Two entries the engine would choose between for the same purchase.
fn overlaps(a: &PriceListEntry, b: &PriceListEntry) -> bool {
    let starts_before_end = |from: Option<NaiveDate>, to: Option<NaiveDate>| match (from, to) {
        (Some(from), Some(to)) => from <= to,
        _ => true,
    };
    a.product == b.product
        && a.pack_size == b.pack_size
        && a.licence_type == b.licence_type
        && starts_before_end(a.valid_from, b.valid_to)
        && starts_before_end(b.valid_from, a.valid_to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billing_periods_as_price_lists_write_them() {
        let cases = [
            ("One-off", Period::OneOff),
            ("Monthly", Period::Months(1)),
            ("Quarterly", Period::Months(3)),
            ("Annually", Period::Months(12)),
            ("per annum", Period::Months(12)),
            ("3 years", Period::Months(36)),
            ("36 Months", Period::Months(36)),
        ];
        for (text, expect) in cases {
            assert_eq!(parse_period(text), Ok(expect), "{text}");
        }
        for text in [
            "Entire Subscription Period",
            "0 months",
            "fortnightly",
            "x years",
        ] {
            assert!(parse_period(text).is_err(), "{text}");
        }
    }
}
