//! Channels: how a line was bought (volume, OEM, retail), and where an OEM line's rights stand,
//! since OEM rights are bound to the hardware they came with and end with it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::entitlement::Entitlement;
use crate::estate::Deployment;
use crate::text::normalise;

/// How a licence was bought.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Volume licensing (an agreement or a reseller): rights may be assigned to any server.
    Volume,
    /// Preinstalled with hardware: the rights serve that host alone and end when it is retired.
    Oem,
    /// A boxed or shop licence (FPP): behaves as a volume licence here.
    Retail,
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Channel::Volume => "volume",
            Channel::Oem => "OEM",
            Channel::Retail => "retail",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel {0:?} (expected volume, OEM or retail)")]
pub struct UnknownChannel(pub String);

impl FromStr for Channel {
    type Err = UnknownChannel;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match normalise(text).as_str() {
            "volume" | "volume licensing" | "volume licencing" | "vl" => Ok(Channel::Volume),
            "oem" | "rok" | "oem rok" | "reseller option kit" => Ok(Channel::Oem),
            "retail" | "fpp" | "full packaged product" | "box" => Ok(Channel::Retail),
            _ => Err(UnknownChannel(text.trim().to_string())),
        }
    }
}

/// Where an OEM line's rights stand for a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OemStatus {
    /// Bound to a host the estate has, before and after the project (or that the project adds).
    Bound { host: String },
    /// Bound to a host of the existing estate that the project retires: the rights end with it.
    Retired { host: String },
    /// No host named, or one the estate does not have: the rights cannot be placed anywhere.
    Unbound { host: Option<String> },
}

/// The status of `line` when it is an OEM line; `None` for any other channel.
pub fn oem_status(
    line: &Entitlement,
    existing: &Deployment,
    changed: &Deployment,
    project: &Deployment,
) -> Option<OemStatus> {
    if line.channel != Some(Channel::Oem) {
        return None;
    }
    let Some(host) = &line.oem_host else {
        return Some(OemStatus::Unbound { host: None });
    };
    let host = host.clone();
    let after = changed.host(&host).is_some() || project.host(&host).is_some();
    Some(match (existing.host(&host).is_some(), after) {
        (_, true) => OemStatus::Bound { host },
        (true, false) => OemStatus::Retired { host },
        (false, false) => OemStatus::Unbound { host: Some(host) },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_spellings_parse_and_unknown_ones_fail() {
        assert_eq!("OEM".parse(), Ok(Channel::Oem));
        assert_eq!("Volume Licensing".parse(), Ok(Channel::Volume));
        assert_eq!("FPP".parse(), Ok(Channel::Retail));
        assert_eq!(
            "grey market".parse::<Channel>(),
            Err(UnknownChannel("grey market".into()))
        );
    }
}
