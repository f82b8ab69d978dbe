//! Which failures are worth retrying (botocore's standard retry mode).

/// Error codes botocore's standard mode treats as throttling.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes botocore's standard mode treats as transient.
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

/// HTTP statuses botocore's standard mode treats as transient (plus 429).
const TRANSIENT_STATUSES: &[u16] = &[429, 500, 502, 503, 504];

/// Whether an error response may succeed when sent again.
pub fn is_retryable_response(status: Option<u16>, code: Option<&str>) -> bool {
    status.is_some_and(|s| TRANSIENT_STATUSES.contains(&s))
        || code.is_some_and(|c| THROTTLING_CODES.contains(&c) || TRANSIENT_CODES.contains(&c))
}

/// Whether an error response is throttling (as opposed to transient).
pub fn is_throttling(status: Option<u16>, code: Option<&str>) -> bool {
    status == Some(429) || code.is_some_and(|c| THROTTLING_CODES.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_like_botocore_standard_mode() {
        assert!(is_retryable_response(Some(503), None));
        assert!(is_retryable_response(Some(429), None));
        assert!(is_retryable_response(
            Some(400),
            Some("ThrottlingException")
        ));
        assert!(is_retryable_response(Some(400), Some("RequestTimeout")));
        assert!(!is_retryable_response(
            Some(400),
            Some("ValidationException")
        ));
        assert!(!is_retryable_response(Some(404), None));
        assert!(!is_retryable_response(Some(501), None));
        assert!(is_throttling(Some(400), Some("SlowDown")));
        assert!(!is_throttling(Some(503), None));
    }
}
