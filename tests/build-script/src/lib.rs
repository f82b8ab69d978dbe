//! slimaws from a build script: `build.rs` writes Voice ID's `UpdateDomain`
//! into `OUT_DIR`, and this crate includes it (one file, inline modules) and
//! depends on `slimaws-runtime` itself, as a crate using prost-build does.

include!(concat!(env!("OUT_DIR"), "/voice_id.rs"));
