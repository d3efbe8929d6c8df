//! Site data: what the licence manager publishes for every project on the intranet (the
//! organisation's entitlements, price list, catalogue additions, fiscal calendar) and the
//! reservations of surplus that approved projects hold; and reading its file.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Product, ProductId};
use crate::entitlement::Rights;
use crate::workbook::{EntitlementSource, FiscalSettings, PriceListEntry};

/// Version of the site data file's shape.
pub const SITE_SCHEMA: u32 = 1;

/// The file `org/preflight-org.json` beside the page: the organisation's truth a project starts
/// from. The user's own files come on top of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SiteData {
    /// Version of this file's shape (see `SITE_SCHEMA`).
    pub schema: u32,
    /// Who keeps the file, e.g. "Software Asset Management, licences@example.org".
    pub maintainer: String,
    /// The day it was built.
    pub published: NaiveDate,
    /// The organisation's entitlement files, as imported.
    #[serde(default)]
    pub sources: Vec<EntitlementSource>,
    /// The organisation's price list, before any project's own.
    #[serde(default)]
    pub price_list: Vec<PriceListEntry>,
    /// Catalogue products the organisation adds to the rule pack's.
    #[serde(default)]
    pub catalogue_additions: Vec<Product>,
    /// The organisation's fiscal calendar; a workbook opened with this site data takes it.
    #[serde(default)]
    pub fiscal: Option<FiscalSettings>,
    /// Surplus held by approved projects: taken before any other project's demand.
    #[serde(default)]
    pub reservations: Vec<Reservation>,
}

/// Rights of a product held for an approved project's scenario, out of the surplus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reservation {
    pub product: ProductId,
    /// Rights held, in the product's metric.
    pub rights: Rights,
    /// The project (its deployment's name) and scenario that hold them.
    pub project: String,
    pub scenario: String,
    /// The day the scenario was approved, and who approved it.
    pub reserved_on: NaiveDate,
    pub reserved_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_entity: Option<String>,
}

impl Reservation {
    /// Whether this reservation is the one a scenario made itself: it does not count against
    /// that scenario, whose own demand already takes those rights.
    pub fn held_by(&self, project: &str, scenario: &str) -> bool {
        self.project == project && self.scenario == scenario
    }
}

/// A reservation file: what an approved scenario exports for the licence manager to merge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReservationFile {
    /// Version of this file's shape (the site data's, `SITE_SCHEMA`).
    pub schema: u32,
    pub reservations: Vec<Reservation>,
}

/// The surplus an evaluated scenario uses, as reservations: per product of the lines that cover
/// it, the owned rights allocated to the project's demand (what it must buy is new, not
/// surplus, and is not reserved).
pub fn reservations_of(
    evaluation: &crate::evaluate::Evaluation,
    project: &str,
    on: NaiveDate,
    by: &str,
) -> Vec<Reservation> {
    let mut reservations: Vec<Reservation> = Vec::new();
    for allocation in &evaluation.allocations {
        if allocation.origin != crate::allocation::Origin::Project {
            continue;
        }
        match reservations
            .iter_mut()
            .find(|r| r.product == allocation.line_product)
        {
            Some(held) => held.rights = held.rights + allocation.rights,
            None => reservations.push(Reservation {
                product: allocation.line_product.clone(),
                rights: allocation.rights,
                project: project.into(),
                scenario: evaluation.scenario.clone(),
                reserved_on: on,
                reserved_by: by.into(),
                legal_entity: None,
            }),
        }
    }
    reservations
}

/// Why a site data file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiteReadError {
    #[error("not JSON ({0})")]
    NotJson(String),
    #[error(
        "written by a newer Preflight (site data schema {0}; this version reads schema {SITE_SCHEMA})"
    )]
    Newer(u64),
    #[error("not Preflight site data ({0})")]
    Invalid(String),
}

