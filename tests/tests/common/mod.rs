//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use slimaws_codegen::{ir::Service, CrateOptions, Files, RuntimeDependency};

pub mod capture;
pub mod scripted;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits inside the workspace")
        .to_path_buf()
}

/// The golden fixtures: every directory of `tests/golden/` holding a
/// `model.json`, sorted.
pub fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/golden"))
        .expect("tests/golden/")
        .flatten()
        .filter(|e| e.path().join("model.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Loads a fixture model with all of its operations selected.
pub fn fixture_service(name: &str) -> Service {
    let path = root().join("tests/golden").join(name).join("model.json");
    let mut service =
        slimaws_codegen::load_model(&path, name).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    attach_sidecars(name, &path, &mut service);
    let ops: Vec<String> = service.operations.keys().cloned().collect();
    slimaws_codegen::select::select(&path, &service, &ops)
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The paginators and waiters botocore keeps beside a fixture's model
/// (`paginators-1.json`, `waiters-2.json`), attached as the generator
/// attaches them, whichever the model's format; each must be usable.
pub fn attach_sidecars(name: &str, model: &Path, service: &mut Service) {
    type Attach = fn(&Path, &mut Service, &serde_json::Value) -> slimaws_codegen::Result<()>;
    let sidecars: [(&str, Attach); 2] = [
        (
            "paginators-1.json",
            slimaws_codegen::load::paginators::attach,
        ),
        ("waiters-2.json", slimaws_codegen::load::waiters::attach),
    ];
    // A fixture's rule set and partitions, when it has a rule set (the
    // Smithy twin carries the same rule set in its `endpointRuleSet` trait).
    let rules = model.with_file_name("endpoint-rule-set-1.json");
    if rules.is_file() {
        service.endpoint_rule_set = Some(slimaws_codegen::load::read_json(&rules).unwrap());
        let partitions = model.with_file_name("partitions.json");
        service.partitions = Some(slimaws_codegen::load::read_json(&partitions).unwrap());
    }
    for (file, attach) in sidecars {
        let path = model.with_file_name(file);
        if path.is_file() {
            let json = slimaws_codegen::load::read_json(&path).unwrap();
            attach(&path, service, &json).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
        }
    }
    assert!(
        service.notes.is_empty(),
        "fixture {name}: {:?}",
        service.notes
    );
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

/// Feeds `rounds` random mutations of `base` (a model) through loading,
/// selection and generation: each may fail with an error, none may panic.
/// Returns how many mutants still loaded.
pub fn mutants_never_panic(
    base: &serde_json::Value,
    mut seed: u64,
    replacements: &[serde_json::Value],
    rounds: usize,
) -> usize {
    // xorshift: deterministic, no dependency.
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let path = Path::new("models/mutant/model.json");
    let mut loaded = 0;
    for _ in 0..rounds {
        let mut m = base.clone();
        mutate(&mut m, &mut next, replacements);
        if let Ok(service) = slimaws_codegen::load_model_json(path, "mutant", &m) {
            loaded += 1;
            let ops: Vec<String> = service.operations.keys().cloned().collect();
            if let Ok(s) = slimaws_codegen::select::select(path, &service, &ops) {
                let options = CrateOptions::new("mutant", RuntimeDependency::Version("0".into()));
                let _ = slimaws_codegen::generate_crate(&[s], &options);
            }
        }
    }
    loaded
}

/// Replaces one randomly chosen node of `v` (a leaf, or an inner node one
/// time in five) with one of `replacements`.
fn mutate(
    v: &mut serde_json::Value,
    next: &mut impl FnMut() -> u64,
    replacements: &[serde_json::Value],
) {
    use serde_json::Value;
    let children: usize = match v {
        Value::Object(o) => o.len(),
        Value::Array(a) => a.len(),
        _ => 0,
    };
    if children == 0 || next().is_multiple_of(5) {
        *v = replacements[(next() % replacements.len() as u64) as usize].clone();
        return;
    }
    let pick = (next() % children as u64) as usize;
    match v {
        Value::Object(o) => {
            if let Some((_, child)) = o.iter_mut().nth(pick) {
                mutate(child, next, replacements);
            }
        }
        Value::Array(a) => mutate(&mut a[pick], next, replacements),
        _ => {}
    }
}

/// Lines of diff shown per stale file; the rest is summarised.
const DIFF_LINES: usize = 80;

/// Each file `files` would change under `out`, one line each (as
/// [`output::check`](slimaws_codegen::output::check) reports them), with a
/// unified diff (committed -> generated) under each stale one.
pub fn drift_report(out: &Path, files: &Files) -> Option<String> {
    let drift = slimaws_codegen::output::check(out, files).unwrap();
    if drift.is_empty() {
        return None;
    }
    let mut report = String::new();
    for d in &drift {
        report += &format!("{d}\n");
        if let slimaws_codegen::output::Drift::Changed(path) = d {
            let rel = path.strip_prefix(out).unwrap_or(path);
            let committed = std::fs::read_to_string(path).unwrap_or_default();
            report += &unified_diff(rel, &committed, &files[rel]);
        }
    }
    Some(report)
}

fn unified_diff(rel: &Path, committed: &str, generated: &str) -> String {
    let name = rel.display().to_string();
    let diff = similar::TextDiff::from_lines(committed, generated)
        .unified_diff()
        .context_radius(2)
        .header(&format!("committed/{name}"), &format!("generated/{name}"))
        .to_string();
    let lines: Vec<&str> = diff.lines().collect();
    let mut shown = lines[..lines.len().min(DIFF_LINES)].join("\n");
    if lines.len() > DIFF_LINES {
        shown += &format!("\n... {} more diff lines", lines.len() - DIFF_LINES);
    }
    shown + "\n"
}
