//! Findings: what a licence manager must know about a result — risks, gaps and assumptions.

use std::fmt;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::ProductId;
use crate::entitlement::{Rights, SourceRef};
use crate::money::Currency;

/// Which term ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    Subscription,
    SoftwareAssurance,
}

/// What kind of thing a placement names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Host,
    Cluster,
    HostGroup,
    Vm,
    Phase,
    Instance,
    UserGroup,
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TargetKind::Host => "host",
            TargetKind::Cluster => "cluster",
            TargetKind::HostGroup => "host group",
            TargetKind::Vm => "VM",
            TargetKind::Phase => "phase",
            TargetKind::Instance => "cloud instance",
            TargetKind::UserGroup => "user group",
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    High,
    Medium,
    Info,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// Entitled rights exist but nothing says what the estate already consumes.
    SurplusUnverified {
        product: ProductId,
        entitled: Rights,
    },
    /// The shortfall is priced from an entitlement line's own purchase price.
    PricedFromEntitlement {
        product: ProductId,
        source: SourceRef,
        purchased: Option<NaiveDate>,
    },
    /// No price is known for what must be bought.
    NoPrice { product: ProductId },
    /// A price in another currency than the workbook's, with no exchange rate.
    NoExchangeRate {
        product: ProductId,
        from: Currency,
        to: Currency,
    },
    /// A line names a product the catalogue does not know.
    Unmatched { source: SourceRef, text: String },
    /// A placement names a product the catalogue does not know.
    UnknownProduct { product: ProductId },
    /// A placement (or a VM it names) refers to something the deployment does not have.
    UnknownTarget {
        product: ProductId,
        target: TargetKind,
        name: String,
    },
    /// A cost overflowed the decimal range.
    CostOverflow { product: ProductId },
    /// The estate is already short before the project.
    ExistingShortfall {
        product: ProductId,
        shortfall: Rights,
    },
    /// Rights the project uses end inside the horizon: a subscription to renew, or SA that a
    /// right the project relies on (per-VM licensing, unlimited virtualisation...) rests on.
    TermEnds {
        product: ProductId,
        source: SourceRef,
        rights: Rights,
        ends: NaiveDate,
        term: Term,
    },
    /// A change to the existing estate names something the estate does not have.
    UnknownChangeTarget { target: TargetKind, name: String },
    /// The workbook's own catalogue entries could not be added; the pack's catalogue is used alone.
    CatalogueAdditionRefused { reason: String },
    /// A purchase falls after the budget's horizon.
    OutsideHorizon { product: ProductId, on: NaiveDate },
    /// An SA-only line found no licence to cover: it adds no rights.
    SaWithoutLicence {
        product: ProductId,
        source: SourceRef,
        rights: Rights,
    },
    /// The product's lines were bought under several agreements with true-ups: which one buys
    /// more is not known, so purchases are budgeted when needed.
    AgreementsDisagree {
        product: ProductId,
        agreements: Vec<String>,
    },
    /// An OEM line names no host, or one the estate does not have: OEM rights cannot move to
    /// other hardware, so they are not counted.
    OemUnbound {
        product: ProductId,
        source: SourceRef,
        host: Option<String>,
        rights: Rights,
    },
    /// An OEM line's host is retired by the project: its rights end with the hardware.
    OemRightsEnd {
        product: ProductId,
        source: SourceRef,
        host: String,
        rights: Rights,
    },
    /// A line of one file looks like a line of another (same product, quantity and dates, and
    /// the same SKU and purchase order where both give one): both are counted.
    LikelyDuplicate {
        product: ProductId,
        rights: Rights,
        /// The line of the earlier file.
        first: SourceRef,
        /// The line of the later file that looks like it.
        second: SourceRef,
    },
    /// A line's pack size disagrees between its column, its SKU text and the catalogue's packs.
    PackSizeDisagrees {
        product: ProductId,
        source: SourceRef,
        /// The line's rights per pack (its pack size column).
        stated: u32,
        /// The SKU text and the pack size it states, when it states one.
        sku: Option<(String, u32)>,
        /// The pack sizes the catalogue sells the product in.
        catalogue: Vec<u32>,
        /// The rights per pack counted.
        counted: u32,
    },
    /// Figures came from a rule-pack table row whose source is weaker than the vendor's text:
    /// an assumption to confirm.
    TableConfidence {
        product: ProductId,
        table: crate::rules::TableId,
        effective: NaiveDate,
        source: String,
        confidence: crate::rules::Confidence,
    },
    /// A vendor rule makes the design risky, not allowed, or resting on an assumption.
    Rule {
        product: ProductId,
        /// The host, VM, instance or group it is about.
        subject: String,
        risk: Risk,
        rule: crate::rules::RuleId,
    },
}

