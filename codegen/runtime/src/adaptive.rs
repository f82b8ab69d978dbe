//! botocore's adaptive retry mode: the standard mode plus a client-side
//! rate limiter (`botocore/retries/adaptive.py`, `throttling.py`,
//! `bucket.py`). The limiter stays off until the service throttles; from
//! then on each attempt takes a token from a bucket whose fill rate follows
//! CUBIC: cut by `BETA` on a throttling response, growing back over time on
//! the others, and never above twice the rate actually measured.
//!
//! The state machine takes the time as an argument (seconds since the client
//! was built) so that tests drive it with botocore's own timestamps.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// `CubicCalculator._SCALE_CONSTANT` and `_BETA`.
const SCALE_CONSTANT: f64 = 0.4;
const BETA: f64 = 0.7;
/// `ClientRateLimiter._MAX_RATE_ADJUST_SCALE`.
const MAX_RATE_ADJUST_SCALE: f64 = 2.0;
/// `TokenBucket._MIN_RATE`.
const MIN_FILL_RATE: f64 = 0.5;
/// `RateClocker`'s smoothing and its half-second time buckets.
const SMOOTHING: f64 = 0.8;
const TIME_BUCKET_SCALE: f64 = 2.0;

/// One client's rate limiter, shared by its concurrent calls.
#[derive(Debug)]
pub(crate) struct ClientRateLimiter {
    origin: Instant,
    state: Mutex<Limiter>,
}

impl ClientRateLimiter {
    pub(crate) fn new() -> Self {
        ClientRateLimiter {
            origin: Instant::now(),
            state: Mutex::new(Limiter::new(0.0)),
        }
    }

    fn now(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }

    fn with<T>(&self, f: impl FnOnce(&mut Limiter, f64) -> T) -> T {
        let now = self.now();
        // A poisoned lock only means another call panicked mid-update; the
        // numbers are still usable.
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state, now)
    }

    /// Waits, if the limiter is on, until a token can be taken for an attempt.
    pub(crate) async fn acquire(&self) {
        while let Some(wait) = self.with(|l, now| l.before_send(now)) {
            tokio::time::sleep(wait).await;
        }
    }

    /// Records the outcome of an attempt: `throttled` for a throttling error.
    pub(crate) fn record(&self, throttled: bool) {
        self.with(|l, now| l.after_attempt(throttled, now));
    }
}

/// `ClientRateLimiter`'s state.
#[derive(Debug)]
struct Limiter {
    cubic: Cubic,
    clocker: RateClocker,
    bucket: TokenBucket,
    enabled: bool,
}

impl Limiter {
    fn new(now: f64) -> Self {
        Limiter {
            cubic: Cubic::new(0.0, now),
            clocker: RateClocker::new(now),
            bucket: TokenBucket::new(1.0, MIN_FILL_RATE, now),
            enabled: false,
        }
    }

    /// `on_sending_request`: `None` once a token is taken (or the limiter
    /// is off), else how long to wait before asking again.
    fn before_send(&mut self, now: f64) -> Option<Duration> {
        if !self.enabled {
            return None;
        }
        self.bucket
            .try_acquire(now)
            .err()
            .map(|seconds| Duration::from_secs_f64(seconds.max(0.0)))
    }

    /// `on_receiving_response`.
    fn after_attempt(&mut self, throttled: bool, now: f64) {
        let measured = self.clocker.record(now);
        let new_rate = if throttled {
            let rate = if self.enabled {
                measured.min(self.bucket.fill_rate)
            } else {
                measured
            };
            self.enabled = true;
            self.cubic.error_received(rate, now)
        } else {
            self.cubic.success_received(now)
        };
        self.bucket
            .set_max_rate(new_rate.min(MAX_RATE_ADJUST_SCALE * measured), now);
    }
}

/// `CubicCalculator`: the sending rate as a function of the time since the
/// last throttling error.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cubic {
    w_max: f64,
    k: f64,
    last_fail: f64,
}

impl Cubic {
    fn new(starting_max_rate: f64, start_time: f64) -> Self {
        Cubic {
            w_max: starting_max_rate,
            k: zero_point(starting_max_rate, BETA),
            last_fail: start_time,
        }
    }

    fn success_received(&self, now: f64) -> f64 {
        SCALE_CONSTANT * (now - self.last_fail - self.k).powi(3) + self.w_max
    }

