//! Preflight in the browser: mounts the app; everything else lives in the modules below.

// Browser APIs fail (blocked storage, unreadable files): the app handles, never unwraps.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod actions;
mod alternatives;
mod app;
mod components;
mod crash;
mod demo;
mod download;
mod error_ids;
mod format;
mod importer;
mod rule_pack;
mod share;
mod site;
mod state;
mod storage;

fn main() {
    crash::install();
    // The page's reactive root: its owner (and so every panel's error boundary) takes error ids
    // from this context. It lives as long as the page.
    let root = leptos::reactive::owner::Owner::new_root(Some(std::sync::Arc::new(
        error_ids::DistinctErrorIds::default(),
    )));
    leptos::mount::mount_to_body(app::App);
    std::mem::forget(root);
}
