//! A rule case or scenario: a deployment with its settings, owned lines and prices, read from
//! JSON, and the workbook it makes. Shared by the rule cases and the scenario snapshots.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use preflight_engine::workbook::OracleScope;
use preflight_engine::{
    Currency, Deployment, Entitlement, LicenceType, Metric, Money, PriceListEntry, Product,
    ProductId, RulePack, SourceRef, Workbook,
};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub rules: Vec<String>,
    pub source: String,
    #[serde(default)]
    pub oracle_scope: Option<OracleScope>,
    #[serde(default)]
    pub ilmt: bool,
    pub deployment: Deployment,
    /// The estate as it is today, and what the project changes in it.
    #[serde(default)]
    pub existing: Option<Deployment>,
    #[serde(default)]
    pub changes: Vec<preflight_engine::changes::Change>,
    #[serde(default)]
    pub catalogue: Vec<Product>,
    /// Lines owned: product, quantity, licence type, optional version.
    #[serde(default)]
    pub owned: Vec<Owned>,
    /// Prices: product → (pack size, price of the pack in USD).
    #[serde(default)]
    pub prices: BTreeMap<String, (u32, String)>,
    /// Software Assurance prices: product → (pack size, price of a year's SA on the pack in USD).
    #[serde(default)]
    pub sa_prices: BTreeMap<String, (u32, String)>,
    /// Cloud providers' licence-included rates.
    #[serde(default)]
    pub licence_included: Vec<preflight_engine::workbook::LicenceIncludedRate>,
    /// Suggested alternatives expected: each by name, its cost over the horizon and whether it is
    /// marked the cheapest compliant.
    #[serde(default)]
    pub alternatives: Vec<AlternativeExpect>,
    /// Budget lines expected: the sum of a product's lines of one kind in one fiscal year.
    #[serde(default)]
    pub budget: Vec<BudgetExpect>,
    #[serde(default)]
    pub expect: BTreeMap<String, Expect>,
    /// The rule ids of the rule findings expected, exactly.
    #[serde(default)]
    pub risks: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owned {
    pub product: String,
    pub quantity: u32,
    pub licence_type: LicenceType,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub purchased: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlternativeExpect {
    /// "as proposed" or a suggested alternative's name.
    pub name: String,
    /// The cost over the horizon, in USD.
    pub horizon: String,
    pub cheapest: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetExpect {
    pub fiscal_year: String,
    pub product: String,
    pub spend: preflight_engine::Spend,
    /// The sum of the matching lines, in USD.
    pub amount: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub required: u64,
    #[serde(default)]
    pub shortfall: Option<u64>,
    #[serde(default)]
    pub cost: Option<String>,
}

pub fn read(text: &str) -> Vec<Case> {
    serde_json::from_str(text).expect("the cases parse")
}

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
}

pub fn workbook(case: &Case, pack: &RulePack) -> Workbook {
    let mut workbook = Workbook::new(Currency::USD, case.deployment.clone());
    workbook.settings.oracle_scope = case.oracle_scope.unwrap_or_default();
    workbook.settings.ilmt = case.ilmt;
    workbook.catalogue_additions = case.catalogue.clone();
    if let Some(existing) = &case.existing {
        workbook.existing = existing.clone();
    }
    workbook.scenario_mut().changes = case.changes.clone();
    workbook.licence_included = case.licence_included.clone();
    let metric_of = |id: &str| -> Metric {
        pack.catalogue
            .get(&ProductId(id.into()))
            .or_else(|| case.catalogue.iter().find(|p| p.id.0 == id))
            .map(|p| p.metric)
            .unwrap_or_else(|| panic!("{}: unknown product {id}", case.name))
    };
    let lines = case
        .owned
        .iter()
        .enumerate()
        .map(|(row, owned)| Entitlement {
            version: owned.version.clone(),
            purchased: owned.purchased,
            ..Entitlement::new(
                ProductId(owned.product.clone()),
                metric_of(&owned.product),
                owned.licence_type,
                1,
                owned.quantity,
                SourceRef {
                    file: "owned.csv".into(),
                    row: row as u32 + 2,
                },
            )
        })
        .collect();
    workbook.put_source(preflight_engine::EntitlementSource::new("owned.csv", lines));
    let licences = case.prices.iter().map(|p| (p, LicenceType::Perpetual));
    let assurance = case
        .sa_prices
        .iter()
        .map(|p| (p, LicenceType::SoftwareAssurance));
    workbook.price_list = licences
        .chain(assurance)
        .map(
            |((product, (pack_size, price)), licence_type)| PriceListEntry {
                sku: None,
                product: ProductId(product.clone()),
                pack_size: *pack_size,
                licence_type,
                price: Money::new(price.parse().unwrap(), Currency::USD),
                valid_from: None,
                valid_to: None,
                source: format!("case {}", case.name),
            },
        )
        .collect();
    workbook
}
