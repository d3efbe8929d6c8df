//! The first-load size gate: the brotli size of what a browser fetches to show the first page
//! must not grow more than 5% over the figure recorded in the repository (a ratchet: lower the
//! figure when the size drops). Bytes, not time.

use std::path::Path;

use crate::split::CHUNK_MARK;
use crate::{Result, root};

/// Where the recorded figure lives, in bytes.
const RECORD: &str = "xtask/first-load-brotli-bytes.txt";
/// Files of the import worker (crates/preflight-worker), fetched on the first import.
const WORKER_PREFIX: &str = "preflight-import-worker";
/// Files of dist by name, with their raw and brotli sizes in bytes.
pub type Sizes = Vec<(String, u64, u64)>;

/// Allowed growth over the record before the gate fails, in percent.
const SLACK_PERCENT: u64 = 5;

/// Brotli (quality 11, window 2^24, as `brotli` on the command line) of each file at the top of
/// `dist` — the page, its scripts, styles, wasm and icon; not the demo files offered for download,
/// not the import worker, and not the modules split off the page's wasm (`chunks`).
pub fn first_load(dist: &Path) -> Result<Sizes> {
    Ok(top_files(dist)?
        .into_iter()
        .filter(|(name, _, _)| !name.contains(CHUNK_MARK))
        .collect())
}

/// The modules split off the page's wasm (the scenario editor's, the import's, the approval
/// pack's and the code only they share), fetched after the first load, with their raw and
/// brotli sizes.
pub fn chunks(dist: &Path) -> Result<Sizes> {
    Ok(top_files(dist)?
        .into_iter()
        .filter(|(name, _, _)| name.contains(CHUNK_MARK))
        .collect())
}

fn top_files(dist: &Path) -> Result<Sizes> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .flatten()
    {
        let path = entry.path();
        // The import worker loads on the first import, not with the page.
        let worker = entry
            .file_name()
            .to_string_lossy()
            .starts_with(WORKER_PREFIX);
        if !path.is_file() || worker {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 24,
            ..Default::default()
        };
        let mut compressed = Vec::new();
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut compressed, &params)
            .map_err(|e| format!("brotli {}: {e}", path.display()))?;
        files.push((
            entry.file_name().to_string_lossy().into_owned(),
            bytes.len() as u64,
            compressed.len() as u64,
        ));
    }
    files.sort();
    Ok(files)
}

/// Fails when the first load grew more than the slack over the recorded figure.
pub fn gate(dist: &Path) -> Result {
    let files = first_load(dist)?;
    let total: u64 = files.iter().map(|(_, _, brotli)| brotli).sum();
    for (name, raw, brotli) in &files {
        println!("    {brotli:>9} brotli  {raw:>9} raw  {name}");
    }
    let record_path = root().join(RECORD);
    let recorded: u64 = std::fs::read_to_string(&record_path)
        .map_err(|e| format!("{RECORD}: {e}"))?
        .trim()
        .parse()
        .map_err(|e| format!("{RECORD}: not a number of bytes ({e})"))?;
    println!(
        "    first load: {total} bytes brotli (recorded {recorded}, gate at +{SLACK_PERCENT}%)"
    );
    for (name, raw, brotli) in chunks(dist)? {
        println!(
            "    not in the first load: {brotli} brotli, {raw} raw, {name} ({})",
            crate::split::when_fetched(&name)
        );
    }
    check(total, recorded)
}

fn check(total: u64, recorded: u64) -> Result {
    if total * 100 > recorded * (100 + SLACK_PERCENT) {
        return Err(format!(
            "the first load grew to {total} bytes brotli, more than {SLACK_PERCENT}% over the recorded {recorded}: \
             make it smaller, or if the growth is worth it, record the new figure in {RECORD} and say why in BENCHMARKS.md"
        ));
    }
    if total < recorded {
        println!("    smaller than recorded: lower {RECORD} to {total} to keep the ratchet tight");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn the_gate_allows_five_percent_and_no_more() {
        assert!(check(105_000, 100_000).is_ok());
        assert!(check(105_001, 100_000).is_err());
        assert!(check(90_000, 100_000).is_ok());
    }
}
