//! Header mapping: the canonical entitlement fields and the spellings SAM exports use for them.

use preflight_engine::text::normalise;

use crate::columns::Column;
use crate::preset::Preset;
use crate::table::Row;

/// A canonical entitlement field (../shared/IMPORT_FORMATS.md, "suggested canonical model").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Publisher,
    Product,
    Edition,
    Metric,
    LicenceType,
    RightsPerPack,
    Quantity,
    UnitPrice,
    Currency,
    Purchased,
    Start,
    End,
    Version,
    LegalEntity,
    /// The part of the quantity covered by Software Assurance (the MLS's Active SA Quantity,
    /// OpTISAM's licences under maintenance).
    SaQuantity,
    /// The SKU or part number (ServiceNow's publisher part number, Flexera's Part No/SKU).
    Sku,
    /// The cost centre that owns (paid for) the line.
    CostCentre,
    /// The agreement's number or name ("EA 7654321").
    Agreement,
    /// The kind of agreement (EA, Select, Open, CSP, ULA/ELA, other).
    AgreementType,
    /// One true-up date of the agreement, recurring yearly.
    TrueUp,
    /// How the line was bought: volume, OEM or retail.
    Channel,
    /// The host an OEM line came with.
    OemHost,
    /// The purchase order (or order) number the line was bought on.
    PurchaseOrder,
    /// The country a line is for (the MLS's Country of Usage).
    Country,
    /// The line's rights in all (ServiceNow's "Purchased rights", Preflight's own export's
    /// "Rights"): a check of the quantity times the rights per pack, never counted itself.
    Rights,
}

impl Field {
    pub const ALL: [Field; 25] = [
        Field::Publisher,
        Field::Product,
        Field::Edition,
        Field::Metric,
        Field::LicenceType,
        Field::RightsPerPack,
        Field::Quantity,
        Field::UnitPrice,
        Field::Currency,
        Field::Purchased,
        Field::Start,
        Field::End,
        Field::Version,
        Field::LegalEntity,
        Field::SaQuantity,
        Field::Sku,
        Field::CostCentre,
        Field::Agreement,
        Field::AgreementType,
        Field::TrueUp,
        Field::Channel,
        Field::OemHost,
        Field::PurchaseOrder,
        Field::Country,
        Field::Rights,
    ];

    /// Fields a header row must map to be taken as the header, without a preset.
    pub const REQUIRED: [Field; 3] = [Field::Product, Field::Metric, Field::Quantity];

