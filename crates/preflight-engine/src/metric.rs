//! Licence metrics: the closed vocabulary of units that rights and demand are counted in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The unit a licence right is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Metric {
    /// One right per physical or virtual core (Microsoft, VMware, Red Hat per-core products).
    Core,
    /// Oracle Processor (cores × core factor) or a per-processor (socket) licence.
    Processor,
    /// Oracle Named User Plus.
    NamedUserPlus,
    /// IBM Processor Value Units.
    Pvu,
    /// Red Hat: one subscription per pair of occupied sockets.
    SocketPair,
    /// Client Access Licence or subscription per named user.
    User,
    /// Client Access Licence or licence per device.
    Device,
    /// One licence per server operating system environment (e.g. Server + CAL).
    Server,
    /// One licence per installation of the software.
    Installation,
    /// One licence per user connected at the same time (the peak).
    ConcurrentUser,
    /// A site or enterprise licence: one per legal entity, any use.
    Site,
    /// A custom capacity unit the product's terms define (e.g. managed terabytes).
    Capacity,
}

impl Metric {
    pub const ALL: [Metric; 12] = [
        Metric::Core,
        Metric::Processor,
        Metric::NamedUserPlus,
        Metric::Pvu,
        Metric::SocketPair,
        Metric::User,
        Metric::Device,
        Metric::Server,
        Metric::Installation,
        Metric::ConcurrentUser,
        Metric::Site,
        Metric::Capacity,
    ];

    /// The unit's name as a licence manager says it, singular.
    pub fn unit(self) -> &'static str {
        match self {
            Metric::Core => "core licence",
            Metric::Processor => "processor licence",
            Metric::NamedUserPlus => "named user plus",
            Metric::Pvu => "PVU",
            Metric::SocketPair => "socket-pair subscription",
            Metric::User => "user licence",
            Metric::Device => "device licence",
            Metric::Server => "server licence",
            Metric::Installation => "installation",
            Metric::ConcurrentUser => "concurrent user licence",
            Metric::Site => "site licence",
            Metric::Capacity => "capacity unit",
        }
    }

    /// The unit's name in the plural ("named user plus licences", not "named user pluss").
    pub fn units(self) -> &'static str {
        match self {
            Metric::Core => "core licences",
            Metric::Processor => "processor licences",
            Metric::NamedUserPlus => "named user plus licences",
            Metric::Pvu => "PVUs",
            Metric::SocketPair => "socket-pair subscriptions",
            Metric::User => "user licences",
            Metric::Device => "device licences",
            Metric::Server => "server licences",
            Metric::Installation => "installations",
            Metric::ConcurrentUser => "concurrent user licences",
            Metric::Site => "site licences",
            Metric::Capacity => "capacity units",
        }
    }

    /// Spellings seen in SAM exports (ServiceNow, Flexera, Snow, MLS), normalised.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Metric::Core => &[
                "core",
                "cores",
                "per core",
                "physical core",
                "processor core",
                "ms per core",
                "core license",
                "core licence",
            ],
            Metric::Processor => &[
                "processor",
                "per processor",
                "oracle processor",
                "cpu",
                "per cpu",
                "socket",
                "per socket",
            ],
            Metric::NamedUserPlus => &[
                "named user plus",
                "nup",
                "oracle nup",
                "oracle named user plus",
            ],
            Metric::Pvu => &[
                "pvu",
                "processor value unit",
                "processor value units",
                "ibm pvu",
            ],
            Metric::SocketPair => &[
                "socket pair",
                "socket pairs",
                "per socket pair",
                "2 sockets",
                "rhel socket pair",
            ],
            Metric::User => &[
                "user",
                "users",
                "per user",
                "named user",
                "per named user",
                "user cal",
                "authorized user",
                "authorised user",
            ],
            Metric::Device => &[
                "device",
                "devices",
                "per device",
                "named device",
                "per named device",
                "device cal",
            ],
            Metric::Server => &[
                "server",
                "per server",
                "per instance",
                "server license",
                "server licence",
                "instance",
            ],
            Metric::Installation => &[
                "installation",
                "installations",
                "per installation",
                "per install",
                "install",
            ],
            Metric::ConcurrentUser => &[
                "concurrent user",
                "concurrent users",
                "per concurrent user",
                "concurrent",
            ],
            Metric::Site => &[
                "site",
                "site licence",
                "site license",
                "enterprise",
                "enterprise licence",
                "enterprise license",
            ],
            Metric::Capacity => &["capacity", "custom capacity", "per unit of capacity"],
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Metric::Core => "Per core",
            Metric::Processor => "Processor",
            Metric::NamedUserPlus => "Named User Plus",
            Metric::Pvu => "PVU",
            Metric::SocketPair => "Socket pair",
            Metric::User => "Per user",
            Metric::Device => "Per device",
            Metric::Server => "Per server",
            Metric::Installation => "Per installation",
            Metric::ConcurrentUser => "Per concurrent user",
            Metric::Site => "Site",
            Metric::Capacity => "Capacity",
        };
        f.write_str(name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown licence metric {0:?}")]
pub struct UnknownMetric(pub String);

impl FromStr for Metric {
    type Err = UnknownMetric;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let key = crate::text::normalise(text);
        Metric::ALL
            .into_iter()
            .find(|metric| metric.aliases().contains(&key.as_str()))
            .ok_or_else(|| UnknownMetric(text.trim().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_has_its_plural() {
        for metric in Metric::ALL {
            let (one, many) = (metric.unit(), metric.units());
            assert!(
                many.starts_with(one.trim_end_matches("plus")),
                "{one} / {many}"
            );
            assert!(many.ends_with('s') && many != one, "{one} / {many}");
        }
        assert_eq!(Metric::NamedUserPlus.units(), "named user plus licences");
    }

    #[test]
    fn metric_spellings_from_sam_exports_parse() {
        let cases = [
            ("Per Core", Metric::Core),
            ("CORE", Metric::Core),
            ("Processor Core", Metric::Core),
            ("Named User Plus", Metric::NamedUserPlus),
            ("Per-Device", Metric::Device),
            ("IBM PVU", Metric::Pvu),
        ];
        for (text, expect) in cases {
            assert_eq!(text.parse::<Metric>(), Ok(expect), "{text}");
        }
    }

    #[test]
    fn an_unknown_metric_is_an_error_not_a_default() {
        assert_eq!(
            "per banana".parse::<Metric>(),
            Err(UnknownMetric("per banana".into()))
        );
    }
}
