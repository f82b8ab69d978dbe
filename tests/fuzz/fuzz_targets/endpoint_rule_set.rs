//! `RuleSet::from_json` on a fuzzed rule set (and, after a line
//! `--partitions--`, fuzzed partitions; else the real ones), then `resolve`
//! with a few typical parameter sets.
#![no_main]

use slimaws::runtime::endpoint::{ParamValue, Params, RuleSet};
use slimaws_fuzz::endpoint_data::SERVICES;

const SEPARATOR: &str = "\n--partitions--\n";

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (rules, partitions) = text.split_once(SEPARATOR).unwrap_or((text, SERVICES[0].2));
    let Ok(set) = RuleSet::from_json(rules, partitions) else {
        return;
    };
    let mut params = Params::new();
    params.set("Region", "us-east-1".into());
    params.set("UseFIPS", false.into());
    params.set("UseDualStack", false.into());
    let _ = set.resolve(&params);
    params.set("Region", "cn-north-1".into());
    params.set("UseFIPS", true.into());
    params.set("UseDualStack", true.into());
    let _ = set.resolve(&params);
    params.set("Endpoint", "https://example.com:8443/p?q".into());
    params.set("Region", "x".into());
    params.set(
        "Bucket",
        ParamValue::StringArray(vec!["a".into(), "".into()]),
    );
    let _ = set.resolve(&params);
    let _ = set.resolve(&Params::new());
    std::hint::black_box(set.param_for_builtin("AWS::Region"));
});
