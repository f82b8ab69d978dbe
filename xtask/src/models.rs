//! `cargo xtask models import`: fetch botocore models from PyPI.

use anyhow::Result;

#[derive(clap::Subcommand)]
pub enum Command {}

pub fn run(command: Command) -> Result<()> {
    match command {}
}
