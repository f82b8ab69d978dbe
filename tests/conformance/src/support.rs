//! Hand-written helpers the generated conformance tests call (the generator
//! never writes this file).
//!
//! The expected request or result of a case is read from the suite file
//! itself (embedded with `include_str!`), so the tests compare with the
//! suites byte for byte as botocore ships them. The comparison rules follow
//! botocore's runner (`tests/unit/test_protocols.py`):
//!
//! - requests: the method, the path exactly (after the runtime joins it to
//!   the path of the case's `clientEndpoint`, as `send` does), the query as a multiset of
//!   decoded pairs (botocore compares the whole URI string, so its own order),
//!   the expected headers (names case-insensitive, values exact after
//!   botocore's list-header and `Content-Type` normalizations),
//!   `Content-Encoding` as an RFC 9110 list (see [`content_coding_list`]),
//!   `forbidHeaders` absent (`requireHeaders`, only ever `Content-Length`,
//!   which the transport sets, is not checked, as in botocore), the host
//!   (the operation's `host_prefix` in front of the case's `clientEndpoint`)
//!   when the case gives one, and the body: JSON and XML semantically (JSON
//!   values with Python's `==`; XML canonicalized with text stripped, like
//!   `ET.canonicalize(strip_text=True)`, map entries in key order since a
//!   `HashMap` keeps no order), anything else (form bodies) byte for byte;
//! - responses: the parsed output, converted to botocore's shape of a parsed
//!   response (member names as keys, timestamps as epoch seconds, blobs as
//!   UTF-8 text, NaN and the infinities as strings), compared with the
//!   case's `result` with Python's `==`; for errors, `{"Error": {"Code"}}`
//!   (and `"Message"` when the case gives `errorMessage`) plus the members of
//!   the modeled error, which must be the one botocore picks for the code.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

pub use serde_json::Value as Json;
use slimaws_runtime::http;
pub use slimaws_runtime::http::HeaderMap;
use slimaws_runtime::proto::{cbor, ProtoError};
use slimaws_runtime::{
    join_endpoint_path, BigDecimal, BigInteger, Blob, Config, DateTime, Document, ErrorMetadata,
    Number, OperationSpec,
};

// ---------------------------------------------------------------------------
// The suites

/// Suite keys (`<protocol>/<direction>`) and their files.
const SUITES: &[(&str, &str)] = &[
    (
        "rest-json/input",
        include_str!("../suites/input/rest-json.json"),
    ),
    (
        "rest-json/output",
        include_str!("../suites/output/rest-json.json"),
    ),
    (
        "rest-xml/input",
        include_str!("../suites/input/rest-xml.json"),
    ),
    (
        "rest-xml/output",
        include_str!("../suites/output/rest-xml.json"),
    ),
    ("json/input", include_str!("../suites/input/json.json")),
    ("json/output", include_str!("../suites/output/json.json")),
    (
        "json_1_0/input",
        include_str!("../suites/input/json_1_0.json"),
    ),
    (
        "json_1_0/output",
        include_str!("../suites/output/json_1_0.json"),
    ),
    (
        "json_1_0-query-compatible/input",
        include_str!("../suites/input/json_1_0-query-compatible.json"),
    ),
    (
        "json_1_0-query-compatible/output",
        include_str!("../suites/output/json_1_0-query-compatible.json"),
    ),
    ("query/input", include_str!("../suites/input/query.json")),
    ("query/output", include_str!("../suites/output/query.json")),
    ("ec2/input", include_str!("../suites/input/ec2.json")),
    ("ec2/output", include_str!("../suites/output/ec2.json")),
    (
        "smithy-rpc-v2-cbor/input",
        include_str!("../suites/input/smithy-rpc-v2-cbor.json"),
    ),
    (
        "smithy-rpc-v2-cbor/output",
        include_str!("../suites/output/smithy-rpc-v2-cbor.json"),
    ),
    (
        "smithy-rpc-v2-cbor-query-compatible/input",
        include_str!("../suites/input/smithy-rpc-v2-cbor-query-compatible.json"),
    ),
    (
        "smithy-rpc-v2-cbor-query-compatible/output",
        include_str!("../suites/output/smithy-rpc-v2-cbor-query-compatible.json"),
    ),
    (
        "smithy-rpc-v2-cbor-non-query-compatible/input",
        include_str!("../suites/input/smithy-rpc-v2-cbor-non-query-compatible.json"),
    ),
    (
        "smithy-rpc-v2-cbor-non-query-compatible/output",
        include_str!("../suites/output/smithy-rpc-v2-cbor-non-query-compatible.json"),
    ),
    (
        "legacy/rest-json/input",
        include_str!("../suites/legacy/input/rest-json.json"),
    ),
    (
        "legacy/rest-json/output",
        include_str!("../suites/legacy/output/rest-json.json"),
    ),
    (
        "legacy/rest-xml/input",
        include_str!("../suites/legacy/input/rest-xml.json"),
    ),
    (
        "legacy/rest-xml/output",
        include_str!("../suites/legacy/output/rest-xml.json"),
    ),
    (
        "legacy/json/input",
        include_str!("../suites/legacy/input/json.json"),
    ),
    (
        "legacy/json/output",
        include_str!("../suites/legacy/output/json.json"),
    ),
    (
        "legacy/query/input",
        include_str!("../suites/legacy/input/query.json"),
    ),
    (
        "legacy/query/output",
        include_str!("../suites/legacy/output/query.json"),
    ),
    (
        "legacy/ec2/input",
        include_str!("../suites/legacy/input/ec2.json"),
    ),
    (
        "legacy/ec2/output",
        include_str!("../suites/legacy/output/ec2.json"),
    ),
];

