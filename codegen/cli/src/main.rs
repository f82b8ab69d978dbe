//! `slimaws`: generate a crate of AWS clients for exactly the operations
//! you name, from botocore's models.
//!
//! ```sh
//! slimaws list --models models                      # the services
//! slimaws list --models models voice-id             # one service's operations
//! slimaws generate --models models --ops 'voice-id:UpdateDomain,cloudfront:UpdateKeyGroup' --out my-aws
//! slimaws models import --service dynamodb --service sqs   # botocore 1.44.5 from PyPI into ./models
//! slimaws generate --models botocore-1.44.5-py3-none-any.whl --ops 'sqs:*' --out my-aws
//! ```

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};
use slimaws_codegen::catalog::Catalog;
use slimaws_codegen::models::import::Import;
use slimaws_codegen::models::wheel;
use slimaws_codegen::{Generator, RuntimeDependency};

#[derive(Parser)]
#[command(name = "slimaws", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a crate holding the named operations (and the runtime, unless told where it is).
    Generate(GenerateArgs),
    /// List the services of a models directory, or one service's operations.
    List {
        /// Models: a directory in botocore's layout or a botocore wheel (`.whl`).
        #[arg(long)]
        models: PathBuf,
        /// A service: list its operations.
        service: Option<String>,
    },
    /// Work with model sets.
    Models {
        #[command(subcommand)]
        command: ModelsCommand,
    },
}

#[derive(Subcommand)]
enum ModelsCommand {
    /// Copy the newest models of services from a botocore wheel into a models
    /// directory, with their provenance in its README.md.
    Import(ImportArgs),
}

#[derive(clap::Args)]
struct ImportArgs {
    /// botocore release to download from PyPI with pip (cached) [default: 1.44.5; with --wheel, the wheel's].
    #[arg(long, value_name = "VERSION")]
    botocore_version: Option<String>,
    /// A local botocore wheel instead of a download.
    #[arg(long, value_name = "PATH")]
    wheel: Option<PathBuf>,
    /// Service to import, as botocore names it; repeatable [default: the services already in the directory].
    #[arg(long = "service", value_name = "SERVICE")]
    services: Vec<String>,
    /// Import every service of the wheel.
    #[arg(long, conflicts_with = "services")]
    all: bool,
    /// The models directory to write.
    #[arg(long, value_name = "DIR", default_value = "models")]
    models: PathBuf,
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// Models: a directory in botocore's layout (`<service>/<api-version>/service-2.json`)
    /// or a botocore wheel (`.whl`).
    #[arg(long)]
    models: PathBuf,
    /// Operations, comma-separated: `service:Operation`, with `*` wildcards (`s3:Get*`, `sqs:*`).
    #[arg(long, value_delimiter = ',')]
    ops: Vec<String>,
    /// A codegen.toml listing services and operations (and the crate).
    #[arg(long)]
    selection: Option<PathBuf>,
    /// Directory of the crate to write (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// The crate's package name [default: a codegen.toml's `[crate]` name, else `slimaws`].
    #[arg(long)]
    name: Option<String>,
    /// Where the crate gets the runtime: `inline` (copied in), `path:DIR`,
    /// `git:URL[@REV]` or `version:REQ` [default: a codegen.toml's, else `inline`].
    #[arg(long)]
    runtime: Option<String>,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Generate(args) => generate(args),
        Command::List { models, service } => list(&models, service.as_deref()),
        Command::Models {
            command: ModelsCommand::Import(args),
        } => import(args),
    }
}

fn import(args: ImportArgs) -> Result<()> {
    let import = Import {
        wheel: wheel::local_or_fetch(args.wheel, args.botocore_version.as_deref())?,
        models: args.models,
        services: args.services,
        all: args.all,
        expect_version: args.botocore_version,
        command: "slimaws models import".into(),
        generate_command: "slimaws generate".into(),
    };
    println!("{}", import.run()?);
    Ok(())
}

fn generate(args: GenerateArgs) -> Result<()> {
    if args.ops.is_empty() && args.selection.is_none() {
        bail!("name the operations with --ops 'service:Operation,...' or --selection codegen.toml");
    }
    let mut generator = Generator::new(&args.models)
        .operations(args.ops)
        .regenerate_with("slimaws generate");
    if let Some(name) = args.name {
        generator = generator.crate_name(name);
    }
    if let Some(runtime) = &args.runtime {
        generator =
            generator.runtime(RuntimeDependency::parse(runtime).map_err(anyhow::Error::msg)?);
    }
    if let Some(selection) = args.selection {
        generator = generator.selection_file(selection);
    }
    let (changed, notes) = generator.write_crate_noting(&args.out)?;
    for note in &notes {
        println!("note: {note}");
    }
    println!(
        "slimaws: crate written to {} ({} file(s) changed)",
        args.out.display(),
        changed.len()
    );
    Ok(())
}

fn list(models: &std::path::Path, service: Option<&str>) -> Result<()> {
    let catalog = Catalog::open(models)?;
    match service {
        Some(service) => {
            for op in catalog.operations(service)? {
                println!("{service}:{op}");
            }
        }
        None => {
            for service in catalog.services() {
                println!("{service}");
            }
        }
    }
    Ok(())
}
