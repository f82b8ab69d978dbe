//! Timestamps as botocore writes and reads them.
//!
//! Writing (botocore's default `timestamp_precision`): `iso8601` has
//! microseconds only when they are non-zero (`.123000Z`, always six digits);
//! `unixTimestamp` is an integer, or a float with microseconds when they are
//! non-zero (JSON number, or its `str()` in XML, URIs and query strings);
//! `rfc822` has whole seconds. In headers botocore drops the sub-second part
//! for every format: pass the value through [`whole_seconds`] first.
//! Values are truncated to microseconds, botocore's resolution.
//!
//! Reading (`botocore.utils.parse_timestamp`): anything Python's `float()`
//! reads is epoch seconds, rounded half-even to the microsecond like
//! `datetime.fromtimestamp`; anything else goes to `dateutil`, of which this
//! covers the ISO 8601 and HTTP-date forms (no offset means UTC).

use ::time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

use super::encode::{write_py_repr, StackStr};
use super::ProtoError;
use crate::DateTime;

/// Python's `datetime` range: 0001-01-01T00:00:00 to 9999-12-31T23:59:59.
const MIN_EPOCH: i64 = -62_135_596_800;
const MAX_EPOCH: i64 = 253_402_300_799;

fn utc(t: &DateTime) -> DateTime {
    t.checked_to_offset(UtcOffset::UTC).unwrap_or(*t)
}

