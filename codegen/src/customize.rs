//! botocore's changes to the models of particular services that alter the
//! wire (handlers in its `handlers.py`), applied to the IR once after
//! loading so every emitter sees the operations as botocore sends them.

use crate::ir::{
    HeaderRewrite, InputRewrite, Location, Operation, Service, Shape, ShapeKind, ShapeTraits,
    UrlDecodedOutput,
};

/// Applies the customizations of `service`'s `serviceId`, if any.
pub fn apply(service: &mut Service) {
    match service.metadata.service_id.as_str() {
        "S3" => {
            for op in service.operations.values_mut() {
                strip_bucket_from_path(&mut op.http.request_uri);
            }
            // `convert_body_to_file_like_object`, then `add_expect_header`.
            for name in ["PutObject", "UploadPart"] {
                if let Some(op) = service.operations.get_mut(name) {
                    op.expect_continue = true;
                }
            }
            // `escape_xml_payload`, registered for these two.
            for name in ["DeleteObjects", "PutBucketLifecycleConfiguration"] {
                if let Some(op) = service.operations.get_mut(name) {
                    op.escape_xml_line_breaks = true;
                }
            }
            // `parse_get_bucket_location`: the body is the bare element.
            if let Some(op) = service.operations.get_mut("GetBucketLocation") {
                op.output_root_text = Some("LocationConstraint".to_string());
            }
            // `validate_bucket_name`: every input's `Bucket`.
            let names: Vec<String> = service.operations.keys().cloned().collect();
            for name in &names {
                mark_inputs(
                    service,
                    name,
                    |m| m.name == "Bucket",
                    |t| t.s3_bucket = true,
                );
            }
            // `validate_ascii_metadata`, registered for these three.
            for name in ["CopyObject", "PutObject", "CreateMultipartUpload"] {
                mark_ascii_metadata(service, name);
            }
            rewrite_s3_headers(service);
            url_encoded_listings(service);
            expires_string(service);
            // `_handle_200_error`: every operation with an output whose
            // payload is not a blob or string may get an error in a 200.
            let names: Vec<String> = service.operations.keys().cloned().collect();
            for name in names {
                let flagged = may_hide_an_error(service, &service.operations[&name]);
                if let Some(op) = service.operations.get_mut(&name) {
                    op.success_may_be_error = flagged;
                }
            }
        }
        "S3 Control" => {
            for op in service.operations.values_mut() {
                let requires_account = op.static_context_params.get("RequiresAccountId")
                    == Some(&serde_json::Value::Bool(true));
                if requires_account && op.host_prefix.as_deref() == Some("{AccountId}.") {
                    // `remove_accid_host_prefix_from_model`: the rule set
                    // puts the account id in the host itself.
                    op.host_prefix = None;
                }
            }
        }
        "Route 53" => {
            // `fix_route53_ids`: every operation's members of these shapes.
            let names: Vec<String> = service.operations.keys().cloned().collect();
            for name in names {
                rewrite_inputs(service, &name, InputRewrite::LastPathSegment, |m| {
                    ["ResourceId", "DelegationSetId", "ChangeId"].contains(&m.target.as_str())
                });
            }
        }
        // `base64_encode_user_data`, registered for these two operations.
        "EC2" => rewrite_inputs(service, "RunInstances", InputRewrite::Base64, |m| {
            m.name == "UserData"
        }),
        "Auto Scaling" => rewrite_inputs(
            service,
            "CreateLaunchConfiguration",
            InputRewrite::Base64,
            |m| m.name == "UserData",
        ),
        _ => {}
    }
}

/// Marks the top-level input members of operation `op` that `pick` names
/// with `rewrite` (string members only).
fn rewrite_inputs(
    service: &mut Service,
    op: &str,
    rewrite: InputRewrite,
    pick: impl Fn(&crate::ir::Member) -> bool,
) {
    mark_inputs(service, op, pick, |t| t.input_rewrite = Some(rewrite));
}

/// Applies `mark` to the traits of the top-level string members of
/// operation `op`'s input that `pick` names.
/// Flags the `Metadata` map of `op`'s input: its keys and values must be
/// ASCII.
fn mark_ascii_metadata(service: &mut Service, op: &str) {
    let Some(input) = service.operations.get(op).and_then(|o| o.input.clone()) else {
        return;
    };
    let is_map = |target: &str| {
        matches!(
            service.shapes.get(target).map(|t| &t.kind),
            Some(ShapeKind::Map { .. })
        )
    };
    let metadata = match service.shapes.get(&input).map(|s| &s.kind) {
        Some(ShapeKind::Structure(members)) => members
            .iter()
            .any(|m| m.name == "Metadata" && is_map(&m.target)),
        _ => false,
    };
    if !metadata {
        return;
    }
    if let Some(ShapeKind::Structure(members)) = service.shapes.get_mut(&input).map(|s| &mut s.kind)
    {
        for member in members.iter_mut().filter(|m| m.name == "Metadata") {
            member.traits.s3_ascii_metadata = true;
        }
    }
}

