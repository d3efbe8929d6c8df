//! Evaluation: demand under each product's rule, allocation of owned rights, position before and
//! after the project, the cheapest purchase for the project's shortfall, and its cost.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::allocation::{Allocation, AllocationResult, Demand, Origin, allocate_with};
use crate::assurance::{Purchasing, recurring};
pub use crate::balance::Balance;
use crate::balance::{ByProduct, balance};
use crate::budget::{Budget, add_purchase, fiscal_years, paid_on};
use crate::catalogue::ProductId;
use crate::changes::apply as apply_changes;
use crate::channel::{OemStatus, oem_status};
use crate::checks::{term_findings, unknown_products};
use crate::demand::{demands_of, project_demands};
use crate::derivation::{Stage, Step};
use crate::entitlement::{Entitlement, Rights};
use crate::finding::{Finding, Seen};
use crate::licence_included::{Rates, add_charges};
use crate::metric::Metric;
use crate::money::{Currency, Money, Totals};
use crate::prepared::{self, Prepared, in_order, reserved};
use crate::prices::PriceBook;
use crate::pricing::{PackCount, PhasePurchase, PurchaseLine, purchase};
use crate::rules::RulePack;
use crate::workbook::{Scenario, Settings, Workbook};

/// One product's licence position for the deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub product: ProductId,
    pub metric: Metric,
    /// Consumed today by the existing estate (the baseline); `None` when no baseline is known.
    pub consumed: Option<Rights>,
    /// Needed by the project.
    pub required: Rights,
    /// The project's requirement in sellable packs (least over-buy, then fewest packs).
    pub required_packs: Vec<PackCount>,
    /// The product's own counted rights in force on the as-of date (unlimited agreements aside).
    pub entitled: Rights,
    /// An unlimited agreement (ELA, ULA) covers the product on the as-of date.
    #[serde(default)]
    pub unlimited: bool,
    /// The baseline alone.
    pub before: Balance,
    /// The baseline and the project.
    pub after: Balance,
    /// What the project adds to the shortfall: after − before. This is what it must buy.
    pub shortfall: Rights,
    /// What to buy on each date the shortfall grows (one entry unless the rollout is phased).
    pub purchases: Vec<PhasePurchase>,
    /// The purchases summed by pack size.
    pub to_buy: Vec<PurchaseLine>,
    /// The cost of `to_buy`; `None` when any line is unpriced.
    pub cost: Option<Money>,
    /// That cost shared among the project's demands left short (hosts, VMs, user groups), in
    /// proportion to the rights each lacks: the parts sum exactly to the cost (`Money::split`).
    /// Empty when nothing is bought or the cost is unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cost_shares: Vec<CostShare>,
    pub derivation: Vec<Step>,
}

/// A part of a product's cost charged to one demand of the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostShare {
    /// The demand's subject: a host, VM, instance or user group.
    pub demand: String,
    /// The rights it lacked, its weight in the split.
    pub rights: Rights,
    pub cost: Money,
}

/// `cost` shared among the project's unmet demands of one product (`unmet`: the project's,
/// of that product, in allocation order), by the rights each lacks.
fn cost_shares(cost: Option<Money>, unmet: &[&crate::allocation::Unmet]) -> Vec<CostShare> {
    let Some(cost) = cost.filter(|c| !c.amount.is_zero()) else {
        return Vec::new();
    };
    let short: Vec<&crate::allocation::Unmet> =
        unmet.iter().copied().filter(|u| u.rights.0 > 0).collect();
    let weights: Vec<u64> = short.iter().map(|u| u.rights.0).collect();
    // The cost is a sum of rounded line costs, so it splits in whole minor units; an error
    // (no weights) leaves the cost unshared rather than guessed.
    let Ok(parts) = cost.split(&weights) else {
        return Vec::new();
    };
    short
        .into_iter()
        .zip(parts)
        .map(|(u, cost)| CostShare {
            demand: u.demand.clone(),
            rights: u.rights,
            cost,
        })
        .collect()
}

/// A file an evaluation read, by name and content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceDigest {
    pub file: String,
    pub sha256: String,
}

/// What reproduces an evaluation: the same tool, rule pack, date and files give the same figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reproduction {
    pub tool_version: String,
    pub rule_pack_id: String,
    pub rule_pack_version: String,
    pub rule_pack_sha256: String,
    pub as_of: NaiveDate,
    pub sources: Vec<SourceDigest>,
}

