//! `models import`: copy AWS models out of a botocore wheel into a models
//! directory.
//!
//! botocore ships each model as `botocore/data/<service>/<api-version>/*.json.gz`.
//! The import takes the newest API version of each service, gunzips it
//! otherwise unmodified, and records the provenance (wheel name and sha256,
//! a sha256 per file) in the directory's `README.md`, so the models can be
//! checked and re-imported. `codegen.toml` is never touched.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{io_error, is_service_name, sha256_hex, write_if_changed, Wheel, SERVICE_FILES};
use crate::error::{Error, Result};

/// Top-level files of the models dir that are ours, not botocore's.
const OWN_FILES: [&str; 2] = ["README.md", "codegen.toml"];

/// What to import, and from where.
#[derive(Debug, Clone)]
pub struct Import {
    /// The botocore wheel.
    pub wheel: PathBuf,
    /// The models directory written into.
    pub models: PathBuf,
    /// Services to import, as botocore names them; empty: every service
    /// already in the models directory.
    pub services: Vec<String>,
    /// Every service of the wheel (overrides `services`).
    pub all: bool,
    /// The botocore release the wheel must be, if the user named one.
    pub expect_version: Option<String>,
    /// The command the README gives for re-importing (`slimaws models import`).
    pub command: String,
    /// The command the README names as the models' consumer (`slimaws generate`).
    pub generate_command: String,
}

/// What an import did; its `Display` is the report both front ends print.
#[derive(Debug)]
pub struct Imported {
    /// The models directory written into.
    pub models: PathBuf,
    /// The wheel's botocore release.
    pub version: String,
    /// Each imported service with its API version.
    pub services: Vec<(String, String)>,
    /// Files the import is the source of, relative to the models dir.
    pub files: usize,
    /// Those of them (and README.md) whose content changed.
    pub changed: Vec<String>,
    /// Older API-version directories left in place, and what to do about them.
    pub notes: Vec<String>,
}

impl Import {
    /// Imports; reads everything before writing anything, so a bad wheel
    /// changes nothing.
    pub fn run(&self) -> Result<Imported> {
        let mut wheel = Wheel::open(&self.wheel)?;
        if let Some(wanted) = self
            .expect_version
            .as_ref()
            .filter(|v| **v != wheel.version)
        {
            return Err(Error::Models {
                path: self.wheel.clone(),
                message: format!("is botocore {}, not {wanted}", wheel.version),
            });
        }
        let services = self.services_to_import(&wheel)?;
        let mut copies = Vec::new();
        let mut imported = Vec::new();
        for service in &services {
            let api_version = wheel.newest_api_version(service)?;
            for file in SERVICE_FILES {
                let rel = format!("{service}/{api_version}/{file}");
                let from = format!("botocore/data/{rel}");
                if file == "service-2.json" || wheel.has_entry(&from) {
                    copies.push((from, rel));
                }
            }
            imported.push((service.clone(), api_version));
        }
        copies.push((
            "botocore/data/partitions.json".into(),
            "partitions.json".into(),
        ));
        for file in ["LICENSE.txt", "NOTICE"] {
            copies.push((format!("{}/{file}", wheel.dist_info), file.into()));
        }
        let contents = copies
            .iter()
            .map(|(from, _)| wheel.read_entry(from))
            .collect::<Result<Vec<_>>>()?;

        let mut changed = Vec::new();
        for ((_, to), bytes) in copies.iter().zip(&contents) {
            if write_if_changed(&self.models.join(to), bytes)? {
                changed.push(to.clone());
            }
        }
        let mut notes = Vec::new();
        for (service, api_version) in &imported {
            notes.extend(other_api_versions(&self.models, service, api_version)?);
        }
        let written: BTreeSet<&str> = copies.iter().map(|(_, to)| to.as_str()).collect();
        let (ours, others): (Vec<_>, Vec<_>) = list_files(&self.models)?
            .into_iter()
            .partition(|f| written.contains(f.path.as_str()));
        let source = Source {
            version: wheel.version.clone(),
            wheel_name: wheel.file_name.clone(),
            wheel_sha256: wheel.sha256.clone(),
            command: self.command.clone(),
            generate_command: self.generate_command.clone(),
        };
        let readme = render_readme(&source, &imported, &ours, &others);
        if write_if_changed(&self.models.join("README.md"), readme.as_bytes())? {
            changed.push("README.md".into());
        }
        Ok(Imported {
            models: self.models.clone(),
            version: wheel.version,
            services: imported,
            files: copies.len(),
            changed,
            notes,
        })
    }

