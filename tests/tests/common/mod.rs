//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use slimaws_codegen::{ir::Service, Files};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits inside the workspace")
        .to_path_buf()
}

/// The golden fixtures, as mounted in `golden_compile.rs`.
pub const FIXTURES: &[&str] = &[
    "docs",
    "enums",
    "errors",
    "naming",
    "recursion",
    "sensitive",
    "shapes",
    "unions",
];

/// Loads a fixture model with all of its operations selected.
pub fn fixture_service(name: &str) -> Service {
    let path = root().join("tests/golden").join(name).join("model.json");
    let service =
        slimaws_codegen::load_model(&path, name).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    let ops: Vec<String> = service.operations.keys().cloned().collect();
    slimaws_codegen::select::select(&path, &service, &ops)
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The files generated for one fixture, relative to its service directory.
pub fn fixture_files(name: &str) -> Files {
    let mut files = Files::new();
    slimaws_codegen::emit::service(&fixture_service(name), &mut files)
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    files
        .into_iter()
        .map(|(path, text)| {
            let rel = path
                .strip_prefix(name)
                .map(Path::to_path_buf)
                .unwrap_or(path);
            (rel, text)
        })
        .collect()
}
