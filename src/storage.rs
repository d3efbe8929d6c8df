//! The workbook saved in this browser's localStorage: the envelope, loading it on start, saving
//! it after every change (after the change has painted), and each way the browser may refuse (blocked, full, corrupt value,
//! newer schema, another tab's newer save).
//!
//! gloo-storage writes the envelope, but its accessors `expect_throw` when storage is blocked, so
//! every call here first asks web-sys whether `localStorage` can be reached at all.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use preflight_engine::saved_json::WorkbookJson;
use preflight_engine::{WORKBOOK_SCHEMA, Workbook, workbook_from_json};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::state::AppState;

/// The key of the saved envelope; a value that cannot be read moves to `KEY.corrupt.<ms>`.
pub const KEY: &str = "preflight.workbook";

/// What a tab does with its changes, shown by the storage banner.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Every change is saved in this browser.
    Saving,
    /// The browser refuses storage (blocked, private mode): work lasts until the tab closes.
    Unavailable,
    /// The last save did not fit in the browser's storage; the next change tries again.
    Full,
    /// The last save failed for another reason; the next change tries again.
    Failed(String),
    /// Another tab saved a newer revision: this tab stopped saving so as not to overwrite it.
    OtherTab { revision: u64 },
    /// The saved value must not be overwritten (see the load notice): this tab never saves.
    ReadOnly,
}

impl SaveStatus {
    fn writes(&self) -> bool {
        matches!(
            self,
            SaveStatus::Saving | SaveStatus::Full | SaveStatus::Failed(_)
        )
    }
}

/// What loading found that the user must know about.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadNotice {
    /// The saved value could not be read; it was copied to `kept_as` (or could not be, and is
    /// then left in place and never saved over).
    Corrupt {
        reason: String,
        kept_as: Option<String>,
    },
    /// Saved by a newer Preflight: opened as far as this version understands it, or not at all.
    NewerSchema { schema: u32, opened: bool },
}

/// The outcome of [`load`]: the saved workbook, if any, and how this tab may save.
pub struct Loaded {
    pub workbook: Option<Workbook>,
    pub revision: u64,
    pub status: SaveStatus,
    pub notice: Option<LoadNotice>,
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    schema: u32,
    revision: u64,
    saved_at: &'a str,
    workbook: &'a RawValue,
}

#[derive(Deserialize)]
struct EnvelopeIn {
    schema: u32,
    revision: u64,
    workbook: Box<RawValue>,
}

/// Only the envelope's counters, for another tab's save seen in a `storage` event.
#[derive(Deserialize)]
struct Header {
    revision: u64,
}

/// `localStorage`, or `None` when the browser refuses it (reading the property may throw).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the saved workbook. A missing key means "start from the demo".
pub fn load() -> Loaded {
    let fresh = |status, notice| Loaded {
        workbook: None,
        revision: 0,
        status,
        notice,
    };
    let Some(storage) = local_storage() else {
        return fresh(SaveStatus::Unavailable, None);
    };
    let text = match storage.get_item(KEY) {
        Ok(Some(text)) => text,
        Ok(None) => return fresh(SaveStatus::Saving, None),
        Err(_) => return fresh(SaveStatus::Unavailable, None),
    };
    let envelope = match serde_json::from_str::<EnvelopeIn>(&text) {
        Ok(envelope) => envelope,
        Err(error) => return keep_aside(&storage, &text, error.to_string()),
    };
    if envelope.schema > WORKBOOK_SCHEMA {
        // As far as this version understands it; never written back.
        let workbook = serde_json::from_str::<Workbook>(envelope.workbook.get())
            .ok()
            .filter(|workbook| workbook.check().is_ok());
        let notice = LoadNotice::NewerSchema {
            schema: envelope.schema,
            opened: workbook.is_some(),
        };
        return Loaded {
            workbook,
            revision: envelope.revision,
            status: SaveStatus::ReadOnly,
            notice: Some(notice),
        };
    }
    match workbook_from_json(envelope.workbook.get().as_bytes()) {
        Ok(workbook) => Loaded {
            workbook: Some(workbook),
            revision: envelope.revision,
            status: SaveStatus::Saving,
            notice: None,
        },
        Err(error) => keep_aside(&storage, &text, error.to_string()),
    }
}

/// Copies an unreadable value to a key of its own and removes it from [`KEY`]; when the copy
/// fails (storage full), the value stays where it is and this tab never saves over it.
fn keep_aside(storage: &web_sys::Storage, text: &str, reason: String) -> Loaded {
    let kept_as = format!("{KEY}.corrupt.{}", js_sys::Date::now() as u64);
    let kept = storage.set_item(&kept_as, text).is_ok() && storage.remove_item(KEY).is_ok();
    Loaded {
        workbook: None,
        revision: 0,
        status: if kept {
            SaveStatus::Saving
        } else {
            SaveStatus::ReadOnly
        },
        notice: Some(LoadNotice::Corrupt {
            reason,
            kept_as: kept.then_some(kept_as),
        }),
    }
}

