//! The format-neutral intermediate representation.
//!
//! Both model loaders (botocore JSON, Smithy JSON AST) produce this, and every
//! later stage (selection, name resolution, emitters) reads only this. All
//! containers are ordered (`BTreeMap` or `Vec` in model order) so the output is
//! deterministic. Documentation is kept as the model's HTML; the emitters turn
//! it into Markdown.

use std::collections::BTreeMap;

/// A shape's name as the model spells it (`KeyGroupConfig`), unique within a service.
pub type ShapeId = String;

/// One AWS service: its metadata, operations and shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The module/feature name used for this service (`quicksight`, `voice_id`).
    pub module: String,
    pub metadata: ServiceMetadata,
    pub documentation: Option<String>,
    /// Operations keyed by their model name (the botocore map key, `UpdateKeyGroup`).
    pub operations: BTreeMap<String, Operation>,
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// The endpoint rule set, kept as raw JSON for the endpoint resolver.
    pub endpoint_rule_set: Option<serde_json::Value>,
    /// botocore's `partitions.json`, which the rule set's `aws.partition` reads.
    pub partitions: Option<serde_json::Value>,
    /// What the generator left out of the model and why (a paginator whose
    /// paths name no member, say), for the front ends to print.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceMetadata {
    pub api_version: String,
    /// Stable service id (`QuickSight`, `CloudFront`, `Voice ID`).
    pub service_id: String,
    pub full_name: String,
    pub endpoint_prefix: String,
    /// The SigV4 signing name (`signingName`, or the endpoint prefix when absent).
    pub signing_name: String,
    pub protocol: Protocol,
    /// awsJson `X-Amz-Target` prefix.
    pub target_prefix: Option<String>,
    pub json_version: Option<String>,
    /// Default XML namespace of a restXml/query service.
    pub xml_namespace: Option<String>,
    /// `awsQueryCompatible`: a former query service now spoken in JSON,
    /// whose requests carry `x-amzn-query-mode: true`.
    pub query_compatible: bool,
    /// Client context parameters of the endpoint rule set (`clientContextParams`).
    pub client_context_params: Vec<ContextParam>,
}

/// The wire protocol of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Protocol {
    #[default]
    RestJson1,
    RestXml,
    AwsJson1_0,
    AwsJson1_1,
    AwsQuery,
    Ec2Query,
    /// smithy-rpc-v2-cbor: RPC over `/service/<target>/operation/<op>`, CBOR bodies.
    SmithyRpcV2Cbor,
}

