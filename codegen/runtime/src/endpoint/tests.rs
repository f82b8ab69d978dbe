//! Whole-rule-set tests: templates, `getAttr`, parameters, error rules and
//! malformed rule sets (which must give errors, never panics).

use serde_json::{json, Value};

use super::*;

const PARTITIONS: &str = include_str!("../../../../models/partitions.json");
const VOICE_ID: &str =
    include_str!("../../../../models/voice-id/2021-09-27/endpoint-rule-set-1.json");
const CLOUDFRONT: &str =
    include_str!("../../../../models/cloudfront/2020-05-31/endpoint-rule-set-1.json");

fn rule_set(doc: Value) -> Result<RuleSet, EndpointError> {
    RuleSet::from_json(&doc.to_string(), PARTITIONS)
}

fn params(pairs: &[(&str, ParamValue)]) -> Params {
    let mut params = Params::new();
    for (name, value) in pairs {
        params.set(name, value.clone());
    }
    params
}

#[cfg(feature = "endpoint-functions")]
/// A rule set exercising templates, assignment and `getAttr` paths.
fn arn_rules() -> RuleSet {
    rule_set(json!({
        "version": "1.0",
        "parameters": {
            "Region": {"type": "String", "builtIn": "AWS::Region"},
            "Arn": {"type": "String"},
            "UseFIPS": {"type": "Boolean", "required": true, "default": false, "builtIn": "AWS::UseFIPS"},
        },
        "rules": [
            {
                "conditions": [
                    {"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "arn"},
                    {"fn": "getAttr", "argv": [{"ref": "arn"}, "resourceId[1]"], "assign": "name"},
                    {"fn": "aws.partition", "argv": [{"fn": "getAttr", "argv": [{"ref": "arn"}, "region"]}], "assign": "p"},
                ],
                "endpoint": {
                    "url": "https://{name}.{arn#service}.{arn#region}.{p#dnsSuffix}/{{literal}}",
                    "properties": {
                        "authSchemes": [{"name": "sigv4", "signingName": "{arn#service}", "signingRegion": "{arn#region}"}],
                        "flag": true,
                        "ids": ["{arn#resourceId[0]}", "fixed"],
                    },
                    "headers": {"x-name": ["{name}", "{p#name}"]},
                },
                "type": "endpoint",
            },
            {
                "conditions": [{"fn": "isSet", "argv": [{"ref": "Arn"}]}],
                "error": "Invalid ARN: `{Arn}`",
                "type": "error",
            },
            {
                "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                "rules": [{"conditions": [], "error": "FIPS is not supported", "type": "error"}],
                "type": "tree",
            },
            {
                "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
                "endpoint": {"url": "https://svc.{Region}.example"},
                "type": "endpoint",
            },
        ],
    }))
    .unwrap()
}

#[cfg(feature = "endpoint-functions")]
#[test]
fn expands_templates_and_attr_paths() {
    let endpoint = arn_rules()
        .resolve(&params(&[(
            "Arn",
            "arn:aws-cn:svc:cn-north-1:123:thing/my-name".into(),
        )]))
        .unwrap();
    assert_eq!(
        endpoint.url,
        "https://my-name.svc.cn-north-1.amazonaws.com.cn/{literal}"
    );
    assert_eq!(
        endpoint.headers,
        vec![(
            "x-name".to_string(),
            vec!["my-name".to_string(), "aws-cn".to_string()]
        )]
    );
    assert_eq!(
        Value::Object(endpoint.properties.clone()),
        json!({
            "authSchemes": [{"name": "sigv4", "signingName": "svc", "signingRegion": "cn-north-1"}],
            "flag": true,
            "ids": ["thing", "fixed"],
        })
    );
    let scheme = endpoint.sigv4_scheme().unwrap();
    assert_eq!(scheme.signing_region.as_deref(), Some("cn-north-1"));
    assert_eq!(scheme.signing_name.as_deref(), Some("svc"));
    assert!(!scheme.disable_double_encoding && !scheme.disable_normalize_path);
}

#[test]
fn the_first_sigv4_scheme_is_used_and_others_alone_are_named() {
    let with = |schemes: Value| Endpoint {
        url: "https://x.example".into(),
        headers: Vec::new(),
        properties: json!({ "authSchemes": schemes })
            .as_object()
            .unwrap()
            .clone(),
    };
    // S3's shape: sigv4a first (botocore without CRT passes over it).
    let s3 = with(json!([
        {"name": "sigv4a", "signingName": "s3", "signingRegionSet": ["*"]},
        {"name": "sigv4", "signingName": "s3", "signingRegion": "us-west-2",
         "disableDoubleEncoding": true, "disableNormalizePath": true}
    ]));
    let scheme = s3.sigv4_scheme().unwrap();
    assert_eq!(scheme.signing_region.as_deref(), Some("us-west-2"));
    assert!(scheme.disable_double_encoding && scheme.disable_normalize_path);
    let express = with(json!([{"name": "sigv4-s3express", "signingName": "s3express"}]));
    assert_eq!(express.sigv4_scheme().unwrap_err(), ["sigv4-s3express"]);
}

#[cfg(feature = "endpoint-functions")]
#[test]
fn failing_conditions_fall_through_and_error_rules_use_their_text() {
    let rules = arn_rules();
    // No resourceId[1]: the first rule fails, the error rule applies.
    let err = rules
        .resolve(&params(&[(
            "Arn",
            "arn:aws:svc:us-east-1:123:thing".into(),
        )]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invalid ARN: `arn:aws:svc:us-east-1:123:thing`"
    );
    assert_eq!(err.kind(), EndpointErrorKind::Rule);

    let err = rules
        .resolve(&params(&[("UseFIPS", true.into())]))
        .unwrap_err();
    assert_eq!(err.message(), "FIPS is not supported");

    let endpoint = rules
        .resolve(&params(&[("Region", "eu-west-1".into())]))
        .unwrap();
    assert_eq!(endpoint.url, "https://svc.eu-west-1.example");
    assert!(endpoint.headers.is_empty() && endpoint.properties.is_empty());
    assert_eq!(endpoint.sigv4_scheme(), Ok(SigV4Scheme::default()));

    let err = rules.resolve(&Params::new()).unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::NoMatch);
    assert_eq!(rules.param_for_builtin("AWS::Region"), Some("Region"));
    assert_eq!(rules.param_for_builtin("SDK::Endpoint"), None);
}

#[test]
fn parameters_get_defaults_and_are_type_checked() {
    let rules = rule_set(json!({
        "version": "1.0",
        "parameters": {
            "Must": {"type": "string", "required": true},
            "Flag": {"type": "boolean", "required": true, "default": true},
            "List": {"type": "stringArray", "default": ["a", "b"]},
        },
        "rules": [{
            "conditions": [
                {"fn": "booleanEquals", "argv": [{"ref": "Flag"}, true]},
                {"fn": "getAttr", "argv": [{"ref": "List"}, "[1]"], "assign": "second"},
            ],
            "endpoint": {"url": "https://{Must}.{second}"},
            "type": "endpoint",
        }],
    }))
    .unwrap();
    let ok = rules.resolve(&params(&[
        ("Must", "m".into()),
        ("Unknown", 1.to_string().into()),
    ]));
    assert_eq!(ok.unwrap().url, "https://m.b");
    let list = ParamValue::StringArray(vec!["x".into(), "y".into()]);
    let ok = rules.resolve(&params(&[("Must", "m".into()), ("List", list)]));
    assert_eq!(ok.unwrap().url, "https://m.y");

    let err = rules.resolve(&Params::new()).unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::InvalidParams);
    assert!(err.message().contains("`Must`"), "{err}");
    let err = rules
        .resolve(&params(&[("Must", true.into())]))
        .unwrap_err();
    assert_eq!(
        err.message(),
        "endpoint parameter `Must` must be a string, not a boolean"
    );
    let err = rules
        .resolve(&params(&[("Must", "m".into()), ("Flag", false.into())]))
        .unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::NoMatch);
}

