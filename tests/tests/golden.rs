//! Golden tests: each fixture in `tests/golden/<name>/model.json` exercises
//! one feature of the generator; its expected Rust output is committed in
//! `tests/golden/<name>/expected/` and compiled by `tests/tests/golden_compile.rs`.
//!
//! After an intended change to the output, update the goldens with
//! `UPDATE_GOLDEN=1 cargo test -p slimaws-tests --test golden` and review the diff.

mod common;

use common::{drift_report, fixture_files, fixtures, root};
use slimaws_codegen::output;

#[test]
fn generated_code_matches_goldens() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for name in &fixtures() {
        let files = fixture_files(name);
        let expected = root().join("tests/golden").join(name).join("expected");
        if update {
            output::write(&expected, &files).unwrap_or_else(|e| panic!("{name}: {e}"));
        } else if let Some(report) = drift_report(&expected, &files) {
            failures.push(format!("{name}:\n{report}"));
        }
    }
    assert!(
        failures.is_empty(),
        "golden outputs differ:\n{}\nIf the change is intended, run \
         `UPDATE_GOLDEN=1 cargo test -p slimaws-tests --test golden` and review the diff.",
        failures.join("\n")
    );
}

/// `golden_compile.rs` mounts every fixture (modules cannot be listed at
/// compile time, so this test keeps the two in step).
#[test]
fn every_fixture_is_compiled() {
    let lib = std::fs::read_to_string(root().join("tests/tests/golden_compile.rs")).unwrap();
    let fixtures = fixtures();
    assert!(fixtures.len() >= 10, "{fixtures:?}");
    for dir in &fixtures {
        let mount = format!("golden/{dir}/expected/mod.rs");
        assert!(
            lib.contains(&mount),
            "tests/tests/golden_compile.rs does not compile {mount}"
        );
    }
}