fn suite(key: &str) -> &'static Json {
    static PARSED: [OnceLock<Json>; SUITES.len()] = [const { OnceLock::new() }; SUITES.len()];
    let i = SUITES
        .iter()
        .position(|(k, _)| *k == key)
        .unwrap_or_else(|| panic!("no suite {key}"));
    PARSED[i].get_or_init(|| {
        serde_json::from_str(SUITES[i].1).unwrap_or_else(|e| panic!("suite {key}: {e}"))
    })
}

/// A case and the group it belongs to.
struct Case {
    group: &'static Json,
    case: &'static Json,
}

/// The case `id` names: its `id`, or in the legacy suites, which have
/// none, the group's description and the case's place (`Scalar members 2`,
/// `Nested structures (2) 1` for a second group of that description), as
/// the generator names them.
fn find(key: &str, id: &str) -> Case {
    let mut seen: std::collections::BTreeMap<&str, usize> = Default::default();
    for group in suite(key).as_array().into_iter().flatten() {
        let description = group["description"].as_str().unwrap_or_default();
        let repeat = *seen.entry(description).and_modify(|n| *n += 1).or_insert(0);
        for (n, case) in group["cases"].as_array().into_iter().flatten().enumerate() {
            let matches = match case["id"].as_str() {
                Some(case_id) => case_id == id,
                None if repeat == 0 => format!("{description} {}", n + 1) == id,
                None => format!("{description} ({}) {}", repeat + 1, n + 1) == id,
            };
            if matches {
                return Case { group, case };
            }
        }
    }
    panic!("suite {key} has no case {id}")
}

impl Case {
    fn protocol(&self) -> &'static str {
        self.group["metadata"]["protocol"]
            .as_str()
            .unwrap_or_default()
    }

    fn shapes(&self) -> &'static Json {
        &self.group["shapes"]
    }

    fn title(&self, key: &str) -> String {
        format!(
            "{key} case {}: {}",
            self.case["id"].as_str().unwrap_or_default(),
            self.case["description"].as_str().unwrap_or_default()
        )
    }
}

// ---------------------------------------------------------------------------
// Input cases

/// The token the suites expect for an idempotency token left unset (Smithy's
/// protocol tests fix the SDK's token generator to this value).
pub fn fixed_idempotency_token() -> String {
    "00000000-0000-4000-8000-000000000000".to_owned()
}

/// A serialized request after the runtime's body steps, compression and
/// required checksum (what `send` does before signing), with the default
/// configuration; checks that a compressed body gunzips to the serialized
/// one, since the suites give no body for these cases.
pub fn as_sent(
    op: &OperationSpec,
    request: Result<http::Request<Vec<u8>>, ProtoError>,
) -> Result<http::Request<Vec<u8>>, ProtoError> {
    let mut request = request?;
    let serialized = request.body().clone();
    if slimaws_runtime::compress_request(op, &Config::builder().build(), &mut request) {
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&request.body()[..]),
            &mut unzipped,
        )
        .expect("the compressed body is gzip");
        assert_eq!(
            unzipped, serialized,
            "the compressed body must gunzip to the serialized one"
        );
    }
    let when = slimaws_runtime::RequestChecksumCalculation::WhenSupported;
    slimaws_runtime::add_request_checksum(op, when, &mut request)
        .map_err(|e| ProtoError::new(format!("checksum: {e}")))?;
    Ok(request)
}

