//! XML: recognised and refused plainly. No XML is parsed, so no entity is ever expanded.

use crate::diagnostic::ImportError;

/// Bytes looked at to tell what an XML file is.
const SNIFF_BYTES: usize = 64 * 1024;

/// Every XML file is refused: one that declares a DOCTYPE or entities first (Preflight never
/// expands them), an ISO/IEC 19770-3 entitlement file as not supported yet, any other as such.
pub fn refuse(file: &str, bytes: &[u8]) -> ImportError {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF_BYTES)]).to_lowercase();
    if head.contains("<!doctype") || head.contains("<!entity") {
        return ImportError::XmlEntities { file: file.into() };
    }
    let message = if head.contains("19770-3")
        || head.contains("<ent:")
        || head.contains("<entitlement")
    {
        "ISO/IEC 19770-3 entitlement (Ent) files are not supported yet: export the entitlements \
         as CSV or XLSX"
    } else if head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        "an Excel 2003 XML spreadsheet is not supported: save it as .xlsx or CSV UTF-8"
    } else {
        "XML files are not supported: export the entitlements as CSV or XLSX"
    };
    ImportError::Unsupported {
        file: file.into(),
        message: message.into(),
    }
}
