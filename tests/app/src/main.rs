//! A small application calling the five generated operations, depending on
//! `slimaws` and a single-threaded tokio runtime only: the program whose cold
//! build time, peak build memory and binary size `cargo xtask figures`
//! measures.
//!
//! Run against AWS with credentials and a region in the environment:
//! `cargo run --release -p slimaws-example-app -- <aws-account-id>`.
//! With no account id it only builds the clients.

use slimaws::cloudfront::types::KeyGroupConfig;
use slimaws::quicksight::types::{
    AuthConfig, AuthenticationMetadata, ConnectionAuthType, NoneConnectionMetadata,
    RegisteredCustomerManagedKey, SelfUpgradeAdminAction,
};
use slimaws::voice_id::types::ServerSideEncryptionConfiguration;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let account = std::env::args().nth(1);
    let config = slimaws::runtime::Config::from_env().await?;
    let quicksight = slimaws::quicksight::Client::new(&config);
    let cloudfront = slimaws::cloudfront::Client::new(&config);
    let voice_id = slimaws::voice_id::Client::new(&config);

    let Some(account) = account else {
        println!("usage: five_operations <aws-account-id> (builds clients only)");
        return Ok(());
    };

    let keys = quicksight
        .update_key_registration()
        .aws_account_id(&account)
        .key_registration(
            RegisteredCustomerManagedKey::builder()
                .key_arn(format!("arn:aws:kms:us-east-1:{account}:key/example"))
                .default_key(true)
                .build(),
        )
        .send()
        .await;
    println!("UpdateKeyRegistration: {keys:?}");

    let connector = quicksight
        .update_action_connector()
        .aws_account_id(&account)
        .action_connector_id("example-connector")
        .name("Example connector")
        .authentication_config(
            AuthConfig::builder()
                .authentication_type(ConnectionAuthType::None)
                .authentication_metadata(AuthenticationMetadata::NoneConnectionMetadata(
                    NoneConnectionMetadata::builder()
                        .base_endpoint("https://api.example.com")
                        .build()?,
                ))
                .build()?,
        )
        .send()
        .await;
    println!("UpdateActionConnector: {connector:?}");

    let upgrade = quicksight
        .update_self_upgrade()
        .aws_account_id(&account)
        .namespace("default")
        .upgrade_request_id("example-request")
        .action(SelfUpgradeAdminAction::Verify)
        .send()
        .await;
    println!("UpdateSelfUpgrade: {upgrade:?}");

    let group = cloudfront
        .update_key_group()
        .id("K1EXAMPLE")
        .if_match("E2EXAMPLE")
        .key_group_config(
            KeyGroupConfig::builder()
                .name("example")
                .items("K3EXAMPLE")
                .build()?,
        )
        .send()
        .await;
    println!("UpdateKeyGroup: {group:?}");

    let domain = voice_id
        .update_domain()
        .domain_id("UFdTcXk0YTJyNXZPNm9ab0")
        .name("example")
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .kms_key_id("alias/example")
                .build()?,
        )
        .send()
        .await;
    println!("UpdateDomain: {domain:?}");
    Ok(())
}
