//! The workbook saved in this browser's localStorage: the envelope, loading it on start, saving
//! it after every change, and each way the browser may refuse (blocked, full, corrupt value,
//! newer schema, another tab's newer save).
//!
//! gloo-storage writes the envelope, but its accessors `expect_throw` when storage is blocked, so
//! every call here first asks web-sys whether `localStorage` can be reached at all.

use std::rc::Rc;

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

/// Saves the workbook after every change (not on start: it was just loaded or is the demo), keeps
/// its JSON for the crash notice whether or not storage takes it, and stops saving when another
/// tab saves a newer revision. The effect only writes outward; the one signal it sets is the
/// outcome of that write, for the banner. The entitlement lines' JSON is kept between saves and
/// written again only when they change (`saved_json`): a scenario edit does not re-write them.
pub fn keep_saved(state: AppState) {
    let mut cache = WorkbookJson::default();
    Effect::new(move |previous: Option<()>| {
        state.workbook.track();
        // The sources are lent out and back while the rest is written: no change to notify.
        let Some(Ok(json)) = state.workbook.try_update_untracked(|w| cache.write(w)) else {
            return;
        };
        // A scan of the text, not a serialisation (`from_string` checks that it is JSON).
        let Ok(json) = RawValue::from_string(json) else {
            return;
        };
        let json: Rc<RawValue> = Rc::from(json);
        crate::crash::remember(json.clone());
        if previous.is_none() || !state.save_status.with_untracked(SaveStatus::writes) {
            return;
        }
        let status = save(&json, state.revision);
        if state.save_status.with_untracked(|old| *old != status) {
            state.save_status.set(status);
        }
    });
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
