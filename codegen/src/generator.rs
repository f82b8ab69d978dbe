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

/// What to generate: from which models, which operations, into what crate.
#[derive(Debug, Clone)]
pub struct Generator {
    models: PathBuf,
    patterns: Vec<String>,
    selection_file: Option<PathBuf>,
    options: CrateOptions,
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
    /// sets the crate's name and runtime.
    pub fn selection_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.selection_file = Some(path.into());
        self
    }

    /// The generated crate's package name (default `slimaws`).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.options.name = name.into();
        self
    }

    /// Where the crate gets the runtime from (default: copied in).
    pub fn runtime(mut self, runtime: RuntimeDependency) -> Self {
        self.options.runtime = runtime;
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
                options = from_file;
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

    /// Every file of the crate, keyed by path relative to its directory.
    pub fn crate_files(&self) -> Result<Files> {
        let (selection, options) = self.selection()?;
        let services = crate::load_services(&selection)?;
        crate::generate_crate(&services, &options)
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
}
