//! Test generators of the slimaws workspace, kept out of the generator
//! library applications use: botocore's protocol suites into the
//! conformance crate's tests (`conformance`), the botocore oracle cases into
//! `tests/generated/` (`oracle`), and the typed values both build from JSON
//! (`values`). `cargo xtask codegen` runs them; the freshness tests check
//! their output.

use slimaws_codegen::emit::{self, Files};
use slimaws_codegen::error::Result;
use slimaws_codegen::{load_service, Selection};

pub mod conformance;
pub mod endpoint_e2e;
pub mod event_streams;
pub mod oracle;
pub mod values;

/// The oracle tests (`tests/generated/`): typed inputs and expected outputs
/// built from the botocore oracle cases in `data_dir` (`serialize-model/`,
/// `validation/`, `parse/`, `event-streams/`), for the services of `selection`.
pub fn generate_oracle_tests(selection: &Selection, data_dir: &std::path::Path) -> Result<Files> {
    let mut services = Vec::new();
    for selected in &selection.services {
        services.push(load_service(selected)?);
    }
    let mut files = Files::new();
    let serialize = oracle::read_cases(&data_dir.join("serialize-model"))?;
    emit::add(
        &mut files,
        "oracle_serialize.rs".into(),
        oracle::serialize_tests(&services, &serialize)?,
    )?;
    let validation = oracle::read_validation_cases(&data_dir.join("validation/cases.json"))?;
    emit::add(
        &mut files,
        "oracle_validation.rs".into(),
        oracle::validation_tests(&services, &validation)?,
    )?;
    let parse = oracle::read_cases(&data_dir.join("parse"))?;
    emit::add(
        &mut files,
        "oracle_parse.rs".into(),
        oracle::parse_tests(&services, &parse)?,
    )?;
    let streams = event_streams::read_cases(&data_dir.join("event-streams"))?;
    emit::add(
        &mut files,
        "oracle_event_streams.rs".into(),
        event_streams::tests(&services, &streams)?,
    )?;
    Ok(files)
}
