//! What the app and its import worker say to each other. An import's request is a JS object
//! `{ file, bytes: Uint8Array, additions, mappings, sheet? }` (the bytes are copied, never serialised); the reply is
//! the JSON of [`Reply`], after the worker's [`READY`]. Used by the app (`src/importer.rs`) and `crates/preflight-worker`.
//!
//! The worker also packs and unpacks share links, so the page's wasm carries no deflate or
//! base64: the request is `{ kind, id, text }` ([`KIND`] is [`SHARE_PACK`] or [`SHARE_UNPACK`]),
//! the reply a JS object `{ id, text }` or `{ id, error }` (never a string, which is an import's).

use preflight_engine::EntitlementSource;

use crate::diagnostic::Imported;

/// The file read into a source with its report, or why nothing could be read.
pub type Reply = Result<Imported<EntitlementSource>, Refusal>;

/// Why nothing could be read, and when the header lacked a field, its cells: the user may say
/// which of them holds it, and the file is read again.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Refusal {
    pub message: String,
    /// The header's cells and the field each was read as.
    #[serde(default)]
    pub headers: Vec<(String, Option<String>)>,
}

impl From<String> for Refusal {
    fn from(message: String) -> Refusal {
        Refusal {
            message,
            headers: Vec::new(),
        }
    }
}

impl From<crate::ImportError> for Refusal {
    fn from(error: crate::ImportError) -> Refusal {
        let headers = match &error {
            crate::ImportError::MissingColumns { headers, .. } => headers.clone(),
            _ => Vec::new(),
        };
        Refusal {
            message: error.to_string(),
            headers,
        }
    }
}

/// The user's answers for columns, as JSON (the workbook's and the preview's).
pub const COLUMNS: &str = "columns";

/// The request's field naming the file.
pub const FILE: &str = "file";
/// The request's field holding the file's bytes (a `Uint8Array`).
pub const BYTES: &str = "bytes";
/// The workbook's own catalogue entries, as JSON, so the worker matches against them too.
pub const ADDITIONS: &str = "additions";
/// The user's product mappings (the workbook's and those chosen in the preview), as JSON.
pub const MAPPINGS: &str = "mappings";
/// The sheet to read, when the user chose one (absent: the first whose header maps).
pub const SHEET: &str = "sheet";

/// What the worker posts once it listens: requests sent before would be lost while its wasm
/// starts, so the page holds them until then.
pub const READY: &str = "ready";

/// A request that is not an import names what it asks for here.
pub const KIND: &str = "kind";
/// A shared scenario's JSON in `text`; the reply's `text` is the link's fragment
/// (`preflight_engine::share::pack`).
pub const SHARE_PACK: &str = "share-pack";
/// A link's fragment in `text`; the reply's `text` is the JSON it carries, or `error` says why
/// it cannot be read (`preflight_engine::share::unpack`).
pub const SHARE_UNPACK: &str = "share-unpack";
/// The page's number for a request that is not an import, returned with its reply.
pub const ID: &str = "id";
/// The text a request that is not an import carries, and its reply's.
pub const TEXT: &str = "text";
/// Why a request that is not an import failed, in its reply.
pub const ERROR: &str = "error";
