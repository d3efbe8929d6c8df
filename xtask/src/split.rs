//! The app's wasm-split, after trunk: trunk builds the app with the `split` feature (and,
//! through build.rs, with the linker's relocations), then the app's wasm is cut by
//! `wasm-split-cli` into the page's module, one module per split point (the editor, the
//! import's reply and preview, the approval pack) and modules of the code only some of those
//! share, bound again by wasm-bindgen, optimised module by module and laid over trunk's files
//! in dist/, every file with its sha384 checked.
//!
//! Trunk 0.21 has no split step, so this one takes trunk's output names and rewrites what it
//! wrote: the main JS and wasm keep their hashed names (index.html's preloads and the
//! `<meta name="preflight-app">` that public/boot.js reads stay right), with new integrity
//! values; the loader wasm-split writes (`__wasm_split.js`) becomes `<stem>_split.js`, preloaded
//! with its integrity, and it fetches each chunk (`<stem>_chunk_<name>.wasm`) with the chunk's.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use sha2::Digest as _;

use crate::{Result, root, run};

/// The app's binary, as trunk names its files (`<bin>-<hash>.js`, `<bin>-<hash>_bg.wasm`).
const APP_BIN: &str = "preflight-app";
/// In the name of every module split off the page's wasm: fetched after the first load, so the
/// size gate leaves it out and lists it apart.
pub const CHUNK_MARK: &str = "_chunk_";
/// The loader wasm-split writes, as it names it and as the main JS imports it.
const SPLIT_LOADER: &str = "__wasm_split.js";

/// Cuts the app's wasm in dist/ into the page's module and its chunks.
pub fn split(dist: &Path) -> Result {
    println!(
        "\n==> wasm-split: the scenario editor, the import's reply and preview, the approval pack"
    );
    let stem = app_stem(dist)?;
    let input = target_dir().join(format!("wasm32-unknown-unknown/release/{APP_BIN}.wasm"));
    let work = target_dir().join("wasm-split");
    let _ = std::fs::remove_dir_all(&work);
    let (cut, bound) = (work.join("cut"), work.join("bound"));
    for dir in [&cut, &bound] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }

    run(Command::new("wasm-split-cli").arg(&input).arg(&cut).args([
        "--out-name",
        &stem,
        "--target",
        "web",
    ]))?;
    // --keep-lld-exports: the chunks import the main module's function table and memory, which
    // wasm-bindgen would otherwise drop as the linker's own exports.
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-typescript"])
        .arg("--out-dir")
        .arg(&bound)
        .args(["--out-name", &stem])
        .arg(cut.join(format!("{stem}.wasm"))))?;

    let loader_name = format!("{stem}_split.js");
    let mut loader = read_text(&cut.join(SPLIT_LOADER))?;
    let mut chunks = Vec::new();
    for entry in std::fs::read_dir(&cut).map_err(|e| format!("{}: {e}", cut.display()))? {
        let name = entry
            .map_err(|e| e.to_string())?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".wasm") && name != format!("{stem}.wasm") {
            chunks.push(name);
        }
    }
    chunks.sort();
    if chunks.is_empty() {
        return Err(format!(
            "wasm-split made no chunk from {}: was it built with the `split` feature?",
            input.display()
        ));
    }

    // The chunks are optimised while the main module is: two processes, not one after another.
    let shipped: Vec<(String, String)> = chunks
        .iter()
        .map(|chunk| {
            let name = format!("{stem}{CHUNK_MARK}{}", chunk_name(chunk));
            (chunk.clone(), name)
        })
        .collect();
    let mut optimising = Vec::new();
    for (chunk, name) in &shipped {
        let child = wasm_opt(&cut.join(chunk), &dist.join(name))
            .env("PATH", crate::tools::path_with_tools())
            .spawn()
            .map_err(|e| format!("could not start wasm-opt: {e}"))?;
        optimising.push((name.clone(), child));
    }
    run(&mut wasm_opt(
        &bound.join(format!("{stem}_bg.wasm")),
        &dist.join(format!("{stem}_bg.wasm")),
    ))?;
    for (name, mut child) in optimising {
        let status = child.wait().map_err(|e| format!("wasm-opt {name}: {e}"))?;
        if !status.success() {
            return Err(format!("wasm-opt {name} failed ({status})"));
        }
    }
    for (chunk, name) in &shipped {
        let hash = sri(&read(&dist.join(name))?);
        loader = fetch_with_integrity(&loader, chunk, name, &hash)?;
    }
    write(&dist.join(&loader_name), loader.as_bytes())?;

    // The import statements only (one per split point's module): the imports object keeps the
    // wasm's own module name as its key.
    let main_js = read_text(&bound.join(format!("{stem}.js")))?;
    let main_js = replace_all(
        &main_js,
        &format!("from \"./{SPLIT_LOADER}\""),
        &format!("from \"./{loader_name}\""),
    )
    .map_err(|e| format!("{stem}.js: {e}"))?;
    write(&dist.join(format!("{stem}.js")), main_js.as_bytes())?;

    let index = dist.join("index.html");
    let mut html = read_text(&index)?;
    for name in [format!("{stem}.js"), format!("{stem}_bg.wasm")] {
        html = set_integrity(&html, &name, &sri(&read(&dist.join(&name))?))?;
    }
    html = preload_module(
        &html,
        &format!("{stem}.js"),
        &loader_name,
        &sri(loader.as_bytes()),
    )?;
    write(&index, html.as_bytes())
}

