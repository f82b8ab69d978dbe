//! Loads a botocore `service-2.json` into the IR.
//!
//! botocore spreads HTTP bindings over members (`location`, `locationName`),
//! structures (`payload`, `required`) and operations (`http`); this loader
//! gathers them onto the IR's members so later stages see one place.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::json::Ctx;
use crate::error::{Error, Result};
use crate::ir::*;

/// Converts a parsed botocore model. `module` is the Rust module name chosen
/// for the service; `path` is only used in error messages.
pub fn load(path: &Path, module: &str, model: &Value) -> Result<Service> {
    let patched = with_operation_payloads(model);
    let model = patched.as_ref().unwrap_or(model);
    let patched = with_target_serialization(model);
    let model = patched.as_ref().unwrap_or(model);
    let root = Ctx::new(path, "model").object(model, "model")?;
    let metadata = load_metadata(path, root)?;

    let shapes_json = match root.get("shapes") {
        Some(v) => Ctx::new(path, "model").object(v, "shapes")?,
        None => return Err(Ctx::new(path, "model").malformed("missing `shapes`")),
    };
    let mut shapes = BTreeMap::new();
    for (name, json) in shapes_json {
        shapes.insert(name.clone(), load_shape(path, name, json)?);
    }

    let mut operations = BTreeMap::new();
    if let Some(ops) = root.get("operations") {
        for (name, json) in Ctx::new(path, "model").object(ops, "operations")? {
            operations.insert(name.clone(), load_operation(path, name, json)?);
        }
    }

    let mut service = Service {
        module: module.to_owned(),
        metadata,
        documentation: Ctx::new(path, "model").opt_str(root, "documentation")?,
        operations,
        shapes,
        endpoint_rule_set: None,
        partitions: None,
        notes: Vec::new(),
    };
    super::link(path, &mut service)?;
    Ok(service)
}

/// Older models name the payload member on the operation's input reference
/// (`"input": {"shape": "In", "payload": "Body"}`), which botocore reads as
/// the input shape's `payload`: a copy of the model with it moved there,
/// or `None` when no operation does so.
fn with_operation_payloads(model: &Value) -> Option<Value> {
    let moves: Vec<(String, Value)> = model
        .get("operations")?
        .as_object()?
        .values()
        .filter_map(|op| {
            let input = op.get("input")?;
            let payload = input.get("payload")?;
            let shape = input.get("shape")?.as_str()?;
            let has_own = model.pointer(&format!("/shapes/{shape}/payload")).is_some();
            (!has_own).then(|| (shape.to_owned(), payload.clone()))
        })
        .collect();
    if moves.is_empty() {
        return None;
    }
    let mut patched = model.clone();
    for (shape, payload) in moves {
        if let Some(Value::Object(s)) = patched.pointer_mut(&format!("/shapes/{shape}")) {
            s.insert("payload".into(), payload);
        }
    }
    Some(patched)
}

/// Serialization traits botocore reads from a shape as well as from the
/// references to it (`Shape.SERIALIZED_ATTRS` that the IR keeps on members).
const MEMBER_SERIALIZATION: [&str; 6] = [
    "location",
    "locationName",
    "queryName",
    "jsonvalue",
    "hostLabel",
    "xmlAttribute",
];

/// A reference takes the serialization traits of its target shape that it
/// does not set itself, as botocore's `ShapeResolver` merges them (older
/// models put `location: header` on a shape; ElastiCache's
/// `PendingLogDeliveryConfigurationList` names its element on the shape): a
/// copy of the model with them on the references, or `None` if none lacks one.
fn with_target_serialization(model: &Value) -> Option<Value> {
    let shapes = model.get("shapes")?.as_object()?;
    let mut patches = Vec::new();
    for (name, shape) in shapes {
        for (pointer, reference) in references(name, shape) {
            let traits = inherited(shapes, reference);
            if !traits.is_empty() {
                patches.push((pointer, traits));
            }
        }
    }
    if patches.is_empty() {
        return None;
    }
    let mut patched = model.clone();
    for (pointer, traits) in patches {
        if let Some(Value::Object(reference)) = patched.pointer_mut(&pointer) {
            reference.extend(traits.into_iter().map(|(k, v)| (k.to_owned(), v)));
        }
    }
    Some(patched)
}

