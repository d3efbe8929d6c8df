//! Share links: one scenario, with what it was evaluated under, as text for a URL fragment.
//!
//! The fragment is `share=` then `1.` (this link format) then the scenario's JSON, deflated
//! (raw deflate, RFC 1951) and written in base64url without padding (RFC 4648 §5), so the link
//! is text a mail client leaves alone and nothing of it is ever sent to a server: browsers do not
//! send the fragment. Decoding is bounded: a link inflates to at most [`MAX_JSON_BYTES`].

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::workbook::{EntitlementSource, PriceListEntry, Scenario, WORKBOOK_SCHEMA};

/// What follows `#` in a share link, before the encoded scenario.
pub const FRAGMENT_PREFIX: &str = "share=";
/// The version of the link's own wrapping (deflate + base64url); the content has its schema.
const LINK_FORMAT: &str = "1.";
/// Longest link Preflight makes: above it the workbook file is offered instead. Chromium and
/// Firefox take far longer URLs, but a link is pasted into mail, chat and tickets, and 32,000
/// characters is where the common ones (Outlook's and Teams' message bodies, Jira fields) still
/// keep it whole.
pub const MAX_LINK_CHARS: usize = 32_000;
/// Above this a link is shown with a warning: some mail clients break or cut lines past ~2,000.
pub const WARN_LINK_CHARS: usize = 2_000;
/// A link never inflates past this (a crafted link cannot fill the memory).
pub const MAX_JSON_BYTES: usize = 4 * 1024 * 1024;

/// A scenario as shared: it, and what the sender evaluated it under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedScenario {
    /// The workbook schema the scenario's shape follows.
    pub schema: u32,
    /// "id version" of the sender's rule pack.
    pub rule_pack: String,
    /// The sender's as-of date.
    pub as_of: NaiveDate,
    pub scenario: Scenario,
    /// The sender's own entitlement files, only when they chose to include them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<EntitlementSource>,
    /// The sender's price list, only when they chose to include it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub price_list: Vec<PriceListEntry>,
}

/// Why a share link could not be opened; each message tells the user what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error("this is not a Preflight share link")]
    NotShare,
    #[error(
        "the link was made by a newer Preflight (link format {0}); open it with the version that made it"
    )]
    NewerLink(String),
    #[error(
        "the link is damaged ({0}); it may have been cut short by a mail client: ask for the workbook file instead"
    )]
    Damaged(String),
    #[error(
        "the link holds a scenario of workbook schema {0}, from a newer Preflight; this version reads schema {WORKBOOK_SCHEMA} and earlier"
    )]
    NewerSchema(u64),
    #[error("the link does not hold a scenario Preflight can read ({0})")]
    Invalid(String),
}

/// The fragment (without `#`) that carries the scenario.
pub fn encode(shared: &SharedScenario) -> String {
    pack(&serde_json::to_string(shared).expect("a scenario always serialises"))
}

/// Reads a fragment (with or without its `#`) made by [`encode`].
pub fn decode(fragment: &str) -> Result<SharedScenario, ShareError> {
    read(&unpack(fragment)?)
}

/// The fragment carrying a shared scenario's JSON: the codec alone, so the page can leave it
/// (deflate and base64) to the import worker and keep only the JSON.
pub fn pack(json: &str) -> String {
    // Level 9: links are short-lived but pasted by hand; every character saved counts.
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!(
        "{FRAGMENT_PREFIX}{LINK_FORMAT}{}",
        URL_SAFE_NO_PAD.encode(deflated)
    )
}

/// The JSON a fragment made by [`pack`] carries, inflated to at most [`MAX_JSON_BYTES`]; what it
/// holds is read by [`read`].
pub fn unpack(fragment: &str) -> Result<String, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let payload = fragment
        .strip_prefix(FRAGMENT_PREFIX)
        .ok_or(ShareError::NotShare)?;
    let Some(encoded) = payload.strip_prefix(LINK_FORMAT) else {
        let format = payload.split('.').next().unwrap_or_default();
        return Err(match format.parse::<u32>() {
            Ok(n) if n > 1 && payload.contains('.') => ShareError::NewerLink(format.into()),
            _ => ShareError::Damaged("it does not start as a Preflight link does".into()),
        });
    };
    let deflated = URL_SAFE_NO_PAD
        .decode(encoded.trim_end())
        .map_err(|error| match error {
            base64::DecodeError::InvalidByte(..) => {
                ShareError::Damaged("characters a link of this kind never holds".into())
            }
            // A length or last character no encoder writes: the link lost its end.
            _ => ShareError::Damaged("its content is incomplete".into()),
        })?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_JSON_BYTES)
        .map_err(|error| match error.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                ShareError::Damaged("it unpacks to more than 4 MB".into())
            }
            _ => ShareError::Damaged("its content is incomplete".into()),
        })?;
    String::from_utf8(json).map_err(|_| ShareError::Invalid("its content is not text".into()))
}

