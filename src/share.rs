//! Share links in the page: making one from the active scenario, and a link opened here — read
//! from the fragment on start and whenever it changes — shown beside the user's own workbook,
//! never saved into it unless they keep it. The page writes and reads the link's JSON; the
//! import worker deflates and inflates it (`importer::ask`), so the page's wasm has no codec.

use leptos::prelude::*;
use preflight_engine::share::{self, SharedScenario};
use preflight_engine::{Evaluation, Scenario, WORKBOOK_SCHEMA, Workbook, evaluate};
use preflight_import::protocol::{SHARE_PACK, SHARE_UNPACK};

use crate::state::AppState;

/// A link opened in this tab: the scenario it carries, or why it could not be read.
#[derive(Clone, Copy)]
pub struct Incoming {
    pub shared: RwSignal<Option<Result<SharedScenario, String>>>,
    /// Evaluate with the sender's entitlements and prices (when the link carries them).
    pub senders_files: RwSignal<bool>,
    /// The shared scenario evaluated against this browser's workbook (or the sender's files).
    pub evaluation: Memo<Option<Evaluation>>,
}

impl Incoming {
    /// Reads the fragment now and on every `hashchange`, and provides the result.
    pub fn provide(state: AppState) -> Incoming {
        let shared = RwSignal::new(None::<Result<SharedScenario, String>>);
        let senders_files = RwSignal::new(false);
        let evaluation = Memo::new(move |_| {
            shared.with(|shared| {
                let shared = shared.as_ref()?.as_ref().ok()?;
                let workbook = state
                    .workbook
                    .with(|own| preview_workbook(own, shared, senders_files.get()));
                Some(
                    state
                        .rule_pack
                        .with(|pack| evaluate(&workbook, pack, state.as_of.get())),
                )
            })
        });
        // The worker inflates the link; its JSON is read here. A link read later than one
        // opened after it is still shown: the worker answers in order.
        let open = move |fragment: String| {
            crate::importer::ask(state, SHARE_UNPACK, &fragment, move |json| {
                let read = json.and_then(|json| share::read(&json).map_err(|e| e.to_string()));
                senders_files.set(false);
                shared.set(Some(read));
            });
        };
        if let Some(fragment) = share_fragment() {
            open(fragment);
        }
        let _ = window_event_listener(leptos::ev::hashchange, move |_| {
            if let Some(fragment) = share_fragment() {
                open(fragment);
            }
        });
        let incoming = Incoming {
            shared,
            senders_files,
            evaluation,
        };
        provide_context(incoming);
        incoming
    }

    pub fn expect() -> Incoming {
        expect_context::<Incoming>()
    }
}

/// The share link's fragment in the address bar (without `#`), if it holds one.
fn share_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    fragment
        .starts_with(share::FRAGMENT_PREFIX)
        .then(|| fragment.to_string())
}

/// A copy of the user's workbook with the shared scenario active (and, when asked, the sender's
/// files in place of the user's): what the preview evaluates. The user's workbook is untouched.
fn preview_workbook(own: &Workbook, shared: &SharedScenario, senders_files: bool) -> Workbook {
    let mut workbook = own.clone();
    if senders_files && !(shared.sources.is_empty() && shared.price_list.is_empty()) {
        workbook.sources = shared.sources.clone();
        workbook.price_list = shared.price_list.clone();
    }
    let scenario = Scenario {
        name: workbook.unused_name(&shared.scenario.name),
        ..shared.scenario.clone()
    };
    // The name is free, so adding cannot fail; on the impossible failure the preview shows the
    // user's own active scenario rather than nothing.
    let _ = workbook.add_scenario(scenario);
    workbook
}

/// What a link to the active scenario is made of: this page's address and the scenario's JSON,
/// which [`make_link`] has the worker pack. Reads the workbook tracked, so a memo over it
/// follows the scenario.
pub fn link_parts(state: AppState, include_files: bool) -> Result<(String, String), String> {
    let page = web_sys::window()
        .and_then(|window| window.location().href().ok())
        .ok_or("the browser did not give this page's address")?;
    let page = page.split('#').next().unwrap_or_default().to_string();
    let shared = state.workbook.with(|workbook| SharedScenario {
        schema: WORKBOOK_SCHEMA,
        rule_pack: state
            .rule_pack
            .with(|pack| format!("{} {}", pack.id, pack.version)),
        as_of: state.as_of.get(),
        scenario: workbook.scenario().clone(),
        sources: if include_files {
            workbook.sources.clone()
        } else {
            Vec::new()
        },
        price_list: if include_files {
            workbook.price_list.clone()
        } else {
            Vec::new()
        },
    });
    let json = serde_json::to_string(&shared).map_err(|error| error.to_string())?;
    Ok((page, json))
}

/// The link (this page's address with the scenario in its fragment), made by the worker; `done`
/// gets it or why not.
pub fn make_link(
    state: AppState,
    (page, json): (String, String),
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    crate::importer::ask(state, SHARE_PACK, &json, move |fragment| {
        done(fragment.map(|fragment| format!("{page}#{fragment}")));
    });
}

/// Adds the shared scenario to the user's workbook, under a free name, as the active one.
pub fn keep(state: AppState, incoming: Incoming) {
    let Some(Ok(shared)) = incoming.shared.get_untracked() else {
        return;
    };
    state.workbook.update(|workbook| {
        let scenario = Scenario {
            name: workbook.unused_name(&shared.scenario.name),
            ..shared.scenario
        };
        let _ = workbook.add_scenario(scenario);
    });
    state.history.update(|history| history.clear());
    close(incoming);
}

/// Closes the shared scenario and takes the link out of the address bar, so a reload shows the
/// user's own workbook.
pub fn close(incoming: Incoming) {
    incoming.shared.set(None);
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}
