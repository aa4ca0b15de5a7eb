//! Links `search` as a position-dependent executable on Linux.
//!
//! A command-line query is over in a few milliseconds, and a position-independent
//! executable spends a large share of them before `main`: the loader applies about 25,000
//! relative relocations (vtables, panic locations, static strings), copying on write
//! every page of `.data.rel.ro` they land in, about 135 page faults a run. Linked at a
//! fixed address, those are resolved at link time. The code stays position-independent;
//! only the executable's load address is fixed (the libraries it loads keep theirs random).

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bin=search=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
