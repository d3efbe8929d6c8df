//! Allocation: which entitlement line covers which demand, deterministically, least capable first.
//!
//! Demands are served most constrained first (one that needs SA, or a newer version, before one
//! that does not); each takes, from the lines that can cover it, the one with the least spare
//! capability: an OEM line of its own host first (it can serve nothing else), its own edition
//! before a higher edition (down-edition rights), no SA before SA, the soonest-ending term first
//! (perpetual last), then source order. Existing consumption (the
//! baseline) is served before the project. What no line covers is the shortfall.

use rustc_hash::FxHashMap as HashMap;
use std::cmp::Reverse;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, ProductId};
use crate::channel::Channel;
use crate::coverage::{Lot, LotAt, SaTerm, sa_active_on, sa_end};
use crate::entitlement::{Entitlement, LicenceType, Rights, SourceRef};

/// Whether a demand exists today or comes with the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Baseline,
    Project,
}

/// Rights that one deployed thing needs of one product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demand {
    /// What needs the rights, e.g. "sql-node-01" or "baseline consumption".
    pub label: String,
    pub origin: Origin,
    pub product: ProductId,
    pub rights: Rights,
    /// The version deployed, when known; a line must cover it.
    pub version: Option<String>,
    /// Whether the use relies on active Software Assurance (or subscription) on `on`.
    pub needs_sa: bool,
    /// The date the rights are needed from.
    pub on: NaiveDate,
    pub legal_entity: Option<String>,
    /// The physical host the demand is for, when it is one host's (counted by host): only such
    /// a demand may use an OEM line, and only the line of its own host.
    #[serde(default)]
    pub host: Option<String>,
    /// Only lines purchased before this date may cover it (Windows Server brought to a Listed
    /// Provider's dedicated host: MS-CLOUD-BYOL); a line with no purchase date cannot.
    #[serde(default)]
    pub bought_before: Option<NaiveDate>,
}

/// One allocation: rights of an entitlement line given to a demand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub source: SourceRef,
    /// The product of the line (differs from the demand's under down-edition rights).
    pub line_product: ProductId,
    pub demand: String,
    pub origin: Origin,
    pub product: ProductId,
    pub rights: Rights,
    /// The last day the line's rights last (a subscription's end); `None`: perpetual.
    pub rights_end: Option<NaiveDate>,
    /// When the demand relies on SA: the last day of the SA it rests on (`None`: no end given).
    pub relies_on_sa_until: Option<Option<NaiveDate>>,
    /// The cost centre that owns the line, when its file says: whose rights (or surplus) the
    /// demand uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_centre: Option<String>,
}

/// Rights no line could cover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmet {
    pub demand: String,
    pub origin: Origin,
    pub product: ProductId,
    pub rights: Rights,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationResult {
    pub allocations: Vec<Allocation>,
    pub unmet: Vec<Unmet>,
}

/// How a line stands against a demand, when it can cover it at all. Smaller is less capable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Capability {
    /// An OEM line can serve its own host alone, so it goes before any line that can move.
    portable: bool,
    /// 0 for the demand's own edition, n for the n-th higher edition that covers it.
    edition_steps: usize,
    has_sa: bool,
    /// Soonest-ending first; perpetual (no end, `(true, None)`) last.
    ends: (bool, Option<NaiveDate>),
}