/// Compares a serialized request, and the endpoint host prefix the
/// operation adds, with the case's `serialized`.
pub fn check_request(
    key: &str,
    id: &str,
    actual: Result<http::Request<Vec<u8>>, ProtoError>,
    host_prefix: Option<String>,
) {
    let case = find(key, id);
    let title = case.title(key);
    let request = match actual {
        Ok(r) => r,
        Err(e) => panic!("{title}\nserialize_request failed: {e}"),
    };
    let expected = &case.case["serialized"];
    let protocol = case.protocol();
    let mut problems = Vec::new();

    // Method.
    if let Some(m) = expected["method"].as_str() {
        if request.method().as_str() != m {
            problems.push(format!("method: expected {m}, got {}", request.method()));
        }
    }

    // Path and query.
    let want_uri = expected["uri"].as_str().unwrap_or_default();
    let (want_path, want_query) = split_uri(want_uri);
    // The serializer's path is relative to the endpoint; `send` puts the
    // endpoint's own path (a case's `clientEndpoint` may have one) in front
    // with the runtime's join, so compare that.
    let got_path = join_endpoint_path(
        endpoint_path(case.group["clientEndpoint"].as_str()),
        request.uri().path(),
    );
    let got_path = got_path.as_str();
    let got_query = request.uri().query().unwrap_or_default();
    if got_path != want_path {
        problems.push(format!("path: expected {want_path:?}, got {got_path:?}"));
    }
    let (mut wq, mut gq) = (query_pairs(want_query), query_pairs(got_query));
    wq.sort();
    gq.sort();
    if wq != gq {
        problems.push(format!(
            "query: expected {want_query:?}, got {got_query:?} (compared as decoded pairs in any order)"
        ));
    }

    // Headers.
    let mut want_headers: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in expected["headers"].as_object().into_iter().flatten() {
        want_headers.insert(
            k.to_ascii_lowercase(),
            v.as_str().unwrap_or_default().to_owned(),
        );
    }
    let mut got_headers: BTreeMap<String, String> = BTreeMap::new();
    for name in request.headers().keys() {
        let values: Vec<String> = request
            .headers()
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        got_headers.insert(name.as_str().to_owned(), values.join(", "));
    }
    clean_list_headers(&case, &mut want_headers, &mut got_headers);
    for headers in [&mut want_headers, &mut got_headers] {
        if let Some(v) = headers.get_mut("content-encoding") {
            *v = content_coding_list(v);
        }
    }
    match protocol {
        // Only when the case names a Content-Type (the compression cases do not).
        "query" | "ec2" => {
            if let Some(ct) = want_headers.get_mut("content-type") {
                if !ct.contains("charset=utf-8") {
                    ct.push_str("; charset=utf-8");
                }
            }
        }
        "rest-xml" => {
            want_headers.remove("content-type");
        }
        // botocore sets no Content-Type for rest-json streaming payloads.
        "rest-json"
            if want_headers
                .get("content-type")
                .is_some_and(|ct| ct != "application/json") =>
        {
            want_headers.remove("content-type");
        }
        _ => {}
    }
    for (k, v) in &want_headers {
        match got_headers.get(k) {
            None => problems.push(format!("header {k}: expected {v:?}, absent")),
            Some(g) if g != v => problems.push(format!("header {k}: expected {v:?}, got {g:?}")),
            Some(_) => {}
        }
    }
    for k in expected["forbidHeaders"].as_array().into_iter().flatten() {
        let k = k.as_str().unwrap_or_default().to_ascii_lowercase();
        if let Some(g) = got_headers.get(&k) {
            problems.push(format!("header {k}: forbidden, got {g:?}"));
        }
    }

    // Host: the prefix in front of the client endpoint's host.
    if let Some(want) = expected["host"].as_str() {
        let endpoint = case.group["clientEndpoint"].as_str().unwrap_or_default();
        let endpoint = endpoint
            .split_once("://")
            .map_or(endpoint, |(_, rest)| rest);
        let got = format!("{}{endpoint}", host_prefix.as_deref().unwrap_or_default());
        if got != want {
            problems.push(format!("host: expected {want:?}, got {got:?}"));
        }
    }

    // Body.
    if let Some(want) = expected["body"].as_str() {
        let got = request.body();
        if let Some(p) = compare_body(&case, want.as_bytes(), got) {
            problems.push(p);
        }
    }

    if !problems.is_empty() {
        panic!(
            "{title}\n{}\n--- got: {} {}\n{}\n{}",
            problems.join("\n"),
            request.method(),
            request.uri(),
            got_headers
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("\n"),
            String::from_utf8_lossy(request.body())
        );
    }
}

