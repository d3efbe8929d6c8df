//! Installs the build and test tools when missing, at the versions the project pins.

use std::path::PathBuf;
use std::process::Command;

use crate::{Result, output, root, run};

/// Trunk 0.21.x: 0.22 needs a newer rustc than these machines have (../shared/TOOLCHAIN.md).
const TRUNK_VERSION: &str = "0.21.14";
/// wasm-split-cli (`cargo xtask dist` cuts the scenario editor out of the page's wasm with it),
/// from this crate at this version: the split macros of leptos 0.8 (wasm_split_helpers 0.2)
/// write the format it reads.
const WASM_SPLIT_CRATE: &str = "wasm_split_cli_support";
const WASM_SPLIT_VERSION: &str = "0.2.4";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// PATH with cargo's bin directory and the npm tools (wasm-opt, playwright) first.
pub fn path_with_tools() -> String {
    let mut paths = vec![root().join("node_modules/.bin"), cargo_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_default();
    home.join("bin")
}

/// The wasm target, trunk, wasm-bindgen-cli at the Cargo.lock version, the npm tools, and the
/// crates (trunk builds with `--offline`).
pub fn ensure_build_tools() -> Result {
    let targets =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        println!("==> installing the wasm32-unknown-unknown target");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }

    if version_of("trunk").is_none_or(|v| !v.contains(&format!("trunk {TRUNK_VERSION}"))) {
        println!("==> installing trunk {TRUNK_VERSION} (about 15 minutes, once)");
        run(Command::new("cargo").args([
            "install",
            "trunk",
            "--version",
            &format!("={TRUNK_VERSION}"),
            "--locked",
        ]))?;
    }

    let bindgen = wasm_bindgen_version()?;
    if version_of("wasm-bindgen").is_none_or(|v| v.trim() != format!("wasm-bindgen {bindgen}")) {
        println!("==> installing wasm-bindgen-cli {bindgen} (about 7 minutes, once)");
        // Without --locked: the CLI's own lockfile names a crate version the registry lacks.
        run(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={bindgen}"),
            "--force",
        ]))?;
    }

    // The CLI has no --version: cargo's list of installed crates says which crate and version
    // gave the `wasm-split-cli` on PATH.
    let installed = output(Command::new("cargo").args(["install", "--list"])).unwrap_or_default();
    if !installed_crate(
        &installed,
        WASM_SPLIT_CRATE,
        WASM_SPLIT_VERSION,
        "wasm-split-cli",
    ) {
        println!(
            "==> installing wasm-split-cli ({WASM_SPLIT_CRATE} {WASM_SPLIT_VERSION}, about 5 minutes, once)"
        );
        run(Command::new("cargo").args([
            "install",
            WASM_SPLIT_CRATE,
            "--version",
            &format!("={WASM_SPLIT_VERSION}"),
            "--features",
            "build-binary",
            "--locked",
            "--force",
        ]))?;
    }

    ensure_npm_tools()?;
    run(Command::new("cargo").args(["fetch", "--quiet"]))
}

/// Whether `cargo install --list` names `krate` at `version` as the giver of `binary`.
fn installed_crate(list: &str, krate: &str, version: &str, binary: &str) -> bool {
    let mut lines = list.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() == format!("{krate} v{version}:") {
            return lines
                .take_while(|l| l.starts_with(char::is_whitespace))
                .any(|l| l.trim() == binary);
        }
    }
    false
}

fn version_of(tool: &str) -> Option<String> {
    output(Command::new(tool).arg("--version"))
}

/// The wasm-bindgen version Cargo.lock resolves; the CLI must equal it exactly.
fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_string());
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

/// wasm-opt (npm binaryen, not Debian's) and Playwright, from package-lock.json.
fn ensure_npm_tools() -> Result {
    let installed = root().join("node_modules/.package-lock.json");
    let lock = root().join("package-lock.json");
    let fresh = match (std::fs::metadata(&installed), std::fs::metadata(&lock)) {
        (Ok(a), Ok(b)) => a.modified().ok() >= b.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    if version_of("npm").is_none() {
        return Err("npm is missing: install Node.js 20 or later with npm (Debian: apt-get install nodejs npm)".into());
    }
    println!("==> installing wasm-opt and Playwright from package-lock.json (npm ci)");
    // Playwright must never download a browser: the tests use Debian's Chromium.
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

/// Debian's Chromium and ChromeDriver, through apt when missing and running as root.
pub fn ensure_browser() -> Result {
    let present = |path: &str| std::path::Path::new(path).exists();
    if present(CHROMIUM) && present(CHROMEDRIVER) {
        return Ok(());
    }
    let root_user = output(Command::new("id").arg("-u")).is_some_and(|id| id.trim() == "0");
    if !root_user {
        return Err(format!(
            "the tests need Chromium at {CHROMIUM} and ChromeDriver at {CHROMEDRIVER}: \
             run `sudo apt-get install -y --no-install-recommends chromium chromium-driver` and try again"
        ));
    }
    println!("==> installing Chromium and ChromeDriver (apt)");
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Playwright against the built dist; prints the runner's summary and a plain closing line.
pub fn end_to_end() -> Result {
    println!("\n==> end-to-end tests in headless Chromium (Playwright, against dist/)");
    let report = root().join("target/e2e-report.json");
    // A free loopback port for the static server: ask the OS for one, then release it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| format!("no free loopback port for the e2e server: {e}"))?;
    let _ = std::fs::remove_file(&report);
    let result = run(Command::new("npx")
        .args([
            "playwright",
            "test",
            "--config",
            "tests/e2e/playwright.config.mjs",
        ])
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("E2E_PORT", port.to_string())
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report));
    let summary = std::fs::read_to_string(&report).ok().and_then(|json| {
        let report: serde_json::Value = serde_json::from_str(&json).ok()?;
        let count = |key: &str| report["stats"][key].as_u64();
        Some((
            count("expected")?,
            count("unexpected")? + count("flaky")?,
            count("skipped")?,
        ))
    });
    match summary {
        Some((passed, failed, skipped)) => {
            println!("e2e: {passed} passed, {failed} failed, {skipped} skipped")
        }
        None => println!("e2e: no report was written"),
    }
    result?;
    match summary {
        Some((passed, 0, 0)) if passed > 0 => Ok(()),
        _ => Err("the end-to-end tests did not all run and pass".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::installed_crate;

    #[test]
    fn wasm_split_cli_counts_as_installed_only_from_the_pinned_crate_version() {
        let list =
            "trunk v0.21.14:\n    trunk\nwasm_split_cli_support v0.2.4:\n    wasm-split-cli\n";
        assert!(installed_crate(
            list,
            "wasm_split_cli_support",
            "0.2.4",
            "wasm-split-cli"
        ));
        assert!(!installed_crate(
            list,
            "wasm_split_cli_support",
            "0.2.5",
            "wasm-split-cli"
        ));
        let older =
            "wasm_split_cli_support v0.2.3:\n    wasm-split-cli\ntrunk v0.21.14:\n    trunk\n";
        assert!(!installed_crate(
            older,
            "wasm_split_cli_support",
            "0.2.4",
            "wasm-split-cli"
        ));
        let other_binary = "wasm_split_cli_support v0.2.4:\n    something-else\n";
        assert!(!installed_crate(
            other_binary,
            "wasm_split_cli_support",
            "0.2.4",
            "wasm-split-cli"
        ));
    }
}