impl Protocol {
    /// The protocol's botocore name (`rest-json`, `json`, ...).
    pub fn botocore_name(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "rest-json",
            Protocol::RestXml => "rest-xml",
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => "json",
            Protocol::AwsQuery => "query",
            Protocol::Ec2Query => "ec2",
            Protocol::SmithyRpcV2Cbor => "smithy-rpc-v2-cbor",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextParam {
    pub name: String,
    pub documentation: Option<String>,
    /// `string` or `boolean`.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The model name (`UpdateKeyGroup`), never botocore's versioned `name` field.
    pub name: String,
    pub http: HttpTrait,
    pub input: Option<ShapeId>,
    /// restXml: the request's root element name and namespace, when the
    /// operation (not the input shape) sets them.
    pub input_xml_name: Option<String>,
    pub input_xml_namespace: Option<XmlNamespace>,
    pub output: Option<ShapeId>,
    pub errors: Vec<ShapeId>,
    pub documentation: Option<String>,
    pub deprecated: Option<Deprecation>,
    pub idempotent: bool,
    /// `endpoint.hostPrefix`, e.g. `{AccountId}.`.
    pub host_prefix: Option<String>,
    /// Endpoint rule-set parameters fixed by this operation.
    pub static_context_params: BTreeMap<String, serde_json::Value>,
    /// Endpoint rule-set parameters read from the input by a JMESPath
    /// expression (`operationContextParams`): name -> path.
    pub operation_context_params: BTreeMap<String, String>,
    /// The encodings the request body may be compressed with, in the model's
    /// order of preference (botocore `requestcompression.encodings`, Smithy
    /// `requestCompression`); empty when the operation has no such trait.
    pub request_compression: Vec<String>,
    /// The request must carry a checksum of its body (botocore
    /// `httpChecksumRequired` or `httpChecksum.requestChecksumRequired`;
    /// Smithy `httpChecksumRequired` or `aws.protocols#httpChecksum`'s).
    pub request_checksum_required: bool,
    /// How to page through the results (botocore's `paginators-1.json`).
    pub paginator: Option<Paginator>,
    /// The waiters that poll this operation (botocore's `waiters-2.json`).
    pub waiters: Vec<Waiter>,
    /// restXml: the output member read from the text of the body's root
    /// element rather than from a child (S3 `GetBucketLocation`'s bare
    /// `<LocationConstraint>`); set by `customize`.
    pub output_root_text: Option<String>,
    /// Flexible checksums (`httpChecksum`; Smithy `aws.protocols#httpChecksum`).
    pub http_checksum: HttpChecksum,
    /// Send `Expect: 100-continue` when the payload member is set (S3
    /// `PutObject` and `UploadPart`, as botocore's `add_expect_header`
    /// after it makes their bodies file-like); set by `customize`.
    pub expect_continue: bool,
    /// A successful status may carry an error: S3 answers some calls with a
    /// 200 whose body is an `<Error>` document, which botocore's
    /// `_handle_200_error` treats as a 500; set by `customize`.
    pub success_may_be_error: bool,
    /// Sent without a signature or credentials: botocore's `authtype:
    /// none` (`disable_signing`), Smithy's `@auth([])` (STS
    /// `AssumeRoleWithWebIdentity`, which is how one gets credentials).
    pub unsigned: bool,
    /// `\r` and `\n` in the XML body are sent as `&#xD;` and `&#xA;`
    /// (botocore's `escape_xml_payload`, S3 `DeleteObjects`); set by
    /// `customize`.
    pub escape_xml_line_breaks: bool,
    /// Output members to URL-decode when the request asked for URL-encoded
    /// keys on the caller's behalf (S3 listings); set by `customize`.
    pub url_decoded_output: Option<UrlDecodedOutput>,
}

/// botocore's `set_list_objects_encoding_type_url` and
/// `_decode_list_object`: S3 listings ask for `encoding-type=url` when the
/// caller did not choose an encoding, and then decode what came encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlDecodedOutput {
    /// The input member sent as `url` when unset (`EncodingType`); the
    /// output member of the same name says the response is encoded.
    pub encoding_member: String,
    /// Output string members decoded.
    pub top_level: Vec<String>,
    /// `(list member, string member of its items)` decoded.
    pub nested: Vec<(String, String)>,
}

/// An operation's flexible checksums, by input member names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HttpChecksum {
    /// The member naming the request checksum's algorithm (`ChecksumAlgorithm`).
    pub request_algorithm_member: Option<String>,
    /// The member that asks for response validation (`ChecksumMode`).
    pub request_validation_mode_member: Option<String>,
    /// The algorithms a response may carry, as the model lists them (`CRC32`).
    pub response_algorithms: Vec<String>,
}

/// A waiter of `waiters-2.json`: the operation polled every `delay`
/// seconds, at most `max_attempts` times, until an acceptor matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    pub name: String,
    pub delay: u64,
    pub max_attempts: u32,
    pub acceptors: Vec<Acceptor>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    pub state: AcceptorState,
    pub matcher: AcceptorMatcher,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

/// What an acceptor tests; JMESPath `argument`s were compiled when loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum AcceptorMatcher {
    Path {
        argument: String,
        expected: serde_json::Value,
    },
    PathAll {
        argument: String,
        expected: serde_json::Value,
    },
    PathAny {
        argument: String,
        expected: serde_json::Value,
    },
    Status(u16),
    Error(String),
    /// `"expected": true`: any error.
    AnyError,
    /// `"expected": false`: no error.
    NoError,
}

