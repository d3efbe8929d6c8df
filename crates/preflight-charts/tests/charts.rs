//! The charts drawn from the demo workbook and from edge cases: what a reader and a screen reader
//! are told, and that a hostile product name stays text.

use chrono::NaiveDate;
use preflight_charts::{MOST_PRODUCTS, cost_by_year, position_by_product};
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

/// An evaluation of `count` made-up products `p00`, `p01`, … (copies of the demo's first
/// position), each with the figures `figures(i)` gives: (before, after, owned, short).
fn many_products(count: usize, figures: impl Fn(usize) -> (u64, u64, u64, u64)) -> Evaluation {
    let (mut evaluation, _) = demo();
    let template = evaluation.positions[0].clone();
    evaluation.positions = (0..count)
        .map(|i| {
            let (before, after, owned, short) = figures(i);
            let mut p = template.clone();
            p.product = ProductId(format!("p{i:02}"));
            p.before.demand.0 = before;
            p.after.demand.0 = after;
            p.entitled.0 = owned;
            p.shortfall.0 = short;
            p
        })
        .collect();
    evaluation
}

fn id_as_name(id: &ProductId) -> String {
    format!("Product {}", id.0)
}

#[test]
fn a_chart_of_many_products_draws_those_short_or_changed_most_and_says_so() {
    // 40 products. Short: p05 by 3, p30 by 9, p12 by 1. Changed by the project, not short:
    // p01 (+50), p02 (+1), p33 (−20, a product the project retires from). The rest are untouched,
    // with needs after of 100 + i: the largest after of the untouched are p39, p38, ….
    let chart = position_by_product(
        &many_products(40, |i| match i {
            5 => (10, 13, 10, 3),
            30 => (0, 9, 0, 9),
            12 => (4, 5, 4, 1),
            1 => (0, 50, 50, 0),
            2 => (7, 8, 8, 0),
            33 => (20, 0, 20, 0),
            i => (100 + i as u64, 100 + i as u64, 200, 0),
        }),
        &id_as_name,
    );
    assert_eq!(MOST_PRODUCTS, 15);
    // 6 short or changed, then the 9 untouched with the largest need: p39 … p31 less p33 (it
    // changed), so p39, p38, p37, p36, p35, p34, p32, p31, p29.
    let shown = [1, 2, 5, 12, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39];
    for i in 0..40 {
        let label = format!("Product p{i:02} (");
        assert_eq!(
            chart.svg.contains(&label),
            shown.contains(&i),
            "p{i:02} drawn: {}",
            chart.summary
        );
        assert_eq!(chart.summary.contains(&label), shown.contains(&i));
    }
    // In the evaluation's order (the table's), not the ranking's.
    let at = |i: usize| chart.svg.find(&format!("Product p{i:02} (")).unwrap();
    assert!(at(1) < at(5) && at(5) < at(30) && at(30) < at(39));
    let note = "15 of 40 products shown: those left shortest or changed most. \
                The licence position table lists all 40.";
    assert!(chart.svg.contains(note), "{}", chart.svg);
    assert!(chart.summary.contains(note), "{}", chart.summary);
    assert!(
        chart
            .summary
            .contains("Product p30 (core licences): needed 0 before and 9 after, owned 0, short 9"),
        "{}",
        chart.summary
    );
}

#[test]
fn a_chart_of_as_many_products_as_it_draws_has_no_note() {
    let chart = position_by_product(
        &many_products(MOST_PRODUCTS, |i| (i as u64, i as u64 + 1, 0, i as u64 + 1)),
        &id_as_name,
    );
    for i in 0..MOST_PRODUCTS {
        assert!(chart.svg.contains(&format!("Product p{i:02} (")));
    }
    assert!(!chart.svg.contains("products shown"), "{}", chart.summary);
    assert!(
        chart
            .summary
            .starts_with("Licence position per product. Product p00")
    );
}

#[test]
fn a_cost_chart_of_many_products_draws_the_five_largest_and_the_rest_as_one() {
    // Eight products over the demo's first two fiscal years; p00 … p07 cost (in USD, first
    // year, second year): 10+1, 500+0, 3+3, 200+200, 0.50+0, 90+10, 1000+1, 7+0. Totals 11, 500,
    // 6, 400, 0.50, 100, 1001, 7: the five largest are p06, p01, p03, p05, p00 (11); p07 (7),
    // p02 (6) and p04 (0.50) are the others: 10.50 in the first year, 3 in the second.
    let (mut evaluation, _) = demo();
    let template = evaluation.budget.lines[0].clone();
    let years: Vec<String> = evaluation.budget.years[..2]
        .iter()
        .map(|y| y.label.clone())
        .collect();
    let costs = [
        ("10", "1"),
        ("500", "0"),
        ("3", "3"),
        ("200", "200"),
        ("0.50", "0"),
        ("90", "10"),
        ("1000", "1"),
        ("7", "0"),
    ];
    evaluation.budget.lines = costs
        .iter()
        .enumerate()
        .flat_map(|(i, (first, second))| {
            [(0, first), (1, second)].map(|(y, amount)| {
                let mut line = template.clone();
                line.product = ProductId(format!("p{i:02}"));
                line.fiscal_year = years[y].clone();
                line.amount.amount = amount.parse().unwrap();
                line
            })
        })
        .collect();
    let chart = cost_by_year(&evaluation, &id_as_name).unwrap();
    for (i, drawn) in [true, true, false, true, false, true, true, false]
        .iter()
        .enumerate()
    {
        let name = format!("Product p{i:02}");
        assert_eq!(
            chart.svg.contains(&name),
            *drawn,
            "{name}: {}",
            chart.summary
        );
        assert_eq!(
            chart.summary.contains(&name),
            *drawn,
            "{name}: {}",
            chart.summary
        );
    }
    assert!(chart.svg.contains("Other products (3)"), "{}", chart.svg);
    // Each year's total is unchanged; the others are one figure.
    let (first, second) = (&years[0], &years[1]);
    assert!(
        chart.summary.contains(&format!(
            "{first} USD 1810.50 (Product p00 10, Product p01 500, Product p03 200, \
             Product p05 90, Product p06 1000, Other products (3) 10.50)"
        )),
        "{}",
        chart.summary
    );
    assert!(
        chart.summary.contains(&format!(
            "{second} USD 215 (Product p00 1, Product p03 200, Product p05 10, Product p06 1, \
             Other products (3) 3)"
        )),
        "{}",
        chart.summary
    );
}

#[test]
fn a_long_product_name_is_cut_to_fit_its_label_and_kept_whole_in_the_summary() {
    let (evaluation, _) = demo();
    let long = |_: &ProductId| "Oracle Database Enterprise Edition Processor Perpetual".to_string();
    let position = position_by_product(&evaluation, &long);
    // 38 characters at most: 37 of the label "Oracle … Perpetual (core licences)", then "…".
    assert!(
        position
            .svg
            .contains(">\nOracle Database Enterprise Edition Pr…\n<"),
        "{}",
        position.svg
    );
    assert!(!position.svg.contains("Perpetual"));
    assert!(
        position
            .summary
            .contains("Oracle Database Enterprise Edition Processor Perpetual (core licences)")
    );
    let cost = cost_by_year(&evaluation, &long).unwrap();
    // The legend's 34: "Oracle Database Enterprise Editio" and "…".
    assert!(
        cost.svg
            .contains(">\nOracle Database Enterprise Editio…\n<"),
        "{}",
        cost.svg
    );
    assert!(
        cost.summary
            .contains("Oracle Database Enterprise Edition Processor Perpetual ")
    );
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
