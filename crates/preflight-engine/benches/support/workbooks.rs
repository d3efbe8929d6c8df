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
    let placements = (0..hosts.len())
        .flat_map(|i| [i % PRODUCTS, (i * 7 + 3) % PRODUCTS].map(|p| (p, i)))
        .map(|(p, i)| Placement::on_hosts(product(p), vec![hosts[i].name.clone()]))
        .collect();
    let deployment = Deployment {
        name: "bench".into(),
        hosts,
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
