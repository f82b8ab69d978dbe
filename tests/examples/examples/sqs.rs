//! SQS (and STS): say who is calling, then send a message to a queue,
//! receive it and delete it.
//!
//! The operations it needs: `sts:GetCallerIdentity,sqs:CreateQueue,
//! sqs:SendMessage,sqs:ReceiveMessage,sqs:DeleteMessage`. Region and
//! credentials come from the environment and the shared config files, as
//! for the AWS CLI.
//!
//! ```sh
//! cargo run --example sqs -- my-queue
//! ```

use std::error::Error;

use slimaws::{sqs, sts};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let Some(queue_name) = std::env::args().nth(1) else {
        eprintln!("usage: sqs <queue-name>");
        std::process::exit(2);
    };
    let config = slimaws::Config::from_env().await?;

    let me = sts::client::Client::new(&config)
        .get_caller_identity()
        .send()
        .await?;
    println!("calling as {}", me.arn.unwrap_or_default());

    let sqs = sqs::client::Client::new(&config);
    // Creating a queue that exists with the same attributes returns its URL.
    let queue = sqs.create_queue().queue_name(&queue_name).send().await?;
    let queue_url = queue.queue_url.unwrap_or_default();
    let sent = sqs
        .send_message()
        .queue_url(&queue_url)
        .message_body("hello from slimaws")
        .send()
        .await?;
    println!("sent {}", sent.message_id.unwrap_or_default());

    // Long polling: wait up to 10 s for messages.
    let received = sqs
        .receive_message()
        .queue_url(&queue_url)
        .max_number_of_messages(10)
        .wait_time_seconds(10)
        .send()
        .await?;
    for message in received.messages.unwrap_or_default() {
        println!("received: {}", message.body.unwrap_or_default());
        if let Some(receipt) = message.receipt_handle {
            sqs.delete_message()
                .queue_url(&queue_url)
                .receipt_handle(receipt)
                .send()
                .await?;
        }
    }
    Ok(())
}
