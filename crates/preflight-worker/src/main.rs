//! The import worker: Preflight's importers (delimited text, XLSX/XLS/ODS, JSON) in a web worker,
//! loaded on the first import, so the page's first load carries none of them and a large file
//! never blocks the page. It reads one request at a time, of any kind of file (entitlements,
//! price lists, licence positions, server lists), and replies with the records read. It also
//! packs and unpacks share links (deflate and base64), which the page's wasm leaves to it.
//!
//! A file's SHA-256 is the browser's `crypto.subtle.digest`, started on the request's own bytes
//! before the read and awaited after it: native speed, on another thread, beside the parse (the
//! Rust digest was a fifth of a CSV import in wasm). Where there is no SubtleCrypto (a page
//! served over plain HTTP from another host), the importer's Rust digest is used. Replies go
//! out in the order of their requests, whatever order the digests end in.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;

use js_sys::{Object, Promise, Reflect, Uint8Array};
use preflight_engine::RulePack;
use preflight_engine::catalogue::Product;
use preflight_engine::mapping::ColumnAnswer;
use preflight_engine::mapping::ProductMapping;
use preflight_engine::share;
use preflight_import::protocol::{
    ADDITIONS, BYTES, COLUMNS, CURRENCY, ERROR, FILE, ID, KIND, MAPPINGS, PRESET, READY, Refusal,
    Reply, SERVICE, SHARE_PACK, SHARE_UNPACK, SHEET, TEXT,
};
use preflight_import::{Digest, Kind, Options, Preset};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The last import's reply, settled once it has been posted: the next waits for it.
    static LAST_REPLY: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let request = event.data();
        if let Some(kind) = Reflect::get(&request, &JsValue::from_str(SERVICE))
            .ok()
            .and_then(|v| v.as_string())
        {
            let _ = reply_to.post_message(&share_reply(&request, &kind));
            return;
        }
        let digest = start_digest(&reply_to, &request);
        let reply = read(&request, digest.is_some());
        reply_in_turn(reply_to.clone(), reply, digest);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Listening now: the page sends what it held back.
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// A share link packed or unpacked: `{ id, text }`, or `{ id, error }` with the reason.
fn share_reply(request: &JsValue, kind: &str) -> JsValue {
    let field = |name: &str| Reflect::get(request, &JsValue::from_str(name)).ok();
    let text = field(TEXT).and_then(|v| v.as_string()).unwrap_or_default();
    let result = match kind {
        SHARE_PACK => Ok(share::pack(&text)),
        SHARE_UNPACK => share::unpack(&text).map_err(|error| error.to_string()),
        other => Err(format!(
            "the importer was asked for {other:?}, which it does not do"
        )),
    };
    let reply = Object::new();
    let id = field(ID).unwrap_or(JsValue::UNDEFINED);
    let (key, value) = match result {
        Ok(text) => (TEXT, text),
        Err(error) => (ERROR, error),
    };
    // Setting a property of a fresh plain object cannot fail.
    let _ = Reflect::set(&reply, &JsValue::from_str(ID), &id);
    let _ = Reflect::set(&reply, &JsValue::from_str(key), &JsValue::from_str(&value));
    reply.into()
}

/// `crypto.subtle.digest('SHA-256', bytes)` started on the request's bytes as they are in
/// JavaScript (no copy into the wasm); `None` where SubtleCrypto is missing or refuses.
fn start_digest(scope: &DedicatedWorkerGlobalScope, request: &JsValue) -> Option<Promise> {
    let bytes = Reflect::get(request, &JsValue::from_str(BYTES))
        .ok()
        .filter(|v| v.is_instance_of::<Uint8Array>())?;
    let subtle = scope.crypto().ok()?.subtle();
    // `subtle` is undefined outside a secure context: calling it then is an error, not a panic.
    if JsValue::from(subtle.clone()).is_undefined() {
        return None;
    }
    subtle
        .digest_with_str_and_buffer_source("SHA-256", bytes.unchecked_ref())
        .ok()
}

