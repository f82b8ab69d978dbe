//! Which failures are worth retrying, how long to wait before a retry and
//! how many retries a client may spend (botocore's standard retry mode).

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

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

// ---- Backoff and retry quota (botocore 1.44.5 `retries/standard.py`, `retries/quota.py`) ----

/// Attempts per operation call, first one included (`DEFAULT_MAX_ATTEMPTS`).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Backoff base for throttling errors (`throttling_base_scale`: 1 s); other
/// errors back off from a twentieth of it (`non_throttling_base_scale`: 50 ms).
pub const DEFAULT_BASE_DELAY: Duration = Duration::from_secs(1);
const NON_THROTTLING_DIVISOR: u32 = 20;

/// botocore's per-service standard-mode defaults (`_SERVICE_MAX_ATTEMPTS`,
/// `_SERVICE_BACKOFF_CONFIG`), by `serviceId` hyphenized as botocore's
/// event names: DynamoDB makes 4 attempts and backs off non-throttling
/// errors from 25 ms.
fn is_dynamodb(service_id: &str) -> bool {
    matches!(service_id, "DynamoDB" | "DynamoDB Streams")
}

/// The attempts a call makes when neither `AWS_MAX_ATTEMPTS`, the profile
/// nor the builder says: 3, or botocore's per-service default.
pub fn default_max_attempts(service_id: &str) -> u32 {
    if is_dynamodb(service_id) {
        4
    } else {
        DEFAULT_MAX_ATTEMPTS
    }
}
/// Cap of the exponential part (`_MAX_BACKOFF`).
const MAX_BACKOFF: Duration = Duration::from_secs(20);
/// How far `x-amz-retry-after` may push a delay beyond the computed one.
const RETRY_AFTER_MAX_ADDITIONAL: Duration = Duration::from_secs(5);
/// The response header a service uses to ask for a delay, in milliseconds.
pub const RETRY_AFTER_HEADER: &str = "x-amz-retry-after";

/// Retry quota per client (`RetryQuota.INITIAL_CAPACITY`).
pub const INITIAL_QUOTA: u32 = 500;
/// Quota a retry costs (`_RETRY_COST`), or a retry of a throttling error
/// (`_THROTTLING_RETRY_COST`); a first-attempt success gives back
/// `_NO_RETRY_INCREMENT`.
pub const RETRY_COST: u32 = 14;
pub const THROTTLING_RETRY_COST: u32 = 5;
pub const NO_RETRY_INCREMENT: u32 = 1;

/// Truncated binary exponential backoff with full jitter:
/// `rand(0, 1) * min(base * 2^(attempt - 1), 20 s)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    base: Duration,
    non_throttling_divisor: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(DEFAULT_BASE_DELAY)
    }
}

impl Backoff {
    /// `base` is the throttling base delay (botocore: 1 s); tests shrink it.
    pub fn new(base: Duration) -> Self {
        Backoff {
            base,
            non_throttling_divisor: NON_THROTTLING_DIVISOR,
        }
    }

    /// As [`new`](Self::new), with `service_id`'s own non-throttling scale.
    pub fn for_service(base: Duration, service_id: &str) -> Self {
        let divisor = if is_dynamodb(service_id) {
            2 * NON_THROTTLING_DIVISOR
        } else {
            NON_THROTTLING_DIVISOR
        };
        Backoff {
            base,
            non_throttling_divisor: divisor,
        }
    }

    /// The delay before retrying after attempt number `attempt` (1-based)
    /// failed; `jitter` is a random number in `[0, 1)`.
    pub fn delay(
        &self,
        attempt: u32,
        throttling: bool,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Duration {
        let base = if throttling {
            self.base
        } else {
            self.base / self.non_throttling_divisor
        };
        let exponent = attempt.saturating_sub(1).min(31);
        let cap = base
            .checked_mul(1u32 << exponent)
            .map_or(MAX_BACKOFF, |d| d.min(MAX_BACKOFF));
        let delay = cap.mul_f64(jitter.clamp(0.0, 1.0));
        match retry_after {
            Some(wanted) => delay.max(wanted.min(delay + RETRY_AFTER_MAX_ADDITIONAL)),
            None => delay,
        }
    }
}

/// Reads `x-amz-retry-after` (non-negative integer milliseconds); anything
/// else is ignored, as botocore does.
pub fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER_HEADER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_millis)
}

