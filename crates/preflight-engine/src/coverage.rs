//! Lots: entitlement lines cut into parts of one SA status. SA-only lines add coverage, never rights.

use std::collections::VecDeque;

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;

use crate::catalogue::ProductId;
use crate::derivation::Step;
use crate::entitlement::{Entitlement, LicenceType, Rights, SourceRef};
use crate::finding::Finding;

/// Where a lot's Software Assurance comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaTerm {
    /// No SA: a plain perpetual licence.
    None,
    /// The line's own SA or subscription term.
    Own,
    /// An SA-only line's term, applied to this perpetual licence.
    From {
        source: SourceRef,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    },
}

/// The rights of an unlimited agreement's lot: more than any estate can demand, small enough that
/// sums of many never overflow.
pub const UNLIMITED: u64 = 1 << 48;

/// Rights of one entitlement line that share one SA status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lot<'a> {
    pub line: &'a Entitlement,
    pub rights: u64,
    pub sa: SaTerm,
}

impl Lot<'_> {
    /// The last day of the lot's SA (or subscription) term; `None` when it has none or no end.
    pub fn sa_end(&self) -> Option<NaiveDate> {
        sa_end(self.line, &self.sa)
    }

    pub fn sa_active_on(&self, date: NaiveDate) -> bool {
        sa_active_on(self.line, &self.sa, date)
    }
}

/// A [`Lot`] as owned data, kept between evaluations (`crate::prepared`): `line` is the index of
/// its line in the lines it was cut from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LotAt {
    pub line: usize,
    pub rights: u64,
    pub sa: SaTerm,
}

/// The last day of SA (or subscription) term `sa` of `line`; `None` when it has none or no end.
pub fn sa_end(line: &Entitlement, sa: &SaTerm) -> Option<NaiveDate> {
    match sa {
        SaTerm::None => None,
        SaTerm::Own => line.end,
        SaTerm::From { end, .. } => *end,
    }
}

/// Whether SA term `sa` of `line` is active on `date`.
pub fn sa_active_on(line: &Entitlement, sa: &SaTerm, date: NaiveDate) -> bool {
    match sa {
        SaTerm::None => false,
        SaTerm::Own => line.sa_active_on(date),
        SaTerm::From { start, end, .. } => {
            start.is_none_or(|start| start <= date) && end.is_none_or(|end| date <= end)
        }
    }
}

/// The lots of `lines`: each SA-only line covers the same product's plain perpetual rights in
/// source order (splitting a line's rights when it covers only part of them); SA that finds no
/// licence to cover is a finding. Steps record each coverage against the product.
pub fn lots<'a>(
    lines: &[&'a Entitlement],
    steps: &mut Vec<(ProductId, Step)>,
    findings: &mut Vec<Finding>,
) -> Vec<Lot<'a>> {
    cut(lines, steps, findings)
        .into_iter()
        .map(|lot| Lot {
            line: lines[lot.line],
            rights: lot.rights,
            sa: lot.sa,
        })
        .collect()
}

/// [`lots`] as owned data: each lot names its line by its index in `lines`.
pub fn cut(
    lines: &[&Entitlement],
    steps: &mut Vec<(ProductId, Step)>,
    findings: &mut Vec<Finding>,
) -> Vec<LotAt> {
    let mut ordered: Vec<usize> = (0..lines.len()).collect();
    // std's sort, not `crate::order`: every line, on every evaluation (see allocation.rs).
    // Stable, so lines with one source keep their order, as the sort of the lines did.
    ordered.sort_by(|&a, &b| lines[a].source.cmp(&lines[b].source));
    let mut lots: Vec<LotAt> = ordered
        .iter()
        .filter(|&&line| lines[line].licence_type.grants_rights())
        .map(|&at| (at, lines[at]))
        .map(|(at, line)| LotAt {
            line: at,
            // An unlimited agreement never runs out: a quantity no demand can reach.
            rights: if line.unlimited {
                UNLIMITED
            } else {
                line.rights().0
            },
            sa: if line.licence_type == LicenceType::Perpetual {
                SaTerm::None
            } else {
                SaTerm::Own
            },
        })
        .collect();
    // Per product, the lots without SA still open to coverage, in source order.
    let mut open: HashMap<&ProductId, VecDeque<usize>> = HashMap::default();
    for (index, lot) in lots.iter().enumerate() {
        if lot.sa == SaTerm::None && lot.rights > 0 {
            open.entry(&lines[lot.line].product)
                .or_default()
                .push_back(index);
        }
    }
    for sa in ordered
        .iter()
        .map(|&at| lines[at])
        .filter(|line| line.licence_type == LicenceType::SoftwareAssurance)
    {
        let mut left = sa.rights().0;
        let candidates = open.entry(&sa.product).or_default();
        let mut position = 0;
        while left > 0 && position < candidates.len() {
            let index = candidates[position];
            let same_entity = match (&lines[lots[index].line].legal_entity, &sa.legal_entity) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if !same_entity {
                position += 1;
                continue;
            }
            if lots[index].rights > left {
                // Split: the rest of the line stays open, right after the covered part.
                let mut rest = lots[index].clone();
                rest.rights -= left;
                lots[index].rights = left;
                lots.push(rest);
                candidates.insert(position + 1, lots.len() - 1);
            }
            let covered = &mut lots[index];
            covered.sa = SaTerm::From {
                source: sa.source.clone(),
                start: sa.start,
                end: sa.end,
            };
            left -= covered.rights;
            steps.push((
                sa.product.clone(),
                Step::SaCoverage {
                    sa: sa.source.clone(),
                    covered: lines[covered.line].source.clone(),
                    rights: Rights(covered.rights),
                    end: sa.end,
                },
            ));
            candidates.remove(position);
        }
        if left > 0 {
            findings.push(Finding::SaWithoutLicence {
                product: sa.product.clone(),
                source: sa.source.clone(),
                rights: Rights(left),
            });
        }
    }
    lots
}
