//! Generates Voice ID's `UpdateDomain` into `OUT_DIR/voice_id.rs`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let models = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models");
    println!("cargo:rerun-if-changed={models}/voice-id");
    slimaws_codegen::Generator::new(models)
        .operations(["voice-id:UpdateDomain"])
        .write_modules(std::env::var("OUT_DIR")?)?;
    Ok(())
}
