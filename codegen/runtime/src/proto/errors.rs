//! Reading an error response's code, message and request id per protocol,
//! as botocore 1.44.5's `parsers.py` reads them. Empty strings (botocore's
//! defaults) are reported as `None`. Where botocore raises on a body it
//! cannot read (a query error that is not XML, a JSON body that is not an
//! object, a non-string `__type`), the code falls back to the HTTP status as
//! botocore's rest-xml parser does; nothing here panics.

use http::HeaderMap;

use super::{json, xml};
use crate::{ErrorMetadata, Protocol, UnhandledError};

/// The error metadata of a response, read the way botocore reads it for `protocol`.
pub fn parse_error_metadata(
    protocol: Protocol,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> ErrorMetadata {
    // restJson1: an `X-Amzn-Errortype` header names the error even without
    // a body (Smithy's `RestJsonFooErrorUsingXAmznErrorType`); botocore
    // reports the bare status there, its runner skipping those tests.
    let typed = protocol == Protocol::RestJson1 && headers.contains_key("x-amzn-errortype");
    let e = if status >= 500 && is_generic_body(body) && !typed {
        // `_do_generic_error_parse`: a proxy or load balancer answered.
        from_status(status, None)
    } else {
        match protocol {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => json_error(status, headers, body, false),
            Protocol::RestJson1 => json_error(status, headers, body, true),
            Protocol::RestXml => rest_xml_error(status, headers, body),
            Protocol::AwsQuery => query_error(status, body, false),
            Protocol::Ec2Query => query_error(status, body, true),
            #[cfg(feature = "cbor")]
            Protocol::RpcV2Cbor => cbor_error(status, headers, body),
            // Generated code for the protocol enables the feature.
            #[cfg(not(feature = "cbor"))]
            Protocol::RpcV2Cbor => from_status(status, request_id(headers)),
        }
    };
    ErrorMetadata::new(
        non_empty(e.code),
        non_empty(e.message),
        non_empty(e.request_id),
        Some(status),
    )
}

/// A successful response whose output could not be read: the failure, with
/// the response's status and request id.
pub fn unparseable(
    failure: impl Into<UnhandledError>,
    status: u16,
    headers: &HeaderMap,
) -> UnhandledError {
    let meta = ErrorMetadata::new(None, None, request_id(headers), Some(status));
    failure.into().with_meta(meta)
}

/// The request id of any response: `x-amzn-RequestId`, else `x-amz-request-id`
/// (botocore's rest response metadata).
pub fn request_id(headers: &HeaderMap) -> Option<String> {
    non_empty(header(headers, "x-amzn-requestid").or_else(|| header(headers, "x-amz-request-id")))
}

#[derive(Default)]
struct Parsed {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

/// A header's value; repeated headers joined with `, ` as botocore's header
/// dict sees them.
fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    let mut values = headers.get_all(name).iter();
    let first = String::from_utf8_lossy(values.next()?.as_bytes()).into_owned();
    Some(values.fold(first, |mut acc, v| {
        acc.push_str(", ");
        acc.push_str(&String::from_utf8_lossy(v.as_bytes()));
        acc
    }))
}

/// Python's `bytes.strip()` whitespace.
fn is_py_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// `_is_generic_error_response`: an empty body, or one starting `<html>`.
fn is_generic_body(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !is_py_space(b))
        .unwrap_or(body.len());
    let body = &body[start..];
    body.is_empty() || body.starts_with(b"<html>")
}

/// The HTTP status as the code, its reason phrase (Python's
/// `http.client.responses`) as the message.
fn from_status(status: u16, request_id: Option<String>) -> Parsed {
    Parsed {
        code: Some(status.to_string()),
        message: Some(reason_phrase(status).to_owned()),
        request_id,
    }
}

/// `ns#Name:uri` -> `Name`: text after the last `#` of what precedes the first `:`.
fn strip_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code)
}

/// A JSON scalar as Python's `str()` would show it; `None` for null,
/// objects and arrays.
fn scalar_text(v: &json::Value) -> Option<String> {
    match v {
        json::Value::String(s) => Some(s.as_ref().to_owned()),
        json::Value::Number(n) => Some(n.to_string()),
        json::Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_owned()),
        _ => None,
    }
}