fn mark_inputs(
    service: &mut Service,
    op: &str,
    pick: impl Fn(&crate::ir::Member) -> bool,
    mark: impl Fn(&mut crate::ir::MemberTraits),
) {
    let Some(input) = service.operations.get(op).and_then(|o| o.input.clone()) else {
        return;
    };
    let strings: Vec<String> = match service.shapes.get(&input).map(|s| &s.kind) {
        Some(ShapeKind::Structure(members)) => members
            .iter()
            .filter(|m| pick(m))
            .filter(|m| {
                let target = service.shapes.get(&m.target).map(|t| &t.kind);
                matches!(target, Some(ShapeKind::String))
            })
            .map(|m| m.name.clone())
            .collect(),
        _ => return,
    };
    if let Some(ShapeKind::Structure(members)) = service.shapes.get_mut(&input).map(|s| &mut s.kind)
    {
        for member in members.iter_mut().filter(|m| strings.contains(&m.name)) {
            mark(&mut member.traits);
        }
    }
}

/// The operations botocore registers `sse_md5` for, and those it also
/// registers `copy_source_sse_md5` and `handle_copy_source_param` for.
const SSE_C_OPERATIONS: &[&str] = &[
    "HeadObject",
    "GetObject",
    "PutObject",
    "CopyObject",
    "CreateMultipartUpload",
    "UploadPart",
    "UploadPartCopy",
    "CompleteMultipartUpload",
    "SelectObjectContent",
];
const COPY_OPERATIONS: &[&str] = &["CopyObject", "UploadPartCopy"];

/// Marks the input members whose header values botocore rewrites.
fn rewrite_s3_headers(service: &mut Service) {
    let sse = |prefix: &str| {
        let md5_member = format!("{prefix}KeyMD5");
        (
            format!("{prefix}Key"),
            HeaderRewrite::SseCustomerKey { md5_member },
        )
    };
    for op in service.operations.values() {
        let mut rewrites = Vec::new();
        if SSE_C_OPERATIONS.contains(&op.name.as_str()) {
            rewrites.push(sse("SSECustomer"));
        }
        if COPY_OPERATIONS.contains(&op.name.as_str()) {
            rewrites.push(sse("CopySourceSSECustomer"));
            rewrites.push(("CopySource".to_string(), HeaderRewrite::CopySource));
        }
        let input = op.input.as_deref().and_then(|i| service.shapes.get_mut(i));
        let Some(ShapeKind::Structure(members)) = input.map(|s| &mut s.kind) else {
            continue;
        };
        for member in members.iter_mut() {
            if let Some((_, rewrite)) = rewrites.iter().find(|(name, _)| *name == member.name) {
                member.traits.header_rewrite = Some(rewrite.clone());
            }
        }
    }
}

/// botocore's `handle_expires_header`: an output with an `Expires` header
/// (a timestamp, by botocore's extras) also gets it as sent, in
/// `ExpiresString`, and an `Expires` that is not a date is left unset
/// instead of failing the response.
fn expires_string(service: &mut Service) {
    let outputs: Vec<String> = service
        .operations
        .values()
        .filter_map(|op| op.output.clone())
        .collect();
    let mut added = false;
    for output in outputs {
        let Some(ShapeKind::Structure(members)) =
            service.shapes.get_mut(&output).map(|s| &mut s.kind)
        else {
            continue;
        };
        let Some(expires) = members.iter_mut().find(|m| {
            m.target == "Expires"
                && m.traits.location == Location::Header
                && m.traits.location_name.as_deref() == Some("Expires")
        }) else {
            continue;
        };
        expires.traits.lenient = true;
        let mut as_sent = expires.clone();
        as_sent.name = "ExpiresString".to_string();
        as_sent.target = "ExpiresString".to_string();
        as_sent.traits.lenient = false;
        as_sent.traits.deprecated = None;
        as_sent.traits.documentation = Some(
            "<p>The <code>Expires</code> header as sent, whether or not it is a date.</p>".into(),
        );
        if !members.iter().any(|m| m.name == as_sent.name) {
            members.push(as_sent);
            added = true;
        }
    }
    if added {
        service
            .shapes
            .entry("ExpiresString".to_string())
            .or_insert(Shape {
                name: "ExpiresString".to_string(),
                kind: ShapeKind::String,
                traits: ShapeTraits::default(),
            });
    }
}