/// What a vendor rule says about one part of the design.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "risk", rename_all = "snake_case")]
pub enum Risk {
    /// The product cannot be licensed per VM; it is counted by hosts instead.
    PerVmNotOffered,
    /// Bring-your-own-licence is not allowed here: the provider's licence-included price applies.
    LicenceIncluded,
    /// The server's socket capacity exceeds what the edition may be licensed on.
    SocketCapacity { capacity: u32, max: u32 },
    /// The cloud instance is larger than the edition may be licensed on.
    InstanceTooLarge { vcpus: u32, max: u32 },
    /// The core factor table does not list the processor: the default factor was used.
    CoreFactorAssumed {
        processor: Option<String>,
        factor: rust_decimal::Decimal,
    },
    /// IBM's PVU table does not identify the processor: ILMT's default rating was used.
    PvuRatingAssumed {
        processor: Option<String>,
        pvu_per_core: u32,
    },
    /// Sub-capacity counting needs ILMT, which the workbook says is not in place.
    FullCapacityWithoutIlmt { full: Rights, sub_capacity: Rights },
    /// Oracle may count more hosts than the workbook's partitioning position assumes.
    WiderOracleScope {
        assumed: crate::workbook::OracleScope,
        counted: Rights,
        wider: Vec<(crate::workbook::OracleScope, Rights)>,
    },
    /// An option or pack is placed where its database is not.
    OptionWithoutBase { base: ProductId },
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Risk::PerVmNotOffered => write!(
                f,
                "cannot be licensed per VM: counted by the hosts the VM may run on"
            ),
            Risk::LicenceIncluded => write!(
                f,
                "bring-your-own-licence is not allowed here and the workbook has no licence-included rate for this provider: add one so the budget holds the provider's price"
            ),
            Risk::SocketCapacity { capacity, max } => write!(
                f,
                "the server can hold {capacity} sockets; this edition may only be licensed on servers of at most {max}"
            ),
            Risk::InstanceTooLarge { vcpus, max } => write!(
                f,
                "{vcpus} vCPUs; this edition may only be licensed on instances of at most {max}"
            ),
            Risk::CoreFactorAssumed { processor, factor } => match processor {
                Some(p) => write!(
                    f,
                    "processor {p:?} is not in the core factor table: factor {factor} assumed"
                ),
                None => write!(
                    f,
                    "no processor given: core factor {factor} assumed; set the processor"
                ),
            },
            Risk::PvuRatingAssumed {
                processor,
                pvu_per_core,
            } => match processor {
                Some(p) => write!(
                    f,
                    "processor {p:?} is not in the PVU table: {pvu_per_core} PVU per core assumed, as ILMT does; give the rating"
                ),
                None => write!(
                    f,
                    "no processor given: {pvu_per_core} PVU per core assumed, as ILMT does; set the processor"
                ),
            },
            Risk::FullCapacityWithoutIlmt { full, sub_capacity } => write!(
                f,
                "ILMT is not in place, so full capacity applies: {full} instead of {sub_capacity} under sub-capacity"
            ),
            Risk::WiderOracleScope {
                assumed,
                counted,
                wider,
            } => {
                write!(
                    f,
                    "counted under the {assumed} scope: {counted}; Oracle's policy may count"
                )?;
                for (i, (scope, rights)) in wider.iter().enumerate() {
                    let sep = if i == 0 { " " } else { ", " };
                    write!(f, "{sep}{rights} under the {scope} scope")?;
                }
                write!(f, " (an audit risk)")
            }
            Risk::OptionWithoutBase { base } => write!(
                f,
                "an option placed where {base} is not: an option needs its database"
            ),
        }
    }
}

impl Risk {
    pub fn severity(&self) -> Severity {
        match self {
            Risk::LicenceIncluded
            | Risk::SocketCapacity { .. }
            | Risk::InstanceTooLarge { .. }
            | Risk::WiderOracleScope { .. }
            | Risk::OptionWithoutBase { .. } => Severity::High,
            Risk::CoreFactorAssumed { .. }
            | Risk::PvuRatingAssumed { .. }
            | Risk::FullCapacityWithoutIlmt { .. } => Severity::Medium,
            Risk::PerVmNotOffered => Severity::Medium,
        }
    }
}

