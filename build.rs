//! Link arguments of the app's wasm. With the `split` feature (`cargo xtask dist`) the linker
//! keeps its relocations (`--emit-relocs`), which wasm-split needs to cut the scenario editor
//! out into a module of its own. Set here rather than in RUSTFLAGS so that they reach the app's
//! binary only: no dependency is built again for them.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bin=preflight-app=--emit-relocs");
    }
}
