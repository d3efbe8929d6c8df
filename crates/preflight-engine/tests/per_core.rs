//! Microsoft per-core demand and the position, cost and derivation built on it.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::*;
use rust_decimal::{Decimal, dec};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn host(name: &str, sockets: u32, cores: u32) -> Host {
    Host::new(
        name,
        NonZeroU32::new(sockets).unwrap(),
        NonZeroU32::new(cores).unwrap(),
    )
}

fn deployment(product: &str, hosts: &[(u32, u32)]) -> Deployment {
    let hosts: Vec<Host> = hosts
        .iter()
        .enumerate()
        .map(|(i, &(sockets, cores))| host(&format!("h{i}"), sockets, cores))
        .collect();
    Deployment {
        name: "test".into(),
        placements: vec![Placement::on_hosts(
            ProductId(product.into()),
            hosts.iter().map(|h| h.name.clone()).collect(),
        )],
        hosts,
        ..Deployment::default()
    }
}

fn entitlement(
    product: &str,
    rights_per_pack: u32,
    packs: u32,
    price: Option<Decimal>,
    row: u32,
) -> Entitlement {
    let source = SourceRef {
        file: "owned.csv".into(),
        row,
    };
    Entitlement {
        unit_price: price.map(|amount| Money::new(amount, Currency::USD)),
        ..Entitlement::new(
            ProductId(product.into()),
            Metric::Core,
            LicenceType::Perpetual,
            rights_per_pack,
            packs,
            source,
        )
    }
}

fn evaluate_with(deployment: Deployment, entitlements: Vec<Entitlement>) -> Evaluation {
    let mut workbook = Workbook::new(Currency::USD, deployment);
    workbook.put_source(EntitlementSource {
        file: "owned.csv".into(),
        sha256: String::new(),
        entitlements,
        unmatched: vec![],
    });
    evaluate(&workbook, &RulePack::builtin(), as_of())
}

/// Required core licences for one product on the given (sockets, cores per socket) hosts.
fn check_required(product: &str, hosts: &[(u32, u32)], expect: u64) {
    let evaluation = evaluate_with(deployment(product, hosts), vec![]);
    assert_eq!(
        evaluation.positions[0].required,
        Rights(expect),
        "{product} on {hosts:?}"
    );
}

#[test]
fn windows_server_core_counts_follow_the_vendor_worked_examples() {
    let ws = "ms-windows-server-datacenter";
    // MS-WS-MIN8PROC / MS-WS-MIN16SRV, licensingschool.co.uk: 1×8 gives 16; 2×16 gives 32;
    // five servers of 1×24 give 120.
    check_required(ws, &[(1, 8)], 16);
    check_required(ws, &[(2, 16)], 32);
    check_required(ws, &[(1, 24); 5], 120);
    // verilicense.co.uk: 2×6 gives 16; 2×12 gives 24.
    check_required(ws, &[(2, 6)], 16);
    check_required(ws, &[(2, 12)], 24);
    // LICENSING_RULES.md §8: software-reuse.eu's 4×4 = 16 is wrong; the 8-per-processor
    // minimum makes it 32.
    check_required(ws, &[(4, 4)], 32);
    // The foundation issue's demo: 4 hosts × 2 sockets × 16 cores = 128.
    check_required(ws, &[(2, 16); 4], 128);
}

#[test]
fn sql_server_core_counts_have_a_per_processor_minimum_and_no_server_minimum() {
    let sql = "ms-sql-server-enterprise";
    // MS-SQL-PHYS-MIN4: "A minimum of four core licenses are required for each physical
    // processor" (SQL Server 2019 Licensing Guide). §8: no 16-core server minimum for SQL.
    check_required(sql, &[(1, 2)], 4);
    check_required(sql, &[(2, 2)], 8);
    check_required(sql, &[(1, 6)], 6);
    check_required(sql, &[(2, 16); 4], 128);
}

