//! Importing entitlement exports natively: CSV (a ServiceNow-like layout) and a JSON array of
//! 10k and 100k lines, from bytes to typed, catalogue-resolved records with every row's outcome.
//! Throughput in bytes of input; `cargo xtask bench` reads the medians into BENCHMARKS.md.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use preflight_engine::RulePack;
use preflight_import::{Options, read_entitlements};

#[path = "support/export.rs"]
mod export;

fn bench(c: &mut Criterion) {
    let catalogue = RulePack::builtin().catalogue;
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    for (format, rows, bytes) in [
        ("csv", 10_000, export::csv(10_000)),
        ("csv", 100_000, export::csv(100_000)),
        ("json", 10_000, export::json(10_000)),
        ("json", 100_000, export::json(100_000)),
    ] {
        let file = format!("export.{format}");
        // The bench must time the real path: every line read, nearly all accepted.
        let imported = read_entitlements(&file, &bytes, &Options::default(), &catalogue)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let counts = &imported.report.rows;
        assert_eq!(counts.read, rows, "{file}: {counts:?}");
        assert_eq!(counts.rejected, 0, "{file}: {counts:?}");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new(format, rows), &bytes, |b, bytes| {
            b.iter(|| read_entitlements(&file, black_box(bytes), &Options::default(), &catalogue))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
