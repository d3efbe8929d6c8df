//! Alternatives: named variants of a workbook's deployment, each evaluated, side by side, with the
//! cheapest compliant one marked. Suggested: another edition or metric of the same family
//! (Standard vs Datacenter, Enterprise vs Standard, Processor vs Named User Plus, RHEL per socket
//! pair vs Virtual Datacenter), per VM instead of by hosts (and back) where the product allows
//! both, Oracle counted under a wider partitioning scope (the audit risk, priced), an External
//! Connector per server instead of CALs for external users, and buying the other way (licences
//! with support or SA against subscriptions, with the break-even year).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::break_even::{BreakEven, break_even};
use crate::budget::Budget;
use crate::catalogue::{Licensing, Product, ProductId};
use crate::entitlement::LicenceType;
use crate::entitlement::Rights;
use crate::estate::{Basis, Deployment, Placement};
use crate::evaluate::{Evaluation, evaluate_under};
use crate::finding::{Finding, Severity};
use crate::money::{Currency, Money, Totals};
use crate::prepared::Cache;
use crate::rules::RulePack;
use crate::workbook::{Buy, OracleScope, Scenario, Settings, Workbook};

/// Put `product` in place of the product of placement `placement` (an index into the
/// deployment's placements).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Swap {
    pub placement: usize,
    pub product: ProductId,
    /// License the placement's VMs this way instead.
    #[serde(default)]
    pub basis: Option<Basis>,
}

/// A named variant of the deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    pub name: String,
    pub swaps: Vec<Swap>,
    /// Count Oracle under this partitioning scope instead of the workbook's.
    #[serde(default)]
    pub oracle_scope: Option<OracleScope>,
    /// Buy the shortfalls this way instead (licences with support, or subscriptions).
    #[serde(default)]
    pub buy: Option<Buy>,
    /// License a CAL placement's external users with External Connectors instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_connector: Option<ConnectorSwap>,
    /// Buy licences without Software Assurance wherever the rules allow (`Settings::without_sa`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub without_sa: bool,
}

/// Take the external user groups off CAL placement `placement` and place `connector` on every
/// server the placements `servers` run on (their hosts, clusters, VMs and instances): one
/// External Connector per server instead of a CAL per external user (MS-CAL-COVERAGE).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorSwap {
    pub placement: usize,
    pub connector: ProductId,
    pub servers: Vec<usize>,
}

impl ConnectorSwap {
    fn apply(&self, deployment: &mut Deployment) {
        let Some(cal) = deployment.placements.get(self.placement).cloned() else {
            return;
        };
        let mut on = Placement {
            phase: cal.phase.clone(),
            ..Placement::on_hosts(self.connector.clone(), Vec::new())
        };
        for &index in &self.servers {
            let Some(server) = deployment.placements.get(index) else {
                continue;
            };
            let add = |to: &mut Vec<String>, from: &[String]| {
                to.extend(
                    from.iter()
                        .filter(|n| !to.contains(n))
                        .cloned()
                        .collect::<Vec<_>>(),
                )
            };
            add(&mut on.hosts, &server.hosts);
            add(&mut on.clusters, &server.clusters);
            add(&mut on.vms, &server.vms);
            add(&mut on.instances, &server.instances);
        }
        let external: Vec<String> = deployment
            .user_groups
            .iter()
            .filter(|g| g.external)
            .map(|g| g.name.clone())
            .collect();
        if let Some(cal) = deployment.placements.get_mut(self.placement) {
            cal.user_groups.retain(|g| !external.contains(g));
        }
        deployment.placements.push(on);
    }
}

impl Alternative {
    /// Makes the variant the workbook's deployment and settings.
    pub fn apply_to(&self, workbook: &mut Workbook) {
        self.apply_to_deployment(&mut workbook.scenario_mut().deployment);
        self.apply_to_settings(&mut workbook.settings);
    }

    /// The swaps alone, for the editor that keeps the deployment's undo history.
    pub fn apply_to_deployment(&self, deployment: &mut Deployment) {
        for swap in &self.swaps {
            if let Some(placement) = deployment.placements.get_mut(swap.placement) {
                placement.product = swap.product.clone();
                if let Some(basis) = swap.basis {
                    placement.basis = basis;
                }
            }
        }
        if let Some(connector) = &self.external_connector {
            connector.apply(deployment);
        }
    }

