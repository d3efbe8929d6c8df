//! Scenario snapshots a reviewer can read: each scenario of tests/scenarios.json evaluated and
//! rendered as positions, their working, findings and budget. A change in any figure or step
//! shows as a snapshot diff to review.

mod support;

use std::fmt::Write;

use preflight_engine::{RulePack, evaluate};
use support::case::{Case, as_of, read, workbook};

fn render(case: &Case, pack: &RulePack) -> String {
    let book = workbook(case, pack);
    let evaluation = evaluate(&book, pack, as_of());
    let mut out = String::new();
    let settings = &book.settings;
    let _ = writeln!(out, "# {}\n{}\n", case.name, case.source);
    let _ = writeln!(
        out,
        "rule pack {} ({}); as of {}; Oracle scope {}; ILMT {}",
        pack.id,
        pack.version,
        evaluation.as_of,
        settings.oracle_scope,
        if settings.ilmt {
            "in place"
        } else {
            "not in place"
        }
    );
    for position in &evaluation.positions {
        let product = pack
            .catalogue
            .get(&position.product)
            .map_or(position.product.0.clone(), |p| p.display_name());
        let to_buy: Vec<String> = position
            .to_buy
            .iter()
            .map(|line| format!("{} × {}-pack", line.packs, line.pack_size))
            .collect();
        let cost = position.cost.as_ref().map_or("unpriced".to_string(), |m| {
            format!("{} {}", m.amount, m.currency)
        });
        let _ = writeln!(
            out,
            "\n## {product} ({})\nrequired {}; entitled {}; project shortfall {}; to buy: {}; cost {cost}",
            position.metric,
            position.required,
            position.entitled,
            position.shortfall,
            if to_buy.is_empty() {
                "nothing".into()
            } else {
                to_buy.join(" + ")
            },
        );
        for step in &position.derivation {
            let rules: Vec<String> = step.rules().iter().map(|r| r.0.clone()).collect();
            let cited = if rules.is_empty() {
                String::new()
            } else {
                format!(" [{}]", rules.join(", "))
            };
            let _ = writeln!(out, "  - {step}{cited}");
        }
    }
    let _ = writeln!(out, "\nfindings:");
    for finding in &evaluation.findings {
        let product = finding
            .product()
            .map_or(String::new(), |p| format!("{p}: "));
        let _ = writeln!(out, "  - {:?} {product}{finding}", finding.severity());
    }
    let _ = writeln!(out, "\nbudget:");
    for line in &evaluation.budget.lines {
        let _ = writeln!(
            out,
            "  - {} {} {:?} {}: {} {}",
            line.fiscal_year,
            line.product,
            line.spend,
            line.item,
            line.amount.amount,
            line.amount.currency
        );
    }
    out
}

#[test]
fn scenarios_render_as_reviewed() {
    let pack = RulePack::builtin();
    let scenarios = read(include_str!("scenarios.json"));
    assert!(
        scenarios.len() >= 8,
        "the vendor rule issue asks for at least eight"
    );
    for (index, case) in scenarios.iter().enumerate() {
        let name = format!("scenario_{:02}", index + 1);
        insta::assert_snapshot!(name, render(case, &pack));
    }
}
