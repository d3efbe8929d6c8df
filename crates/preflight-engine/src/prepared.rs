//! What an evaluation derives from the workbook's lines, existing estate, baseline and settings
//! alone, made once and kept between evaluations of scenarios (issue 7: "cache the baseline's
//! allocation; recompute only what the scenario changes").
//!
//! A scenario edit changes the deployment and the changes to the estate, never the lines: the
//! lines' lots, their allocation index, the findings of the files, each line's pack-size check,
//! the existing estate's demand and the baseline's allocation stay as they were. [`Prepared`]
//! keeps them as owned data (lots name their lines by index) with a copy of what they were made
//! from; [`Cache`] makes them again only when that changed. `evaluate_under` makes a fresh one
//! each call, so the cached path and the uncached one are one code path, held equal by
//! `tests/prepared.rs` on generated workbooks and sequences of edits.

use std::borrow::Cow;

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use crate::allocation::{AllocationResult, Demand, LotIndex, Origin, allocate_with};
use crate::catalogue::ProductId;
use crate::checks::line_findings;
use crate::coverage::cut;
use crate::demand::{ProductDemand, demands_of};
use crate::derivation::Step;
use crate::entitlement::Entitlement;
use crate::estate::Deployment;
use crate::evaluate::{Evaluation, evaluate_prepared, pack_size_check};
use crate::finding::Finding;
use crate::rules::RulePack;
use crate::site::SiteData;
use crate::workbook::{BaselineConsumption, EntitlementSource, Scenario, Settings, Workbook};

/// What a [`Prepared`] was made from: it serves an evaluation only when all of it is equal.
#[derive(Clone, Debug, PartialEq)]
struct MadeFrom {
    settings: Settings,
    as_of: NaiveDate,
    pack: RulePack,
    baseline: Vec<BaselineConsumption>,
    existing: Deployment,
    catalogue_additions: Vec<crate::catalogue::Product>,
    site: Option<SiteData>,
    sources: Vec<EntitlementSource>,
}

impl MadeFrom {
    /// Cheapest comparisons first; the lines, the largest, last.
    fn fits(
        &self,
        workbook: &Workbook,
        settings: &Settings,
        pack: &RulePack,
        as_of: NaiveDate,
    ) -> bool {
        self.as_of == as_of
            && self.settings == *settings
            && self.baseline == workbook.baseline
            && self.catalogue_additions == workbook.catalogue_additions
            && self.existing == workbook.existing
            && self.site == workbook.site
            && self.pack == *pack
            && self.sources == workbook.sources
    }
}

/// The scenario-independent part of an evaluation (see the module's documentation).
pub struct Prepared {
    /// A copy of what it was made from, when kept (`Cache`): `None` for one evaluation alone,
    /// which does not pay for copying the lines.
    made_from: Option<MadeFrom>,
    /// The pack with the workbook's catalogue additions, when it has any and they were taken.
    pub(crate) extended: Option<RulePack>,
    /// The findings made here, which every evaluation reports: copied into each evaluation of
    /// a kept one, moved into the evaluation of one made for it alone (`evaluate_under`).
    pub(crate) findings: Findings,
    /// SA coverage steps by product.
    pub(crate) coverage_steps: Vec<(ProductId, Step)>,
    pub(crate) lot_index: LotIndex,
    /// Each product's lines, as indexes into the workbook's lines, in their order.
    pub(crate) lines_of: HashMap<ProductId, Vec<usize>>,
    /// Each product's coverage steps, as indexes into `coverage_steps`.
    pub(crate) coverage_of: HashMap<ProductId, Vec<usize>>,
    /// A line's pack-size finding, by its index, for the lines that have one.
    pub(crate) pack_size: HashMap<usize, Finding>,
    /// The baseline's consumption as demands.
    pub(crate) consumption: Vec<Demand>,
    /// The consumption, then the existing estate's demand in catalogue order.
    pub(crate) baseline: Vec<Demand>,
    /// The reservations `before` was allocated with (those against the workbook's active
    /// scenario when this was made) and the baseline's allocation with them.
    pub(crate) reserved: Vec<Demand>,
    pub(crate) before: AllocationResult,
}