    /// Whether the variant changes the workbook's settings (Oracle's scope, how to buy, buying
    /// without SA): such a variant is used as a setting, not kept as a scenario (scenarios share
    /// the workbook's settings).
    pub fn changes_settings(&self) -> bool {
        self.oracle_scope.is_some() || self.buy.is_some() || self.without_sa
    }

    /// The partitioning scope and way of buying the variant asks for, if any.
    pub fn apply_to_settings(&self, settings: &mut Settings) {
        if let Some(scope) = self.oracle_scope {
            settings.oracle_scope = scope;
        }
        if let Some(buy) = self.buy {
            settings.buy = buy;
        }
        if self.without_sa {
            settings.without_sa = true;
        }
    }
}

/// One alternative's result, beside the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compared {
    pub name: String,
    /// `None` for the deployment as proposed.
    pub alternative: Option<Alternative>,
    /// What the project must buy, by currency.
    pub total: Totals,
    /// What the project costs over the budget's horizon: purchases, support and subscriptions;
    /// `None` when the sum is out of range (never a total missing a line).
    pub horizon: Option<Totals>,
    /// Rights the project leaves short, summed over products (the same unit per product only).
    pub shortfall: Rights,
    /// Compliant once the listed purchases are made: every shortfall priced and every placement
    /// resolved.
    pub compliant: bool,
    /// The cheapest compliant alternative (at most one; none when totals are in several currencies).
    pub cheapest: bool,
    /// For an alternative that buys the other way (licences against subscriptions): both ways'
    /// cumulative cost by fiscal year and the break-even year. `None` otherwise, or when either
    /// way is not compliant once bought (an unpriced shortfall would flatter it).
    #[serde(default)]
    pub break_even: Option<BreakEven>,
    /// The cost by fiscal year over the horizon (what the break-even is worked out from).
    pub budget: Budget,
    /// Products the project leaves short.
    pub products_short: usize,
    /// Findings of high severity, and of any.
    pub high_findings: usize,
    pub findings: usize,
}

/// The deployment as it is ("as proposed", whose evaluation the caller already has) beside each
/// alternative, evaluated here. The cheapest is the lowest cost over the budget's horizon
/// (purchases, support and subscriptions), so buying outright and subscribing compare fairly.
///
/// The same as [`as_proposed`], [`compare_one`] for each alternative and [`finish`]: the page
/// runs those steps apart, one alternative per task, so no edit waits for them.
pub fn compare(
    workbook: &Workbook,
    pack: &RulePack,
    as_of: NaiveDate,
    proposed: &Evaluation,
    alternatives: &[Alternative],
) -> Vec<Compared> {
    let mut cache = Cache::default();
    let mut results = vec![as_proposed(proposed)];
    for alternative in alternatives {
        results.push(compare_one(&mut cache, workbook, pack, as_of, alternative));
    }
    finish(workbook, results)
}

/// The deployment as proposed, from the evaluation the caller already has: the first row.
pub fn as_proposed(proposed: &Evaluation) -> Compared {
    compared("as proposed", None, proposed)
}

/// One alternative evaluated, not yet marked against the others (see [`finish`]). `cache` keeps
/// the evaluation's part that only the lines, estate, settings, pack and date decide, so the
/// alternatives of one edit (the same lines, most of them the same settings) make it once.
pub fn compare_one(
    cache: &mut Cache,
    workbook: &Workbook,
    pack: &RulePack,
    as_of: NaiveDate,
    alternative: &Alternative,
) -> Compared {
    let (scenario, settings) = applied(workbook, alternative);
    let evaluation = cache.evaluate_under(workbook, &scenario, &settings, pack, as_of);
    compared(&alternative.name, Some(alternative.clone()), &evaluation)
}

/// The active scenario with one alternative applied, evaluated in full and from scratch (its
/// positions and their working); [`compare_one`] keeps only the figures that compare.
pub fn evaluate_alternative(
    workbook: &Workbook,
    pack: &RulePack,
    as_of: NaiveDate,
    alternative: &Alternative,
) -> Evaluation {
    let (scenario, settings) = applied(workbook, alternative);
    evaluate_under(workbook, &scenario, &settings, pack, as_of)
}