/// The shape references in shape `name` (list member, map key and value,
/// structure members), each with its JSON pointer in the model.
fn references<'m>(name: &str, shape: &'m Value) -> Vec<(String, &'m Value)> {
    let escape = |s: &str| s.replace('~', "~0").replace('/', "~1");
    let base = format!("/shapes/{}", escape(name));
    let mut refs: Vec<(String, &Value)> = ["member", "key", "value"]
        .iter()
        .filter_map(|k| Some((format!("{base}/{k}"), shape.get(*k)?)))
        .collect();
    if let Some(Value::Object(members)) = shape.get("members") {
        refs.extend(
            members
                .iter()
                .map(|(m, r)| (format!("{base}/members/{}", escape(m)), r)),
        );
    }
    refs
}

/// The serialization traits `reference` takes from its target shape.
fn inherited(shapes: &Map<String, Value>, reference: &Value) -> Vec<(&'static str, Value)> {
    let Some(target) = reference
        .get("shape")
        .and_then(Value::as_str)
        .and_then(|t| shapes.get(t))
    else {
        return Vec::new();
    };
    MEMBER_SERIALIZATION
        .iter()
        .filter(|k| reference.get(**k).is_none())
        .filter_map(|k| Some((*k, target.get(*k)?.clone())))
        .collect()
}

fn load_metadata(path: &Path, root: &Map<String, Value>) -> Result<ServiceMetadata> {
    let ctx = Ctx::new(path, "metadata");
    let meta = match root.get("metadata") {
        Some(v) => ctx.object(v, "metadata")?,
        None => return Err(ctx.malformed("missing `metadata`")),
    };
    let protocol_name = resolved_protocol(path, &ctx, meta)?;
    let json_version = ctx.opt_str(meta, "jsonVersion")?;
    let protocol = match protocol_name.as_str() {
        "rest-json" => Protocol::RestJson1,
        "rest-xml" => Protocol::RestXml,
        "json" if json_version.as_deref() == Some("1.0") => Protocol::AwsJson1_0,
        "json" => Protocol::AwsJson1_1,
        "query" => Protocol::AwsQuery,
        "ec2" => Protocol::Ec2Query,
        "smithy-rpc-v2-cbor" => Protocol::SmithyRpcV2Cbor,
        other => {
            return Err(Error::UnsupportedProtocol {
                path: path.to_owned(),
                protocol: other.to_owned(),
                supported: "json, rest-json, rest-xml, smithy-rpc-v2-cbor, query, ec2",
            })
        }
    };
    let endpoint_prefix = ctx.opt_str(meta, "endpointPrefix")?.unwrap_or_default();
    let signing_name = ctx
        .opt_str(meta, "signingName")?
        .unwrap_or_else(|| endpoint_prefix.clone());
    let mut client_context_params = Vec::new();
    if let Some(params) = meta.get("clientContextParams") {
        for (name, p) in ctx.object(params, "clientContextParams")? {
            let p = ctx.object(p, name)?;
            client_context_params.push(ContextParam {
                name: name.clone(),
                documentation: ctx.opt_str(p, "documentation")?,
                kind: ctx.opt_str(p, "type")?.unwrap_or_else(|| "string".into()),
            });
        }
    }
    Ok(ServiceMetadata {
        api_version: ctx.opt_str(meta, "apiVersion")?.unwrap_or_default(),
        service_id: ctx.opt_str(meta, "serviceId")?.unwrap_or_default(),
        full_name: ctx.opt_str(meta, "serviceFullName")?.unwrap_or_default(),
        endpoint_prefix,
        signing_name,
        protocol,
        target_prefix: ctx.opt_str(meta, "targetPrefix")?,
        json_version,
        xml_namespace: ctx.opt_str(meta, "xmlNamespace")?,
        query_compatible: meta.contains_key("awsQueryCompatible"),
        client_context_params,
    })
}

/// botocore's order of preference among the protocols a service lists
/// (`PRIORITY_ORDERED_SUPPORTED_PROTOCOLS` in `botocore/utils.py`).
const PROTOCOL_PRIORITY: [&str; 6] = [
    "json",
    "rest-json",
    "rest-xml",
    "smithy-rpc-v2-cbor",
    "query",
    "ec2",
];

/// The protocol botocore speaks to a service (`ServiceModel.resolved_protocol`):
/// the first of its priority list that `metadata.protocols` names, else the
/// legacy `metadata.protocol`.
fn resolved_protocol(path: &Path, ctx: &Ctx, meta: &Map<String, Value>) -> Result<String> {
    let listed = ctx.str_list(meta, "protocols")?;
    if listed.is_empty() {
        return Ok(ctx.str(meta, "protocol")?.to_owned());
    }
    match PROTOCOL_PRIORITY
        .iter()
        .find(|p| listed.iter().any(|l| l == *p))
    {
        Some(p) => Ok((*p).to_owned()),
        None => Err(Error::UnsupportedProtocol {
            path: path.to_owned(),
            protocol: listed.join(", "),
            supported: "json, rest-json, rest-xml, smithy-rpc-v2-cbor, query, ec2",
        }),
    }
}