fn push_num(out: &mut String, n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut n = n;
    let mut i = digits.len();
    while n > 0 || i == digits.len() {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    for _ in (digits.len() - i)..width {
        out.push('0');
    }
    out.extend(digits[i..].iter().map(|&b| b as char));
}

fn push_year(out: &mut String, year: i32) {
    if year < 0 {
        out.push('-');
    }
    push_num(out, year.unsigned_abs(), 4);
}

/// `2014-04-29T18:30:38Z`, or `2014-04-29T18:30:38.123000Z` when the
/// microseconds are non-zero (botocore's `ISO8601` / `ISO8601_MICRO`).
pub fn format_iso8601(t: &DateTime) -> String {
    let t = utc(t);
    let mut out = String::with_capacity(27);
    push_year(&mut out, t.year());
    out.push('-');
    push_num(&mut out, u32::from(u8::from(t.month())), 2);
    out.push('-');
    push_num(&mut out, u32::from(t.day()), 2);
    out.push('T');
    push_num(&mut out, u32::from(t.hour()), 2);
    out.push(':');
    push_num(&mut out, u32::from(t.minute()), 2);
    out.push(':');
    push_num(&mut out, u32::from(t.second()), 2);
    let micros = t.microsecond();
    if micros > 0 {
        out.push('.');
        push_num(&mut out, micros, 6);
    }
    out.push('Z');
    out
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Tue, 29 Apr 2014 18:30:38 GMT` (`email.utils.formatdate(usegmt=True)`),
/// whole seconds.
pub fn format_http_date(t: &DateTime) -> String {
    let t = utc(t);
    let mut out = String::with_capacity(29);
    out.push_str(DAYS[usize::from(t.weekday().number_days_from_monday())]);
    out.push_str(", ");
    push_num(&mut out, u32::from(t.day()), 2);
    out.push(' ');
    out.push_str(MONTHS[usize::from(u8::from(t.month())) - 1]);
    out.push(' ');
    push_year(&mut out, t.year());
    out.push(' ');
    push_num(&mut out, u32::from(t.hour()), 2);
    out.push(':');
    push_num(&mut out, u32::from(t.minute()), 2);
    out.push(':');
    push_num(&mut out, u32::from(t.second()), 2);
    out.push_str(" GMT");
    out
}

/// Epoch seconds as botocore writes `unixTimestamp`: `1398796238` when the
/// microseconds are zero, else Python's `repr` of the float
/// `(seconds * 10**6 + micros) / 10**6` (`1398796238.123`), in every protocol
/// (a JSON number; the same text in XML, URIs and query strings). Headers
/// carry whole seconds: format [`whole_seconds`]`(t)`.
pub fn format_epoch_seconds(t: &DateTime) -> String {
    let secs = t.unix_timestamp();
    let micros = t.microsecond();
    let mut out = String::with_capacity(20);
    if micros == 0 {
        out.push_str(itoa(secs).as_str());
        return out;
    }
    // Python divides exactly and rounds once; parsing the exact decimal
    // gives the same correctly rounded double.
    let total = i128::from(secs) * 1_000_000 + i128::from(micros);
    let mut exact = StackStr::new();
    let _ = std::fmt::Write::write_fmt(
        &mut exact,
        format_args!(
            "{}{}.{:06}",
            if total < 0 { "-" } else { "" },
            total.unsigned_abs() / 1_000_000,
            total.unsigned_abs() % 1_000_000
        ),
    );
    let value: f64 = exact.as_str().parse().unwrap_or(secs as f64);
    write_py_repr(&mut out, value);
    out
}

fn itoa(n: i64) -> StackStr {
    let mut s = StackStr::new();
    let _ = std::fmt::Write::write_fmt(&mut s, format_args!("{n}"));
    s
}

/// The value without its sub-second part: botocore sends header timestamps
/// (any format) in whole seconds.
pub fn whole_seconds(t: &DateTime) -> DateTime {
    t.replace_nanosecond(0).unwrap_or(*t)
}

/// A timestamp in any form botocore reads: epoch seconds as text
/// (`1398796238`, `1398796238.123`, ` 1_398_796_238 `, `1.4e9`), ISO 8601
/// with or without fraction (`.` or `,`, truncated to microseconds) and
/// offset (`Z`, `UTC`, `GMT`, `+02:00`, `+0200`, `+02`; none means UTC),
/// date-only (`2014-04-29`), basic (`20140429T183038Z`), and HTTP dates
/// (RFC 1123, RFC 850, asctime). Leading and trailing whitespace is ignored.
pub fn parse_timestamp(text: &str) -> Result<DateTime, ProtoError> {
    let s = text.trim();
    if let Some(secs) = parse_py_float(s) {
        return from_epoch_f64(secs);
    }
    parse_iso8601(s)
        .or_else(|| parse_http_date(s))
        .ok_or_else(|| ProtoError::new(format!("invalid timestamp `{}`", shorten(text))))
}

/// At most 64 bytes of `s` for error messages (responses may be huge).
fn shorten(s: &str) -> &str {
    match s.char_indices().nth(64) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Epoch seconds from a JSON number, rounded to the microsecond as Python's
/// `datetime.fromtimestamp` does (`modf`, then half-even rounding of the
/// fraction times 10^6), so `1398796238.123` is `.123000` exactly.
pub fn from_epoch_f64(secs: f64) -> Result<DateTime, ProtoError> {
    if !secs.is_finite() {
        return Err(ProtoError::new(format!("invalid epoch timestamp {secs}")));
    }
    let mut whole = secs.trunc();
    let mut micros = ((secs - whole) * 1e6).round_ties_even();
    if micros >= 1e6 {
        micros -= 1e6;
        whole += 1.0;
    } else if micros < 0.0 {
        micros += 1e6;
        whole -= 1.0;
    }
    if !(MIN_EPOCH as f64..=MAX_EPOCH as f64).contains(&whole) {
        return Err(ProtoError::new(format!(
            "epoch timestamp {secs} is outside years 1 to 9999"
        )));
    }
    from_epoch_parts(whole as i64, micros as i64)
}

/// Epoch seconds from an integer JSON number.
pub fn from_epoch_i64(secs: i64) -> Result<DateTime, ProtoError> {
    if !(MIN_EPOCH..=MAX_EPOCH).contains(&secs) {
        return Err(ProtoError::new(format!(
            "epoch timestamp {secs} is outside years 1 to 9999"
        )));
    }
    from_epoch_parts(secs, 0)
}

fn from_epoch_parts(secs: i64, micros: i64) -> Result<DateTime, ProtoError> {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.checked_add(Duration::microseconds(micros)))
        .ok_or_else(|| ProtoError::new(format!("invalid epoch timestamp {secs}")))
}

/// What Python's `float()` accepts, finite values only (botocore's `nan` and
/// `inf` fail later anyway): sign, digits with single `_` between digits,
/// optional fraction and exponent. The caller trims whitespace.
fn parse_py_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut underscores = false;
    // Digits with `_` only between two digits; returns how many digits.
    let mut digits = |i: &mut usize| -> Option<usize> {
        let mut n = 0;
        while *i < b.len() {
            match b[*i] {
                b'0'..=b'9' => n += 1,
                b'_' if n > 0 && b.get(*i + 1).is_some_and(u8::is_ascii_digit) => {
                    underscores = true
                }
                _ => break,
            }
            *i += 1;
        }
        Some(n)
    };
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_digits = digits(&mut i)?;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = digits(&mut i)?;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i)? == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let n: f64 = if underscores {
        s.replace('_', "").parse().ok()?
    } else {
        s.parse().ok()?
    };
    n.is_finite().then_some(n)
}

/// A cursor over ASCII text.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            b: s.as_bytes(),
            i: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn done(&self) -> bool {
        self.i == self.b.len()
    }

    /// Exactly `n` digits as a number.
    fn num(&mut self, n: usize) -> Option<u32> {
        let digits = self.b.get(self.i..self.i + n)?;
        let mut v = 0u32;
        for &d in digits {
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(d - b'0');
        }
        self.i += n;
        Some(v)
    }

    /// How many digits follow.
    fn digit_run(&self) -> usize {
        self.b[self.i..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count()
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    fn rest(&self) -> &'a [u8] {
        &self.b[self.i..]
    }
}

fn build(
    year: i32,
    month: u32,
    day: u32,
    (hour, minute, second, micros): (u32, u32, u32, u32),
    offset_secs: i32,
) -> Option<DateTime> {
    if !(1..=9999).contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    let time = Time::from_hms_micro(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        micros,
    )
    .ok()?;
    let offset = UtcOffset::from_whole_seconds(offset_secs).ok()?;
    PrimitiveDateTime::new(date, time)
        .assume_offset(offset)
        .checked_to_offset(UtcOffset::UTC)
}

/// `.123` or `,123` (at least one digit), truncated to microseconds as
/// dateutil does.
fn fraction(c: &mut Cursor) -> Option<u32> {
    if !(c.eat(b'.') || c.eat(b',')) {
        return Some(0);
    }
    let n = c.digit_run();
    if n == 0 {
        return None;
    }
    let mut micros = 0;
    for k in 0..6 {
        micros = micros * 10
            + if k < n {
                u32::from(c.b[c.i + k] - b'0')
            } else {
                0
            };
    }
    c.i += n;
    Some(micros)
}

/// `Z`, `UTC`, `GMT`, `UT`, `+HH:MM`, `+HHMM`, `+HH`, or nothing (UTC);
/// must end the text.
fn zone(c: &mut Cursor) -> Option<i32> {
    c.skip_spaces();
    let rest = c.rest();
    let named = |name: &[u8]| rest.eq_ignore_ascii_case(name);
    if rest.is_empty() || named(b"Z") || named(b"UTC") || named(b"GMT") || named(b"UT") {
        c.i = c.b.len();
        return Some(0);
    }
    let sign = match c.peek()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    c.i += 1;
    let hours = c.num(2)?;
    let minutes = if c.done() {
        0
    } else {
        c.eat(b':');
        c.num(2)?
    };
    if !c.done() || hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60) as i32)
}

fn parse_iso8601(s: &str) -> Option<DateTime> {
    let mut c = Cursor::new(s);
    let year = c.num(4)? as i32;
    let extended = c.eat(b'-');
    let month = c.num(2)?;
    if extended && !c.eat(b'-') {
        return None;
    }
    let day = c.num(2)?;
    if c.done() {
        return build(year, month, day, (0, 0, 0, 0), 0);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let hour = c.num(2)?;
    let mut minute = 0;
    let mut second = 0;
    let mut micros = 0;
    let colon = c.eat(b':');
    if colon || c.digit_run() >= 2 {
        minute = c.num(2)?;
        if c.eat(b':') || (!colon && c.digit_run() >= 2) {
            second = c.num(2)?;
            micros = fraction(&mut c)?;
        }
    }
    let offset = zone(&mut c)?;
    build(year, month, day, (hour, minute, second, micros), offset)
}

/// Whether `s` is a day name (`Tue`, `tuesday`), as HTTP dates start with.
pub(crate) fn is_day_name(s: &str) -> bool {
    day_index(s).is_some()
}

fn day_index(s: &str) -> Option<Weekday> {
    const FULL: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    const WEEK: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    (0..7)
        .find(|&i| s.eq_ignore_ascii_case(DAYS[i]) || s.eq_ignore_ascii_case(FULL[i]))
        .map(|i| WEEK[i])
}

fn month_index(s: &str) -> Option<u32> {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (0..12)
        .find(|&i| s.eq_ignore_ascii_case(MONTHS[i]) || s.eq_ignore_ascii_case(FULL[i]))
        .map(|i| i as u32 + 1)
}

/// A year token: four digits, or two digits placed within 50 years of now
/// as dateutil does.
fn year_of(tok: &str) -> Option<i32> {
    if !tok.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = tok.parse().ok()?;
    match tok.len() {
        4 => Some(y),
        1 | 2 => {
            let now = OffsetDateTime::now_utc().year();
            let mut year = y + now / 100 * 100;
            if year >= now + 50 {
                year -= 100;
            } else if year < now - 50 {
                year += 100;
            }
            Some(year)
        }
        _ => None,
    }
}

/// `HH:MM[:SS[.frac]]`.
fn clock(tok: &str) -> Option<(u32, u32, u32, u32)> {
    let mut c = Cursor::new(tok);
    let n = c.digit_run();
    if n == 0 || n > 2 {
        return None;
    }
    let hour = c.num(n)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.num(2)?;
    let (second, micros) = if c.eat(b':') {
        (c.num(2)?, fraction(&mut c)?)
    } else {
        (0, 0)
    };
    c.done().then_some((hour, minute, second, micros))
}

fn day_of(tok: &str) -> Option<u32> {
    if tok.is_empty() || tok.len() > 2 || !tok.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    tok.parse().ok()
}

/// RFC 1123 (`Tue, 29 Apr 2014 18:30:38 GMT`), RFC 850
/// (`Tuesday, 29-Apr-14 18:30:38 GMT`) and asctime (`Tue Apr 29 18:30:38 2014`),
/// the day name optional and ignored, the zone optional.
fn parse_http_date(s: &str) -> Option<DateTime> {
    let mut toks = [""; 8];
    let mut n = 0;
    for t in s.split([' ', ',']).filter(|t| !t.is_empty()) {
        *toks.get_mut(n)? = t;
        n += 1;
    }
    let mut t = &toks[..n];
    if t.first().is_some_and(|d| is_day_name(d)) {
        t = &t[1..];
    }
    let zone_of = |rest: &[&str]| -> Option<i32> {
        match rest {
            [] => Some(0),
            [z] => zone(&mut Cursor::new(z)),
            _ => None,
        }
    };
    let (year, month, day, clock_tok, rest) = match t {
        // 29 Apr 2014 18:30:38 GMT
        [d, m, y, hms, rest @ ..] if month_index(m).is_some() => {
            (year_of(y)?, month_index(m)?, day_of(d)?, *hms, rest)
        }
        // 29-Apr-14 18:30:38 GMT
        [dmy, hms, rest @ ..] if dmy.contains('-') => {
            let mut parts = dmy.split('-');
            let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() {
                return None;
            }
            (year_of(y)?, month_index(m)?, day_of(d)?, *hms, rest)
        }
        // Apr 29 18:30:38 2014
        [m, d, hms, y, rest @ ..] => (year_of(y)?, month_index(m)?, day_of(d)?, *hms, rest),
        _ => return None,
    };
    let offset = zone_of(rest)?;
    build(year, month, day, clock(clock_tok)?, offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::time::macros::datetime;

    fn iso(t: DateTime) -> String {
        format_iso8601(&t)
    }

    #[test]
    fn formats_like_botocore() {
        let t = datetime!(2014-04-29 18:30:38 UTC);
        assert_eq!(format_iso8601(&t), "2014-04-29T18:30:38Z");
        assert_eq!(format_http_date(&t), "Tue, 29 Apr 2014 18:30:38 GMT");
        assert_eq!(format_epoch_seconds(&t), "1398796238");
        // Fractions: six digits in ISO, Python float repr for epoch seconds.
        let f = datetime!(2014-04-29 18:30:38.123 UTC);
        assert_eq!(format_iso8601(&f), "2014-04-29T18:30:38.123000Z");
        assert_eq!(format_epoch_seconds(&f), "1398796238.123");
        assert_eq!(format_http_date(&f), "Tue, 29 Apr 2014 18:30:38 GMT");
        let us = datetime!(2014-04-29 18:30:38.000001 UTC);
        assert_eq!(format_epoch_seconds(&us), "1398796238.000001");
        assert_eq!(format_iso8601(&us), "2014-04-29T18:30:38.000001Z");
        // Below a microsecond: dropped, as botocore's datetime cannot hold it.
        let ns = datetime!(2014-04-29 18:30:38.000000999 UTC);
        assert_eq!(format_iso8601(&ns), "2014-04-29T18:30:38Z");
        assert_eq!(format_epoch_seconds(&ns), "1398796238");
        // Offsets are converted to UTC.
        let o = datetime!(2014-04-29 20:30:38 +02:00);
        assert_eq!(format_iso8601(&o), "2014-04-29T18:30:38Z");
        assert_eq!(format_http_date(&o), "Tue, 29 Apr 2014 18:30:38 GMT");
        assert_eq!(
            format_http_date(&datetime!(2026-01-02 03:04:05 UTC)),
            "Fri, 02 Jan 2026 03:04:05 GMT"
        );
        assert_eq!(format_iso8601(&whole_seconds(&f)), "2014-04-29T18:30:38Z");
        assert_eq!(format_epoch_seconds(&whole_seconds(&f)), "1398796238");
    }

    #[test]
    fn epoch_seconds_match_python() {
        // Python: repr((calendar.timegm(tt) * 10**6 + us) / 10**6), as botocore;
        // past 2^53 microseconds the float cannot hold them all.
        let cases = [
            (datetime!(1970-01-01 00:00:00.00001 UTC), "1e-05"),
            (datetime!(1970-01-01 00:00:00.5 UTC), "0.5"),
            (datetime!(1969-12-31 23:59:59.5 UTC), "-0.5"),
            (datetime!(1969-12-31 23:59:58.999999 UTC), "-1.000001"),
            (datetime!(2001-09-09 01:46:40.001 UTC), "1000000000.001"),
            (datetime!(9999-12-31 23:59:59.999999 UTC), "253402300800.0"),
            (datetime!(1969-12-31 00:00:00 UTC), "-86400"),
        ];
        for (t, want) in cases {
            assert_eq!(format_epoch_seconds(&t), want, "{t}");
        }
    }

    #[test]
    fn parses_what_botocore_parses() {
        // Expected values from botocore.utils.parse_timestamp (1.44.5), in UTC.
        let cases = [
            ("2014-04-29T18:30:38Z", "2014-04-29T18:30:38Z"),
            ("2014-04-29T18:30:38.123Z", "2014-04-29T18:30:38.123000Z"),
            (
                "2014-04-29T18:30:38.123456789Z",
                "2014-04-29T18:30:38.123456Z",
            ),
            (
                "2014-04-29T18:30:38.1239999Z",
                "2014-04-29T18:30:38.123999Z",
            ),
            ("2014-04-29T18:30:38+02:00", "2014-04-29T16:30:38Z"),
            ("2014-04-29T18:30:38.5-0130", "2014-04-29T20:00:38.500000Z"),
            ("2014-04-29T18:30:38", "2014-04-29T18:30:38Z"),
            ("2014-04-29 18:30:38", "2014-04-29T18:30:38Z"),
            ("20140429T183038Z", "2014-04-29T18:30:38Z"),
            ("2014-04-29", "2014-04-29T00:00:00Z"),
            ("Tue, 29 Apr 2014 18:30:38 GMT", "2014-04-29T18:30:38Z"),
            ("29 Apr 2014 18:30:38 GMT", "2014-04-29T18:30:38Z"),
            ("Tue, 29 Apr 2014 18:30:38 +0000", "2014-04-29T18:30:38Z"),
            ("Tuesday, 29-Apr-14 18:30:38 GMT", "2014-04-29T18:30:38Z"),
            ("Tue Apr 29 18:30:38 2014", "2014-04-29T18:30:38Z"),
            ("Wed, 29 Apr 2014 18:30:38 GMT", "2014-04-29T18:30:38Z"),
            ("Tue, 29 Apr 2014 18:30:38 UTC", "2014-04-29T18:30:38Z"),
            ("1398796238", "2014-04-29T18:30:38Z"),
            ("1398796238.123", "2014-04-29T18:30:38.123000Z"),
            (" 1398796238 ", "2014-04-29T18:30:38Z"),
            ("1_398_796_238", "2014-04-29T18:30:38Z"),
            ("1.398796238e9", "2014-04-29T18:30:38Z"),
            ("-1.5", "1969-12-31T23:59:58.500000Z"),
            ("+5", "1970-01-01T00:00:05Z"),
            (".5", "1970-01-01T00:00:00.500000Z"),
            ("5.", "1970-01-01T00:00:05Z"),
            ("2014-04-29T18:30Z", "2014-04-29T18:30:00Z"),
            ("2014-04-29T18Z", "2014-04-29T18:00:00Z"),
            ("2014-04-29T18:30:38 UTC", "2014-04-29T18:30:38Z"),
            ("2014-04-29T18:30:38z", "2014-04-29T18:30:38Z"),
            ("2014-04-29T18:30:38+05", "2014-04-29T13:30:38Z"),
            ("0", "1970-01-01T00:00:00Z"),
            ("-62135596800", "0001-01-01T00:00:00Z"),
            ("2014-04-29T18:30:38,5Z", "2014-04-29T18:30:38.500000Z"),
            (
                "9999-12-31T23:59:59.9999999Z",
                "9999-12-31T23:59:59.999999Z",
            ),
            // dateutil treats an 8-digit string as a number first: epoch seconds.
            ("20140429", "1970-08-22T02:33:49Z"),
        ];
        for (text, want) in cases {
            let got = parse_timestamp(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(iso(got), want, "{text}");
        }
    }

    #[test]
    fn rejects_what_botocore_rejects() {
        // Each raises in botocore.utils.parse_timestamp.
        for text in [
            "",
            "nan",
            "inf",
            "2014-04-29T18:30:38.Z",
            "2014-04-29T24:00:00Z",
            "2014-04-29T23:59:60Z",
            "2014-02-30T00:00:00Z",
            "253402300800",
            "-62135596801",
            "1__0",
            "_1",
            "1_",
            "not a date",
            "Tue, 32 Apr 2014 18:30:38 GMT",
            "2014-04-29T18:30:38+24:00",
        ] {
            assert!(parse_timestamp(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn epoch_numbers_round_like_fromtimestamp() {
        // datetime.datetime.fromtimestamp(v, tzutc()) in Python 3.11.
        let cases = [
            (1398796238.123, "2014-04-29T18:30:38.123000Z"),
            (1398796238.1234565, "2014-04-29T18:30:38.123456Z"),
            (0.0000005, "1970-01-01T00:00:00Z"),
            (0.0000015, "1970-01-01T00:00:00.000002Z"),
            (-0.5, "1969-12-31T23:59:59.500000Z"),
            (-1.0000005, "1969-12-31T23:59:58.999999Z"),
            (1398796238.9999996, "2014-04-29T18:30:39Z"),
        ];
        for (v, want) in cases {
            assert_eq!(iso(from_epoch_f64(v).unwrap()), want, "{v}");
        }
        assert!(from_epoch_f64(f64::NAN).is_err());
        assert!(from_epoch_f64(f64::INFINITY).is_err());
        assert!(from_epoch_f64(1e300).is_err());
        assert_eq!(
            iso(from_epoch_i64(1398796238).unwrap()),
            "2014-04-29T18:30:38Z"
        );
        assert!(from_epoch_i64(i64::MAX).is_err());
    }

    #[test]
    fn round_trips() {
        for t in [
            datetime!(2014-04-29 18:30:38 UTC),
            datetime!(2014-04-29 18:30:38.123 UTC),
            datetime!(1999-12-31 23:59:59.999999 UTC),
        ] {
            assert_eq!(parse_timestamp(&format_iso8601(&t)).unwrap(), t);
            assert_eq!(parse_timestamp(&format_epoch_seconds(&t)).unwrap(), t);
            assert_eq!(
                parse_timestamp(&format_http_date(&t)).unwrap(),
                whole_seconds(&t)
            );
        }
    }

    #[test]
    fn hostile_text_never_panics() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let alphabet = b"0123456789-+:.,TZz tGMUCaprAWedJ_e";
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            let s: String = (0..len)
                .map(|k| alphabet[((seed >> (k % 50)) as usize + k * 7) % alphabet.len()] as char)
                .collect();
            let _ = parse_timestamp(&s);
        }
        let _ = parse_timestamp(&"9".repeat(10_000));
        let _ = parse_timestamp("é, 29 Ǻpr 2014 18:30:38 GMT");
    }
}
