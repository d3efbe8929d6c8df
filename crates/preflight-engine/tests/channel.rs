//! Channels: OEM rights serve only the host they came with and end when the project retires it;
//! an OEM line without a known host counts nothing and says so. Volume and retail lines move.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::changes::Change;
use preflight_engine::*;

const WS: &str = "ms-windows-server-datacenter";

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn host(name: &str, cores_per_socket: u32) -> Host {
    Host::new(
        name,
        NonZeroU32::new(2).unwrap(),
        NonZeroU32::new(cores_per_socket).unwrap(),
    )
}

fn line(row: u32, channel: Channel, oem_host: Option<&str>) -> Entitlement {
    Entitlement {
        channel: Some(channel),
        oem_host: oem_host.map(Into::into),
        ..Entitlement::new(
            ProductId(WS.into()),
            Metric::Core,
            LicenceType::Perpetual,
            16,
            1,
            SourceRef {
                file: "owned.csv".into(),
                row,
            },
        )
    }
}

/// Windows Server Datacenter today on old-01 and old-02, each 2x8: max(8, 8) × 2 = 16 cores, at
/// the 16-per-server minimum (MS-WS-MIN16SRV), 32 in all. Owned: row 2 (16 cores, `first`) and
/// row 3 (16 cores, volume). The project retires old-01 when `retire`, and adds new-01, 2x16 =
/// 32 cores.
fn evaluation(first: Entitlement, retire: bool) -> Evaluation {
    let placement = |hosts: &[&str]| {
        Placement::on_hosts(
            ProductId(WS.into()),
            hosts.iter().map(|h| h.to_string()).collect(),
        )
    };
    let deployment = Deployment {
        name: "project".into(),
        hosts: vec![host("new-01", 16)],
        placements: vec![placement(&["new-01"])],
        ..Deployment::default()
    };
    let mut workbook = Workbook::new(Currency::USD, deployment);
    workbook.existing = Deployment {
        name: "today".into(),
        hosts: vec![host("old-01", 8), host("old-02", 8)],
        placements: vec![placement(&["old-01", "old-02"])],
        ..Deployment::default()
    };
    if retire {
        workbook.scenario_mut().changes = vec![Change::Retire {
            host: "old-01".into(),
        }];
    }
    workbook.put_source(EntitlementSource::new(
        "owned.csv",
        vec![first, line(3, Channel::Volume, None)],
    ));
    evaluate(&workbook, &RulePack::builtin(), date("2026-11-28"))
}

/// (entitled, surplus after, project shortfall) of the one position.
fn figures(evaluation: &Evaluation) -> (u64, u64, u64) {
    let p = &evaluation.positions[0];
    (p.entitled.0, p.after.surplus.0, p.shortfall.0)
}

#[test]
fn oem_rights_serve_their_own_host_and_end_when_the_project_retires_it() {
    let oem = line(2, Channel::Oem, Some("old-01"));
    // old-01 stays: before, old-01 takes its OEM row 2 and old-02 the volume row 3 (no
    // shortfall). After, new-01's 32 find no line free (the OEM line cannot move): 32 short.
    let kept = evaluation(oem.clone(), false);
    assert_eq!(figures(&kept), (32, 0, 32));
    let old_01: Vec<(u32, &str)> = kept
        .allocations
        .iter()
        .filter(|a| a.demand == "old-01")
        .map(|a| (a.source.row, a.demand.as_str()))
        .collect();
    assert_eq!(old_01, [(2, "old-01")]);

    // old-01 retired: its 16 OEM rights end with it. Entitled today 32; after, 32 − 16 = 16,
    // all used by old-02 (surplus 0); new-01's 32 are short: the project buys 32.
    let retired = evaluation(oem, true);
    assert_eq!(figures(&retired), (32, 0, 32));
    let after = retired.positions[0]
        .derivation
        .iter()
        .find_map(|step| match step {
            Step::Balance {
                stage: derivation::Stage::After,
                entitled,
                used,
                ..
            } => Some((entitled.0, used.0)),
            _ => None,
        });
    assert_eq!(after, Some((16, 16)));
    assert!(retired.findings.contains(&Finding::OemRightsEnd {
        product: ProductId(WS.into()),
        source: SourceRef {
            file: "owned.csv".into(),
            row: 2
        },
        host: "old-01".into(),
        rights: Rights(16),
    }));

    // The same line bought through volume licensing moves to new-01 when old-01 is retired:
    // rows 2 and 3 (32) cover old-02's 16 and 16 of new-01's 32: the project buys 16.
    let volume = evaluation(line(2, Channel::Volume, None), true);
    assert_eq!(figures(&volume), (32, 0, 16));
    // Retail behaves as volume.
    let retail = evaluation(line(2, Channel::Retail, None), true);
    assert_eq!(figures(&retail), (32, 0, 16));
}

#[test]
fn an_oem_line_without_a_known_host_counts_nothing_and_is_a_finding() {
    for host in [None, Some("scrapped-07")] {
        let evaluation = evaluation(line(2, Channel::Oem, host), false);
        // Only the volume row 3 counts: 16 owned for old-01 and old-02's 32 (16 short before),
        // and new-01's 32 are the project's own shortfall: 48 − 16 = 32.
        assert_eq!(figures(&evaluation), (16, 0, 32), "{host:?}");
        assert!(
            evaluation.findings.contains(&Finding::OemUnbound {
                product: ProductId(WS.into()),
                source: SourceRef {
                    file: "owned.csv".into(),
                    row: 2
                },
                host: host.map(Into::into),
                rights: Rights(16),
            }),
            "{host:?}"
        );
    }
}

#[test]
fn an_oem_line_goes_to_its_own_host_before_a_line_that_could_move() {
    // Row 2 is volume and row 3 OEM of old-01: by source order old-01 would take row 2 and
    // leave row 3 unusable for old-02 (16 short). OEM first gives old-01 row 3 and old-02 row 2.
    let pack = RulePack::builtin();
    let oem = line(3, Channel::Oem, Some("old-01"));
    let volume = line(2, Channel::Volume, None);
    let refs = [&volume, &oem];
    let lots = coverage::lots(&refs, &mut Vec::new(), &mut Vec::new());
    let demand = |host: &str| Demand {
        label: host.into(),
        origin: Origin::Baseline,
        product: ProductId(WS.into()),
        rights: Rights(16),
        version: None,
        needs_sa: false,
        on: date("2026-11-28"),
        legal_entity: None,
        host: Some(host.into()),
        bought_before: None,
    };
    let result = allocation::allocate(
        &[demand("old-01"), demand("old-02")],
        &lots,
        &pack.catalogue,
    );
    let table: Vec<(&str, u32)> = result
        .allocations
        .iter()
        .map(|a| (a.demand.as_str(), a.source.row))
        .collect();
    assert_eq!(table, [("old-01", 3), ("old-02", 2)]);
    assert!(result.unmet.is_empty());
}
