//! Stage one: one data row's cells, read by field into a typed entitlement row, with every
//! problem reported against its column and classed as making the row incomplete or rejected.

use chrono::NaiveDate;
use preflight_engine::agreement::{Agreement, AgreementKind};
use preflight_engine::channel::Channel;
use preflight_engine::text::normalise;
use preflight_engine::{Currency, LicenceType, Metric, Money};

use crate::date::DateColumn;
use crate::diagnostic::{Diagnostic, Level};
use crate::header::{Field, Mapping};
use crate::preset::Preset;
use crate::report::RowState;
use crate::table::Row;
use crate::value::{CurrencyMark, parse_amount, parse_count};

/// One row, validated cell by cell but not yet matched to a product. Its texts are borrowed
/// from the row and copied only into what keeps them: a line matched to a product keeps its
/// legal entity, SKU and the like but none of the product's texts, a line that matches none
/// (`UnmatchedLine`) the reverse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntitlementRow<'r> {
    pub row: u32,
    pub publisher: &'r str,
    pub product: &'r str,
    pub edition: &'r str,
    pub quantity_text: &'r str,
    /// `None` only where the layout lets the catalogue product say (the MLS).
    pub metric: Option<Metric>,
    pub licence_type: LicenceType,
    pub rights_per_pack: u32,
    pub packs: u32,
    /// Packs of `packs` covered by Software Assurance, when the file says separately.
    pub sa_packs: Option<u32>,
    pub unit_price: Option<Money>,
    pub purchased: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub version: Option<&'r str>,
    pub legal_entity: Option<&'r str>,
    pub sku: Option<&'r str>,
    pub cost_centre: Option<&'r str>,
    pub agreement: Option<Agreement>,
    pub channel: Option<Channel>,
    pub oem_host: Option<&'r str>,
    pub purchase_order: Option<&'r str>,
}

/// What is shared by every row of one file.
pub struct Context<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub headers: &'a [String],
    pub mapping: &'a Mapping,
    pub preset: Option<Preset>,
    /// How the file's dates are read, decided from all of them.
    pub dates: &'a DateColumn,
}

/// One record's cells, read by field.
pub struct Cells<'a, 'r> {
    pub context: &'a Context<'a>,
    pub row: &'r Row,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    pub vocabulary: &'a mut Vocabulary,
    /// The worst state a problem put the row in, and the first reason for it.
    pub problem: Option<(RowState, String)>,
}

/// A file's vocabulary cells read once per distinct text: the metrics, licence types and
/// currencies of a file are a handful of texts repeated on every row, and reading one means
/// normalising it into a new `String`. Only texts that read are kept (an unreadable one is read
/// again on each row, for its message), and only the first [`Memo::ROOM`] distinct ones.
#[derive(Default)]
pub struct Vocabulary {
    metrics: Memo<Metric>,
    licence_types: Memo<LicenceType>,
    currencies: Memo<Currency>,
}

/// Texts read before and what they read as, in the order first seen.
struct Memo<T> {
    seen: Vec<(Box<str>, T)>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo { seen: Vec::new() }
    }
}

impl<T: Copy> Memo<T> {
    /// Distinct texts kept: a file with more reads the others each time, as before.
    const ROOM: usize = 32;

    fn read(&mut self, text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<T, String> {
        if let Some((_, value)) = self.seen.iter().find(|(seen, _)| **seen == *text) {
            return Ok(*value);
        }
        let value = parse(text)?;
        if self.seen.len() < Self::ROOM {
            self.seen.push((text.into(), value));
        }
        Ok(value)
    }
}

impl<'a, 'r> Cells<'a, 'r> {
    /// The cell under `field`, trimmed; empty when the file has no such column. Borrowed from
    /// the row: a row reads a score of fields, most of them checked and never kept.
    fn text(&self, field: Field) -> &'r str {
        let row: &'r Row = self.row;
        self.context
            .mapping
            .column(field)
            .and_then(|index| row.cells.get(index))
            .map_or("", |cell| crate::table::trim(cell))
    }

