//! `cargo xtask models import`: the maintainers' front end of
//! [`slimaws_codegen::models::import`], writing into the workspace's
//! `models/` by default.

use std::path::PathBuf;

use anyhow::Result;
use slimaws_codegen::models::import::Import;
use slimaws_codegen::models::wheel;

use crate::workspace_root;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Copy the newest models of services from a botocore wheel; rewrite models/README.md.
    Import(ImportArgs),
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// botocore release to download from PyPI [default: 1.44.5; with --wheel, the wheel's].
    #[arg(long, value_name = "VERSION")]
    botocore_version: Option<String>,
    /// Service to import, as botocore names it; repeatable [default: every service already in the models dir].
    #[arg(long = "service", value_name = "SERVICE")]
    services: Vec<String>,
    /// Import every service of the wheel.
    #[arg(long, conflicts_with = "services")]
    all: bool,
    /// Models directory [default: models/ in the workspace].
    #[arg(long, value_name = "DIR")]
    models: Option<PathBuf>,
    /// Use this local botocore wheel instead of downloading one with pip.
    #[arg(long, value_name = "PATH")]
    wheel: Option<PathBuf>,
}

pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Import(args) => import(args),
    }
}

fn import(args: ImportArgs) -> Result<()> {
    let import = Import {
        wheel: wheel::local_or_fetch(args.wheel, args.botocore_version.as_deref())?,
        models: args
            .models
            .unwrap_or_else(|| workspace_root().join("models")),
        services: args.services,
        all: args.all,
        expect_version: args.botocore_version,
        command: "cargo xtask models import".into(),
        generate_command: "cargo xtask codegen".into(),
    };
    println!("{}", import.run()?);
    Ok(())
}