impl Finding {
    pub fn severity(&self) -> Severity {
        match self {
            Finding::SurplusUnverified { .. }
            | Finding::NoPrice { .. }
            | Finding::NoExchangeRate { .. }
            | Finding::UnknownProduct { .. }
            | Finding::UnknownTarget { .. }
            | Finding::CostOverflow { .. }
            | Finding::ExistingShortfall { .. }
            | Finding::TermEnds { .. }
            | Finding::CatalogueAdditionRefused { .. }
            | Finding::UnknownChangeTarget { .. } => Severity::High,
            Finding::Unmatched { .. }
            | Finding::SaWithoutLicence { .. }
            | Finding::OutsideHorizon { .. }
            | Finding::AgreementsDisagree { .. }
            | Finding::OemUnbound { .. }
            | Finding::LikelyDuplicate { .. }
            | Finding::PackSizeDisagrees { .. } => Severity::Medium,
            Finding::PricedFromEntitlement { .. } | Finding::OemRightsEnd { .. } => Severity::Info,
            Finding::TableConfidence { confidence, .. } => match confidence {
                crate::rules::Confidence::ThirdParty => Severity::Medium,
                _ => Severity::Info,
            },
            Finding::Rule { risk, .. } => risk.severity(),
        }
    }
}

impl Finding {
    /// What kind of finding this is, as a heading over all findings of its kind: a large
    /// estate has thousands of one kind, which are read as a group and a count.
    pub fn title(&self) -> &'static str {
        match self {
            Finding::SurplusUnverified { .. } => "Surplus not verified",
            Finding::PricedFromEntitlement { .. } => "Priced from a purchase",
            Finding::NoPrice { .. } => "No price known",
            Finding::NoExchangeRate { .. } => "No exchange rate",
            Finding::Unmatched { .. } => "Lines that match no product",
            Finding::UnknownProduct { .. } => "Products the catalogue does not know",
            Finding::UnknownTarget { .. } => "Placements on targets the deployment does not list",
            Finding::CostOverflow { .. } => "Costs out of range",
            Finding::ExistingShortfall { .. } => "Existing shortfalls",
            Finding::TermEnds { .. } => "Terms ending inside the horizon",
            Finding::UnknownChangeTarget { .. } => "Changes to what the estate does not have",
            Finding::CatalogueAdditionRefused { .. } => "Catalogue entries not added",
            Finding::OutsideHorizon { .. } => "Purchases after the horizon",
            Finding::SaWithoutLicence { .. } => "Software Assurance without a licence",
            Finding::AgreementsDisagree { .. } => "Several agreements with true-ups",
            Finding::OemUnbound { .. } => "OEM licences not counted",
            Finding::OemRightsEnd { .. } => "OEM rights ending with their host",
            Finding::LikelyDuplicate { .. } => "Likely duplicate lines",
            Finding::PackSizeDisagrees { .. } => "Pack sizes that disagree",
            Finding::TableConfidence { .. } => "Rule tables to confirm",
            Finding::Rule { .. } => "Vendor rules",
        }
    }
}

/// Findings of one kind and severity: the heading and count a long list is read by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Group {
    pub severity: Severity,
    /// [`Finding::title`].
    pub title: &'static str,
}

impl Group {
    pub fn of(finding: &Finding) -> Group {
        Group {
            severity: finding.severity(),
            title: finding.title(),
        }
    }
}

/// The groups of `findings` with their counts: most severe first, and within a severity in the
/// order each kind is first reported.
pub fn groups(findings: &[Finding]) -> Vec<(Group, usize)> {
    let mut groups: Vec<(Group, usize)> = Vec::new();
    let mut index: FxHashMap<Group, usize> = FxHashMap::default();
    for finding in findings {
        let group = Group::of(finding);
        let at = *index.entry(group).or_insert_with(|| {
            groups.push((group, 0));
            groups.len() - 1
        });
        groups[at].1 += 1;
    }
    crate::order::sort_by_key(&mut groups, |(group, _)| group.severity);
    groups
}

impl Finding {
    /// The product a finding is about, if it is about one.
    pub fn product(&self) -> Option<&ProductId> {
        match self {
            Finding::SurplusUnverified { product, .. }
            | Finding::PricedFromEntitlement { product, .. }
            | Finding::NoPrice { product }
            | Finding::NoExchangeRate { product, .. }
            | Finding::UnknownProduct { product }
            | Finding::UnknownTarget { product, .. }
            | Finding::CostOverflow { product }
            | Finding::ExistingShortfall { product, .. }
            | Finding::SaWithoutLicence { product, .. }
            | Finding::OutsideHorizon { product, .. }
            | Finding::TermEnds { product, .. }
            | Finding::AgreementsDisagree { product, .. }
            | Finding::OemUnbound { product, .. }
            | Finding::OemRightsEnd { product, .. }
            | Finding::LikelyDuplicate { product, .. }
            | Finding::PackSizeDisagrees { product, .. }
            | Finding::TableConfidence { product, .. }
            | Finding::Rule { product, .. } => Some(product),
            Finding::Unmatched { .. }
            | Finding::CatalogueAdditionRefused { .. }
            | Finding::UnknownChangeTarget { .. } => None,
        }
    }
}

