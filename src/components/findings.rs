//! Findings by severity and kind: risks, gaps and the assumptions behind the figures.
//!
//! A large estate has thousands of findings of a few kinds (5,000 "Software Assurance without a
//! licence" on one line each). They are shown as one group per kind and severity, with its
//! count and its first [`FIRST_SHOWN`] findings; the rest on request. Only the findings shown
//! are written out, so an edit formats a few dozen, not thousands.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use preflight_engine::finding::{Group, groups};
use preflight_engine::{Finding, Severity};

use super::product_name;
use crate::format;
use crate::state::AppState;

/// Findings shown of a group until "Show all" is pressed.
const FIRST_SHOWN: usize = 25;

/// One finding as shown, and its key: the same text a second time is its second occurrence.
type Shown = (Option<String>, String, usize);

/// The first `limit` findings of a group, written out, each with its occurrence number.
fn shown(
    findings: &[Finding],
    group: Group,
    limit: usize,
    name: impl Fn(&Finding) -> Option<String>,
) -> Vec<Shown> {
    let mut seen: HashMap<(Option<String>, String), usize> = HashMap::new();
    findings
        .iter()
        .filter(|finding| Group::of(finding) == group)
        .take(limit)
        .map(|finding| {
            let product = name(finding);
            let message = finding.to_string();
            let n = seen.entry((product.clone(), message.clone())).or_default();
            *n += 1;
            (product, message, *n)
        })
        .collect()
}

fn severity_text(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Info => "Info",
    }
}

#[component]
pub fn FindingList() -> impl IntoView {
    let state = AppState::expect();
    let counts = Memo::new(move |_| {
        state
            .evaluation
            .with(|evaluation| groups(&evaluation.findings))
    });
    // The groups whose every finding is asked for.
    let all_shown = RwSignal::new(HashSet::<Group>::new());
    view! {
        <div class="findings" data-testid="findings">
            <For each=move || counts.get() key=|(group, _)| *group let((group, _))>
                <FindingGroup group counts all_shown />
            </For>
        </div>
    }
}

#[component]
fn FindingGroup(
    group: Group,
    counts: Memo<Vec<(Group, usize)>>,
    all_shown: RwSignal<HashSet<Group>>,
) -> impl IntoView {
    let state = AppState::expect();
    let count = Memo::new(move |_| {
        counts.with(|counts| {
            counts
                .iter()
                .find(|(g, _)| *g == group)
                .map_or(0, |(_, n)| *n)
        })
    });
    let everything = Memo::new(move |_| all_shown.with(|all| all.contains(&group)));
    let items = Memo::new(move |_| {
        let limit = if everything.get() {
            usize::MAX
        } else {
            FIRST_SHOWN
        };
        state.evaluation.with(|evaluation| {
            state.rule_pack.with(|pack| {
                shown(&evaluation.findings, group, limit, |finding| {
                    finding.product().map(|id| product_name(pack, id))
                })
            })
        })
    });
    let severity = severity_text(group.severity);
    let heading = move || format!("{} ({})", group.title, format::count(count.get() as u64));
    let more = move || {
        (count.get() > FIRST_SHOWN).then(|| {
            let label = move || {
                if everything.get() {
                    format!("Show the first {FIRST_SHOWN}")
                } else {
                    format!("Show all {}", format::count(count.get() as u64))
                }
            };
            let toggle = move |_| {
                all_shown.update(|all| {
                    if !all.remove(&group) {
                        all.insert(group);
                    }
                })
            };
            let of = move || {
                (!everything.get())
                    .then(|| format!("{FIRST_SHOWN} of {} shown. ", format::count(count.get() as u64)))
            };
            view! {
                <p class="more">
                    <span class="muted">{of}</span>
                    <button type="button" data-testid="findings-more" on:click=toggle>{label}</button>
                </p>
            }
        })
    };
    // Keyed by what each says: an edit that changes a few findings adds and removes those
    // items and leaves the rest of the group alone.
    view! {
        <section class=format!("finding-group {}", severity.to_lowercase()) data-testid="finding-group">
            <h3>
                <span class="severity">{severity}</span>
                " "
                {heading}
            </h3>
            <ul>
                <For each=move || items.get() key=|shown| shown.clone() let((product, message, _))>
                    <li class="finding">
                        {product.map(|name| view! { <strong>{name}": "</strong> })}
                        {message}
                    </li>
                </For>
            </ul>
            {more}
        </section>
    }
}