#[test]
fn the_demo_shortfall_is_bought_in_the_cheapest_packs_and_costed_exactly() {
    let ws = "ms-windows-server-datacenter";
    let mut deployment = deployment(ws, &[(2, 16); 4]);
    let all_hosts = deployment.hosts.iter().map(|h| h.name.clone()).collect();
    deployment.placements.push(Placement::on_hosts(
        ProductId("ms-sql-server-enterprise".into()),
        all_hosts,
    ));
    let owned = vec![
        // 48 Windows Server cores owned as three 16-packs at 6,155.00 each.
        entitlement(ws, 16, 3, Some(dec!(6155.00)), 2),
        // 32 SQL Server Enterprise cores owned as sixteen 2-packs at 15,123.00 each.
        entitlement("ms-sql-server-enterprise", 2, 16, Some(dec!(15123.00)), 3),
    ];
    let evaluation = evaluate_with(deployment, owned);
    let [ws_position, sql_position] = &evaluation.positions[..] else {
        panic!("two positions")
    };

    assert_eq!(
        (
            ws_position.required,
            ws_position.entitled,
            ws_position.shortfall
        ),
        (Rights(128), Rights(48), Rights(80))
    );
    // The foundation issue: 128 Windows Server cores = 8 × 16-core packs; 128 SQL Server
    // cores = 64 × 2-core packs.
    assert_eq!(
        ws_position.required_packs,
        [PackCount {
            pack_size: 16,
            packs: 8
        }]
    );
    assert_eq!(
        sql_position.required_packs,
        [PackCount {
            pack_size: 2,
            packs: 64
        }]
    );
    // 80 cores = 5 × 16-pack at 6,155.00 = 30,775.00.
    assert_eq!(
        ws_position.to_buy,
        [PurchaseLine {
            pack_size: 16,
            packs: 5,
            pack_price: Some(Money::new(dec!(6155.00), Currency::USD)),
            total: Some(Money::new(dec!(30775.00), Currency::USD)),
        }]
    );
    // 96 cores = 48 × 2-pack at 15,123.00 = 725,904.00.
    assert_eq!(
        (sql_position.required, sql_position.shortfall),
        (Rights(128), Rights(96))
    );
    assert_eq!(sql_position.to_buy[0].packs, 48);
    assert_eq!(
        sql_position.cost,
        Some(Money::new(dec!(725904.00), Currency::USD))
    );
    assert_eq!(
        evaluation.total.amounts(),
        &[Money::new(dec!(756679.00), Currency::USD)]
    );
}

#[test]
fn a_two_pack_price_is_derived_from_a_sixteen_pack_and_rounded_once() {
    // 16-pack at 1,000.00 → 62.5 per core → 2-pack 125.00; shortfall 18 = 16 + 2.
    let ws = "ms-windows-server-datacenter";
    let evaluation = evaluate_with(
        deployment(ws, &[(1, 18)]),
        vec![entitlement(ws, 16, 0, Some(dec!(1000.00)), 2)],
    );
    let position = &evaluation.positions[0];
    let lines: Vec<_> = position
        .to_buy
        .iter()
        .map(|l| (l.pack_size, l.packs, l.total.unwrap().amount))
        .collect();
    assert_eq!(lines, [(16, 1, dec!(1000.00)), (2, 1, dec!(125.00))]);
    assert_eq!(position.cost.unwrap().amount, dec!(1125.00));

    // 16-pack at 100.01 → 6.250625 per core → 2-pack 12.50125, rounded to 12.50. Then nine
    // 2-packs (112.50) are a cent cheaper than a 16-pack and a 2-pack (112.51), and win.
    let evaluation = evaluate_with(
        deployment(ws, &[(1, 18)]),
        vec![entitlement(ws, 16, 0, Some(dec!(100.01)), 2)],
    );
    let position = &evaluation.positions[0];
    assert_eq!(position.to_buy.len(), 1);
    assert_eq!(
        (position.to_buy[0].pack_size, position.to_buy[0].packs),
        (2, 9)
    );
    assert_eq!(position.to_buy[0].pack_price.unwrap().amount, dec!(12.50));
    assert_eq!(position.cost.unwrap().amount, dec!(112.50));
}