/// The active scenario and the settings with `alternative` applied. Only what an alternative
/// changes is copied: the scenario and the settings, never the entitlement lines (20k of them
/// in a typical estate).
fn applied(workbook: &Workbook, alternative: &Alternative) -> (Scenario, Settings) {
    let mut scenario = workbook.scenario().clone();
    let mut settings = workbook.settings.clone();
    alternative.apply_to_deployment(&mut scenario.deployment);
    alternative.apply_to_settings(&mut settings);
    (scenario, settings)
}

/// Marks the cheapest compliant of `results` ("as proposed" first, then each alternative) and
/// gives each alternative that buys the other way its break-even year against the proposal.
pub fn finish(workbook: &Workbook, mut results: Vec<Compared>) -> Vec<Compared> {
    mark_cheapest(&mut results, workbook.settings.currency);
    let proposed_buy = workbook.settings.buy;
    let Some((proposed, rest)) = results.split_first_mut() else {
        return results;
    };
    for other in rest.iter_mut() {
        let Some(buy) = other.alternative.as_ref().and_then(|a| a.buy) else {
            continue;
        };
        if buy == proposed_buy || !proposed.compliant || !other.compliant {
            continue;
        }
        let (licences, subscriptions) = match proposed_buy {
            Buy::Licences => (&proposed.budget, &other.budget),
            Buy::Subscriptions => (&other.budget, &proposed.budget),
        };
        other.break_even = break_even(licences, subscriptions, workbook.settings.currency);
    }
    results
}

/// Marks the cheapest compliant result over the horizon: at most one, the first of equals, and
/// none when any compliant result is in another currency than the workbook's or in several.
pub(crate) fn mark_cheapest(results: &mut [Compared], currency: Currency) {
    let single = |c: &Compared| -> Option<Money> {
        match c.horizon.as_ref()?.amounts() {
            [] => Some(Money::zero(currency)),
            [one] => Some(*one),
            _ => None,
        }
    };
    let cheapest = results
        .iter()
        .enumerate()
        .filter(|(_, c)| c.compliant)
        .map(|(i, c)| single(c).map(|m| (i, m)))
        .collect::<Option<Vec<_>>>()
        .filter(|all| all.iter().all(|(_, m)| m.currency == currency))
        .and_then(|all| {
            all.into_iter()
                .min_by_key(|(i, m)| (m.amount, *i))
                .map(|(i, _)| i)
        });
    if let Some(index) = cheapest {
        results[index].cheapest = true;
    }
}

/// One alternative's figures: compliant once the listed purchases are made, when every shortfall
/// is priced and every placement resolved.
/// The figures that compare, from one evaluation: the evaluation itself (its derivations, a
/// copy per product and host) is not kept, as the page holds a row for each of some thirty
/// alternatives and up to four scenarios.
pub(crate) fn compared(
    name: &str,
    alternative: Option<Alternative>,
    evaluation: &Evaluation,
) -> Compared {
    let compliant = evaluation
        .positions
        .iter()
        .all(|p| p.shortfall == Rights(0) || p.cost.is_some())
        && !evaluation.findings.iter().any(|f| {
            matches!(
                f,
                Finding::UnknownTarget { .. }
                    | Finding::UnknownProduct { .. }
                    | Finding::CostOverflow { .. }
            )
        });
    // A sum out of range is no figure at all, and so not a compliant, comparable option.
    let mut horizon = Some(Totals::default());
    for line in &evaluation.budget.lines {
        if let Some(sum) = horizon.as_mut()
            && sum.add(line.amount).is_err()
        {
            horizon = None;
        }
    }
    let compliant = compliant && horizon.is_some();
    Compared {
        name: name.to_string(),
        alternative,
        total: evaluation.total.clone(),
        horizon,
        shortfall: evaluation.positions.iter().map(|p| p.shortfall).sum(),
        compliant,
        cheapest: false,
        break_even: None,
        budget: evaluation.budget.clone(),
        products_short: evaluation
            .positions
            .iter()
            .filter(|p| p.shortfall > Rights(0))
            .count(),
        high_findings: evaluation
            .findings
            .iter()
            .filter(|f| f.severity() == Severity::High)
            .count(),
        findings: evaluation.findings.len(),
    }
}

