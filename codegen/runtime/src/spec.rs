//! Static descriptions of services and operations, emitted by the generator
//! and read by the runtime (endpoint resolution, signing, error parsing).

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    RestJson1,
    RestXml,
    AwsJson1_0,
    AwsJson1_1,
    AwsQuery,
    Ec2Query,
    /// smithy-rpc-v2-cbor; its bodies need the `cbor` feature.
    RpcV2Cbor,
}

/// What the runtime needs to know about a service.
#[derive(Debug)]
pub struct ServiceSpec {
    /// The model's `serviceId` (`CloudFront`, `Voice ID`): names the
    /// `AWS_ENDPOINT_URL_<SERVICE_ID>` variable and the user agent.
    pub service_id: &'static str,
    /// SigV4 signing name (`cloudfront`, `voiceid`), unless the endpoint overrides it.
    pub signing_name: &'static str,
    pub protocol: Protocol,
    /// The service's endpoint rule set (`endpoint-rule-set-1.json`).
    pub endpoint_rules: &'static str,
    /// botocore's `partitions.json`, for the `aws.partition` rule function.
    pub partitions: &'static str,
    pub api_version: &'static str,
    /// The rule set's client context parameters (`ForcePathStyle`): the
    /// names `ConfigBuilder::client_context_param` may set.
    pub client_context_params: &'static [&'static str],
}

/// What the runtime needs to know about one operation.
#[derive(Debug)]
pub struct OperationSpec {
    /// The model name (`UpdateKeyGroup`).
    pub name: &'static str,
    pub service: &'static ServiceSpec,
    /// The encodings the request body may be compressed with, in the
    /// model's order (`requestcompression`); empty: never compressed.
    pub request_compression: &'static [&'static str],
    /// Compress whatever the body's size: the payload is a blob, which
    /// botocore treats as streaming input (else from the configured minimum).
    pub request_compression_any_size: bool,
    /// The request carries a checksum of its body (`httpChecksumRequired`).
    pub request_checksum_required: bool,
    /// The header of `httpChecksum.requestAlgorithmMember`
    /// (`x-amz-sdk-checksum-algorithm`): the operation takes a checksum.
    pub checksum_algorithm_header: Option<&'static str>,
    /// The header of `httpChecksum.requestValidationModeMember` (`x-amz-checksum-mode`).
    pub checksum_mode_header: Option<&'static str>,
    /// The `httpChecksum.responseAlgorithms` slimaws checks, lower case, in
    /// botocore's priority order.
    pub response_checksum_algorithms: &'static [&'static str],
    /// A 200 whose body is an `<Error>` document, or no XML at all, is a
    /// 500 (S3, botocore's `_handle_200_error`): retried, then parsed as
    /// the error it holds.
    pub success_may_be_error: bool,
    /// Sent without credentials or a signature (botocore's `authtype: none`:
    /// STS `AssumeRoleWithWebIdentity`).
    pub unsigned: bool,
}
