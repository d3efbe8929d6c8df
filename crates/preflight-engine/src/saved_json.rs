//! The workbook's JSON for the save after every change, its entitlement lines written again
//! only when they changed: on the typical estate (20,000 lines) they are nearly all of the
//! text and of the time, and a scenario edit never touches them.

use crate::workbook::{EntitlementSource, Workbook};

/// The entitlement sources last written and their JSON, kept between saves.
#[derive(Debug, Default)]
pub struct WorkbookJson {
    sources: Option<(Vec<EntitlementSource>, String)>,
}

/// The text that stands for the sources while the rest of the workbook is written.
const EMPTY_SOURCES: &str = r#""sources":[]"#;

impl WorkbookJson {
    /// The same text as `serde_json::to_string(workbook)`. The sources are compared with those
    /// last written (a comparison, not a serialisation, on an edit) and written only when they
    /// differ. The workbook is lent mutably only to take its sources out while the rest is
    /// written; it is given back as it was.
    pub fn write(&mut self, workbook: &mut Workbook) -> serde_json::Result<String> {
        let sources = std::mem::take(&mut workbook.sources);
        let rest = serde_json::to_string(workbook);
        let kept = self
            .sources
            .take()
            .filter(|(kept, _)| *kept == sources)
            .map(Ok)
            .unwrap_or_else(|| serde_json::to_string(&sources).map(|json| (sources.clone(), json)));
        workbook.sources = sources;
        let (rest, kept) = (rest?, kept?);
        // `sources` is the workbook's third field, after a number and the settings (which have
        // no field of that name), and a quote inside a string is escaped: the first match is
        // the field itself.
        let text = match rest.find(EMPTY_SOURCES) {
            Some(at) => {
                let mut text = String::with_capacity(rest.len() + kept.1.len());
                text.push_str(&rest[..at]);
                text.push_str(r#""sources":"#);
                text.push_str(&kept.1);
                text.push_str(&rest[at + EMPTY_SOURCES.len()..]);
                text
            }
            None => serde_json::to_string(workbook)?,
        };
        self.sources = Some(kept);
        Ok(text)
    }
}