/// awsJson (`BaseJSONParser._do_error_parse`) and restJson1
/// (`RestJSONParser._inject_error_code` on top of it).
fn json_error(status: u16, headers: &HeaderMap, body: &[u8], rest: bool) -> Parsed {
    let empty = json::Object::default();
    // botocore: an empty body is `{}`; one that is not JSON becomes the message.
    let parsed = if body.is_empty() {
        None
    } else {
        super::json_value::from_slice(body).ok()
    };
    let fallback_message = match (&parsed, body.is_empty()) {
        (None, false) => Some(String::from_utf8_lossy(body).into_owned()),
        _ => None,
    };
    let obj = match &parsed {
        Some(json::Value::Object(o)) => o,
        _ => &empty,
    };

    let message = match obj.get("message").or_else(|| obj.get("Message")) {
        Some(v) => scalar_text(v),
        None => fallback_message,
    };

    // `__type`, else the status code; a null `__type` leaves no code.
    let mut code = match obj.get("__type") {
        None => Some(status.to_string()),
        Some(json::Value::String(t)) => Some(strip_code(t).to_owned()),
        Some(json::Value::Null) => None,
        Some(_) => Some(status.to_string()),
    };
    if let Some(c) = &mut code {
        query_compatible_code(c, headers);
    }

    if rest {
        if let Some(t) = header(headers, "x-amzn-errortype") {
            code = Some(strip_code(&t).to_owned());
        } else if let Some(v) = obj.get("code").or_else(|| obj.get("Code")) {
            match v {
                json::Value::String(s) => code = Some(strip_code(s).to_owned()),
                json::Value::Number(_) | json::Value::Bool(_) => code = scalar_text(v),
                _ => {}
            }
        }
    }

    Parsed {
        code,
        message,
        request_id: header(headers, "x-amzn-requestid"),
    }
}

/// awsQueryCompatible (`_do_query_compatible_error_parse`): an
/// `x-amzn-query-error: Code;Type` header names the former query error code.
fn query_compatible_code(code: &mut String, headers: &HeaderMap) {
    let Some(query) = header(headers, "x-amzn-query-error") else {
        return;
    };
    let mut parts = query.split(';');
    if let (Some(q), Some(_), None) = (parts.next(), parts.next(), parts.next()) {
        if !q.is_empty() {
            *code = q.to_owned();
        }
    }
}

/// smithy-rpc-v2-cbor (`RpcV2CBORParser._do_error_parse`): `__type`, else
/// the status code; `message` or `Message`. Where botocore raises (a body
/// that is not a CBOR map, a `__type` that is not text) the status code
/// stands in.
#[cfg(feature = "cbor")]
fn cbor_error(status: u16, headers: &HeaderMap, body: &[u8]) -> Parsed {
    use super::cbor::{self, Value};
    let parsed = cbor::parse(body).ok();
    let empty = cbor::Map::default();
    let map = parsed.as_ref().and_then(Value::as_object).unwrap_or(&empty);
    let text = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_owned);
    let mut code = match map.get("__type") {
        Some(Value::Text(t)) => strip_code(t).to_owned(),
        _ => status.to_string(),
    };
    query_compatible_code(&mut code, headers);
    Parsed {
        code: Some(code),
        message: text("message").or_else(|| text("Message")),
        request_id: header(headers, "x-amzn-requestid"),
    }
}

/// What botocore's `_replace_nodes` makes of child `name` of `parent` when
/// it is text: the element's text, if it occurs once and has no children.
fn text_of(parent: &xml::XmlElement, name: &str) -> Option<String> {
    let mut matches = parent.children(name);
    let el = matches.next()?;
    if matches.next().is_some() || !el.children.is_empty() {
        return None;
    }
    Some(el.text().to_owned())
}

/// A child that `_replace_nodes` turns into a dict: the first one named
/// `name`, when it has children.
fn dict_of<'e, 'a>(parent: &'e xml::XmlElement<'a>, name: &str) -> Option<&'e xml::XmlElement<'a>> {
    parent.child(name).filter(|c| !c.children.is_empty())
}

/// restXml (`RestXMLParser._do_error_parse`): S3's bare `<Error>` root, or
/// `<ErrorResponse><Error>..</Error><RequestId>` (any root); a body that is
/// empty or not XML gives the status code and reason phrase, with the
/// `x-amz-request-id` header.
fn rest_xml_error(status: u16, headers: &HeaderMap, body: &[u8]) -> Parsed {
    let root = match xml::parse_root(body) {
        Ok(r) => r,
        _ => return from_status(status, header(headers, "x-amz-request-id")),
    };
    match root {
        // ElementTree only names the root plain `Error` without a namespace.
        (root, false) if root.name == "Error" => Parsed {
            code: text_of(&root, "Code"),
            message: text_of(&root, "Message"),
            request_id: request_id(headers),
        },
        (root, _) => {
            let error = dict_of(&root, "Error");
            Parsed {
                code: error.and_then(|e| text_of(e, "Code")),
                message: error.and_then(|e| text_of(e, "Message")),
                request_id: text_of(&root, "RequestId"),
            }
        }
    }
}

