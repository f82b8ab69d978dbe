//! The smithy model loader from text (`load::parse_json`, then
//! `load::smithy::load`), then selection of every operation it loaded
//! (closure of shapes, cycles of required members). Errors are fine; a panic
//! is not.
#![no_main]

use std::path::Path;

use slimaws_codegen::{load, select};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.json");
    let Ok(json) = load::parse_json(path, text) else {
        return;
    };
    let Ok(service) = load::smithy::load(path, "fuzz", &json) else {
        return;
    };
    let operations: Vec<String> = service.operations.keys().cloned().collect();
    if let Err(e) = select::select(path, &service, &operations) {
        std::hint::black_box(e.to_string());
    }
});
