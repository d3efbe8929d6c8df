//! The last line of defence: a panic shows a notice offering the work as a download, built with
//! plain DOM calls, because after a panic (`panic = "abort"`) the app's code never runs again.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::value::RawValue;
use web_sys::{Document, Element};

use crate::download;

thread_local! {
    /// The workbook as of the last change, as JSON: what the crash notice offers to download.
    static LAST_WORKBOOK: RefCell<Option<Rc<RawValue>>> = const { RefCell::new(None) };
}

/// Keeps the workbook's JSON for the crash notice; called after every change.
pub fn remember(workbook: Rc<RawValue>) {
    LAST_WORKBOOK.with(|last| {
        if let Ok(mut last) = last.try_borrow_mut() {
            *last = Some(workbook);
        }
    });
}

/// Logs panics to the console (with the Rust message) and shows the crash notice.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_notice(&info.to_string());
    }));
}

/// Prepends the notice to the page once; every step that fails is skipped, never unwrapped.
fn show_notice(message: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if document.get_element_by_id("crash").is_some() {
        return;
    }
    let _ = body.class_list().add_1("crashed");
    let Some(notice) = element(&document, "div", "crash") else {
        return;
    };
    notice.set_id("crash");
    let _ = notice.set_attribute("role", "alert");
    let _ = notice.set_attribute("data-testid", "crash");
    let heading = element(&document, "strong", "");
    if let Some(heading) = &heading {
        heading.set_text_content(Some("Preflight stopped because of an internal error."));
    }
    let text = element(&document, "p", "");
    if let Some(text) = &text {
        text.set_text_content(Some(
            "The page no longer responds. Your work up to the last change is still here: \
             export it, then reload the page and open the file with \"Open workbook file\". ",
        ));
    }
    let detail = element(&document, "p", "detail");
    if let Some(detail) = &detail {
        detail.set_text_content(Some(message));
    }
    let export = LAST_WORKBOOK
        .with(|last| last.try_borrow().ok().and_then(|last| last.clone()))
        .and_then(|workbook| download::json_url(workbook.get()))
        .and_then(|url| {
            let link = element(&document, "a", "button")?;
            link.set_attribute("href", &url).ok()?;
            let file_name = download::workbook_file_name(crate::state::today());
            link.set_attribute("download", &file_name).ok()?;
            link.set_text_content(Some("Export workbook"));
            Some(link)
        });
    // An empty href reloads this page, without any code of the app.
    let reload = element(&document, "a", "reload").and_then(|link| {
        link.set_attribute("href", "").ok()?;
        link.set_text_content(Some("Reload the page"));
        Some(link)
    });
    for child in [heading, text, export, reload, detail]
        .into_iter()
        .flatten()
    {
        let _ = notice.append_child(&child);
    }
    let _ = body.prepend_with_node_1(&notice);
}

fn element(document: &Document, tag: &str, class: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    Some(element)
}
