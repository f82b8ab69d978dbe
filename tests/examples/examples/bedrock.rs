//! Bedrock Runtime: ask a model a question and print its answer as it is
//! written, event by event (`ConverseStream`, an event stream).
//!
//! The operation it needs: `bedrock-runtime:ConverseStream`. Region and
//! credentials come from the environment and the shared config files, as
//! for the AWS CLI; the model must be enabled in the account.
//!
//! ```sh
//! cargo run --example bedrock -- anthropic.claude-3-haiku-20240307-v1:0 "Say hello"
//! ```

use std::error::Error;
use std::io::Write;

use slimaws::bedrock_runtime::client::Client;
use slimaws::bedrock_runtime::types::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput, Message,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(model), Some(question)) = (args.next(), args.next()) else {
        eprintln!("usage: bedrock <model-id> <question>");
        std::process::exit(2);
    };
    let config = slimaws::Config::from_env().await?;
    let question = Message::builder()
        .role(ConversationRole::User)
        .content(ContentBlock::Text(question))
        .build()?;
    let output = Client::new(&config)
        .converse_stream()
        .model_id(model)
        .messages(question)
        .send()
        .await?;

    // The response's headers have come; its events arrive as they are
    // written, and an error (a throttled model, say) ends the stream.
    let mut events = output.stream.ok_or("the response has no event stream")?;
    while let Some(event) = events.next().await {
        match event? {
            ConverseStreamOutput::ContentBlockDelta(d) => {
                if let ContentBlockDelta::Text(text) = d.delta {
                    print!("{text}");
                    std::io::stdout().flush()?;
                }
            }
            ConverseStreamOutput::MessageStop(stop) => {
                println!("\n[stopped: {}]", stop.stop_reason.as_str());
            }
            ConverseStreamOutput::Metadata(m) => {
                println!(
                    "[{} tokens in, {} out]",
                    m.usage.input_tokens, m.usage.output_tokens
                );
            }
            _ => {}
        }
    }
    Ok(())
}
