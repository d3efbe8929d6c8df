//! One `evaluate` of a synthetic workbook, for instruction counts that repeat exactly under
//! `valgrind --tool=callgrind` (wall-clock benchmarks on a shared 2-core machine do not):
//! `cargo build --release -p preflight-engine --example evaluate_once` then
//! `valgrind --tool=callgrind target/release/examples/evaluate_once 100000 5000`.

#[path = "../benches/support/workbooks.rs"]
mod workbooks;

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().unwrap_or(0));
    let (lines, hosts) = (args.next().unwrap_or(20_000), args.next().unwrap_or(200));
    let pack = workbooks::pack();
    let workbook = workbooks::workbook(&pack, lines, hosts);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
    let evaluation = preflight_engine::evaluate(&workbook, &pack, as_of);
    println!(
        "{} positions, {} findings",
        evaluation.positions.len(),
        evaluation.findings.len()
    );
}
