//! The models a front end names: a directory in botocore's layout
//! (`<service>/<api-version>/service-2.json`, `partitions.json` at the top)
//! or a botocore wheel; and the operation patterns every front end shares:
//! `dynamodb:GetItem`, `s3:Get*`, `sqs:*`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::models::cache::WheelCache;
use crate::selection::{beside_model, ErrorScope, SelectedService, Selection};

/// The services of a models directory or wheel, each at its newest API version.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// What the user named: the directory or the wheel (for messages).
    source: PathBuf,
    /// The directory the model files are read from.
    dir: PathBuf,
    /// botocore service name -> its newest API-version directory.
    services: BTreeMap<String, PathBuf>,
    /// For a wheel: where each service's files come from when first asked for.
    wheel: Option<Arc<WheelCache>>,
}

impl Catalog {
    /// Lists `path`: a botocore wheel (a `.whl` file; its services are
    /// extracted into a cache as they are used, see [`WheelCache`]) or a
    /// directory, where every subdirectory with an API version holding a
    /// `service-2.json` is a service.
    pub fn open(path: &Path) -> Result<Catalog> {
        if path.is_file() {
            return Ok(Self::from_wheel(WheelCache::open(path)?, path));
        }
        Self::open_dir(path)
    }

    /// A catalogue of the wheel `cache` reads.
    pub fn from_wheel(cache: WheelCache, path: &Path) -> Catalog {
        let services = cache
            .services()
            .iter()
            .map(|(s, v)| (s.clone(), cache.dir().join(s).join(v)))
            .collect();
        Catalog {
            source: path.to_owned(),
            dir: cache.dir().to_owned(),
            services,
            wheel: Some(Arc::new(cache)),
        }
    }

    fn open_dir(dir: &Path) -> Result<Catalog> {
        let mut services = BTreeMap::new();
        for service in subdirectories(dir)? {
            let versions = subdirectories(&service)?;
            let newest = versions
                .into_iter()
                .filter(|v| v.join("service-2.json").is_file())
                .max();
            if let (Some(newest), Some(name)) = (newest, service.file_name()) {
                services.insert(name.to_string_lossy().into_owned(), newest);
            }
        }
        Ok(Catalog {
            source: dir.to_owned(),
            dir: dir.to_owned(),
            services,
            wheel: None,
        })
    }

    /// The directory the model files are read from (for a wheel, the
    /// cache it extracts into, with `partitions.json` once a model is read).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The service names, sorted.
    pub fn services(&self) -> impl Iterator<Item = &str> {
        self.services.keys().map(String::as_str)
    }

    /// The model file of `service`.
    pub fn model(&self, service: &str) -> Result<PathBuf> {
        match self.services.get(service) {
            Some(dir) => {
                if let (Some(wheel), Some(version)) = (&self.wheel, dir.file_name()) {
                    wheel.extract(service, &version.to_string_lossy())?;
                }
                Ok(dir.join("service-2.json"))
            }
            None => Err(self.error(format!(
                "no service `{service}` in {}{}",
                self.source.display(),
                did_you_mean(service, self.services())
            ))),
        }
    }

    /// The operation names of `service`'s model, sorted.
    pub fn operations(&self, service: &str) -> Result<Vec<String>> {
        Ok(self.parsed_model(service)?.1)
    }

    /// `service`'s model, parsed, and its operation names, sorted.
    fn parsed_model(&self, service: &str) -> Result<(Arc<serde_json::Value>, Vec<String>)> {
        let path = self.model(service)?;
        let json = crate::load::read_json(&path)?;
        let mut names: Vec<String> = json
            .get("operations")
            .and_then(|o| o.as_object())
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        names.sort();
        Ok((Arc::new(json), names))
    }

