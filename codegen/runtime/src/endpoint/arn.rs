//! `aws.parseArn`: `arn:partition:service:region:account-id:resource`.

use serde_json::{json, Value};

/// The ARN's parts, or `None` if `value` is not an ARN. Partition, service
/// and resource must be non-empty; the resource splits on `:` and `/` into
/// `resourceId`.
pub(crate) fn parse_arn(value: &str) -> Option<Value> {
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id: Vec<&str> = resource.split([':', '/']).collect();
    Some(json!({
        "partition": partition,
        "service": service,
        "region": region,
        "accountId": account_id,
        "resourceId": resource_id,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_arns() {
        assert_eq!(
            parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap:obj/x"),
            Some(json!({
                "partition": "aws", "service": "s3", "region": "us-west-2",
                "accountId": "123456789012", "resourceId": ["accesspoint", "my-ap", "obj", "x"],
            }))
        );
        assert_eq!(
            parse_arn("arn:aws:iam:::role//a")
                .unwrap()
                .get("resourceId")
                .cloned(),
            Some(json!(["role", "", "a"]))
        );
        for not_arn in [
            "",
            "arn",
            "arn:aws:s3:::",
            "arn::s3:::bucket",
            "arn:aws::::bucket",
            "arn:aws:s3:us-east-1:123",
            "ARN:aws:s3:::bucket",
            "urn:aws:s3:::bucket",
        ] {
            assert_eq!(parse_arn(not_arn), None, "{not_arn}");
        }
    }
}