fn load_operation(path: &Path, name: &str, json: &Value) -> Result<Operation> {
    let ctx = Ctx::new(path, format!("operation {name}"));
    let op = ctx.object(json, name)?;
    let http = match op.get("http") {
        Some(h) => {
            let h = ctx.object(h, "http")?;
            // botocore's serializers default to `POST` and `/`.
            HttpTrait {
                method: ctx.opt_str(h, "method")?.unwrap_or_else(|| "POST".into()),
                request_uri: ctx.opt_str(h, "requestUri")?.unwrap_or_else(|| "/".into()),
                response_code: ctx.opt_u16(h, "responseCode")?,
            }
        }
        None => HttpTrait::rpc(),
    };
    let shape_ref = |key: &str| -> Result<Option<(String, Map<String, Value>)>> {
        match op.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => {
                let r = ctx.object(v, key)?;
                Ok(Some((ctx.str(r, "shape")?.to_owned(), r.clone())))
            }
        }
    };
    let input = shape_ref("input")?;
    let output = shape_ref("output")?;
    let (input_xml_name, input_xml_namespace) = match &input {
        Some((_, r)) => (
            ctx.opt_str(r, "locationName")?,
            xml_namespace(&ctx, r.get("xmlNamespace"))?,
        ),
        None => (None, None),
    };
    let mut errors = Vec::new();
    if let Some(list) = op.get("errors") {
        let list = list
            .as_array()
            .ok_or_else(|| ctx.malformed("`errors` must be a list"))?;
        for e in list {
            errors.push(ctx.str(ctx.object(e, "errors")?, "shape")?.to_owned());
        }
    }
    let host_prefix = match op.get("endpoint") {
        Some(e) => ctx.opt_str(ctx.object(e, "endpoint")?, "hostPrefix")?,
        None => None,
    };
    let mut static_context_params = BTreeMap::new();
    if let Some(params) = op.get("staticContextParams") {
        for (k, v) in ctx.object(params, "staticContextParams")? {
            let value =
                ctx.object(v, k)?.get("value").cloned().ok_or_else(|| {
                    ctx.malformed(format!("staticContextParams.{k} has no value"))
                })?;
            static_context_params.insert(k.clone(), value);
        }
    }
    let mut operation_context_params = BTreeMap::new();
    if let Some(params) = op.get("operationContextParams") {
        for (k, v) in ctx.object(params, "operationContextParams")? {
            let path = ctx.str(ctx.object(v, k)?, "path")?.to_owned();
            operation_context_params.insert(k.clone(), path);
        }
    }
    Ok(Operation {
        name: name.to_owned(),
        http,
        input: input.map(|(s, _)| s),
        input_xml_name,
        input_xml_namespace,
        output: output.map(|(s, _)| s),
        errors,
        documentation: ctx.opt_str(op, "documentation")?,
        deprecated: deprecation(&ctx, op)?,
        idempotent: ctx.bool(op, "idempotent")?,
        host_prefix,
        static_context_params,
        operation_context_params,
        request_compression: ctx
            .compression_encodings(op.get("requestcompression"), "requestcompression")?,
        request_checksum_required: ctx.bool(op, "httpChecksumRequired")?
            || match op.get("httpChecksum") {
                Some(c) => ctx.bool(ctx.object(c, "httpChecksum")?, "requestChecksumRequired")?,
                None => false,
            },
        paginator: None,
        waiters: Vec::new(),
        output_root_text: None,
        expect_continue: false,
        success_may_be_error: false,
        escape_xml_line_breaks: false,
        unsigned: op.get("authtype").and_then(|a| a.as_str()) == Some("none"),
        url_decoded_output: None,
        http_checksum: match op.get("httpChecksum") {
            Some(c) => ctx.http_checksum(ctx.object(c, "httpChecksum")?)?,
            None => HttpChecksum::default(),
        },
    })
}