/// The result of evaluating a workbook: a shortfall is a result, not an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The name of the scenario evaluated.
    pub scenario: String,
    pub as_of: NaiveDate,
    /// "id version" of the rule pack used.
    pub rule_pack: String,
    pub reproduction: Reproduction,
    pub currency: Currency,
    pub positions: Vec<Position>,
    /// Which entitlement line covers which demand, baseline and project together.
    pub allocations: Vec<Allocation>,
    pub findings: Vec<Finding>,
    /// The cost of everything the project must buy, by currency.
    pub total: Totals,
    /// The project's cost by fiscal year over the horizon.
    pub budget: Budget,
}

/// A finding when a line's pack size disagrees between its column, its SKU text and the packs
/// the catalogue sells: the SKU states another size, or the line states a pack (more than one
/// right) of a size the catalogue does not sell. A line counting single rights (1) agrees with
/// any catalogue.
/// `pack_sizes`: the sizes the pack sells the line's product in (empty when it names none).
/// Called for every line: nothing is allocated unless the line has a finding.
pub(crate) fn pack_size_check(line: &Entitlement, pack_sizes: &[u32]) -> Option<Finding> {
    let sku_size = line
        .sku
        .as_deref()
        .and_then(crate::catalogue::pack_size_in_sku);
    let sold = |size: u32| size == 1 || pack_sizes.is_empty() || pack_sizes.contains(&size);
    let sku_disagrees = sku_size.is_some_and(|size| size != line.rights_per_pack);
    let unsold = !sold(line.rights_per_pack) || sku_size.is_some_and(|size| !sold(size));
    (sku_disagrees || unsold).then(|| Finding::PackSizeDisagrees {
        product: line.product.clone(),
        source: line.source.clone(),
        stated: line.rights_per_pack,
        sku: line.sku.clone().zip(sku_size),
        catalogue: pack_sizes.to_vec(),
        counted: line.counted_rights_per_pack(),
    })
}

/// Evaluates the workbook's active scenario against its entitlements under the rule pack, on `as_of`.
pub fn evaluate(workbook: &Workbook, pack: &RulePack, as_of: NaiveDate) -> Evaluation {
    evaluate_scenario(workbook, workbook.scenario(), pack, as_of)
}

