//! The page's side of the import worker: started on the first import, fed one file at a time,
//! its replies turned into the import preview (`actions::accept_import`). If
//! the worker cannot start or fails, the user is told and the workbook is left as it was. The
//! worker also packs and unpacks share links ([`ask`]), so the page's wasm carries no deflate.

use std::cell::{Cell, RefCell};

use js_sys::{Object, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::state::{AppState, ImportReport};
use preflight_engine::mapping::{ColumnAnswer, ProductMapping};
use preflight_import::protocol::{
    ADDITIONS, BYTES, COLUMNS, CURRENCY, ERROR, FILE, ID, KIND, MAPPINGS, PRESET, READY, Refusal,
    Reply, SERVICE, SHEET, TEXT,
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

/// What to do with the reply to a request that is not an import.
type Answer = Box<dyn FnOnce(Result<String, String>)>;

thread_local! {
    static WORKER: RefCell<Option<Running>> = const { RefCell::new(None) };
    /// Requests that are not imports, by number, waiting for their replies.
    static WAITING: RefCell<Vec<(u32, Answer)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// Asks the worker for one of its other services (`kind`, sent as its `service`: `protocol::SHARE_PACK` or
/// `SHARE_UNPACK`) on `text`, starting it if need be; `done` gets its text or why not.
pub fn ask(
    state: AppState,
    kind: &str,
    text: &str,
    done: impl FnOnce(Result<String, String>) + 'static,
) {
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    let message = Object::new();
    let sent = Reflect::set(&message, &SERVICE.into(), &kind.into())
        .and_then(|_| Reflect::set(&message, &ID.into(), &id.into()))
        .and_then(|_| Reflect::set(&message, &TEXT.into(), &text.into()))
        .and_then(|_| start(state))
        .and_then(|()| send(message));
    match sent {
        Ok(()) => WAITING.with(|waiting| waiting.borrow_mut().push((id, Box::new(done)))),
        Err(error) => done(Err(format!(
            "the page's worker could not be started ({error:?})"
        ))),
    }
}

/// The reply to a request made by [`ask`], handed to what waits for it.
fn answered(reply: &JsValue) {
    let field = |name: &str| Reflect::get(reply, &JsValue::from_str(name)).ok();
    let Some(id) = field(ID).and_then(|id| id.as_f64()) else {
        return;
    };
    let waiting = WAITING.with(|waiting| {
        let mut waiting = waiting.borrow_mut();
        let at = waiting.iter().position(|(n, _)| f64::from(*n) == id)?;
        Some(waiting.remove(at).1)
    });
    let result = match (
        field(TEXT).and_then(|v| v.as_string()),
        field(ERROR).and_then(|v| v.as_string()),
    ) {
        (Some(text), _) => Ok(text),
        (None, Some(error)) => Err(error),
        (None, None) => Err("the page's worker gave no answer".to_string()),
    };
    if let Some(done) = waiting {
        done(result);
    }
}

/// The worker stopped: everything that waits for it is told.
fn stopped(why: &str) {
    let waiting = WAITING.with(|waiting| std::mem::take(&mut *waiting.borrow_mut()));
    for (_, done) in waiting {
        done(Err(why.to_string()));
    }
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
    // The module that reads the reply is fetched while the worker reads the file; a failure is
    // reported when the reply comes (`take_reply`), which fetches it again.
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = fetch_import_code().await;
    });
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
    stopped("the worker was stopped by a cancelled import");
    if let Some(ImportReport::Reading { file }) = state.import_report.get_untracked() {
        state.pending.set_value(None);
        failed(state, format!("{file}: import cancelled"));
    }
}

/// The name of the file being read, for a message about its import.
fn file_being_read(state: AppState) -> String {
    match state.import_report.get_untracked() {
        Some(ImportReport::Reading { file }) => file,
        _ => "the file".into(),
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
        let data = event.data();
        // An import's reply is text; the other services' are objects.
        let Some(text) = data.as_string() else {
            return answered(&data);
        };
        if text == READY {
            return listening();
        }
        take_reply(state, text);
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        WORKER.with(|cell| cell.borrow_mut().take());
        stopped(&format!("the page's worker stopped ({})", event.message()));
        // Only a share link was with it: no import to report as failed.
        let reading = matches!(
            state.import_report.get_untracked(),
            Some(ImportReport::Reading { .. })
        );
        if !reading && state.pending.with_value(Option::is_none) {
            return;
        }
        state.pending.set_value(None);
        let file = file_being_read(state);
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

/// An import's reply (JSON text) read and made the preview: the reply's readers (serde of every
/// kind of record) and the preview's making are needed only once a file has been read.
fn accept_reply(state: AppState, text: &str) {
    let reply: Reply = serde_json::from_str(text).unwrap_or_else(|error| {
        Err(Refusal::from(format!(
            "the importer's reply could not be read: {error}"
        )))
    });
    crate::actions::accept_import(state, reply);
}

/// Takes an import's reply.
#[cfg(not(feature = "split"))]
fn take_reply(state: AppState, text: String) {
    accept_reply(state, &text);
}

/// Takes an import's reply in the split build, where its readers and the preview are a module
/// of their own (`import`), fetched on the first reply (or earlier, when the page is idle: see
/// [`fetch_import_code`]). A module that cannot be loaded fails the import with the reason,
/// the workbook unchanged: the page goes on.
#[cfg(feature = "split")]
fn take_reply(state: AppState, text: String) {
    leptos::task::spawn_local(async move {
        if let Err(error) = reply_in_module(state, text).await {
            state.pending.set_value(None);
            let file = file_being_read(state);
            failed(
                state,
                format!(
                    "{file}: the import's preview could not be loaded ({error}); reload the page to try again"
                ),
            );
        }
    });
}

/// The split point of the import's reply: see [`take_reply`]. The import preview's views
/// (`components::files`) are in the same module.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(
    import,
    wasm_split_path = ::leptos::wasm_split,
    preload(fetch_import_code),
    fallible
)]
pub(crate) fn reply_in_module(
    state: AppState,
    text: String,
) -> Result<(), leptos::wasm_split::SplitLoaderError> {
    accept_reply(state, &text);
    Ok(())
}