/// A text member of a restXml error (`<Region>` of S3's
/// `AuthorizationHeaderMalformed`), where `rest_xml_error` finds the code.
#[cfg(feature = "s3-redirects")]
pub(crate) fn error_field(body: &[u8], name: &str) -> Option<String> {
    match xml::parse_root(body).ok()? {
        (root, false) if root.name == "Error" => text_of(&root, name),
        (root, _) => dict_of(&root, "Error").and_then(|e| text_of(e, name)),
    }
}

/// awsQuery and ec2Query (`QueryParser` / `EC2QueryParser._do_error_parse`):
/// `<ErrorResponse><Error>` or `<Response><Errors><Error>`, request id from
/// `<RequestId>` (and, for EC2, `<RequestID>`). botocore raises on a body that
/// is not XML; the status code and reason phrase stand in for it here.
fn query_error(status: u16, body: &[u8], ec2: bool) -> Parsed {
    let Ok(root) = xml::parse(body) else {
        return from_status(status, None);
    };
    // `parsed.update(parsed.pop('Errors'))`: members of <Errors> win.
    let errors = dict_of(&root, "Errors");
    let lookup_dict = |name: &str| {
        errors
            .and_then(|e| e.child(name).map(|_| dict_of(e, name)))
            .unwrap_or_else(|| dict_of(&root, name))
    };
    let lookup_text = |name: &str| match errors.filter(|e| e.child(name).is_some()) {
        Some(e) => text_of(e, name),
        None => text_of(&root, name),
    };
    let error = lookup_dict("Error");
    let mut request_id = lookup_text("RequestId");
    if ec2 {
        if let Some(id) = lookup_text("RequestID") {
            request_id = Some(id);
        }
    }
    Parsed {
        code: error.and_then(|e| text_of(e, "Code")),
        message: error.and_then(|e| text_of(e, "Message")),
        request_id,
    }
}

