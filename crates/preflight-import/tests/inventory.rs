//! Inventories and architects' server lists: hosts, clusters and VMs with a snapshot of what was
//! read and the totals written out by hand.

mod common;

use common::{assert_counts, counts, fixture, report_view};
use preflight_engine::{Placement, ProductId, RulePack};
use preflight_import::{Imported, Inventory, Options, read_inventory};

fn read(path: &str) -> Imported<Inventory> {
    let name = path.rsplit('/').next().unwrap();
    read_inventory(name, &fixture(path), &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn view(imported: &Imported<Inventory>) -> serde_json::Value {
    let d = &imported.value.deployment;
    let mut records: Vec<String> = d
        .hosts
        .iter()
        .map(|h| {
            format!(
                "host {}: {} × {} cores, {:?}",
                h.name, h.sockets, h.cores_per_socket, h.processor
            )
        })
        .collect();
    records.extend(
        d.clusters
            .iter()
            .map(|c| format!("cluster {}: {:?}", c.name, c.hosts)),
    );
    records.extend(d.vms.iter().map(|vm| {
        format!(
            "vm {}: {} vCPUs, cluster {:?}, host {:?}",
            vm.name, vm.vcpus, vm.cluster, vm.host
        )
    }));
    report_view(imported, records)
}

#[test]
fn an_architects_server_list_gives_hosts_clusters_and_vms() {
    let imported = read("inventory/architect-server-list.csv");
    // Rejected: 30 cores over 4 sockets, 2 × 12 ≠ 32 cores, a row with both sockets and vCPUs
    // and no type, esx-prod-01 twice. Incomplete: a VM without vCPUs.
    assert_counts(&imported, counts(13, 8, 1, 4, 0));
    let deployment = &imported.value.deployment;
    // By hand: esx-prod-01..03 of 2 × 16 and bare-01 of 1 × 8 = 104 cores.
    let cores: u64 = deployment.hosts.iter().map(|h| h.physical_cores()).sum();
    assert_eq!((deployment.hosts.len(), cores), (4, 104));
    // sql-01, sql-02 (8 each), app-01 and report-01 (4 each) = 24 vCPUs.
    let vcpus: u32 = deployment.vms.iter().map(|vm| vm.vcpus.get()).sum();
    assert_eq!((deployment.vms.len(), vcpus), (4, 24));
    assert_eq!(deployment.clusters.len(), 1);
    assert_eq!(
        deployment.clusters[0].hosts,
        ["esx-prod-01", "esx-prod-02", "esx-prod-03"]
    );
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn an_rvtools_vinfo_tab_reads_as_vms_whose_hosts_are_still_to_come() {
    let imported = read("inventory/rvtools-vinfo.csv");
    assert_counts(&imported, counts(3, 3, 0, 0, 0));
    let warnings = imported
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("reach no host"))
        .count();
    assert_eq!(warnings, 3);
    insta::assert_json_snapshot!(view(&imported));
}

#[test]
fn a_vm_in_an_imported_cluster_needs_every_host_of_it_licensed() {
    use preflight_engine::{Currency, Workbook, evaluate};
    let mut deployment = read("inventory/architect-server-list.csv").value.deployment;
    deployment.placements.push(Placement {
        vms: vec!["sql-01".into()],
        ..Placement::on_hosts(ProductId("ms-sql-server-enterprise".into()), Vec::new())
    });
    let workbook = Workbook::new(Currency::USD, deployment);
    let evaluation = evaluate(
        &workbook,
        &RulePack::builtin(),
        "2026-11-28".parse().unwrap(),
    );
    // sql-01 may run on any of PROD-A's three hosts of 2 × 16 cores: 96 core licences.
    assert_eq!(evaluation.positions[0].required.0, 96);
}