#[test]
fn surplus_is_never_silently_free_and_unpriced_purchases_say_so() {
    let ws = "ms-windows-server-datacenter";
    let evaluation = evaluate_with(
        deployment(ws, &[(2, 16)]),
        vec![entitlement(ws, 2, 4, None, 7)],
    );
    let position = &evaluation.positions[0];
    assert_eq!((position.shortfall, position.cost), (Rights(24), None));
    assert!(evaluation.findings.contains(&Finding::SurplusUnverified {
        product: ProductId(ws.into()),
        entitled: Rights(8)
    }));
    assert!(evaluation.findings.contains(&Finding::NoPrice {
        product: ProductId(ws.into())
    }));
    assert!(evaluation.total.is_empty());
}

#[test]
fn a_price_in_another_currency_is_not_summed_silently() {
    let ws = "ms-windows-server-datacenter";
    let mut line = entitlement(ws, 16, 1, Some(dec!(6155)), 2);
    line.unit_price = Some(Money::new(dec!(6155), Currency::EUR));
    let evaluation = evaluate_with(deployment(ws, &[(2, 16)]), vec![line]);
    assert_eq!(evaluation.positions[0].cost, None);
    assert!(evaluation.findings.contains(&Finding::NoExchangeRate {
        product: ProductId(ws.into()),
        from: Currency::EUR,
        to: Currency::USD
    }));
}

#[test]
fn the_most_recent_purchase_prices_the_shortfall() {
    let ws = "ms-windows-server-datacenter";
    let mut old = entitlement(ws, 16, 1, Some(dec!(5000)), 2);
    old.purchased = NaiveDate::from_ymd_opt(2023, 1, 1);
    let mut new = entitlement(ws, 16, 1, Some(dec!(6000)), 3);
    new.purchased = NaiveDate::from_ymd_opt(2025, 6, 1);
    let evaluation = evaluate_with(deployment(ws, &[(2, 32)]), vec![old, new]);
    assert_eq!(evaluation.positions[0].cost.unwrap().amount, dec!(12000));
    assert!(
        evaluation
            .findings
            .contains(&Finding::PricedFromEntitlement {
                product: ProductId(ws.into()),
                source: SourceRef {
                    file: "owned.csv".into(),
                    row: 3
                },
                purchased: NaiveDate::from_ymd_opt(2025, 6, 1),
            })
    );
}

#[test]
fn expired_subscriptions_and_sa_only_lines_add_no_rights() {
    let ws = "ms-windows-server-datacenter";
    let mut expired = entitlement(ws, 16, 1, None, 2);
    expired.licence_type = LicenceType::Subscription;
    expired.end = NaiveDate::from_ymd_opt(2026, 6, 30);
    let mut sa = entitlement(ws, 16, 1, None, 3);
    sa.licence_type = LicenceType::SoftwareAssurance;
    let evaluation = evaluate_with(deployment(ws, &[(2, 8)]), vec![expired, sa]);
    assert_eq!(evaluation.positions[0].entitled, Rights(0));
}

#[test]
fn placements_on_unknown_hosts_and_products_are_findings() {
    let mut deployment = deployment("ms-windows-server-datacenter", &[(2, 8)]);
    deployment.placements[0].hosts.push("ghost".into());
    deployment
        .placements
        .push(Placement::on_hosts(ProductId("acme-widget".into()), vec![]));
    let evaluation = evaluate_with(deployment, vec![]);
    assert!(evaluation.findings.contains(&Finding::UnknownTarget {
        product: ProductId("ms-windows-server-datacenter".into()),
        target: TargetKind::Host,
        name: "ghost".into()
    }));
    assert!(evaluation.findings.contains(&Finding::UnknownProduct {
        product: ProductId("acme-widget".into())
    }));
}