fn capability(
    line: &Entitlement,
    sa: &SaTerm,
    demand: &Demand,
    edition_steps: usize,
    catalogue: &Catalogue,
) -> Option<Capability> {
    if !line.grants_on(demand.on) {
        return None;
    }
    let has_sa = sa_active_on(line, sa, demand.on);
    if demand.needs_sa && !has_sa {
        return None;
    }
    if let Some(version) = &demand.version
        && !catalogue.version_covered(
            &line.product,
            line.version.as_deref(),
            |date| sa_active_on(line, sa, date),
            version,
        )
    {
        return None;
    }
    if let Some(before) = demand.bought_before
        && line.purchased.is_none_or(|purchased| purchased >= before)
    {
        return None;
    }
    if let (Some(wanted), Some(owner)) = (&demand.legal_entity, &line.legal_entity)
        && wanted.as_str() != &**owner
    {
        return None;
    }
    // OEM rights are bound to the hardware they came with.
    if line.channel == Some(Channel::Oem)
        && (line.oem_host.is_none() || demand.host.as_ref() != line.oem_host.as_ref())
    {
        return None;
    }
    let ends = match line.licence_type {
        LicenceType::Subscription => line.end,
        _ => None,
    };
    Some(Capability {
        portable: line.channel != Some(Channel::Oem),
        edition_steps,
        has_sa,
        ends: (ends.is_none(), ends),
    })
}

/// How strict a demand is: stricter demands are served first.
fn strictness(demand: &Demand) -> impl Ord {
    (
        demand.origin,
        Reverse(demand.bought_before.is_some()),
        Reverse(demand.needs_sa),
        Reverse(demand.version.as_deref()),
        demand.on,
    )
}

/// Allocates `lots` to `demands`. Deterministic: the result depends on the order of neither.
pub fn allocate(demands: &[Demand], lots: &[Lot], catalogue: &Catalogue) -> AllocationResult {
    let lines: Vec<&Entitlement> = lots.iter().map(|lot| lot.line).collect();
    let owned: Vec<LotAt> = lots
        .iter()
        .enumerate()
        .map(|(line, lot)| LotAt {
            line,
            rights: lot.rights,
            sa: lot.sa.clone(),
        })
        .collect();
    let index = LotIndex::new(owned, &lines, catalogue);
    allocate_with(demands, &index, &lines, catalogue)
}

/// What [`allocate`] derives from the lots and the catalogue alone: the lots in allocation order
/// by product, and the products that cover each down-edition. An evaluation allocates several
/// times against the same lots (before, after, each phase), and a page evaluates many scenarios
/// against the same lines (`crate::prepared`): it is built once, as owned data, its lots naming
/// their lines by index.
#[derive(Clone, Debug)]
pub struct LotIndex {
    lots: Vec<LotAt>,
    /// Each product's lots as (rank in allocation order, index into `lots`), in rank order.
    lots_of: HashMap<ProductId, Vec<(usize, usize)>>,
    /// For a product, the products that cover it as a down-edition, with their edition steps.
    coverers: HashMap<ProductId, Vec<(usize, ProductId)>>,
    any_oem: bool,
}

impl LotIndex {
    /// `lines`: the lines the lots were cut from (`LotAt::line` indexes them).
    pub fn new(lots: Vec<LotAt>, lines: &[&Entitlement], catalogue: &Catalogue) -> LotIndex {
        // Allocation order among equals: file and row, lines without SA before SA's lots.
        // std's sort, not `crate::order`: this sort and the two below run on every evaluation
        // over every line, and a comparison behind `dyn` made `evaluate` ~1.8× slower in wasm.
        let mut lot_order: Vec<usize> = (0..lots.len()).collect();
        lot_order.sort_by(|&a, &b| {
            (&lines[lots[a].line].source, lots[a].sa != SaTerm::None)
                .cmp(&(&lines[lots[b].line].source, lots[b].sa != SaTerm::None))
        });
        let mut lots_of: HashMap<ProductId, Vec<(usize, usize)>> = HashMap::default();
        for (rank, &l) in lot_order.iter().enumerate() {
            let product = &lines[lots[l].line].product;
            match lots_of.get_mut(product) {
                Some(of) => of.push((rank, l)),
                None => {
                    lots_of.insert(product.clone(), vec![(rank, l)]);
                }
            }
        }
        let mut coverers: HashMap<ProductId, Vec<(usize, ProductId)>> = HashMap::default();
        for product in catalogue.products() {
            for (i, lower) in product.down_editions.iter().enumerate() {
                coverers
                    .entry(lower.clone())
                    .or_default()
                    .push((i + 1, product.id.clone()));
            }
        }
        let any_oem = lots
            .iter()
            .any(|lot| lines[lot.line].channel == Some(Channel::Oem));
        LotIndex {
            lots,
            lots_of,
            coverers,
            any_oem,
        }
    }
}