/// One-click variants the rule pack suggests for each placement: the family's other editions and
/// metrics, the other basis for VMs, and for Oracle on VMs the wider partitioning scopes.
pub fn suggest(workbook: &Workbook, pack: &RulePack) -> Vec<Alternative> {
    let mut alternatives = Vec::new();
    let swap =
        |name: String, placement: usize, product: &ProductId, basis: Option<Basis>| Alternative {
            name,
            swaps: vec![Swap {
                placement,
                product: product.clone(),
                basis,
            }],
            oracle_scope: None,
            buy: None,
            external_connector: None,
            without_sa: false,
        };
    let mut oracle_on_vms = false;
    for (index, placement) in workbook.scenario().deployment.placements.iter().enumerate() {
        let Some(placed) = pack.catalogue.get(&placement.product) else {
            continue;
        };
        for other in pack
            .catalogue
            .products()
            .iter()
            .filter(|p| interchangeable(placed, p))
        {
            let name = format!(
                "{} instead of {}",
                other.display_name(),
                placed.display_name()
            );
            alternatives.push(swap(name, index, &other.id, None));
        }
        let per_vm_offered = match &placed.licensing {
            Licensing::PhysicalCores { table } | Licensing::WindowsStandard { table } => pack
                .per_core_table(table)
                .is_some_and(|t| t.per_vm.is_some()),
            _ => false,
        };
        if per_vm_offered && !placement.vms.is_empty() {
            let (basis, how) = match placement.basis {
                Basis::Hosts => (Basis::PerVm, "per VM"),
                Basis::PerVm => (Basis::Hosts, "by the hosts its VMs may run on"),
            };
            let name = format!("{} licensed {how}", placed.display_name());
            alternatives.push(swap(name, index, &placed.id, Some(basis)));
        }
        let oracle = matches!(
            placed.licensing,
            Licensing::Oracle { .. } | Licensing::OracleOption { .. }
        );
        oracle_on_vms |= oracle && !placement.vms.is_empty();
    }
    if oracle_on_vms {
        for scope in [OracleScope::Vcenter, OracleScope::Estate] {
            if scope > workbook.settings.oracle_scope {
                alternatives.push(Alternative {
                    name: format!("Oracle counted under the {scope} scope (audit risk)"),
                    swaps: Vec::new(),
                    oracle_scope: Some(scope),
                    buy: None,
                    external_connector: None,
                    without_sa: false,
                });
            }
        }
    }
    // Perpetual vs subscription: offered when the price list prices a placed product the other way.
    let other = match workbook.settings.buy {
        Buy::Licences => (Buy::Subscriptions, "Buy subscriptions instead of licences"),
        Buy::Subscriptions => (Buy::Licences, "Buy licences instead of subscriptions"),
    };
    let priced_other_way = workbook.price_entries().any(|entry| {
        let subscription = entry.licence_type == LicenceType::Subscription;
        (subscription == (other.0 == Buy::Subscriptions))
            && workbook
                .scenario()
                .deployment
                .placements
                .iter()
                .any(|p| p.product == entry.product)
    });
    if priced_other_way {
        alternatives.push(Alternative {
            name: other.1.to_string(),
            swaps: Vec::new(),
            oracle_scope: None,
            buy: Some(other.0),
            external_connector: None,
            without_sa: false,
        });
    }
    alternatives.extend(connectors(workbook, pack));
    alternatives.extend(without_sa(workbook, pack));
    alternatives
}

/// Licences without SA, when licences are bought with SA's unlimited virtualisation available to
/// rely on (SQL Server Enterprise in VMs, licensed by their hosts): its VMs then take a core
/// licence each instead, and
/// no SA is bought unless a right still needs it. The cheaper over the horizon is marked.
fn without_sa(workbook: &Workbook, pack: &RulePack) -> Option<Alternative> {
    if workbook.settings.buy != Buy::Licences || workbook.settings.without_sa {
        return None;
    }
    let relies = workbook.scenario().deployment.placements.iter().any(|p| {
        p.basis == Basis::Hosts
            && (!p.vms.is_empty() || !p.clusters.is_empty())
            && pack
                .catalogue
                .get(&p.product)
                .and_then(|product| match &product.licensing {
                    Licensing::PhysicalCores { table } => pack.per_core_table(table),
                    _ => None,
                })
                .and_then(|table| table.unlimited_vms.as_ref())
                .is_some_and(|u| u.needs_sa && u.without_sa_rule.is_some())
    });
    relies.then(|| Alternative {
        name: "Buy licences without Software Assurance (a core licence per VM)".to_string(),
        swaps: Vec::new(),
        oracle_scope: None,
        buy: None,
        external_connector: None,
        without_sa: true,
    })
}