#[test]
fn type_errors_during_evaluation_are_errors() {
    let rules = rule_set(json!({
        "parameters": {"Region": {"type": "string"}},
        "rules": [{
            "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "x"]}],
            "endpoint": {"url": "https://x"},
            "type": "endpoint",
        }, {
            "conditions": [],
            "endpoint": {"url": "https://{Region}"},
            "type": "endpoint",
        }],
    }))
    .unwrap();
    let err = rules.resolve(&Params::new()).unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::Evaluation);
    assert!(err.message().contains("stringEquals"), "{err}");
    let err = rules
        .resolve(&params(&[("Region", "y".into())]))
        .map(|e| e.url)
        .unwrap();
    assert_eq!(err, "https://y");
}

#[cfg(feature = "endpoint-functions")]
#[test]
fn coalesce_ite_split_and_uri_encode() {
    let rules = rule_set(json!({
        "parameters": {"A": {"type": "string"}, "B": {"type": "string"}, "On": {"type": "boolean", "default": false}},
        "rules": [{
            "conditions": [
                {"fn": "coalesce", "argv": [{"ref": "A"}, {"ref": "B"}, "fallback"], "assign": "first"},
                {"fn": "ite", "argv": [{"ref": "On"}, "on", "off"], "assign": "state"},
                {"fn": "split", "argv": [{"ref": "first"}, "-", 0], "assign": "parts"},
                {"fn": "getAttr", "argv": [{"ref": "parts"}, "[0]"], "assign": "head"},
                {"fn": "uriEncode", "argv": ["{first} {state}"], "assign": "encoded"},
            ],
            "endpoint": {"url": "https://{head}/{encoded}"},
            "type": "endpoint",
        }],
    }))
    .unwrap();
    let url = |p: Params| rules.resolve(&p).unwrap().url;
    assert_eq!(url(Params::new()), "https://fallback/fallback%20off");
    assert_eq!(
        url(params(&[("B", "b-c".into()), ("On", true.into())])),
        "https://b/b-c%20on"
    );
    assert_eq!(
        url(params(&[("A", "a".into()), ("B", "b".into())])),
        "https://a/a%20off"
    );
}

