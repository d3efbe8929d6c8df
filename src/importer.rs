//! The page's side of the import worker: started on the first import, fed one file at a time,
//! its replies turned into the import preview (`actions::accept_import`). If
//! the worker cannot start or fails, the user is told and the workbook is left as it was.

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::state::{AppState, ImportReport};
use preflight_engine::mapping::{ColumnAnswer, ProductMapping};
use preflight_import::protocol::{
    ADDITIONS, BYTES, COLUMNS, CURRENCY, FILE, KIND, MAPPINGS, PRESET, READY, Refusal, Reply, SHEET,
};

/// The worker's loader, as Trunk writes it beside the page (relative: the app may live at a
/// sub-path).
const WORKER_URL: &str = "./preflight-import-worker_loader.js";

/// The worker, and the requests held until it says it listens.
struct Running {
    worker: Worker,
    ready: bool,
    held: Vec<Object>,
}

thread_local! {
    static WORKER: RefCell<Option<Running>> = const { RefCell::new(None) };
}

/// Which file to read and how, beside its bytes.
pub struct Request {
    pub file: String,
    pub sheet: Option<String>,
    pub kind: Option<preflight_import::Kind>,
    pub preset: Option<preflight_import::Preset>,
    /// The workbook's currency, for a price list's bare amounts.
    pub currency: preflight_engine::Currency,
}

/// Sends a file's bytes to the import worker; the reply becomes the preview.
pub fn import(
    state: AppState,
    request: &Request,
    bytes: &[u8],
    mappings: &[ProductMapping],
    columns: &[ColumnAnswer],
) {
    let file = request.file.clone();
    state
        .import_report
        .set(Some(ImportReport::Reading { file: file.clone() }));
    let message = Object::new();
    let additions = state
        .workbook
        .with_untracked(|w| serde_json::to_string(&w.catalogue_additions))
        .unwrap_or_else(|_| "[]".into());
    let mappings = serde_json::to_string(mappings).unwrap_or_else(|_| "[]".into());
    let columns = serde_json::to_string(columns).unwrap_or_else(|_| "[]".into());
    let text = |value: Option<String>| value.map_or(JsValue::UNDEFINED, JsValue::from);
    let sheet = text(request.sheet.clone());
    let kind = text(request.kind.map(|kind| kind.to_string()));
    let preset = text(request.preset.map(|preset| preset.to_string()));
    let currency = JsValue::from(request.currency.to_string());
    let sent = Reflect::set(&message, &FILE.into(), &file.as_str().into())
        .and_then(|_| Reflect::set(&message, &BYTES.into(), &Uint8Array::from(bytes)))
        .and_then(|_| Reflect::set(&message, &ADDITIONS.into(), &additions.into()))
        .and_then(|_| Reflect::set(&message, &MAPPINGS.into(), &mappings.into()))
        .and_then(|_| Reflect::set(&message, &SHEET.into(), &sheet))
        .and_then(|_| Reflect::set(&message, &COLUMNS.into(), &columns.into()))
        .and_then(|_| Reflect::set(&message, &KIND.into(), &kind))
        .and_then(|_| Reflect::set(&message, &PRESET.into(), &preset))
        .and_then(|_| Reflect::set(&message, &CURRENCY.into(), &currency))
        .and_then(|_| start(state))
        .and_then(|()| send(message));
    if let Err(error) = sent {
        failed(
            state,
            format!("{file}: the importer could not be started ({error:?})"),
        );
    }
}

/// Stops an import in progress: the worker is ended (a new one starts on the next import).
pub fn cancel(state: AppState) {
    WORKER.with(|cell| {
        if let Some(running) = cell.borrow_mut().take() {
            running.worker.terminate();
        }
    });
    if let Some(ImportReport::Reading { file }) = state.import_report.get_untracked() {
        state.pending.set_value(None);
        failed(state, format!("{file}: import cancelled"));
    }
}

fn failed(state: AppState, message: String) {
    state
        .import_report
        .set(Some(ImportReport::Failed { message }));
}

/// Sends a request now if the worker listens, else holds it until it does.
fn send(request: Object) -> Result<(), JsValue> {
    WORKER.with(|cell| match cell.borrow_mut().as_mut() {
        Some(running) if running.ready => running.worker.post_message(&request),
        Some(running) => {
            running.held.push(request);
            Ok(())
        }
        None => Err(JsValue::from_str("the importer is not running")),
    })
}

/// The worker says it listens: the held requests go.
fn listening() {
    WORKER.with(|cell| {
        if let Some(running) = cell.borrow_mut().as_mut() {
            running.ready = true;
            for request in running.held.drain(..) {
                // A failed post surfaces as the worker's error event.
                let _ = running.worker.post_message(&request);
            }
        }
    });
}

/// Starts the worker unless it runs, listening for its replies.
fn start(state: AppState) -> Result<(), JsValue> {
    if WORKER.with(|cell| cell.borrow().is_some()) {
        return Ok(());
    }
    let worker = Worker::new(WORKER_URL)?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let text = event.data().as_string();
        if text.as_deref() == Some(READY) {
            return listening();
        }
        let reply: Reply = match text {
            Some(json) => serde_json::from_str(&json).unwrap_or_else(|error| {
                Err(Refusal::from(format!(
                    "the importer's reply could not be read: {error}"
                )))
            }),
            None => Err(Refusal::from(
                "the importer replied with something other than text".to_string(),
            )),
        };
        crate::actions::accept_import(state, reply);
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        WORKER.with(|cell| cell.borrow_mut().take());
        state.pending.set_value(None);
        let file = match state.import_report.get_untracked() {
            Some(ImportReport::Reading { file }) => file,
            _ => "the file".into(),
        };
        failed(
            state,
            format!("{file}: the importer stopped ({})", event.message()),
        );
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The handlers live as long as the page: one worker, started once.
    on_message.forget();
    on_error.forget();
    WORKER.with(|cell| {
        *cell.borrow_mut() = Some(Running {
            worker,
            ready: false,
            held: Vec::new(),
        })
    });
    Ok(())
}