/// Posts `reply` once the replies before it have gone and its digest, if any, is in it.
fn reply_in_turn(scope: DedicatedWorkerGlobalScope, mut reply: Reply, digest: Option<Promise>) {
    let before = LAST_REPLY.with(|last| last.borrow_mut().take());
    let posted = future_to_promise(async move {
        if let Some(before) = before {
            let _ = JsFuture::from(before).await;
        }
        if let (Ok(imported), Some(digest)) = (&mut reply, digest) {
            match JsFuture::from(digest).await {
                Ok(buffer) => imported
                    .value
                    .set_sha256(hex(&Uint8Array::new(&buffer).to_vec())),
                Err(error) => {
                    let file = imported.value.file().to_string();
                    reply = Err(Refusal::from(format!(
                        "{file}: the file's SHA-256 could not be computed ({error:?}): not read"
                    )));
                }
            }
        }
        // A reply that cannot be encoded becomes a message the page shows.
        let json = serde_json::to_string(&reply).unwrap_or_else(|error| {
            let refusal = Refusal::from(format!("the import could not be returned: {error}"));
            serde_json::to_string(&Reply::Err(refusal)).unwrap_or_default()
        });
        // The page listens for as long as the worker lives; nothing to do if it has gone.
        let _ = scope.post_message(&JsValue::from_str(&json));
        Ok(JsValue::UNDEFINED)
    });
    LAST_REPLY.with(|last| *last.borrow_mut() = Some(posted));
}

/// Bytes as lower-case hex, as `preflight_engine::digest::sha256_hex` writes a digest.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(text, "{byte:02x}");
    }
    text
}

/// The file read; `digest_started`: its SHA-256 is on its way from SubtleCrypto, so the
/// importer leaves it to the worker (`Digest::Caller`).
fn read(request: &JsValue, digest_started: bool) -> Reply {
    read_request(request, digest_started).map_err(Refusal::from)?
}

/// The request's fields, then the file read: `Err` when the request itself is unusable.
fn read_request(request: &JsValue, digest_started: bool) -> Result<Reply, String> {
    let field = |name: &str| Reflect::get(request, &JsValue::from_str(name)).ok();
    let file = field(FILE)
        .and_then(|v| v.as_string())
        .ok_or("the import request names no file")?;
    let bytes = field(BYTES)
        .filter(|v| v.is_instance_of::<Uint8Array>())
        .map(|v| Uint8Array::from(v).to_vec())
        .ok_or_else(|| format!("{file}: the import request carries no bytes"))?;
    let additions: Vec<Product> = match field(ADDITIONS).and_then(|v| v.as_string()) {
        Some(json) => serde_json::from_str(&json)
            .map_err(|error| format!("{file}: the workbook's catalogue entries: {error}"))?,
        None => Vec::new(),
    };
    let mappings: Vec<ProductMapping> = match field(MAPPINGS).and_then(|v| v.as_string()) {
        Some(json) => serde_json::from_str(&json)
            .map_err(|error| format!("{file}: the product mappings: {error}"))?,
        None => Vec::new(),
    };
    let columns: Vec<ColumnAnswer> = match field(COLUMNS).and_then(|v| v.as_string()) {
        Some(json) => serde_json::from_str(&json)
            .map_err(|error| format!("{file}: the column answers: {error}"))?,
        None => Vec::new(),
    };
    let kind: Option<Kind> = match field(KIND).and_then(|v| v.as_string()) {
        Some(text) => Some(text.parse().map_err(|e| format!("{file}: {e}"))?),
        None => None,
    };
    let preset: Option<Preset> = match field(PRESET).and_then(|v| v.as_string()) {
        Some(text) => Some(text.parse().map_err(|e| format!("{file}: {e}"))?),
        None => None,
    };
    let currency = match field(CURRENCY).and_then(|v| v.as_string()) {
        Some(code) => Some(code.parse().map_err(|e| format!("{file}: {e}"))?),
        None => None,
    };
    let options = Options {
        sheet: field(SHEET).and_then(|v| v.as_string()),
        preset,
        currency,
        mappings,
        columns,
        digest: if digest_started {
            Digest::Caller
        } else {
            Digest::Here
        },
        ..Options::default()
    };
    let builtin = RulePack::builtin();
    // Entries the pack refuses are reported by the evaluation; the import matches the pack alone.
    let pack = builtin.with_additions(&additions).unwrap_or(builtin);
    Ok(preflight_import::protocol::read(
        &file,
        &bytes,
        kind,
        &options,
        &pack.catalogue,
    ))
}
