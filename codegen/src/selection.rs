//! The selection file (`models/codegen.toml`): which services and operations
//! to generate, and where their models are.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::emit::package::{CrateOptions, RuntimeDependency};
use crate::error::{Error, Result};

/// The parsed selection file.
#[derive(Debug, Clone)]
pub struct Selection {
    pub services: Vec<SelectedService>,
    /// The `[crate]` section: the generated crate's name and runtime.
    pub crate_options: Option<CrateOptions>,
}

#[derive(Debug, Clone)]
pub struct SelectedService {
    /// The key in the selection file (`voice-id`).
    pub key: String,
    /// The Rust module and cargo feature name (`voice_id`).
    pub module: String,
    /// The model file, resolved against the models directory.
    pub model: PathBuf,
    /// The endpoint rule set, if the service has one next to its model.
    pub endpoint_rule_set: Option<PathBuf>,
    /// botocore's `partitions.json` (in the models directory), if present.
    pub partitions: Option<PathBuf>,
    /// botocore's `paginators-1.json`, if the service has one next to its model.
    pub paginators: Option<PathBuf>,
    /// botocore's `waiters-2.json`, if the service has one next to its model.
    pub waiters: Option<PathBuf>,
    /// Operation names as the model keys them.
    pub operations: Vec<String>,
    /// Which exceptions each operation's error enum parses (`errors` in
    /// the selection file).
    pub errors: ErrorScope,
    /// The model already parsed (by the [`Catalog`](crate::catalog::Catalog)
    /// picking its operations), so loading it does not read it again.
    pub parsed: Option<std::sync::Arc<serde_json::Value>>,
}

/// botocore's file `name` in the model's API-version directory, if it is there.
pub fn beside_model(model: &Path, name: &str) -> Option<PathBuf> {
    let path = model.with_file_name(name);
    path.is_file().then_some(path)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "crate")]
    crate_section: Option<CrateSection>,
    services: std::collections::BTreeMap<String, ServiceEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrateSection {
    name: String,
    version: Option<String>,
    description: Option<String>,
    /// `path:DIR` (relative to the generated crate), `git:URL[@REV]`,
    /// `version:REQ` or `inline`.
    runtime: String,
    /// The command to name in the manifest's generated-by comment.
    regenerate: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceEntry {
    /// Path of the model file, relative to the models directory.
    model: String,
    /// Path of the endpoint rule set; defaults to `endpoint-rule-set-1.json` beside a botocore model.
    endpoint_rule_set: Option<String>,
    operations: Vec<String>,
    #[serde(default)]
    errors: ErrorScope,
}

/// Which exception shapes an operation's error enum has a variant for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorScope {
    /// Those the operation lists, as aws-sdk-rust has them; another
    /// exception is `Unhandled`, its code and message in the metadata.
    #[default]
    Operation,
    /// Every exception of the service, as botocore parses an error by its
    /// code into any of them (`shape_for_error_code`): the exceptions the
    /// models leave unlisted come typed too, at the cost of generating them
    /// all.
    Service,
}

impl CrateSection {
    fn into_options(self) -> std::result::Result<CrateOptions, String> {
        let mut options = CrateOptions::new(self.name, RuntimeDependency::parse(&self.runtime)?);
        if let Some(version) = self.version {
            options.version = version;
        }
        if let Some(description) = self.description {
            options.description = description;
        }
        if let Some(regenerate) = self.regenerate {
            options.regenerate = regenerate;
        }
        Ok(options)
    }
}

impl Selection {
    /// Reads a selection file; relative model paths resolve against `models_dir`.
    pub fn read(path: &Path, models_dir: &Path) -> Result<Selection> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(path, &text, models_dir)
    }

    pub fn parse(path: &Path, text: &str, models_dir: &Path) -> Result<Selection> {
        let file: File = toml::from_str(text).map_err(|e| Error::Selection {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let crate_options = file
            .crate_section
            .map(|c| c.into_options())
            .transpose()
            .map_err(|message| Error::Selection {
                path: path.to_owned(),
                message,
            })?;
        let mut services = Vec::new();
        for (key, entry) in file.services {
            if entry.operations.is_empty() {
                return Err(Error::Selection {
                    path: path.to_owned(),
                    message: format!("service `{key}` lists no operations"),
                });
            }
            let model = models_dir.join(&entry.model);
            let endpoint_rule_set = match entry.endpoint_rule_set {
                Some(p) => Some(models_dir.join(p)),
                None => {
                    let beside = model.with_file_name("endpoint-rule-set-1.json");
                    beside.exists().then_some(beside)
                }
            };
            let partitions = models_dir.join("partitions.json");
            services.push(SelectedService {
                partitions: partitions.exists().then_some(partitions),
                paginators: beside_model(&model, "paginators-1.json"),
                waiters: beside_model(&model, "waiters-2.json"),
                module: crate::names::module_name(&key),
                key,
                model,
                endpoint_rule_set,
                operations: entry.operations,
                errors: entry.errors,
                parsed: None,
            });
        }
        Ok(Selection {
            services,
            crate_options,
        })
    }

    /// Adds `other`'s services and operations (a service in both gets the
    /// union of its operations).
    pub fn merge(&mut self, other: Selection) {
        for service in other.services {
            match self
                .services
                .iter_mut()
                .find(|s| s.module == service.module)
            {
                Some(mine) => {
                    if service.errors == ErrorScope::Service {
                        mine.errors = ErrorScope::Service;
                    }
                    mine.operations.extend(service.operations);
                    mine.operations.sort();
                    mine.operations.dedup();
                }
                None => self.services.push(service),
            }
        }
        self.services.sort_by(|a, b| a.module.cmp(&b.module));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(service: &str) -> Result<Selection> {
        let text =
            format!("[services.t]\nmodel = \"t/service-2.json\"\noperations = [\"Op\"]\n{service}");
        Selection::parse(Path::new("codegen.toml"), &text, Path::new("models"))
    }

    #[test]
    fn errors_name_the_scope_of_each_error_enum() {
        assert_eq!(parse("").unwrap().services[0].errors, ErrorScope::Operation);
        let service = parse("errors = \"service\"").unwrap();
        assert_eq!(service.services[0].errors, ErrorScope::Service);
        let e = parse("errors = \"all\"").unwrap_err().to_string();
        assert!(
            e.contains("codegen.toml")
                && e.contains("line 4")
                && e.contains("expected `operation` or `service`"),
            "{e}"
        );
    }

    #[test]
    fn a_merged_selection_keeps_the_wider_scope() {
        let mut mine = parse("").unwrap();
        mine.merge(parse("errors = \"service\"").unwrap());
        assert_eq!(mine.services[0].errors, ErrorScope::Service);
    }
}
