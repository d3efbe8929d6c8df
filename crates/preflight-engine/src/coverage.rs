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
        match &self.sa {
            SaTerm::None => None,
            SaTerm::Own => self.line.end,
            SaTerm::From { end, .. } => *end,
        }
    }

    pub fn sa_active_on(&self, date: NaiveDate) -> bool {
        match &self.sa {
            SaTerm::None => false,
            SaTerm::Own => self.line.sa_active_on(date),
            SaTerm::From { start, end, .. } => {
                start.is_none_or(|start| start <= date) && end.is_none_or(|end| date <= end)
            }
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
    let mut ordered: Vec<&'a Entitlement> = lines.to_vec();
    // std's sort, not `crate::order`: every line, on every evaluation (see allocation.rs).
    ordered.sort_by(|a, b| a.source.cmp(&b.source));
    let mut lots: Vec<Lot<'a>> = ordered
        .iter()
        .filter(|line| line.licence_type.grants_rights())
        .map(|line| Lot {
            line,
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
            open.entry(&lot.line.product).or_default().push_back(index);
        }
    }
    for sa in ordered
        .iter()
        .filter(|line| line.licence_type == LicenceType::SoftwareAssurance)
    {
        let mut left = sa.rights().0;
        let candidates = open.entry(&sa.product).or_default();
        let mut position = 0;
        while left > 0 && position < candidates.len() {
            let index = candidates[position];
            let same_entity = match (&lots[index].line.legal_entity, &sa.legal_entity) {
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
                    covered: covered.line.source.clone(),
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