    /// The services named (or all, or those already imported), sorted and checked.
    fn services_to_import(&self, wheel: &Wheel) -> Result<Vec<String>> {
        let mut services = if self.all {
            wheel.services().into_iter().map(|(s, _)| s).collect()
        } else if self.services.is_empty() {
            existing_services(&self.models)?
        } else {
            self.services.clone()
        };
        // Sorted so the README does not depend on the order of the flags.
        services.sort();
        services.dedup();
        let error = |message: String| Error::Models {
            path: self.models.clone(),
            message,
        };
        if services.is_empty() {
            return Err(error(
                "no service directories here; name the services to import".into(),
            ));
        }
        if let Some(bad) = services.iter().find(|s| !is_service_name(s)) {
            return Err(error(format!(
                "`{bad}` is not a botocore service name (lowercase letters, digits and dashes)"
            )));
        }
        Ok(services)
    }
}

impl std::fmt::Display for Imported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for file in &self.changed {
            writeln!(f, "  wrote {file}")?;
        }
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        write!(
            f,
            "models import: botocore {} ({} service(s)), {} file(s) in {}, {} changed",
            self.version,
            self.services.len(),
            self.files,
            self.models.display(),
            self.changed.len()
        )
    }
}

/// The services already imported: the subdirectories of the models dir.
fn existing_services(models: &Path) -> Result<Vec<String>> {
    let entries = match fs::read_dir(models) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(models)(e)),
    };
    let mut services = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_error(models))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !name.starts_with('.') {
            services.push(name);
        }
    }
    services.sort();
    Ok(services)
}

/// An older (or otherwise different) API version stays: codegen.toml may
/// still point at it, and removing it is a reviewable decision of its own.
fn other_api_versions(models: &Path, service: &str, api_version: &str) -> Result<Vec<String>> {
    let dir = models.join(service);
    let codegen_toml = fs::read_to_string(models.join("codegen.toml")).unwrap_or_default();
    let mut others: Vec<String> = fs::read_dir(&dir)
        .map_err(io_error(&dir))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|v| v != api_version)
        .collect();
    others.sort();
    let mut notes = Vec::new();
    for other in others {
        notes.push(format!(
            "left {service}/{other}/ in place; the newest is {api_version}"
        ));
        if codegen_toml.contains(&format!("\"{service}/{other}/")) {
            notes.push(format!(
                "codegen.toml still uses {service}/{other}/; point its `model` at \
                 {service}/{api_version}/service-2.json to switch"
            ));
        }
    }
    Ok(notes)
}

#[derive(Debug, PartialEq)]
struct FileEntry {
    /// Relative to the models dir, `/`-separated.
    path: String,
    sha256: String,
    size: u64,
}

