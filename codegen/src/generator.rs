//! The generator as a library: models in, a whole crate out, for the
//! `slimaws` CLI, `cargo xtask codegen` and build scripts alike.
//!
//! ```no_run
//! use slimaws_codegen::{Generator, RuntimeDependency};
//!
//! Generator::new("models")
//!     .operations(["dynamodb:GetItem", "sqs:*"])
//!     .crate_name("my-aws")
//!     .runtime(RuntimeDependency::Inline)
//!     .write_crate("my-aws")?;
//! # Ok::<(), slimaws_codegen::Error>(())
//! ```
//!
//! In a build script, [`Generator::write_modules`] writes each service as
//! one file into `OUT_DIR` for the crate to `include!` (see
//! `tests/build-script/`).

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::emit::package::{CrateOptions, RuntimeDependency};
use crate::emit::Files;
use crate::error::{Error, Result};
use crate::output::{self, Drift};
use crate::selection::Selection;

/// A generated crate: its files, and the generator's notes on what it left
/// out and why.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Files,
    pub notes: Vec<String>,
}

/// What to generate: from which models, which operations, into what crate.
#[derive(Debug, Clone)]
pub struct Generator {
    models: PathBuf,
    patterns: Vec<String>,
    selection_file: Option<PathBuf>,
    options: CrateOptions,
    /// Set by the caller, so a `codegen.toml`'s `[crate]` does not override them.
    name_set: bool,
    runtime_set: bool,
}

impl Generator {
    /// Models from `models`: a directory in botocore's layout
    /// (`<service>/<api-version>/service-2.json`, as `slimaws models import`
    /// and botocore's `botocore/data/` lay them out, uncompressed), or a
    /// botocore wheel read in place (for `service:Operation` patterns; a
    /// `codegen.toml` names files in a directory).
    pub fn new(models: impl Into<PathBuf>) -> Generator {
        Generator {
            models: models.into(),
            patterns: Vec::new(),
            selection_file: None,
            options: CrateOptions::new("slimaws", RuntimeDependency::Inline),
            name_set: false,
            runtime_set: false,
        }
    }

    /// Adds operations: `service:Operation`, with `*` wildcards in the
    /// operation (`s3:Get*`, `sqs:*`).
    pub fn operations<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Self {
        self.patterns.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Adds the services and operations a `codegen.toml` lists (model paths
    /// relative to the models directory); its `[crate]` section, if any,
    /// describes the crate, but a name or runtime given to the builder wins.
    pub fn selection_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.selection_file = Some(path.into());
        self
    }

    /// The generated crate's package name (default `slimaws`).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.options.name = name.into();
        self.name_set = true;
        self
    }

    /// Where the crate gets the runtime from (default: copied in).
    pub fn runtime(mut self, runtime: RuntimeDependency) -> Self {
        self.options.runtime = runtime;
        self.runtime_set = true;
        self
    }

    /// The command named in the generated manifest as the way to regenerate.
    pub fn regenerate_with(mut self, command: impl Into<String>) -> Self {
        self.options.regenerate = command.into();
        self
    }

    /// The selected services and operations, checked against the models.
    pub fn selection(&self) -> Result<(Selection, CrateOptions)> {
        let mut options = self.options.clone();
        let mut selection = Selection {
            services: Vec::new(),
            crate_options: None,
        };
        if let Some(file) = &self.selection_file {
            let listed = Selection::read(file, &self.models)?;
            if let Some(from_file) = listed.crate_options.clone() {
                options = self.over_file_options(from_file);
            }
            selection.merge(listed);
        }
        if !self.patterns.is_empty() {
            selection.merge(Catalog::open(&self.models)?.select(&self.patterns)?);
        }
        if selection.services.is_empty() {
            return Err(Error::Pattern {
                models: self.models.clone(),
                message:
                    "no operations selected: give `service:Operation` patterns or a codegen.toml"
                        .to_owned(),
            });
        }
        Ok((selection, options))
    }

    /// A `codegen.toml`'s crate options with what the caller set on top.
    fn over_file_options(&self, mut from_file: CrateOptions) -> CrateOptions {
        if self.name_set {
            from_file.name = self.options.name.clone();
        }
        if self.runtime_set {
            from_file.runtime = self.options.runtime.clone();
        }
        from_file
    }

    /// Every file of the crate, keyed by path relative to its directory.
    pub fn crate_files(&self) -> Result<Files> {
        Ok(self.generate()?.files)
    }

