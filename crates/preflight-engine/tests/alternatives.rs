//! The alternatives a licence manager weighs, suggested from the rule pack and priced side by
//! side: Windows Server Standard vs Datacenter around the break-even VM count, per host vs per
//! VM, Oracle Processor vs Named User Plus and the wider partitioning scopes.

mod support;

use preflight_engine::alternatives::{compare, suggest};
use preflight_engine::{Currency, LicenceType, RulePack, evaluate};
use support::case::{as_of, read, workbook};

fn windows_host(vms: usize) -> String {
    let names: Vec<String> = (1..=vms).map(|i| format!("\"w{i}\"")).collect();
    let vm_list: Vec<String> = (1..=vms)
        .map(|i| format!("{{\"name\": \"w{i}\", \"vcpus\": 4, \"host\": \"h\"}}"))
        .collect();
    format!(
        r#"[{{"name": "{vms} Windows VMs on one 2x16 host", "rules": [], "source": "hand-computed",
        "deployment": {{"name": "d", "hosts": [{{"name": "h", "sockets": 2, "cores_per_socket": 16}}],
          "vms": [{}], "placements": [{{"product": "ms-windows-server-standard", "vms": [{}]}}]}},
        "prices": {{"ms-windows-server-standard": [16, "1100.00"], "ms-windows-server-datacenter": [16, "6155.00"]}}}}]"#,
        vm_list.join(","),
        names.join(",")
    )
}

/// Standard costs 1,100 per 16 cores (68.75 a core), Datacenter 6,155 (384.6875 a core): on a
/// 32-core host Datacenter costs 12,310, Standard 2,200 per set of 2 VMs. Ten VMs need 5 sets
/// (11,000: Standard is cheaper); twelve need 6 (13,200: Datacenter is cheaper). The break-even
/// is between 10 and 12 VMs.
#[test]
fn standard_or_datacenter_turns_at_the_break_even_vm_count() {
    let pack = RulePack::builtin();
    for (vms, cheaper, standard, datacenter) in [
        (10, "as proposed", "11000.00", "12310.00"),
        (
            12,
            "Windows Server Datacenter instead of Windows Server Standard",
            "13200.00",
            "12310.00",
        ),
    ] {
        let case = &read(&windows_host(vms))[0];
        let book = workbook(case, &pack);
        let suggested = suggest(&book, &pack);
        let names: Vec<&str> = suggested.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Windows Server Datacenter instead of Windows Server Standard",
                "Windows Server Standard licensed per VM"
            ]
        );
        let proposed = evaluate(&book, &pack, as_of());
        let compared = compare(&book, &pack, as_of(), &proposed, &suggested);
        let total = |name: &str| {
            let c = compared.iter().find(|c| c.name == name).unwrap();
            c.total.amounts()[0].amount.to_string()
        };
        assert_eq!(total("as proposed"), standard, "{vms} VMs");
        assert_eq!(total(names[0]), datacenter, "{vms} VMs");
        // Per VM: 4-vCPU VMs lifted to 8 each (MS-WS-BYVM) = 8 x vms cores at 68.75.
        assert_eq!(
            total(names[1]),
            format!("{}.00", 8 * vms as u64 * 6875 / 100),
            "{vms} VMs"
        );
        let marked: Vec<&str> = compared
            .iter()
            .filter(|c| c.cheapest)
            .map(|c| c.name.as_str())
            .collect();
        // Per VM is cheapest of all (it rests on SA, which these prices leave out).
        assert_eq!(marked, [names[1]], "{vms} VMs");
        let amount = |name: &str| {
            let c = compared.iter().find(|c| c.name == name).unwrap();
            c.total.amounts()[0].amount
        };
        let cheaper_edition = if amount(names[0]) < amount("as proposed") {
            names[0]
        } else {
            "as proposed"
        };
        assert_eq!(cheaper_edition, cheaper, "{vms} VMs");
    }
}