    fn column_name(&self, field: Field) -> String {
        self.context
            .mapping
            .column(field)
            .and_then(|index| self.context.headers.get(index))
            .map_or(field.name(), String::as_str)
            .to_string()
    }

    fn report(&mut self, level: Level, field: Field, message: String) {
        let column = self.column_name(field);
        self.diagnostics.push(Diagnostic {
            level,
            file: self.context.file.into(),
            sheet: self.context.sheet.map(String::from),
            row: Some(self.row.line),
            column: Some(column.clone()),
            message: message.clone(),
        });
    }

    /// A problem that keeps the row out: incomplete (a field is missing) or rejected.
    fn fail(&mut self, state: RowState, field: Field, message: String) {
        let reason = format!("{}: {message}", self.column_name(field));
        self.report(Level::Error, field, message);
        match &self.problem {
            Some((RowState::Rejected, _)) => {}
            Some(_) if state != RowState::Rejected => {}
            _ => self.problem = Some((state, reason)),
        }
    }

    /// A required cell: missing makes the row incomplete, unreadable makes it rejected.
    fn required<T>(
        &mut self,
        field: Field,
        missing: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.text(field);
        if text.is_empty() {
            let message = format!("{missing}: the row is incomplete and not counted");
            self.fail(RowState::Incomplete, field, message);
            return None;
        }
        match parse(text) {
            Ok(value) => Some(value),
            Err(message) => {
                self.fail(RowState::Rejected, field, message);
                None
            }
        }
    }

    /// An optional cell: unreadable rejects the row at `Level::Error`, or is only not used.
    fn optional<T>(
        &mut self,
        field: Field,
        rejects: bool,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.text(field);
        if text.is_empty() {
            return None;
        }
        match parse(text) {
            Ok(value) => Some(value),
            Err(message) if rejects => {
                self.fail(RowState::Rejected, field, message);
                None
            }
            Err(message) => {
                self.report(Level::Warning, field, format!("{message}: not used"));
                None
            }
        }
    }