/// Python 3.11's `http.client.responses` (empty for unknown codes).
fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_output_keeps_the_status_and_request_id() {
        let mut headers = HeaderMap::new();
        headers.insert("x-amzn-requestid", "req-9".parse().unwrap());
        let e = unparseable(
            super::super::ProtoError::new("expected a JSON object"),
            200,
            &headers,
        );
        assert_eq!(e.kind(), crate::ErrorKind::Response);
        assert_eq!((e.status(), e.request_id()), (Some(200), Some("req-9")));
        assert_eq!(
            e.to_string(),
            "unparseable response: expected a JSON object (HTTP 200, request id req-9)"
        );
    }

    struct Case {
        name: &'static str,
        protocol: Protocol,
        status: u16,
        headers: &'static [(&'static str, &'static str)],
        body: &'static str,
        code: Option<&'static str>,
        message: Option<&'static str>,
        request_id: Option<&'static str>,
    }

    fn header_map(headers: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                http::HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    fn parse(
        protocol: Protocol,
        status: u16,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> ErrorMetadata {
        parse_error_metadata(protocol, status, &header_map(headers), body)
    }

    /// Every expected value below is botocore 1.44.5's answer, from
    /// /work/shared/oracle (`parse`): `Error.Code`, `Error.Message` and
    /// `ResponseMetadata.RequestId`, with `""` shown as `None`. Services used:
    /// voice-id and dynamodb (json), quicksight (rest-json), cloudfront
    /// (rest-xml), sts (query), ec2 (ec2).
    #[rustfmt::skip]
    const ORACLE: &[Case] = &[
        Case { name: "json_type_ns", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"com.amazonaws.voiceid#ValidationException\",\"message\":\"bad\"}", code: Some("ValidationException"), message: Some("bad"), request_id: Some("rid-1") },
        Case { name: "json_type_colon", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"ValidationException:http://x/y#z\",\"Message\":\"M\"}", code: Some("ValidationException"), message: Some("M"), request_id: Some("rid-1") },
        Case { name: "json_header_only", protocol: Protocol::AwsJson1_0, status: 429, headers: &[("x-amzn-RequestId", "rid-1"), ("x-amzn-ErrorType", "ThrottlingException:http://x")], body: "{\"message\":\"Rate\"}", code: Some("429"), message: Some("Rate"), request_id: Some("rid-1") },
        Case { name: "json_empty_body", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "", code: Some("400"), message: None, request_id: Some("rid-1") },
        Case { name: "json_invalid_body", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "not json", code: Some("400"), message: Some("not json"), request_id: Some("rid-1") },
        Case { name: "json_5xx_empty", protocol: Protocol::AwsJson1_0, status: 503, headers: &[("x-amzn-RequestId", "rid-1")], body: "", code: Some("503"), message: Some("Service Unavailable"), request_id: None },
        Case { name: "json_5xx_html", protocol: Protocol::AwsJson1_0, status: 502, headers: &[("x-amzn-RequestId", "rid-1")], body: "  <html><body>x</body></html>", code: Some("502"), message: Some("Bad Gateway"), request_id: None },
        Case { name: "json_5xx_html_upper", protocol: Protocol::AwsJson1_0, status: 502, headers: &[("x-amzn-RequestId", "rid-1")], body: "<HTML>x</HTML>", code: Some("502"), message: Some("<HTML>x</HTML>"), request_id: Some("rid-1") },
        Case { name: "json_code_lower", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"code\":\"X\",\"message\":\"m\"}", code: Some("400"), message: Some("m"), request_id: Some("rid-1") },
        Case { name: "json_query_error", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1"), ("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")], body: "{\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\",\"message\":\"m\"}", code: Some("AWS.SimpleQueueService.NonExistentQueue"), message: Some("m"), request_id: Some("rid-1") },
        Case { name: "json_query_error_bad", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1"), ("x-amzn-query-error", ";Sender")], body: "{\"__type\":\"QueueDoesNotExist\"}", code: Some("QueueDoesNotExist"), message: None, request_id: Some("rid-1") },
        Case { name: "json_null_message", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"X\",\"message\":null,\"Message\":\"M\"}", code: Some("X"), message: None, request_id: Some("rid-1") },
        Case { name: "json_message_both", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"X\",\"message\":\"a\",\"Message\":\"M\"}", code: Some("X"), message: Some("a"), request_id: Some("rid-1") },
        Case { name: "json_errorMessage", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"X\",\"errorMessage\":\"em\"}", code: Some("X"), message: None, request_id: Some("rid-1") },
        Case { name: "json_type_hash_only", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"a#b#C\"}", code: Some("C"), message: None, request_id: Some("rid-1") },
        Case { name: "restjson_header", protocol: Protocol::RestJson1, status: 404, headers: &[("x-amzn-RequestId", "rid-1"), ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/")], body: "{\"Message\":\"nf\"}", code: Some("ResourceNotFoundException"), message: Some("nf"), request_id: Some("rid-1") },
        Case { name: "restjson_code_body", protocol: Protocol::RestJson1, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"code\":\"com.x#Bad\",\"message\":\"m\"}", code: Some("Bad"), message: Some("m"), request_id: Some("rid-1") },
        Case { name: "restjson_Code_body", protocol: Protocol::RestJson1, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"Code\":\"Bad2\",\"message\":\"m\"}", code: Some("Bad2"), message: Some("m"), request_id: Some("rid-1") },
        Case { name: "restjson_type_body", protocol: Protocol::RestJson1, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"ns#Bad3\"}", code: Some("Bad3"), message: None, request_id: Some("rid-1") },
        Case { name: "restjson_header_and_body", protocol: Protocol::RestJson1, status: 400, headers: &[("x-amzn-RequestId", "rid-1"), ("x-amzn-ErrorType", "HeaderCode")], body: "{\"__type\":\"BodyType\",\"code\":\"BodyCode\"}", code: Some("HeaderCode"), message: None, request_id: Some("rid-1") },
        Case { name: "restjson_empty", protocol: Protocol::RestJson1, status: 403, headers: &[("x-amzn-RequestId", "rid-1")], body: "", code: Some("403"), message: None, request_id: Some("rid-1") },
        Case { name: "restjson_code_null", protocol: Protocol::RestJson1, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"T\",\"code\":null}", code: Some("T"), message: None, request_id: Some("rid-1") },
        Case { name: "restjson_code_num", protocol: Protocol::RestJson1, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"code\":5}", code: Some("5"), message: None, request_id: Some("rid-1") },
        Case { name: "restjson_amz_request_id", protocol: Protocol::RestJson1, status: 400, headers: &[("x-amz-request-id", "amzid")], body: "{\"__type\":\"T\"}", code: Some("T"), message: None, request_id: None },
        Case { name: "restxml_errorresponse", protocol: Protocol::RestXml, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "<ErrorResponse xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><Error><Type>Sender</Type><Code>InvalidArgument</Code><Message>m &amp; n</Message></Error><RequestId>body-rid</RequestId></ErrorResponse>", code: Some("InvalidArgument"), message: Some("m & n"), request_id: Some("body-rid") },
        Case { name: "restxml_errorresponse_no_rid", protocol: Protocol::RestXml, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "<ErrorResponse><Error><Code>C</Code></Error></ErrorResponse>", code: Some("C"), message: None, request_id: None },
        Case { name: "restxml_s3_style", protocol: Protocol::RestXml, status: 404, headers: &[("x-amz-request-id", "hdr-rid"), ("x-amz-id-2", "h2")], body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The key</Message><RequestId>body-rid</RequestId><HostId>h</HostId></Error>", code: Some("NoSuchKey"), message: Some("The key"), request_id: Some("hdr-rid") },
        Case { name: "restxml_s3_style_both_headers", protocol: Protocol::RestXml, status: 404, headers: &[("x-amz-request-id", "hdr-rid"), ("x-amzn-RequestId", "amzn")], body: "<Error><Code>NoSuchKey</Code></Error>", code: Some("NoSuchKey"), message: None, request_id: Some("amzn") },
        Case { name: "restxml_s3_style_ns", protocol: Protocol::RestXml, status: 404, headers: &[("x-amz-request-id", "hdr-rid")], body: "<Error xmlns=\"http://s3\"><Code>NoSuchKey</Code><RequestId>b</RequestId></Error>", code: None, message: None, request_id: Some("b") },
        Case { name: "restxml_invalid", protocol: Protocol::RestXml, status: 400, headers: &[("x-amz-request-id", "hdr-rid"), ("x-amzn-RequestId", "amzn")], body: "<ErrorResponse><Error><Code>C</Code>", code: Some("400"), message: Some("Bad Request"), request_id: Some("hdr-rid") },
        Case { name: "restxml_empty_403", protocol: Protocol::RestXml, status: 403, headers: &[("x-amzn-RequestId", "amzn")], body: "", code: Some("403"), message: Some("Forbidden"), request_id: None },
        Case { name: "restxml_5xx_html", protocol: Protocol::RestXml, status: 503, headers: &[("x-amz-request-id", "r")], body: "<html>busy</html>", code: Some("503"), message: Some("Service Unavailable"), request_id: None },
        Case { name: "restxml_empty_code", protocol: Protocol::RestXml, status: 400, headers: &[], body: "<ErrorResponse><Error><Code></Code><Message/></Error></ErrorResponse>", code: None, message: None, request_id: None },
        Case { name: "restxml_dup_code", protocol: Protocol::RestXml, status: 400, headers: &[], body: "<ErrorResponse><Error><Code>A</Code><Code>B</Code></Error></ErrorResponse>", code: None, message: None, request_id: None },
        Case { name: "restxml_other_root", protocol: Protocol::RestXml, status: 400, headers: &[], body: "<Foo><Code>X</Code><Message>y</Message></Foo>", code: None, message: None, request_id: None },
        Case { name: "restxml_prefixed", protocol: Protocol::RestXml, status: 400, headers: &[], body: "<a:ErrorResponse xmlns:a=\"urn:x\"><a:Error><a:Code>P</a:Code></a:Error><a:RequestId>r</a:RequestId></a:ErrorResponse>", code: Some("P"), message: None, request_id: Some("r") },
        Case { name: "restxml_leading_ws", protocol: Protocol::RestXml, status: 400, headers: &[], body: "\n  <?xml version=\"1.0\"?><ErrorResponse><Error><Code>C</Code></Error></ErrorResponse>", code: Some("400"), message: Some("Bad Request"), request_id: None },
        Case { name: "restxml_leading_ws2", protocol: Protocol::RestXml, status: 400, headers: &[], body: "\n  <ErrorResponse><Error><Code>C</Code></Error></ErrorResponse>", code: Some("C"), message: None, request_id: None },
        Case { name: "restxml_cdata", protocol: Protocol::RestXml, status: 400, headers: &[], body: "<ErrorResponse><Error><Code><![CDATA[Cd]]></Code><Message>a<![CDATA[<b>]]>c</Message></Error></ErrorResponse>", code: Some("Cd"), message: Some("a<b>c"), request_id: None },
        Case { name: "query_error", protocol: Protocol::AwsQuery, status: 403, headers: &[("x-amzn-RequestId", "rid-1")], body: "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>nope</Message></Error><RequestId>q-rid</RequestId></ErrorResponse>", code: Some("AccessDenied"), message: Some("nope"), request_id: Some("q-rid") },
        Case { name: "query_error_no_code", protocol: Protocol::AwsQuery, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "<ErrorResponse><Error><Message>nope</Message></Error></ErrorResponse>", code: None, message: Some("nope"), request_id: None },
        Case { name: "query_ec2_shape", protocol: Protocol::AwsQuery, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "<Response><Errors><Error><Code>X</Code><Message>m</Message></Error></Errors><RequestID>ec2rid</RequestID></Response>", code: Some("X"), message: Some("m"), request_id: None },
        Case { name: "query_5xx_empty", protocol: Protocol::AwsQuery, status: 500, headers: &[("x-amzn-RequestId", "rid-1")], body: "", code: Some("500"), message: Some("Internal Server Error"), request_id: None },
        Case { name: "ec2_error", protocol: Protocol::Ec2Query, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code><Message>Invalid id: \"1343124\"</Message></Error></Errors><RequestID>ec2-rid</RequestID></Response>", code: Some("InvalidInstanceID.Malformed"), message: Some("Invalid id: \"1343124\""), request_id: Some("ec2-rid") },
        Case { name: "ec2_both_rids", protocol: Protocol::Ec2Query, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "<Response><Errors><Error><Code>C</Code></Error></Errors><RequestId>a</RequestId><RequestID>b</RequestID></Response>", code: Some("C"), message: None, request_id: Some("b") },
        Case { name: "ec2_query_shape", protocol: Protocol::Ec2Query, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "<ErrorResponse><Error><Code>QC</Code></Error><RequestId>qrid</RequestId></ErrorResponse>", code: Some("QC"), message: None, request_id: Some("qrid") },
        Case { name: "ec2_unknown_status", protocol: Protocol::Ec2Query, status: 599, headers: &[("x-amzn-RequestId", "rid-1")], body: "", code: Some("599"), message: None, request_id: None },
        Case { name: "json_unknown_status", protocol: Protocol::AwsJson1_0, status: 599, headers: &[("x-amzn-RequestId", "rid-1")], body: "", code: Some("599"), message: None, request_id: None },
        Case { name: "json_msg_num", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"X\",\"message\":5}", code: Some("X"), message: Some("5"), request_id: Some("rid-1") },
        Case { name: "restxml_root_error_nomsg", protocol: Protocol::RestXml, status: 400, headers: &[("x-amzn-RequestId", "amzn")], body: "<Error><Message>only</Message></Error>", code: None, message: Some("only"), request_id: Some("amzn") },
        Case { name: "json_status_418", protocol: Protocol::AwsJson1_0, status: 418, headers: &[], body: "{}", code: Some("418"), message: None, request_id: None },
        Case { name: "restjson_type_colon_hash", protocol: Protocol::RestJson1, status: 400, headers: &[("x-amzn-ErrorType", "aws.protocoltests#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/")], body: "{}", code: Some("FooError"), message: None, request_id: None },
        Case { name: "restxml_entities", protocol: Protocol::RestXml, status: 400, headers: &[], body: "<ErrorResponse><Error><Code>A&#66;&#x43;</Code><Message>&lt;&gt;&quot;&apos;</Message></Error></ErrorResponse>", code: Some("ABC"), message: Some("<>\"'"), request_id: None },
        Case { name: "restxml_ws_code", protocol: Protocol::RestXml, status: 400, headers: &[], body: "<ErrorResponse><Error><Code>\n  Spaced  \n</Code></Error></ErrorResponse>", code: Some("\n  Spaced  \n"), message: None, request_id: None },
        Case { name: "json11_type", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\",\"message\":\"Requested resource not found\"}", code: Some("ResourceNotFoundException"), message: Some("Requested resource not found"), request_id: Some("rid-1") },
        Case { name: "json_ws_body", protocol: Protocol::AwsJson1_0, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: " ", code: Some("400"), message: Some(" "), request_id: Some("rid-1") },
        Case { name: "restjson_query_error_and_header", protocol: Protocol::RestJson1, status: 400, headers: &[("x-amzn-RequestId", "rid-1"), ("x-amzn-query-error", "Legacy;Sender"), ("x-amzn-ErrorType", "NewCode")], body: "{}", code: Some("NewCode"), message: None, request_id: Some("rid-1") },
        Case { name: "restjson_query_error_only", protocol: Protocol::RestJson1, status: 400, headers: &[("x-amzn-RequestId", "rid-1"), ("x-amzn-query-error", "Legacy;Sender")], body: "{\"__type\":\"NewCode\"}", code: Some("Legacy"), message: None, request_id: Some("rid-1") },
        Case { name: "ec2_multiple_errors", protocol: Protocol::Ec2Query, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "<Response><Errors><Error><Code>First</Code><Message>1</Message></Error><Error><Code>Second</Code></Error></Errors><RequestID>r</RequestID></Response>", code: Some("First"), message: Some("1"), request_id: Some("r") },
        Case { name: "query_errors_wrapper", protocol: Protocol::AwsQuery, status: 400, headers: &[("x-amzn-RequestId", "rid-1")], body: "<ErrorResponse><Errors><Error><Code>Inner</Code></Error></Errors><Error><Code>Outer</Code></Error><RequestId>q</RequestId></ErrorResponse>", code: Some("Inner"), message: None, request_id: Some("q") },
        Case { name: "restxml_html_4xx", protocol: Protocol::RestXml, status: 403, headers: &[("x-amz-request-id", "r")], body: "<html><body>denied</body></html>", code: None, message: None, request_id: None },
        Case { name: "json_5xx_body", protocol: Protocol::AwsJson1_0, status: 500, headers: &[("x-amzn-RequestId", "rid-1")], body: "{\"__type\":\"InternalServerException\",\"message\":\"oops\"}", code: Some("InternalServerException"), message: Some("oops"), request_id: Some("rid-1") },
        Case { name: "restxml_5xx_body", protocol: Protocol::RestXml, status: 500, headers: &[("x-amz-request-id", "r")], body: "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>", code: Some("InternalError"), message: Some("We encountered an internal error."), request_id: Some("r") },
        Case { name: "json_5xx_ws_html", protocol: Protocol::AwsJson1_0, status: 504, headers: &[("x-amzn-RequestId", "rid-1")], body: "\r\n\u{000b}<html>", code: Some("504"), message: Some("Gateway Timeout"), request_id: None },
    ];

    #[test]
    fn matches_botocore() {
        for c in ORACLE {
            let m = parse(c.protocol, c.status, c.headers, c.body.as_bytes());
            assert_eq!(m.code(), c.code, "{}: code", c.name);
            assert_eq!(m.message(), c.message, "{}: message", c.name);
            assert_eq!(m.request_id(), c.request_id, "{}: request id", c.name);
            assert_eq!(m.status(), Some(c.status), "{}", c.name);
        }
    }

    /// restJson1 only: a 5xx without a body but with `X-Amzn-Errortype` is
    /// not a generic error (Smithy's `RestJsonFooErrorUsingXAmznErrorType`;
    /// botocore answers `500` with the reason phrase). awsJson keeps
    /// botocore's reading, which ignores the header.
    #[test]
    fn rest_json_5xx_with_error_type_header() {
        let m = parse(
            Protocol::RestJson1,
            500,
            &[("x-amzn-ErrorType", "a#FooError:u")],
            b"",
        );
        assert_eq!((m.code(), m.message()), (Some("FooError"), None));
        let m = parse(
            Protocol::AwsJson1_1,
            500,
            &[("x-amzn-ErrorType", "FooError")],
            b"",
        );
        assert_eq!(
            (m.code(), m.message()),
            (Some("500"), Some("Internal Server Error"))
        );
    }

    #[test]
    fn where_botocore_raises_we_fall_back() {
        let rid = [("x-amzn-RequestId", "rid-1")];
        // botocore: ResponseParserError (not XML) -> status code and reason.
        for body in [&b""[..], b"<ErrorResponse>", b"not xml"] {
            let m = parse(Protocol::AwsQuery, 400, &rid, body);
            assert_eq!((m.code(), m.message()), (Some("400"), Some("Bad Request")));
            assert_eq!(m.request_id(), None);
        }
        // botocore: AttributeError ('list' has no 'get') -> as an empty object.
        let m = parse(Protocol::AwsJson1_1, 400, &rid, b"[1,2]");
        assert_eq!((m.code(), m.message()), (Some("400"), None));
        // botocore: TypeError on a numeric __type -> the status code.
        let m = parse(
            Protocol::AwsJson1_0,
            400,
            &rid,
            br#"{"__type":5,"message":"m"}"#,
        );
        assert_eq!((m.code(), m.message()), (Some("400"), Some("m")));
        // botocore: TypeError merging a <Code> with children -> no code.
        let m = parse(
            Protocol::RestXml,
            400,
            &[],
            b"<ErrorResponse><Error><Code>t<x>1</x></Code></Error></ErrorResponse>",
        );
        assert_eq!(m.code(), None);
        // botocore: UnicodeDecodeError -> the body, lossily, as the message.
        let m = parse(Protocol::RestJson1, 400, &[], b"\xff oops");
        assert_eq!(
            (m.code(), m.message()),
            (Some("400"), Some("\u{fffd} oops"))
        );
        // DTD entities are not expanded (botocore's expat would): no code.
        let m = parse(Protocol::RestXml, 400, &[("x-amz-request-id", "r")],
            b"<!DOCTYPE x [<!ENTITY e \"ent\">]><ErrorResponse><Error><Code>&e;</Code></Error></ErrorResponse>");
        assert_eq!((m.code(), m.request_id()), (Some("400"), Some("r")));
    }

    #[test]
    fn repeated_headers_are_joined() {
        let m = parse(
            Protocol::RestJson1,
            400,
            &[("x-amzn-RequestId", "a"), ("x-amzn-RequestId", "b")],
            b"{}",
        );
        assert_eq!(m.request_id(), Some("a, b"));
        assert_eq!(
            request_id(&header_map(&[("x-amz-request-id", "s3id")])).as_deref(),
            Some("s3id")
        );
        assert_eq!(
            request_id(&header_map(&[
                ("x-amzn-requestid", "x"),
                ("x-amz-request-id", "y")
            ]))
            .as_deref(),
            Some("x")
        );
        assert_eq!(request_id(&HeaderMap::new()), None);
    }

    #[test]
    fn code_stripping() {
        assert_eq!(
            strip_code("aws.protocoltests#FooError:http://internal.amazon.com/coral/x/"),
            "FooError"
        );
        assert_eq!(strip_code("a#b#C"), "C");
        assert_eq!(strip_code("Plain"), "Plain");
        assert_eq!(strip_code(":x"), "");
        assert_eq!(strip_code(""), "");
    }

    #[test]
    fn hostile_bodies_never_panic() {
        let protocols = [
            Protocol::RestJson1,
            Protocol::RestXml,
            Protocol::AwsJson1_0,
            Protocol::AwsJson1_1,
            Protocol::AwsQuery,
            Protocol::Ec2Query,
        ];
        let mut seed = 0x1234_5678_9abc_def1u64;
        let pieces: [&[u8]; 16] = [
            b"<Error>",
            b"</Error>",
            b"<Code>",
            b"</Code>",
            b"<Errors>",
            b"{",
            b"}",
            b"\"__type\":",
            b"\"code\"",
            b":",
            b",",
            b"\"x#y:z\"",
            b"\xff",
            b"&amp;",
            b"null",
            b"<RequestID>r</RequestID>",
        ];
        for i in 0..6_000 {
            let mut body = Vec::new();
            for _ in 0..(seed % 20) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                body.extend_from_slice(pieces[(seed % 16) as usize]);
            }
            let status = [400, 404, 429, 500, 503, 599, 0, 999][i % 8];
            let _ = parse(
                protocols[i % 6],
                status,
                &[("x-amzn-ErrorType", "a:b#c")],
                &body,
            );
        }
        let huge = format!(
            "{{\"__type\":\"{}\",\"message\":\"{}\"}}",
            "A".repeat(1 << 20),
            "m".repeat(1 << 20)
        );
        assert_eq!(
            parse(Protocol::AwsJson1_0, 400, &[], huge.as_bytes())
                .code()
                .map(str::len),
            Some(1 << 20)
        );
        let deep = "<a>".repeat(100_000);
        for p in protocols {
            let _ = parse(p, 400, &[], deep.as_bytes());
            let _ = parse(p, 400, &[], "[".repeat(100_000).as_bytes());
        }
    }

    /// smithy-rpc-v2-cbor errors; the bodies are built with the crate's own
    /// writer (its bytes are checked against botocore's in `cbor`'s tests).
    #[cfg(feature = "cbor")]
    #[test]
    fn cbor_errors_read_as_botocore_reads_them() {
        use crate::proto::cbor::CborWriter;
        let body = |entries: &[(&str, &str)]| {
            let mut w = CborWriter::new();
            w.begin_object();
            for (k, v) in entries {
                w.key(k);
                w.string(v);
            }
            w.end_object();
            w.finish().unwrap()
        };
        let typed = body(&[
            ("__type", "aws.protocoltests#CustomCodeError:http://x"),
            ("Message", "Hi"),
        ]);
        let query = header_map(&[
            ("x-amzn-query-error", "Customized;Sender"),
            ("x-amzn-requestid", "r1"),
        ]);
        type Want<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let none = HeaderMap::new();
        let untyped = body(&[("message", "m")]);
        let cases: [(&[u8], &HeaderMap, Want); 4] = [
            (&typed, &none, (Some("CustomCodeError"), Some("Hi"), None)),
            (&typed, &query, (Some("Customized"), Some("Hi"), Some("r1"))),
            // No `__type`: the status; a body that is not CBOR: the same.
            (&untyped, &none, (Some("400"), Some("m"), None)),
            (b"\xff\x00", &none, (Some("400"), None, None)),
        ];
        for (body, headers, want) in cases {
            let meta = parse_error_metadata(Protocol::RpcV2Cbor, 400, headers, body);
            let got = (meta.code(), meta.message(), meta.request_id());
            assert_eq!(got, want);
        }
    }
}