/// What [`keep_saved`] carries between an edit and its write.
#[derive(Default)]
struct Saver {
    /// The entitlement lines' JSON, kept between saves (`saved_json`).
    cache: WorkbookJson,
    /// A flush is queued after the next paint.
    queued: bool,
    /// The workbook changed since the last write (false for the start's: nothing to save).
    changed: bool,
}

/// Saves the workbook after every change, outside the change's own task: the edit re-evaluates
/// and paints first, then the write runs in a task of its own after the next frame (issue 7: the
/// save's JSON was half of one edit on a 20k-line workbook). Changes before that task runs are
/// written once, together; a tab being hidden or left (`visibilitychange`, `pagehide`) writes what
/// is queued at once, so closing the tab loses nothing. Not on start (the workbook was just
/// loaded or is the demo), but its JSON is still kept for the crash notice, after the first
/// paint. The JSON is kept for the crash notice whether or not storage takes it, and saving stops
/// when another tab saves a newer revision. The effect only queues; the one signal the write
/// sets is its outcome, for the banner. The entitlement lines' JSON is kept between saves and
/// written again only when they change (`saved_json`): a scenario edit does not re-write them.
pub fn keep_saved(state: AppState) {
    let saver = Rc::new(RefCell::new(Saver::default()));
    let queue = {
        let saver = saver.clone();
        move |changed: bool| {
            let mut queued = saver.borrow_mut();
            queued.changed |= changed;
            if std::mem::replace(&mut queued.queued, true) {
                return;
            }
            let saver = saver.clone();
            let write = move || flush(state, &saver);
            if document().hidden() {
                // A hidden tab paints nothing and gets no frames until it is shown again.
                set_timeout(write, Duration::ZERO);
            } else {
                // A frame callback runs before the paint; the timeout it sets runs after it.
                request_animation_frame(move || set_timeout(write, Duration::ZERO));
            }
        }
    };
    Effect::new(move |previous: Option<()>| {
        state.workbook.track();
        queue(previous.is_some());
    });
    for event in ["pagehide", "visibilitychange"] {
        let saver = saver.clone();
        let _ = window_event_listener_untyped(event, move |_| {
            let hidden = document().hidden();
            if saver.borrow().queued && (event == "pagehide" || hidden) {
                flush(state, &saver);
            }
        });
    }
    let _ = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() != Some(KEY) {
            return;
        }
        let Some(header) = event
            .new_value()
            .and_then(|text| serde_json::from_str::<Header>(&text).ok())
        else {
            return;
        };
        if header.revision > state.revision.get_value()
            && state.save_status.with_untracked(SaveStatus::writes)
        {
            state.save_status.set(SaveStatus::OtherTab {
                revision: header.revision,
            });
        }
    });
}

/// Writes what is queued, once: the workbook as it is now, whatever number of changes led here.
fn flush(state: AppState, saver: &RefCell<Saver>) {
    let Ok(mut saver) = saver.try_borrow_mut() else {
        return;
    };
    if !std::mem::take(&mut saver.queued) {
        return;
    }
    let changed = std::mem::take(&mut saver.changed);
    // The sources are lent out and back while the rest is written: no change to notify.
    let Some(Ok(json)) = state
        .workbook
        .try_update_untracked(|w| saver.cache.write(w))
    else {
        return;
    };
    drop(saver);
    // A scan of the text, not a serialisation (`from_string` checks that it is JSON).
    let Ok(json) = RawValue::from_string(json) else {
        return;
    };
    let json: Rc<RawValue> = Rc::from(json);
    crate::crash::remember(json.clone());
    if !changed || !state.save_status.with_untracked(SaveStatus::writes) {
        return;
    }
    let status = save(&json, state.revision);
    if state.save_status.with_untracked(|old| *old != status) {
        state.save_status.set(status);
    }
}

/// Writes the next revision; on success the tab's revision follows.
fn save(workbook: &RawValue, revision: StoredValue<u64>) -> SaveStatus {
    if local_storage().is_none() {
        return SaveStatus::Unavailable;
    }
    let next = revision.get_value() + 1;
    let saved_at = String::from(js_sys::Date::new_0().to_iso_string());
    let envelope = EnvelopeOut {
        schema: WORKBOOK_SCHEMA,
        revision: next,
        saved_at: &saved_at,
        workbook,
    };
    match LocalStorage::set(KEY, &envelope) {
        Ok(()) => {
            revision.set_value(next);
            SaveStatus::Saving
        }
        Err(StorageError::JsError(error)) if error.name == "QuotaExceededError" => SaveStatus::Full,
        Err(error) => SaveStatus::Failed(error.to_string()),
    }
}