    fn error_received(&mut self, current_rate: f64, now: f64) -> f64 {
        self.w_max = current_rate;
        self.k = zero_point(current_rate, BETA);
        self.last_fail = now;
        current_rate * BETA
    }
}

/// `_calculate_zero_point`: when the curve is back at `w_max`.
fn zero_point(w_max: f64, beta: f64) -> f64 {
    (w_max * (1.0 - beta) / SCALE_CONSTANT).cbrt()
}

/// `RateClocker`: requests per second, smoothed, per half-second bucket.
#[derive(Debug)]
struct RateClocker {
    measured: f64,
    last_bucket: f64,
    count: f64,
}

impl RateClocker {
    fn new(now: f64) -> Self {
        RateClocker {
            measured: 0.0,
            last_bucket: now.floor(),
            count: 0.0,
        }
    }

    fn record(&mut self, now: f64) -> f64 {
        let bucket = (now * TIME_BUCKET_SCALE).floor() / TIME_BUCKET_SCALE;
        self.count += 1.0;
        if bucket > self.last_bucket {
            let current = self.count / (bucket - self.last_bucket);
            self.measured = current * SMOOTHING + self.measured * (1.0 - SMOOTHING);
            self.count = 0.0;
            self.last_bucket = bucket;
        }
        self.measured
    }
}

/// `TokenBucket`: tokens accrue at `fill_rate` up to `max_capacity`.
#[derive(Debug)]
struct TokenBucket {
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    min_rate: f64,
    last_refill: Option<f64>,
}

impl TokenBucket {
    fn new(max_rate: f64, min_rate: f64, now: f64) -> Self {
        let mut bucket = TokenBucket {
            fill_rate: 0.0,
            max_capacity: 1.0,
            capacity: 0.0,
            min_rate,
            last_refill: None,
        };
        bucket.set_max_rate(max_rate, now);
        bucket
    }

    /// The `max_rate` setter: tokens earned at the old rate are kept.
    fn set_max_rate(&mut self, rate: f64, now: f64) {
        self.refill(now);
        self.fill_rate = rate.max(self.min_rate);
        self.max_capacity = if rate >= 1.0 { rate } else { 1.0 };
        self.capacity = self.capacity.min(self.max_capacity);
    }

    /// Takes one token, or says how many seconds until one is there.
    fn try_acquire(&mut self, now: f64) -> Result<(), f64> {
        self.refill(now);
        if self.capacity >= 1.0 {
            self.capacity -= 1.0;
            Ok(())
        } else {
            Err((1.0 - self.capacity) / self.fill_rate)
        }
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            let earned = (now - last) * self.fill_rate;
            self.capacity = self.max_capacity.min(self.capacity + earned);
        }
        self.last_refill = Some(now);
    }
}

