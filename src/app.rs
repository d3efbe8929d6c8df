//! The page: a summary of the result, the deployment, the licence position, the files, findings.

use leptos::prelude::*;

use crate::components::{
    AlternativesTable, ApprovalPack, BudgetTable, ChartView, Charts, EntitlementFiles, FindingList,
    Panel, PanelBoundary, PositionTable, PrintButton, ResultsCsvButton, RuleSettings,
    ScenarioComparison, ScenarioEditor, ScenarioList, ShareLink, SharedScenarioView, SiteDataView,
    SiteNotice, StorageNotice, Summary, WorkbookFile,
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
            <PanelBoundary>
                <Summary />
            </PanelBoundary>
            <section class="scenario" aria-labelledby="scenario-heading">
                <h2 id="scenario-heading">"Scenarios: the proposed deployment"</h2>
                <ScenarioList />
                <ScenarioEditor />
            </section>
            <Panel title="Licence position" testid="positions-panel">
                <PositionTable />
                <ChartView chart=charts.position testid="chart-position" />
            </Panel>
            <Panel title="Cost by fiscal year" testid="budget-panel">
                <BudgetTable />
                <ChartView chart=charts.cost testid="chart-cost" />
            </Panel>
            <section>
                <h2>"Alternatives"</h2>
                <AlternativesTable />
            </section>
            <section>
                <h2>"Scenarios compared"</h2>
                <ScenarioComparison />
            </section>
            <section>
                <h2>"Licensing positions"</h2>
                <RuleSettings />
            </section>
            <section>
                <h2>"Entitlement files"</h2>
                <EntitlementFiles />
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
        </main>
    }
}
