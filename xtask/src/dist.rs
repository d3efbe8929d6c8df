//! The release build into dist/, and the checks that keep it hostable under any path and within
//! its Content-Security-Policy.

use std::path::Path;
use std::process::Command;

use crate::{Result, csp, root, run};

/// `trunk build --release` (wasm-opt -Oz), the CSP written into index.html, then [`check`].
pub fn build() -> Result {
    println!("\n==> release build into dist/ (trunk)");
    run(Command::new("trunk").args(["build", "--release"]))?;
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
            let dir = dist_with(name, text);
            assert!(check(&dir).is_err(), "{name}: {text}");
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    #[test]
    fn relative_urls_and_urls_in_comments_pass() {
        let dir = dist_with(
            "app.js",
            "// https://developer.mozilla.org/\nimport init from './app.js';",
        );
        assert_eq!(check(&dir), Ok(()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
