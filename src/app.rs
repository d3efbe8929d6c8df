//! The page: a summary of the result, the deployment, the licence position, the files, findings.

use leptos::prelude::*;

use crate::components::{
    AlternativesTable, ApprovalPack, BudgetTable, ChartView, Charts, EntitlementFiles, FindingList,
    PositionTable, PrintButton, RuleSettings, ScenarioEditor, ShareLink, SharedScenarioView,
    SiteDataView, SiteNotice, StorageNotice, Summary, WorkbookFile,
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
    let rule_pack = state
        .rule_pack
        .with_value(|pack| format!("{} {} ({})", pack.id, pack.version, pack.published));
    view! {
        <header class="masthead">
            <h1>"Preflight"</h1>
            <p class="tagline">"Licence cost and compliance check for a proposed deployment"</p>
            <p class="context">
                "As of " <span data-testid="as-of">{move || state.as_of.get().to_string()}</span>
                " · rule pack " {rule_pack}
                " · everything stays in this browser"
            </p>
            <PrintButton open=pack_open />
        </header>
        <main>
            <ApprovalPack open=pack_open charts />
            <StorageNotice />
            <SiteNotice />
            <SharedScenarioView />
            <Summary />
            <section class="scenario" aria-labelledby="scenario-heading">
                <h2 id="scenario-heading">"Scenario: the proposed deployment"</h2>
                <ScenarioEditor />
            </section>
            <section>
                <h2>"Licence position"</h2>
                <PositionTable />
                <ChartView chart=charts.position testid="chart-position" />
            </section>
            <section>
                <h2>"Cost by fiscal year"</h2>
                <BudgetTable />
                <ChartView chart=charts.cost testid="chart-cost" />
            </section>
            <section>
                <h2>"Alternatives"</h2>
                <AlternativesTable />
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
