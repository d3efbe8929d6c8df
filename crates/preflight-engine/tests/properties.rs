//! Invariants over arbitrary workbooks: serde round-trips, exact cost sums, position = entitled −
//! used, and a bigger deployment never costs less. Seeded and bounded, so the run repeats.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

const PRODUCTS: [&str; 3] = [
    "ms-windows-server-datacenter",
    "ms-sql-server-enterprise",
    "ms-sql-server-standard",
];

fn host() -> impl Strategy<Value = (u32, u32)> {
    (1u32..=4, 1u32..=40)
}

fn line() -> impl Strategy<Value = (usize, u32, u32, u32, i64)> {
    // product, licence type, rights per pack, packs, price in cents
    (
        0..PRODUCTS.len(),
        0u32..4,
        prop::sample::select(vec![1u32, 2, 16]),
        0u32..30,
        1i64..2_000_000,
    )
}

fn workbook(
    hosts: &[(u32, u32)],
    lines: &[(usize, u32, u32, u32, i64)],
    placed: &[usize],
) -> Workbook {
    let hosts: Vec<Host> = hosts
        .iter()
        .enumerate()
        .map(|(i, &(sockets, cores))| {
            Host::new(
                format!("h{i}"),
                NonZeroU32::new(sockets).unwrap(),
                NonZeroU32::new(cores).unwrap(),
            )
        })
        .collect();
    let placements = placed
        .iter()
        .map(|&p| {
            Placement::on_hosts(
                ProductId(PRODUCTS[p % PRODUCTS.len()].into()),
                hosts.iter().map(|h| h.name.clone()).collect(),
            )
        })
        .collect();
    let deployment = Deployment {
        name: "p".into(),
        hosts,
        placements,
        ..Deployment::default()
    };
    let types = [
        LicenceType::Perpetual,
        LicenceType::PerpetualWithSa,
        LicenceType::Subscription,
        LicenceType::SoftwareAssurance,
    ];
    let entitlements = lines
        .iter()
        .enumerate()
        .map(
            |(row, &(product, kind, per_pack, packs, cents))| Entitlement {
                unit_price: Some(Money::new(Decimal::new(cents, 2), Currency::EUR)),
                purchased: NaiveDate::from_ymd_opt(2020 + (row % 5) as i32, 1, 1),
                start: NaiveDate::from_ymd_opt(2025, 1, 1),
                end: NaiveDate::from_ymd_opt(2026 + (row % 3) as i32, 6, 30),
                ..Entitlement::new(
                    ProductId(PRODUCTS[product].into()),
                    Metric::Core,
                    types[kind as usize],
                    per_pack,
                    packs,
                    SourceRef {
                        file: "f.csv".into(),
                        row: row as u32 + 2,
                    },
                )
            },
        )
        .collect();
    let mut workbook = Workbook::new(Currency::EUR, deployment);
    workbook.put_source(EntitlementSource {
        file: "f.csv".into(),
        sha256: String::new(),
        entitlements,
        unmatched: vec![],
    });
    workbook
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn total(evaluation: &Evaluation) -> Decimal {
    evaluation.total.amounts().iter().map(|m| m.amount).sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, rng_seed: proptest::test_runner::RngSeed::Fixed(20261128), ..ProptestConfig::default() })]

    /// A workbook and its evaluation read back from JSON unchanged.
    #[test]
    fn workbooks_and_evaluations_round_trip_through_json(
        hosts in prop::collection::vec(host(), 1..4),
        lines in prop::collection::vec(line(), 0..8),
        placed in prop::collection::vec(0usize..3, 1..3),
    ) {
        let workbook = workbook(&hosts, &lines, &placed);
        let json = serde_json::to_string(&workbook).unwrap();
        prop_assert_eq!(workbook_from_json(json.as_bytes()).unwrap(), workbook.clone());
        let evaluation = evaluate(&workbook, &RulePack::builtin(), as_of());
        let json = serde_json::to_string(&evaluation).unwrap();
        prop_assert_eq!(serde_json::from_str::<Evaluation>(&json).unwrap(), evaluation);
    }

    /// Costs are exact sums: each line is packs × pack price, each product the sum of its lines,
    /// the total the sum of the products; the budget's lines add up to the same total.
    #[test]
    fn costs_are_exact_sums_and_the_budget_holds_the_same_money(
        hosts in prop::collection::vec(host(), 1..4),
        lines in prop::collection::vec(line(), 0..8),
        placed in prop::collection::vec(0usize..3, 1..3),
    ) {
        let evaluation = evaluate(&workbook(&hosts, &lines, &placed), &RulePack::builtin(), as_of());
        let mut sum = Decimal::ZERO;
        for position in &evaluation.positions {
            if let Some(cost) = position.cost {
                let lines: Decimal = position.to_buy.iter().map(|l| l.total.unwrap().amount).sum();
                prop_assert_eq!(cost.amount, lines);
                for line in &position.to_buy {
                    prop_assert_eq!(line.total.unwrap().amount, line.pack_price.unwrap().amount * Decimal::from(line.packs));
                }
                sum += cost.amount;
            }
        }
        prop_assert_eq!(total(&evaluation), sum);
        let budget: Decimal = evaluation.budget.lines.iter().map(|l| l.amount.amount).sum();
        prop_assert_eq!(budget, sum);
    }

    /// Position: shortfall = demand − covered, surplus = entitled − used, and the project buys
    /// at least its shortfall.
    #[test]
    fn positions_balance(
        hosts in prop::collection::vec(host(), 1..4),
        lines in prop::collection::vec(line(), 0..8),
        placed in prop::collection::vec(0usize..3, 1..3),
    ) {
        let evaluation = evaluate(&workbook(&hosts, &lines, &placed), &RulePack::builtin(), as_of());
        for position in &evaluation.positions {
            let covered: u64 = evaluation.allocations.iter().filter(|a| a.product == position.product).map(|a| a.rights.0).sum();
            let used: u64 = evaluation.allocations.iter().filter(|a| a.line_product == position.product).map(|a| a.rights.0).sum();
            prop_assert_eq!(position.after.shortfall.0, position.after.demand.0 - covered);
            prop_assert_eq!(position.after.surplus.0, position.entitled.0.saturating_sub(used));
            let bought: u64 = position.to_buy.iter().map(|l| u64::from(l.pack_size) * l.packs).sum();
            prop_assert!(bought >= position.shortfall.0);
        }
    }

    /// Adding a host to every placement never makes the project cheaper.
    #[test]
    fn more_deployment_never_costs_less(
        hosts in prop::collection::vec(host(), 1..4),
        extra in host(),
        lines in prop::collection::vec(line(), 0..8),
        placed in prop::collection::vec(0usize..3, 1..3),
    ) {
        let pack = RulePack::builtin();
        let smaller = evaluate(&workbook(&hosts, &lines, &placed), &pack, as_of());
        let mut more = hosts.clone();
        more.push(extra);
        let bigger = evaluate(&workbook(&more, &lines, &placed), &pack, as_of());
        let unpriced = |e: &Evaluation| e.positions.iter().any(|p| p.shortfall > Rights(0) && p.cost.is_none());
        prop_assume!(!unpriced(&smaller) && !unpriced(&bigger));
        prop_assert!(total(&bigger) >= total(&smaller), "{} < {}", total(&bigger), total(&smaller));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..ProptestConfig::default() })]

    /// The save's JSON through the kept sources is the workbook's own JSON, whatever changed
    /// since the last save: the deployment (the sources kept), the sources (written again), or
    /// a name holding the very text that stands for the sources.
    #[test]
    fn the_saved_json_through_kept_sources_is_the_workbooks_json(
        hosts in prop::collection::vec(host(), 1..4),
        lines in prop::collection::vec(line(), 0..20),
        placed in prop::collection::vec(0usize..3, 0..4),
        more_lines in prop::collection::vec(line(), 1..5),
        edits in prop::collection::vec(0u8..3, 1..6),
    ) {
        let mut workbook = workbook(&hosts, &lines, &placed);
        let mut saved = preflight_engine::saved_json::WorkbookJson::default();
        for (i, edit) in edits.into_iter().enumerate() {
            match edit {
                0 => workbook.scenario_mut().deployment.name = format!("p{i} \"sources\":[]"),
                1 => {
                    let grown = self::workbook(&hosts, &[lines.clone(), more_lines.clone()].concat(), &placed);
                    workbook.sources = grown.sources;
                }
                _ => workbook.sources.clear(),
            }
            let expect = serde_json::to_string(&workbook).unwrap();
            let before = workbook.clone();
            prop_assert_eq!(saved.write(&mut workbook).unwrap(), expect);
            prop_assert_eq!(&workbook, &before);
        }
    }
}