/// For each CAL placement used by an external user group, whose CAL the pack links to an
/// External Connector: the connector on every server of the family instead of their CALs.
fn connectors(workbook: &Workbook, pack: &RulePack) -> Vec<Alternative> {
    let deployment = &workbook.scenario().deployment;
    let external = |name: &String| {
        deployment
            .user_groups
            .iter()
            .any(|g| &g.name == name && g.external)
    };
    let mut alternatives = Vec::new();
    for (index, placement) in deployment.placements.iter().enumerate() {
        let Some(terms) = pack
            .catalogue
            .get(&placement.product)
            .and_then(|p| p.external_connector.as_ref())
        else {
            continue;
        };
        if !placement.user_groups.iter().any(external) {
            continue;
        }
        let servers: Vec<usize> = deployment
            .placements
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                pack.catalogue.get(&p.product).is_some_and(|product| {
                    product.family == terms.servers_of
                        && !matches!(product.licensing, Licensing::PerUnit { .. })
                })
            })
            .map(|(i, _)| i)
            .collect();
        if servers.is_empty() {
            continue;
        }
        let connector = pack
            .catalogue
            .get(&terms.connector)
            .map_or(terms.connector.0.clone(), Product::display_name);
        alternatives.push(Alternative {
            name: format!(
                "{connector} per server instead of CALs for external users ({})",
                terms.rule
            ),
            swaps: Vec::new(),
            oracle_scope: None,
            buy: None,
            external_connector: Some(ConnectorSwap {
                placement: index,
                connector: terms.connector.clone(),
                servers,
            }),
            without_sa: false,
        });
    }
    alternatives
}

/// Whether `other` may stand in for `placed`: another edition of the same family sold by the
/// same metric, or an Oracle edition by either metric (Processor vs NUP, EE vs SE2). Options,
/// free and per-unit products (Developer, CALs) are not offered as swaps.
fn interchangeable(placed: &Product, other: &Product) -> bool {
    if other.id == placed.id || other.family != placed.family {
        return false;
    }
    let counted = |p: &Product| {
        !matches!(
            p.licensing,
            Licensing::Free { .. } | Licensing::PerUnit { .. }
        )
    };
    if !counted(placed) || !counted(other) {
        return false;
    }
    match (&placed.licensing, &other.licensing) {
        (Licensing::Oracle { .. }, Licensing::Oracle { .. }) => true,
        (Licensing::OracleOption { .. }, _) | (_, Licensing::OracleOption { .. }) => false,
        _ => other.metric == placed.metric,
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;
    use crate::budget::{BudgetLine, Spend};
    use crate::estate::Deployment;
    use crate::evaluate::evaluate;

    /// Two lines each in range whose sum is not: the option has no horizon figure (never the
    /// sum of the lines that fit), is not compliant, and the in-range option is the cheapest.
    #[test]
    fn a_horizon_out_of_range_is_no_figure_and_never_the_cheapest() {
        let pack = RulePack::builtin();
        let workbook = Workbook::new(Currency::USD, Deployment::default());
        let as_of = "2026-11-28".parse().unwrap();
        let fine = evaluate(&workbook, &pack, as_of);
        let mut huge = fine.clone();
        let amount = Money::new(Decimal::MAX / Decimal::TWO + Decimal::ONE, Currency::USD);
        let line = BudgetLine {
            fiscal_year: "FY2027".into(),
            product: ProductId("ms-sql-server-enterprise".into()),
            spend: Spend::Capex,
            item: "licences".into(),
            amount,
        };
        huge.budget.lines = vec![line.clone(), line];
        let mut results = vec![compared("huge", None, &huge), compared("fine", None, &fine)];
        assert_eq!(results[0].horizon, None);
        assert!(!results[0].compliant);
        assert_eq!(results[1].horizon, Some(Totals::default()));
        mark_cheapest(&mut results, Currency::USD);
        let cheapest: Vec<&str> = results
            .iter()
            .filter(|c| c.cheapest)
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(cheapest, ["fine"]);
    }
}
