//! The vendor rule library's data-driven cases (tests/rule_cases.json): each case cites its
//! source, states the hand-computed licence count (and cost where priced), and must make the
//! evaluation cite every rule it names. A rule of the embedded pack with no case fails the run.

mod support;

use std::collections::BTreeSet;

use preflight_engine::alternatives::{compare, compare_one, evaluate_alternative, suggest};
use preflight_engine::{Cache, Finding, RulePack, evaluate};
use support::case::{as_of, read, workbook};

fn cases() -> Vec<support::case::Case> {
    read(include_str!("rule_cases.json"))
}

#[test]
fn every_rule_case_gives_its_hand_computed_figures_and_cites_its_rules() {
    let pack = RulePack::builtin();
    let mut failures = Vec::new();
    for case in cases() {
        assert!(!case.source.trim().is_empty(), "{}: no source", case.name);
        let evaluation = evaluate(&workbook(&case, &pack), &pack, as_of());
        let mut cited: BTreeSet<String> = BTreeSet::new();
        for position in &evaluation.positions {
            for step in &position.derivation {
                cited.extend(step.rules().into_iter().map(|r| r.0.clone()));
            }
        }
        let mut risks = Vec::new();
        for finding in &evaluation.findings {
            if let Finding::Rule { rule, .. } = finding {
                cited.insert(rule.0.clone());
                risks.push(rule.0.clone());
            }
        }
        for line in &evaluation.budget.lines {
            cited.extend(
                pack.rules
                    .iter()
                    .filter(|r| line.item.contains(&r.id.0))
                    .map(|r| r.id.0.clone()),
            );
        }
        // The alternatives' rows, and each alternative's own evaluation for the rules it cites.
        let (compared, alternatives) = if case.alternatives.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            let wb = workbook(&case, &pack);
            let suggested = suggest(&wb, &pack);
            let evaluated: Vec<_> = suggested
                .iter()
                .map(|a| evaluate_alternative(&wb, &pack, as_of(), a))
                .collect();
            // One cache kept across the case's alternatives (some change the settings, which
            // the cache must notice) gives each the figures of its evaluation from scratch.
            let mut cache = Cache::default();
            for (alternative, fresh) in suggested.iter().zip(&evaluated) {
                let kept = compare_one(&mut cache, &wb, &pack, as_of(), alternative);
                if kept.total != fresh.total
                    || kept.budget != fresh.budget
                    || kept.findings != fresh.findings.len()
                {
                    failures.push(format!(
                        "{}: {} through the kept cache differs from its evaluation",
                        case.name, alternative.name
                    ));
                }
            }
            (
                compare(&wb, &pack, as_of(), &evaluation, &suggested),
                evaluated,
            )
        };
        for alternative in &alternatives {
            for position in &alternative.positions {
                for step in &position.derivation {
                    cited.extend(step.rules().into_iter().map(|r| r.0.clone()));
                }
            }
        }
        for rule in &case.rules {
            if !cited.contains(rule) {
                failures.push(format!(
                    "{}: {rule} is not cited; cited {cited:?}",
                    case.name
                ));
            }
        }
        risks.sort();
        risks.dedup();
        let mut expected_risks = case.risks.clone();
        expected_risks.sort();
        if risks != expected_risks {
            failures.push(format!(
                "{}: rule findings {risks:?}, expected {expected_risks:?}: {:?}",
                case.name,
                evaluation
                    .findings
                    .iter()
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>()
            ));
        }
        for expect in &case.alternatives {
            let Some(c) = compared.iter().find(|c| c.name == expect.name) else {
                let names: Vec<&str> = compared.iter().map(|c| c.name.as_str()).collect();
                failures.push(format!(
                    "{}: no alternative {:?} among {names:?}",
                    case.name, expect.name
                ));
                continue;
            };
            // Out of range: no figure, which no expected horizon matches.
            let horizon: Vec<String> = c
                .horizon
                .as_ref()
                .map(|h| h.amounts().iter().map(|m| m.amount.to_string()).collect())
                .unwrap_or_default();
            if horizon != [expect.horizon.clone()] || c.cheapest != expect.cheapest {
                failures.push(format!(
                    "{}: {:?} costs {horizon:?} over the horizon (cheapest {}), expected {} (cheapest {})",
                    case.name, expect.name, c.cheapest, expect.horizon, expect.cheapest
                ));
            }
        }
        for expect in &case.budget {
            let lines = evaluation.budget.lines.iter().filter(|l| {
                l.fiscal_year == expect.fiscal_year
                    && l.product.0 == expect.product
                    && l.spend == expect.spend
            });
            let sum: rust_decimal::Decimal = lines.map(|l| l.amount.amount).sum();
            if sum.to_string() != expect.amount {
                failures.push(format!(
                    "{}: {} {:?} of {} is {sum}, expected {}: {:?}",
                    case.name,
                    expect.fiscal_year,
                    expect.spend,
                    expect.product,
                    expect.amount,
                    evaluation.budget.lines
                ));
            }
        }
        for (product, expect) in &case.expect {
            let Some(position) = evaluation
                .positions
                .iter()
                .find(|p| &p.product.0 == product)
            else {
                failures.push(format!("{}: no position for {product}", case.name));
                continue;
            };
            let working = || {
                position
                    .derivation
                    .iter()
                    .map(|s| format!("  {s}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            if position.required.0 != expect.required {
                failures.push(format!(
                    "{}: {product} requires {}, expected {}\n{}",
                    case.name,
                    position.required,
                    expect.required,
                    working()
                ));
            }
            if let Some(shortfall) = expect.shortfall
                && position.shortfall.0 != shortfall
            {
                failures.push(format!(
                    "{}: {product} short by {}, expected {shortfall}\n{}",
                    case.name,
                    position.shortfall,
                    working()
                ));
            }
            if let Some(cost) = &expect.cost {
                let got = position.cost.as_ref().map(|m| m.amount.to_string());
                if got.as_deref() != Some(cost.as_str()) {
                    failures.push(format!(
                        "{}: {product} costs {got:?}, expected {cost}\n{}",
                        case.name,
                        working()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_rule_of_the_embedded_pack_has_a_data_driven_case() {
    let pack = RulePack::builtin();
    let covered: BTreeSet<String> = cases().into_iter().flat_map(|c| c.rules).collect();
    let missing: Vec<&str> = pack
        .rules
        .iter()
        .map(|r| r.id.0.as_str())
        .filter(|id| !covered.contains(*id))
        .collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
    let known: BTreeSet<&str> = pack.rules.iter().map(|r| r.id.0.as_str()).collect();
    let unknown: Vec<&String> = covered
        .iter()
        .filter(|id| !known.contains(id.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "cases name rules the pack lacks: {unknown:?}"
    );
}

/// docs/rules.md: every rule of the embedded pack with its confidence, source and the cases that
/// prove it, generated from the pack and the cases so it cannot drift from them. Rewrite it with
/// `PREFLIGHT_WRITE_DOCS=1 cargo test -p preflight-engine --test rule_cases`.
#[test]
fn docs_rules_md_lists_every_rule_with_its_cases_and_source() {
    let pack = RulePack::builtin();
    let cases = cases();
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    out.push_str(&format!(
        "# Rules of the built-in pack, their sources and the cases that prove them\n\n\
         Generated from `crates/preflight-engine/rules/builtin.json` ({} {} of {}) and\n\
         `crates/preflight-engine/tests/rule_cases.json` by the test\n\
         `rule_cases::docs_rules_md_lists_every_rule_with_its_cases_and_source`; do not edit by hand.\n\n\
         Confidence: high — confirmed against the vendor's own text (or a faithful mirror of it); medium —\n\
         the vendor's rule as restated by a SAM platform's or reseller's documentation, not checked against\n\
         the vendor's text here; low — a third party's reading, not confirmed by the vendor.\n\n\
         {} rules, {} cases.\n\n\
         | rule | confidence | summary | source | cases (hand-computed) |\n|---|---|---|---|---|\n",
        pack.id,
        pack.version,
        pack.published,
        pack.rules.len(),
        cases.len()
    ));
    for rule in &pack.rules {
        let proving: Vec<String> = cases
            .iter()
            .filter(|c| c.rules.contains(&rule.id.0))
            .map(|c| cell(&c.name))
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            rule.id.0,
            rule.confidence,
            cell(&rule.summary),
            cell(&rule.source),
            proving.join("; ")
        ));
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    if std::env::var_os("PREFLIGHT_WRITE_DOCS").is_some() {
        std::fs::write(path, &out).expect("docs/rules.md written");
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == out,
        "docs/rules.md is out of date: rewrite it with PREFLIGHT_WRITE_DOCS=1 cargo test -p preflight-engine --test rule_cases"
    );
}