/// The path of an endpoint URL (`https://example.com/custom` -> `/custom`),
/// empty when it has none.
fn endpoint_path(endpoint: Option<&str>) -> &str {
    let Some(endpoint) = endpoint else {
        return "";
    };
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    rest.find('/').map_or("", |i| &rest[i..])
}

fn split_uri(uri: &str) -> (&str, &str) {
    match uri.split_once('?') {
        Some((p, q)) => (p, q),
        None => (uri, ""),
    }
}

/// Decoded `(key, value)` pairs; a pair without `=` has no value.
fn query_pairs(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), Some(decode(v))),
            None => (decode(p), None),
        })
        .collect()
}

/// Percent-decoding, `+` as a space (how servers read a query string).
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `Content-Encoding` as a list of codings, for comparison: RFC 9110 lists
/// allow optional whitespace around the commas, so `custom,gzip` (the bytes
/// botocore and the runtime send) and `custom, gzip` (what the suites write)
/// are the same value. Order still counts: it is the order the codings were
/// applied in.
fn content_coding_list(value: &str) -> String {
    value
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// botocore's `_clean_list_header_values`: list-valued headers of the input
/// are compared without the space Smithy puts after commas.
fn clean_list_headers(
    case: &Case,
    want: &mut BTreeMap<String, String>,
    got: &mut BTreeMap<String, String>,
) {
    let shapes = case.shapes();
    let Some(input) = case.case["given"]["input"]["shape"].as_str() else {
        return;
    };
    for (_, m) in shapes[input]["members"].as_object().into_iter().flatten() {
        let target = &shapes[m["shape"].as_str().unwrap_or_default()];
        let Some(name) = m["locationName"].as_str() else {
            continue;
        };
        if m["location"] != "header" || target["type"] != "list" {
            continue;
        }
        let name = name.to_ascii_lowercase();
        if let Some(v) = want.get_mut(&name) {
            *v = v.replace(", ", ",");
        }
        let item = &shapes[target["member"]["shape"].as_str().unwrap_or_default()];
        if item["type"] == "timestamp" {
            if let Some(v) = got.get_mut(&name) {
                *v = v.replace(", ", ",");
            }
        }
    }
}

/// `None` when the bodies are equal under the protocol's rules.
fn compare_body(case: &Case, want: &[u8], got: &[u8]) -> Option<String> {
    let protocol = case.protocol();
    let show = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let bytes =
        || (want != got).then(|| format!("body: expected {:?}, got {:?}", show(want), show(got)));
    match protocol {
        // botocore compares a non-empty CBOR body by its parsed value.
        "smithy-rpc-v2-cbor" if !got.is_empty() => compare_cbor(want, got),
        "json" | "rest-json" => {
            match (
                serde_json::from_slice::<Json>(want),
                serde_json::from_slice::<Json>(got),
            ) {
                (Ok(w), Ok(g)) => {
                    (!py_eq(&w, &g)).then(|| format!("body (as JSON): expected {w}, got {g}"))
                }
                _ if protocol == "json" => Some(format!(
                    "body: not JSON (expected {:?}, got {:?})",
                    show(want),
                    show(got)
                )),
                _ => bytes(),
            }
        }
        "rest-xml" => match (xml_tree(want), xml_tree(got)) {
            (Ok(mut w), Ok(mut g)) => {
                if let Some(shape) = body_shape(case) {
                    sort_map_entries(&mut w, shape, case.shapes());
                    sort_map_entries(&mut g, shape, case.shapes());
                }
                (w != g).then(|| {
                    format!(
                        "body (as canonical XML): expected {:?}, got {:?}",
                        show(want),
                        show(got)
                    )
                })
            }
            _ => bytes(),
        },
        _ => bytes(),
    }
}

/// Both bodies parsed (the expected one is base64 in the suite), compared
/// as botocore's runner compares them: NaN equal to NaN, numbers by value.
fn compare_cbor(want_base64: &[u8], got: &[u8]) -> Option<String> {
    let want =
        match slimaws_runtime::proto::encode::from_base64(&String::from_utf8_lossy(want_base64)) {
            Ok(w) => w,
            Err(e) => return Some(format!("the suite's body is not base64: {e}")),
        };
    match (cbor::parse(&want), cbor::parse(got)) {
        (Ok(w), Ok(g)) if cbor_eq(&w, &g) => None,
        (Ok(w), Ok(g)) => Some(format!("body (as CBOR): expected {w:?}, got {g:?}")),
        (w, g) => Some(format!("body: not CBOR (expected {w:?}, got {g:?})")),
    }
}

fn cbor_eq(a: &cbor::Value, b: &cbor::Value) -> bool {
    use cbor::Value::{Array, Float, Int, Map, Tag};
    match (a, b) {
        (Float(x), Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Int(i), Float(f)) | (Float(f), Int(i)) => *i as f64 == *f,
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| cbor_eq(a, b)),
        (Map(x), Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| cbor_eq(v, w)))
        }
        (Tag(t, x), Tag(u, y)) => t == u && cbor_eq(x, y),
        _ => a == b,
    }
}

