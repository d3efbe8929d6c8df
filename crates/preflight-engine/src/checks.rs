//! Findings from the workbook and the allocation as a whole, rather than one product's position.

use chrono::NaiveDate;

use crate::allocation::{AllocationResult, Origin};
use crate::budget::Budget;
use crate::catalogue::ProductId;
use crate::finding::{Finding, Term};
use crate::rules::RulePack;
use crate::workbook::{Scenario, Workbook};

/// Terms that end inside the horizon under rights the project uses: one finding per line, term
/// and date, with the rights summed.
pub fn term_findings(
    after: &AllocationResult,
    budget: &Budget,
    start: NaiveDate,
    findings: &mut Vec<Finding>,
) {
    let Some(last_day) = budget.years.last().map(|year| year.last_day) else {
        return;
    };
    let inside = |day: NaiveDate| start <= day && day < last_day;
    let mut ends: Vec<Finding> = Vec::new();
    for allocation in after
        .allocations
        .iter()
        .filter(|a| a.origin == Origin::Project)
    {
        let mut terms = Vec::new();
        if let Some(day) = allocation.rights_end.filter(|day| inside(*day)) {
            terms.push((Term::Subscription, day));
        }
        if let Some(Some(day)) = allocation.relies_on_sa_until
            && inside(day)
        {
            terms.push((Term::SoftwareAssurance, day));
        }
        for (term, day) in terms {
            let same = ends.iter_mut().find(|f| {
                matches!(f, Finding::TermEnds { product, source, ends, term: t, .. }
                    if product == &allocation.line_product && source == &allocation.source && *ends == day && *t == term)
            });
            match same {
                Some(Finding::TermEnds { rights, .. }) => *rights = *rights + allocation.rights,
                _ => ends.push(Finding::TermEnds {
                    product: allocation.line_product.clone(),
                    source: allocation.source.clone(),
                    rights: allocation.rights,
                    ends: day,
                    term,
                }),
            }
        }
    }
    findings.extend(ends);
}

/// Problems in the workbook itself: placements of unknown products, unmatched lines. (Unknown
/// hosts, clusters, VMs and phases are found where placements are resolved, in `scope`.)
pub fn input_findings(workbook: &Workbook, scenario: &Scenario, pack: &RulePack) -> Vec<Finding> {
    let mut findings = unknown_products(scenario, pack);
    findings.extend(line_findings(workbook));
    findings
}

/// The scenario's placements of products the pack does not know.
pub fn unknown_products(scenario: &Scenario, pack: &RulePack) -> Vec<Finding> {
    let deployment = &scenario.deployment;
    let known: std::collections::HashSet<&ProductId> =
        pack.catalogue.products().iter().map(|p| &p.id).collect();
    let mut findings = Vec::new();
    for placement in &deployment.placements {
        if !known.contains(&placement.product) {
            findings.push(Finding::UnknownProduct {
                product: placement.product.clone(),
            });
        }
    }
    findings
}

/// What the workbook's files alone say: lines that look like one purchase, lines whose product
/// the catalogue does not know. The same for every scenario (`crate::prepared` keeps it).
pub fn line_findings(workbook: &Workbook) -> Vec<Finding> {
    let mut findings = Vec::new();
    let sources: Vec<&crate::workbook::EntitlementSource> = workbook.all_sources().collect();
    findings.extend(crate::duplicates::within(&sources).into_iter().map(|d| {
        Finding::LikelyDuplicate {
            product: d.product,
            rights: d.rights,
            first: d.first,
            second: d.second,
        }
    }));
    findings.extend(workbook.unmatched().map(|line| {
        Finding::Unmatched {
            source: line.source.clone(),
            text: [&line.publisher, &line.product, &line.edition]
                .into_iter()
                .filter(|part| !part.is_empty())
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }));
    findings
}