#[cfg(feature = "endpoint-functions")]
#[test]
fn parse_url_results_are_usable() {
    let rules = rule_set(json!({
        "parameters": {"Endpoint": {"type": "string"}},
        "rules": [{
            "conditions": [
                {"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "url"},
                {"fn": "booleanEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "url"}, "isIp"]}, false]},
            ],
            "endpoint": {"url": "{url#scheme}://bucket.{url#authority}{url#normalizedPath}"},
            "type": "endpoint",
        }, {"conditions": [], "error": "no", "type": "error"}],
    }))
    .unwrap();
    let resolve = |e: &str| rules.resolve(&params(&[("Endpoint", e.into())]));
    assert_eq!(
        resolve("https://example.com:8443/p").unwrap().url,
        "https://bucket.example.com:8443/p/"
    );
    assert!(resolve("http://10.0.0.1").is_err());
    assert!(resolve("https://example.com?q").is_err());
}

#[test]
fn malformed_rule_sets_name_the_problem() {
    let endpoint = json!({"url": "https://x"});
    let cases = [
        (json!([]), "not a JSON object"),
        (
            json!({"version": "2.0", "rules": []}),
            "unsupported version",
        ),
        (json!({"parameters": []}), "`parameters` is not an object"),
        (
            json!({"parameters": {"R": {"type": "Integer"}}, "rules": []}),
            "parameters.R: unknown type `Integer`",
        ),
        (
            json!({"parameters": {"R": {"type": "String", "default": true}}, "rules": []}),
            "parameters.R: `default`",
        ),
        (
            json!({"parameters": {"R": {}}, "rules": []}),
            "parameters.R: missing string `type`",
        ),
        (json!({}), "rules: missing array"),
        (json!({"rules": [1]}), "rules[0]: not an object"),
        (
            json!({"rules": [{"conditions": [], "type": "weird"}]}),
            "rules[0]: unknown rule type `weird`",
        ),
        (
            json!({"rules": [{"conditions": []}]}),
            "rules[0]: missing string `type`",
        ),
        (
            json!({"rules": [{"conditions": [], "type": "endpoint"}]}),
            "rules[0]: missing `endpoint`",
        ),
        (
            json!({"rules": [{"conditions": [], "type": "endpoint", "endpoint": {}}]}),
            "rules[0].endpoint: missing `url`",
        ),
        (
            json!({"rules": [{"conditions": [], "type": "tree"}]}),
            "rules[0].rules: missing array",
        ),
        (
            json!({"rules": [{"conditions": {}, "type": "error", "error": "e"}]}),
            "rules[0].conditions: not an array",
        ),
        (
            json!({"rules": [{"conditions": [{"fn": "nope", "argv": []}], "type": "error", "error": "e"}]}),
            "rules[0].conditions[0]: unknown function `nope`",
        ),
        (
            json!({"rules": [{"conditions": [{"fn": "isSet", "argv": []}], "type": "error", "error": "e"}]}),
            "`isSet` takes 1 arguments, got 0",
        ),
        (
            json!({"rules": [{"conditions": [{"fn": "isSet"}], "type": "error", "error": "e"}]}),
            "missing array `argv`",
        ),
        (
            json!({"rules": [{"conditions": [{"ref": "X"}], "type": "error", "error": "e"}]}),
            "a condition must be a function call",
        ),
        (
            json!({"rules": [{"conditions": [{"fn": "isSet", "argv": [{"ref": "X"}]}], "type": "error", "error": "e"}]}),
            "rules[0].conditions[0].argv[0]: reference to undefined `X`",
        ),
        (
            json!({"rules": [{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://{Nope}"}}]}),
            "rules[0].endpoint.url: reference to undefined `Nope`",
        ),
        (
            json!({"rules": [{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://{x"}}]}),
            "unclosed `{`",
        ),
        (
            json!({"parameters": {"R": {"type": "string"}}, "rules": [{"conditions": [
                {"fn": "getAttr", "argv": [{"ref": "R"}, 3]}], "type": "error", "error": "e"}]}),
            "the getAttr path must be a string literal",
        ),
        (
            json!({"parameters": {"R": {"type": "string"}}, "rules": [{"conditions": [
                {"fn": "getAttr", "argv": [{"ref": "R"}, "a[x]"]}], "type": "error", "error": "e"}]}),
            "invalid getAttr path `a[x]`",
        ),
        (
            json!({"parameters": {"R": {"type": "string"}}, "rules": [{"conditions": [
                {"fn": "isSet", "argv": [{"ref": "R"}], "assign": "R"}], "type": "error", "error": "e"}]}),
            "`assign` would shadow `R`",
        ),
        (
            json!({"rules": [{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://x", "headers": {"h": "v"}}}]}),
            "rules[0].endpoint.headers.h: not an array",
        ),
        (
            json!({"rules": [{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://x", "properties": []}}]}),
            "rules[0].endpoint.properties: not an object",
        ),
        (
            json!({"rules": [{"conditions": [], "type": "tree", "rules": [{"conditions": [], "type": "endpoint", "endpoint": endpoint}, 7]}]}),
            "rules[0].rules[1]: not an object",
        ),
    ];
    for (doc, needle) in cases {
        let err = rule_set(doc.clone()).unwrap_err();
        assert_eq!(err.kind(), EndpointErrorKind::InvalidRuleSet);
        assert!(
            err.message().starts_with("invalid endpoint rule set: "),
            "{err}"
        );
        assert!(
            err.message().contains(needle),
            "{doc}\n  gave: {err}\n  wanted: {needle}"
        );
    }
    let err = RuleSet::from_json("{", PARTITIONS).unwrap_err();
    assert!(err.message().contains("invalid JSON"), "{err}");
    let err = RuleSet::from_json(VOICE_ID, "{\"partitions\": 1}").unwrap_err();
    assert!(err.message().contains("partitions"), "{err}");
}

/// Replaces every node of a real rule set, one at a time, with values of
/// other kinds; parsing and resolving must never panic.
#[test]
fn mutated_rule_sets_never_panic() {
    for source in [VOICE_ID, CLOUDFRONT] {
        mutate_and_resolve(source);
    }
}

fn mutate_and_resolve(source: &str) {
    let original: Value = serde_json::from_str(source).unwrap();
    let mut paths = Vec::new();
    collect_paths(&original, &mut Vec::new(), &mut paths);
    let replacements = [
        json!(null),
        json!(7),
        json!("{"),
        json!([]),
        json!({"fn": "not", "argv": [true]}),
    ];
    let inputs = [
        params(&[("Region", "us-east-1".into())]),
        params(&[
            ("Region", "cn-north-1".into()),
            ("UseFIPS", true.into()),
            ("UseDualStack", true.into()),
        ]),
        params(&[("Endpoint", "https://example.com".into())]),
        Params::new(),
    ];
    let mut parsed = 0;
    for path in &paths {
        for replacement in &replacements {
            let mut doc = original.clone();
            *pointer(&mut doc, path) = replacement.clone();
            if let Ok(rules) = RuleSet::from_json(&doc.to_string(), PARTITIONS) {
                parsed += 1;
                for input in &inputs {
                    let _ = rules.resolve(input);
                }
            }
        }
    }
    assert!(
        paths.len() > 200 && parsed > 0,
        "{} paths, {parsed} parsed",
        paths.len()
    );
}

enum Step {
    Key(String),
    Index(usize),
}

fn collect_paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(format!("k{key}"));
                collect_paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(format!("i{i}"));
                collect_paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn pointer<'v>(mut value: &'v mut Value, path: &[String]) -> &'v mut Value {
    for step in path {
        let step = match step.split_at(1) {
            ("k", key) => Step::Key(key.to_string()),
            (_, i) => Step::Index(i.parse().unwrap()),
        };
        value = match step {
            Step::Key(key) => value.get_mut(&key).unwrap(),
            Step::Index(i) => value.get_mut(i).unwrap(),
        };
    }
    value
}

#[test]
fn resolves_a_real_rule_set() {
    let rules = RuleSet::from_json(VOICE_ID, PARTITIONS).unwrap();
    let endpoint = rules
        .resolve(&params(&[("Region", "us-east-1".into())]))
        .unwrap();
    assert_eq!(endpoint.url, "https://voiceid.us-east-1.amazonaws.com");
    let err = rules
        .resolve(&params(&[
            ("Endpoint", "https://example.com".into()),
            ("UseFIPS", true.into()),
        ]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invalid Configuration: FIPS and custom endpoint are not supported"
    );
    assert_eq!(rules.param_for_builtin("SDK::Endpoint"), Some("Endpoint"));
}

#[test]
fn setting_a_parameter_again_replaces_its_value() {
    let mut params = Params::new();
    params.set("Region", "us-east-1".into());
    params.set("UseFIPS", true.into());
    params.set("Region", "eu-west-1".into());
    assert!(matches!(params.get("Region"), Some(ParamValue::String(r)) if r == "eu-west-1"));
    assert!(matches!(
        params.get("UseFIPS"),
        Some(ParamValue::Bool(true))
    ));
    assert!(params.get("Endpoint").is_none());
}

/// Without the feature, a rule set calling one of its functions is refused
/// when parsed, naming the function and the feature.
#[cfg(not(feature = "endpoint-functions"))]
#[test]
fn functions_of_the_feature_are_refused_by_name_without_it() {
    let doc = json!({"version": "1.0", "parameters": {"Arn": {"type": "String"}},
        "rules": [{"conditions": [{"fn": "aws.parseArn", "argv": [{"ref": "Arn"}]}],
                   "type": "error", "error": "e"}]});
    let err = rule_set(doc).unwrap_err().to_string();
    assert!(
        err.contains(
            "rules[0].conditions[0]: `aws.parseArn` needs the runtime feature `endpoint-functions`"
        ),
        "{err}"
    );
}