/// An operation's pagination, as botocore's `paginators-1.json` describes
/// it; every path is checked against the input and output shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Paginator {
    /// Input members that take the tokens (`NextToken`, `Marker`).
    pub input_tokens: Vec<String>,
    /// Where each input token's next value is in the output, in the same order.
    pub output_tokens: Vec<OutputPath>,
    /// The input member bounding a page's size (`MaxResults`).
    pub limit_key: Option<String>,
    /// An output boolean saying whether more pages follow (`IsTruncated`).
    pub more_results: Option<OutputPath>,
    /// The output lists (or other values) a page's results are in.
    pub result_keys: Vec<OutputPath>,
}

/// The subset of JMESPath botocore's paginators use: `a.b`, `a[-1].b`, and
/// alternatives `x || y` (the first that is set and not empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputPath {
    /// The expression as the model writes it, for docs and messages.
    pub text: String,
    pub alternatives: Vec<Vec<PathStep>>,
}

/// One `.member` step of a path, with an optional `[index]` into a list
/// (negative counts from the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    pub member: String,
    pub index: Option<i64>,
}

/// The operation's HTTP binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTrait {
    pub method: String,
    /// The URI template, with `{Label}` and `{Label+}` placeholders and an optional query part.
    pub request_uri: String,
    pub response_code: Option<u16>,
}

/// When the runtime compresses an operation's request body, as botocore's
/// `_should_compress_request` decides from the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompressionRule {
    /// No `requestcompression` trait, or a blob payload that `requiresLength`.
    Never,
    /// From the configured minimum size on.
    BySize,
    /// Whatever the size: the payload is a blob, which botocore treats as
    /// streaming input.
    AnySize,
}

impl Service {
    /// How `op`'s request bodies are compressed. botocore counts any input
    /// whose payload member is a blob as streaming (`_get_streaming_body`,
    /// model.py) and then ignores the minimum size.
    pub fn compression_rule(&self, op: &Operation) -> CompressionRule {
        if op.request_compression.is_empty() {
            return CompressionRule::Never;
        }
        let input = op.input.as_ref().and_then(|i| self.shapes.get(i));
        let members: &[Member] = match input.map(|s| &s.kind) {
            Some(ShapeKind::Structure(members)) => members,
            _ => &[],
        };
        let blob_payload = members
            .iter()
            .filter(|m| m.traits.payload)
            .filter_map(|m| self.shapes.get(&m.target))
            .find(|s| matches!(s.kind, ShapeKind::Blob));
        match blob_payload {
            Some(blob) if blob.traits.requires_length => CompressionRule::Never,
            Some(_) => CompressionRule::AnySize,
            None => CompressionRule::BySize,
        }
    }
}

impl Service {
    /// The member of `op`'s output that streams, as botocore's
    /// `has_streaming_output`: the REST payload, a blob marked `streaming`
    /// (S3 `GetObject`'s `Body`). Its bytes reach the caller unread.
    pub fn streaming_output(&self, op: &Operation) -> Option<&Member> {
        self.streaming_payload(op.output.as_deref()?)
    }

    /// The member of `op`'s input that streams (botocore's
    /// `has_streaming_input`): S3 `PutObject`'s `Body`. It is sent as it is
    /// read, from bytes, a file or any stream.
    pub fn streaming_input(&self, op: &Operation) -> Option<&Member> {
        self.streaming_payload(op.input.as_deref()?)
    }

    /// The payload of REST structure `shape` when it is a blob marked
    /// `streaming`.
    fn streaming_payload(&self, shape: &str) -> Option<&Member> {
        if !matches!(
            self.metadata.protocol,
            Protocol::RestJson1 | Protocol::RestXml
        ) {
            return None;
        }
        let ShapeKind::Structure(members) = &self.shapes.get(shape)?.kind else {
            return None;
        };
        members.iter().find(|m| {
            let Some(target) = self.shapes.get(&m.target) else {
                return false;
            };
            m.traits.payload
                && target.kind == ShapeKind::Blob
                && (m.traits.streaming || target.traits.streaming)
        })
    }

