//! One measured transfer, `slimaws-bench-s3 <slimaws|sdk> <get|put> <file>`:
//! a loopback HTTPS server answers S3 for an object of `file`'s length; the
//! chosen client downloads it (`GetObject`, the body read as it arrives) or
//! uploads `file` (`PutObject`, read as it is sent), once. Prints one line:
//! client, operation, bytes, seconds, MiB/s, peak RSS in KiB, and the CPU
//! seconds of the process (client and server). `cargo xtask
//! bench-s3` runs the four pairs alternately and compares them.

mod clients;
mod server;

use std::time::Instant;

/// The loopback server's certificate, for `localhost` (the runtime's test
/// certificate; both clients trust it as their only root).
pub const CERT: &[u8] = include_bytes!("../../../codegen/runtime/src/testdata/localhost.cert.pem");
pub const KEY: &[u8] = include_bytes!("../../../codegen/runtime/src/testdata/localhost.key.pem");

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, client, op, file] = &args[..] else {
        eprintln!("usage: slimaws-bench-s3 <slimaws|sdk> <get|put> <file>");
        std::process::exit(2);
    };
    let len = std::fs::metadata(file).expect("the file to move").len();
    let port = server::start(len).await;
    let endpoint = format!("https://localhost:{port}");
    let started = Instant::now();
    let moved = match (client.as_str(), op.as_str()) {
        ("slimaws", "get") => clients::slimaws_get(&endpoint).await,
        ("slimaws", "put") => clients::slimaws_put(&endpoint, file).await,
        ("sdk", "get") => clients::sdk_get(&endpoint).await,
        ("sdk", "put") => clients::sdk_put(&endpoint, file).await,
        _ => panic!("unknown client or operation: {client} {op}"),
    };
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(moved, len, "bytes moved");
    let mib_s = len as f64 / secs / (1 << 20) as f64;
    let (rss, cpu) = (peak_rss_kib(), cpu_seconds());
    println!("{client} {op} {len} {secs:.3} {mib_s:.1} {rss} {cpu:.2}");
}

/// The process's peak resident set (`VmHWM`), in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// User and system CPU time of the process so far (`/proc/self/stat`'s
/// `utime` and `stime`, in clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}
