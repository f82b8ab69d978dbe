//! botocore's changes to the models of particular services that alter the
//! wire (handlers in its `handlers.py`), applied to the IR once after
//! loading so every emitter sees the operations as botocore sends them.

use crate::ir::{Operation, Service, ShapeKind};

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
            // `parse_get_bucket_location`: the body is the bare element.
            if let Some(op) = service.operations.get_mut("GetBucketLocation") {
                op.output_root_text = Some("LocationConstraint".to_string());
            }
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
        _ => {}
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
    use super::*;

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
