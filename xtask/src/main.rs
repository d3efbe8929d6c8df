//! The project's own automation: `cargo xtask serve | test | dist | size | bench`.
//!
//! Every command first installs what it needs and is missing (idempotently: it checks the
//! version that is there), so the README's two commands work on a fresh machine that has only
//! rustup, cargo and the package registries.

mod bench;
mod csp;
mod dist;
mod size;
mod split;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>

  serve   install the build tools if missing, build, and serve the app with the demo
          workbook on http://127.0.0.1:8080
  test    install what the tests need, then run formatting, clippy (native and wasm),
          the native tests and the end-to-end tests in headless Chromium
  dist    build the release site into dist/ (relative URLs: host it under any path)
  size    the first-load size of dist/ (brotli), checked against the recorded figure
  bench   every benchmark (native criterion, the browser benchmark page in headless
          Chromium, start-up of dist/, sizes); rewrites the generated part of BENCHMARKS.md
          (--browser-only: reuse the last criterion results in target/criterion)";

fn main() -> ExitCode {
    let command = std::env::args().nth(1).unwrap_or_default();
    let result = match command.as_str() {
        "serve" => serve(),
        "test" => test(),
        "dist" => tools::ensure_build_tools().and_then(|()| dist::build()),
        "size" => size::gate(&root().join("dist")),
        "bench" => bench::run_all(std::env::args().nth(2).as_deref() != Some("--browser-only")),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask {command}: {message}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

fn serve() -> Result {
    tools::ensure_build_tools()?;
    println!("Serving Preflight on http://127.0.0.1:8080 (Ctrl-C to stop)");
    run(Command::new("trunk").args(["serve", "--address", "127.0.0.1", "--port", "8080"]))
}

fn test() -> Result {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    let native = ["--workspace", "--exclude", "preflight"];
    step(
        "formatting",
        Command::new("cargo").args(["fmt", "--all", "--check"]),
    )?;
    step(
        "clippy (native crates)",
        Command::new("cargo")
            .args(["clippy", "--all-targets"])
            .args(native)
            .args(["--", "-D", "warnings"]),
    )?;
    step(
        "clippy (the app, for wasm32)",
        Command::new("cargo").args([
            "clippy",
            "-p",
            "preflight",
            // The benchmark page's wasm: checked here, cheaply, so it keeps compiling; timed
            // only by `cargo xtask bench`.
            "-p",
            "preflight-bench-web",
            // The app as dist ships it: the scenario editor behind its wasm-split point.
            "--features",
            "preflight/split",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "native tests",
        Command::new("cargo").arg("test").args(native),
    )?;
    dist::build()?;
    println!("\n==> first-load size gate (brotli)");
    size::gate(&root().join("dist"))?;
    tools::end_to_end()
}

/// Runs one titled step of the test suite.
fn step(title: &str, command: &mut Command) -> Result {
    println!("\n==> {title}");
    run(command)
}

/// Runs a command from the repository root with the tool paths first on PATH.
pub fn run(command: &mut Command) -> Result {
    let status = command
        .current_dir(root())
        .env("PATH", tools::path_with_tools())
        .status()
        .map_err(|e| format!("could not start {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(command)))
    }
}

/// Runs a command and returns its standard output, or `None` if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command
        .current_dir(root())
        .env("PATH", tools::path_with_tools())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    let args: Vec<_> = command
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!(
        "`{} {}`",
        command.get_program().to_string_lossy(),
        args.join(" ")
    )
}

/// The repository root (the parent of xtask/).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
