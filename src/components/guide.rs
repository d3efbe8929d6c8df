//! The newcomer's first step: three short steps (import your entitlements, sketch the deployment,
//! read the results and the approval pack), each with a button that takes the focus to the real
//! control. Closing it is remembered in this browser; it is never printed.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The localStorage key that remembers the guide was closed.
const DISMISSED: &str = "preflight.guide.dismissed";

/// Each step: its title, what to do, the id of the control it points at, and that control's
/// name on the "show me" button.
const STEPS: [(&str, &str, &str, &str); 3] = [
    (
        "Import your entitlements",
        "The page opens with a demo workbook. Bring in your licence statement or SAM export (spreadsheet, CSV or JSON): you see a preview first, and the file never leaves this browser.",
        "import-file",
        "the import button",
    ),
    (
        "Sketch the deployment",
        "Under \u{201c}Scenarios\u{201d}, add the hosts, clusters and VMs the project adds and the products they run. Every figure below follows each change.",
        "scenario-heading",
        "the scenario editor",
    ),
    (
        "Read the results and hand in the approval pack",
        "The licence position says what is owned, short and to buy, with the working behind every figure. \u{201c}Print approval pack\u{201d} makes the page for the change board.",
        "print-approval-pack",
        "the approval pack button",
    ),
];

/// Whether the guide was closed in this browser; storage that is blocked counts as not.
fn dismissed() -> bool {
    crate::storage::local_storage().is_some() && LocalStorage::get::<bool>(DISMISSED).is_ok()
}

fn remember_dismissed() {
    if crate::storage::local_storage().is_some() {
        // Storage full or blocked: the guide comes back on the next visit, nothing worse.
        let _ = LocalStorage::set(DISMISSED, true);
    }
}

/// Scrolls the control with `id` into view and moves the keyboard focus to it.
fn show(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element {
        element.scroll_into_view();
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

#[component]
pub fn Guide() -> impl IntoView {
    let open = RwSignal::new(!dismissed());
    let step = RwSignal::new(0usize);
    let close = move || {
        open.set(false);
        remember_dismissed();
    };
    let last = move || step.get() + 1 == STEPS.len();
    // One element for "Next" and "Done", hidden rather than removed when closed: each `Show`
    // is its own render code in the wasm.
    view! {
        <section
            class="guide"
            hidden=move || !open.get()
            aria-labelledby="guide-title"
            data-testid="guide"
            on:keydown=move |event| {
                if event.key() == "Escape" {
                    close();
                }
            }
        >
            <p class="guide-count">
                <span id="guide-title">"Getting started"</span>
                {move || format!(" · step {} of {}", step.get() + 1, STEPS.len())}
            </p>
            <h2 data-testid="guide-step">{move || STEPS[step.get()].0}</h2>
            <p>{move || STEPS[step.get()].1}</p>
            <div class="guide-actions">
                <button type="button" class="button" data-testid="guide-show" on:click=move |_| show(STEPS[step.get_untracked()].2)>
                    {move || format!("Show me {}", STEPS[step.get()].3)}
                </button>
                <button type="button" disabled=move || step.get() == 0 on:click=move |_| step.update(|s| *s = s.saturating_sub(1))>
                    "Back"
                </button>
                <button
                    type="button"
                    data-testid=move || if last() { "guide-done" } else { "guide-next" }
                    on:click=move |_| if last() { close() } else { step.update(|s| *s += 1) }
                >
                    {move || if last() { "Done" } else { "Next" }}
                </button>
                <button type="button" class="guide-close" data-testid="guide-close" aria-label="Close the guide" on:click=move |_| close()>
                    "Close"
                </button>
            </div>
        </section>
    }
}
