//! The generated types of the five operations behave as documented.

use slimaws::cloudfront::types::KeyGroupConfig;
use slimaws::quicksight::types::{
    ApiKeyConnectionMetadata, AuthenticationMetadata, ConnectionAuthType,
    UpdateActionConnectorRequest,
};
use slimaws::voice_id::types::UpdateDomainRequest;

#[test]
fn missing_required_members_are_all_named() {
    let err = KeyGroupConfig::builder().comment("c").build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot build KeyGroupConfig: missing required members Name, Items"
    );
    let err = UpdateDomainRequest::builder()
        .name("d")
        .build()
        .unwrap_err();
    assert_eq!(err.shape(), "UpdateDomainRequest");
    assert_eq!(
        err.missing_members(),
        ["DomainId", "ServerSideEncryptionConfiguration"]
    );
}

#[test]
fn quicksight_secrets_never_reach_debug_output() {
    let meta = ApiKeyConnectionMetadata::builder()
        .base_endpoint("https://api.example.com")
        .api_key("sk-live-123")
        .email("ops@example.com")
        .build()
        .unwrap();
    let req = UpdateActionConnectorRequest::builder()
        .aws_account_id("123456789012")
        .action_connector_id("conn")
        .name("connector")
        .authentication_config(
            slimaws::quicksight::types::AuthConfig::builder()
                .authentication_type(ConnectionAuthType::ApiKey)
                .authentication_metadata(AuthenticationMetadata::ApiKeyConnectionMetadata(meta))
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let debug = format!("{req:?}");
    assert!(!debug.contains("sk-live-123"), "{debug}");
    assert!(!debug.contains("ops@example.com"), "{debug}");
    assert!(debug.contains("https://api.example.com"), "{debug}");
}

#[test]
fn enum_values_round_trip_exactly() {
    assert_eq!(
        ConnectionAuthType::from("OAUTH2_CLIENT_CREDENTIALS"),
        ConnectionAuthType::Oauth2ClientCredentials
    );
    let future = ConnectionAuthType::from("PASSKEY");
    assert_eq!(future.as_str(), "PASSKEY");
    assert!(matches!(future, ConnectionAuthType::Unknown(_)));
}