    /// The selection `patterns` name, each `service:Operation` where the
    /// operation may hold `*` wildcards. A pattern matching nothing is an
    /// error listing the nearest names.
    pub fn select(&self, patterns: &[String]) -> Result<Selection> {
        let mut chosen: BTreeMap<String, Vec<String>> = BTreeMap::new();
        // Each model is read once however many patterns name its service.
        let mut models: BTreeMap<&str, (Arc<serde_json::Value>, Vec<String>)> = BTreeMap::new();
        for pattern in patterns {
            let Some((service, op)) = pattern.split_once(':') else {
                return Err(self.error(format!(
                    "`{pattern}`: expected `service:Operation` (such as `dynamodb:GetItem`, `s3:Get*`, `sqs:*`)"
                )));
            };
            let (_, all) = match models.entry(service) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(self.parsed_model(service)?)
                }
            };
            let matched: Vec<String> = all.iter().filter(|o| glob(op, o)).cloned().collect();
            if matched.is_empty() {
                return Err(self.error(format!(
                    "`{pattern}`: service `{service}` has no operation `{op}`{}",
                    did_you_mean(op, all.iter().map(String::as_str))
                )));
            }
            let ops = chosen.entry(service.to_owned()).or_default();
            ops.extend(matched);
            ops.sort();
            ops.dedup();
        }
        let partitions = self.dir.join("partitions.json");
        let mut services = Vec::new();
        for (key, operations) in chosen {
            let model = self.model(&key)?;
            // Parsed once for the patterns, not again to load it.
            let parsed = models.get(key.as_str()).map(|(json, _)| json.clone());
            services.push(SelectedService {
                paginators: beside_model(&model, "paginators-1.json"),
                waiters: beside_model(&model, "waiters-2.json"),
                module: crate::names::module_name(&key),
                key,
                endpoint_rule_set: beside_model(&model, "endpoint-rule-set-1.json"),
                partitions: partitions.is_file().then(|| partitions.clone()),
                parsed,
                model,
                operations,
                errors: ErrorScope::Operation,
            });
        }
        Ok(Selection {
            services,
            crate_options: None,
        })
    }

    fn error(&self, message: String) -> Error {
        Error::Pattern {
            models: self.source.clone(),
            message,
        }
    }
}