    /// The member of `op`'s output that is an event stream (botocore's
    /// `event_stream_name`): its messages reach the caller as they come.
    pub fn event_stream_output(&self, op: &Operation) -> Option<&Member> {
        self.event_stream_member(op.output.as_deref()?)
    }

    /// The members of an RPC output beside its event stream, which its
    /// `initial-response` message carries (botocore reads them before it
    /// hands the stream over); empty for other outputs.
    pub fn initial_response_members(&self, op: &Operation) -> Vec<&Member> {
        let rpc = matches!(
            self.metadata.protocol,
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1
        );
        let (Some(stream), true) = (self.event_stream_output(op), rpc) else {
            return Vec::new();
        };
        let Some(output) = op.output.as_deref().and_then(|o| self.shapes.get(o)) else {
            return Vec::new();
        };
        output
            .kind
            .members()
            .into_iter()
            .filter(|m| m.name != stream.name)
            .collect()
    }

    /// The member of `op`'s input that is an event stream.
    pub fn event_stream_input(&self, op: &Operation) -> Option<&Member> {
        self.event_stream_member(op.input.as_deref()?)
    }

    fn event_stream_member(&self, shape: &str) -> Option<&Member> {
        let ShapeKind::Structure(members) = &self.shapes.get(shape)?.kind else {
            return None;
        };
        members.iter().find(|m| {
            self.shapes
                .get(&m.target)
                .is_some_and(|t| t.traits.event_stream)
        })
    }

    /// Whether `op`'s response body reaches the caller unread: a streaming
    /// blob or an event stream.
    pub fn output_streams(&self, op: &Operation) -> bool {
        self.streaming_output(op).is_some() || self.event_stream_output(op).is_some()
    }

    /// The members of event stream `shape` split into its events and its
    /// modeled errors (members whose target is an error).
    pub fn event_stream_parts(&self, shape: &str) -> (Vec<&Member>, Vec<&Member>) {
        let members = match self.shapes.get(shape).map(|s| &s.kind) {
            Some(ShapeKind::Union(ms) | ShapeKind::Structure(ms)) => ms.as_slice(),
            _ => &[],
        };
        members.iter().partition(|m| {
            self.shapes
                .get(&m.target)
                .is_none_or(|t| t.traits.error.is_none())
        })
    }
}

