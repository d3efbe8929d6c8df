//! Named header presets for the SAM exports whose labels the generic alias mapper cannot read
//! alone (../shared/IMPORT_FORMATS.md, C1 to C7): their own labels, the columns to leave out,
//! and what a row of that layout needs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::header::{Field, header_key};

/// A layout users export from a SAM platform or from Microsoft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// ServiceNow SAM entitlement import (`samp_bulk_import`): entitlement-form field labels.
    #[serde(rename = "servicenow")]
    ServiceNow,
    /// Flexera purchase order lines.
    Flexera,
    /// Snow License Manager licence import.
    Snow,
    /// Snipe-IT licence CSV: no metric column, so its rows are incomplete until one is added.
    SnipeIt,
    /// Microsoft Licensing Statement, "Pivot Data" tab: header on row 10, "All Countries" rows,
    /// metrics from the catalogue product (the statement names products by their metric).
    MlsPivotData,
    /// OpTISAM acquired rights.
    Optisam,
}

/// One preset label: the normalised header and the field it holds (`None`: not used).
type Label = (&'static str, Option<Field>);

impl Preset {
    pub const ALL: [Preset; 6] = [
        Preset::ServiceNow,
        Preset::Flexera,
        Preset::Snow,
        Preset::SnipeIt,
        Preset::MlsPivotData,
        Preset::Optisam,
    ];

    fn labels(self) -> &'static [Label] {
        use Field::*;
        match self {
            Preset::ServiceNow => &[
                ("software model", Some(Product)),
                ("number of packs", Some(Quantity)),
                ("rights per license pack", Some(RightsPerPack)),
                // Purchased rights = rights per pack × packs, which are counted: a check.
                ("purchased rights", Some(Rights)),
                ("active rights", None),
                ("total cost", None),
                ("purchased", Some(Purchased)),
                ("company", Some(LegalEntity)),
            ],
            Preset::Flexera => &[
                ("description", Some(Product)),
                ("purchase quantity", Some(Quantity)),
                ("quantity per unit", Some(RightsPerPack)),
                ("purchase type", Some(LicenceType)),
                ("effective date", Some(Start)),
                ("expiry date", Some(End)),
                ("currencycode", Some(Currency)),
                ("corporate unit", Some(LegalEntity)),
            ],
            Preset::Snow => &[
                ("application name", Some(Product)),
                ("legal organisation", Some(LegalEntity)),
                ("legal organization", Some(LegalEntity)),
                ("cost per unit", Some(UnitPrice)),
                ("valid from", Some(Start)),
                ("valid to", Some(End)),
            ],
            Preset::SnipeIt => &[
                ("item name", Some(Product)),
                ("name", Some(Product)),
                ("seats", Some(Quantity)),
                ("expiration date", Some(End)),
                ("termination date", None),
            ],
            Preset::MlsPivotData => &[
                ("product pool", None),
                ("license product family", Some(Product)),
                ("license version", Some(Version)),
                ("effective license quantity", Some(Quantity)),
                // Upgrades are already in the effective quantity: never added to it.
                ("upgrade license quantity", None),
                ("upgrade license quantity w maintenance", None),
                ("active sa quantity", Some(SaQuantity)),
                ("country of usage", Some(Country)),
            ],
            Preset::Optisam => &[
                ("product name", Some(Product)),
                ("editor", Some(Publisher)),
                ("acquired licenses number", Some(Quantity)),
                ("licenses under maintenance number", Some(SaQuantity)),
                ("start of maintenance", Some(Start)),
                ("end of maintenance", Some(End)),
                ("avg licenes unit price", Some(UnitPrice)),
                ("ordering date", Some(Purchased)),
                ("entity", Some(LegalEntity)),
            ],
        }
    }

    /// The field a header holds in this layout: `Some(None)` for a column the layout says not
    /// to use, `None` when the layout does not name it (the generic aliases decide).
    pub fn field_for(self, header: &str) -> Option<Option<Field>> {
        let key = header_key(header);
        self.labels()
            .iter()
            .find(|(label, _)| *label == key)
            .map(|(_, field)| *field)
    }

    /// Fields a header row of this layout maps. A metric column is not among them where the
    /// layout has none: its rows are then incomplete (or, for the MLS, take the product's).
    pub fn required(self) -> &'static [Field] {
        &[Field::Product, Field::Quantity]
    }

    /// The sheet the layout lives on, when it is fixed.
    pub fn sheet(self) -> Option<&'static str> {
        (self == Preset::MlsPivotData).then_some("Pivot Data")
    }

    /// Whether a line's metric may be taken from its catalogue product.
    pub fn metric_from_product(self) -> bool {
        self == Preset::MlsPivotData
    }

    /// Recognises a layout from labels only it uses.
    pub fn detect<'a>(headers: impl IntoIterator<Item = &'a str>) -> Option<Preset> {
        let keys: Vec<String> = headers.into_iter().map(header_key).collect();
        let has = |label: &str| keys.iter().any(|key| key == label);
        if has("effective license quantity") && has("country of usage") {
            Some(Preset::MlsPivotData)
        } else if has("acquired licenses number") {
            Some(Preset::Optisam)
        } else if has("software model")
            && (has("number of packs") || has("rights per license pack"))
        {
            Some(Preset::ServiceNow)
        } else if has("purchase quantity") && (has("quantity per unit") || has("purchase type")) {
            Some(Preset::Flexera)
        } else if has("application name")
            && (has("legal organisation") || has("legal organization"))
        {
            Some(Preset::Snow)
        } else if has("seats") && (has("item name") || has("serial number")) {
            Some(Preset::SnipeIt)
        } else {
            None
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Preset::ServiceNow => "servicenow",
            Preset::Flexera => "flexera",
            Preset::Snow => "snow",
            Preset::SnipeIt => "snipe-it",
            Preset::MlsPivotData => "mls-pivot-data",
            Preset::Optisam => "optisam",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown preset {0:?} (expected servicenow, flexera, snow, snipe-it, mls-pivot-data or optisam)"
)]
pub struct UnknownPreset(pub String);

