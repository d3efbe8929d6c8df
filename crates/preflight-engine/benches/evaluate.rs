//! `evaluate` on a typical project and on a large estate (targets: the performance issue).
//!
//! Synthetic but shaped like real data: a catalogue of 500 per-core products, entitlement lines
//! spread over them with mixed licence types, hosts of 2 sockets each running two products.

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
        ("large: 5k hosts, 10k lines", 10_000, 5_000),
        ("large: 5k hosts, 100k lines", 100_000, 5_000),
    ] {
        let workbook = workbook(&pack, lines, hosts);
        group.bench_with_input(
            BenchmarkId::from_parameter(name),
            &workbook,
            |b, workbook| b.iter(|| evaluate(black_box(workbook), &pack, as_of)),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
