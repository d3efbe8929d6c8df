//! A part of the page that fails on its own: an `Err` rendered inside it becomes a message in
//! that panel, with the workbook export, while every other panel carries on.
//!
//! Leptos's `ErrorBoundary` catches `Err` values in a view, not panics (with `panic = "abort"` a
//! panic ends the instance; `crash.rs` handles that). So fallible work in a panel renders its
//! `Result` rather than hiding the error or unwrapping it: always `Result<AnyView, SumError>`,
//! so Leptos's render code for a `Result` is in the wasm once.

use leptos::prelude::*;
use preflight_engine::MoneyError;

use crate::actions;
use crate::state::AppState;

/// A titled section of the page whose content is held by [`PanelBoundary`]. Only sections with
/// fallible work are panels: a boundary costs wasm (each panel's content becomes an `AnyView`),
/// and a section that renders no `Result` can only fail by panicking, which no boundary catches.
#[component]
pub fn Panel(
    title: &'static str,
    /// Names the section for tests (`data-testid`) and its heading's id (`<testid>-heading`).
    testid: &'static str,
    children: Children,
) -> impl IntoView {
    let heading = format!("{testid}-heading");
    view! {
        <section data-testid=testid aria-labelledby=heading>
            <h2 id=heading.clone()>{title}</h2>
            <PanelBoundary>{children()}</PanelBoundary>
        </section>
    }
}

/// Shows its children, or, while any of them renders an `Err`, what failed and the export.
/// It recovers by itself: once the content renders `Ok` again the message goes.
#[component]
pub fn PanelBoundary(children: Children) -> impl IntoView {
    let state = AppState::expect();
    view! {
        <ErrorBoundary fallback=move |errors| {
            let reasons = move || {
                errors.with(|errors| {
                    errors.iter().map(|(_, error)| error.to_string()).collect::<Vec<_>>().join("; ")
                })
            };
            view! {
                <div class="report failed" role="alert" data-testid="panel-error">
                    <p>
                        <strong>"This part of the page cannot be shown: "</strong>
                        {reasons}
                        "."
                    </p>
                    <p>
                        "The rest of the page still works and your work is kept. Export the workbook to keep a copy, or change what this part depends on (for example the prices) and it comes back."
                    </p>
                    <button class="button" on:click=move |_| actions::export_workbook(state)>
                        "Export workbook"
                    </button>
                </div>
            }
        }>{children()}</ErrorBoundary>
    }
}

/// A panel's figures that cannot be summed exactly: shown in place of a sum that left a line out.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error(
    "the {what} add up to more than Preflight can count exactly ({source}); check the prices in the workbook"
)]
pub struct SumError {
    pub what: &'static str,
    pub source: MoneyError,
}

impl SumError {
    /// `map_err(SumError::of("amounts of each fiscal year"))`.
    pub fn of(what: &'static str) -> impl Fn(MoneyError) -> SumError {
        move |source| SumError { what, source }
    }
}
