//! slimaws code generator: AWS service models in, a lean Rust client out.
//!
//! The pipeline, one module per stage:
//! 1. [`selection`] reads `models/codegen.toml` (the crate, services, model
//!    files, operations), or [`catalog`] picks `service:Operation` patterns
//!    from a models directory or a botocore wheel ([`models`] reads wheels
//!    and imports them into directories);
//! 2. [`load`] parses each model (botocore JSON or Smithy JSON AST) into the format-neutral [`ir`];
//! 3. [`select`] keeps the chosen operations and the closure of their shapes;
//! 4. [`symbols`] resolves every Rust name and type once (with [`names`]);
//! 5. [`emit`] turns that into token streams and formatted files (docs via [`docs`]);
//! 6. [`output`] writes the files, or checks that the committed ones are current.
//!
//! [`Generator`] runs all of it: models and a selection in, a whole crate
//! ([`generate_crate`]) or one file per service for a build script out.

pub mod catalog;
pub mod customize;
pub mod docs;
pub mod emit;
pub mod error;
pub mod features;
pub mod generator;
pub mod ir;
pub mod load;
pub mod models;
pub mod names;
pub mod output;
pub mod runtime_source;
pub mod select;
pub mod selection;
pub mod symbols;

pub use emit::package::{CrateOptions, RuntimeDependency};
pub use emit::Files;
pub use error::{Error, Result};
pub use generator::{Generated, Generator};
pub use selection::{ErrorScope, SelectedService, Selection};

/// Loads one selected service's model (any supported format) into the IR,
/// reduced to the selected operations.
pub fn load_service(selected: &SelectedService) -> Result<ir::Service> {
    let mut service = match &selected.parsed {
        Some(json) => load_model_json(&selected.model, &selected.module, json)?,
        None => load_model(&selected.model, &selected.module)?,
    };
    if let Some(rules) = &selected.endpoint_rule_set {
        service.endpoint_rule_set = Some(load::read_json(rules)?);
    }
    if service.endpoint_rule_set.is_none() {
        service.notes.push(
            "no endpoint rule set: every request needs an endpoint URL \
             (`Config::builder().endpoint_url(..)` or `AWS_ENDPOINT_URL`)"
                .to_owned(),
        );
    }
    for (op, name, path) in emit::context_path_notes(&service) {
        service.notes.push(format!(
            "{op}: endpoint parameter {name} is not set from its input: \
             `operationContextParams` path `{path}` is not of a form slimaws reads"
        ));
    }
    if let Some(partitions) = &selected.partitions {
        service.partitions = Some(load::read_json(partitions)?);
    }
    if let Some(paginators) = &selected.paginators {
        load::paginators::attach(paginators, &mut service, &load::read_json(paginators)?)?;
    }
    if let Some(waiters) = &selected.waiters {
        load::waiters::attach(waiters, &mut service, &load::read_json(waiters)?)?;
    }
    if selected.errors == ErrorScope::Service {
        select::every_exception_per_operation(&mut service);
    }
    select::select(&selected.model, &service, &selected.operations)
}

/// Loads a whole model file, detecting its format, without selecting.
pub fn load_model(path: &std::path::Path, module: &str) -> Result<ir::Service> {
    let json = load::read_json(path)?;
    load_model_json(path, module, &json)
}

/// Loads an already parsed model; `path` is used in error messages only.
pub fn load_model_json(
    path: &std::path::Path,
    module: &str,
    json: &serde_json::Value,
) -> Result<ir::Service> {
    // botocore merges a service's `sdk-extras` before reading its model.
    let json = &*load::extras::merged(path, json)?;
    let mut service = match load::detect_format(path, json)? {
        load::ModelFormat::Botocore => load::botocore::load(path, module, json)?,
        load::ModelFormat::Smithy => load::smithy::load(path, module, json)?,
    };
    customize::apply(&mut service);
    Ok(service)
}

/// Loads every selected service (see [`load_service`]).
pub fn load_services(selection: &Selection) -> Result<Vec<ir::Service>> {
    selection.services.iter().map(load_service).collect()
}

/// A whole crate for `services`: `Cargo.toml`, `src/lib.rs` and each
/// service's module under `src/`.
pub fn generate_crate(services: &[ir::Service], options: &CrateOptions) -> Result<Files> {
    let mut files = Files::new();
    for service in services {
        let mut modules = Files::new();
        emit::service(service, &mut modules)?;
        files.extend(
            modules
                .into_iter()
                .map(|(path, text)| (std::path::Path::new("src").join(path), text)),
        );
    }
    emit::package::emit(services, options, &mut files)?;
    if options.runtime == RuntimeDependency::Inline {
        files.extend(runtime_source::inline_files());
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;

    #[test]
    fn a_service_without_an_endpoint_rule_set_gets_a_note() {
        let model = serde_json::json!({
            "metadata": {"protocol": "json", "jsonVersion": "1.1", "targetPrefix": "T"},
            "operations": {"Op": {"http": {"method": "POST", "requestUri": "/"}}},
            "shapes": {}
        });
        let selected = SelectedService {
            key: "t".into(),
            module: "t".into(),
            model: PathBuf::from("t/service-2.json"),
            endpoint_rule_set: None,
            partitions: None,
            paginators: None,
            waiters: None,
            operations: vec!["Op".into()],
            errors: ErrorScope::Operation,
            parsed: Some(Arc::new(model)),
        };
        let service = load_service(&selected).unwrap();
        assert_eq!(service.notes.len(), 1);
        assert!(service.notes[0]
            .starts_with("no endpoint rule set: every request needs an endpoint URL"));
    }
}