    /// The canonical header, as in Preflight's template.
    pub fn name(self) -> &'static str {
        match self {
            Field::Publisher => "Publisher",
            Field::Product => "Product",
            Field::Edition => "Edition",
            Field::Metric => "Metric",
            Field::LicenceType => "Licence type",
            Field::RightsPerPack => "Rights per pack",
            Field::Quantity => "Quantity",
            Field::UnitPrice => "Unit price",
            Field::Currency => "Currency",
            Field::Purchased => "Purchase date",
            Field::Start => "Start date",
            Field::End => "End date",
            Field::Version => "Version",
            Field::LegalEntity => "Legal entity",
            Field::SaQuantity => "SA quantity",
            Field::Sku => "SKU",
            Field::CostCentre => "Cost centre",
            Field::Agreement => "Agreement",
            Field::AgreementType => "Agreement type",
            Field::TrueUp => "True-up date",
            Field::Channel => "Channel",
            Field::OemHost => "OEM host",
            Field::PurchaseOrder => "PO number",
            Field::Country => "Country",
            Field::Rights => "Rights",
        }
    }

    /// Header spellings from ServiceNow, Flexera, Snow, Snipe-IT, OpTISAM and MLS exports,
    /// normalised, with "licence" spelled "license".
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Publisher => &["publisher", "manufacturer", "vendor", "editor"],
            Field::Product => &[
                "product",
                "product name",
                "software",
                "software model",
                "software title",
                "application name",
                "item name",
                "license product family",
            ],
            Field::Edition => &["edition", "product edition"],
            Field::Metric => &[
                "metric",
                "license metric",
                "unit of measure",
                "unit of measurement",
            ],
            Field::LicenceType => &["license type", "purchase type", "entitlement type"],
            Field::RightsPerPack => &[
                "rights per pack",
                "rights per license pack",
                "pack size",
                "quantity per unit",
                "units per pack",
            ],
            Field::Quantity => &[
                "quantity",
                "qty",
                "number of packs",
                "packs",
                "purchase quantity",
                "seats",
                "number bought",
                "acquired licenses number",
                "effective license quantity",
            ],
            Field::UnitPrice => &[
                "unit price",
                "unit cost",
                "price",
                "cost per unit",
                "purchase cost",
                "avg licenes unit price",
            ],
            Field::Currency => &["currency", "currency code"],
            Field::Purchased => &["purchase date", "purchased", "order date", "ordering date"],
            Field::Start => &[
                "start date",
                "effective date",
                "valid from",
                "subscription start",
            ],
            Field::End => &[
                "end date",
                "expiry date",
                "expiration date",
                "valid to",
                "valid thru",
                "subscription end",
            ],
            Field::Version => &[
                "version",
                "license version",
                "purchase version",
                "product version",
            ],
            Field::LegalEntity => &[
                "legal entity",
                "legal organisation",
                "legal organization",
                "company",
                "entity",
                "corporate unit",
            ],
            Field::SaQuantity => &[
                "sa quantity",
                "active sa quantity",
                "licenses under maintenance number",
            ],
            // ServiceNow's "Publisher part number", Flexera's "Part No/SKU", Snow's
            // "Application part number", OpTISAM's "SKU".
            Field::Sku => &[
                "sku",
                "part number",
                "part no",
                "part no sku",
                "publisher part number",
                "application part number",
                "product code",
                "item number",
                "sku number",
            ],
            // ServiceNow's "Cost center", Flexera's "CostCenter" / "Cost Center".
            Field::CostCentre => &[
                "cost centre",
                "cost center",
                "costcenter",
                "costcentre",
                "cost centre code",
                "cost center code",
            ],
            // ServiceNow's "Contract number", Flexera's "Contract" / "ContractNo", OpTISAM's
            // "corporate_sourcing_contract", Ivanti's "Contract Number", the MLS's agreement.
            Field::Agreement => &[
                "agreement",
                "agreement number",
                "agreement no",
                "agreement id",
                "contract",
                "contract number",
                "contract no",
                "contractno",
                "enrollment number",
                "enrolment number",
                "corporate sourcing contract",
            ],
            // ServiceNow's "Agreement type" (Generic, EA, Enterprise Enrollment, ESA, ELA, ULA...).
            Field::AgreementType => &[
                "agreement type",
                "contract type",
                "licensing program",
                "licensing programme",
                "license program",
            ],
            Field::TrueUp => &["true up date", "true up", "trueup date", "anniversary date"],
            // Volume, OEM or retail (FPP): Snow's and Flexera's "License channel" or "Channel".
            Field::Channel => &[
                "channel",
                "license channel",
                "sales channel",
                "purchase channel",
                "licensing channel",
                "distribution channel",
            ],
            Field::OemHost => &["oem host", "oem device", "oem server", "bound to host"],
            // ServiceNow's and Ivanti's "PO number", Flexera's "Purchase Order", Snipe-IT's
            // "order number" and "purchase order", OpTISAM's "last_purchased_order".
            Field::PurchaseOrder => &[
                "po number",
                "po",
                "po no",
                "purchase order",
                "purchase order number",
                "purchase order no",
                "order number",
                "order no",
                "last purchased order",
            ],
            Field::Country => &["country", "country of usage"],
            Field::Rights => &[
                "rights",
                "purchased rights",
                "total rights",
                "rights owned",
                "licensed rights",
            ],
        }
    }

    /// The field a header names, if any.
    pub fn for_header(header: &str) -> Option<Field> {
        let key = header_key(header);
        Field::ALL.into_iter().find(|field| {
            field.aliases().contains(&key.as_str()) || header_key(field.name()) == key
        })
    }
}

/// A header as the alias tables spell it: normalised, "licence" spelled "license".
pub fn header_key(header: &str) -> String {
    normalise(header).replace("licence", "license")
}

/// Which column holds each field; the first column wins when two name the same field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    columns: Vec<(Field, usize)>,
    /// `columns` by field and by column, for the lookups every cell of every row makes.
    by_field: Vec<Option<usize>>,
    by_column: Vec<Option<Field>>,
}

impl Mapping {
    pub fn from_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> Mapping {
        Mapping::with_preset(headers, None, &ColumnAnswers::default())
    }

    /// Maps headers by the user's answers first (a column they named a field, or said is not
    /// read), then by a preset's own labels, then by the generic aliases. A field goes to its
    /// first column; a field the user gave a column is not taken by an alias elsewhere.
    pub fn with_preset<'a>(
        headers: impl IntoIterator<Item = &'a str>,
        preset: Option<Preset>,
        answers: &ColumnAnswers,
    ) -> Mapping {
        let headers: Vec<&str> = headers.into_iter().collect();
        let mut columns: Vec<(Field, usize)> = Vec::new();
        let push = |columns: &mut Vec<(Field, usize)>, field: Field, index: usize| {
            if !columns.iter().any(|(f, i)| *f == field || *i == index) {
                columns.push((field, index));
            }
        };
        for (index, header) in headers.iter().enumerate() {
            if let Some(Some(field)) = answers.get(header) {
                push(&mut columns, field, index);
            }
        }
        for (index, header) in headers.iter().enumerate() {
            if answers.get(header).is_some() {
                continue;
            }
            let field = match preset.and_then(|p| p.field_for(header)) {
                Some(mapped) => mapped,
                None => Field::for_header(header),
            };
            if let Some(field) = field {
                push(&mut columns, field, index);
            }
        }
        columns.sort_by_key(|(_, index)| *index);
        let mut by_field = vec![None; Field::ALL.len()];
        let mut by_column = vec![None; columns.last().map_or(0, |(_, index)| index + 1)];
        for &(field, index) in &columns {
            by_field[field as usize] = Some(index);
            by_column[index] = Some(field);
        }
        Mapping {
            columns,
            by_field,
            by_column,
        }
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        self.by_field.get(field as usize).copied().flatten()
    }

    /// The field mapped to a column, if any.
    pub fn field_of(&self, index: usize) -> Option<Field> {
        self.by_column.get(index).copied().flatten()
    }

    pub fn missing_required(&self) -> Vec<Field> {
        self.missing(&Field::REQUIRED)
    }

    pub fn missing(&self, required: &[Field]) -> Vec<Field> {
        required
            .iter()
            .copied()
            .filter(|field| self.column(*field).is_none())
            .collect()
    }
}