/// The shape of the request body: the input's payload member's, else the input's.
fn body_shape(case: &Case) -> Option<&'static Json> {
    let shapes = case.shapes();
    let input = &shapes[case.case["given"]["input"]["shape"].as_str()?];
    Some(match input["payload"].as_str() {
        Some(p) => &shapes[input["members"][p]["shape"].as_str()?],
        None => input,
    })
}

/// Map entries in key order: the suites write them in the order of the
/// parameters, which a Rust `HashMap` does not keep, and map order carries no
/// meaning. Walks the tree along the model to find the maps (lists keep
/// their order).
fn sort_map_entries(el: &mut Element, shape: &Json, shapes: &'static Json) {
    let target = |m: &Json| &shapes[m["shape"].as_str().unwrap_or_default()];
    match shape["type"].as_str() {
        Some("structure") => {
            for (name, m) in shape["members"].as_object().into_iter().flatten() {
                let t = target(m);
                let el_name = m["locationName"].as_str().unwrap_or(name);
                let flat = m["flattened"] == true || t["flattened"] == true;
                let is = |c: &Element| local(&c.name) == el_name;
                match (t["type"].as_str(), flat) {
                    (Some("list"), true) => {
                        for c in el.children.iter_mut().filter(|c| is(c)) {
                            sort_map_entries(c, target(&t["member"]), shapes);
                        }
                    }
                    (Some("map"), true) => {
                        for c in el.children.iter_mut().filter(|c| is(c)) {
                            sort_entry_value(c, t, shapes);
                        }
                        sort_children(&mut el.children, &is, |c| entry_key(c, t));
                    }
                    _ => {
                        for c in el.children.iter_mut().filter(|c| is(c)) {
                            sort_map_entries(c, t, shapes);
                        }
                    }
                }
            }
        }
        Some("list") => {
            for c in &mut el.children {
                sort_map_entries(c, target(&shape["member"]), shapes);
            }
        }
        Some("map") => {
            for c in &mut el.children {
                sort_entry_value(c, shape, shapes);
            }
            sort_children(&mut el.children, &|_| true, |c| entry_key(c, shape));
        }
        _ => {}
    }
}

/// An element name without its prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn entry_key(entry: &Element, map: &Json) -> String {
    let name = map["key"]["locationName"].as_str().unwrap_or("key");
    entry
        .children
        .iter()
        .find(|c| local(&c.name) == name)
        .map(|c| c.text.concat())
        .unwrap_or_default()
}

fn sort_entry_value(entry: &mut Element, map: &Json, shapes: &'static Json) {
    let name = map["value"]["locationName"].as_str().unwrap_or("value");
    let value = &shapes[map["value"]["shape"].as_str().unwrap_or_default()];
    for c in &mut entry.children {
        if local(&c.name) == name {
            sort_map_entries(c, value, shapes);
        }
    }
}

/// Sorts the children `pick` selects by `key`, leaving the others in place.
fn sort_children(
    children: &mut Vec<Element>,
    pick: &dyn Fn(&Element) -> bool,
    key: impl Fn(&Element) -> String,
) {
    let slots: Vec<usize> = (0..children.len())
        .filter(|&i| pick(&children[i]))
        .collect();
    let mut picked: Vec<(String, usize)> = slots.iter().map(|&i| (key(&children[i]), i)).collect();
    picked.sort();
    let mut taken: Vec<Option<Element>> = std::mem::take(children).into_iter().map(Some).collect();
    let mut order: Vec<usize> = (0..taken.len()).collect();
    for (slot, (_, from)) in slots.iter().zip(picked) {
        order[*slot] = from;
    }
    *children = order.into_iter().filter_map(|i| taken[i].take()).collect();
}

/// An element as canonical XML compares it: qualified name, attributes
/// (namespace declarations included) in any order, stripped non-empty text
/// pieces, children in order.
#[derive(Debug, PartialEq)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    text: Vec<String>,
    children: Vec<Element>,
}

