//! Handing a file to the user without any network: a Blob, an object URL in this origin, and an
//! `<a download>` the browser saves from.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// A `blob:` URL of this origin holding `text` (written as UTF-8) of the given media type. It
/// lives until the page closes unless revoked.
fn text_url(text: &str, media_type: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    Url::create_object_url_with_blob(&blob).ok()
}

/// A `blob:` URL of this origin holding `text` as JSON.
pub fn json_url(text: &str) -> Option<String> {
    text_url(text, "application/json")
}

/// Starts the download of `text` as JSON named `file_name`; `Err` names what the browser refused.
pub fn download_json(file_name: &str, text: &str) -> Result<(), String> {
    download(file_name, text, "application/json")
}

/// Starts the download of `text` as CSV named `file_name` (the text carries its own BOM).
pub fn download_csv(file_name: &str, text: &str) -> Result<(), String> {
    download(file_name, text, "text/csv;charset=utf-8")
}

fn download(file_name: &str, text: &str, media_type: &str) -> Result<(), String> {
    let url = text_url(text, media_type).ok_or("the browser could not hold the file in memory")?;
    let anchor = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("a").ok())
        .and_then(|element| element.dyn_into::<HtmlAnchorElement>().ok())
        .ok_or("the page cannot start a download")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has handed the URL to the download; free the memory once it has been read.
    leptos::prelude::set_timeout(
        move || {
            let _ = Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

/// "preflight-workbook-2026-11-28.json".
pub fn workbook_file_name(as_of: chrono::NaiveDate) -> String {
    format!("preflight-workbook-{as_of}.json")
}

/// "preflight-entitlements-2026-11-28.csv".
pub fn lines_file_name(as_of: chrono::NaiveDate) -> String {
    format!("preflight-entitlements-{as_of}.csv")
}

/// "preflight-results-2026-11-28.csv".
pub fn results_file_name(as_of: chrono::NaiveDate) -> String {
    format!("preflight-results-{as_of}.csv")
}