impl Column for Field {
    const ALL: &'static [Field] = &Field::ALL;
    const KIND: &'static str = "entitlements";

    fn name(self) -> &'static str {
        Field::name(self)
    }

    fn aliases(self) -> &'static [&'static str] {
        Field::aliases(self)
    }
}

/// The user's answers for the columns of one kind of file (`C`: entitlement fields, or a price
/// list's, a position export's or an inventory's columns), by header text compared as the
/// aliases are: `Some(column)` reads the header as that column, `None` does not read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnAnswers<C = Field>(std::collections::HashMap<String, Option<C>>);

impl<C> Default for ColumnAnswers<C> {
    fn default() -> Self {
        ColumnAnswers(std::collections::HashMap::new())
    }
}

impl<C: Column> ColumnAnswers<C> {
    /// The workbook's answers for this kind of file; a column name this version does not know
    /// is left out.
    pub fn new(answers: &[preflight_engine::mapping::ColumnAnswer]) -> ColumnAnswers<C> {
        ColumnAnswers(
            answers
                .iter()
                .filter(|answer| answer.is_for(C::KIND))
                .filter_map(|answer| {
                    let column = match &answer.field {
                        None => None,
                        Some(name) => Some(C::ALL.iter().copied().find(|c| c.name() == name)?),
                    };
                    Some((header_key(&answer.header), column))
                })
                .collect(),
        )
    }

    pub(crate) fn get(&self, header: &str) -> Option<Option<C>> {
        if self.0.is_empty() {
            return None;
        }
        self.0.get(&header_key(header)).copied()
    }
}

/// Rows searched for the header: the MLS has it on row 10, some reports lower.
pub(crate) const HEADER_SEARCH_ROWS: usize = 50;

/// A header row found: its index among the rows, its mapping, the layout it was read as.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub index: usize,
    pub mapping: Mapping,
    pub preset: Option<Preset>,
}

/// The header row: the first of the first rows that maps every required field. Without one,
/// `Err` with the row that maps the most fields, to say what is missing.
pub fn find_header(
    rows: &[Row],
    preset: Option<Preset>,
    answers: &ColumnAnswers,
) -> Result<Header, Header> {
    let mut best: Option<Header> = None;
    for (index, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let cells = || row.cells.iter().map(String::as_str);
        let preset = preset.or_else(|| Preset::detect(cells()));
        let mapping = Mapping::with_preset(cells(), preset, answers);
        let required = preset.map_or(&Field::REQUIRED[..], Preset::required);
        let found = Header {
            index,
            mapping,
            preset,
        };
        if found.mapping.missing(required).is_empty() {
            return Ok(found);
        }
        if best
            .as_ref()
            .is_none_or(|b| found.mapping.columns.len() > b.mapping.columns.len())
        {
            best = Some(found);
        }
    }
    Err(best.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_from_sam_exports_map_to_fields() {
        let cases = [
            ("Product", Some(Field::Product)),
            ("Software model", Some(Field::Product)),
            ("License Metric", Some(Field::Metric)),
            ("Licence type", Some(Field::LicenceType)),
            ("Rights per license pack", Some(Field::RightsPerPack)),
            ("Number of packs", Some(Field::Quantity)),
            ("Unit cost", Some(Field::UnitPrice)),
            ("  UNIT_PRICE ", Some(Field::UnitPrice)),
            ("Currency Code", Some(Field::Currency)),
            ("Comments", None),
        ];
        for (header, expect) in cases {
            assert_eq!(Field::for_header(header), expect, "{header:?}");
        }
    }

    /// `Mapping` indexes its lookups by `field as usize`: the order of `Field::ALL`.
    #[test]
    fn fields_are_listed_in_their_declared_order() {
        for (index, field) in Field::ALL.into_iter().enumerate() {
            assert_eq!(field as usize, index, "{field:?}");
        }
    }

    #[test]
    fn the_first_column_naming_a_field_wins_and_missing_required_fields_are_listed() {
        let mapping = Mapping::from_headers(["Software", "Product", "Qty"]);
        assert_eq!(mapping.column(Field::Product), Some(0));
        assert_eq!(mapping.missing_required(), [Field::Metric]);
    }
}