// The cases and figures below are those of botocore 1.44.5's
// `tests/unit/retries/test_throttling.py`, `test_bucket.py` and
// `test_adaptive.py`, driven with the same timestamps.
#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-7
    }

    #[test]
    fn cubic_starting_zero_point() {
        assert!(close(Cubic::new(10.0, 0.0).k, 1.9574338205844317));
    }

    #[test]
    fn cubic_reaches_w_max_at_k_and_passes_it_after() {
        let cubic = Cubic::new(10.0, 0.0);
        let k = cubic.k;
        for t in [k / 3.0, k / 2.0, k / 1.1] {
            assert!(cubic.success_received(t) <= 10.0);
        }
        assert!(close(cubic.success_received(k), 10.0));
        for t in [k * 1.1, k * 2.0] {
            assert!(cubic.success_received(t) >= 10.0);
        }
    }

    #[test]
    fn cubic_error_cuts_by_beta() {
        let mut cubic = Cubic::new(10.0, 0.0);
        assert!(close(cubic.error_received(8.0, 1.0), 8.0 * 0.7));
        assert_eq!(cubic.w_max, 8.0);
        assert!(close(cubic.k, 1.8171205928321397));
        assert_eq!(cubic.last_fail, 1.0);
        // Right after the error the curve starts at the reduced rate.
        assert!(close(cubic.success_received(1.0), 5.6));
    }

    #[test]
    fn bucket_hands_out_tokens_below_its_rate() {
        let mut bucket = TokenBucket::new(10.0, 0.1, 0.0);
        for t in 1..=5 {
            assert_eq!(bucket.try_acquire(t as f64), Ok(()));
        }
        bucket.set_max_rate(1.0, 5.0);
        for t in 6..=10 {
            assert_eq!(bucket.try_acquire(t as f64), Ok(()));
        }
        let mut bucket = TokenBucket::new(10.0, 0.1, 0.0);
        for i in 0..20 {
            assert_eq!(bucket.try_acquire(1.0 + 0.1 * i as f64), Ok(()));
        }
    }

    #[test]
    fn bucket_capacity_and_rate_limits() {
        let mut bucket = TokenBucket::new(10.0, 0.1, 0.0);
        bucket.set_max_rate(0.5, 1.0);
        assert_eq!((bucket.fill_rate, bucket.max_capacity), (0.5, 1.0));
        let mut bucket = TokenBucket::new(1.0, 0.2, 0.0);
        bucket.set_max_rate(0.1, 1.0);
        assert_eq!((bucket.fill_rate, bucket.max_capacity), (0.2, 1.0));
    }

    #[test]
    fn bucket_says_how_long_until_the_next_token() {
        let mut bucket = TokenBucket::new(10.0, 0.1, 0.0);
        assert_eq!(bucket.try_acquire(0.1), Ok(()));
        assert_eq!(bucket.capacity, 0.0);
        // botocore sleeps 0.05 s here, then takes the token at 0.2 s.
        let wait = bucket.try_acquire(0.15).unwrap_err();
        assert!(close(wait, 0.05), "{wait}");
        assert_eq!(bucket.try_acquire(0.2), Ok(()));
        assert!(bucket.capacity.abs() < 1e-9);
        assert_eq!(bucket.try_acquire(0.300001), Ok(()));
    }

    #[test]
    fn clocker_measures_smoothed_rates() {
        let mut c = RateClocker::new(0.0);
        assert_eq!(c.measured, 0.0);
        assert_eq!(c.record(1.0), 0.8);

        let mut c = RateClocker::new(0.0);
        for t in 1..=20 {
            c.record(t as f64);
        }
        assert!(close(c.measured, 1.0));

        let mut c = RateClocker::new(0.0);
        for t in [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0] {
            c.record(t);
        }
        assert!((1.99..=2.0).contains(&c.measured), "{}", c.measured);
        c.record(14.0);
        assert!((0.1..=2.0).contains(&c.measured), "{}", c.measured);

        let mut c = RateClocker::new(0.0);
        for t in [1.0, 1.0, 1.0, 2.0, 3.0] {
            c.record(t);
        }
        assert!(c.measured >= 1.0);

        let mut c = RateClocker::new(0.0);
        for t in [0.1, 0.2, 0.3, 0.4, 0.49] {
            c.record(t);
        }
        assert_eq!(c.measured, 0.0);
        c.record(0.5);
        assert_eq!(c.measured, 12.0 * 0.8);
    }

    #[test]
    fn limiter_turns_on_at_the_first_throttle_and_caps_growth() {
        let mut l = Limiter::new(0.0);
        assert_eq!(l.before_send(0.0), None, "off until throttled");
        // Successes leave it off; the fill rate follows the curve but never
        // above twice the measured rate (at least the 0.5 floor).
        l.after_attempt(false, 1.0);
        assert!(!l.enabled);
        assert!(l.bucket.fill_rate <= MAX_RATE_ADJUST_SCALE * l.clocker.measured + 0.5);
        // A throttle turns it on with the measured rate cut by BETA.
        for t in [1.5, 2.0, 2.5, 3.0] {
            l.after_attempt(false, t);
        }
        l.after_attempt(true, 3.5);
        assert!(l.enabled);
        let expected = (l.clocker.measured * BETA).max(MIN_FILL_RATE);
        assert!(
            close(l.bucket.fill_rate, expected),
            "{}",
            l.bucket.fill_rate
        );
        // Once the bucket is drained a send has to wait for the next token,
        // and has it after that wait.
        let wait = (0..=l.bucket.max_capacity as usize + 1)
            .find_map(|_| l.before_send(3.5))
            .expect("the bucket runs dry");
        assert!(wait > Duration::ZERO);
        assert_eq!(l.before_send(3.5 + wait.as_secs_f64() + 1e-6), None);
    }
}