/// The client-wide budget that stops retry storms when a service is down:
/// each retry takes from it, successes give back.
#[derive(Debug)]
pub struct RetryQuota {
    capacity: u32,
    available: AtomicU32,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota::new(INITIAL_QUOTA)
    }
}

impl RetryQuota {
    pub fn new(capacity: u32) -> Self {
        RetryQuota {
            capacity,
            available: AtomicU32::new(capacity),
        }
    }

    /// Takes the cost of one retry; `None` when the quota is exhausted.
    pub fn acquire(&self, throttling: bool) -> Option<u32> {
        let cost = if throttling {
            THROTTLING_RETRY_COST
        } else {
            RETRY_COST
        };
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |a| a.checked_sub(cost))
            .ok()
            .map(|_| cost)
    }

    /// Gives capacity back after a successful (2xx) response: what the last
    /// retry took, or `NO_RETRY_INCREMENT` when there was none. Never
    /// exceeds the initial capacity.
    pub fn release(&self, last_acquired: Option<u32>) {
        let amount = last_acquired.unwrap_or(NO_RETRY_INCREMENT);
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |a| {
                (a < self.capacity).then(|| a.saturating_add(amount).min(self.capacity))
            });
    }

    pub fn available(&self) -> u32 {
        self.available.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamodb_has_botocores_own_defaults() {
        assert_eq!(default_max_attempts("DynamoDB"), 4);
        assert_eq!(default_max_attempts("DynamoDB Streams"), 4);
        assert_eq!(default_max_attempts("S3"), 3);
        let base = Duration::from_secs(1);
        let dynamodb = Backoff::for_service(base, "DynamoDB");
        let other = Backoff::for_service(base, "SQS");
        assert_eq!(
            dynamodb.delay(1, false, None, 1.0),
            Duration::from_millis(25)
        );
        assert_eq!(other.delay(1, false, None, 1.0), Duration::from_millis(50));
        assert_eq!(dynamodb.delay(1, true, None, 1.0), Duration::from_secs(1));
    }

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

    #[test]
    fn backoff_stays_within_botocore_bounds() {
        let b = Backoff::default();
        // jitter 0 and (almost) 1 bound the delay.
        assert_eq!(b.delay(1, false, None, 0.0), Duration::ZERO);
        assert_eq!(b.delay(1, false, None, 1.0), Duration::from_millis(50));
        assert_eq!(b.delay(3, false, None, 1.0), Duration::from_millis(200));
        assert_eq!(b.delay(1, true, None, 1.0), Duration::from_secs(1));
        assert_eq!(b.delay(2, true, None, 0.5), Duration::from_secs(1));
        assert_eq!(b.delay(10, true, None, 1.0), Duration::from_secs(20));
        assert_eq!(b.delay(u32::MAX, true, None, 1.0), Duration::from_secs(20));
        for attempt in 1..40 {
            for _ in 0..20 {
                let d = b.delay(attempt, fastrand::bool(), None, fastrand::f64());
                assert!(d <= Duration::from_secs(20), "{d:?}");
            }
        }
        let small = Backoff::new(Duration::from_millis(20));
        assert_eq!(small.delay(2, true, None, 1.0), Duration::from_millis(40));
    }

    #[test]
    fn retry_after_raises_the_delay_by_at_most_five_seconds() {
        let b = Backoff::default();
        let d = |ra: u64| b.delay(1, true, Some(Duration::from_millis(ra)), 0.5);
        assert_eq!(d(0), Duration::from_millis(500));
        assert_eq!(d(2_000), Duration::from_secs(2));
        assert_eq!(d(60_000), Duration::from_millis(5_500));
        let mut headers = http::HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER_HEADER, "1500".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(1500)));
        headers.insert(RETRY_AFTER_HEADER, "-1".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn quota_drains_and_refills_like_botocore() {
        let q = RetryQuota::default();
        assert_eq!(q.acquire(false), Some(RETRY_COST));
        assert_eq!(q.acquire(true), Some(THROTTLING_RETRY_COST));
        assert_eq!(q.available(), 500 - 14 - 5);
        q.release(Some(5));
        q.release(None);
        assert_eq!(q.available(), 500 - 14 + 1);
        q.release(Some(14));
        assert_eq!(q.available(), 500, "never above the initial capacity");
        let q = RetryQuota::new(20);
        assert!(q.acquire(false).is_some());
        assert_eq!(q.acquire(false), None, "6 left, a retry costs 14");
        assert!(q.acquire(true).is_some());
        assert_eq!(q.available(), 1);
    }
}
