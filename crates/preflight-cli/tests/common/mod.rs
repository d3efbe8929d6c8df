//! Shared by the CLI's integration tests: the built binary run with arguments.

use std::process::Command;

/// Runs `preflight` with `args`: whether it succeeded, its standard output and its errors.
pub fn preflight(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_preflight"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
