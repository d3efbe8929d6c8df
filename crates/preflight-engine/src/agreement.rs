//! Agreements: the contract a line was bought under, its type and its true-up anniversary, and
//! when a purchase made under it is paid.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::text::normalise;

/// The kind of volume-licensing contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    /// An enterprise agreement (Microsoft EA or EAS): new use is declared and paid at the yearly
    /// true-up.
    Enterprise,
    /// Microsoft Select Plus or MPSA: bought when ordered.
    Select,
    /// Microsoft Open Value: bought when ordered, or at the anniversary true-up.
    Open,
    /// Cloud Solution Provider: monthly or yearly subscriptions, bought when ordered.
    Csp,
    /// An unlimited agreement (Oracle ULA, an ELA): any quantity while in term.
    Unlimited,
    /// Any other contract (a reseller's terms, a publisher's own agreement).
    Other,
}

impl fmt::Display for AgreementKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AgreementKind::Enterprise => "Enterprise Agreement",
            AgreementKind::Select => "Select Plus / MPSA",
            AgreementKind::Open => "Open Value",
            AgreementKind::Csp => "CSP",
            AgreementKind::Unlimited => "unlimited agreement",
            AgreementKind::Other => "other agreement",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown agreement type {0:?} (expected EA, Select, MPSA, Open, CSP, ULA/ELA or other)")]
pub struct UnknownAgreementKind(pub String);

impl FromStr for AgreementKind {
    type Err = UnknownAgreementKind;

    /// The names and abbreviations of Microsoft's, Oracle's and VMware's licensing programmes.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match normalise(text).as_str() {
            "ea"
            | "eas"
            | "enterprise"
            | "enterprise agreement"
            | "enterprise subscription"
            | "enterprise agreement subscription" => Ok(AgreementKind::Enterprise),
            "select" | "select plus" | "mpsa" => Ok(AgreementKind::Select),
            "open" | "open value" | "open license" | "open licence" => Ok(AgreementKind::Open),
            "csp" | "cloud solution provider" => Ok(AgreementKind::Csp),
            "ula"
            | "ela"
            | "unlimited"
            | "unlimited license agreement"
            | "unlimited licence agreement"
            | "enterprise license agreement"
            | "enterprise licence agreement" => Ok(AgreementKind::Unlimited),
            "other" => Ok(AgreementKind::Other),
            _ => Err(UnknownAgreementKind(text.trim().to_string())),
        }
    }
}

/// The agreement an entitlement line was bought under.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Agreement {
    /// The agreement's number or name, e.g. "EA 7654321".
    pub name: String,
    pub kind: AgreementKind,
    /// One true-up date of the agreement (any year): true-ups fall on this day every year, and
    /// more of a product bought under it is paid at the next one. `None`: no true-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub true_up: Option<NaiveDate>,
}

impl Agreement {
    /// The first true-up anniversary on or after `needed`: the day and month of `true_up` in the
    /// year of `needed`, else the year after. A 29 February anniversary falls on 28 February in
    /// other years. `None` when the agreement has no true-up.
    pub fn next_true_up(&self, needed: NaiveDate) -> Option<NaiveDate> {
        let anniversary = self.true_up?;
        let in_year = |year: i32| {
            NaiveDate::from_ymd_opt(year, anniversary.month(), anniversary.day())
                .or_else(|| NaiveDate::from_ymd_opt(year, anniversary.month(), 28))
        };
        let this_year = in_year(needed.year())?;
        if this_year >= needed {
            Some(this_year)
        } else {
            in_year(needed.year() + 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_next_true_up_is_the_first_anniversary_on_or_after_the_need() {
        let cases = [
            ("2025-09-30", "2027-05-10", "2027-09-30"),
            ("2025-03-31", "2027-05-10", "2028-03-31"),
            ("2025-05-10", "2027-05-10", "2027-05-10"),
            ("2024-02-29", "2027-01-15", "2027-02-28"),
            ("2024-02-29", "2028-01-15", "2028-02-29"),
        ];
        for (true_up, needed, expect) in cases {
            let agreement = Agreement {
                name: "EA 7654321".into(),
                kind: AgreementKind::Enterprise,
                true_up: Some(date(true_up)),
            };
            assert_eq!(
                agreement.next_true_up(date(needed)),
                Some(date(expect)),
                "{true_up} {needed}"
            );
        }
        let no_true_up = Agreement {
            name: "MPSA 1".into(),
            kind: AgreementKind::Select,
            true_up: None,
        };
        assert_eq!(no_true_up.next_true_up(date("2027-05-10")), None);
    }

    #[test]
    fn agreement_types_parse_and_unknown_ones_fail() {
        assert_eq!("EA".parse(), Ok(AgreementKind::Enterprise));
        assert_eq!("Select Plus".parse(), Ok(AgreementKind::Select));
        assert_eq!("ULA".parse(), Ok(AgreementKind::Unlimited));
        assert_eq!(
            "handshake".parse::<AgreementKind>(),
            Err(UnknownAgreementKind("handshake".into()))
        );
    }
}
