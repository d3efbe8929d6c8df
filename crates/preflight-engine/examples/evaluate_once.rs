//! One `evaluate` of a synthetic workbook, for instruction counts that repeat exactly under
//! `valgrind --tool=callgrind` (wall-clock benchmarks on a shared 2-core machine do not):
//! `cargo build --release -p preflight-engine --example evaluate_once` then
//! `valgrind --tool=callgrind target/release/examples/evaluate_once 100000 5000`. With a third
//! argument `edit`, it evaluates once through a `Cache`, changes the first host's cores per
//! socket and evaluates again through it (the page's edit: count `Cache::evaluate_under`'s
//! second call, or `evaluate_prepared`).

#[path = "../benches/support/workbooks.rs"]
mod workbooks;

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().unwrap_or(0));
    let (lines, hosts) = (args.next().unwrap_or(20_000), args.next().unwrap_or(200));
    let pack = workbooks::pack();
    let edit = std::env::args().nth(3).is_some_and(|a| a == "edit");
    let mut workbook = workbooks::workbook(&pack, lines, hosts);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
    let evaluation = if edit {
        let mut cache = preflight_engine::Cache::default();
        cache.evaluate(&workbook, &pack, as_of);
        if let Some(host) = workbook.scenario_mut().deployment.hosts.first_mut() {
            host.cores_per_socket = std::num::NonZeroU32::new(10).unwrap_or(host.cores_per_socket);
        }
        cache.evaluate(&workbook, &pack, as_of)
    } else {
        preflight_engine::evaluate(&workbook, &pack, as_of)
    };
    println!(
        "{} positions, {} findings",
        evaluation.positions.len(),
        evaluation.findings.len()
    );
}