#[test]
fn oracle_in_vms_is_offered_by_named_user_and_under_the_wider_scopes() {
    let pack = RulePack::builtin();
    let case = &read(
        r#"[{"name": "oracle", "rules": [], "source": "hand-computed",
        "deployment": {"name": "d",
          "hosts": [{"name": "a", "sockets": 2, "cores_per_socket": 16, "processor": "Intel Xeon Gold 6338"},
                    {"name": "b", "sockets": 2, "cores_per_socket": 16, "processor": "Intel Xeon Gold 6338"}],
          "clusters": [{"name": "c1", "hosts": ["a"], "vcenter": "vc"}, {"name": "c2", "hosts": ["b"], "vcenter": "vc"}],
          "vms": [{"name": "db", "vcpus": 4, "cluster": "c1"}],
          "user_groups": [{"name": "app", "users": 40}],
          "placements": [{"product": "oracle-database-ee", "vms": ["db"], "user_groups": ["app"]}]},
        "prices": {"oracle-database-ee": [1, "47500.00"], "oracle-database-ee-nup": [1, "950.00"]}}]"#,
    )[0];
    let book = workbook(case, &pack);
    let suggested = suggest(&book, &pack);
    let names: Vec<&str> = suggested.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Oracle Database Enterprise Edition (Named User Plus) instead of Oracle Database Enterprise Edition",
            "Oracle Database Standard Edition 2 instead of Oracle Database Enterprise Edition",
            "Oracle Database Standard Edition 2 (Named User Plus) instead of Oracle Database Enterprise Edition",
            "Oracle counted under the vCenter scope (audit risk)",
            "Oracle counted under the estate scope (audit risk)",
        ]
    );
    let proposed = evaluate(&book, &pack, as_of());
    let compared = compare(&book, &pack, as_of(), &proposed, &suggested);
    let totals: Vec<String> = compared
        .iter()
        .map(|c| {
            c.total
                .amounts()
                .first()
                .map_or("unpriced".into(), |m| m.amount.to_string())
        })
        .collect();
    // Processor: host a, 32 x 0.5 = 16 x 47,500 = 760,000. NUP: max(40, 25 x 16) = 400 x 950 =
    // 380,000. SE2 is not priced here. vCenter (and estate) scope: hosts a and b, 64 x 0.5 = 32
    // x 47,500 = 1,520,000.
    assert_eq!(
        totals,
        [
            "760000.00",
            "380000.00",
            "unpriced",
            "unpriced",
            "1520000.00",
            "1520000.00"
        ]
    );
    assert!(compared[1].cheapest);
    assert!(
        !compared[2].compliant,
        "an unpriced shortfall is not a compliant alternative"
    );
}

/// SQL Server Enterprise on a 2x8 host (16 cores = 8 two-core packs): licences at 15,123 a pack
/// once (120,984; no SA terms are priced) against subscriptions at 5,434 a pack a year for the
/// 3-year horizon (8 x 5,434 x 3 = 130,416): buying outright is cheaper over the horizon.
#[test]
fn licences_and_subscriptions_compare_over_the_horizon() {
    let pack = RulePack::builtin();
    let case = &read(
        r#"[{"name": "sql", "rules": [], "source": "hand-computed",
        "deployment": {"name": "d", "hosts": [{"name": "h", "sockets": 2, "cores_per_socket": 8}],
          "placements": [{"product": "ms-sql-server-enterprise", "hosts": ["h"]}]},
        "prices": {"ms-sql-server-enterprise": [2, "15123.00"]}}]"#,
    )[0];
    let mut book = workbook(case, &pack);
    let mut subscription = book.price_list[0].clone();
    subscription.licence_type = preflight_engine::LicenceType::Subscription;
    subscription.price =
        preflight_engine::Money::new("5434.00".parse().unwrap(), preflight_engine::Currency::USD);
    book.price_list.push(subscription);
    let suggested = suggest(&book, &pack);
    let names: Vec<&str> = suggested.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "SQL Server Standard instead of SQL Server Enterprise",
            "Buy subscriptions instead of licences"
        ]
    );
    let proposed = evaluate(&book, &pack, as_of());
    let compared = compare(&book, &pack, as_of(), &proposed, &suggested);
    let horizon = |i: usize| {
        compared[i]
            .horizon
            .as_ref()
            .unwrap()
            .amounts()
            .first()
            .map(|m| m.amount.to_string())
    };
    assert_eq!(horizon(0).as_deref(), Some("120984.00"));
    assert_eq!(horizon(2).as_deref(), Some("130416.00"));
    assert!(compared[0].cheapest);
    let years: Vec<(&str, String)> = compared[2]
        .budget
        .lines
        .iter()
        .map(|l| {
            (
                l.fiscal_year.as_str(),
                format!("{:?} {} {}", l.spend, l.item, l.amount.amount),
            )
        })
        .collect();
    assert_eq!(
        years,
        [
            ("FY2027", "Opex subscription (a year) 43472.00".to_string()),
            ("FY2028", "Opex subscription (a year) 43472.00".to_string()),
            ("FY2029", "Opex subscription (a year) 43472.00".to_string()),
        ]
    );
}

