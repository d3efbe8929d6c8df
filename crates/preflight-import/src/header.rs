//! Header mapping: the canonical entitlement fields and the spellings SAM exports use for them.

use preflight_engine::text::normalise;

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
}

impl Field {
    pub const ALL: [Field; 14] = [
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
    ];

    /// Fields without which no row can be read.
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
        }
    }

    /// The field a header names, if any.
    pub fn for_header(header: &str) -> Option<Field> {
        let key = normalise(header).replace("licence", "license");
        Field::ALL.into_iter().find(|field| {
            field.aliases().contains(&key.as_str())
                || normalise(field.name()).replace("licence", "license") == key
        })
    }
}

/// Which column holds each field; the first column wins when two name the same field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    columns: Vec<(Field, usize)>,
}

impl Mapping {
    pub fn from_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> Mapping {
        let mut columns: Vec<(Field, usize)> = Vec::new();
        for (index, header) in headers.into_iter().enumerate() {
            if let Some(field) = Field::for_header(header)
                && !columns.iter().any(|(f, _)| *f == field)
            {
                columns.push((field, index));
            }
        }
        Mapping { columns }
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, index)| *index)
    }

    pub fn missing_required(&self) -> Vec<Field> {
        Field::REQUIRED
            .into_iter()
            .filter(|field| self.column(*field).is_none())
            .collect()
    }
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

    #[test]
    fn the_first_column_naming_a_field_wins_and_missing_required_fields_are_listed() {
        let mapping = Mapping::from_headers(["Software", "Product", "Qty"]);
        assert_eq!(mapping.column(Field::Product), Some(0));
        assert_eq!(mapping.missing_required(), [Field::Metric]);
    }
}