fn xml_tree(body: &[u8]) -> Result<Element, String> {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let open = |s: &quick_xml::events::BytesStart| -> Result<Element, String> {
        let mut attrs = BTreeMap::new();
        for a in s.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let v = a.unescape_value().map_err(|e| e.to_string())?;
            attrs.insert(
                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                v.into_owned(),
            );
        }
        Ok(Element {
            name: String::from_utf8_lossy(s.name().as_ref()).into_owned(),
            attrs,
            text: Vec::new(),
            children: Vec::new(),
        })
    };
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(s) => stack.push(open(&s)?),
            Event::Empty(s) => {
                let el = open(&s)?;
                match stack.last_mut() {
                    Some(p) => p.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                match stack.last_mut() {
                    Some(p) => p.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let t = t.unescape().map_err(|e| e.to_string())?;
                if let Some(top) = stack.last_mut() {
                    let t = t.trim();
                    if !t.is_empty() {
                        top.text.push(t.to_owned());
                    }
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    let t = String::from_utf8_lossy(&c).trim().to_owned();
                    if !t.is_empty() {
                        top.text.push(t);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("unclosed element".into());
    }
    root.ok_or_else(|| "no root element".into())
}

// ---------------------------------------------------------------------------
// Output cases

/// What a response parsed into, in botocore's shape.
#[derive(Debug)]
pub enum Outcome {
    Ok(Json),
    Err {
        /// The modeled error shape (by model name), if the error is modeled.
        shape: Option<&'static str>,
        /// The modeled error's members (`null` when unmodeled).
        members: Json,
        code: Option<String>,
        message: Option<String>,
        display: String,
    },
}

impl Outcome {
    pub fn error(
        shape: Option<&'static str>,
        members: Json,
        meta: &ErrorMetadata,
        display: String,
    ) -> Outcome {
        Outcome::Err {
            shape,
            members,
            code: meta.code().map(str::to_owned),
            message: meta.message().map(str::to_owned),
            display,
        }
    }
}

/// Feeds the case's response to `run` (the operation's deserializer) and
/// compares the outcome with the case's `result` or `error`.
pub fn check_response(key: &str, id: &str, run: fn(u16, &HeaderMap, &[u8]) -> Outcome) {
    let case = find(key, id);
    let title = case.title(key);
    let response = &case.case["response"];
    let status = response["status_code"].as_u64().unwrap_or(200) as u16;
    let mut headers = HeaderMap::new();
    for (k, v) in response["headers"].as_object().into_iter().flatten() {
        let name = http::HeaderName::from_bytes(k.as_bytes())
            .unwrap_or_else(|e| panic!("{title}\nheader name {k:?}: {e}"));
        let value = http::HeaderValue::from_bytes(v.as_str().unwrap_or_default().as_bytes())
            .unwrap_or_else(|e| panic!("{title}\nheader value {v}: {e}"));
        headers.append(name, value);
    }
    let body: Vec<u8> = match response["body"].as_str() {
        // botocore's runner decodes CBOR bodies from base64 first.
        Some(b) if case.protocol() == "smithy-rpc-v2-cbor" => {
            slimaws_runtime::proto::encode::from_base64(b)
                .unwrap_or_else(|e| panic!("{title}\nthe suite's body is not base64: {e}"))
        }
        Some(b) => b.as_bytes().to_vec(),
        None if case.protocol() == "query" => b"<xml/>".to_vec(),
        None => Vec::new(),
    };
    let outcome = run(status, &headers, &body);

    let (expected, actual) = if case.case.get("error").is_some() {
        let code = case.case["errorCode"].as_str().unwrap_or_default();
        // The message is compared when the case gives one (botocore's runner
        // expects `""` otherwise, which no Smithy test means).
        let want_message = case.case["errorMessage"].as_str();
        let mut error = serde_json::json!({ "Code": code });
        if let Some(m) = want_message {
            error["Message"] = Json::from(m);
        }
        let mut expected = serde_json::Map::new();
        expected.insert("Error".into(), error);
        for (k, v) in case.case["error"].as_object().into_iter().flatten() {
            expected.insert(k.clone(), v.clone());
        }
        let Outcome::Err {
            shape,
            members,
            code: got_code,
            message,
            display,
        } = outcome
        else {
            panic!("{title}\nexpected error {code}, got {outcome:?}");
        };
        let want_shape = error_shape(&case, code);
        if shape != want_shape {
            panic!("{title}\nexpected the modeled error {want_shape:?}, got {shape:?} ({display})");
        }
        let mut error = serde_json::json!({ "Code": got_code.unwrap_or_default() });
        if want_message.is_some() {
            error["Message"] = Json::from(message.unwrap_or_default());
        }
        let mut actual = serde_json::Map::new();
        actual.insert("Error".into(), error);
        if let Json::Object(m) = members {
            actual.extend(m);
        }
        (Json::Object(expected), Json::Object(actual))
    } else {
        let actual = match outcome {
            Outcome::Ok(v) => v,
            Outcome::Err { display, .. } => {
                panic!("{title}\nexpected a result, got error: {display}")
            }
        };
        (case.case["result"].clone(), actual)
    };
    if !py_eq(&expected, &actual) {
        panic!(
            "{title}\nexpected: {}\n     got: {}",
            serde_json::to_string_pretty(&expected).unwrap_or_default(),
            serde_json::to_string_pretty(&actual).unwrap_or_default()
        );
    }
}

/// The error shape botocore's `shape_for_error_code` picks: a shape marked
/// `exception` whose `error.code`, or else name, is the code.
fn error_shape(case: &Case, code: &str) -> Option<&'static str> {
    case.shapes()
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(name, s)| {
            s["exception"] == true && s["error"]["code"].as_str().unwrap_or(name.as_str()) == code
        })
        .map(|(name, _)| name.as_str())
        .next()
}

/// Python's `==` on parsed JSON: numbers by value (`1 == 1.0`), objects in
/// any key order.
pub fn py_eq(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => match (as_int(x), as_int(y)) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| py_eq(x, y))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| py_eq(v, w)))
        }
        _ => a == b,
    }
}

