//! Synthetic workbooks shaped like real data, shared by the criterion bench and the
//! instruction-count example (`examples/evaluate_once.rs`).

use std::num::NonZeroU32;

use chrono::NaiveDate;
use preflight_engine::*;
use rust_decimal::Decimal;

const PRODUCTS: usize = 500;

/// The built-in pack with synthetic per-core products added, to reach `PRODUCTS` in all.
pub fn pack() -> RulePack {
    let mut pack = RulePack::builtin();
    let template = pack.catalogue.products[1].clone();
    for i in pack.catalogue.products.len()..PRODUCTS {
        let mut product = template.clone();
        product.id = ProductId(format!("synthetic-{i}"));
        product.edition = format!("Synthetic {i}");
        product.down_editions.clear();
        product.aliases.clear();
        pack.catalogue.products.push(product);
    }
    pack
}

/// VMs per host of a large estate (the performance issue's: 5k hosts, 20k VMs).
const VMS_PER_HOST: usize = 4;

/// A synthetic workbook: `hosts` hosts with two products placed on each, and `lines`
/// entitlement lines. An estate of 1,000 hosts or more (the large estate) also runs
/// `VMS_PER_HOST` VMs on each host, pinned to it, with one product on each VM (placed on the
/// VMs by product: 500 placements of 40 VMs on 5k hosts); a project of fewer hosts has none.
pub fn workbook(pack: &RulePack, lines: usize, hosts: usize) -> Workbook {
    let product = |i: usize| pack.catalogue.products[i % PRODUCTS].id.clone();
    let hosts: Vec<Host> = (0..hosts)
        .map(|i| {
            let cores = NonZeroU32::new(8 + (i % 5) as u32 * 4).unwrap_or(NonZeroU32::MIN);
            Host::new(
                format!("host-{i:05}"),
                NonZeroU32::new(2).unwrap_or(NonZeroU32::MIN),
                cores,
            )
        })
        .collect();
    let mut placements: Vec<Placement> = (0..hosts.len())
        .flat_map(|i| [i % PRODUCTS, (i * 7 + 3) % PRODUCTS].map(|p| (p, i)))
        .map(|(p, i)| Placement::on_hosts(product(p), vec![hosts[i].name.clone()]))
        .collect();
    let vm_count = if hosts.len() >= 1_000 {
        hosts.len() * VMS_PER_HOST
    } else {
        0
    };
    let vms: Vec<Vm> = (0..vm_count)
        .map(|i| Vm {
            name: format!("vm-{i:06}"),
            vcpus: NonZeroU32::new(4).unwrap_or(NonZeroU32::MIN),
            cluster: None,
            host_group: None,
            host: Some(hosts[i % hosts.len()].name.clone()),
            hard_partitioned: false,
            environment: Environment::default(),
            role: Role::default(),
        })
        .collect();
    let mut on_vms: Vec<Vec<String>> = vec![Vec::new(); PRODUCTS.min(vm_count)];
    for (i, vm) in vms.iter().enumerate() {
        on_vms[i % PRODUCTS].push(vm.name.clone());
    }
    placements.extend(
        on_vms
            .into_iter()
            .enumerate()
            .map(|(p, names)| Placement::on_vms(product(p * 3 + 1), names)),
    );
    let deployment = Deployment {
        name: "bench".into(),
        hosts,
        vms,
        placements,
        ..Deployment::default()
    };
    let licence_types = [
        LicenceType::Perpetual,
        LicenceType::PerpetualWithSa,
        LicenceType::Subscription,
        LicenceType::SoftwareAssurance,
    ];
    let entitlements = (0..lines)
        .map(|i| Entitlement {
            unit_price: Some(Money::new(
                Decimal::new(1_512_300 + i as i64, 2),
                Currency::USD,
            )),
            purchased: NaiveDate::from_ymd_opt(2020 + (i % 6) as i32, 1 + (i % 12) as u32, 1),
            start: NaiveDate::from_ymd_opt(2024, 1, 1),
            end: NaiveDate::from_ymd_opt(2026 + (i % 4) as i32, 12, 31),
            ..Entitlement::new(
                product(i * 13),
                Metric::Core,
                licence_types[i % 4],
                2,
                1 + (i % 16) as u32,
                SourceRef {
                    file: "bench.csv".into(),
                    row: i as u32 + 2,
                },
            )
        })
        .collect();
    let mut workbook = Workbook::new(Currency::USD, deployment);
    workbook.put_source(EntitlementSource {
        file: "bench.csv".into(),
        sha256: String::new(),
        entitlements,
        unmatched: vec![],
    });
    workbook
}
