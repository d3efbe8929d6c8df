//! Distinct ids for the errors a panel shows.
//!
//! Leptos's `ErrorBoundary` keys every error it catches by the shared context's next id. A
//! client-side rendered page has no shared context, so every error got the same key: in a panel
//! with two fallible parts (the cost panel's table and chart) the second error replaced the
//! first, which one was shown depended on the order the parts were built, and a part that
//! recovered cleared its sibling's error too, showing the panel with a part silently missing.
//! The page's reactive root carries this context instead: it has nothing to hydrate, like
//! Leptos's own `CsrSharedContext`, and hands out ids that differ.

use std::sync::atomic::{AtomicUsize, Ordering};

use hydration_context::{PinnedFuture, PinnedStream, SerializedDataId, SharedContext};
use leptos::error::{Error, ErrorId};

#[derive(Debug, Default)]
pub struct DistinctErrorIds {
    next: AtomicUsize,
}

impl SharedContext for DistinctErrorIds {
    fn is_browser(&self) -> bool {
        true
    }

    fn next_id(&self) -> SerializedDataId {
        SerializedDataId::new(self.next.fetch_add(1, Ordering::Relaxed))
    }

    fn write_async(&self, _id: SerializedDataId, _fut: PinnedFuture<String>) {}

    fn read_data(&self, _id: &SerializedDataId) -> Option<String> {
        None
    }

    fn await_data(&self, _id: &SerializedDataId) -> Option<String> {
        None
    }

    fn pending_data(&self) -> Option<PinnedStream<String>> {
        None
    }

    fn during_hydration(&self) -> bool {
        false
    }

    fn hydration_complete(&self) {}

    fn get_is_hydrating(&self) -> bool {
        false
    }

    fn set_is_hydrating(&self, _is_hydrating: bool) {}

    fn take_errors(&self) -> Vec<(SerializedDataId, ErrorId, Error)> {
        Vec::new()
    }

    fn errors(&self, _boundary_id: &SerializedDataId) -> Vec<(ErrorId, Error)> {
        Vec::new()
    }

    fn seal_errors(&self, _boundary_id: &SerializedDataId) {}

    fn register_error(&self, _boundary: SerializedDataId, _id: ErrorId, _error: Error) {}

    fn defer_stream(&self, _wait_for: PinnedFuture<()>) {}

    fn await_deferred(&self) -> Option<PinnedFuture<()>> {
        None
    }

    fn set_incomplete_chunk(&self, _id: SerializedDataId) {}

    fn get_incomplete_chunk(&self, _id: &SerializedDataId) -> bool {
        false
    }
}
