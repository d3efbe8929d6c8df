//! Preflight's importers: bytes in, typed records and diagnostics out. No file system, no browser.
//!
//! Each format reader turns bytes into a [`table::Table`] of text cells; the entitlement reader
//! then finds the header, validates rows cell by cell into typed rows (stage one) and resolves
//! them to catalogue products (stage two). A problem with one row is a [`Diagnostic`] naming
//! the file, sheet, row and column, and every row ends in one [`RowState`]; `Err` means nothing
//! could be read at all.

#[cfg(test)]
mod before_streaming;
mod cells;
pub mod columns;
pub mod csv_text;
pub mod date;
pub mod diagnostic;
pub mod entitlements;
pub mod export;
pub mod header;
pub mod inventory;
pub mod json;
pub mod limits;
pub mod matching;
pub mod positions;
pub mod preset;
pub mod prices;
mod read;
pub mod records;
pub mod report;
#[cfg(feature = "spreadsheet")]
pub mod spreadsheet;
pub mod table;
pub mod template;
pub mod value;
pub mod xml;

pub mod protocol;

pub use date::DateOrder;
pub use diagnostic::{Diagnostic, ImportError, Imported, Level};
pub use entitlements::{Digest, Options};
pub use inventory::{Inventory, read_inventory};
pub use positions::{Positions, read_positions};
pub use preset::Preset;
pub use prices::{PriceList, read_prices};
pub use read::{read_entitlements, read_entitlements_csv, sniff};
pub use report::{Format, Report, RowCounts, RowOutcome, RowState};
pub use template::{Kind, detect_kind, template};
