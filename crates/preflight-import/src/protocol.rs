//! What the app and its import worker say to each other. The request is a JS object
//! `{ file, bytes: Uint8Array, additions, mappings, columns, currency, sheet?, kind?, preset? }` (the bytes
//! are copied, never serialised); the reply is the JSON of [`Reply`], after the worker's
//! [`READY`]. Used by the app (`src/importer.rs`) and `crates/preflight-worker`, whose reading
//! is [`read`] here, so that it is tested natively.
//!
//! The worker also packs and unpacks share links, so the page's wasm carries no deflate or
//! base64: the request is `{ service, id, text }` ([`SERVICE`] is [`SHARE_PACK`] or
//! [`SHARE_UNPACK`]), the reply a JS object `{ id, text }` or `{ id, error }` (never a string,
//! which is an import's).

use preflight_engine::EntitlementSource;
use preflight_engine::catalogue::Catalogue;
use preflight_engine::mapping::{ProductMapping, distinct_texts, unmatched_texts};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Imported;
use crate::{
    Inventory, Kind, Options, Positions, PriceList, detect_kind, read_entitlements, read_inventory,
    read_positions, read_prices,
};

/// What a file was read as: the records of one kind. Externally tagged (`{"prices": {..}}`),
/// which serde reads in one pass: an adjacently tagged enum (`tag` and `content`) also reads
/// the content before its tag through a buffer, a second copy of every record type's reader
/// in the page's wasm (BENCHMARKS.md, "What the page's wasm is made of").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Records {
    Entitlements(EntitlementSource),
    Prices(PriceList),
    Positions(Positions),
    Inventory(Inventory),
}

impl Records {
    pub fn kind(&self) -> Kind {
        match self {
            Records::Entitlements(_) => Kind::Entitlements,
            Records::Prices(_) => Kind::Prices,
            Records::Positions(_) => Kind::Positions,
            Records::Inventory(_) => Kind::Inventory,
        }
    }

    pub fn file(&self) -> &str {
        match self {
            Records::Entitlements(source) => &source.file,
            Records::Prices(list) => &list.file,
            Records::Positions(positions) => &positions.file,
            Records::Inventory(inventory) => &inventory.file,
        }
    }

    /// What the workbook gains: entitlement lines, prices, products' consumption, or hosts,
    /// clusters and VMs.
    /// Sets the file's SHA-256, computed by the caller of a read under `Digest::Caller`.
    pub fn set_sha256(&mut self, hex: String) {
        match self {
            Records::Entitlements(source) => source.sha256 = hex,
            Records::Prices(list) => list.sha256 = hex,
            Records::Positions(positions) => positions.sha256 = hex,
            Records::Inventory(inventory) => inventory.sha256 = hex,
        }
    }

    pub fn counted(&self) -> usize {
        match self {
            Records::Entitlements(source) => source.entitlements.len(),
            Records::Prices(list) => list.lines.len(),
            Records::Positions(positions) => positions.lines.len(),
            Records::Inventory(inventory) => {
                let deployment = &inventory.deployment;
                deployment.hosts.len() + deployment.clusters.len() + deployment.vms.len()
            }
        }
    }

    /// Records whose product text matched no product (kept, never counted).
    pub fn unmatched(&self) -> usize {
        match self {
            Records::Entitlements(source) => source.unmatched.len(),
            Records::Prices(list) => list.unmatched.len(),
            Records::Positions(positions) => positions.unmatched.len(),
            Records::Inventory(_) => 0,
        }
    }

    /// The distinct product texts that matched nothing, with their row counts, in file order:
    /// what the preview asks the user about, whatever the kind.
    pub fn unmatched_texts(&self) -> Vec<(ProductMapping, usize)> {
        match self {
            Records::Entitlements(source) => unmatched_texts(&source.unmatched),
            Records::Prices(list) => distinct_texts(
                list.unmatched
                    .iter()
                    .map(|u| (&*u.publisher, &*u.product, &*u.edition)),
            ),
            Records::Positions(positions) => distinct_texts(
                positions
                    .unmatched
                    .iter()
                    .map(|u| (&*u.publisher, &*u.product, &*u.edition)),
            ),
            Records::Inventory(_) => Vec::new(),
        }
    }
}