/// The message, without the product's name (callers show it beside the message).
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::SurplusUnverified { entitled, .. } => write!(
                f,
                "surplus unverified — 0 consumed assumed for the {entitled} rights owned; import the current licence position to confirm them"
            ),
            Finding::PricedFromEntitlement {
                source, purchased, ..
            } => {
                write!(f, "priced from the purchase on {source}")?;
                match purchased {
                    Some(date) => write!(f, " dated {date}"),
                    None => write!(f, " (no purchase date)"),
                }?;
                write!(f, "; no price list entry")
            }
            Finding::NoPrice { .. } => write!(f, "no price known, so the purchase is not costed"),
            Finding::NoExchangeRate { from, to, .. } => {
                write!(
                    f,
                    "price in {from} but results are in {to}, and no exchange rate is set"
                )
            }
            Finding::Unmatched { source, text } => {
                write!(
                    f,
                    "{source}: {text:?} matches no catalogue product and is not counted"
                )
            }
            Finding::UnknownProduct { .. } => write!(
                f,
                "the deployment places a product the catalogue does not know"
            ),
            Finding::UnknownTarget { target, name, .. } => {
                write!(
                    f,
                    "placed on {target} {name:?}, which the deployment does not list: not counted"
                )
            }
            Finding::CostOverflow { .. } => write!(f, "cost is out of range"),
            Finding::ExistingShortfall { shortfall, .. } => write!(
                f,
                "already short by {shortfall} before the project: an existing compliance gap, not counted in the project's cost"
            ),
            Finding::TermEnds {
                source,
                rights,
                ends,
                term,
                ..
            } => {
                let term = match term {
                    Term::Subscription => "the subscription",
                    Term::SoftwareAssurance => "the Software Assurance the project's use relies on",
                };
                write!(
                    f,
                    "{term} on {source} ends on {ends}, inside the horizon: renew it for {rights} rights or the project falls short"
                )
            }
            Finding::UnknownChangeTarget { target, name } => {
                write!(
                    f,
                    "a change names {target} {name:?}, which the existing estate does not have: not applied"
                )
            }
            Finding::CatalogueAdditionRefused { reason } => {
                write!(
                    f,
                    "your catalogue entries were not added ({reason}); products only they name are not counted"
                )
            }
            Finding::OutsideHorizon { on, .. } => write!(
                f,
                "a purchase needed on {on} falls after the budget's horizon and is not in the yearly figures"
            ),
            Finding::SaWithoutLicence { source, rights, .. } => write!(
                f,
                "{source}: Software Assurance for {rights} rights finds no licence without SA to cover; SA adds no rights"
            ),
            Finding::OemUnbound {
                source,
                host,
                rights,
                ..
            } => {
                match host {
                    Some(host) => write!(
                        f,
                        "{source}: an OEM licence of host {host:?}, which the estate does not have"
                    )?,
                    None => write!(f, "{source}: an OEM licence that names no host")?,
                }
                write!(
                    f,
                    "; OEM rights stay with their hardware, so its {rights} rights are not counted: name the host"
                )
            }
            Finding::OemRightsEnd {
                source,
                host,
                rights,
                ..
            } => write!(
                f,
                "{source}: an OEM licence of host {host}, which the project retires: its {rights} rights end with the host"
            ),
            Finding::LikelyDuplicate {
                rights,
                first,
                second,
                ..
            } => write!(
                f,
                "{second} looks like {first} (same quantity, {rights} rights, dates and order): both are counted; if they are one purchase, remove it from one file"
            ),
            Finding::PackSizeDisagrees {
                source,
                stated,
                sku,
                catalogue,
                counted,
                ..
            } => {
                write!(f, "{source}: the pack size says {stated}")?;
                let sku_differs = sku.as_ref().filter(|(_, size)| size != stated);
                if let Some((text, size)) = sku_differs {
                    write!(f, " but the SKU {text:?} says {size}")?;
                }
                let sizes: Vec<String> = catalogue.iter().map(u32::to_string).collect();
                let why = if sku_differs.is_some() {
                    "the smaller stated size, an assumption"
                } else {
                    "as the line says"
                };
                write!(
                    f,
                    "; the catalogue sells packs of {}: counted at {counted} rights per pack ({why}): confirm the pack size",
                    sizes.join(", ")
                )
            }
            Finding::AgreementsDisagree { agreements, .. } => write!(
                f,
                "owned under several agreements with true-ups ({}): purchases are budgeted when needed; say which agreement buys them",
                agreements.join(", ")
            ),
            Finding::TableConfidence {
                table,
                effective,
                source,
                confidence,
                ..
            } => write!(
                f,
                "counted with table {} of {effective}, whose confidence is {confidence}: confirm its figures against the vendor's text (source: {source})",
                table.0
            ),
            Finding::Rule {
                subject,
                risk,
                rule,
                ..
            } => write!(f, "{subject}: {risk} ({rule})"),
        }
    }
}