/// Every file of the models dir except our own, sorted by path.
fn list_files(models: &Path) -> Result<Vec<FileEntry>> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<FileEntry>) -> Result<()> {
        for entry in fs::read_dir(dir).map_err(io_error(dir))? {
            let entry = entry.map_err(io_error(dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = format!("{prefix}{name}");
            if name.starts_with('.') || (prefix.is_empty() && OWN_FILES.contains(&name.as_str())) {
                continue;
            }
            if entry.path().is_dir() {
                walk(&entry.path(), &format!("{path}/"), out)?;
            } else {
                let bytes = fs::read(entry.path()).map_err(io_error(&entry.path()))?;
                out.push(FileEntry {
                    path,
                    sha256: sha256_hex(&bytes),
                    size: bytes.len() as u64,
                });
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(models, "", &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

struct Source {
    version: String,
    wheel_name: String,
    wheel_sha256: String,
    /// The re-import command, as the README gives it.
    command: String,
    /// What reads the models, as the README names it.
    generate_command: String,
}

/// models/README.md: only a function of its arguments (no dates), so
/// re-importing the same wheel reproduces it exactly.
fn render_readme(
    source: &Source,
    imported: &[(String, String)],
    files: &[FileEntry],
    others: &[FileEntry],
) -> String {
    let Source {
        version,
        wheel_name,
        wheel_sha256,
        command,
        generate_command,
    } = source;
    let services: Vec<String> = imported.iter().map(|(s, v)| format!("`{s}` {v}")).collect();
    let example = imported.first().map_or("quicksight", |(s, _)| s.as_str());
    let table = |files: &[FileEntry]| -> String {
        let mut t = String::from("| File | SHA-256 | Bytes |\n| --- | --- | ---: |\n");
        for f in files {
            t += &format!("| `{}` | `{}` | {} |\n", f.path, f.sha256, f.size);
        }
        t
    };

    let mut out = format!(
        "# models\n\
         \n\
         <!-- Written by `{command}`; edits here are overwritten. -->\n\
         \n\
         The input of `{generate_command}`: AWS service models (`service-2.json`),\n\
         endpoint rule sets (`endpoint-rule-set-1.json`), paginators\n\
         (`paginators-1.json`), waiters (`waiters-2.json`) and partition data\n\
         (`partitions.json`) from botocore, the data package of the AWS SDK for\n\
         Python, laid out as `<service>/<api-version>/<file>`. The wheel ships the\n\
         service files as `.json.gz`; they are gunzipped, and every file here is\n\
         otherwise byte-for-byte as in the wheel.\n\
         \n\
         `codegen.toml` (ours, not botocore's) selects the operations to generate.\n\
         \n\
         ## Source\n\
         \n\
         - Package: botocore {version}, the wheel from PyPI\n\
         - Wheel: `{wheel_name}`\n\
         - Wheel SHA-256: `{wheel_sha256}`\n\
         - Services (API version): {}\n\
         \n\
         ## License\n\
         \n\
         botocore and its data are licensed under the Apache License, Version 2.0:\n\
         see [LICENSE.txt](LICENSE.txt) and [NOTICE](NOTICE), copied unmodified from\n\
         the wheel's `botocore-{version}.dist-info/`.\n\
         \n\
         ## Files\n\
         \n\
         From botocore {version}:\n\
         \n\
         {}",
        services.join(", "),
        table(files),
    );
    if !others.is_empty() {
        out += &format!(
            "\n\
             Not written by the import above (older API versions, or services\n\
             imported earlier; version control history has their source):\n\
             \n\
             {}",
            table(others)
        );
    }
    out += &format!(
        "\n\
         ## Re-importing\n\
         \n\
         ```sh\n\
         {command} --botocore-version {version}\n\
         {command} --botocore-version {version} --service {example}\n\
         ```\n\
         \n\
         This downloads the botocore wheel with `python3 -m pip download`\n\
         (`--wheel PATH` uses a local wheel instead), copies the newest API version\n\
         of each `--service` (default: every service directory here; a new name\n\
         adds a service), plus `partitions.json`, `LICENSE.txt` and `NOTICE`, and\n\
         rewrites this README. An older API-version directory is left in place.\n\
         \n\
         The import never touches `codegen.toml`: to use a new API version, point\n\
         the service's `model` there at it; to add operations, list them there.\n\
         Then run `{generate_command}`.\n"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_lists_source_files_and_others() {
        let source = Source {
            version: "1.2.3".into(),
            wheel_name: "botocore-1.2.3-py3-none-any.whl".into(),
            wheel_sha256: "ab".repeat(32),
            command: "cargo xtask models import".into(),
            generate_command: "cargo xtask codegen".into(),
        };
        let file = |path: &str, size| FileEntry {
            path: path.into(),
            sha256: "0".repeat(64),
            size,
        };
        let imported = [("voice-id".to_string(), "2021-09-27".to_string())];
        let files = [
            file("NOTICE", 7),
            file("voice-id/2021-09-27/service-2.json", 12345),
        ];
        let readme = render_readme(&source, &imported, &files, &[]);
        assert!(readme.contains("- Package: botocore 1.2.3, the wheel from PyPI\n"));
        assert!(readme.contains(&format!("- Wheel SHA-256: `{}`\n", "ab".repeat(32))));
        assert!(readme.contains("- Services (API version): `voice-id` 2021-09-27\n"));
        assert!(readme.contains(&format!(
            "| `voice-id/2021-09-27/service-2.json` | `{}` | 12345 |\n",
            "0".repeat(64)
        )));
        assert!(readme.contains("--botocore-version 1.2.3 --service voice-id\n"));
        assert!(!readme.contains("Not written by the import"));
        // Same inputs, same bytes.
        assert_eq!(readme, render_readme(&source, &imported, &files, &[]));

        let old = [file("voice-id/2020-01-01/service-2.json", 1)];
        let with_old = render_readme(&source, &imported, &files, &old);
        assert!(with_old.contains("Not written by the import"));
        assert!(with_old.contains("| `voice-id/2020-01-01/service-2.json` |"));
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

#[cfg(test)]
mod import_tests {
    use super::*;
    use crate::models::test_wheel::{self, scratch_dir};

    fn import(dir: &Path, wheel: &Path, services: &[&str], all: bool) -> Result<Imported> {
        Import {
            wheel: wheel.to_owned(),
            models: dir.join("models"),
            services: services.iter().map(|s| s.to_string()).collect(),
            all,
            expect_version: None,
            command: "slimaws models import".into(),
            generate_command: "slimaws generate".into(),
        }
        .run()
    }

    #[test]
    fn imports_the_newest_api_version_gunzipped_with_its_provenance() {
        let dir = scratch_dir("import");
        let wheel = dir.join("botocore-9.9.9-py3-none-any.whl");
        test_wheel::write(
            &wheel,
            "9.9.9",
            &[
                ("sqs", "2012-11-05", r#"{"old":true}"#),
                ("sqs", "2013-01-01", r#"{"operations":{}}"#),
                ("sts", "2011-06-15", r#"{"sts":1}"#),
            ],
        );
        let done = import(&dir, &wheel, &["sqs"], false).unwrap();
        assert_eq!(done.version, "9.9.9");
        assert_eq!(
            done.services,
            [("sqs".to_string(), "2013-01-01".to_string())]
        );
        let models = dir.join("models");
        assert_eq!(
            fs::read_to_string(models.join("sqs/2013-01-01/service-2.json")).unwrap(),
            r#"{"operations":{}}"#
        );
        assert!(models
            .join("sqs/2013-01-01/endpoint-rule-set-1.json")
            .is_file());
        assert_eq!(
            fs::read_to_string(models.join("sqs/2013-01-01/paginators-1.json")).unwrap(),
            r#"{"pagination":{}}"#
        );
        // botocore has no waiters for this service: none are made up.
        assert!(!models.join("sqs/2013-01-01/waiters-2.json").exists());
        assert!(!models.join("sqs/2012-11-05").exists() && !models.join("sts").exists());
        let readme = fs::read_to_string(models.join("README.md")).unwrap();
        assert!(readme.contains("- Package: botocore 9.9.9, the wheel from PyPI\n"));
        assert!(readme.contains("slimaws models import --botocore-version 9.9.9 --service sqs\n"));
        assert!(readme.contains("Then run `slimaws generate`."));

        // Again: nothing changes. With no service named, those already here.
        let again = import(&dir, &wheel, &[], false).unwrap();
        assert_eq!(again.services.len(), 1);
        assert!(again.changed.is_empty(), "{:?}", again.changed);

        let all = import(&dir, &wheel, &[], true).unwrap();
        let names: Vec<&str> = all.services.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["sqs", "sts"]);
    }

    #[test]
    fn bad_names_and_missing_services_change_nothing() {
        let dir = scratch_dir("import-bad");
        let wheel = dir.join("botocore.whl");
        test_wheel::write(&wheel, "9.9.9", &[("sqs", "2013-01-01", "{}")]);
        let mut wrong = Import {
            wheel: wheel.clone(),
            models: dir.join("models"),
            services: vec!["sqs".into()],
            all: false,
            expect_version: Some("1.0.0".into()),
            command: String::new(),
            generate_command: String::new(),
        };
        let e = wrong.run().unwrap_err();
        assert!(
            e.to_string().ends_with("is botocore 9.9.9, not 1.0.0"),
            "{e}"
        );
        wrong.expect_version = Some("9.9.9".into());
        wrong.models = dir.join("other");
        let report = wrong.run().unwrap().to_string();
        assert!(
            report.starts_with("  wrote sqs/2013-01-01/service-2.json\n"),
            "{report}"
        );
        assert!(
            report.contains("botocore 9.9.9 (1 service(s)), 6 file(s) in "),
            "{report}"
        );
        assert!(report.ends_with(", 7 changed"), "{report}");
        let e = import(&dir, &wheel, &["../etc"], false).unwrap_err();
        assert!(e.to_string().contains("not a botocore service name"), "{e}");
        let e = import(&dir, &wheel, &["sqs", "nope"], false).unwrap_err();
        assert!(
            e.to_string()
                .contains("service `nope` is not in botocore 9.9.9"),
            "{e}"
        );
        assert!(!dir.join("models").exists());
        fs::write(dir.join("not-a-wheel.whl"), b"hello").unwrap();
        let e = import(&dir, &dir.join("not-a-wheel.whl"), &["sqs"], false).unwrap_err();
        assert!(e.to_string().contains("not a wheel (zip) file"), "{e}");
    }
}
