//! botocore's `validate_bucket_name` (S3): a bucket is a name of `[a-zA-Z0-9.\-_]`,
//! 1 to 255 characters, or an access point or Outposts access point ARN;
//! anything else is refused before a request is built, in botocore's words.

/// botocore's `VALID_BUCKET` and `VALID_S3_ARN` patterns, for the message.
const BUCKET_PATTERN: &str = r"^[a-zA-Z0-9.\-_]{1,255}$";
const ARN_PATTERN: &str = concat!(
    r"^arn:(aws).*:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:]",
    r"[a-zA-Z0-9\-.]{1,63}$|^arn:(aws).*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:]",
    r"[a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}$",
);

/// botocore's message for a bucket it refuses; `None` for a valid one.
pub(crate) fn invalid_bucket(bucket: &str) -> Option<String> {
    if is_bucket_name(bucket) || is_access_point_arn(bucket) || is_outpost_arn(bucket) {
        return None;
    }
    Some(format!(
        "Invalid bucket name \"{bucket}\": Bucket name must match the regex \
         \"{BUCKET_PATTERN}\" or be an ARN matching the regex \"{ARN_PATTERN}\""
    ))
}

fn is_bucket_name(s: &str) -> bool {
    (1..=255).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// `[chars]{1,63}`.
fn is_label(s: &str, extra: &[u8]) -> bool {
    (1..=63).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || extra.contains(&b))
}

/// `:<region [a-z0-9-]*>:<12 digits>` ending `head`, and what comes
/// before it, which must hold `arn:aws`, the service and a colon.
fn split_account(head: &str, services: &[&str], region_needed: bool) -> bool {
    let mut parts = head.rsplitn(4, ':');
    let (Some(account), Some(region), Some(service), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && (!region_needed || !region.is_empty())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && services.contains(&service)
        && rest.starts_with("arn:aws")
}

/// `^arn:(aws).*:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\-.]{1,63}$`
fn is_access_point_arn(s: &str) -> bool {
    let Some(cut) = s.rfind(['/', ':']) else {
        return false;
    };
    let (head, name) = (&s[..cut], &s[cut + 1..]);
    let Some(head) = head.strip_suffix(":accesspoint") else {
        return false;
    };
    is_label(name, b".") && split_account(head, &["s3", "s3-object-lambda"], false)
}

/// `^arn:(aws).*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:][a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}$`
fn is_outpost_arn(s: &str) -> bool {
    let Some(cut) = s.rfind(['/', ':']) else {
        return false;
    };
    let (head, access_point) = (&s[..cut], &s[cut + 1..]);
    let Some(head) = head
        .strip_suffix("accesspoint")
        .and_then(|h| h.strip_suffix(['/', ':']))
    else {
        return false;
    };
    let Some(cut) = head.rfind(['/', ':']) else {
        return false;
    };
    let (head, outpost) = (&head[..cut], &head[cut + 1..]);
    let Some(head) = head.strip_suffix(":outpost") else {
        return false;
    };
    is_label(access_point, b"")
        && is_label(outpost, b"")
        && split_account(head, &["s3-outposts"], true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_arns_botocore_accepts() {
        for ok in [
            "my-bucket",
            "My_Bucket.2",
            "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint",
            "arn:aws:s3:us-west-2:123456789012:accesspoint:my.end-point",
            "arn:aws-cn:s3-object-lambda:cn-north-1:123456789012:accesspoint/ol",
            "arn:aws:s3::123456789012:accesspoint/global",
            "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/ap",
        ] {
            assert_eq!(invalid_bucket(ok), None, "{ok}");
        }
    }

    #[test]
    fn others_are_refused_in_botocores_words() {
        for bad in [
            "",
            "a/b",
            "evil.example.com/x?",
            "buck et",
            "bücket",
            "arn:aws:s3:us-west-2:12345678901:accesspoint/short-account",
            "arn:aws:iam::123456789012:accesspoint/x",
            "arn:aws:s3-outposts::123456789012:outpost/op/accesspoint/ap",
        ] {
            assert!(invalid_bucket(bad).is_some(), "{bad:?} was accepted");
        }
        let message = invalid_bucket("a/b").unwrap();
        assert!(message.starts_with(
            "Invalid bucket name \"a/b\": Bucket name must match the regex \"^[a-zA-Z0-9.\\-_]{1,255}$\" or be an ARN matching the regex \"^arn:(aws).*:(s3|s3-object-lambda):"
        ), "{message}");
    }
}