/// botocore's `decode_list_object`, `decode_list_object_v2` and
/// `decode_list_object_versions`: what each listing decodes.
fn url_encoded_listings(service: &mut Service) {
    let strings = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    let pairs = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(l, m)| (l.to_string(), m.to_string()))
            .collect::<Vec<_>>()
    };
    let listings = [
        (
            "ListObjects",
            strings(&["Delimiter", "Marker", "NextMarker"]),
            pairs(&[("Contents", "Key"), ("CommonPrefixes", "Prefix")]),
        ),
        (
            "ListObjectsV2",
            strings(&["Delimiter", "Prefix", "StartAfter"]),
            pairs(&[("Contents", "Key"), ("CommonPrefixes", "Prefix")]),
        ),
        (
            "ListObjectVersions",
            strings(&["KeyMarker", "NextKeyMarker", "Prefix", "Delimiter"]),
            pairs(&[
                ("Versions", "Key"),
                ("DeleteMarkers", "Key"),
                ("CommonPrefixes", "Prefix"),
            ]),
        ),
    ];
    for (name, top_level, nested) in listings {
        let Some(op) = service.operations.get_mut(name) else {
            continue;
        };
        let encoding_member = "EncodingType".to_string();
        let input = op.input.as_deref().and_then(|i| service.shapes.get_mut(i));
        let Some(ShapeKind::Structure(members)) = input.map(|s| &mut s.kind) else {
            continue;
        };
        let Some(member) = members.iter_mut().find(|m| m.name == encoding_member) else {
            continue;
        };
        member.traits.sent_when_unset = Some("url".to_string());
        op.url_decoded_output = Some(UrlDecodedOutput {
            encoding_member,
            top_level,
            nested,
        });
    }
}

/// botocore's `_should_handle_200_error`: an output shape, no event stream,
/// and no blob or string payload (which would be the object itself).
fn may_hide_an_error(service: &Service, op: &Operation) -> bool {
    let Some(output) = op.output.as_deref().and_then(|o| service.shapes.get(o)) else {
        return false;
    };
    let ShapeKind::Structure(members) = &output.kind else {
        return false;
    };
    !members.iter().any(|m| {
        let target = service.shapes.get(&m.target);
        let raw = target.is_some_and(|t| matches!(t.kind, ShapeKind::Blob | ShapeKind::String));
        let event_stream = target.is_some_and(|t| t.traits.event_stream);
        (m.traits.payload && raw) || event_stream
    })
}

/// `remove_bucket_from_url_paths_from_model`: the rule set's URL already
/// holds the bucket (in the host, or as the first path segment for
/// path-style), so the model's leading `/{Bucket}` goes.
fn strip_bucket_from_path(request_uri: &mut String) {
    if let Some(rest) = request_uri.strip_prefix("/{Bucket}") {
        *request_uri = rest.to_string();
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A one-operation model of `service_id`: `Op` with input `In` and output `Out`.
    fn model(service_id: &str, input: serde_json::Value, output: serde_json::Value) -> Service {
        let model = json!({
            "metadata": {"apiVersion": "2024-01-01", "protocol": "rest-xml", "serviceId": service_id},
            "operations": {"Op": {"http": {"method": "GET", "requestUri": "/{Id}"},
                "input": {"shape": "In"}, "output": {"shape": "Out"}}},
            "shapes": {"In": input, "Out": output,
                "ResourceId": {"type": "string"}, "Other": {"type": "string"},
                "Expires": {"type": "timestamp"}}
        });
        crate::load_model_json(std::path::Path::new("m.json"), "s", &model).unwrap()
    }

    fn members<'s>(service: &'s Service, shape: &str) -> &'s [crate::ir::Member] {
        match &service.shapes[shape].kind {
            ShapeKind::Structure(members) => members,
            _ => panic!("{shape} is no structure"),
        }
    }

    #[test]
    fn route53_ids_are_marked_by_their_shape() {
        let input = json!({"type": "structure", "required": ["Id"], "members": {
            "Id": {"shape": "ResourceId", "location": "uri", "locationName": "Id"},
            "Name": {"shape": "Other"}}});
        let empty = json!({"type": "structure", "members": {}});
        let route53 = model("Route 53", input.clone(), empty.clone());
        let rewrites: Vec<_> = members(&route53, "In")
            .iter()
            .map(|m| (m.name.as_str(), m.traits.input_rewrite))
            .collect();
        assert_eq!(
            rewrites,
            [("Id", Some(InputRewrite::LastPathSegment)), ("Name", None)]
        );
        let other = model("Other", input, empty);
        assert!(members(&other, "In")
            .iter()
            .all(|m| m.traits.input_rewrite.is_none()));
    }

    #[test]
    fn s3_expires_is_lenient_and_kept_as_sent() {
        let input = json!({"type": "structure", "members": {}});
        let output = json!({"type": "structure", "members": {
            "Expires": {"shape": "Expires", "location": "header", "locationName": "Expires"}}});
        let s3 = model("S3", input, output);
        let out = members(&s3, "Out");
        assert!(out[0].traits.lenient);
        assert_eq!(out[1].name, "ExpiresString");
        assert_eq!(out[1].traits.location_name.as_deref(), Some("Expires"));
        assert!(!out[1].traits.lenient);
        assert_eq!(s3.shapes["ExpiresString"].kind, ShapeKind::String);
    }

    #[test]
    fn the_bucket_leaves_s3_paths() {
        for (model, sent) in [
            ("/{Bucket}", ""),
            ("/{Bucket}/{Key+}", "/{Key+}"),
            ("/{Bucket}?tagging", "?tagging"),
            ("/", "/"),
        ] {
            let mut uri = model.to_string();
            strip_bucket_from_path(&mut uri);
            assert_eq!(uri, sent, "{model}");
        }
    }
}