/// [`allocate`] against lots indexed once; `lines` are the lines the lots were cut from.
pub fn allocate_with(
    demands: &[Demand],
    index: &LotIndex,
    lines: &[&Entitlement],
    catalogue: &Catalogue,
) -> AllocationResult {
    let LotIndex {
        lots,
        lots_of,
        coverers,
        any_oem,
    } = index;
    let any_oem = *any_oem;
    let mut remaining: Vec<u64> = lots.iter().map(|lot| lot.rights).collect();
    let mut demand_order: Vec<usize> = (0..demands.len()).collect();
    // Each demand's strictness worked out once, not in every comparison of the sort.
    let strictness: Vec<_> = demands.iter().map(strictness).collect();
    demand_order.sort_by(|&a, &b| {
        strictness[a]
            .cmp(&strictness[b])
            .then_with(|| demands[a].label.cmp(&demands[b].label))
            .then_with(|| demands[a].product.cmp(&demands[b].product))
            .then_with(|| demands[a].rights.cmp(&demands[b].rights))
    });

    type Class<'d> = (
        &'d ProductId,
        NaiveDate,
        bool,
        Option<&'d str>,
        Option<&'d str>,
        Option<&'d str>,
        Option<NaiveDate>,
    );
    let mut classes: HashMap<Class, (Vec<usize>, usize)> = HashMap::default();
    let mut result = AllocationResult::default();
    for &d in &demand_order {
        let demand = &demands[d];
        let class: Class = (
            &demand.product,
            demand.on,
            demand.needs_sa,
            demand.version.as_deref(),
            demand.legal_entity.as_deref(),
            demand.host.as_deref().filter(|_| any_oem),
            demand.bought_before,
        );
        let (candidates, cursor) = classes.entry(class).or_insert_with(|| {
            let own = std::iter::once((0, &demand.product));
            let higher = coverers
                .get(&demand.product)
                .into_iter()
                .flatten()
                .map(|(steps, product)| (*steps, product));
            let mut ranked: Vec<(Capability, usize, usize)> = own
                .chain(higher)
                .flat_map(|(steps, product)| {
                    lots_of
                        .get(product)
                        .into_iter()
                        .flatten()
                        .map(move |&(rank, l)| (steps, rank, l))
                })
                .filter_map(|(steps, rank, l)| {
                    capability(lines[lots[l].line], &lots[l].sa, demand, steps, catalogue)
                        .map(|c| (c, rank, l))
                })
                .collect();
            ranked.sort();
            (ranked.into_iter().map(|(_, _, l)| l).collect(), 0)
        });
        while *cursor < candidates.len() && remaining[candidates[*cursor]] == 0 {
            *cursor += 1;
        }
        let candidates = candidates[*cursor..].iter().copied();
        let mut needed = demand.rights.0;
        for l in candidates {
            if needed == 0 {
                break;
            }
            let take = needed.min(remaining[l]);
            if take == 0 {
                continue;
            }
            remaining[l] -= take;
            needed -= take;
            let line = lines[lots[l].line];
            result.allocations.push(Allocation {
                source: line.source.clone(),
                line_product: line.product.clone(),
                demand: demand.label.clone(),
                origin: demand.origin,
                product: demand.product.clone(),
                rights: Rights(take),
                rights_end: match line.licence_type {
                    _ if line.unlimited => line.end,
                    LicenceType::Subscription => line.end,
                    _ => None,
                },
                relies_on_sa_until: demand.needs_sa.then(|| sa_end(line, &lots[l].sa)),
                cost_centre: line.cost_centre.as_deref().map(str::to_string),
            });
        }
        if needed > 0 {
            result.unmet.push(Unmet {
                demand: demand.label.clone(),
                origin: demand.origin,
                product: demand.product.clone(),
                rights: Rights(needed),
            });
        }
    }
    result
}
