//! `evaluate` on a typical project and on a large estate (targets: the performance issue).
//!
//! Synthetic but shaped like real data: a catalogue of 500 per-core products, entitlement lines
//! spread over them with mixed licence types, hosts of 2 sockets each running two products.
//! `evaluate` makes everything from nothing; `edit` is what the page does after one edit of the
//! scenario: the first host's cores per socket changed (8 ↔ 10) and the workbook evaluated
//! through the `Cache` kept since the edit before (the lines' lots and the baseline's
//! allocation reused, the kept inputs compared with the workbook's).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use preflight_engine::*;

#[path = "support/workbooks.rs"]
mod workbooks;
use workbooks::{pack, workbook};

fn bench(c: &mut Criterion) {
    let pack = pack();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(10);
    for (name, lines, hosts) in [
        ("typical: 200 hosts, 20k lines", 20_000, 200),
        ("large: 5k hosts, 20k VMs, 10k lines", 10_000, 5_000),
        ("large: 5k hosts, 20k VMs, 100k lines", 100_000, 5_000),
    ] {
        let workbook = workbook(&pack, lines, hosts);
        group.bench_with_input(
            BenchmarkId::from_parameter(name),
            &workbook,
            |b, workbook| b.iter(|| evaluate(black_box(workbook), &pack, as_of)),
        );
    }
    group.finish();
    let mut group = c.benchmark_group("edit");
    group.sample_size(10);
    for (name, lines, hosts) in [
        ("typical: 200 hosts, 20k lines", 20_000, 200),
        ("large: 5k hosts, 20k VMs, 100k lines", 100_000, 5_000),
    ] {
        let mut workbook = workbook(&pack, lines, hosts);
        let mut cache = Cache::default();
        cache.evaluate(&workbook, &pack, as_of);
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let host = &mut workbook.scenario_mut().deployment.hosts[0];
                let cores = if host.cores_per_socket.get() == 8 {
                    10
                } else {
                    8
                };
                host.cores_per_socket =
                    std::num::NonZeroU32::new(cores).unwrap_or(host.cores_per_socket);
                cache.evaluate(black_box(&workbook), &pack, as_of)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