/// The shared scenario in a link's JSON (from [`unpack`]): its schema checked, then read.
pub fn read(json: &str) -> Result<SharedScenario, ShareError> {
    // From text, as the workbook is read: `from_slice` would build a second copy of every
    // type's JSON reader into the app's wasm.
    #[derive(Deserialize)]
    struct SchemaOnly {
        schema: u64,
    }
    let SchemaOnly { schema } = serde_json::from_str(json)
        .map_err(|_| ShareError::Invalid("it has no schema number".into()))?;
    if schema > u64::from(WORKBOOK_SCHEMA) {
        return Err(ShareError::NewerSchema(schema));
    }
    // Schema 1 had no scenarios: no link of it exists, so 2 is the one shape read.
    if schema < u64::from(WORKBOOK_SCHEMA) {
        return Err(ShareError::Invalid(format!(
            "schema {schema} has no share links"
        )));
    }
    let shared: SharedScenario =
        serde_json::from_str(json).map_err(|error| ShareError::Invalid(error.to_string()))?;
    if shared.scenario.name.trim().is_empty() {
        return Err(ShareError::Invalid("the scenario has no name".into()));
    }
    Ok(shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU32;

    use crate::estate::{Deployment, Host};

    fn shared() -> SharedScenario {
        let mut deployment = Deployment {
            name: "ERP renewal".into(),
            ..Deployment::default()
        };
        let (two, sixteen) = (NonZeroU32::new(2).unwrap(), NonZeroU32::new(16).unwrap());
        for n in 1..=4 {
            deployment
                .hosts
                .push(Host::new(format!("esx-{n}"), two, sixteen));
        }
        SharedScenario {
            schema: WORKBOOK_SCHEMA,
            rule_pack: "builtin 2026.11".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            scenario: Scenario::new("Four hosts", deployment),
            sources: Vec::new(),
            price_list: Vec::new(),
        }
    }

    #[test]
    fn a_scenario_comes_back_from_its_link_unchanged_and_the_link_is_url_safe() {
        let fragment = encode(&shared());
        assert!(fragment.starts_with("share=1."));
        assert!(
            fragment["share=1.".len()..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{fragment}"
        );
        assert!(fragment.len() < WARN_LINK_CHARS, "{}", fragment.len());
        assert_eq!(decode(&format!("#{fragment}")), Ok(shared()));
        assert_eq!(decode(&fragment), Ok(shared()));
    }

    fn link_of(json: &str) -> String {
        let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
        format!("share=1.{}", URL_SAFE_NO_PAD.encode(deflated))
    }

    #[test]
    fn garbled_cut_and_foreign_links_say_what_is_wrong() {
        let good = encode(&shared());
        assert_eq!(decode("#view=3"), Err(ShareError::NotShare));
        assert_eq!(
            decode("share=7.abc"),
            Err(ShareError::NewerLink("7".into()))
        );
        assert!(matches!(decode("share=xyz"), Err(ShareError::Damaged(_))));
        assert!(matches!(
            decode("share=1.a*b!"),
            Err(ShareError::Damaged(_))
        ));
        // Cut short, as a mail client breaking the line would: anywhere in the text.
        let cut = &good[..good.len() * 2 / 3];
        for end in "share=1.".len() + 1..good.len() - 1 {
            assert_eq!(
                decode(&good[..end]),
                Err(ShareError::Damaged("its content is incomplete".into())),
                "cut at {end}"
            );
        }
        assert!(matches!(
            decode(&link_of("[1, 2]")),
            Err(ShareError::Invalid(_))
        ));
        assert_eq!(
            decode(&link_of(r#"{"schema": 9, "whatever": true}"#)),
            Err(ShareError::NewerSchema(9))
        );
        assert!(matches!(
            decode(&link_of(r#"{"schema": 2, "scenario": 5}"#)),
            Err(ShareError::Invalid(_))
        ));
        let message = decode(cut).unwrap_err().to_string();
        assert!(message.contains("workbook file"), "{message}");
    }

    #[test]
    fn a_link_that_would_unpack_past_the_limit_is_refused_without_unpacking_it() {
        let zeros = vec![b' '; MAX_JSON_BYTES + 1];
        let deflated = miniz_oxide::deflate::compress_to_vec(&zeros, 9);
        let link = format!("share=1.{}", URL_SAFE_NO_PAD.encode(deflated));
        assert!(link.len() < 10_000, "{}", link.len());
        assert_eq!(
            decode(&link),
            Err(ShareError::Damaged("it unpacks to more than 4 MB".into()))
        );
    }
}