/// Every figure of a position is recomputed from its derivation steps.
fn recompute(position: &Position) {
    let steps = &position.derivation;
    let mut host_required: Vec<u64> = Vec::new();
    let (mut entitled, mut allocated, mut balances, mut cost_lines) =
        (0u64, 0u64, Vec::new(), Vec::new());
    for step in steps {
        match step {
            Step::HostCores {
                sockets,
                cores_per_socket,
                min_per_processor,
                counted,
                ..
            } => {
                assert_eq!(
                    counted.0,
                    u64::from(*sockets) * u64::from((*cores_per_socket).max(*min_per_processor))
                );
                host_required.push(counted.0);
            }
            Step::ServerMinimum {
                counted,
                min_per_server,
                required,
                ..
            } => {
                assert_eq!(Some(&counted.0), host_required.last());
                assert_eq!(required.0, counted.0.max(u64::from(*min_per_server)));
                *host_required.last_mut().unwrap() = required.0;
            }
            Step::VmCap {
                counted,
                vms,
                required,
                ..
            } => {
                assert_eq!(Some(&counted.0), host_required.last());
                assert_eq!(required.0, counted.0.max(*vms));
                *host_required.last_mut().unwrap() = required.0;
            }
            Step::CostShared { shares } => {
                // The shares sum exactly to the cost, and each demand's rights are short.
                let sum: Decimal = shares.iter().map(|(_, _, c)| c.amount).sum();
                assert_eq!(Some(sum), position.cost.map(|c| c.amount));
                assert!(shares.iter().all(|(_, rights, _)| rights.0 > 0));
            }
            Step::Required { hosts, required } => {
                assert_eq!(*hosts as usize, host_required.len());
                assert_eq!(required.0, host_required.iter().sum::<u64>());
                assert_eq!(*required, position.required);
            }
            Step::RequiredPacks { .. }
            | Step::Packs { .. }
            | Step::SaCoverage { .. }
            | Step::Consumed { .. }
            | Step::Reserved { .. }
            | Step::Reached { .. }
            | Step::Applied { .. }
            | Step::RulePack { .. }
            | Step::Unlimited { .. }
            | Step::PhaseShortfall { .. }
            | Step::TrueUp { .. }
            | Step::OemRetired { .. } => {}
            // These per-core positions have no other counting step.
            Step::Counted { .. } => panic!("unexpected step {step}"),
            Step::ListPrice {
                listed_pack,
                listed,
                pack_size,
                pack_price,
                ..
            } => {
                let exact = listed.amount / Decimal::from(*listed_pack) * Decimal::from(*pack_size);
                assert_eq!(
                    pack_price.amount,
                    exact.round_dp_with_strategy(2, money::ROUNDING)
                );
            }
            Step::Converted {
                from,
                rate,
                rate_from,
                to,
                ..
            } => {
                let exact = if from.currency == *rate_from {
                    from.amount * rate
                } else {
                    from.amount / rate
                };
                assert_eq!(
                    to.amount,
                    exact.round_dp_with_strategy(to.currency.minor_digits(), money::ROUNDING)
                );
            }
            Step::EntitlementLine {
                rights_per_pack,
                packs,
                counted,
                ..
            } => {
                assert!(
                    counted.0 == 0 || counted.0 == u64::from(*rights_per_pack) * u64::from(*packs)
                );
                entitled += counted.0;
            }
            Step::Entitled {
                entitled: total, ..
            } => {
                assert_eq!(total.0, entitled);
                assert_eq!(*total, position.entitled);
            }
            Step::Allocated { rights, .. } => allocated += rights.0,
            Step::Balance {
                stage,
                demand,
                covered,
                shortfall,
                entitled,
                used,
                surplus,
            } => {
                assert_eq!(*shortfall, demand.saturating_sub(*covered));
                assert_eq!(*surplus, entitled.saturating_sub(*used));
                if *stage == derivation::Stage::After {
                    assert_eq!(covered.0, allocated);
                    assert_eq!(
                        (*shortfall, *surplus),
                        (position.after.shortfall, position.after.surplus)
                    );
                } else {
                    assert_eq!(
                        (*shortfall, *surplus),
                        (position.before.shortfall, position.before.surplus)
                    );
                }
                balances.push(*stage);
            }
            Step::ProjectShortfall {
                before,
                after,
                shortfall,
            } => {
                assert_eq!(*shortfall, after.saturating_sub(*before));
                assert_eq!(*shortfall, position.shortfall);
            }
            Step::PackPrice {
                unit_price,
                rights_per_pack,
                pack_size,
                pack_price,
                ..
            } => {
                let exact =
                    unit_price.amount / Decimal::from(*rights_per_pack) * Decimal::from(*pack_size);
                assert_eq!(
                    pack_price.amount,
                    exact.round_dp_with_strategy(2, money::ROUNDING)
                );
            }
            Step::LineCost {
                packs,
                pack_price,
                total,
                ..
            } => {
                assert_eq!(total.amount, pack_price.amount * Decimal::from(*packs));
                cost_lines.push(total.amount);
            }
            Step::Cost { total, .. } => {
                assert_eq!(total.amount, cost_lines.iter().sum::<Decimal>());
                assert_eq!(Some(*total), position.cost);
            }
            Step::SoftwareAssurance {
                rate: Some((rate, licences)),
                yearly,
                ..
            } => {
                let exact = licences.amount * rate;
                assert_eq!(
                    yearly.map(|y| y.amount),
                    Some(exact.round_dp_with_strategy(2, money::ROUNDING))
                );
            }
            Step::SoftwareAssurance { rate: None, .. } => {}
            Step::LicenceIncluded {
                vcpus,
                per_vcpu_month,
                yearly,
                ..
            } => {
                let exact = per_vcpu_month.map(|p| p.amount * Decimal::from(*vcpus * 12));
                assert_eq!(
                    yearly.map(|y| y.amount),
                    exact.map(|e| e.round_dp_with_strategy(2, money::ROUNDING))
                );
            }
        }
    }
    assert_eq!(
        balances,
        [derivation::Stage::Before, derivation::Stage::After],
        "both balances are shown"
    );
    let bought: u64 = steps
        .iter()
        .filter_map(|s| match s {
            Step::Packs {
                pack_size, packs, ..
            } => Some(u64::from(*pack_size) * packs),
            _ => None,
        })
        .sum();
    assert!(bought >= position.shortfall.0);
    let in_packs: u64 = position
        .required_packs
        .iter()
        .map(|p| u64::from(p.pack_size) * p.packs)
        .sum();
    assert!(in_packs >= position.required.0);
}