    pub fn entitlement_row(&mut self) -> Option<EntitlementRow<'r>> {
        let preset = self.context.preset;
        let product_text = self.text(Field::Product);
        let product = self
            .required(Field::Product, "no product named", |_| Ok(()))
            .map(|()| product_text);
        let metric_from_product = preset.is_some_and(Preset::metric_from_product);
        let metric = if metric_from_product && self.text(Field::Metric).is_empty() {
            None
        } else {
            let text = self.text(Field::Metric);
            let metric = (!text.is_empty()).then(|| {
                self.vocabulary
                    .metrics
                    .read(text, |t| t.parse::<Metric>().map_err(|e| e.to_string()))
            });
            self.required(Field::Metric, "no metric given", |_| {
                metric.clone().unwrap_or_else(|| Err(String::new()))
            })
        };
        let packs = self.required(Field::Quantity, "no quantity given", parse_count);
        let rights_per_pack = self
            .optional(Field::RightsPerPack, true, parse_count)
            .unwrap_or(1);
        if rights_per_pack == 0 {
            let message = "a pack holds at least one right: not imported".to_string();
            self.fail(RowState::Rejected, Field::RightsPerPack, message);
        }
        let rights = self.optional(Field::Rights, false, parse_count);
        if let (Some(rights), Some(packs)) = (rights, packs)
            && rights_per_pack > 0
            && u64::from(rights) != u64::from(packs) * u64::from(rights_per_pack)
        {
            let message = format!(
                "{rights} rights where {packs} pack(s) of {rights_per_pack} make {}: the packs \
                 are counted",
                u64::from(packs) * u64::from(rights_per_pack)
            );
            self.report(Level::Warning, Field::Rights, message);
        }
        let text = self.text(Field::LicenceType);
        let read =
            (!text.is_empty()).then(|| self.vocabulary.licence_types.read(text, licence_type));
        let licence_type = self.optional(Field::LicenceType, true, |_| {
            read.clone().unwrap_or_else(|| Err(String::new()))
        });
        if self.context.mapping.column(Field::LicenceType).is_some()
            && self.text(Field::LicenceType).is_empty()
        {
            let message = "no licence type: taken as a perpetual licence".to_string();
            self.report(Level::Warning, Field::LicenceType, message);
        }
        let sa_packs = self.optional(Field::SaQuantity, true, parse_count);
        let unit_price = self.unit_price();
        let dates = self.context.dates;
        let purchased = self.optional(Field::Purchased, false, |t| dates.parse(t));
        let start = self.optional(Field::Start, true, |t| dates.parse(t));
        let end = self.optional(Field::End, true, |t| dates.parse(t));
        let channel = self.optional(Field::Channel, true, |t| {
            t.parse::<Channel>()
                .map_err(|_| format!("{t:?} is not a channel (volume, OEM or retail)"))
        });
        let agreement = self.agreement();
        if self.problem.is_some() {
            return None;
        }
        let oem_host = Some(self.text(Field::OemHost)).filter(|host| !host.is_empty());
        let oem_host = match (oem_host, channel) {
            (Some(host), Some(Channel::Oem)) => Some(host),
            (Some(host), _) => {
                let message =
                    format!("an OEM host ({host:?}) on a line whose channel is not OEM: not used");
                self.report(Level::Warning, Field::OemHost, message);
                None
            }
            (None, _) => None,
        };
        let publisher = match self.text(Field::Publisher) {
            // The Licensing Statement is Microsoft's own: its products are Microsoft's.
            text if text.is_empty() && preset == Some(Preset::MlsPivotData) => "Microsoft",
            text => text,
        };
        let present = |text: &'r str| Some(text).filter(|t| !t.is_empty());
        Some(EntitlementRow {
            row: self.row.line,
            publisher,
            product: product?,
            edition: self.text(Field::Edition),
            quantity_text: self.text(Field::Quantity),
            metric,
            licence_type: licence_type.unwrap_or(LicenceType::Perpetual),
            rights_per_pack,
            packs: packs?,
            sa_packs,
            unit_price,
            purchased,
            start,
            end,
            version: present(self.text(Field::Version)),
            legal_entity: present(self.text(Field::LegalEntity)),
            sku: present(self.text(Field::Sku)),
            cost_centre: present(self.text(Field::CostCentre)),
            agreement,
            channel,
            oem_host,
            purchase_order: present(self.text(Field::PurchaseOrder)),
        })
    }

    /// The agreement the line was bought under: its number or name, its kind (a kind the
    /// SAM export names but the engine does not tell apart, like ServiceNow's "Generic", is
    /// "other", said once per row), and its true-up date. `None` when the row names none.
    fn agreement(&mut self) -> Option<Agreement> {
        let name = self.text(Field::Agreement);
        let kind_text = self.text(Field::AgreementType);
        let dates = self.context.dates;
        let true_up = self.optional(Field::TrueUp, false, |t| dates.parse(t));
        if name.is_empty() && kind_text.is_empty() {
            if let Some(day) = true_up {
                let message = format!("a true-up date ({day}) without an agreement: not used");
                self.report(Level::Warning, Field::TrueUp, message);
            }
            return None;
        }
        let kind = if kind_text.is_empty() {
            AgreementKind::Other
        } else {
            match agreement_kind(kind_text) {
                Ok(kind) => kind,
                Err(message) => {
                    self.report(Level::Warning, Field::AgreementType, message);
                    AgreementKind::Other
                }
            }
        };
        Some(Agreement {
            name: if name.is_empty() { kind_text } else { name }.to_string(),
            kind,
            true_up,
        })
    }

    /// The price per pack: an amount with a symbol, an ISO code, ServiceNow's "USD;1234.00", or
    /// the currency column. A symbol several currencies use needs the column to say which.
    fn unit_price(&mut self) -> Option<Money> {
        let text = self.text(Field::UnitPrice);
        if text.is_empty() {
            return None;
        }
        let (amount_text, mut mark) = match text.split_once(';') {
            Some((code, amount)) => match code.parse::<Currency>() {
                Ok(currency) => (amount, CurrencyMark::Known(currency)),
                Err(error) => {
                    let message = format!("{error}: price not used");
                    self.report(Level::Warning, Field::UnitPrice, message);
                    return None;
                }
            },
            None => (text, CurrencyMark::None),
        };
        let amount = match parse_amount(amount_text) {
            Ok((amount, in_cell)) => {
                if mark == CurrencyMark::None {
                    mark = in_cell;
                }
                amount
            }
            Err(message) => {
                let message = format!("{message}: price not used");
                self.report(Level::Warning, Field::UnitPrice, message);
                return None;
            }
        };
        if amount.is_sign_negative() {
            let message = format!("{text:?} is negative: price not used");
            self.report(Level::Warning, Field::UnitPrice, message);
            return None;
        }
        let column_text = self.text(Field::Currency);
        let column = if column_text.is_empty() {
            None
        } else {
            let read = self.vocabulary.currencies.read(column_text, |t| {
                t.parse::<Currency>().map_err(|error| error.to_string())
            });
            match read {
                Ok(currency) => Some(currency),
                Err(error) => {
                    let message = format!("{error}: price not used");
                    self.report(Level::Warning, Field::Currency, message);
                    return None;
                }
            }
        };
        let currency = match (mark, column) {
            (CurrencyMark::None, Some(currency)) => currency,
            (CurrencyMark::None, None) => {
                let message = "a price without a currency: price not used".to_string();
                self.report(Level::Warning, Field::Currency, message);
                return None;
            }
            (CurrencyMark::Known(currency), None) => currency,
            (CurrencyMark::Known(currency), Some(column)) if currency == column => currency,
            (CurrencyMark::Ambiguous(_, candidates), Some(column))
                if candidates.contains(&column) =>
            {
                column
            }
            (CurrencyMark::Ambiguous(symbol, _), None) => {
                let message = format!(
                    "{text:?}: \"{symbol}\" is used by several currencies; add a Currency \
                     column (USD, CAD...): price not used"
                );
                self.report(Level::Warning, Field::UnitPrice, message);
                return None;
            }
            (_, Some(column)) => {
                let message = format!(
                    "{text:?} does not agree with the currency column ({column}): price not used"
                );
                self.report(Level::Warning, Field::UnitPrice, message);
                return None;
            }
        };
        Some(Money::new(amount, currency))
    }
}

