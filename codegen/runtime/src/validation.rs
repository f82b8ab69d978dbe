//! Client-side parameter validation, as botocore's `ParamValidator`
//! (`botocore/validate.py`): the generated `send` checks the input after
//! building it and before serializing it, and sends nothing if it fails.
//!
//! By default exactly what botocore checks: `min` on the length of strings
//! (Unicode code points, as Python's `len`) and lists, `min` on the value of
//! numbers, an implicit `min` of 1 on `hostLabel` members, recursively through
//! structures, unions, list items and map keys and values. In addition, as
//! aws-sdk-rust does, an empty URI label is rejected whatever its `min`, so a
//! path such as `/accounts//key-registration` is never sent.
//!
//! Strict mode (`Config::builder().strict_validation(true)`) also checks `max`
//! (and `min` on maps and blobs, which botocore skips) and, when the crate is
//! built with the `strict-validation` feature, `pattern`s, with `regex-lite`.
//! Without that feature no regex engine is compiled in and patterns are not
//! checked ([`PATTERNS_CHECKED`] says which build this is). A pattern
//! `regex-lite` cannot compile is found when the code is generated: the
//! generated `validate` function's documentation names it, and it is not
//! checked.
//!
//! Every violation is collected, each named by its parameter path as botocore
//! names it (`KeyRegistration[0].KeyArn`, `Tags (key: k)`, `Tags.k`), with
//! botocore's wording. Violations are reported in model order of members; the
//! entries of a map, which has no order of its own here, in key order.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

/// Whether this build checks `pattern`s in strict mode (the
/// `strict-validation` feature).
pub const PATTERNS_CHECKED: bool = cfg!(feature = "strict-validation");

/// Where a value sits in the input, built on the stack as the validator
/// descends (nothing is allocated unless a violation is reported).
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Step<'a> {
    Root,
    Member(&'static str),
    Index(usize),
    Key(&'a str),
    Value(&'a str),
}

impl<'a> Path<'a> {
    /// The input itself (botocore's `input`).
    pub const ROOT: Path<'static> = Path {
        parent: None,
        step: Step::Root,
    };

    /// A structure or union member: `parent.Name`.
    pub fn member(&'a self, name: &'static str) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Step::Member(name),
        }
    }

    /// A list item: `parent[i]`.
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Step::Index(i),
        }
    }

    /// A map key: `parent (key: k)`.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Step::Key(key),
        }
    }

    /// A map value: `parent.k`.
    pub fn value(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Step::Value(key),
        }
    }

    fn write_raw(&self, out: &mut String) {
        if let Some(p) = self.parent {
            p.write_raw(out);
        }
        match self.step {
            Step::Root => {}
            Step::Member(name) => {
                out.push('.');
                out.push_str(name);
            }
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Step::Key(k) => {
                let _ = write!(out, " (key: {k})");
            }
            Step::Value(k) => {
                out.push('.');
                out.push_str(k);
            }
        }
    }

    /// The name botocore prints (`_get_name`): `input` for the root, no
    /// leading dot.
    pub fn render(&self) -> String {
        let mut raw = String::new();
        self.write_raw(&mut raw);
        if raw.is_empty() {
            "input".to_owned()
        } else if let Some(rest) = raw.strip_prefix('.') {
            rest.to_owned()
        } else {
            raw
        }
    }
}

/// A `min` or `max` of the model: its value, and its text as botocore
/// prints it (the model's JSON number).
#[derive(Clone, Copy, Debug)]
pub enum Bound {
    Int(i64, &'static str),
    Float(f64, &'static str),
}

impl Bound {
    fn text(self) -> &'static str {
        match self {
            Bound::Int(_, t) | Bound::Float(_, t) => t,
        }
    }
}

/// A number the validator can compare with a [`Bound`] and print as Python
/// prints it.
pub trait RangeValue: Copy {
    #[doc(hidden)]
    fn below(self, bound: Bound) -> bool;
    #[doc(hidden)]
    fn above(self, bound: Bound) -> bool;
    #[doc(hidden)]
    fn python(self) -> String;
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl RangeValue for $t {
            fn below(self, bound: Bound) -> bool {
                match bound {
                    Bound::Int(b, _) => i64::from(self) < b,
                    Bound::Float(b, _) => (self as f64) < b,
                }
            }
            fn above(self, bound: Bound) -> bool {
                match bound {
                    Bound::Int(b, _) => i64::from(self) > b,
                    Bound::Float(b, _) => (self as f64) > b,
                }
            }
            fn python(self) -> String {
                self.to_string()
            }
        }
    )*};
}
int_value!(i8, i16, i32, i64);

