//! Tidy: the rules that lints cannot see, checked over the source tree.

use std::fs;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() && name != "target" && !name.to_string_lossy().starts_with('.') {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn all_sources() -> Vec<(PathBuf, String)> {
    let root = workspace_root();
    let mut files = Vec::new();
    rust_files(&root.join("crates"), &mut files);
    rust_files(&root.join("fuzz/fuzz_targets"), &mut files);
    assert!(files.len() > 20, "found only {} source files under {}", files.len(), root.display());
    files.into_iter().map(|p| (p.clone(), fs::read_to_string(&p).unwrap_or_default())).collect()
}

#[test]
fn every_file_starts_with_a_module_doc() {
    for (path, text) in all_sources() {
        assert!(text.starts_with("//!"), "{} must start with a `//!` doc comment", path.display());
    }
}

#[test]
fn the_domain_crate_does_no_io() {
    let root = workspace_root();
    let manifest = fs::read_to_string(root.join("crates/zhixing-core/Cargo.toml")).unwrap_or_default();
    let dependencies = manifest.split("[dependencies]").nth(1).unwrap_or_default();
    let dependencies = dependencies.split("\n[").next().unwrap_or_default();
    for forbidden in ["tokio", "sqlx", "axum", "hyper", "reqwest", "rand", "tracing"] {
        assert!(
            !dependencies.lines().any(|l| l.trim_start().starts_with(forbidden)),
            "zhixing-core must not depend on {forbidden}"
        );
    }
    let mut files = Vec::new();
    rust_files(&root.join("crates/zhixing-core/src"), &mut files);
    for path in files {
        let text = fs::read_to_string(&path).unwrap_or_default();
        for forbidden in
            ["Utc::now", "Local::now", "SystemTime", "std::fs", "std::net", "std::env", "thread_rng"]
        {
            assert!(!text.contains(forbidden), "{} uses {forbidden}: the domain is pure", path.display());
        }
    }
}

#[test]
fn only_the_web_crate_knows_http() {
    let root = workspace_root();
    for krate in ["zhixing-core", "zhixing-store", "zhixing-app"] {
        let manifest =
            fs::read_to_string(root.join(format!("crates/{krate}/Cargo.toml"))).unwrap_or_default();
        for forbidden in ["axum", "hyper", "tower"] {
            assert!(!manifest.contains(forbidden), "{krate} must not depend on {forbidden}");
        }
    }
}

#[test]
fn no_ignored_or_unfinished_code() {
    for (path, text) in all_sources() {
        if path.ends_with("tidy.rs") {
            continue;
        }
        for forbidden in ["#[ignore", "todo!(", "unimplemented!(", "dbg!("] {
            assert!(!text.contains(forbidden), "{} contains {forbidden}", path.display());
        }
    }
}

#[test]
fn every_crate_uses_the_workspace_lints() {
    let root = workspace_root();
    for entry in fs::read_dir(root.join("crates")).into_iter().flatten().flatten() {
        let manifest = fs::read_to_string(entry.path().join("Cargo.toml")).unwrap_or_default();
        assert!(
            manifest.contains("[lints]\nworkspace = true"),
            "{} must use [lints] workspace = true",
            entry.path().display()
        );
    }
}
