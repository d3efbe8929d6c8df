//! The release build's Content-Security-Policy: written into dist/index.html, then checked.
//!
//! The policy lives in a `<meta http-equiv>` so it holds wherever dist/ is copied, whatever the
//! web server sends (the README recommends the same policy as a header, plus `frame-ancestors`,
//! which browsers ignore in a meta tag). Dev builds (`trunk serve`) carry no policy: trunk's
//! live-reload script is inline.

use std::path::Path;

use crate::Result;

/// Only the site's own files: scripts and wasm from 'self' (wasm needs 'wasm-unsafe-eval' to
/// compile), no inline script or style, no eval, no plugins, no forms, no other origin.
pub const POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
form-action 'none'";

const CHARSET: &str = "<meta charset=\"utf-8\">";

/// Puts the policy right after `<meta charset>`, before any element that loads something, so it
/// governs them all. Idempotent: an earlier policy tag is replaced.
pub fn write(index: &Path) -> Result {
    let html = std::fs::read_to_string(index).map_err(|e| format!("{}: {e}", index.display()))?;
    let tag = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">");
    let html = match html.find("<meta http-equiv=\"Content-Security-Policy\"") {
        Some(start) => {
            let end = html[start..]
                .find('>')
                .map(|i| start + i + 1)
                .ok_or("index.html: unterminated CSP tag")?;
            format!("{}{tag}{}", &html[..start], &html[end..])
        }
        None => html.replacen(CHARSET, &format!("{CHARSET}\n    {tag}"), 1),
    };
    std::fs::write(index, html).map_err(|e| format!("{}: {e}", index.display()))
}

/// What in a built page the policy would block or that weakens it: a missing or misplaced
/// policy, inline scripts, inline event handlers or styles, `javascript:` URLs, and scripts,
/// styles or preloads without an integrity attribute.
pub fn problems(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let policy = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">");
    match (html.find(CHARSET), html.find(&policy)) {
        (Some(charset), Some(at)) if html[charset + CHARSET.len()..at].trim().is_empty() => {}
        _ => problems.push("the CSP meta tag is missing or not right after <meta charset>".into()),
    }
    if html
        .matches("http-equiv=\"Content-Security-Policy\"")
        .count()
        != 1
    {
        problems.push("more than one CSP meta tag".into());
    }
    for tag in tags(html) {
        let lower = tag.to_ascii_lowercase();
        let attributes: Vec<&str> = lower.split_whitespace().skip(1).collect();
        if attributes.iter().any(|a| a.starts_with("on")) {
            problems.push(format!("inline event handler in {tag}"));
        }
        if attributes.iter().any(|a| a.starts_with("style=")) {
            problems.push(format!("inline style in {tag}"));
        }
        if lower.contains("javascript:") {
            problems.push(format!("javascript: URL in {tag}"));
        }
        let is =
            |name: &str| lower.starts_with(&format!("<{name} ")) || lower == format!("<{name}>");
        if is("style") {
            problems.push("inline <style> element".into());
        }
        if is("script") && !lower.contains(" src=") {
            problems.push(format!("inline script {tag}"));
        }
        let loads_code = is("script")
            || (is("link")
                && ["stylesheet", "modulepreload", "preload"]
                    .iter()
                    .any(|rel| lower.contains(&format!("rel=\"{rel}\""))));
        if loads_code && !lower.contains(" integrity=\"sha384-") {
            problems.push(format!("no integrity attribute on {tag}"));
        }
    }
    problems
}

/// The files a page's tags load with an integrity, as (`name` relative to the page, without
/// `./`, and the `integrity` value): `href` of links, `src` of scripts.
pub fn integrity_of_tags(html: &str) -> Vec<(String, String)> {
    let attribute = |tag: &str, name: &str| {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = start + tag[start..].find('"')?;
        Some(tag[start..end].to_string())
    };
    tags(html)
        .into_iter()
        .filter_map(|tag| {
            let file = attribute(tag, "href").or_else(|| attribute(tag, "src"))?;
            let hash = attribute(tag, "integrity")?;
            Some((file.trim_start_matches("./").to_string(), hash))
        })
        .collect()
}

/// The opening tags of a page, comments skipped.
fn tags(html: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let tag = &rest[..end];
        if !tag.starts_with("</") && !tag.starts_with("<!") {
            tags.push(tag);
        }
        rest = &rest[end..];
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str) -> String {
        let policy = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">");
        format!("<html><head>{CHARSET}\n{policy}{head}</head><body></body></html>")
    }

    #[test]
    fn a_page_of_external_checked_files_passes() {
        let html = page(
            "<script type=\"module\" src=\"./boot-1.js\" integrity=\"sha384-x\"></script>\
             <link rel=\"stylesheet\" href=\"./s.css\" integrity=\"sha384-y\"><!-- <script> -->",
        );
        assert_eq!(problems(&html), Vec::<String>::new());
    }

    #[test]
    fn inline_code_and_unchecked_files_are_reported() {
        let html = page(
            "<script>init()</script><img src=x onerror=\"alert(1)\">\
             <link rel=\"modulepreload\" href=\"./a.js\"><div style=\"color:red\"></div>",
        );
        assert_eq!(problems(&html).len(), 5, "{:?}", problems(&html));
    }

    #[test]
    fn writing_the_policy_twice_leaves_one_tag_after_the_charset() {
        let dir = std::env::temp_dir().join(format!("preflight-csp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let index = dir.join("index.html");
        let html = format!("<html><head>{CHARSET}<title>t</title></head></html>");
        std::fs::write(&index, html).unwrap();
        write(&index).unwrap();
        write(&index).unwrap();
        let written = std::fs::read_to_string(&index).unwrap();
        assert_eq!(problems(&written), Vec::<String>::new());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