macro_rules! float_value {
    ($($t:ty),*) => {$(
        impl RangeValue for $t {
            fn below(self, bound: Bound) -> bool {
                match bound {
                    Bound::Int(b, _) => f64::from(self) < b as f64,
                    Bound::Float(b, _) => f64::from(self) < b,
                }
            }
            fn above(self, bound: Bound) -> bool {
                match bound {
                    Bound::Int(b, _) => f64::from(self) > b as f64,
                    Bound::Float(b, _) => f64::from(self) > b,
                }
            }
            fn python(self) -> String {
                if self.is_nan() {
                    return "nan".to_owned();
                }
                if self.is_infinite() {
                    return if self > 0.0 { "inf" } else { "-inf" }.to_owned();
                }
                python_float(&format!("{self:e}"))
            }
        }
    )*};
}
float_value!(f32, f64);

/// Python's `repr` of a finite float, from Rust's shortest round-trip
/// scientific form (`-1.5e-5`): fixed notation for exponents -4 to 15
/// (with `.0` when integral), else `1.5e-05`.
fn python_float(sci: &str) -> String {
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut out = String::from(sign);
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-exp - 1) as usize));
            out.push_str(&digits);
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n('0', int_len - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(
            out,
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        );
    }
    out
}

/// A model `pattern`, compiled on first use in strict mode (feature
/// `strict-validation`; without it, never compiled nor checked).
pub struct Pattern {
    source: &'static str,
    #[cfg(feature = "strict-validation")]
    compiled: std::sync::OnceLock<Result<regex_lite::Regex, String>>,
}

impl Pattern {
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            #[cfg(feature = "strict-validation")]
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// The model's pattern text.
    pub fn source(&self) -> &'static str {
        self.source
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// One violated constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    path: String,
    message: String,
}

impl Violation {
    /// The parameter, as botocore names it (`KeyRegistration[0].KeyArn`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The whole message, in botocore's wording.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The input breaks the model's constraints; nothing was sent. Displays as
/// botocore's `ParamValidationError`: `Parameter validation failed:` and one
/// line per violation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// Every violation, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The report botocore generates (`generate_report`): one message per line.
    pub fn report(&self) -> String {
        let lines: Vec<&str> = self.violations.iter().map(|v| v.message()).collect();
        lines.join("\n")
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Parameter validation failed:\n{}", self.report())
    }
}

impl std::error::Error for ValidationError {}

/// Collects violations while the generated `validate` functions walk an input.
#[derive(Debug)]
pub struct Validator {
    strict: bool,
    violations: Vec<Violation>,
}

impl Validator {
    /// `strict`: also check `max`, map and blob lengths, and patterns.
    pub fn new(strict: bool) -> Validator {
        Validator {
            strict,
            violations: Vec::new(),
        }
    }

