//! botocore's endpoint rule-set test suites for the services in `models/`
//! (`tests/data/endpoint-tests/`, see its README), through the runner that
//! `cargo xtask endpoints` uses for all of botocore
//! (`slimaws_tests::endpoint_suites`): every case's parameters must resolve
//! to exactly the expected URL, headers and properties, or fail with exactly
//! the expected error message.

use std::fs;
use std::path::{Path, PathBuf};

use slimaws::runtime::endpoint::RuleSet;
use slimaws_tests::endpoint_suites::{has_operation_params, run_suite, summary};

/// Each suite and its number of test cases (guards against a truncated or
/// swapped data file).
const SUITES: &[(&str, usize)] = &[
    ("quicksight", 36),
    ("cloudfront", 26),
    ("voice-id", 27),
    ("s3", 393),
    ("sts", 69),
    ("dynamodb", 433),
    ("sqs", 48),
    ("sns", 49),
    ("kms", 68),
    ("secretsmanager", 49),
    ("ssm", 49),
    ("route53", 26),
    ("ec2", 54),
    ("autoscaling", 45),
    ("lambda", 71),
    ("logs", 49),
    ("events", 61),
    ("kinesis", 334),
    ("bedrock-runtime", 21),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits inside the workspace")
        .to_path_buf()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The newest API-version directory of `service` with a rule set.
fn model_dir(service: &str) -> PathBuf {
    let dir = root().join("models").join(service);
    let mut versions: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.join("endpoint-rule-set-1.json").is_file())
        .collect();
    versions.sort();
    versions
        .pop()
        .unwrap_or_else(|| panic!("no endpoint-rule-set-1.json under {}", dir.display()))
}

#[test]
fn botocore_endpoint_test_suites_pass() {
    let partitions = read(&root().join("models/partitions.json"));
    let mut outcomes = Vec::new();
    for &(service, expected_cases) in SUITES {
        let model = model_dir(service);
        let rules = RuleSet::from_json(&read(&model.join("endpoint-rule-set-1.json")), &partitions)
            .unwrap_or_else(|e| panic!("{service}: {e}"));
        let operation_params = has_operation_params(&read(&model.join("service-2.json")));
        let suite_path = root()
            .join("tests/data/endpoint-tests")
            .join(service)
            .join("endpoint-tests-1.json");
        let suite: serde_json::Value = serde_json::from_str(&read(&suite_path)).unwrap();
        let cases = suite["testCases"].as_array().map_or(0, Vec::len);
        assert_eq!(cases, expected_cases, "{service}: number of test cases");
        let outcome = run_suite(&rules, &suite, operation_params).unwrap();
        assert!(
            outcome.failed.is_empty(),
            "{service}: failing endpoint cases:\n{}",
            outcome.failed.join("\n")
        );
        // A model without endpoint parameters from operations has every
        // end-to-end run checked here; the others' runs go through the
        // generated operations in `cargo xtask endpoints`.
        if !operation_params {
            assert_eq!(outcome.operation_inputs_not_run, 0, "{service}");
        }
        outcomes.push((service.to_owned(), outcome));
    }
    let line = summary(&outcomes);
    assert!(
        line.starts_with("endpoints: 1908 passed, 0 failed, 0 skipped"),
        "{line}"
    );
}
