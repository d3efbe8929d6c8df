//! Preflight's importers: bytes in, typed records and diagnostics out. No file system, no browser.
//!
//! Each importer reads in two stages: raw rows are validated cell by cell into typed records,
//! then a resolve step maps them to catalogue products. A problem with one row is a
//! [`Diagnostic`] naming the file, row and column; `Err` means nothing could be read at all.

pub mod csv_text;
pub mod diagnostic;
pub mod entitlements;
pub mod header;
pub mod value;

pub use diagnostic::{Diagnostic, ImportError, Imported, Level};
pub use entitlements::read_entitlements_csv;
