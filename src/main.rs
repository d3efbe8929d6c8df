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
mod format;
mod importer;
mod rule_pack;
mod share;
mod site;
mod state;
mod storage;

fn main() {
    crash::install();
    leptos::mount::mount_to_body(app::App);
}