/// `preflight-app-<hash>`: the stem of trunk's JS and wasm for the app in dist/.
fn app_stem(dist: &Path) -> Result<String> {
    let mut stems = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy();
        if let Some(stem) = name.strip_suffix("_bg.wasm")
            && stem.starts_with(&format!("{APP_BIN}-"))
        {
            stems.push(stem.to_string());
        }
    }
    match stems.as_slice() {
        [stem] => Ok(stem.clone()),
        _ => Err(format!(
            "{}: expected one {APP_BIN}-<hash>_bg.wasm from trunk, found {stems:?}",
            dist.display()
        )),
    }
}

/// Cargo's target directory (CARGO_TARGET_DIR, else target/ of the workspace).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// `wasm-opt -Oz`, from the root: trunk no longer optimises the app's wasm (index.html
/// `data-wasm-opt="0"`), as that unsplit wasm is replaced by the modules optimised here.
fn wasm_opt(input: &Path, output: &Path) -> Command {
    let mut command = Command::new("wasm-opt");
    command
        .arg("-Oz")
        .arg(input)
        .arg("-o")
        .arg(output)
        .current_dir(root());
    command
}

/// The `integrity` value of a file: `sha384-` and the base64 of its SHA-384.
pub fn sri(bytes: &[u8]) -> String {
    let digest = sha2::Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The loader's fetch of `chunk` made a fetch of `shipped` that the browser checks against
/// `hash`: wasm-split writes `fetch(new URL("./<chunk>", import.meta.url))`.
pub fn fetch_with_integrity(
    loader: &str,
    chunk: &str,
    shipped: &str,
    hash: &str,
) -> Result<String> {
    replace_once(
        loader,
        &format!("fetch(new URL(\"./{chunk}\", import.meta.url))"),
        &format!("fetch(new URL(\"./{shipped}\", import.meta.url), {{ integrity: \"{hash}\" }})"),
    )
    .map_err(|e| format!("{SPLIT_LOADER}: {e}"))
}

/// The name a module of wasm-split's is shipped under, after `<stem>_chunk_`: a split point's
/// module (`split_editor.wasm`) by its point's name (`editor.wasm`), and a module of the code
/// that only some split points share (`chunk_4.wasm`, loaded with each of them) as
/// `shared_4.wasm`.
pub fn chunk_name(written: &str) -> String {
    match written.strip_prefix("split_") {
        Some(point) => point.to_string(),
        None => match written.strip_prefix("chunk_") {
            Some(shared) => format!("shared_{shared}"),
            None => written.to_string(),
        },
    }
}

/// When the page fetches a shipped module (`<stem>_chunk_<name>.wasm`), for the size reports.
pub fn when_fetched(shipped: &str) -> &'static str {
    let name = shipped.rsplit(CHUNK_MARK).next().unwrap_or(shipped);
    match name.trim_end_matches(".wasm") {
        "editor" => "the scenario editor: fetched once the page runs",
        "import" => "an import's reply and preview: fetched when an import starts",
        "pack" => "the approval pack: fetched when the browser is first idle, or on print",
        _ if name.starts_with("shared_") => "code only split-off modules share: fetched with them",
        _ => "fetched after the first load",
    }
}

fn replace_all(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        0 => Err(format!("expected {from:?}, found it nowhere")),
        _ => Ok(text.replace(from, to)),
    }
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!("expected {from:?} once, found it {n} times")),
    }
}

/// The `integrity` of the tag of index.html whose `href` is `./<name>`, set to `hash`.
fn set_integrity(html: &str, name: &str, hash: &str) -> Result<String> {
    let href = format!("href=\"./{name}\"");
    let at = html
        .find(&href)
        .ok_or_else(|| format!("index.html: no tag with {href}"))?;
    let start = html[..at].rfind('<').unwrap_or(0);
    let end = at + html[at..].find('>').ok_or("index.html: unterminated tag")?;
    let tag = &html[start..end];
    let value = tag
        .find("integrity=\"")
        .map(|i| i + "integrity=\"".len())
        .ok_or_else(|| format!("index.html: no integrity on the tag of {name}"))?;
    let value_end = value
        + tag[value..]
            .find('"')
            .ok_or("index.html: unterminated integrity")?;
    Ok(format!(
        "{}{hash}{}",
        &html[..start + value],
        &html[start + value_end..]
    ))
}

/// A `<link rel="modulepreload">` of `name` with its integrity, after the one of `after`: the
/// main JS imports the loader, and a module preloaded with its integrity is the copy the
/// import uses (as boot.js relies on for the main JS).
fn preload_module(html: &str, after: &str, name: &str, hash: &str) -> Result<String> {
    let href = format!("href=\"./{after}\"");
    let at = html
        .find(&href)
        .ok_or_else(|| format!("index.html: no tag with {href}"))?;
    let end = at + html[at..].find('>').ok_or("index.html: unterminated tag")? + 1;
    let tag = format!(
        "\n<link rel=\"modulepreload\" href=\"./{name}\" crossorigin=\"anonymous\" integrity=\"{hash}\">"
    );
    Ok(format!("{}{tag}{}", &html[..end], &html[end..]))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::{chunk_name, when_fetched};

    #[test]
    fn a_split_points_module_is_shipped_by_its_name_and_shared_code_as_shared() {
        assert_eq!(chunk_name("split_editor.wasm"), "editor.wasm");
        assert_eq!(chunk_name("split_import.wasm"), "import.wasm");
        assert_eq!(chunk_name("chunk_4.wasm"), "shared_4.wasm");
        assert_eq!(
            when_fetched("preflight-app-0a1b_chunk_import.wasm"),
            "an import's reply and preview: fetched when an import starts"
        );
        assert_eq!(
            when_fetched("preflight-app-0a1b_chunk_shared_4.wasm"),
            "code only split-off modules share: fetched with them"
        );
    }
}
