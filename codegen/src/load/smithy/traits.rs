//! Typed reads of Smithy trait values, with errors naming the shape or member.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::ir::{Deprecation, ErrorFault, ErrorTrait, TimestampFormat, XmlNamespace};
use crate::load::json::Ctx;

pub(super) const DOC: &str = "smithy.api#documentation";

/// An annotation trait (`{}`) is set; `true` is accepted as a shorthand.
pub(super) fn flag(ctx: &Ctx, traits: &Map<String, Value>, key: &str) -> Result<bool> {
    match traits.get(key) {
        None | Some(Value::Null) | Some(Value::Bool(false)) => Ok(false),
        Some(Value::Object(_)) | Some(Value::Bool(true)) => Ok(true),
        Some(_) => Err(ctx.malformed(format!("`{key}` must be an object"))),
    }
}

/// An object-valued trait (absent or null is `None`).
pub(super) fn object<'v>(
    ctx: &Ctx,
    traits: &'v Map<String, Value>,
    key: &str,
) -> Result<Option<&'v Map<String, Value>>> {
    match traits.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => ctx.object(v, key).map(Some),
    }
}

pub(super) fn deprecated(ctx: &Ctx, traits: &Map<String, Value>) -> Result<Option<Deprecation>> {
    Ok(match object(ctx, traits, "smithy.api#deprecated")? {
        None => None,
        Some(d) => Some(Deprecation {
            message: ctx.opt_str(d, "message")?,
            since: ctx.opt_str(d, "since")?,
        }),
    })
}

pub(super) fn xml_namespace(
    ctx: &Ctx,
    traits: &Map<String, Value>,
) -> Result<Option<XmlNamespace>> {
    Ok(match object(ctx, traits, "smithy.api#xmlNamespace")? {
        None => None,
        Some(ns) => Some(XmlNamespace {
            uri: ctx.str(ns, "uri")?.to_owned(),
            prefix: ctx.opt_str(ns, "prefix")?,
        }),
    })
}

pub(super) fn timestamp_format(
    ctx: &Ctx,
    traits: &Map<String, Value>,
) -> Result<Option<TimestampFormat>> {
    match ctx
        .opt_str(traits, "smithy.api#timestampFormat")?
        .as_deref()
    {
        None => Ok(None),
        Some("date-time") => Ok(Some(TimestampFormat::Iso8601)),
        Some("http-date") => Ok(Some(TimestampFormat::Rfc822)),
        Some("epoch-seconds") => Ok(Some(TimestampFormat::UnixTimestamp)),
        Some(other) => Err(ctx.malformed(format!("unknown timestampFormat `{other}`"))),
    }
}

/// `length` (strings, blobs, collections) or `range` (numbers) bounds.
pub(super) fn bounds(ctx: &Ctx, traits: &Map<String, Value>) -> Result<(Option<f64>, Option<f64>)> {
    let mut min = None;
    let mut max = None;
    for key in ["smithy.api#length", "smithy.api#range"] {
        if let Some(b) = object(ctx, traits, key)? {
            min = min.or(ctx.opt_number(b, "min")?);
            max = max.or(ctx.opt_number(b, "max")?);
        }
    }
    Ok((min, max))
}

/// `error` (`client`/`server`) with `httpError`, or the status and code of
/// `aws.protocols#awsQueryError`, which botocore keeps as `error.code`.
/// botocore drops `httpError` for awsJson services (`http_error: false`).
pub(super) fn error(
    ctx: &Ctx,
    traits: &Map<String, Value>,
    http_error: bool,
) -> Result<Option<ErrorTrait>> {
    let fault = match ctx.opt_str(traits, "smithy.api#error")?.as_deref() {
        None => return Ok(None),
        Some("client") => ErrorFault::Client,
        Some("server") => ErrorFault::Server,
        Some(other) => {
            return Err(ctx.malformed(format!(
                "`smithy.api#error` must be `client` or `server`, not `{other}`"
            )))
        }
    };
    let mut http_status = ctx.opt_u16(traits, "smithy.api#httpError")?;
    if !http_error {
        http_status = None;
    }
    let mut code = None;
    if let Some(q) = object(ctx, traits, "aws.protocols#awsQueryError")? {
        code = Some(ctx.str(q, "code")?.to_owned());
        http_status = http_status.or(ctx.opt_u16(q, "httpResponseCode")?);
    }
    Ok(Some(ErrorTrait {
        code,
        http_status,
        fault,
    }))
}
