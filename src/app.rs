//! The page: a summary of the result, the deployment, the licence position, the files, findings.
//! Built in stages, each in a task of its own, so that start-up is no single long task: the
//! summary first, then the editor, the positions and costs, the alternatives and settings, the
//! files and the rest. Each stage is appended below what is shown: nothing shifts. In the split
//! build the editor's code is a second wasm, and the page waits at its stage until it is shown.

use std::time::Duration;

use leptos::prelude::*;

use crate::components::{
    AlternativesTable, ApprovalPack, BaselineTable, BudgetTable, ChartView, Charts, CloudRates,
    CompareVariants, EntitlementFiles, EntitlementLines, FindingList, Guide, Panel, PanelBoundary,
    PositionTable, PriceListTable, PrintButton, ResultsCsvButton, RuleSettings, ScenarioComparison,
    ScenarioList, ShareLink, SharedScenarioView, SiteDataView, SiteNotice, StorageNotice, Summary,
    WorkbookFile, WorkbookSettings,
};
use crate::state::AppState;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::provide();
    crate::storage::keep_saved(state);
    crate::share::Incoming::provide(state);
    crate::site::Site::provide(state);
    let charts = Charts::new(state);
    let pack_open = RwSignal::new(false);
    let stage = RwSignal::new(0u8);
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        // The editor's module is fetched while the summary is built, not when its stage comes.
        let _ = crate::components::fetch_editor().await;
    });
    unfold(stage);
    let from = move |n: u8| move || stage.get() >= n;
    let rule_pack = move || {
        state
            .rule_pack
            .with(|pack| format!("{} {} ({})", pack.id, pack.version, pack.published))
    };
    view! {
        <header class="masthead">
            <h1>"Preflight"</h1>
            <p class="tagline">"Licence cost and compliance check for a proposed deployment"</p>
            <p class="context">
                "As of " <span data-testid="as-of">{move || state.as_of.get().to_string()}</span>
                " · rule pack " {rule_pack}
                " · everything stays in this browser"
            </p>
            <div class="actions">
                <ResultsCsvButton />
                <PrintButton open=pack_open />
            </div>
        </header>
        <main>
            <ApprovalPack open=pack_open charts />
            <StorageNotice />
            <SiteNotice />
            <SharedScenarioView />
            <Guide />
            <PanelBoundary>
                <Summary />
            </PanelBoundary>
            <Show when=from(1)>
            <section class="scenario" aria-labelledby="scenario-heading">
                <h2 id="scenario-heading" tabindex="-1">"Scenarios: the proposed deployment"</h2>
                <ScenarioList />
                {editor(stage)}
            </section>
            </Show>
            <Show when=from(2)>
            <Panel title="Licence position" testid="positions-panel">
                <PositionTable />
                <ChartView chart=charts.position testid="chart-position" />
            </Panel>
            <Panel title="Cost by fiscal year" testid="budget-panel">
                <BudgetTable />
                <ChartView chart=charts.cost testid="chart-cost" />
            </Panel>
            </Show>
            <Show when=from(3)>
            <section>
                <h2>"Alternatives"</h2>
                <AlternativesTable />
            </section>
            <section>
                <h2>"Scenarios compared"</h2>
                <ScenarioComparison />
                <CompareVariants />
            </section>
            <section>
                <h2>"Workbook settings"</h2>
                <WorkbookSettings />
            </section>
            <section>
                <h2>"Licensing positions"</h2>
                <RuleSettings />
            </section>
            </Show>
            <Show when=from(LAST_STAGE)>
            <section>
                <h2>"Entitlement files"</h2>
                <EntitlementFiles />
            </section>
            <section data-testid="lines-panel">
                <h2>"Entitlement lines"</h2>
                <EntitlementLines />
            </section>
            <section data-testid="baseline-panel">
                <h2>"Baseline: what the estate uses today"</h2>
                <BaselineTable />
            </section>
            <section data-testid="price-list-panel">
                <h2>"Price list"</h2>
                <PriceListTable />
                <CloudRates />
            </section>
            <section>
                <h2>"Findings"</h2>
                <FindingList />
            </section>
            <section>
                <h2>"Workbook file"</h2>
                <WorkbookFile />
            </section>
            <section>
                <h2>"Organisation's site data"</h2>
                <SiteDataView />
            </section>
            <section>
                <h2>"Share the scenario"</h2>
                <ShareLink />
            </section>
            </Show>
        </main>
    }
}

/// The page's last stage: the files, the lines and everything after them.
const LAST_STAGE: u8 = 4;

/// The stage of the scenario editor.
const EDITOR_STAGE: u8 = 1;

/// The scenario editor, built in its stage.
#[cfg(not(feature = "split"))]
fn editor(_stage: RwSignal<u8>) -> impl IntoView {
    view! { <crate::components::ScenarioEditor /> }
}

/// The scenario editor of the split build, whose code arrives in a second wasm: the page unfolds
/// past its stage only once it is shown, so the results below are never pushed down by it.
#[cfg(feature = "split")]
fn editor(stage: RwSignal<u8>) -> impl IntoView {
    view! { <crate::components::LazyScenarioEditor shown=Callback::new(move |()| unfold(stage)) /> }
}

/// Moves the page on by one stage per task (a zero timeout each) until the last: each stage's
/// views are built, and their wasm functions compiled on first call, in a task of its own. In
/// the split build it waits at the editor's stage until the editor is shown (`editor`).
fn unfold(stage: RwSignal<u8>) {
    set_timeout(
        move || {
            stage.update(|n| *n += 1);
            let next = stage.get_untracked();
            let waits_for_editor = cfg!(feature = "split") && next == EDITOR_STAGE;
            if next < LAST_STAGE && !waits_for_editor {
                unfold(stage);
            }
        },
        Duration::ZERO,
    );
}