fn as_int(n: &serde_json::Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

// ---------------------------------------------------------------------------
// Parsed values in botocore's shape

/// Converts a parsed value into what botocore's parser returns for it (after
/// the runner's fix-ups), as JSON.
pub trait ToJson {
    fn to_json(&self) -> Json;
}

/// An event stream case's body: the suite gives the frames in base64.
pub fn event_stream_body(body: &[u8]) -> slimaws_runtime::ByteStream {
    let text = std::str::from_utf8(body).expect("an event stream body is base64 text");
    let frames = slimaws_runtime::proto::encode::from_base64(text)
        .unwrap_or_else(|e| panic!("the suite's event stream body is not base64: {e}"));
    slimaws_runtime::ByteStream::new(frames)
}

/// Every event of `stream`, as botocore's runner lists them (`list(stream)`).
/// The body is buffered, so no poll waits.
pub fn drain_events<T: ToJson, E: std::fmt::Debug>(
    mut stream: slimaws_runtime::EventStream<T, E>,
) -> Json {
    let mut events = Vec::new();
    while let Some(event) = ready(stream.next()) {
        match event {
            Ok(event) => events.push(event.to_json()),
            Err(e) => panic!("the event stream failed: {e:?}"),
        }
    }
    Json::Array(events)
}

/// What `future` gives when first polled: a case's body is buffered, so
/// reading it never waits.
pub fn ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("a buffered response waited"),
    }
}

/// Builds a structure's object: members by model name, unset ones left out.
pub struct Obj(serde_json::Map<String, Json>);

impl Obj {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Obj {
        Obj(serde_json::Map::new())
    }

    /// A required member.
    pub fn req<T: ToJson + ?Sized>(mut self, key: &str, value: &T) -> Obj {
        self.0.insert(key.to_owned(), value.to_json());
        self
    }

    /// An optional member, left out when unset.
    pub fn opt<T: ToJson>(mut self, key: &str, value: &Option<T>) -> Obj {
        if let Some(v) = value {
            self.0.insert(key.to_owned(), v.to_json());
        }
        self
    }

    pub fn done(self) -> Json {
        Json::Object(self.0)
    }
}

/// botocore's value for a union member it does not know.
pub fn unknown_member(name: &str) -> Json {
    serde_json::json!({ "SDK_UNKNOWN_MEMBER": { "name": name } })
}

impl ToJson for () {
    fn to_json(&self) -> Json {
        Json::Object(serde_json::Map::new())
    }
}

/// A string holding JSON text (a `jsonvalue` member), as the JSON it holds;
/// text that is not JSON stays a string, so the comparison shows it.
pub struct JsonText<'a>(pub &'a str);

impl ToJson for JsonText<'_> {
    fn to_json(&self) -> Json {
        serde_json::from_str(self.0).unwrap_or_else(|_| Json::String(self.0.to_owned()))
    }
}

