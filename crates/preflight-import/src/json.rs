//! JSON: a plain array of entitlement objects, keys named as the canonical fields (or any
//! header the mapper knows). Each object is a row; its keys, in order of first use, the header.

use serde_json::Value;

use crate::diagnostic::ImportError;
use crate::limits;
use crate::report::Format;
use crate::table::{Row, Table};

pub fn read_table(file: &str, bytes: &[u8]) -> Result<Table, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // serde_json stops at 128 levels of nesting, so deep input is an error, not a crash.
    let value: Value = serde_json::from_slice(bytes).map_err(|error| ImportError::Json {
        file: file.into(),
        message: error.to_string(),
    })?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(object)
            if object.contains_key("sources") && object.contains_key("schema") =>
        {
            return Err(ImportError::Unsupported {
                file: file.into(),
                message: "this is a Preflight workbook: open it with \"Open workbook file\" \
                          (or --workbook), not as an entitlement file"
                    .into(),
            });
        }
        _ => {
            return Err(ImportError::Json {
                file: file.into(),
                message: "expected an array of entitlement objects, such as \
                          [{\"product\": \"SQL Server\", \"metric\": \"Per core\", \"quantity\": 4}]"
                    .into(),
            });
        }
    };
    if items.is_empty() {
        return Err(ImportError::Empty { file: file.into() });
    }
    if items.len() > limits::MAX_ROWS {
        return Err(limits::too_many_rows(file));
    }
    // Keys in order of first use; a set keeps this linear for thousands of distinct keys.
    let mut keys: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for item in &items {
        if let Value::Object(object) = item {
            for key in object.keys() {
                if !seen.contains(key.as_str()) {
                    seen.insert(key.as_str());
                    keys.push(key.clone());
                }
            }
        }
    }
    let mut table = Table {
        sheets: Vec::new(),
        format: Format::Json,
        ..Table::default()
    };
    // The header is row 0 (not shown); an element's row is its 1-based position in the array.
    table.rows.push(Row::new(0, keys.clone()));
    for (index, item) in items.iter().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let mut row = Row::new(line, Vec::with_capacity(keys.len()));
        match item {
            Value::Object(object) => {
                for key in &keys {
                    let cell = match object.get(key) {
                        None | Some(Value::Null) => String::new(),
                        Some(Value::String(text)) => text.clone(),
                        Some(Value::Number(number)) => number.to_string(),
                        Some(Value::Bool(flag)) => flag.to_string(),
                        Some(nested) => {
                            row.problem = Some(format!(
                                "{key:?} holds {}, where a value was expected",
                                if nested.is_array() {
                                    "a list"
                                } else {
                                    "an object"
                                }
                            ));
                            String::new()
                        }
                    };
                    row.cells.push(cell);
                }
            }
            _ => row.problem = Some("the element is not an object".into()),
        }
        table.rows.push(row);
    }
    Ok(table)
}