#[test]
fn every_figure_is_recomputed_from_its_derivation() {
    let ws = "ms-windows-server-datacenter";
    let cases = [
        (
            deployment(ws, &[(2, 16); 4]),
            vec![entitlement(ws, 16, 3, Some(dec!(6155.00)), 2)],
        ),
        (
            deployment(ws, &[(1, 18), (4, 4)]),
            vec![entitlement(ws, 16, 0, Some(dec!(100.01)), 2)],
        ),
        (
            deployment("ms-sql-server-enterprise", &[(1, 3)]),
            vec![entitlement(
                "ms-sql-server-enterprise",
                2,
                1,
                Some(dec!(15123)),
                2,
            )],
        ),
    ];
    for (deployment, owned) in cases {
        for position in &evaluate_with(deployment, owned).positions {
            recompute(position);
        }
    }
}

#[test]
fn an_evaluation_records_what_reproduces_it() {
    let ws = "ms-windows-server-datacenter";
    let mut workbook = Workbook::new(Currency::USD, deployment(ws, &[(2, 16)]));
    workbook.put_source(EntitlementSource {
        file: "owned.csv".into(),
        sha256: "ab".repeat(32),
        entitlements: vec![],
        unmatched: vec![],
    });
    let pack = RulePack::builtin();
    let evaluation = evaluate(&workbook, &pack, as_of());
    let reproduction = &evaluation.reproduction;
    assert_eq!(reproduction.tool_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(
        (reproduction.rule_pack_id.as_str(), reproduction.as_of),
        ("preflight-builtin", as_of())
    );
    assert_eq!(reproduction.rule_pack_sha256.len(), 64);
    assert_eq!(
        reproduction.rule_pack_sha256,
        RulePack::builtin().sha256,
        "the pack's identity is stable"
    );
    assert_eq!(
        reproduction.sources,
        [SourceDigest {
            file: "owned.csv".into(),
            sha256: "ab".repeat(32)
        }]
    );
}

#[test]
fn the_budget_puts_licences_in_the_start_year_and_support_in_each_year_of_the_horizon() {
    let ws = "ms-windows-server-datacenter";
    let mut deployment = deployment(ws, &[(2, 16); 4]);
    deployment.start = NaiveDate::from_ymd_opt(2027, 2, 1);
    let mut workbook = Workbook::new(Currency::USD, deployment);
    workbook.settings.fiscal = FiscalSettings {
        start_month: 7,
        horizon_years: 3,
    };
    workbook.put_source(EntitlementSource::new(
        "owned.csv",
        vec![entitlement(ws, 16, 3, Some(dec!(6155.00)), 2)],
    ));
    // Test terms applying to every purchase (the built-in pack's Microsoft terms apply only with SA): 25% a year, rising 4% a year,
    // the first year bought with the licences.
    let mut pack = RulePack::builtin();
    pack.support_terms.retain(|t| t.publisher != "Microsoft");
    pack.support_terms
        .push(preflight_engine::rules::SupportTerms {
            publisher: "Microsoft".into(),
            annual_rate: dec!(0.25),
            yearly_uplift: dec!(0.04),
            first_year_in_purchase_year: true,
            rule: RuleId("ORA-SUPPORT-22".into()),
            applies: preflight_engine::rules::SupportApplies::Always,
        });
    let budget = evaluate(&workbook, &pack, as_of()).budget;
    let labels: Vec<&str> = budget.years.iter().map(|y| y.label.as_str()).collect();
    // A July fiscal year: 2027-02-01 falls in FY2027 (July 2026 to June 2027).
    assert_eq!(labels, ["FY2027", "FY2028", "FY2029"]);
    let lines: Vec<(&str, Spend, Decimal)> = budget
        .lines
        .iter()
        .map(|l| (l.fiscal_year.as_str(), l.spend, l.amount.amount))
        .collect();
    // 30,775.00 of licences; support 25% = 7,693.75, then 26% = 8,001.50, then 27.04% = 8,321.56.
    assert_eq!(
        lines,
        [
            ("FY2027", Spend::Capex, dec!(30775.00)),
            ("FY2027", Spend::Opex, dec!(7693.75)),
            ("FY2028", Spend::Opex, dec!(8001.50)),
            ("FY2029", Spend::Opex, dec!(8321.56)),
        ]
    );
    // Without terms for the publisher, the budget holds the licences alone.
    let plain = evaluate(&workbook, &RulePack::builtin(), as_of()).budget;
    assert_eq!(plain.lines.len(), 1);
}

#[test]
fn a_table_row_weaker_than_vendor_text_shows_its_confidence_and_becomes_an_assumption() {
    let ws = "ms-windows-server-datacenter";
    let workbook = Workbook::new(Currency::USD, deployment(ws, &[(2, 4)]));
    let table = rules::TableId("ms-windows-server-per-core".into());
    let evaluate_with = |confidence: Option<rules::Confidence>| {
        let mut pack = RulePack::builtin();
        pack.per_core_tables
            .iter_mut()
            .filter(|t| t.id == table)
            .for_each(|t| t.confidence = confidence);
        evaluate(&workbook, &pack, as_of())
    };
    // The built-in row quotes the Licensing Guide: high confidence, no assumption.
    let vendor = evaluate_with(Some(rules::Confidence::Vendor));
    let steps: Vec<String> = vendor.positions[0]
        .derivation
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(
        steps.iter().any(|s| s.ends_with(
            "(table ms-windows-server-per-core of 2022-10-01, confidence high (vendor text))"
        )),
        "{steps:#?}"
    );
    assert!(
        !vendor
            .findings
            .iter()
            .any(|f| matches!(f, Finding::TableConfidence { .. }))
    );
    // A third-party row: every step using it says so, and the findings list the assumption.
    let low = evaluate_with(Some(rules::Confidence::ThirdParty));
    let rows: Vec<String> = low.positions[0]
        .derivation
        .iter()
        .filter(|s| matches!(s, Step::HostCores { .. } | Step::ServerMinimum { .. }))
        .map(|s| s.to_string())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|s| s.ends_with("confidence low (third party))"))
    );
    let assumption = low
        .findings
        .iter()
        .find(|f| matches!(f, Finding::TableConfidence { .. }))
        .expect("an assumption");
    assert_eq!(assumption.severity(), Severity::Medium);
    // No confidence given: the weakest of the rules the row cites (all vendor text here).
    let unstated = evaluate_with(None);
    assert!(
        !unstated
            .findings
            .iter()
            .any(|f| matches!(f, Finding::TableConfidence { .. }))
    );
}
