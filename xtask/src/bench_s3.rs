//! `cargo xtask bench-s3`: 1 GiB S3 `GetObject` and `PutObject` over
//! loopback HTTPS, slimaws and aws-sdk-rust side by side (`tests/bench-s3`,
//! its own workspace): each transfer in its own process, the four
//! alternating per round; medians of throughput and peak RSS, and the
//! ratios slimaws / SDK.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::workspace_root;

#[derive(clap::Args)]
pub struct Args {
    /// Rounds of the four transfers.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Object size in MiB.
    #[arg(long, default_value_t = 1024)]
    size_mib: u64,
}

/// One transfer's line: (MiB/s, peak RSS KiB, CPU seconds).
type Figure = (f64, u64, f64);

pub fn run(args: Args) -> Result<()> {
    let dir = workspace_root().join("tests/bench-s3");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .status()
        .context("building tests/bench-s3")?;
    if !status.success() {
        bail!("building tests/bench-s3 failed");
    }
    let binary = dir.join("target/release/slimaws-bench-s3");
    let file = object_file(args.size_mib)?;
    let pairs = [
        ("slimaws", "get"),
        ("sdk", "get"),
        ("slimaws", "put"),
        ("sdk", "put"),
    ];
    let mut figures: Vec<Vec<Figure>> = vec![Vec::new(); pairs.len()];
    for round in 1..=args.runs {
        for (i, (client, op)) in pairs.iter().enumerate() {
            let figure = transfer(&binary, client, op, &file)?;
            println!(
                "round {round}: {client} {op}: {:.1} MiB/s, peak RSS {} KiB, {:.2} s CPU",
                figure.0, figure.1, figure.2
            );
            figures[i].push(figure);
        }
    }
    println!(
        "\n{} MiB over loopback HTTPS, medians of {} runs:",
        args.size_mib, args.runs
    );
    for op in ["get", "put"] {
        let at = |client: &str| pairs.iter().position(|p| *p == (client, op)).unwrap();
        let (ours, sdk) = (&figures[at("slimaws")], &figures[at("sdk")]);
        let speed = |f: &[Figure]| median(f.iter().map(|x| x.0).collect());
        let rss = |f: &[Figure]| median(f.iter().map(|x| x.1 as f64).collect()) / 1024.0;
        let cpu = |f: &[Figure]| median(f.iter().map(|x| x.2).collect());
        println!(
            "  {op}: slimaws {:.0} MiB/s, {:.1} MiB peak RSS, {:.2} s CPU; aws-sdk-rust {:.0} MiB/s, \
             {:.1} MiB, {:.2} s CPU; ratios slimaws / SDK: throughput {:.2}, RSS {:.2}, CPU {:.2}",
            speed(ours),
            rss(ours),
            cpu(ours),
            speed(sdk),
            rss(sdk),
            cpu(sdk),
            speed(ours) / speed(sdk),
            rss(ours) / rss(sdk),
            cpu(ours) / cpu(sdk),
        );
    }
    Ok(())
}

/// A file of `size_mib` MiB of varied bytes in the temporary directory,
/// made once.
fn object_file(size_mib: u64) -> Result<PathBuf> {
    let path = std::env::temp_dir().join(format!("slimaws-bench-s3-{size_mib}MiB.bin"));
    let len = size_mib << 20;
    if std::fs::metadata(&path).is_ok_and(|m| m.len() == len) {
        return Ok(path);
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let block: Vec<u8> = (0..1u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    for _ in 0..size_mib {
        out.write_all(&block)?;
    }
    out.flush()?;
    Ok(path)
}

fn transfer(binary: &Path, client: &str, op: &str, file: &Path) -> Result<Figure> {
    let out = Command::new(binary).args([client, op]).arg(file).output()?;
    if !out.status.success() {
        bail!("{client} {op}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<&str> = line.split_whitespace().collect();
    match fields[..] {
        [_, _, _, _, mib_s, rss, cpu] => Ok((mib_s.parse()?, rss.parse()?, cpu.parse()?)),
        _ => bail!("{client} {op}: unexpected output `{line}`"),
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}