/// Reads a site data file.
pub fn site_from_json(json: &[u8]) -> Result<SiteData, SiteReadError> {
    #[derive(Deserialize)]
    struct SchemaOnly {
        schema: Option<u64>,
    }
    // From text, as the workbook is read (one JSON reader per type in the app's wasm).
    let json = std::str::from_utf8(json).map_err(|e| SiteReadError::NotJson(e.to_string()))?;
    let head: SchemaOnly =
        serde_json::from_str(json).map_err(|e| SiteReadError::NotJson(e.to_string()))?;
    match head.schema {
        Some(schema) if schema > u64::from(SITE_SCHEMA) => Err(SiteReadError::Newer(schema)),
        Some(schema) if schema == u64::from(SITE_SCHEMA) => {
            serde_json::from_str(json).map_err(|e| SiteReadError::Invalid(e.to_string()))
        }
        Some(schema) => Err(SiteReadError::Invalid(format!(
            "no Preflight ever wrote schema {schema}"
        ))),
        None => Err(SiteReadError::Invalid("no schema number".into())),
    }
}

/// Takes out the reservations of one project's scenario (the licence manager's "release");
/// returns how many there were.
pub fn release(site: &mut SiteData, project: &str, scenario: Option<&str>) -> usize {
    let before = site.reservations.len();
    site.reservations
        .retain(|r| !(r.project == project && scenario.is_none_or(|s| r.scenario == s)));
    before - site.reservations.len()
}

/// Adds reservations, replacing any the same project's scenario held for the same product (a
/// scenario approved again holds what it holds now, not both).
pub fn reserve(site: &mut SiteData, reservations: Vec<Reservation>) {
    for reservation in reservations {
        site.reservations.retain(|r| {
            !(r.held_by(&reservation.project, &reservation.scenario)
                && r.product == reservation.product)
        });
        site.reservations.push(reservation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reservation(project: &str, scenario: &str, product: &str, rights: u64) -> Reservation {
        Reservation {
            product: ProductId(product.into()),
            rights: Rights(rights),
            project: project.into(),
            scenario: scenario.into(),
            reserved_on: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            reserved_by: "A. Manager".into(),
            legal_entity: None,
        }
    }

    fn site() -> SiteData {
        SiteData {
            schema: SITE_SCHEMA,
            maintainer: "SAM team".into(),
            published: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            sources: Vec::new(),
            price_list: Vec::new(),
            catalogue_additions: Vec::new(),
            fiscal: None,
            reservations: Vec::new(),
        }
    }

    #[test]
    fn a_scenario_approved_again_replaces_its_reservation_and_release_takes_a_project_out() {
        let mut site = site();
        reserve(
            &mut site,
            vec![
                reservation("ERP", "Proposed", "sql", 8),
                reservation("CRM", "Proposed", "sql", 4),
            ],
        );
        reserve(&mut site, vec![reservation("ERP", "Proposed", "sql", 6)]);
        let held: Vec<_> = site
            .reservations
            .iter()
            .map(|r| (r.project.as_str(), r.rights.0))
            .collect();
        assert_eq!(held, [("CRM", 4), ("ERP", 6)]);
        assert_eq!(release(&mut site, "ERP", Some("Other")), 0);
        assert_eq!(release(&mut site, "ERP", None), 1);
        assert_eq!(site.reservations.len(), 1);
    }

    #[test]
    fn site_data_reads_back_and_unreadable_files_say_why() {
        let mut site = site();
        site.reservations
            .push(reservation("ERP", "Proposed", "sql", 8));
        let json = serde_json::to_vec(&site).unwrap();
        assert_eq!(site_from_json(&json), Ok(site));
        assert!(matches!(
            site_from_json(b"<html>"),
            Err(SiteReadError::NotJson(_))
        ));
        assert_eq!(
            site_from_json(br#"{"schema": 2}"#),
            Err(SiteReadError::Newer(2))
        );
        assert!(matches!(
            site_from_json(br#"{"schema": 1, "maintainer": 3}"#),
            Err(SiteReadError::Invalid(_))
        ));
        assert_eq!(
            site_from_json(br#"{"maintainer": "x"}"#),
            Err(SiteReadError::Invalid("no schema number".into()))
        );
    }
}
