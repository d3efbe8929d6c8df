//! The page's components: each reads the state from context and renders one part.

mod alternatives;
mod approval_pack;
mod budget;
mod charts;
mod cloud_rates;
mod compare;
mod files;
mod findings;
mod guide;
mod lines;
mod panel;
mod positions;
mod reference;
mod rows;
mod scenario;
mod settings;
mod share;
mod site;
mod storage_notice;
mod summary;
mod workbook;
mod workbook_settings;

pub use alternatives::AlternativesTable;
pub use approval_pack::{ApprovalPack, PrintButton, ResultsCsvButton};
pub use budget::BudgetTable;
pub use charts::{ChartView, Charts};
pub use cloud_rates::CloudRates;
pub use compare::{CompareVariants, ScenarioComparison};
pub use files::EntitlementFiles;
pub use findings::FindingList;
pub use guide::Guide;
pub use lines::EntitlementLines;
pub use panel::{Panel, PanelBoundary};
pub use positions::PositionTable;
pub use reference::{BaselineTable, PriceListTable};
#[cfg(feature = "split")]
pub use scenario::LazyScenarioEditor;
#[cfg(not(feature = "split"))]
pub use scenario::ScenarioEditor;
pub use scenario::ScenarioList;
#[cfg(feature = "split")]
pub(crate) use scenario::fetch_editor;
pub use settings::RuleSettings;
pub use share::{ShareLink, SharedScenarioView};
pub use site::{SiteDataView, SiteNotice};
pub use storage_notice::StorageNotice;
pub use summary::Summary;
pub use workbook::WorkbookFile;
pub use workbook_settings::WorkbookSettings;

use leptos::task::spawn_local;
use preflight_engine::{ProductId, RulePack};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

/// The product's display name, or its id when the catalogue does not know it.
pub fn product_name(pack: &RulePack, id: &ProductId) -> String {
    pack.catalogue
        .get(id)
        .map_or_else(|| id.to_string(), |product| product.display_name())
}

/// Reads the file chosen in a file input, then calls `done` with its name and its bytes or why
/// the browser could not read it. Clears the input, so choosing the same file again reads it again.
pub fn read_chosen_file(
    event: &leptos::ev::Event,
    done: impl FnOnce(String, Result<Vec<u8>, String>) + 'static,
) {
    let input: HtmlInputElement = leptos::prelude::event_target(event);
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    input.set_value("");
    spawn_local(async move {
        let bytes = JsFuture::from(file.array_buffer())
            .await
            .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
            .map_err(|error| format!("{error:?}"));
        done(file.name(), bytes);
    });
}