fn load_shape(path: &Path, name: &str, json: &Value) -> Result<Shape> {
    let ctx = Ctx::new(path, format!("shape {name}"));
    let obj = ctx.object(json, name)?;
    let type_name = ctx.str(obj, "type")?;
    let kind = match type_name {
        "structure" if ctx.bool(obj, "document")? => ShapeKind::Document,
        "structure" => {
            let members = load_members(path, name, obj)?;
            // An event stream is one event at a time: a union, as Smithy
            // models it.
            if ctx.bool(obj, "union")? || ctx.bool(obj, "eventstream")? {
                ShapeKind::Union(members)
            } else {
                ShapeKind::Structure(members)
            }
        }
        "list" => ShapeKind::List(Box::new(collection_member(path, name, obj, "member")?)),
        "map" => ShapeKind::Map {
            key: Box::new(collection_member(path, name, obj, "key")?),
            value: Box::new(collection_member(path, name, obj, "value")?),
        },
        // botocore's `character` (older models) is a one-character string.
        "string" | "character" => match obj.get("enum") {
            Some(values) => {
                let values = values
                    .as_array()
                    .ok_or_else(|| ctx.malformed("`enum` must be a list of strings"))?;
                let mut out = Vec::with_capacity(values.len());
                for v in values {
                    let v = v
                        .as_str()
                        .ok_or_else(|| ctx.malformed("`enum` must be a list of strings"))?;
                    // A repeated value would repeat a match arm; keep the first.
                    if out.iter().any(|e: &EnumValue| e.value == v) {
                        continue;
                    }
                    out.push(EnumValue {
                        name: v.to_owned(),
                        value: v.to_owned(),
                        documentation: None,
                    });
                }
                ShapeKind::Enum(out)
            }
            None => ShapeKind::String,
        },
        "boolean" => ShapeKind::Boolean,
        "byte" => ShapeKind::Byte,
        "short" => ShapeKind::Short,
        "integer" => ShapeKind::Integer,
        "long" => ShapeKind::Long,
        "float" => ShapeKind::Float,
        "double" => ShapeKind::Double,
        "bigInteger" | "biginteger" => ShapeKind::BigInteger,
        "bigDecimal" | "bigdecimal" => ShapeKind::BigDecimal,
        "blob" => ShapeKind::Blob,
        "timestamp" => ShapeKind::Timestamp,
        other => {
            return Err(Error::UnknownType {
                path: path.to_owned(),
                shape: name.to_owned(),
                kind: other.to_owned(),
            })
        }
    };
    let error = if ctx.bool(obj, "exception")? || obj.contains_key("error") {
        let e = match obj.get("error") {
            Some(e) => ctx.object(e, "error")?.clone(),
            None => Map::new(),
        };
        let http_status = ctx.opt_u16(&e, "httpStatusCode")?;
        let fault = if ctx.bool(obj, "fault")? {
            ErrorFault::Server
        } else if ctx.bool(&e, "senderFault")? {
            ErrorFault::Client
        } else if http_status.is_some_and(|s| s >= 500) {
            ErrorFault::Server
        } else {
            ErrorFault::Client
        };
        Some(ErrorTrait {
            code: ctx.opt_str(&e, "code")?,
            http_status,
            fault,
        })
    } else {
        None
    };
    let traits = ShapeTraits {
        documentation: ctx.opt_str(obj, "documentation")?,
        sensitive: ctx.bool(obj, "sensitive")?,
        deprecated: deprecation(&ctx, obj)?,
        min: ctx.opt_number(obj, "min")?,
        max: ctx.opt_number(obj, "max")?,
        pattern: ctx.opt_str(obj, "pattern")?,
        error,
        xml_namespace: xml_namespace(&ctx, obj.get("xmlNamespace"))?,
        xml_name: ctx.opt_str(obj, "locationName")?,
        timestamp_format: timestamp_format(&ctx, obj)?,
        flattened: ctx.bool(obj, "flattened")?,
        streaming: ctx.bool(obj, "streaming")?,
        event_stream: ctx.bool(obj, "eventstream")?,
        requires_length: ctx.bool(obj, "requiresLength")?,
    };
    Ok(Shape {
        name: name.to_owned(),
        kind,
        traits,
    })
}

