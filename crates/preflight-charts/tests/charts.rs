//! The charts drawn from the demo workbook and from edge cases: what a reader and a screen reader
//! are told, and that a hostile product name stays text.

use chrono::NaiveDate;
use preflight_charts::{cost_by_year, position_by_product};
use preflight_engine::{
    Currency, Evaluation, ProductId, RulePack, Workbook, evaluate, workbook_from_json,
};

const DEMO: &[u8] = include_bytes!("../../../public/demo/workbook.json");

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn demo() -> (Evaluation, RulePack) {
    let pack = RulePack::builtin();
    let workbook = workbook_from_json(DEMO).expect("the demo workbook reads");
    (evaluate(&workbook, &pack, as_of()), pack)
}

fn name_in(pack: &RulePack) -> impl Fn(&ProductId) -> String + '_ {
    move |id| {
        pack.catalogue
            .get(id)
            .map_or_else(|| id.to_string(), |p| p.display_name())
    }
}

#[test]
fn cost_chart_names_each_product_year_and_the_currency_axis() {
    let (evaluation, pack) = demo();
    let chart = cost_by_year(&evaluation, &name_in(&pack)).unwrap();
    assert!(chart.svg.starts_with("<svg"), "{}", &chart.svg[..60]);
    assert!(chart.svg.contains("Cost (USD)"));
    assert!(chart.svg.contains("Fiscal year"));
    let products: Vec<_> = evaluation.budget.lines.iter().map(|l| &l.product).collect();
    assert!(!products.is_empty(), "the demo buys something");
    for id in products {
        let name = name_in(&pack)(id);
        assert!(chart.svg.contains(&name), "legend names {name}");
        assert!(chart.summary.contains(&name), "summary names {name}");
    }
    for year in &evaluation.budget.years {
        assert!(
            chart.svg.contains(&year.label),
            "axis labels {}",
            year.label
        );
    }
    assert!(chart.summary.starts_with("Cost by fiscal year in USD: "));
}

#[test]
fn cost_summary_gives_each_years_exact_total() {
    let (evaluation, pack) = demo();
    let chart = cost_by_year(&evaluation, &name_in(&pack)).unwrap();
    let first = &evaluation.budget.years[0].label;
    let total: rust_decimal::Decimal = evaluation
        .budget
        .lines
        .iter()
        .filter(|l| &l.fiscal_year == first)
        .map(|l| l.amount.amount)
        .sum();
    assert!(
        chart
            .summary
            .contains(&format!("{first} USD {} (", total.round_dp(2))),
        "{}",
        chart.summary
    );
}

#[test]
fn position_chart_names_each_product_with_its_figures() {
    let (evaluation, pack) = demo();
    let chart = position_by_product(&evaluation, &name_in(&pack));
    for label in ["Needed before", "Needed after", "Owned", "Short (to buy)"] {
        assert!(chart.svg.contains(label), "legend has {label}");
    }
    for position in &evaluation.positions {
        let name = name_in(&pack)(&position.product);
        assert!(chart.svg.contains(&name), "axis names {name}");
        assert!(
            chart.summary.contains(&format!(
                "owned {}, short {}",
                position.entitled.0, position.shortfall.0
            )),
            "{}",
            chart.summary
        );
    }
}

#[test]
fn an_empty_evaluation_draws_a_sentence_not_a_panic() {
    let pack = RulePack::builtin();
    let empty = evaluate(
        &Workbook::new(Currency::EUR, Default::default()),
        &pack,
        as_of(),
    );
    let cost = cost_by_year(&empty, &name_in(&pack)).unwrap();
    assert!(cost.svg.contains("Nothing to buy over the horizon."));
    assert_eq!(
        cost.summary,
        "Cost by fiscal year: nothing to buy over the horizon."
    );
    let position = position_by_product(&empty, &name_in(&pack));
    assert!(position.svg.contains("No product in the deployment yet."));
}

#[test]
fn a_product_name_with_markup_is_escaped_text() {
    let (evaluation, _) = demo();
    let hostile = |_: &ProductId| "<script>alert(1)</script> & \"x\"".to_string();
    for chart in [
        cost_by_year(&evaluation, &hostile).unwrap(),
        position_by_product(&evaluation, &hostile),
    ] {
        assert!(!chart.svg.contains("<script"), "raw markup in the SVG");
        assert!(
            chart
                .svg
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;")
        );
        // The summary is plain text; the page sets it as an attribute value, never as markup.
        assert!(chart.summary.contains("<script>"));
    }
}

#[test]
fn a_year_whose_cost_is_out_of_range_is_an_error_not_a_panic() {
    // Prices near `Decimal`'s limit: each product's cost fits, their sum in FY2027 does not.
    let pack = RulePack::builtin();
    let mut workbook = workbook_from_json(DEMO).expect("the demo workbook reads");
    // Windows Server: 5 packs at 10^28; SQL Server: 48 packs at 10^27; Decimal ends near 7.9 × 10^28.
    for line in &mut workbook.sources[0].entitlements {
        let price = match line.product.0.as_str() {
            "ms-windows-server-datacenter" => "10000000000000000000000000000",
            _ => "1000000000000000000000000000",
        };
        if let Some(unit_price) = &mut line.unit_price {
            unit_price.amount = price.parse().unwrap();
        }
    }
    let evaluation = evaluate(&workbook, &pack, as_of());
    assert_eq!(
        cost_by_year(&evaluation, &name_in(&pack)),
        Err(preflight_engine::MoneyError::Overflow)
    );
    // The other chart has no sum of money to overflow.
    assert!(
        position_by_product(&evaluation, &name_in(&pack))
            .svg
            .starts_with("<svg")
    );
}