/// The file read into records of one kind with its report, or why nothing could be read.
pub type Reply = Result<Imported<Records>, Refusal>;

/// Why nothing could be read, and when the header lacked a field, its cells: the user may say
/// which of them holds it, and the file is read again.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Refusal {
    pub message: String,
    /// The header's cells and the field each was read as.
    #[serde(default)]
    pub headers: Vec<(String, Option<String>)>,
    /// The kind the file was read as, whose columns the user may name.
    #[serde(default)]
    pub kind: Option<Kind>,
}

impl From<String> for Refusal {
    fn from(message: String) -> Refusal {
        Refusal {
            message,
            headers: Vec::new(),
            kind: None,
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
            kind: None,
        }
    }
}

/// Reads a file as `kind`, or as the kind its header plainly is (entitlements when none is):
/// the worker's whole job, and the command line's.
pub fn read(
    file: &str,
    bytes: &[u8],
    kind: Option<Kind>,
    options: &Options,
    catalogue: &Catalogue,
) -> Reply {
    let kind = kind
        .or_else(|| detect_kind(file, bytes, options))
        .unwrap_or(Kind::Entitlements);
    let refused = |error: crate::ImportError| Refusal {
        kind: Some(kind),
        ..Refusal::from(error)
    };
    fn records<T>(imported: Imported<T>, records: impl Fn(T) -> Records) -> Imported<Records> {
        Imported {
            value: records(imported.value),
            diagnostics: imported.diagnostics,
            report: imported.report,
        }
    }
    Ok(match kind {
        Kind::Entitlements => records(
            read_entitlements(file, bytes, options, catalogue).map_err(refused)?,
            Records::Entitlements,
        ),
        Kind::Prices => records(
            read_prices(file, bytes, options, catalogue).map_err(refused)?,
            Records::Prices,
        ),
        Kind::Positions => records(
            read_positions(file, bytes, options, catalogue).map_err(refused)?,
            Records::Positions,
        ),
        Kind::Inventory => records(
            read_inventory(file, bytes, options).map_err(refused)?,
            Records::Inventory,
        ),
    })
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
/// The kind to read the file as, when the user chose one (absent: told from its header).
pub const KIND: &str = "kind";
/// The entitlement layout to read the file as, when the user chose one (absent: detected).
pub const PRESET: &str = "preset";

/// The workbook's currency (ISO code): what a price list's bare amounts or "$" are in.
pub const CURRENCY: &str = "currency";

/// What the worker posts once it listens: requests sent before would be lost while its wasm
/// starts, so the page holds them until then.
pub const READY: &str = "ready";

/// A request that is not an import names what it asks for here (an import's `kind` is the
/// kind of file, so this key is another).
pub const SERVICE: &str = "service";
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

#[cfg(test)]
mod tests {
    use super::*;
    use preflight_engine::{ProductId, RulePack};

    #[test]
    fn a_price_list_is_told_by_its_header_and_its_unknown_products_asked_about() {
        let pack = RulePack::builtin();
        let bytes = b"SKU,Publisher,Product,Pack size,Price,Line total,Quantity,Currency\n\
            A-1,Acme Resale,SQL-Svr Ent,2,100.00,200.00,2,USD\n\
            A-2,Acme Resale,SQL-Svr Ent,2,100.00,100.00,1,USD\n\
            A-3,Microsoft,SQL Server Enterprise,2,15123.00,15123.00,1,USD\n";
        let reply = read(
            "quote.csv",
            bytes,
            None,
            &Options::default(),
            &pack.catalogue,
        );
        let imported = reply.unwrap();
        assert_eq!(imported.value.kind(), Kind::Prices);
        assert_eq!(imported.value.counted(), 1);
        assert_eq!(imported.value.unmatched(), 2);
        let texts = imported.value.unmatched_texts();
        assert_eq!(texts.len(), 1);
        assert_eq!(
            (texts[0].0.product.as_str(), texts[0].1),
            ("SQL-Svr Ent", 2)
        );

        // The user's answer reads both rows as SQL Server Enterprise.
        let options = Options {
            mappings: vec![ProductMapping {
                to: Some(ProductId("ms-sql-server-enterprise".into())),
                ..texts[0].0.clone()
            }],
            ..Options::default()
        };
        let again = read("quote.csv", bytes, None, &options, &pack.catalogue).unwrap();
        assert_eq!((again.value.counted(), again.value.unmatched()), (3, 0));
    }

    /// The e2e fixture the browser test imports through the worker's SubtleCrypto; its digest
    /// by `sha256sum tests/e2e/fixtures/reseller.csv`, not by this code.
    const RESELLER: &[u8] = include_bytes!("../../../tests/e2e/fixtures/reseller.csv");
    const RESELLER_SHA256: &str =
        "0ef2403a53de90be3afc9fbc853f2f03b23f03c5fd8d5e157b84d11ab62e27b9";

    #[test]
    fn the_digest_is_computed_here_unless_the_caller_computes_it() {
        let pack = RulePack::builtin();
        let read_as = |digest| {
            let options = Options {
                digest,
                ..Options::default()
            };
            read("reseller.csv", RESELLER, None, &options, &pack.catalogue).unwrap()
        };
        let here = read_as(crate::Digest::Here);
        let Records::Entitlements(source) = &here.value else {
            panic!("read as {:?}", here.value.kind());
        };
        assert_eq!(source.sha256, RESELLER_SHA256);

        let mut caller = read_as(crate::Digest::Caller);
        let Records::Entitlements(source) = &caller.value else {
            panic!("read as {:?}", caller.value.kind());
        };
        assert_eq!(source.sha256, "");
        caller.value.set_sha256(RESELLER_SHA256.into());
        // Once the caller's digest is in, the reply is the one read with the digest here.
        assert_eq!(caller, here);
    }

    #[test]
    fn a_refusal_names_the_kind_whose_columns_the_user_may_name() {
        let pack = RulePack::builtin();
        let bytes = b"Product,Amount in use\nSQL Server Enterprise,12\n";
        let refusal = read(
            "positions.csv",
            bytes,
            Some(Kind::Positions),
            &Options::default(),
            &pack.catalogue,
        )
        .unwrap_err();
        assert_eq!(refusal.kind, Some(Kind::Positions));
        assert_eq!(
            refusal.headers,
            [
                ("Product".to_string(), Some("Product".to_string())),
                ("Amount in use".to_string(), None)
            ]
        );
    }

    #[test]
    fn a_position_export_takes_the_users_column_and_product_answers() {
        use preflight_engine::mapping::ColumnAnswer;
        let pack = RulePack::builtin();
        let bytes = b"Product,Amount in use\nSQL Server Enterprise,12\nCoffee machine,3\n";
        let answer = |kind: &str| ColumnAnswer {
            header: "amount IN use".into(),
            field: Some("Consumption quantity".into()),
            kind: Some(kind.into()),
        };
        // An answer for another kind of file does not apply.
        let options = Options {
            columns: vec![answer("prices")],
            ..Options::default()
        };
        let kind = Some(Kind::Positions);
        assert!(read("sam.csv", bytes, kind, &options, &pack.catalogue).is_err());
        let options = Options {
            columns: vec![answer("positions")],
            mappings: vec![ProductMapping {
                publisher: String::new(),
                product: "coffee MACHINE".into(),
                edition: String::new(),
                to: None,
            }],
            ..Options::default()
        };
        let imported = read("sam.csv", bytes, kind, &options, &pack.catalogue).unwrap();
        let Records::Positions(positions) = &imported.value else {
            panic!("{:?}", imported.value.kind());
        };
        assert_eq!(positions.lines.len(), 1);
        assert_eq!(positions.lines[0].baseline.consumed.0, 12);
        // The coffee machine, marked not relevant, is skipped with the reason.
        let coffee = imported
            .report
            .outcomes
            .iter()
            .find(|o| o.row == 3)
            .unwrap();
        assert_eq!(
            (coffee.state, &*coffee.reason),
            (crate::RowState::Skipped, crate::matching::NOT_RELEVANT)
        );
        assert_eq!(imported.value.unmatched(), 0);
    }
}