/// The findings of a list as it stood, by product: whether an equal finding is among them is a
/// comparison with that product's findings alone. An estate of thousands of hosts reports
/// thousands of findings, and comparing each new one with all of them was quadratic (issue 7).
pub(crate) struct Seen {
    by_product: FxHashMap<u64, Vec<usize>>,
}

impl Seen {
    pub(crate) fn new(findings: &[Finding]) -> Seen {
        let mut by_product: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (index, finding) in findings.iter().enumerate() {
            by_product
                .entry(product_key(finding))
                .or_default()
                .push(index);
        }
        Seen { by_product }
    }

    /// Whether `findings` held a finding equal to `finding` when this was made (`findings` is
    /// that list, perhaps longer since: only what it held then is compared).
    pub(crate) fn contains(&self, findings: &[Finding], finding: &Finding) -> bool {
        self.by_product
            .get(&product_key(finding))
            .is_some_and(|indexes| indexes.iter().any(|&i| findings[i] == *finding))
    }
}

/// A hash of the finding's product (none hashes alike): equal findings have equal keys.
fn product_key(finding: &Finding) -> u64 {
    let mut hasher = FxHasher::default();
    finding.product().map(|p| p.0.as_str()).hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {

    fn sa_without_licence(row: u32) -> Finding {
        Finding::SaWithoutLicence {
            product: ProductId("oracle-database-ee".into()),
            source: SourceRef {
                file: "estate.csv".into(),
                row,
            },
            rights: Rights(2),
        }
    }

    #[test]
    fn findings_group_by_severity_then_kind_in_the_order_first_reported() {
        let no_price = Finding::NoPrice {
            product: ProductId("p".into()),
        };
        let unmatched = Finding::Unmatched {
            source: SourceRef {
                file: "a.csv".into(),
                row: 9,
            },
            text: "Acrobat".into(),
        };
        let findings = vec![
            sa_without_licence(2),
            unmatched,
            no_price.clone(),
            sa_without_licence(3),
            sa_without_licence(4),
            no_price,
        ];
        let medium = |title| Group {
            severity: Severity::Medium,
            title,
        };
        assert_eq!(
            groups(&findings),
            vec![
                (
                    Group {
                        severity: Severity::High,
                        title: "No price known"
                    },
                    2
                ),
                (medium("Software Assurance without a licence"), 3),
                (medium("Lines that match no product"), 1),
            ]
        );
        assert!(groups(&[]).is_empty());
    }
    use super::*;
    use crate::rules::RuleId;

    fn rule(product: &str, subject: &str) -> Finding {
        Finding::Rule {
            product: ProductId(product.into()),
            subject: subject.into(),
            risk: Risk::PerVmNotOffered,
            rule: RuleId("MS-PER-VM".into()),
        }
    }

    #[test]
    fn seen_finds_an_equal_finding_among_its_products_only_as_the_list_was() {
        let mut findings = vec![
            rule("oracle-ee", "db-1"),
            rule("oracle-se2", "db-1"),
            Finding::CatalogueAdditionRefused {
                reason: "bad".into(),
            },
        ];
        let seen = Seen::new(&findings);
        assert!(seen.contains(&findings, &rule("oracle-ee", "db-1")));
        assert!(seen.contains(&findings, &rule("oracle-se2", "db-1")));
        // Same subject, another product; same product, another subject.
        assert!(!seen.contains(&findings, &rule("oracle-ee", "db-2")));
        assert!(!seen.contains(&findings, &rule("ms-sql", "db-1")));
        assert!(seen.contains(
            &findings,
            &Finding::CatalogueAdditionRefused {
                reason: "bad".into()
            }
        ));
        assert!(!seen.contains(
            &findings,
            &Finding::CatalogueAdditionRefused {
                reason: "other".into()
            }
        ));
        // What was added after it was made is not among what it saw.
        findings.push(rule("oracle-ee", "db-3"));
        assert!(!seen.contains(&findings, &rule("oracle-ee", "db-3")));
    }
}