    /// The crate's files and what the generator left out and why (a
    /// paginator naming no member, a model without endpoint rules).
    pub fn generate(&self) -> Result<Generated> {
        let (selection, options) = self.selection()?;
        let services = crate::load_services(&selection)?;
        let notes = services
            .iter()
            .flat_map(|s| s.notes.iter().map(move |n| format!("{}: {n}", s.module)))
            .collect();
        Ok(Generated {
            files: crate::generate_crate(&services, &options)?,
            notes,
        })
    }

    /// Each selected service as one file, `<module>.rs`, declaring
    /// `pub mod <module> { .. }` with inline modules: for a build script,
    /// whose crate `include!`s it from `OUT_DIR` and depends on
    /// `slimaws-runtime` itself.
    pub fn module_files(&self) -> Result<Files> {
        let (selection, _) = self.selection()?;
        let mut files = Files::new();
        for service in crate::load_services(&selection)? {
            let mut modules = Files::new();
            crate::emit::service(&service, &mut modules)?;
            let text = crate::emit::single_file::service_file(&modules, &service.module)?;
            files.insert(PathBuf::from(format!("{}.rs", service.module)), text);
        }
        Ok(files)
    }

    /// Writes [`Generator::module_files`] into `dir` (a build script's
    /// `OUT_DIR`), changed files only.
    pub fn write_modules(&self, dir: impl AsRef<Path>) -> Result<Vec<Drift>> {
        output::write(dir.as_ref(), &self.module_files()?)
    }

    /// Writes the crate into `dir` (created if missing): only changed files
    /// are written, and `.rs` files the generator no longer makes are
    /// removed from the directories it owns. Returns what changed.
    pub fn write_crate(&self, dir: impl AsRef<Path>) -> Result<Vec<Drift>> {
        output::write(dir.as_ref(), &self.crate_files()?)
    }

    /// [`write_crate`](Self::write_crate), also returning the generator's
    /// notes for the caller to show.
    pub fn write_crate_noting(&self, dir: impl AsRef<Path>) -> Result<(Vec<Drift>, Vec<String>)> {
        let generated = self.generate()?;
        Ok((
            output::write(dir.as_ref(), &generated.files)?,
            generated.notes,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn models() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../models")
    }

    #[test]
    fn notes_say_what_the_generator_left_out() {
        let dir = crate::models::test_wheel::scratch_dir("generator-notes");
        let model = dir.join("svc/2024-01-01/service-2.json");
        std::fs::create_dir_all(model.parent().unwrap()).unwrap();
        let json = r#"{"metadata": {"protocol": "json", "jsonVersion": "1.1", "targetPrefix": "S",
            "serviceId": "Svc", "endpointPrefix": "svc"},
            "operations": {"List": {"http": {"method": "POST", "requestUri": "/"}}}, "shapes": {}}"#;
        std::fs::write(&model, json).unwrap();
        std::fs::write(
            model.with_file_name("paginators-1.json"),
            r#"{"pagination": {"List": {"input_token": "T", "output_token": "T"}}}"#,
        )
        .unwrap();
        let generated = Generator::new(&dir)
            .operations(["svc:List"])
            .generate()
            .unwrap();
        assert_eq!(generated.notes.len(), 2, "{:?}", generated.notes);
        assert!(
            generated.notes[0].starts_with("svc: no endpoint rule set: "),
            "{:?}",
            generated.notes
        );
        assert!(
            generated.notes[1].starts_with("svc: List: no paginator: "),
            "{:?}",
            generated.notes
        );
        assert!(generated.files.contains_key(Path::new("src/svc/mod.rs")));
    }

    #[test]
    fn a_codegen_toml_describes_the_crate_but_the_caller_wins() {
        let from_file = Generator::new(models()).selection_file(models().join("codegen.toml"));
        let (_, options) = from_file.selection().unwrap();
        assert_eq!(options.name, "slimaws");
        assert_eq!(options.regenerate, "cargo xtask codegen");
        assert!(matches!(options.runtime, RuntimeDependency::Path(_)));

        let overridden = from_file
            .crate_name("my-aws")
            .runtime(RuntimeDependency::Inline);
        let (_, options) = overridden.selection().unwrap();
        assert_eq!(options.name, "my-aws");
        assert_eq!(options.runtime, RuntimeDependency::Inline);
        // What the caller did not set still comes from the file.
        assert!(options
            .description
            .starts_with("Lean, typed, async AWS clients"));
    }
}