/// The findings a [`Prepared`] makes, in the order an evaluation reports them (the scenario's
/// unknown products come between `addition_refused` and `lines`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Findings {
    /// `CatalogueAdditionRefused` when the additions were refused.
    pub(crate) addition_refused: Option<Finding>,
    /// `checks::line_findings`: duplicates and unmatched lines.
    pub(crate) lines: Vec<Finding>,
    /// The findings of cutting the lines into lots.
    pub(crate) lots: Vec<Finding>,
    /// The findings working out the existing estate's demand as it is reported.
    pub(crate) existing: Vec<Finding>,
}

impl Prepared {
    /// Prepares one evaluation of `workbook` under `settings` and `pack` on `as_of`.
    pub fn new(
        workbook: &Workbook,
        settings: &Settings,
        pack: &RulePack,
        as_of: NaiveDate,
    ) -> Prepared {
        Prepared::make(workbook, settings, pack, as_of, false)
    }

    /// [`Prepared::new`] for the evaluations of many scenarios: with a copy of what it was made
    /// from, for [`Prepared::fits`].
    pub fn kept(
        workbook: &Workbook,
        settings: &Settings,
        pack: &RulePack,
        as_of: NaiveDate,
    ) -> Prepared {
        Prepared::make(workbook, settings, pack, as_of, true)
    }

    fn make(
        workbook: &Workbook,
        settings: &Settings,
        pack: &RulePack,
        as_of: NaiveDate,
        keep: bool,
    ) -> Prepared {
        let additions = workbook.all_catalogue_additions();
        let (extended, addition_refused) = match additions.is_empty() {
            true => (None, None),
            false => match pack.with_additions(&additions) {
                Ok(with_additions) => (Some(with_additions), None),
                Err(error) => (
                    None,
                    Some(Finding::CatalogueAdditionRefused {
                        reason: error.to_string(),
                    }),
                ),
            },
        };
        let made_from = keep.then(|| MadeFrom {
            settings: settings.clone(),
            as_of,
            pack: pack.clone(),
            baseline: workbook.baseline.clone(),
            existing: workbook.existing.clone(),
            catalogue_additions: workbook.catalogue_additions.clone(),
            site: workbook.site.clone(),
            sources: workbook.sources.clone(),
        });
        let pack = extended.as_ref().unwrap_or(pack);
        let catalogue = &pack.catalogue;
        let lines: Vec<&Entitlement> = workbook.entitlements().collect();
        let mut coverage_steps = Vec::new();
        let mut lot_findings = Vec::new();
        let lots = cut(&lines, &mut coverage_steps, &mut lot_findings);
        let lot_index = LotIndex::new(lots, &lines, catalogue);
        let mut lines_of: HashMap<ProductId, Vec<usize>> = HashMap::default();
        for (at, line) in lines.iter().enumerate() {
            match lines_of.get_mut(&line.product) {
                Some(of) => of.push(at),
                None => {
                    lines_of.insert(line.product.clone(), vec![at]);
                }
            }
        }
        let mut coverage_of: HashMap<ProductId, Vec<usize>> = HashMap::default();
        for (at, (product, _)) in coverage_steps.iter().enumerate() {
            coverage_of.entry(product.clone()).or_default().push(at);
        }
        let mut pack_size = HashMap::default();
        for product in catalogue.products() {
            let pack_sizes = pack.selling(product).map_or(&[][..], |s| s.pack_sizes);
            for &at in lines_of.get(&product.id).into_iter().flatten() {
                if !lines[at].unlimited
                    && let Some(finding) = pack_size_check(lines[at], pack_sizes)
                {
                    pack_size.insert(at, finding);
                }
            }
        }

        let consumption: Vec<Demand> = workbook
            .baseline
            .iter()
            .map(|consumption| Demand {
                label: "in use today".into(),
                origin: Origin::Baseline,
                product: consumption.product.clone(),
                rights: consumption.consumed,
                version: None,
                needs_sa: false,
                on: as_of,
                legal_entity: consumption.legal_entity.clone(),
                host: None,
                bought_before: None,
            })
            .collect();
        let existing = &workbook.existing;
        // No finding reported before this one is a rule's risk or a table's confidence, the only
        // kinds `demands_of` compares with earlier findings: an empty list gives the same.
        let mut existing_findings = Vec::new();
        let existing_now = demands_of(
            &lines,
            existing,
            settings,
            Origin::Baseline,
            existing.legal_entity.as_deref(),
            pack,
            as_of,
            &mut existing_findings,
        );
        let baseline: Vec<Demand> = consumption
            .iter()
            .cloned()
            .chain(in_order(catalogue, existing_now))
            .collect();
        let reserved = reserved(workbook, as_of);
        let before = match reserved.is_empty() {
            true => allocate_with(&baseline, &lot_index, &lines, catalogue),
            false => {
                let baseline_reserved: Vec<Demand> =
                    baseline.iter().chain(&reserved).cloned().collect();
                allocate_with(&baseline_reserved, &lot_index, &lines, catalogue)
            }
        };
        Prepared {
            made_from,
            extended,
            findings: Findings {
                addition_refused,
                lines: line_findings(workbook),
                lots: lot_findings,
                existing: existing_findings,
            },
            coverage_steps,
            lot_index,
            lines_of,
            coverage_of,
            pack_size,
            consumption,
            baseline,
            reserved,
            before,
        }
    }