/// An agreement's kind, with the names SAM exports use that the engine folds into its own:
/// ServiceNow's "Enterprise Enrollment" and "ESA" are enterprise agreements; its "Generic",
/// "CLP", "ETLA" and "SCE" are other agreements (no true-up Preflight models). The engine's own
/// names for its kinds (as Preflight's exports write them) read back as those kinds.
pub(crate) fn agreement_kind(text: &str) -> Result<AgreementKind, String> {
    match normalise(text).as_str() {
        "enterprise enrollment" | "enterprise enrolment" | "esa" => Ok(AgreementKind::Enterprise),
        "select plus mpsa" => Ok(AgreementKind::Select),
        "unlimited agreement" => Ok(AgreementKind::Unlimited),
        "generic" | "clp" | "etla" | "sce" | "other agreement" => Ok(AgreementKind::Other),
        _ => text.parse::<AgreementKind>().map_err(|_| {
            format!(
                "{text:?} is not an agreement type Preflight knows (EA, Select, Open, CSP, \
                 ULA/ELA, other): read as other"
            )
        }),
    }
}

/// A licence type, with the SAM exports' own spellings the engine's vocabulary leaves out
/// (Flexera's "Licenses", ServiceNow's "From SA") read at this edge.
pub(crate) fn licence_type(text: &str) -> Result<LicenceType, String> {
    match normalise(text).as_str() {
        "licenses" | "licences" | "from sa" | "full license" | "full licence" => {
            Ok(LicenceType::Perpetual)
        }
        "licenses maintenance" | "licences maintenance" | "license maintenance" => {
            Ok(LicenceType::PerpetualWithSa)
        }
        "maintenance only" | "software assurance only" => Ok(LicenceType::SoftwareAssurance),
        _ => text.parse::<LicenceType>().map_err(|e| e.to_string()),
    }
}