/// The subdirectories of `dir`, sorted; hidden ones left out.
fn subdirectories(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// `name` matches `pattern`, where `*` stands for any run of characters.
fn glob(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// `; did you mean ...?` with up to three names close to `wanted`, or nothing.
fn did_you_mean<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> String {
    let wanted_lower = wanted.to_ascii_lowercase();
    let mut scored: Vec<(f64, &str)> = names
        .map(|n| {
            let score = strsim::jaro_winkler(&wanted_lower, &n.to_ascii_lowercase());
            (score, n)
        })
        .filter(|(score, _)| *score > 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let near: Vec<String> = scored
        .iter()
        .take(3)
        .map(|(_, n)| format!("`{n}`"))
        .collect();
    if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", near.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn catalog() -> Catalog {
        Catalog::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../models")).unwrap()
    }

    #[test]
    fn globs() {
        assert!(glob("*", "GetItem"));
        assert!(glob("Get*", "GetItem"));
        assert!(!glob("Get*", "BatchGetItem"));
        assert!(glob("*Item", "BatchGetItem"));
        assert!(glob("Get*Item", "GetItem"));
        assert!(glob("Update*Key*", "UpdateKeyRegistration"));
        assert!(!glob("Get*Items", "GetItem"));
        assert!(glob("GetItem", "GetItem"));
        assert!(!glob("GetItem", "GetItems"));
    }

    #[test]
    fn patterns_select_operations_of_the_newest_models() {
        let selection = catalog()
            .select(&[
                "quicksight:UpdateKey*".into(),
                "voice-id:UpdateDomain".into(),
                "quicksight:UpdateSelfUpgrade".into(),
            ])
            .unwrap();
        let picked: Vec<(&str, &str, Vec<&str>)> = selection
            .services
            .iter()
            .map(|s| {
                (
                    s.key.as_str(),
                    s.module.as_str(),
                    s.operations.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            picked,
            [
                (
                    "quicksight",
                    "quicksight",
                    vec!["UpdateKeyRegistration", "UpdateSelfUpgrade"]
                ),
                ("voice-id", "voice_id", vec!["UpdateDomain"]),
            ]
        );
        let voice = &selection.services[1];
        assert!(voice.model.ends_with("voice-id/2021-09-27/service-2.json"));
        assert!(voice.endpoint_rule_set.is_some() && voice.partitions.is_some());
        assert!(
            voice.parsed.is_some(),
            "the catalogue hands its parsed model on"
        );
    }

    #[test]
    fn unknown_names_list_the_nearest() {
        let e = catalog()
            .select(&["voiceid:UpdateDomain".into()])
            .unwrap_err();
        assert!(
            e.to_string().contains("no service `voiceid` in")
                && e.to_string().contains("did you mean `voice-id`?"),
            "{e}"
        );
        let e = catalog()
            .select(&["voice-id:UpdateDomian".into()])
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("has no operation `UpdateDomian`; did you mean `UpdateDomain`"),
            "{e}"
        );
        let e = catalog().select(&["UpdateDomain".into()]).unwrap_err();
        assert!(
            e.to_string().contains("expected `service:Operation`"),
            "{e}"
        );
    }
}

#[cfg(test)]
mod wheel_tests {
    use super::*;
    use crate::models::test_wheel::{self, scratch_dir};

    /// The committed voice-id model packed into a wheel.
    fn voice_id_wheel(dir: &Path) -> PathBuf {
        let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models");
        let model = std::fs::read_to_string(models.join("voice-id/2021-09-27/service-2.json"));
        let wheel = dir.join("botocore-9.9.9-py3-none-any.whl");
        test_wheel::write(
            &wheel,
            "9.9.9",
            &[("voice-id", "2021-09-27", &model.unwrap())],
        );
        wheel
    }

    #[test]
    fn a_wheel_lists_and_selects_as_a_directory_does() {
        let dir = scratch_dir("catalog-wheel");
        let wheel = voice_id_wheel(&dir);
        let cache = WheelCache::open_in(&wheel, &dir.join("cache")).unwrap();
        let catalog = Catalog::from_wheel(cache, &wheel);
        assert_eq!(catalog.services().collect::<Vec<_>>(), ["voice-id"]);
        assert!(catalog
            .operations("voice-id")
            .unwrap()
            .contains(&"UpdateDomain".to_string()));

        let selection = catalog.select(&["voice-id:UpdateDomain".into()]).unwrap();
        let service = &selection.services[0];
        let cached = dir.join("cache/botocore-9.9.9-").display().to_string();
        assert!(service.model.display().to_string().starts_with(&cached));
        assert!(service
            .model
            .ends_with("voice-id/2021-09-27/service-2.json"));
        assert!(service.endpoint_rule_set.is_some() && service.partitions.is_some());
        let e = catalog
            .select(&["voiceid:UpdateDomain".into()])
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&format!("{}: no service", wheel.display())),
            "{e}"
        );
    }

    #[test]
    fn a_wheel_generates_what_its_directory_generates() {
        let dir = scratch_dir("catalog-wheel-generate");
        let wheel = voice_id_wheel(&dir);
        let cache = WheelCache::open_in(&wheel, &dir.join("cache")).unwrap();
        let from_wheel = Catalog::from_wheel(cache, &wheel);
        let ops = ["voice-id:UpdateDomain".to_string()];
        let generate = |catalog: &Catalog| {
            let services = crate::load_services(&catalog.select(&ops).unwrap()).unwrap();
            let options = crate::CrateOptions::new("x", crate::RuntimeDependency::Inline);
            crate::generate_crate(&services, &options).unwrap()
        };
        // The rule set differs (the test wheel's is empty); the model's code does not.
        let (a, b) = (generate(&from_wheel), generate(&super::tests::catalog()));
        let client = Path::new("src/voice_id/operation/update_domain.rs");
        assert_eq!(a[client], b[client]);
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    }
}
