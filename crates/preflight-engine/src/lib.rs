//! Preflight's licence engine: pure types and calculations, with no I/O, clock or floating point.
//!
//! `evaluate(&Workbook, &RulePack, as_of)` is the one entry point; everything it needs is an
//! argument.

pub mod agreement;
pub mod allocation;
pub mod alternatives;
pub mod assurance;
pub mod balance;
pub mod break_even;
pub mod budget;
pub mod catalogue;
pub mod changes;
pub mod channel;
pub mod checks;
pub mod compare;
pub mod coverage;
pub mod demand;
pub mod derivation;
pub mod digest;
pub mod duplicates;
pub mod edit;
pub mod entitlement;
pub mod estate;
pub mod evaluate;
pub mod finding;
pub mod impact;
pub mod licence_included;
pub mod licensing;
pub mod lines;
pub mod mapping;
pub mod metric;
pub mod money;
pub mod order;
pub mod prepared;
pub mod prices;
pub mod pricing;
pub mod purchase;
pub mod rules;
pub mod saved_json;
pub mod scope;
pub mod share;
pub mod site;
pub mod source_diff;
pub mod tables;
pub mod text;
pub mod workbook;

pub use agreement::{Agreement, AgreementKind};
pub use allocation::{Allocation, Demand, Origin};
pub use budget::{Budget, BudgetLine, FiscalYear, Spend, YearTotals};
pub use catalogue::{Catalogue, Product, ProductId};
pub use channel::Channel;
pub use derivation::Step;
pub use entitlement::{Entitlement, KeptCell, LicenceType, Rights, SourceRef, UnmatchedLine};
pub use estate::{Cluster, Deployment, Environment, Host, HostGroup, Phase, Placement, Role, Vm};
pub use evaluate::{
    Balance, CostShare, Evaluation, Position, Reproduction, SourceDigest, evaluate,
    evaluate_scenario, evaluate_under,
};
pub use finding::{Finding, Severity, TargetKind};
pub use metric::Metric;
pub use money::{Currency, ExchangeRate, Money, MoneyError, Totals};
pub use prepared::{Cache, Prepared};
pub use pricing::{PackCount, PhasePurchase, PurchaseLine};
pub use rules::{RuleId, RulePack};
pub use workbook::{
    BaselineConsumption, EntitlementSource, FiscalSettings, PriceListEntry, Scenario,
    ScenarioError, Settings, WORKBOOK_SCHEMA, Workbook, WorkbookReadError, workbook_from_json,
};
