//! The release build into dist/, and the checks that keep it hostable under any path and within
//! its Content-Security-Policy.

use std::path::Path;
use std::process::Command;

use crate::{Result, csp, root, run, split};

/// `trunk build --release --features split` (the app's wasm not optimised: see index.html), the
/// scenario editor, the import's reply and preview and the approval pack split off the page's
/// wasm and every module optimised ([`split::split`]), the CSP written into index.html, then
/// [`check`].
pub fn build() -> Result {
    println!("\n==> release build into dist/ (trunk)");
    let started = std::time::Instant::now();
    run(Command::new("trunk").args(["build", "--release", "--features", "split"]))?;
    split::split(&root().join("dist"))?;
    csp::write(&root().join("dist/index.html"))?;
    check(&root().join("dist"))?;
    for entry in std::fs::read_dir(root().join("dist"))
        .map_err(|e| format!("dist/: {e}"))?
        .flatten()
    {
        if let Ok(meta) = entry.metadata()
            && meta.is_file()
        {
            println!(
                "    {:>10} bytes  {}",
                meta.len(),
                entry.file_name().to_string_lossy()
            );
        }
    }
    println!("    dist built in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Fails when a page or script of the dist names an absolute path or another origin (the site
/// must work when copied under any sub-path and must never reach beyond its own origin), or when
/// a page has something its CSP would block or that weakens it.
pub fn check(dist: &Path) -> Result {
    let mut problems = Vec::new();
    for entry in walk(dist) {
        let name = entry.to_string_lossy().into_owned();
        if !(name.ends_with(".html") || name.ends_with(".css") || name.ends_with(".js")) {
            continue;
        }
        let text = std::fs::read_to_string(&entry).map_err(|e| format!("{name}: {e}"))?;
        if name.ends_with(".html") {
            problems.extend(
                csp::problems(&text)
                    .into_iter()
                    .map(|p| format!("{name}: {p}")),
            );
        }
        for (line_no, line) in text.lines().enumerate() {
            // Comments (wasm-bindgen's glue cites MDN) are not requests.
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with("/*") || code.starts_with('*') {
                continue;
            }
            for pattern in [
                "http://",
                "https://",
                "src=\"/",
                "href=\"/",
                "url(/",
                "from '/",
                "from \"/",
                "import('/",
            ] {
                if line.contains(pattern) {
                    problems.push(format!("{name}:{}: contains {pattern:?}", line_no + 1));
                }
            }
        }
    }
    problems.extend(integrity_problems(dist)?);
    if problems.is_empty() {
        println!(
            "    {} has only relative, same-origin URLs and keeps to its CSP",
            dist.display()
        );
        Ok(())
    } else {
        Err(format!(
            "dist/ is not hostable under a sub-path or breaks its CSP:\n  {}",
            problems.join("\n  ")
        ))
    }
}

/// Files a Web Worker starts: `new Worker(url)` and a worker's own imports take no integrity,
/// so the import worker's loader, JS and wasm are the one exception to the check below.
const WORKER_PREFIX: &str = "preflight-import-worker";

/// Every script and wasm of the dist must be named, with the sha384 of its bytes as they are,
/// by what loads it: a tag of index.html (`href` or `src`, with `integrity`), or a loader's
/// `fetch(new URL("./<name>", import.meta.url), { integrity: "…" })` (the wasm-split chunks).
/// A file with no such hash, or whose bytes changed without it, is a problem.
fn integrity_problems(dist: &Path) -> Result<Vec<String>> {
    let mut named: Vec<(String, String)> = Vec::new();
    let mut code = Vec::new();
    for path in walk(dist) {
        let name = path
            .strip_prefix(dist)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if name.ends_with(".html") {
            let html = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
            named.extend(csp::integrity_of_tags(&html));
        } else if name.ends_with(".js") || name.ends_with(".wasm") {
            if name.ends_with(".js") {
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
                named.extend(fetches_with_integrity(&text));
            }
            code.push((name, path));
        }
    }
    let mut problems = Vec::new();
    for (name, path) in code {
        if name.starts_with(WORKER_PREFIX) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{name}: {e}"))?;
        let actual = split::sri(&bytes);
        let hashes: Vec<&String> = named
            .iter()
            .filter(|(file, _)| *file == name)
            .map(|(_, hash)| hash)
            .collect();
        if hashes.is_empty() {
            problems.push(format!("{name}: loaded without an integrity hash"));
        } else if hashes.iter().any(|hash| **hash != actual) {
            problems.push(format!(
                "{name}: its integrity hash is not that of its bytes ({actual})"
            ));
        }
    }
    Ok(problems)
}

/// The files a script fetches with an integrity, as (`name`, `sha384-…`).
fn fetches_with_integrity(js: &str) -> Vec<(String, String)> {
    const OPEN: &str = "fetch(new URL(\"./";
    const BETWEEN: &str = "\", import.meta.url), { integrity: \"";
    let mut found = Vec::new();
    let mut rest = js;
    while let Some(at) = rest.find(OPEN) {
        rest = &rest[at + OPEN.len()..];
        let Some(name_end) = rest.find('"') else {
            break;
        };
        let name = &rest[..name_end];
        if let Some(after) = rest[name_end..].strip_prefix(BETWEEN)
            && let Some(hash_end) = after.find('"')
        {
            found.push((name.to_string(), after[..hash_end].to_string()));
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::check;

    /// A fresh directory holding one file. Tests run in parallel threads of one process: a
    /// counter keeps their directories apart.
    fn dist_with(name: &str, text: &str) -> std::path::PathBuf {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "preflight-dist-check-{}-{n}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), text).unwrap();
        dir
    }

    #[test]
    fn absolute_paths_and_other_origins_fail_the_check() {
        let cases = [
            ("index.html", r#"<script src="/app.js"></script>"#),
            ("index.html", r#"<link href="/styles.css">"#),
            ("app.js", "import init from '/app.js';"),
            ("app.js", "fetch('https://cdn.example/x')"),
            ("styles.css", "body { background: url(/bg.png) }"),
        ];
        for (name, text) in cases {
            // Scripts preloaded with their integrity, so that only the URL is wrong in them.
            let dir = if name.ends_with(".js") {
                site(&[(name, text.as_bytes())], &[])
            } else {
                dist_with(name, text)
            };
            let error = check(&dir).unwrap_err();
            assert!(error.contains(": contains "), "{name}: {text}: {error}");
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    /// A page under its CSP that preloads `modules` (name, bytes) with their integrity, and
    /// `others` laid beside it as they are: what `cargo xtask dist` writes, in small.
    fn site(modules: &[(&str, &[u8])], others: &[(&str, &[u8])]) -> std::path::PathBuf {
        let links: String = modules
            .iter()
            .map(|(name, bytes)| {
                format!(
                    "<link rel=\"modulepreload\" href=\"./{name}\" crossorigin=\"anonymous\" integrity=\"{}\">",
                    crate::split::sri(bytes)
                )
            })
            .collect();
        let policy = crate::csp::POLICY;
        let page = format!(
            "<html><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">{links}</head></html>"
        );
        let dir = dist_with("index.html", &page);
        for (name, bytes) in modules.iter().chain(others) {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        dir
    }

    #[test]
    fn relative_urls_and_urls_in_comments_pass() {
        let app = b"// https://developer.mozilla.org/\nimport init from './app.js';";
        let dir = site(&[("app.js", app)], &[]);
        assert_eq!(check(&dir), Ok(()));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_integrity_value_is_sha384_in_base64() {
        // `printf abc | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            crate::split::sri(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }

    /// The loader as wasm-split writes its fetch, made to check `chunk` against `hash`.
    fn loader(hash: &str) -> String {
        let written = "const src = fetch(new URL(\"./split_editor.wasm\", import.meta.url));";
        crate::split::fetch_with_integrity(
            written,
            "split_editor.wasm",
            "app_chunk_editor.wasm",
            hash,
        )
        .unwrap()
    }

    #[test]
    fn a_chunk_fetched_with_the_hash_of_its_bytes_passes() {
        let chunk: &[u8] = b"\0asm chunk";
        let loader = loader(&crate::split::sri(chunk));
        assert!(loader.contains(
            "fetch(new URL(\"./app_chunk_editor.wasm\", import.meta.url), { integrity: \"sha384-"
        ));
        let dir = site(
            &[
                ("app.js", b"import './app_split.js';"),
                ("app_split.js", loader.as_bytes()),
            ],
            &[("app_chunk_editor.wasm", chunk)],
        );
        assert_eq!(check(&dir), Ok(()));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_chunk_whose_bytes_changed_without_its_hash_fails_the_check() {
        let loader = loader(&crate::split::sri(b"\0asm chunk"));
        let dir = site(
            &[
                ("app.js", b"import './app_split.js';"),
                ("app_split.js", loader.as_bytes()),
            ],
            &[("app_chunk_editor.wasm", b"\0asm chunk, rebuilt")],
        );
        let error = check(&dir).unwrap_err();
        assert!(
            error.contains("app_chunk_editor.wasm: its integrity hash is not that of its bytes"),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_script_or_wasm_that_nothing_checks_fails_the_check() {
        let unchecked = "const src = fetch(new URL(\"./app_chunk_editor.wasm\", import.meta.url));";
        let dir = site(
            &[("app_split.js", unchecked.as_bytes())],
            &[("app_chunk_editor.wasm", b"\0asm"), ("stray.js", b"")],
        );
        let error = check(&dir).unwrap_err();
        assert!(
            error.contains("app_chunk_editor.wasm: loaded without an integrity hash"),
            "{error}"
        );
        assert!(
            error.contains("stray.js: loaded without an integrity hash"),
            "{error}"
        );
        // The import worker's files are started by `new Worker`, which takes no integrity.
        let dir = site(&[], &[("preflight-import-worker_bg.wasm", b"\0asm")]);
        assert_eq!(check(&dir), Ok(()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