/// Scenarios side by side, by the measure the alternatives use: ten Windows VMs on one 2x16 host
/// as Standard (5 sets x 1,100 = 11,000) and as Datacenter (2 x 16-core packs at 6,155 = 12,310);
/// a third scenario placing a product the catalogue does not know is not compliant, so it is
/// never marked even at no cost. The first of equals, the fifth scenario and repeats are left out.
#[test]
fn scenarios_are_compared_side_by_side_with_the_cheapest_compliant_marked() {
    use preflight_engine::compare::{MOST_COMPARED, compare_scenarios};
    use preflight_engine::{ProductId, Scenario};
    let pack = RulePack::builtin();
    let case = &read(&windows_host(10))[0];
    let mut book = workbook(case, &pack);
    let mut datacenter = Scenario {
        name: "Datacenter".into(),
        ..book.scenario().clone()
    };
    datacenter.deployment.placements[0].product = ProductId("ms-windows-server-datacenter".into());
    book.add_scenario(datacenter).unwrap();
    let mut unknown = Scenario::new("Unknown product", book.scenarios[0].deployment.clone());
    unknown.deployment.placements[0].product = ProductId("acme-anything".into());
    book.add_scenario(unknown).unwrap();
    book.select_scenario(1).unwrap();

    let compared = compare_scenarios(&book, &[2, 0, 1, 0, 9], &pack, as_of(), None);
    let rows: Vec<(&str, String, bool, bool)> = compared
        .iter()
        .map(|c| {
            let total = c.total.amounts().first().map(|m| m.amount.to_string());
            (
                c.name.as_str(),
                total.unwrap_or_default(),
                c.compliant,
                c.cheapest,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Unknown product", String::new(), false, false),
            ("Proposed", "11000.00".into(), true, true),
            ("Datacenter", "12310.00".into(), true, false),
        ]
    );
    // Each is evaluated as the active scenario would be: the same figures, named after it.
    let active = evaluate(&book, &pack, as_of());
    assert_eq!(compared[2].budget, active.budget);
    assert_eq!(compared[2].total, active.total);
    assert_eq!(compared[2].findings, active.findings.len());
    assert_eq!(active.scenario, "Datacenter");
    // Given the active scenario's evaluation, the comparison uses it rather than repeating it.
    let given = compare_scenarios(&book, &[2, 0, 1], &pack, as_of(), Some(&active));
    assert_eq!(given, compared);

    for n in 4..=5 {
        book.add_scenario(Scenario::new(format!("Extra {n}"), Default::default()))
            .unwrap();
    }
    let all: Vec<usize> = (0..book.scenarios.len()).collect();
    assert_eq!(book.scenarios.len(), 5);
    assert_eq!(
        compare_scenarios(&book, &all, &pack, as_of(), None).len(),
        MOST_COMPARED
    );
}

/// The same SQL Server Enterprise host (8 two-packs) over a 10-year horizon from FY2027, with
/// Software Assurance on the price list at 3,780.75 a two-pack a year (1,890.375 a core × 16 =
/// 30,246.00 a year). Licences + SA: 120,984 + 30,246 = 151,230 by the end of FY2027, then
/// 30,246 more a year; subscriptions 43,472 a year. The gap of 107,758 closes by 13,226 a year:
/// still 1,950 dearer at the end of FY2035 (393,198 against 391,248), cheaper at the end of
/// FY2036 (423,444 against 434,720). Over 3 years there is no break-even.
#[test]
fn perpetual_with_sa_against_subscription_shows_the_break_even_year() {
    let pack = RulePack::builtin();
    let case = &read(
        r#"[{"name": "sql", "rules": [], "source": "hand-computed",
        "deployment": {"name": "d", "hosts": [{"name": "h", "sockets": 2, "cores_per_socket": 8}],
          "placements": [{"product": "ms-sql-server-enterprise", "hosts": ["h"]}]},
        "prices": {"ms-sql-server-enterprise": [2, "15123.00"]}}]"#,
    )[0];
    let mut book = workbook(case, &pack);
    let priced = |licence_type, price: &str| {
        let mut entry = book.price_list[0].clone();
        entry.licence_type = licence_type;
        entry.price = preflight_engine::Money::new(price.parse().unwrap(), Currency::USD);
        entry
    };
    let sa = priced(LicenceType::SoftwareAssurance, "3780.75");
    let subscription = priced(LicenceType::Subscription, "5434.00");
    book.price_list.extend([sa, subscription]);

    let run = |horizon_years: u32| {
        let mut book = book.clone();
        book.settings.fiscal.horizon_years = horizon_years;
        let buy_the_other_way: Vec<_> = suggest(&book, &pack)
            .into_iter()
            .filter(|a| a.buy.is_some())
            .collect();
        let proposed = evaluate(&book, &pack, as_of());
        let compared = compare(&book, &pack, as_of(), &proposed, &buy_the_other_way);
        assert_eq!(compared[1].name, "Buy subscriptions instead of licences");
        compared[1].break_even.clone().expect("both ways priced")
    };

    let ten = run(10);
    let years: Vec<(String, String, String)> = ten
        .years
        .iter()
        .map(|y| {
            (
                y.fiscal_year.clone(),
                y.licences.amount.to_string(),
                y.subscriptions.amount.to_string(),
            )
        })
        .collect();
    let expect: Vec<(String, String, String)> = (0..10i64)
        .map(|i| {
            (
                format!("FY{}", 2027 + i),
                format!("{}.00", 120_984 + 30_246 * (i + 1)),
                format!("{}.00", 43_472 * (i + 1)),
            )
        })
        .collect();
    assert_eq!(years, expect);
    assert_eq!(years[8].1, "393198.00");
    assert_eq!(years[8].2, "391248.00");
    assert_eq!(years[9].1, "423444.00");
    assert_eq!(years[9].2, "434720.00");
    assert_eq!(ten.year.as_deref(), Some("FY2036"));

    assert_eq!(run(3).year, None);

    // The SA figure is in the working and in the budget of the licences bought.
    let proposed = evaluate(&book, &pack, as_of());
    let steps: Vec<String> = proposed.positions[0]
        .derivation
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(
        steps.contains(
            &"Software Assurance, bought with SA: the price list offers SA for it, taken as the organisation's practice (an assumption): 8 × 2-pack at 3780.75 USD a year (case sql) = 30246.00 USD a year, recurring over the horizon"
                .to_string()
        ),
        "{steps:#?}"
    );
    let sa_years: Vec<(&str, String)> = proposed
        .budget
        .lines
        .iter()
        .filter(|l| l.item.starts_with("Software Assurance"))
        .map(|l| (l.fiscal_year.as_str(), l.amount.amount.to_string()))
        .collect();
    assert_eq!(
        sa_years,
        [
            ("FY2027", "30246.00".to_string()),
            ("FY2028", "30246.00".to_string()),
            ("FY2029", "30246.00".to_string()),
        ]
    );
}