impl FromStr for Preset {
    type Err = UnknownPreset;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let key = header_key(text).replace(' ', "");
        Preset::ALL
            .into_iter()
            .find(|preset| preset.to_string().replace('-', "") == key)
            .or_else(|| (key == "mls").then_some(Preset::MlsPivotData))
            .ok_or_else(|| UnknownPreset(text.trim().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_recognised_from_their_own_labels() {
        let cases: [(&[&str], Option<Preset>); 6] = [
            (
                &[
                    "Product Pool",
                    "License Product Family",
                    "Effective License Quantity",
                    "Country of Usage",
                ],
                Some(Preset::MlsPivotData),
            ),
            (
                &["Software model", "Number of packs", "License metric"],
                Some(Preset::ServiceNow),
            ),
            (
                &["item name", "seats", "serial number"],
                Some(Preset::SnipeIt),
            ),
            (
                &["product_name", "acquired_licenses_number"],
                Some(Preset::Optisam),
            ),
            (
                &["Application name", "Legal organisation", "Purchase date"],
                Some(Preset::Snow),
            ),
            (&["Product", "Metric", "Quantity"], None),
        ];
        for (headers, expect) in cases {
            assert_eq!(
                Preset::detect(headers.iter().copied()),
                expect,
                "{headers:?}"
            );
        }
    }

    #[test]
    fn a_preset_leaves_out_the_columns_its_layout_says_not_to_add() {
        assert_eq!(
            Preset::MlsPivotData.field_for("Upgrade License Quantity (w/ Maintenance)"),
            Some(None)
        );
        assert_eq!(
            Preset::MlsPivotData.field_for("Active SA Quantity"),
            Some(Some(Field::SaQuantity))
        );
        assert_eq!(Preset::MlsPivotData.field_for("Comments"), None);
    }

    #[test]
    fn preset_names_parse_both_ways() {
        for preset in Preset::ALL {
            assert_eq!(preset.to_string().parse(), Ok(preset));
        }
        assert_eq!("Snipe-IT".parse(), Ok(Preset::SnipeIt));
        assert_eq!("MLS".parse(), Ok(Preset::MlsPivotData));
        assert!("sap".parse::<Preset>().is_err());
    }
}