/// Evaluates one scenario (of this workbook, or a variant of one) against the workbook's
/// entitlements, baseline, estate and settings, without copying the workbook.
pub fn evaluate_scenario(
    workbook: &Workbook,
    scenario: &Scenario,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Evaluation {
    evaluate_under(workbook, scenario, &workbook.settings, pack, as_of)
}

/// [`evaluate_scenario`] under other settings than the workbook's (an alternative's Oracle
/// scope or way of buying), still without copying the workbook.
pub fn evaluate_under(
    workbook: &Workbook,
    scenario: &Scenario,
    settings: &Settings,
    pack: &RulePack,
    as_of: NaiveDate,
) -> Evaluation {
    let mut prepared = Prepared::new(workbook, settings, pack, as_of);
    // Made for this evaluation alone: its findings are moved into it, not copied.
    let findings = Cow::Owned(std::mem::take(&mut prepared.findings));
    evaluate_prepared(
        workbook, scenario, settings, pack, as_of, &prepared, findings,
    )
}

/// [`evaluate_under`] with its scenario-independent part made beforehand: `prepared` must have
/// been made from this workbook's lines, estate and baseline under `settings`, `pack` and
/// `as_of` (`Prepared::fits`; `prepared::Cache` checks it). `made`: its findings, borrowed from
/// a kept `prepared` (and copied), or taken from one made for this evaluation (and moved).
pub(crate) fn evaluate_prepared(
    workbook: &Workbook,
    scenario: &Scenario,
    settings: &Settings,
    pack: &RulePack,
    as_of: NaiveDate,
    prepared: &Prepared,
    made: Cow<'_, prepared::Findings>,
) -> Evaluation {
    let made = made.into_owned();
    let mut findings = Vec::new();
    findings.extend(made.addition_refused);
    let pack = prepared.extended.as_ref().unwrap_or(pack);
    let catalogue = &pack.catalogue;
    findings.extend(unknown_products(scenario, pack));
    findings.extend(made.lines);
    // The project needs its rights from the day it goes live; the baseline needs them today.
    let start = scenario.deployment.start.unwrap_or(as_of);

    let lines: Vec<&Entitlement> = workbook.entitlements().collect();
    findings.extend(made.lots);
    let lot_index = &prepared.lot_index;

    // The existing estate's inventory, as it is (the baseline) and as the project changes it.
    let existing = &workbook.existing;
    let entity = existing.legal_entity.as_deref();
    findings.extend(made.existing);
    // Without changes the estate as changed is the estate as it is, and so is its demand (its
    // findings, all reported already, add nothing).
    let unchanged = scenario.changes.is_empty();
    let changed_estate;
    let changed: &crate::estate::Deployment = if unchanged {
        existing
    } else {
        changed_estate = apply_changes(existing, &scenario.changes, &mut findings);
        &changed_estate
    };
    let existing_then = if unchanged {
        None
    } else {
        let mut repeated = Vec::new();
        let existing_then = demands_of(
            &lines,
            changed,
            settings,
            Origin::Baseline,
            entity,
            pack,
            as_of,
            &mut repeated,
        );
        let seen = Seen::new(if repeated.is_empty() { &[] } else { &findings });
        let new: Vec<Finding> = repeated
            .into_iter()
            .filter(|f| !seen.contains(&findings, f))
            .collect();
        findings.extend(new);
        Some(existing_then)
    };
    let mut project = project_demands(settings, scenario, &lines, pack, start, &mut findings);
    let reserved = reserved(workbook, as_of);
    let consumption = &prepared.consumption;
    let baseline = &prepared.baseline;
    let mut all: Vec<Demand> = Vec::new();
    match existing_then {
        None => all.extend(baseline.iter().cloned()),
        Some(existing_then) => {
            all.extend(consumption.iter().cloned());
            all.extend(in_order(catalogue, existing_then));
        }
    }
    all.extend(reserved.iter().cloned());
    // The project's demands moved into `all` in catalogue order (not copied), each product's
    // kept as its range of `all`, by the product's place in the catalogue.
    let mut project_range: Vec<std::ops::Range<usize>> =
        Vec::with_capacity(catalogue.products().len());
    for product in catalogue.products() {
        let from = all.len();
        if let Some(demand) = project.get_mut(&product.id) {
            all.append(&mut demand.demands);
        }
        project_range.push(from..all.len());
    }
    let before_here;
    let before = if reserved == prepared.reserved {
        &prepared.before
    } else {
        let baseline_reserved: Vec<Demand> = baseline.iter().chain(&reserved).cloned().collect();
        before_here = allocate_with(&baseline_reserved, lot_index, &lines, catalogue);
        &before_here
    };
    let after = allocate_with(&all, lot_index, &lines, catalogue);
    let (before_index, after_index) = (ByProduct::new(before), ByProduct::new(&after));
    // A phased rollout: the shortfall as it stands after each go-live date, so each phase buys
    // what it adds, in its own fiscal year. The last date's allocation is `after` itself.
    let mut dates: Vec<NaiveDate> = all
        .iter()
        .filter(|d| d.origin == Origin::Project)
        .map(|d| d.on)
        .collect();
    dates.sort();
    dates.dedup();
    let earlier_stages: Vec<(NaiveDate, AllocationResult)> = dates
        .iter()
        .take(dates.len().saturating_sub(1))
        .map(|&date| {
            let due: Vec<Demand> = all
                .iter()
                .filter(|d| d.origin == Origin::Baseline || d.on <= date)
                .cloned()
                .collect();
            (date, allocate_with(&due, lot_index, &lines, catalogue))
        })
        .collect();
    let stage_indexes: Vec<(NaiveDate, ByProduct)> = earlier_stages
        .iter()
        .map(|(date, result)| (*date, ByProduct::new(result)))
        .chain(dates.last().map(|&date| (date, ByProduct::new(&after))))
        .collect();
    // The project's unmet demands by product, in allocation order: looked up per product, not
    // scanned whole for each (products × unmet demands, quadratic on a large estate).
    let mut project_unmet_of: HashMap<&ProductId, Vec<&crate::allocation::Unmet>> =
        HashMap::default();
    for unmet in after.unmet.iter().filter(|u| u.origin == Origin::Project) {
        project_unmet_of
            .entry(&unmet.product)
            .or_default()
            .push(unmet);
    }
    let mut consumed_of: HashMap<&ProductId, Rights> = HashMap::default();
    for demand in baseline {
        let consumed = consumed_of.entry(&demand.product).or_default();
        *consumed = *consumed + demand.rights;
    }

    let price_list: Vec<_> = workbook.price_entries().cloned().collect();
    let book = PriceBook {
        currency: settings.currency,
        buy: settings.buy,
        price_list: &price_list,
        rates: &settings.exchange_rates,
    };
    let cloud_rates = Rates {
        rates: &workbook.licence_included,
        currency: settings.currency,
        exchange: &settings.exchange_rates,
    };
    let mut positions = Vec::new();
    let mut total = Totals::default();
    let mut budget = Budget {
        years: fiscal_years(settings.fiscal, start),
        lines: Vec::new(),
    };
    for (place, product) in catalogue.products().iter().enumerate() {
        let own_at: &[usize] = prepared
            .lines_of
            .get(&product.id)
            .map_or(&[], Vec::as_slice);
        let own_lines: Vec<&Entitlement> = own_at.iter().map(|&at| lines[at]).collect();
        let own_lines = own_lines.as_slice();
        let consumed: Option<Rights> = consumed_of.get(&product.id).copied();
        let demand = project.get(&product.id);
        let reservations: Vec<_> = workbook
            .reservations_against()
            .filter(|r| r.product == product.id)
            .collect();
        if demand.is_none() && own_lines.is_empty() && consumed.is_none() && reservations.is_empty()
        {
            continue;
        }
        // The pack first: a change of rule pack shows in every derivation.
        // A step per line and a few more: reserved at once, not grown line by line.
        let mut derivation = Vec::with_capacity(own_lines.len() + 16);
        derivation.push(Step::RulePack {
            id: pack.id.clone(),
            version: pack.version.clone(),
            sha256: pack.sha256.clone(),
        });
        let required = demand.map_or(Rights(0), |d| d.required);
        if let Some(demand) = demand {
            derivation.extend(demand.steps.iter().cloned());
            add_charges(
                &cloud_rates,
                product,
                &demand.licence_included,
                &mut budget,
                &mut derivation,
                &mut findings,
            );
        }

        let mut entitled = Rights(0);
        // OEM rights that end with a host the project retires: owned before, not after.
        let mut ended = Rights(0);
        let mut unlimited = false;
        for (&at, line) in own_at.iter().zip(own_lines) {
            if line.unlimited {
                let in_term = line.grants_on(as_of);
                unlimited |= in_term;
                derivation.push(Step::Unlimited {
                    source: line.source.clone(),
                    in_term,
                    end: line.end,
                });
                continue;
            }
            let oem = oem_status(line, existing, changed, &scenario.deployment);
            let unbound = matches!(oem, Some(OemStatus::Unbound { .. }));
            let counted = if line.grants_on(as_of) && !unbound {
                line.rights()
            } else {
                Rights(0)
            };
            entitled = entitled + counted;
            if let Some(finding) = prepared.pack_size.get(&at) {
                findings.push(finding.clone());
            }
            derivation.push(Step::EntitlementLine {
                source: line.source.clone(),
                licence_type: line.licence_type,
                rights_per_pack: line.counted_rights_per_pack(),
                packs: line.packs,
                counted,
            });
            match oem {
                Some(OemStatus::Unbound { host }) => findings.push(Finding::OemUnbound {
                    product: product.id.clone(),
                    source: line.source.clone(),
                    host,
                    rights: line.rights(),
                }),
                Some(OemStatus::Retired { host }) if counted > Rights(0) => {
                    ended = ended + counted;
                    derivation.push(Step::OemRetired {
                        source: line.source.clone(),
                        host: host.clone(),
                        rights: counted,
                    });
                    findings.push(Finding::OemRightsEnd {
                        product: product.id.clone(),
                        source: line.source.clone(),
                        host,
                        rights: counted,
                    });
                }
                _ => {}
            }
        }
        derivation.push(Step::Entitled {
            lines: own_lines.iter().filter(|line| !line.unlimited).count() as u32,
            entitled,
        });
        derivation.extend(
            prepared
                .coverage_of
                .get(&product.id)
                .into_iter()
                .flatten()
                .map(|&at| prepared.coverage_steps[at].1.clone()),
        );
        derivation.extend(reservations.iter().map(|r| Step::Reserved {
            project: r.project.clone(),
            scenario: r.scenario.clone(),
            reserved_on: r.reserved_on,
            reserved_by: r.reserved_by.clone(),
            rights: r.rights,
        }));
        if let Some(consumed) = consumed {
            derivation.push(Step::Consumed { consumed });
        } else if entitled > Rights(0) {
            // No baseline is known: owned rights are not free surplus until proven.
            findings.push(Finding::SurplusUnverified {
                product: product.id.clone(),
                entitled,
            });
        }

        let before_balance = balance(
            catalogue,
            &product.id,
            Stage::Before,
            &before_index,
            entitled,
            &mut derivation,
        );
        let after_balance = balance(
            catalogue,
            &product.id,
            Stage::After,
            &after_index,
            entitled.saturating_sub(ended),
            &mut derivation,
        );
        if before_balance.shortfall > Rights(0) {
            findings.push(Finding::ExistingShortfall {
                product: product.id.clone(),
                shortfall: before_balance.shortfall,
            });
        }
        let shortfall = after_balance
            .shortfall
            .saturating_sub(before_balance.shortfall);
        derivation.push(Step::ProjectShortfall {
            before: before_balance.shortfall,
            after: after_balance.shortfall,
            shortfall,
        });

        let Some(table) = pack.selling(product) else {
            continue;
        };
        let mut so_far = before_balance.shortfall;
        let shortfalls: Vec<(NaiveDate, Rights)> = stage_indexes
            .iter()
            .map(|(date, index)| {
                let now = index.unmet.get(&product.id).copied().unwrap_or_default();
                let added = now.saturating_sub(so_far);
                so_far = so_far.max(now);
                (*date, added)
            })
            .filter(|(_, added)| *added > Rights(0))
            .collect();
        let bought = purchase(
            &book,
            product,
            &table,
            required,
            &shortfalls,
            own_lines,
            &mut findings,
            &mut derivation,
        );
        if let Some(cost) = bought.cost
            && total.add(cost).is_err()
        {
            findings.push(Finding::CostOverflow {
                product: product.id.clone(),
            });
        }
        // Unmet project demands of the product that rely on SA: what it buys must carry SA.
        let project_unmet = project_unmet_of
            .get(&product.id)
            .map_or(&[][..], Vec::as_slice);
        // Looked up in a set of the demands that need SA: a scan of the demands for each unmet
        // one was quadratic in a product's demands (thousands of VMs of one product).
        let needing_sa: rustc_hash::FxHashSet<&str> = match project_unmet.is_empty() {
            false => all[project_range[place].clone()]
                .iter()
                .filter(|x| x.needs_sa)
                .map(|x| x.label.as_str())
                .collect(),
            true => Default::default(),
        };
        let relying_on_sa: Vec<String> = project_unmet
            .iter()
            .filter(|u| needing_sa.contains(u.demand.as_str()))
            .map(|u| u.demand.clone())
            .collect();
        let purchasing = Purchasing {
            product: &product.id,
            buy: settings.buy,
            currency: settings.currency,
            price_list: &price_list,
            rates: &settings.exchange_rates,
            terms: pack.support_terms(&product.publisher),
            relying_on_sa,
            without_sa: settings.without_sa,
        };
        for phase in &bought.purchases {
            if let Some(cost) = phase.cost {
                let paid = paid_on(
                    &product.id,
                    own_lines,
                    phase.on,
                    &mut findings,
                    &mut derivation,
                );
                let recurs = recurring(&purchasing, phase, &mut derivation);
                add_purchase(
                    &mut budget,
                    &product.id,
                    paid,
                    cost,
                    settings.buy,
                    recurs.terms,
                    &mut findings,
                );
                recurs.add_listed(&mut budget, &product.id, paid, &mut findings);
            }
        }
        let cost_shares = cost_shares(bought.cost, project_unmet);
        if !cost_shares.is_empty() {
            derivation.push(Step::CostShared {
                shares: cost_shares
                    .iter()
                    .map(|s| (s.demand.clone(), s.rights, s.cost))
                    .collect(),
            });
        }
        positions.push(Position {
            product: product.id.clone(),
            metric: product.metric,
            consumed,
            required,
            required_packs: bought.required_packs,
            entitled,
            unlimited,
            before: before_balance,
            after: after_balance,
            shortfall,
            purchases: bought.purchases,
            to_buy: bought.lines,
            cost: bought.cost,
            cost_shares,
            derivation,
        });
    }

    term_findings(&after, &budget, start, &mut findings);

    let reproduction = Reproduction {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        rule_pack_id: pack.id.clone(),
        rule_pack_version: pack.version.clone(),
        rule_pack_sha256: pack.sha256.clone(),
        as_of,
        sources: workbook
            .all_sources()
            .map(|source| SourceDigest {
                file: source.file.clone(),
                sha256: source.sha256.clone(),
            })
            .collect(),
    };
    Evaluation {
        scenario: scenario.name.clone(),
        as_of,
        rule_pack: format!("{} {}", pack.id, pack.version),
        reproduction,
        currency: settings.currency,
        positions,
        allocations: after.allocations,
        findings,
        total,
        budget,
    }
}