/// SQL Server Enterprise on one 2×8 host running 20 VMs, at 15,123 per 2-core pack and SA at
/// 3,780.75 per 2-pack a year (the price list's), over the default 3-year horizon.
/// With SA (as proposed): the 16 physical cores cover unlimited VMs (MS-SQL-ENT-SA-UNLIMITED):
/// 8 × 15,123 = 120,984, plus 8 × 3,780.75 = 30,246 of SA in each of 3 years = 211,722.
/// Without SA: the VMs may not outnumber the core licences (MS-SQL-ENT-NOSA-VMCAP): 20 core
/// licences, 10 × 15,123 = 151,230, no SA — cheaper over the horizon, and marked.
#[test]
fn sql_enterprise_with_sa_or_without_sa_is_priced_over_the_horizon() {
    let pack = RulePack::builtin();
    let vms: Vec<String> = (1..=20)
        .map(|i| format!(r#"{{"name": "s{i}", "vcpus": 2, "host": "h"}}"#))
        .collect();
    let names: Vec<String> = (1..=20).map(|i| format!("\"s{i}\"")).collect();
    let case = &read(&format!(
        r#"[{{"name": "sql", "rules": [], "source": "hand-computed",
        "deployment": {{"name": "d", "hosts": [{{"name": "h", "sockets": 2, "cores_per_socket": 8}}],
          "vms": [{}],
          "placements": [{{"product": "ms-sql-server-enterprise", "vms": [{}]}}]}},
        "prices": {{"ms-sql-server-enterprise": [2, "15123.00"]}}}}]"#,
        vms.join(","),
        names.join(",")
    ))[0];
    let mut book = workbook(case, &pack);
    let mut sa = book.price_list[0].clone();
    sa.licence_type = LicenceType::SoftwareAssurance;
    sa.price = preflight_engine::Money::new("3780.75".parse().unwrap(), Currency::USD);
    book.price_list.push(sa);

    let offered: Vec<_> = suggest(&book, &pack)
        .into_iter()
        .filter(|a| a.without_sa)
        .collect();
    assert_eq!(offered.len(), 1, "the without-SA variant is offered");
    // A setting of the workbook, used as such by the page rather than kept as a scenario.
    assert!(offered[0].changes_settings() && offered[0].swaps.is_empty());
    let proposed = evaluate(&book, &pack, as_of());
    assert_eq!(proposed.positions[0].required.0, 16);
    let compared = compare(&book, &pack, as_of(), &proposed, &offered);
    let figures: Vec<(String, String, String, bool)> = compared
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                c.total.amounts()[0].amount.to_string(),
                c.horizon.as_ref().unwrap().amounts()[0].amount.to_string(),
                c.cheapest,
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            (
                "as proposed".into(),
                "120984.00".into(),
                "211722.00".into(),
                false
            ),
            (
                "Buy licences without Software Assurance (a core licence per VM)".into(),
                "151230.00".into(),
                "151230.00".into(),
                true
            ),
        ]
    );
    // The working says why 20: the VM cap, citing its rule.
    let mut without = book.clone();
    offered[0].apply_to(&mut without);
    let evaluation = evaluate(&without, &pack, as_of());
    let steps: Vec<String> = evaluation.positions[0]
        .derivation
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(
        steps.contains(
            &"h: bought without SA, each of its 20 VMs needs a core licence: max(16, 20 VMs) = 20"
                .to_string()
        ),
        "{steps:#?}"
    );
    assert!(
        evaluation
            .budget
            .lines
            .iter()
            .all(|l| !l.item.starts_with("Software Assurance")),
        "no SA bought"
    );
}

