//! The organisation's site data in the page: `org/preflight-org.json` fetched on start from
//! beside the page (its own origin, so `connect-src 'self'` holds), taken into the workbook when
//! it is new, and what became of it for the page to show.

use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_engine::site::{SiteData, site_from_json};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::state::AppState;

/// The site data's address, relative to the page: it works under any sub-path.
pub const SITE_URL: &str = "org/preflight-org.json";

/// What fetching the site data found.
#[derive(Clone, Debug, PartialEq)]
pub enum SiteStatus {
    /// Still fetching, or there is none (a 404 is no error: most installations have none).
    Absent,
    /// Read; the workbook holds it.
    Loaded,
    /// There is a file, but it cannot be used; the workbook keeps what it had.
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct Site {
    pub status: RwSignal<SiteStatus>,
}

impl Site {
    /// Starts fetching the site data and provides its status.
    pub fn provide(state: AppState) -> Site {
        let site = Site {
            status: RwSignal::new(SiteStatus::Absent),
        };
        provide_context(site);
        spawn_local(async move {
            let status = match fetch().await {
                Ok(None) => SiteStatus::Absent,
                Ok(Some(bytes)) => match site_from_json(&bytes) {
                    Ok(data) => {
                        adopt(state, data);
                        SiteStatus::Loaded
                    }
                    Err(error) => SiteStatus::Failed(error.to_string()),
                },
                Err(reason) => SiteStatus::Failed(reason),
            };
            site.status.set(status);
        });
        site
    }

    pub fn expect() -> Site {
        expect_context::<Site>()
    }
}

/// Makes the site data the workbook's when it differs from what the workbook holds. A workbook
/// never saved in this browser is the demo: its sample files give way to the organisation's.
fn adopt(state: AppState, data: SiteData) {
    if state
        .workbook
        .with_untracked(|w| w.site.as_ref() == Some(&data))
    {
        return;
    }
    let demo = state.revision.get_value() == 0;
    state.workbook.update(|workbook| {
        if demo {
            workbook.sources.clear();
            workbook.price_list.clear();
        }
        workbook.adopt_site(data);
    });
}

/// The file's bytes, `None` when the server has none (an empty file, as the build ships, or a
/// 404), or why it could not be fetched.
async fn fetch() -> Result<Option<Vec<u8>>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    // Revalidate every time: the licence manager replaces the file under the same name.
    init.set_cache(web_sys::RequestCache::NoCache);
    let response = JsFuture::from(window.fetch_with_str_and_init(SITE_URL, &init))
        .await
        .map_err(|_| format!("{SITE_URL} could not be fetched"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the browser gave no response".to_string())?;
    match response.status() {
        404 => return Ok(None),
        200 => {}
        status => return Err(format!("the server answered {status} for {SITE_URL}")),
    }
    let buffer = response
        .array_buffer()
        .map_err(|_| format!("{SITE_URL} could not be read"))?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|_| format!("{SITE_URL} could not be read"))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    // The build ships an empty file, so a server without site data answers 200, not a 404 the
    // browser would log as an error on every start; the licence manager replaces it.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(Some(bytes))
}