impl ToJson for String {
    fn to_json(&self) -> Json {
        Json::String(self.clone())
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Json {
        Json::Bool(*self)
    }
}

macro_rules! int_to_json {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Json {
                Json::from(*self)
            }
        }
    )*};
}
int_to_json!(i8, i16, i32, i64);

fn float_json(f: f64) -> Json {
    if f.is_nan() {
        Json::String("NaN".into())
    } else if f.is_infinite() {
        Json::String(if f > 0.0 { "Infinity" } else { "-Infinity" }.into())
    } else {
        Json::from(f)
    }
}

impl ToJson for f64 {
    fn to_json(&self) -> Json {
        float_json(*self)
    }
}

impl ToJson for f32 {
    /// botocore keeps floats as Python floats (doubles): read the f32's
    /// shortest decimal text as a double, as botocore reads the wire text.
    fn to_json(&self) -> Json {
        float_json(self.to_string().parse().unwrap_or(f64::NAN))
    }
}

impl ToJson for Blob {
    /// The runner decodes blobs as UTF-8.
    fn to_json(&self) -> Json {
        Json::String(String::from_utf8_lossy(self.as_bytes()).into_owned())
    }
}

impl ToJson for DateTime {
    /// Epoch seconds as Python's `datetime.timestamp()` gives them:
    /// microseconds, divided by 10^6.
    fn to_json(&self) -> Json {
        let micros = self.unix_timestamp_nanos().div_euclid(1000);
        Json::from(micros as f64 / 1e6)
    }
}

fn number_text(text: &str) -> Json {
    serde_json::from_str::<serde_json::Number>(text)
        .map(Json::Number)
        .unwrap_or_else(|_| Json::String(text.to_owned()))
}

impl ToJson for BigInteger {
    fn to_json(&self) -> Json {
        number_text(self.as_str())
    }
}

impl ToJson for BigDecimal {
    fn to_json(&self) -> Json {
        number_text(self.as_str())
    }
}

impl ToJson for Document {
    fn to_json(&self) -> Json {
        match self {
            Document::Null => Json::Null,
            Document::Bool(b) => Json::Bool(*b),
            Document::Number(Number::PosInt(n)) => Json::from(*n),
            Document::Number(Number::NegInt(n)) => Json::from(*n),
            Document::Number(Number::Float(f)) => float_json(*f),
            Document::String(s) => Json::String(s.clone()),
            Document::Array(items) => Json::Array(items.iter().map(ToJson::to_json).collect()),
            Document::Object(map) => {
                Json::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Json {
        self.as_ref().map_or(Json::Null, ToJson::to_json)
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<K: ToJson, V: ToJson, S> ToJson for HashMap<K, V, S> {
    fn to_json(&self) -> Json {
        let mut out = serde_json::Map::new();
        for (k, v) in self {
            let key = match k.to_json() {
                Json::String(s) => s,
                other => other.to_string(),
            };
            out.insert(key, v.to_json());
        }
        Json::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_equality() {
        assert!(py_eq(&serde_json::json!(1), &serde_json::json!(1.0)));
        assert!(py_eq(
            &serde_json::json!({"a": [1, {"b": 2.5}]}),
            &serde_json::json!({"a": [1.0, {"b": 2.5}]})
        ));
        assert!(!py_eq(
            &serde_json::json!([1, 2]),
            &serde_json::json!([2, 1])
        ));
        assert!(!py_eq(
            &serde_json::json!({"a": 1}),
            &serde_json::json!({"a": 1, "b": null})
        ));
    }

    #[test]
    fn query_pairs_decode() {
        let mut a = query_pairs("b=%20x&a=1&flag");
        a.sort();
        assert_eq!(
            a,
            [
                ("a".to_owned(), Some("1".to_owned())),
                ("b".to_owned(), Some(" x".to_owned())),
                ("flag".to_owned(), None)
            ]
        );
        assert_eq!(decode("a+b%2Bc%zz%"), "a b+c%zz%");
    }

    #[test]
    fn xml_compares_canonically() {
        let a = xml_tree(b"<A xmlns=\"u\" b=\"1\" c=\"2\">\n  <B>x &amp; y</B>\n</A>").unwrap();
        let b = xml_tree(b"<A c=\"2\" b=\"1\" xmlns=\"u\"><B>  x &amp; y </B></A>").unwrap();
        assert_eq!(a, b);
        let c = xml_tree(b"<A c=\"2\" b=\"1\" xmlns=\"u\"><B>x &amp; z</B></A>").unwrap();
        assert_ne!(a, c);
    }
}