    #[inline]
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// `Ok` if nothing was reported.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.violations,
            })
        }
    }

    #[cold]
    fn report(&mut self, path: &Path<'_>, message: impl FnOnce(&str) -> String) {
        let path = path.render();
        let message = message(&path);
        self.violations.push(Violation { path, message });
    }

    #[cold]
    fn short(&mut self, path: &Path<'_>, len: usize, min: usize) {
        self.report(path, |p| {
            format!("Invalid length for parameter {p}, value: {len}, valid min length: {min}")
        });
    }

    #[cold]
    fn long(&mut self, path: &Path<'_>, len: usize, max: usize) {
        self.report(path, |p| {
            format!("Invalid length for parameter {p}, value: {len}, valid max length: {max}")
        });
    }

    /// A string of at least `min` code points. The byte length decides
    /// unless it lies between `min` and `4 * min` (a code point is one to
    /// four bytes) and the string is not ASCII; only then are code points
    /// counted.
    #[inline]
    pub fn min_chars(&mut self, path: &Path<'_>, s: &str, min: usize) {
        let bytes = s.len();
        if bytes < min {
            self.short(path, s.chars().count(), min);
        } else if bytes.div_ceil(4) < min && !s.is_ascii() {
            let chars = s.chars().count();
            if chars < min {
                self.short(path, chars, min);
            }
        }
    }

    /// A string of at most `max` code points.
    #[inline]
    pub fn max_chars(&mut self, path: &Path<'_>, s: &str, max: usize) {
        if s.len() > max {
            let chars = s.chars().count();
            if chars > max {
                self.long(path, chars, max);
            }
        }
    }

    /// A list (or, in strict mode, map or blob) of at least `min` items.
    #[inline]
    pub fn min_len(&mut self, path: &Path<'_>, len: usize, min: usize) {
        if len < min {
            self.short(path, len, min);
        }
    }

    /// A list, map or blob of at most `max` items.
    #[inline]
    pub fn max_len(&mut self, path: &Path<'_>, len: usize, max: usize) {
        if len > max {
            self.long(path, len, max);
        }
    }

    /// A number of at least `min` (botocore's `range_check`).
    #[inline]
    pub fn min_value<T: RangeValue>(&mut self, path: &Path<'_>, value: T, min: Bound) {
        if value.below(min) {
            self.report(path, |p| {
                format!(
                    "Invalid value for parameter {p}, value: {}, valid min value: {}",
                    value.python(),
                    min.text()
                )
            });
        }
    }

    /// A number of at most `max`.
    #[inline]
    pub fn max_value<T: RangeValue>(&mut self, path: &Path<'_>, value: T, max: Bound) {
        if value.above(max) {
            self.report(path, |p| {
                format!(
                    "Invalid value for parameter {p}, value: {}, valid max value: {}",
                    value.python(),
                    max.text()
                )
            });
        }
    }

    /// A URI label must not be empty (aws-sdk-rust's rule; botocore sends
    /// `//`).
    #[inline]
    pub fn uri_label(&mut self, path: &Path<'_>, s: &str) {
        if s.is_empty() {
            self.report(path, |p| {
                format!("Invalid length for parameter {p}, value: 0, a URI label must not be empty")
            });
        }
    }

    /// S3's `Bucket`: a bucket name or an access point ARN (botocore's
    /// `validate_bucket_name`).
    pub fn s3_bucket(&mut self, path: &Path<'_>, s: &str) {
        if let Some(message) = crate::s3_bucket::invalid_bucket(s) {
            self.report(path, |_| message);
        }
    }

    /// S3's `Metadata`: keys and values of ASCII only (botocore's
    /// `validate_ascii_metadata`, with its message). botocore stops at the
    /// first offending entry in the caller's order; a map here has none, so
    /// it is the first in key order.
    pub fn s3_metadata(&mut self, path: &Path<'_>, metadata: &HashMap<String, String>) {
        let mut keys: Vec<&String> = metadata.keys().collect();
        keys.sort();
        let offending = keys
            .into_iter()
            .map(|k| (k, &metadata[k]))
            .find(|(k, v)| !k.is_ascii() || !v.is_ascii());
        if let Some((key, value)) = offending {
            self.report(path, |_| {
                format!(
                    "Non ascii characters found in S3 metadata for key \"{key}\", \
                     value: \"{value}\".  \nS3 metadata can only contain ASCII characters. "
                )
            });
        }
    }

    /// A string matching `pattern` (found anywhere, as Smithy's `pattern`
    /// trait: not implicitly anchored). Checked only with the
    /// `strict-validation` feature.
    #[inline]
    pub fn pattern(&mut self, path: &Path<'_>, s: &str, pattern: &'static Pattern) {
        #[cfg(feature = "strict-validation")]
        {
            let compiled = pattern
                .compiled
                .get_or_init(|| regex_lite::Regex::new(pattern.source).map_err(|e| e.to_string()));
            match compiled {
                Ok(re) if re.is_match(s) => {}
                Ok(_) => self.report(path, |p| {
                    format!(
                        "Invalid value for parameter {p}, value does not match pattern: {}",
                        pattern.source
                    )
                }),
                Err(e) => self.report(path, |p| {
                    format!(
                        "Invalid pattern for parameter {p}: {} does not compile: {e}",
                        pattern.source
                    )
                }),
            }
        }
        #[cfg(not(feature = "strict-validation"))]
        let _ = (path, s, pattern);
    }

    /// Checks each entry of a map with `check`. A map has no order here, so
    /// if any entry fails the entries are checked again in key order, and
    /// that report is kept: the same input always gives the same report
    /// (botocore follows the dict's order). Allocates only on failure.
    pub fn entries<K: Ord, V, S>(
        &mut self,
        map: &HashMap<K, V, S>,
        mut check: impl FnMut(&mut Validator, &K, &V),
    ) {
        let mark = self.violations.len();
        for (k, v) in map {
            check(self, k, v);
        }
        if self.violations.len() != mark {
            self.violations.truncate(mark);
            let mut sorted: Vec<(&K, &V)> = map.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            for (k, v) in sorted {
                check(self, k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(f: impl FnOnce(&mut Validator)) -> String {
        let mut v = Validator::new(true);
        f(&mut v);
        v.finish().err().map(|e| e.report()).unwrap_or_default()
    }

    #[test]
    fn paths_are_named_as_botocore_names_them() {
        let root = Path::ROOT;
        assert_eq!(root.render(), "input");
        let list = root.member("KeyRegistration");
        let item = list.index(0);
        assert_eq!(item.member("KeyArn").render(), "KeyRegistration[0].KeyArn");
        let tags = root.member("Tags");
        assert_eq!(tags.key("k").render(), "Tags (key: k)");
        assert_eq!(tags.value("k").render(), "Tags.k");
    }

    #[test]
    fn string_length_counts_code_points() {
        let p = Path::ROOT.member("Name");
        // Three code points, nine bytes: too short for a min of 4, however
        // many bytes.
        assert_eq!(
            report(|v| v.min_chars(&p, "ééé", 4)),
            "Invalid length for parameter Name, value: 3, valid min length: 4"
        );
        assert_eq!(report(|v| v.min_chars(&p, "éééé", 4)), "");
        assert_eq!(report(|v| v.min_chars(&p, "😀😀", 2)), "");
        assert_eq!(
            report(|v| v.min_chars(&p, "😀", 2)),
            "Invalid length for parameter Name, value: 1, valid min length: 2"
        );
        assert_eq!(report(|v| v.max_chars(&p, "ééé", 3)), "");
        assert_eq!(
            report(|v| v.max_chars(&p, "éééé", 3)),
            "Invalid length for parameter Name, value: 4, valid max length: 3"
        );
    }

    #[test]
    fn numbers_print_as_python_prints_them() {
        let p = Path::ROOT.member("N");
        let cases: &[(f64, &str)] = &[
            (0.5, "0.5"),
            (-1.0, "-1.0"),
            (-0.0, "-0.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (-1.25e-7, "-1.25e-07"),
            (123.456, "123.456"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (value, text) in cases {
            assert_eq!(value.python(), *text, "{value}");
        }
        assert_eq!(0.1f32.python(), "0.1");
        assert_eq!(
            report(|v| v.min_value(&p, -3i32, Bound::Int(0, "0"))),
            "Invalid value for parameter N, value: -3, valid min value: 0"
        );
        assert_eq!(
            report(|v| v.min_value(&p, 0.25f64, Bound::Float(0.5, "0.5"))),
            "Invalid value for parameter N, value: 0.25, valid min value: 0.5"
        );
        assert_eq!(
            report(|v| v.min_value(&p, f64::NAN, Bound::Int(1, "1"))),
            ""
        );
        assert_eq!(
            report(|v| v.max_value(&p, 11i64, Bound::Int(10, "10"))),
            "Invalid value for parameter N, value: 11, valid max value: 10"
        );
    }

    #[test]
    fn map_entries_are_reported_in_key_order() {
        let map: HashMap<String, String> = ["d", "b", "a", "c"]
            .iter()
            .map(|k| (k.to_string(), String::new()))
            .collect();
        let tags = Path::ROOT.member("Tags");
        let got = report(|v| {
            v.entries(&map, |v, k, x| {
                v.min_chars(&tags.key(k), k, 2);
                v.min_chars(&tags.value(k), x, 1);
            })
        });
        let want: Vec<String> = ["a", "b", "c", "d"]
            .iter()
            .flat_map(|k| {
                [
                    format!("Invalid length for parameter Tags (key: {k}), value: 1, valid min length: 2"),
                    format!("Invalid length for parameter Tags.{k}, value: 0, valid min length: 1"),
                ]
            })
            .collect();
        assert_eq!(got, want.join("\n"));
    }

    #[test]
    fn display_is_botocores_exception_message() {
        let mut v = Validator::new(false);
        v.uri_label(&Path::ROOT.member("Id"), "");
        v.min_len(&Path::ROOT.member("Items"), 0, 1);
        let e = v.finish().unwrap_err();
        assert_eq!(
            e.to_string(),
            "Parameter validation failed:\n\
             Invalid length for parameter Id, value: 0, a URI label must not be empty\n\
             Invalid length for parameter Items, value: 0, valid min length: 1"
        );
        assert_eq!(e.violations()[1].path(), "Items");
    }

    #[test]
    fn patterns_are_checked_only_with_the_feature() {
        static DIGITS: Pattern = Pattern::new("^[0-9]{12}$");
        let p = Path::ROOT.member("AwsAccountId");
        let got = report(|v| v.pattern(&p, "12345678901x", &DIGITS));
        if PATTERNS_CHECKED {
            assert_eq!(
                got,
                "Invalid value for parameter AwsAccountId, value does not match pattern: ^[0-9]{12}$"
            );
            assert_eq!(report(|v| v.pattern(&p, "123456789012", &DIGITS)), "");
        } else {
            assert_eq!(got, "");
        }
    }
}