impl HttpTrait {
    /// What an operation without an HTTP binding uses (awsJson and query
    /// protocols always `POST` to `/`).
    pub fn rpc() -> Self {
        HttpTrait {
            method: "POST".into(),
            request_uri: "/".into(),
            response_code: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Deprecation {
    pub message: Option<String>,
    pub since: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub name: ShapeId,
    pub kind: ShapeKind,
    pub traits: ShapeTraits,
}

/// Every kind of shape the protocols know.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    Structure(Vec<Member>),
    Union(Vec<Member>),
    List(Box<Member>),
    Map {
        key: Box<Member>,
        value: Box<Member>,
    },
    /// A string with a closed set of documented values (unknown values are kept).
    Enum(Vec<EnumValue>),
    IntEnum(Vec<IntEnumValue>),
    String,
    Boolean,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Blob,
    Timestamp,
    Document,
}

impl ShapeKind {
    /// The model's word for this kind, for error messages.
    pub fn describe(&self) -> &'static str {
        match self {
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::String => "string",
            ShapeKind::Boolean => "boolean",
            ShapeKind::Byte => "byte",
            ShapeKind::Short => "short",
            ShapeKind::Integer => "integer",
            ShapeKind::Long => "long",
            ShapeKind::Float => "float",
            ShapeKind::Double => "double",
            ShapeKind::BigInteger => "bigInteger",
            ShapeKind::BigDecimal => "bigDecimal",
            ShapeKind::Blob => "blob",
            ShapeKind::Timestamp => "timestamp",
            ShapeKind::Document => "document",
        }
    }

    /// The structure member `name` (`None` for other kinds).
    pub fn structure_member(&self, name: &str) -> Option<&Member> {
        match self {
            ShapeKind::Structure(members) => members.iter().find(|m| m.name == name),
            _ => None,
        }
    }

    /// Members of aggregate shapes, in model order (list member, map key then value).
    pub fn members(&self) -> Vec<&Member> {
        match self {
            ShapeKind::Structure(m) | ShapeKind::Union(m) => m.iter().collect(),
            ShapeKind::List(m) => vec![m],
            ShapeKind::Map { key, value } => vec![key, value],
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The Smithy member name, or for botocore the value itself.
    pub name: String,
    /// The exact wire string.
    pub value: String,
    pub documentation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntEnumValue {
    pub name: String,
    pub value: i32,
    pub documentation: Option<String>,
}

/// Traits that apply to a shape wherever it is used.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShapeTraits {
    pub documentation: Option<String>,
    pub sensitive: bool,
    pub deprecated: Option<Deprecation>,
    /// Length (strings, blobs, lists, maps) or value (numbers) bounds.
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub pattern: Option<String>,
    pub error: Option<ErrorTrait>,
    pub xml_namespace: Option<XmlNamespace>,
    /// Element name of a top-level structure (restXml `locationName` on a shape).
    pub xml_name: Option<String>,
    pub timestamp_format: Option<TimestampFormat>,
    /// Lists and maps serialized without a wrapping element.
    pub flattened: bool,
    /// A string that holds a JSON value (`jsonvalue`), or a blob payload that streams.
    pub streaming: bool,
    pub event_stream: bool,
    /// A streamed blob whose length must be known up front (`requiresLength`):
    /// botocore never compresses it.
    pub requires_length: bool,
}

/// Marks a structure as an error and says how it appears on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorTrait {
    /// The wire error code, when it differs from the shape name (botocore `error.code`).
    pub code: Option<String>,
    pub http_status: Option<u16>,
    /// `client` (sender fault) or `server`.
    pub fault: ErrorFault,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFault {
    Client,
    Server,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespace {
    pub uri: String,
    pub prefix: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    Iso8601,
    Rfc822,
    UnixTimestamp,
}

/// A member of a structure, union, list or map, with the traits of its binding.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Member name (`KeyGroupConfig`; `member`, `key`, `value` for collections).
    pub name: String,
    pub target: ShapeId,
    pub traits: MemberTraits,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MemberTraits {
    pub documentation: Option<String>,
    pub required: bool,
    pub location: Location,
    /// The wire name (header name, query key, label name, JSON key, XML element).
    pub location_name: Option<String>,
    /// The member is the HTTP body (structure `payload`).
    pub payload: bool,
    pub xml_namespace: Option<XmlNamespace>,
    pub xml_attribute: bool,
    pub flattened: bool,
    /// A header or string holding base64-encoded JSON (botocore `jsonvalue`).
    pub json_value: bool,
    pub timestamp_format: Option<TimestampFormat>,
    pub idempotency_token: bool,
    pub host_label: bool,
    pub sensitive: bool,
    pub deprecated: Option<Deprecation>,
    /// Endpoint rule-set parameter bound to this member (`contextParam`).
    pub context_param: Option<String>,
    /// A default value the model declares (Smithy `default`).
    pub default: Option<serde_json::Value>,
    /// The awsQuery/ec2 wire name (`queryName`).
    pub query_name: Option<String>,
    /// botocore's `streaming` on the reference (S3 marks its bodies there;
    /// Smithy marks the blob shape, [`ShapeTraits::streaming`]).
    pub streaming: bool,
    /// How a header's value is rewritten before it is sent; set by `customize`.
    pub header_rewrite: Option<HeaderRewrite>,
    /// The query value sent when the caller leaves this member unset
    /// (S3's `encoding-type=url` on listings); set by `customize`.
    pub sent_when_unset: Option<String>,
    /// How a top-level input string is rewritten before it is checked and
    /// sent (Route 53's ids, EC2's `UserData`); set by `customize`.
    pub input_rewrite: Option<InputRewrite>,
    /// S3's `Bucket`, checked as botocore's `validate_bucket_name`; set by
    /// `customize`.
    pub s3_bucket: bool,
    /// S3's `Metadata` map, whose keys and values must be ASCII (botocore's
    /// `validate_ascii_metadata`); set by `customize`.
    pub s3_ascii_metadata: bool,
    /// A member of an event read from the message's headers (`eventheader`).
    pub event_header: bool,
    /// The member of an event that is the message's payload (`eventpayload`);
    /// without one the payload is the event's other members.
    pub event_payload: bool,
    /// A header value that does not parse leaves the member unset instead
    /// of failing the response (S3's `Expires`, botocore's
    /// `handle_expires_header`); set by `customize`.
    pub lenient: bool,
}

/// botocore's `before-parameter-build` handlers that rewrite a top-level
/// input string before validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputRewrite {
    /// `fix_route53_ids`: only what follows the last `/` (`/hostedzone/Z1`
    /// is sent `Z1`), so one operation's output id is another's input.
    LastPathSegment,
    /// `base64_encode_user_data`: the text goes base64-encoded.
    Base64,
}

/// botocore's `before-parameter-build` handlers that change a header's
/// value (S3's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderRewrite {
    /// `handle_copy_source_param`: percent-encoded but for `/`, a trailing
    /// `?versionId=...` kept as it is.
    CopySource,
    /// `sse_md5`: unless the caller set the MD5 member (named here), the key
    /// is sent base64-encoded and its MD5 fills that member's header.
    SseCustomerKey { md5_member: String },
}

/// Where an input or output member is bound in the HTTP message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Location {
    /// The body (default).
    #[default]
    Body,
    /// A URI path label.
    Uri,
    /// A query string parameter (`querystring` with a name).
    Query,
    /// A map of query parameters (`querystring` on a map).
    QueryParams,
    /// A single header.
    Header,
    /// A map of headers sharing a prefix (`headers`).
    PrefixHeaders,
    /// The HTTP status code (`statusCode`).
    StatusCode,
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// A service with one operation `Get` whose output is `output`.
    fn service(protocol: &str, output: Value, blob: Value) -> Service {
        let model = json!({
            "metadata": {"apiVersion": "2024-01-01", "protocol": protocol, "serviceId": "S"},
            "operations": {"Get": {"http": {"method": "GET", "requestUri": "/"},
                "output": {"shape": "GetOutput"}}},
            "shapes": {"GetOutput": output, "Content": blob, "String": {"type": "string"}}
        });
        crate::load_model_json(std::path::Path::new("m.json"), "s", &model).unwrap()
    }

    fn streamed(service: &Service) -> Option<&str> {
        let member = service.streaming_output(&service.operations["Get"])?;
        Some(member.name.as_str())
    }

    #[test]
    fn a_streaming_blob_payload_is_marked_on_the_member_or_the_shape() {
        let output = |streaming: bool| {
            json!({"type": "structure", "payload": "Body", "members": {
                "Body": {"shape": "Content", "streaming": streaming},
                "ETag": {"shape": "String", "location": "header", "locationName": "ETag"}}})
        };
        // S3 marks the reference, other models the blob shape.
        let on_member = service("rest-xml", output(true), json!({"type": "blob"}));
        assert_eq!(streamed(&on_member), Some("Body"));
        let on_shape = service(
            "rest-json",
            output(false),
            json!({"type": "blob", "streaming": true}),
        );
        assert_eq!(streamed(&on_shape), Some("Body"));
        let plain = service("rest-json", output(false), json!({"type": "blob"}));
        assert_eq!(
            streamed(&plain),
            None,
            "a blob payload that does not stream"
        );
        let in_body = json!({"type": "structure", "members": {
            "Body": {"shape": "Content", "streaming": true}}});
        let not_payload = service("rest-json", in_body, json!({"type": "blob"}));
        assert_eq!(streamed(&not_payload), None, "not the payload");
    }
}
