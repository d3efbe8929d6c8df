//! What a user types into the editor's fields, read into the deployment's types. The limits are
//! sanity bounds against typing slips (a 4-digit socket count), not vendor figures.

use std::num::NonZeroU32;

use chrono::NaiveDate;

use super::EditError;

/// A whole-number field and its bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    Sockets,
    CoresPerSocket,
    MaxSockets,
    ThreadsPerCore,
    Vcpus,
    /// How many hosts or VMs to add at once.
    Count,
}

impl Quantity {
    /// What the field is called in a message.
    pub fn label(self) -> &'static str {
        match self {
            Quantity::Sockets => "sockets",
            Quantity::CoresPerSocket => "cores per socket",
            Quantity::MaxSockets => "max sockets",
            Quantity::ThreadsPerCore => "threads per core",
            Quantity::Vcpus => "vCPUs",
            Quantity::Count => "how many",
        }
    }

    pub fn max(self) -> u32 {
        match self {
            Quantity::Sockets | Quantity::MaxSockets => 64,
            Quantity::CoresPerSocket => 1024,
            Quantity::ThreadsPerCore => 8,
            Quantity::Vcpus => 4096,
            // A page of a few hundred rows stays quick; more is a file import, not typing.
            Quantity::Count => 500,
        }
    }

    /// A whole number from 1 to the field's maximum.
    pub fn parse(self, text: &str) -> Result<NonZeroU32, EditError> {
        text.trim()
            .parse::<u32>()
            .ok()
            .and_then(NonZeroU32::new)
            .filter(|n| n.get() <= self.max())
            .ok_or(EditError::NotInRange {
                what: self.label(),
                max: self.max(),
            })
    }

    /// Empty text is "not known"; anything else must be a whole number in range.
    pub fn parse_optional(self, text: &str) -> Result<Option<NonZeroU32>, EditError> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            self.parse(text).map(Some)
        }
    }
}

/// A name: trimmed, not empty, without commas (the editor's lists are comma-separated).
pub fn parse_name(text: &str) -> Result<String, EditError> {
    let name = text.trim();
    if name.is_empty() {
        Err(EditError::EmptyName)
    } else if name.contains(',') {
        Err(EditError::Comma)
    } else {
        Ok(name.to_string())
    }
}

/// Free text that may be left empty (processor, legal entity): `None` when it is.
pub fn parse_optional_text(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// An ISO date (what `<input type="date">` gives), or `None` for empty text.
pub fn parse_date(text: &str) -> Result<Option<NaiveDate>, EditError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // By hand rather than chrono's format parser, which costs the app ~10 KB of wasm.
    let mut parts = text.split('-').map(|part| {
        (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    });
    let date = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(Some(year)), Some(Some(month)), Some(Some(day)), None) if text.len() == 10 => {
            i32::try_from(year)
                .ok()
                .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        }
        _ => None,
    };
    date.map(Some)
        .ok_or_else(|| EditError::NotADate(text.to_string()))
}

/// A comma-separated list of names, trimmed, empty items and repeats dropped, in typed order.
pub fn parse_list(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if !names.iter().any(|known| known == name) {
            names.push(name.to_string());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(quantity: Quantity, text: &str, expect: Option<u32>) {
        let got = quantity.parse(text).ok().map(NonZeroU32::get);
        assert_eq!(got, expect, "{quantity:?} from {text:?}");
    }

    #[test]
    fn whole_numbers_in_range_are_read_and_the_rest_refused_with_the_range() {
        check(Quantity::Sockets, "2", Some(2));
        check(Quantity::Sockets, " 4 ", Some(4));
        check(Quantity::Sockets, "0", None);
        check(Quantity::Sockets, "65", None);
        check(Quantity::Sockets, "-1", None);
        check(Quantity::Sockets, "2.5", None);
        check(Quantity::Sockets, "two", None);
        check(Quantity::Sockets, "", None);
        check(Quantity::Sockets, "99999999999999999999", None);
        check(Quantity::CoresPerSocket, "1024", Some(1024));
        check(Quantity::Count, "501", None);
        assert_eq!(
            Quantity::CoresPerSocket
                .parse("x")
                .map_err(|e| e.to_string()),
            Err("cores per socket must be a whole number from 1 to 1024".to_string())
        );
        assert_eq!(Quantity::MaxSockets.parse_optional(" "), Ok(None));
        assert!(Quantity::MaxSockets.parse_optional("0").is_err());
    }

    #[test]
    fn names_dates_and_lists() {
        assert_eq!(parse_name("  esx-1 "), Ok("esx-1".to_string()));
        assert_eq!(parse_name(" "), Err(EditError::EmptyName));
        assert_eq!(parse_name("a,b"), Err(EditError::Comma));
        assert_eq!(parse_optional_text("  "), None);
        assert_eq!(parse_date(""), Ok(None));
        assert_eq!(
            parse_date("2027-01-04"),
            Ok(NaiveDate::from_ymd_opt(2027, 1, 4))
        );
        for bad in [
            "04/01/2027",
            "2027-02-30",
            "2027-1-4",
            "2027-01-04-",
            "+2027-01-4",
            "2027-0a-04",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(EditError::NotADate(bad.into())),
                "{bad}"
            );
        }
        assert_eq!(
            parse_date(" 2024-02-29 "),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29))
        );
        assert_eq!(parse_list(" a, b,,a , c "), ["a", "b", "c"]);
        assert!(parse_list(" , ").is_empty());
    }
}