    /// Whether this was kept and made from the same lines, estate, baseline, settings, pack and
    /// date.
    pub fn fits(
        &self,
        workbook: &Workbook,
        settings: &Settings,
        pack: &RulePack,
        as_of: NaiveDate,
    ) -> bool {
        self.made_from
            .as_ref()
            .is_some_and(|made_from| made_from.fits(workbook, settings, pack, as_of))
    }
}

/// The demands in catalogue order, so the result does not depend on hashing: moved out of
/// `demands`, not copied.
pub(crate) fn in_order(
    catalogue: &crate::catalogue::Catalogue,
    mut demands: HashMap<ProductId, ProductDemand>,
) -> Vec<Demand> {
    let mut ordered = Vec::new();
    for product in catalogue.products() {
        if let Some(demand) = demands.get_mut(&product.id) {
            ordered.append(&mut demand.demands);
        }
    }
    ordered
}

/// Surplus other projects' approved scenarios hold (against the workbook's active scenario):
/// served with the baseline, before the project, so it is not free for this one; not part of
/// what the estate consumes.
pub(crate) fn reserved(workbook: &Workbook, as_of: NaiveDate) -> Vec<Demand> {
    workbook
        .reservations_against()
        .map(|reservation| Demand {
            label: format!(
                "reserved for {} ({})",
                reservation.project, reservation.scenario
            ),
            origin: Origin::Baseline,
            product: reservation.product.clone(),
            rights: reservation.rights,
            version: None,
            needs_sa: false,
            on: as_of,
            legal_entity: reservation.legal_entity.clone(),
            host: None,
            bought_before: None,
        })
        .collect()
}

/// Evaluations that keep their [`Prepared`] part between calls, made again only when the lines,
/// estate, baseline, settings, pack or date it was made from changed: what the page keeps
/// between edits of a scenario.
#[derive(Default)]
pub struct Cache {
    prepared: Option<Prepared>,
    /// How many times the prepared part was made.
    made: u64,
}

impl Cache {
    /// How many times the prepared part has been made: it changes when, and only when, the
    /// lines, estate, baseline, settings, pack or date of the evaluations changed (or the cache
    /// was cleared), never on an edit of the scenario alone. The page keys the entitlement lines
    /// table on it.
    pub fn made(&self) -> u64 {
        self.made
    }

    /// Drops the prepared part (made again by the next evaluation), still counting.
    pub fn clear(&mut self) {
        self.prepared = None;
    }

    /// `crate::evaluate`, with the prepared part kept.
    pub fn evaluate(
        &mut self,
        workbook: &Workbook,
        pack: &RulePack,
        as_of: NaiveDate,
    ) -> Evaluation {
        self.evaluate_under(
            workbook,
            workbook.scenario(),
            &workbook.settings,
            pack,
            as_of,
        )
    }

    /// `crate::evaluate_under`, with the prepared part kept.
    pub fn evaluate_under(
        &mut self,
        workbook: &Workbook,
        scenario: &Scenario,
        settings: &Settings,
        pack: &RulePack,
        as_of: NaiveDate,
    ) -> Evaluation {
        if !self
            .prepared
            .as_ref()
            .is_some_and(|prepared| prepared.fits(workbook, settings, pack, as_of))
        {
            self.prepared = None;
        }
        if self.prepared.is_none() {
            self.made += 1;
        }
        let prepared = self
            .prepared
            .get_or_insert_with(|| Prepared::kept(workbook, settings, pack, as_of));
        let findings = Cow::Borrowed(&prepared.findings);
        evaluate_prepared(
            workbook, scenario, settings, pack, as_of, prepared, findings,
        )
    }
}