/// The page works the alternatives out one per task (`as_proposed`, `compare_one` each, then
/// `finish`) so that an edit never waits for them: the steps must give exactly what `compare`
/// gives, the cheapest mark and the break-even year included (the SQL Server case above offers
/// subscriptions, the Windows one Datacenter in place of Standard).
#[test]
fn alternatives_worked_out_one_at_a_time_equal_compare() {
    use preflight_engine::Cache;
    use preflight_engine::alternatives::{as_proposed, compare_one, evaluate_alternative, finish};
    let pack = RulePack::builtin();
    let sql = &read(
        r#"[{"name": "sql", "rules": [], "source": "hand-computed",
        "deployment": {"name": "d", "hosts": [{"name": "h", "sockets": 2, "cores_per_socket": 8}],
          "placements": [{"product": "ms-sql-server-enterprise", "hosts": ["h"]}]},
        "prices": {"ms-sql-server-enterprise": [2, "15123.00"]}}]"#,
    )[0];
    let mut sql_book = workbook(sql, &pack);
    let mut subscription = sql_book.price_list[0].clone();
    subscription.licence_type = LicenceType::Subscription;
    subscription.price = preflight_engine::Money::new("5434.00".parse().unwrap(), Currency::USD);
    sql_book.price_list.push(subscription);
    let windows = workbook(&read(&windows_host(12))[0], &pack);
    let mut marked = 0;
    for book in [sql_book, windows] {
        let suggested = suggest(&book, &pack);
        assert!(!suggested.is_empty());
        let proposed = evaluate(&book, &pack, as_of());
        let whole = compare(&book, &pack, as_of(), &proposed, &suggested);
        let steps = std::iter::once(as_proposed(&proposed))
            .chain(suggested.iter().map(|alternative| {
                compare_one(&mut Cache::default(), &book, &pack, as_of(), alternative)
            }))
            .collect();
        let steps = finish(&book, steps);
        assert_eq!(steps, whole);
        // One cache kept across the alternatives, as the page keeps it for a set (the SQL
        // Server case's subscription changes the settings, which the cache must notice), gives
        // each alternative the figures of its evaluation from scratch.
        let mut kept = Cache::default();
        for alternative in &suggested {
            let via_cache = compare_one(&mut kept, &book, &pack, as_of(), alternative);
            let fresh = evaluate_alternative(&book, &pack, as_of(), alternative);
            assert_eq!(via_cache.total, fresh.total, "{}", alternative.name);
            assert_eq!(via_cache.budget, fresh.budget, "{}", alternative.name);
            assert_eq!(
                via_cache.findings,
                fresh.findings.len(),
                "{}",
                alternative.name
            );
        }
        marked += steps.iter().filter(|c| c.cheapest).count();
        assert_eq!(steps.len(), suggested.len() + 1);
    }
    // Each case has a cheapest compliant option, so the marks were compared too.
    assert_eq!(marked, 2);
}
