//! Example applications, one per service family: `examples/s3.rs`,
//! `examples/dynamodb.rs`, `examples/sqs.rs`, `examples/bedrock.rs` (an
//! event stream). Each is a whole program to copy into a project that
//! depends on a generated crate; `cargo test` compiles them, so they keep
//! up with the generated API.