fn load_members(path: &Path, shape: &str, obj: &Map<String, Value>) -> Result<Vec<Member>> {
    let ctx = Ctx::new(path, format!("shape {shape}"));
    let required: Vec<&str> = match obj.get("required") {
        None => Vec::new(),
        Some(Value::Array(names)) => names
            .iter()
            .map(|n| {
                n.as_str()
                    .ok_or_else(|| ctx.malformed("`required` must be a list of member names"))
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(ctx.malformed("`required` must be a list of member names")),
    };
    let payload = ctx.opt_str(obj, "payload")?;
    let members_json = match obj.get("members") {
        Some(m) => ctx.object(m, "members")?,
        None => return Ok(Vec::new()),
    };
    for name in &required {
        if !members_json.contains_key(*name) {
            return Err(ctx.malformed(format!("`required` names `{name}`, which is not a member")));
        }
    }
    if let Some(p) = &payload {
        if !members_json.contains_key(p) {
            return Err(ctx.malformed(format!("`payload` names `{p}`, which is not a member")));
        }
    }
    let mut members = Vec::with_capacity(members_json.len());
    for (name, json) in members_json {
        let mctx = Ctx::new(path, format!("shape {shape}, member {name}"));
        let m = mctx.object(json, name)?;
        let mut member = load_member(&mctx, name, m)?;
        member.traits.required = required.contains(&name.as_str());
        member.traits.payload = payload.as_deref() == Some(name.as_str());
        members.push(member);
    }
    Ok(members)
}

fn collection_member(
    path: &Path,
    shape: &str,
    obj: &Map<String, Value>,
    key: &str,
) -> Result<Member> {
    let ctx = Ctx::new(path, format!("shape {shape}, member {key}"));
    let m = match obj.get(key) {
        Some(v) => ctx.object(v, key)?,
        None => return Err(ctx.malformed(format!("missing `{key}`"))),
    };
    load_member(&ctx, key, m)
}

fn load_member(ctx: &Ctx, name: &str, m: &Map<String, Value>) -> Result<Member> {
    let location = match ctx.opt_str(m, "location")?.as_deref() {
        None => Location::Body,
        Some("uri") => Location::Uri,
        // Refined to QueryParams once the target is known to be a map (see `link`).
        Some("querystring") => Location::Query,
        Some("header") => Location::Header,
        Some("headers") => Location::PrefixHeaders,
        Some("statusCode") => Location::StatusCode,
        Some(other) => return Err(ctx.malformed(format!("unknown location `{other}`"))),
    };
    let context_param = match m.get("contextParam") {
        Some(p) => Some(ctx.str(ctx.object(p, "contextParam")?, "name")?.to_owned()),
        None => None,
    };
    Ok(Member {
        name: name.to_owned(),
        target: ctx.str(m, "shape")?.to_owned(),
        traits: MemberTraits {
            documentation: ctx.opt_str(m, "documentation")?,
            required: false,
            location,
            location_name: ctx.opt_str(m, "locationName")?,
            payload: false,
            xml_namespace: xml_namespace(ctx, m.get("xmlNamespace"))?,
            xml_attribute: ctx.bool(m, "xmlAttribute")?,
            flattened: ctx.bool(m, "flattened")?,
            json_value: ctx.bool(m, "jsonvalue")?,
            timestamp_format: timestamp_format(ctx, m)?,
            idempotency_token: ctx.bool(m, "idempotencyToken")?,
            host_label: ctx.bool(m, "hostLabel")?,
            sensitive: ctx.bool(m, "sensitive")?,
            deprecated: deprecation(ctx, m)?,
            context_param,
            default: None,
            query_name: ctx.opt_str(m, "queryName")?,
            streaming: ctx.bool(m, "streaming")?,
            header_rewrite: None,
            sent_when_unset: None,
            input_rewrite: None,
            lenient: false,
            s3_bucket: false,
            s3_ascii_metadata: false,
            event_header: ctx.bool(m, "eventheader")?,
            event_payload: ctx.bool(m, "eventpayload")?,
        },
    })
}

fn deprecation(ctx: &Ctx, obj: &Map<String, Value>) -> Result<Option<Deprecation>> {
    if !ctx.bool(obj, "deprecated")? {
        return Ok(None);
    }
    Ok(Some(Deprecation {
        message: ctx.opt_str(obj, "deprecatedMessage")?,
        since: ctx.opt_str(obj, "deprecatedSince")?,
    }))
}

fn xml_namespace(ctx: &Ctx, value: Option<&Value>) -> Result<Option<XmlNamespace>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        // Some models give the namespace as a bare URI string.
        Some(Value::String(uri)) => Ok(Some(XmlNamespace {
            uri: uri.clone(),
            prefix: None,
        })),
        Some(v) => {
            let ns = ctx.object(v, "xmlNamespace")?;
            Ok(Some(XmlNamespace {
                uri: ctx.opt_str(ns, "uri")?.unwrap_or_default(),
                prefix: ctx.opt_str(ns, "prefix")?,
            }))
        }
    }
}

fn timestamp_format(ctx: &Ctx, obj: &Map<String, Value>) -> Result<Option<TimestampFormat>> {
    match ctx.opt_str(obj, "timestampFormat")?.as_deref() {
        None => Ok(None),
        Some("iso8601") => Ok(Some(TimestampFormat::Iso8601)),
        Some("rfc822") => Ok(Some(TimestampFormat::Rfc822)),
        Some("unixTimestamp") => Ok(Some(TimestampFormat::UnixTimestamp)),
        Some(other) => Err(ctx.malformed(format!("unknown timestampFormat `{other}`"))),
    }
}
