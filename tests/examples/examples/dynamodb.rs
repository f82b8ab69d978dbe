//! DynamoDB: write items, read one back, and query a range of them.
//!
//! The operations it needs: `dynamodb:PutItem,dynamodb:GetItem,dynamodb:Query`.
//! The table must exist, with a string partition key `pk` and a number sort
//! key `sk`. Region and credentials come from the environment and the shared
//! config files, as for the AWS CLI.
//!
//! ```sh
//! cargo run --example dynamodb -- my-table
//! ```

use std::error::Error;

use slimaws::dynamodb::{self, types::AttributeValue};

fn text(value: &str) -> AttributeValue {
    AttributeValue::builder().s(value).build()
}

fn number(value: u32) -> AttributeValue {
    AttributeValue::builder().n(value.to_string()).build()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let Some(table) = std::env::args().nth(1) else {
        eprintln!("usage: dynamodb <table>");
        std::process::exit(2);
    };
    let config = slimaws::Config::from_env().await?;
    let db = dynamodb::client::Client::new(&config);

    for (sk, note) in [(1, "first"), (2, "second"), (3, "third")] {
        db.put_item()
            .table_name(&table)
            .item("pk", text("example#1"))
            .item("sk", number(sk))
            .item("note", text(note))
            .send()
            .await?;
    }

    let got = db
        .get_item()
        .table_name(&table)
        .key("pk", text("example#1"))
        .key("sk", number(1))
        .consistent_read(true)
        .send()
        .await?;
    let note = got
        .item
        .as_ref()
        .and_then(|item| item.get("note")?.s.clone());
    println!("item 1: {}", note.unwrap_or_default());

    let found = db
        .query()
        .table_name(&table)
        .key_condition_expression("pk = :pk AND sk >= :from")
        .expression_attribute_values(":pk", text("example#1"))
        .expression_attribute_values(":from", number(2))
        .send()
        .await?;
    for item in found.items.unwrap_or_default() {
        let sk = item.get("sk").and_then(|v| v.n.clone()).unwrap_or_default();
        println!("found sk {sk}");
    }
    Ok(())
}
