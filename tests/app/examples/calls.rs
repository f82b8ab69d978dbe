//! Makes `N` calls of one operation (default 1000) through the whole client
//! against a canned in-memory response, for instruction counts that do not
//! depend on how busy the machine is:
//!
//! ```sh
//! cargo build --release -p slimaws-example-app --example calls
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/calls UpdateKeyGroup 1000
//! ```
//!
//! `calls --list` prints the operations. The difference between the totals for `N` and `0` calls, divided by `N`,
//! is the client-side cost of one call in instructions (`cargo xtask
//! figures --instructions` does this for all five operations). Valgrind
//! emulates no SHA extensions, so SHA-256 counts as its portable code.

#[path = "../benches/calls.rs"]
mod calls;

fn main() {
    let mut args = std::env::args().skip(1);
    let operation = args.next().unwrap_or_else(|| "UpdateKeyGroup".to_owned());
    if operation == "--list" {
        for name in calls::OPERATIONS {
            println!("{name}");
        }
        return;
    }
    let n: usize = args
        .next()
        .map_or(1000, |n| n.parse().expect("N: a number"));
    assert!(
        calls::OPERATIONS.contains(&operation.as_str()),
        "operation: one of {:?}",
        calls::OPERATIONS
    );
    let calls = calls::Calls::default();
    // One call outside the count resolves and caches the endpoint.
    calls.call(&operation);
    for _ in 0..n {
        calls.call(std::hint::black_box(&operation));
    }
}
