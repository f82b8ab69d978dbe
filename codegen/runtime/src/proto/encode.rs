//! Percent-encoding, header values, base64 and number text, as botocore
//! writes them into URIs, query strings, headers and bodies.
//!
//! botocore percent-encodes with `urllib.parse.quote(value, safe=...)` on the
//! UTF-8 bytes: letters, digits and `-._~` are kept, everything else becomes
//! `%XX` (upper-case hex).

use std::borrow::Cow;
use std::fmt::Write as _;

use super::ProtoError;

/// `A-Z a-z 0-9 - . _ ~`: never percent-encoded (RFC 3986 unreserved).
#[inline]
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `s` percent-encoded; `keep` says which reserved bytes stay as they are.
fn encode_into(out: &mut String, s: &str, keep: impl Fn(u8) -> bool) {
    for &b in s.as_bytes() {
        if is_unreserved(b) || keep(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
    }
}

/// A path segment that HTTP stacks, proxies and SigV4's canonical path
/// normalization would resolve (`.`/`..`): its dots are encoded so the value
/// cannot climb out of its place in the path. botocore sends these raw.
fn is_dot_segment(s: &str) -> bool {
    s == "." || s == ".."
}

/// A `{Label}` in a URI template: everything but unreserved characters is
/// percent-encoded (`percent_encode(value)` in botocore), so `/`, `?`, `#`,
/// spaces and non-ASCII stay inside the segment. A value of `.` or `..` is
/// sent as `%2E`/`%2E%2E` (botocore sends it raw, which would change the path).
pub fn uri_label(value: &str) -> String {
    if is_dot_segment(value) {
        return "%2E".repeat(value.len());
    }
    let mut out = String::with_capacity(value.len() + 8);
    encode_into(&mut out, value, |_| false);
    out
}

/// A greedy `{Label+}`: like [`uri_label`] but `/` is kept
/// (`percent_encode(value, safe='/~')` in botocore). Segments that are `.` or
/// `..` have their dots encoded so they cannot walk up the path.
pub fn uri_greedy_label(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for (i, segment) in value.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if is_dot_segment(segment) {
            out.push_str(&"%2E".repeat(segment.len()));
        } else {
            encode_into(&mut out, segment, |_| false);
        }
    }
    out
}

/// All but unreserved characters and `/` percent-encoded
/// (`percent_encode(value, safe='-._~/')` in botocore), dots included: for
/// values that travel in a header, where no path can be climbed.
pub fn uri_with_slashes(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    encode_into(&mut out, value, |b| b == b'/');
    out
}

/// A query-string key or value of a REST request
/// (`percent_encode_sequence` in botocore: like [`uri_label`], `&`, `=`, `+`
/// and spaces are all encoded).
pub fn query_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    encode_into(&mut out, value, |_| false);
    out
}

/// A key or value of an `application/x-www-form-urlencoded` body (awsQuery,
/// ec2Query): botocore's `urlencode` uses `quote_plus`, so a space becomes `+`
/// and everything else but unreserved characters is percent-encoded.
pub fn form_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for (i, part) in value.split(' ').enumerate() {
        if i > 0 {
            out.push('+');
        }
        encode_into(&mut out, part, |_| false);
    }
    out
}

/// A header value, refused (naming the header, not echoing the value, which
/// may be secret) when it holds CR, LF, NUL or another control character
/// that would let it end the header early. Non-ASCII is sent as UTF-8 bytes
/// (botocore's http.client sends Latin-1 and fails on anything beyond it).
pub fn header_value(name: &str, value: &str) -> Result<http::HeaderValue, ProtoError> {
    if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
        return Err(ProtoError::new(format!(
            "header `{name}`: the value contains a line break or NUL character"
        )));
    }
    http::HeaderValue::from_str(value).map_err(|_| {
        let why = if value.is_ascii() {
            "contains a control character"
        } else {
            // As S3 metadata, which botocore checks (`validate_ascii_metadata`).
            "is not ASCII, which headers must be"
        };
        ProtoError::new(format!("header `{name}`: the value {why}"))
    })
}

/// Standard base64 with padding, as botocore's `base64.b64encode`.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes base64 as Python's `base64.b64decode` (non-strict) does: bytes
/// outside the alphabet are skipped, a completed `=` padding ends the data,
/// and data that ends mid-quantum is an error ("Incorrect padding").
pub fn from_base64(text: &str) -> Result<Vec<u8>, ProtoError> {
    fn value(b: u8) -> Option<u8> {
        match b {
            b'A'..=b'Z' => Some(b - b'A'),
            b'a'..=b'z' => Some(b - b'a' + 26),
            b'0'..=b'9' => Some(b - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let (mut quad, mut left, mut pads, mut chars) = (0u8, 0u8, 0u8, 0usize);
    for b in text.bytes() {
        if b == b'=' {
            pads += 1;
            if quad >= 2 && quad + pads >= 4 {
                return Ok(out);
            }
            continue;
        }
        let Some(v) = value(b) else { continue };
        pads = 0;
        chars += 1;
        match quad {
            0 => {
                left = v;
                quad = 1;
            }
            1 => {
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
                quad = 2;
            }
            2 => {
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
                quad = 3;
            }
            _ => {
                out.push((left << 6) | v);
                quad = 0;
            }
        }
    }
    match quad {
        0 => Ok(out),
        1 => Err(ProtoError::new(format!(
            "invalid base64: {chars} data characters cannot be 1 more than a multiple of 4"
        ))),
        _ => Err(ProtoError::new("invalid base64: incorrect padding")),
    }
}

/// A list of strings in one header, as botocore joins a list of `string`
/// members: `,` between items, an item holding `,` or `"` wrapped in double
/// quotes with its `"` escaped as `\"`. botocore joins lists of other types
/// (numbers, booleans, timestamps, even HTTP dates with their commas) with a
/// bare `,`: use [`header_list_unquoted`] for those.
pub fn header_list(values: &[String]) -> String {
    let mut out = String::with_capacity(values.iter().map(|v| v.len() + 1).sum());
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if v.contains(['"', ',']) {
            out.push('"');
            for c in v.chars() {
                if c == '"' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(v);
        }
    }
    out
}

/// A list of non-string values in one header: joined with a bare `,`, as
/// botocore does.
pub fn header_list_unquoted(values: &[String]) -> String {
    values.join(",")
}

/// Splits a list-valued header. For items without quotes this is botocore's
/// `[e.strip() for e in value.split(',')]` (so `""` gives one empty item);
/// unlike botocore, a double-quoted item may hold commas, and `\"`/`\\`
/// inside it are unescaped (the form botocore itself writes). An unterminated
/// quote keeps the rest of the value as one item.
pub fn split_header_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut rest = value;
    loop {
        let trimmed = rest.trim_start();
        if let Some(quoted) = trimmed.strip_prefix('"') {
            if let Some((item, after)) = take_quoted(quoted) {
                // Anything between the closing quote and the next comma is kept.
                match after.split_once(',') {
                    Some((tail, next)) => {
                        items.push(item + tail.trim());
                        rest = next;
                        continue;
                    }
                    None => {
                        items.push(item + after.trim());
                        return items;
                    }
                }
            }
        }
        match rest.split_once(',') {
            Some((item, next)) => {
                items.push(item.trim().to_owned());
                rest = next;
            }
            None => {
                items.push(rest.trim().to_owned());
                return items;
            }
        }
    }
}

/// The unescaped content of a quoted string whose opening quote was
/// consumed, and the text after its closing quote.
fn take_quoted(s: &str) -> Option<(String, &str)> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 1..])),
            '\\' => out.push(chars.next()?.1),
            c => out.push(c),
        }
    }
    None
}

/// Splits a header holding a list of HTTP dates, whose own commas
/// (`Tue, 29 Apr 2014 ...`) are not separators: a piece that is only a day
/// name is joined with the piece after it. (botocore splits on every comma
/// and so cannot read such lists.)
pub fn split_http_date_list(value: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut pending: Option<&str> = None;
    for piece in value.split(',') {
        let piece = piece.trim();
        if let Some(day) = pending.take() {
            items.push(format!("{day}, {piece}"));
        } else if super::time::is_day_name(piece) {
            pending = Some(piece);
        } else {
            items.push(piece.to_owned());
        }
    }
    if let Some(day) = pending {
        items.push(day.to_owned());
    }
    items
}

/// The double a `float` (f32) member stands for: the one nearest to the
/// f32's shortest decimal text, so `1.1f32` is sent as `1.1` (what the caller
/// wrote, and what botocore sends for the Python float `1.1`), not as
/// `1.100000023841858`, the f32's exact binary value.
pub fn f32_to_f64(n: f32) -> f64 {
    if !n.is_finite() {
        return f64::from(n);
    }
    let mut text = StackStr::new();
    match write!(text, "{n:e}") {
        Ok(()) => text.as_str().parse().unwrap_or(f64::from(n)),
        Err(_) => f64::from(n),
    }
}

/// A float as botocore writes it in query strings, headers, URIs and XML:
/// `str(value)`, with `NaN`, `Infinity` and `-Infinity` for the special values.
pub fn float(n: f64) -> String {
    let mut out = String::with_capacity(24);
    write_float(&mut out, n);
    out
}

/// Appends [`float`]'s text without allocating.
pub(crate) fn write_float(out: &mut String, n: f64) {
    if n.is_nan() {
        out.push_str("NaN");
    } else if n.is_infinite() {
        out.push_str(if n > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        write_py_repr(out, n);
    }
}

/// Python's `repr(float)`: the shortest digits that read back as the same
/// double (as Rust finds them), positional for exponents -4..16 (always with
/// a `.`), else `d.ddde+XX`. Finite values only.
pub(crate) fn write_py_repr(out: &mut String, n: f64) {
    let mut sci = StackStr::new();
    // `{:e}` gives the shortest round-trip digits: "-1.5e-5", "1e16", "0e0".
    if write!(sci, "{n:e}").is_err() {
        let _ = write!(out, "{n}");
        return;
    }
    let s = sci.as_str();
    let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let (lead, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        let mut digits = lead.chars().chain(frac.chars());
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            digits.for_each(|c| out.push(c));
        } else {
            // Integer part: the first exp+1 digits, padded with zeros.
            for _ in 0..=exp {
                out.push(digits.next().unwrap_or('0'));
            }
            out.push('.');
            let before = out.len();
            digits.for_each(|c| out.push(c));
            if out.len() == before {
                out.push('0');
            }
        }
    } else {
        out.push_str(lead);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
}

/// A small fixed buffer for formatting numbers without a heap allocation.
pub(crate) struct StackStr {
    buf: [u8; 40],
    len: usize,
}

impl StackStr {
    pub(crate) fn new() -> Self {
        StackStr {
            buf: [0; 40],
            len: 0,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so this cannot fail.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl std::fmt::Write for StackStr {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// RFC 3986 dot-segment removal, also collapsing repeated slashes, as
/// botocore's `normalize_url_path` does (endpoint `parseURL`, SigV4 paths).
/// An absolute path with no empty, `.` or `..` segment (but perhaps a
/// trailing `/`): what [`remove_dot_segments`] returns unchanged. One pass
/// over the bytes.
fn is_normal_path(path: &str) -> bool {
    let b = path.as_bytes();
    if b.first() != Some(&b'/') {
        return false;
    }
    // Each segment starts after a `/`; look at its first bytes only.
    let mut i = 0;
    while i < b.len() {
        // b[i] == b'/'
        let rest = &b[i + 1..];
        let end = rest.iter().position(|&c| c == b'/').unwrap_or(rest.len());
        let segment = &rest[..end];
        let last = i + 1 + end >= b.len();
        if (segment.is_empty() && !last) || segment == b"." || segment == b".." {
            return false;
        }
        i += 1 + end;
    }
    true
}

pub(crate) fn remove_dot_segments(path: &str) -> Cow<'_, str> {
    if path.is_empty() {
        return Cow::Borrowed("/");
    }
    // Most paths have nothing to remove.
    if is_normal_path(path) {
        return Cow::Borrowed(path);
    }
    Cow::Owned(remove_dot_segments_always(path))
}

/// botocore's `remove_dot_segments`, for a non-empty path.
fn remove_dot_segments_always(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push('/');
    }
    out.push_str(&segments.join("/"));
    if path.ends_with('/') && !segments.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_encodes_all_but_unreserved() {
        assert_eq!(uri_label("K2JCJMDEHXQW5F"), "K2JCJMDEHXQW5F");
        assert_eq!(uri_label("a-b.c_d~e"), "a-b.c_d~e");
        // Same as botocore's percent_encode (urllib quote, safe='-._~').
        assert_eq!(
            uri_label("a b/c?d#e&f=g+h"),
            "a%20b%2Fc%3Fd%23e%26f%3Dg%2Bh"
        );
        assert_eq!(uri_label("é☃"), "%C3%A9%E2%98%83");
        assert_eq!(uri_label("%2F"), "%252F");
        assert_eq!(uri_label(""), "");
    }

    #[test]
    fn label_cannot_change_path_or_query() {
        for hostile in [
            "../../admin",
            "..",
            ".",
            "a/../b",
            "x?admin=true",
            "x#frag",
            "a b",
            "日本",
            "\r\nHost: evil",
            "%2e%2e",
        ] {
            let enc = uri_label(hostile);
            assert!(
                enc.bytes().all(|b| is_unreserved(b) || b == b'%'),
                "{hostile:?} -> {enc}"
            );
            assert!(!is_dot_segment(&enc), "{hostile:?} -> {enc}");
        }
        assert_eq!(uri_label(".."), "%2E%2E");
        assert_eq!(uri_label("."), "%2E");
        assert_eq!(uri_label("..."), "...");
        assert_eq!(uri_label("../x"), "..%2Fx");
        let uri: http::Uri = format!("https://h/keygroup/{}/x", uri_label("../a?b#c"))
            .parse()
            .unwrap();
        assert_eq!(uri.path(), "/keygroup/..%2Fa%3Fb%23c/x");
        assert_eq!(uri.query(), None);
    }

    #[test]
    fn dot_segments_removed_as_botocore_normalizes_paths() {
        // botocore `normalize_url_path` (RFC 3986 5.2.4, empty segments dropped).
        for (path, want) in [
            ("", "/"),
            ("/", "/"),
            ("/a/b", "/a/b"),
            ("/a/b/", "/a/b/"),
            ("/a/./b", "/a/b"),
            ("/a/../b", "/b"),
            ("/../a", "/a"),
            ("/a//b", "/a/b"),
            ("/a/..", "/"),
            ("/a/b/..", "/a"),
            ("/.", "/"),
            ("a/b", "a/b"),
            ("/a.b/..c/...", "/a.b/..c/..."),
        ] {
            assert_eq!(remove_dot_segments(path), want, "{path:?}");
        }
        assert!(matches!(remove_dot_segments("/a/b%2F"), Cow::Borrowed(_)));
        // The one-pass check agrees with the full algorithm on every
        // combination of awkward segments.
        let pieces = ["/", "a", ".", "..", "b.", ".c"];
        let mut paths = vec![String::new()];
        for _ in 0..5 {
            paths = paths
                .iter()
                .flat_map(|p| pieces.iter().map(move |x| format!("{p}{x}")))
                .collect();
            for path in paths.iter().filter(|p| p.starts_with('/')) {
                let normal = remove_dot_segments_always(path) == *path;
                assert_eq!(is_normal_path(path), normal, "{path:?}");
            }
        }
    }

    #[test]
    fn greedy_label_keeps_slashes_but_not_dot_segments() {
        // botocore: percent_encode(value, safe='/~').
        assert_eq!(
            uri_greedy_label("photos/2024/a b.jpg"),
            "photos/2024/a%20b.jpg"
        );
        assert_eq!(uri_greedy_label("a/../../etc"), "a/%2E%2E/%2E%2E/etc");
        assert_eq!(uri_greedy_label("./x/."), "%2E/x/%2E");
        assert_eq!(uri_greedy_label("a?b#c"), "a%3Fb%23c");
        assert_eq!(uri_greedy_label("..a/b.."), "..a/b..");
        let uri: http::Uri = format!("https://h/b/{}", uri_greedy_label("x/../y?z"))
            .parse()
            .unwrap();
        assert_eq!(uri.path(), "/b/x/%2E%2E/y%3Fz");
        assert_eq!(uri.query(), None);
    }

    #[test]
    fn query_and_form_components() {
        assert_eq!(query_component("a b&c=d+e/f~"), "a%20b%26c%3Dd%2Be%2Ff~");
        // Python: urlencode([(b'a b/~*', b'\xc3\xa9+&=')]) == 'a+b%2F~%2A=%C3%A9%2B%26%3D'
        assert_eq!(form_component("a b/~*"), "a+b%2F~%2A");
        assert_eq!(form_component("é+&="), "%C3%A9%2B%26%3D");
        assert_eq!(form_component("  "), "++");
    }

    #[test]
    fn header_values_reject_injection() {
        assert_eq!(header_value("If-Match", "E2QW").unwrap(), "E2QW");
        assert_eq!(header_value("X", "a\tb").unwrap(), "a\tb");
        assert!(header_value("X", "café").is_ok());
        for bad in ["a\r\nb: c", "a\nb", "a\rb", "a\0b", "a\x01b", "a\x7fb"] {
            let e = header_value("If-Match", bad).unwrap_err();
            assert!(e.to_string().contains("`If-Match`"), "{e}");
            assert!(!e.to_string().contains(bad), "{e}");
        }
    }

    #[test]
    fn base64_round_trip_and_python_leniency() {
        assert_eq!(base64(b"hi"), "aGk=");
        assert_eq!(base64(b""), "");
        // Answers of Python 3.11 base64.b64decode (botocore's blob parser).
        assert_eq!(from_base64("aGk=").unwrap(), b"hi");
        assert_eq!(from_base64("aGl=").unwrap(), b"hi");
        assert_eq!(from_base64("a Gk=").unwrap(), b"hi");
        assert_eq!(from_base64("aGk=aGk=").unwrap(), b"hi");
        assert_eq!(from_base64("aGk==").unwrap(), b"hi");
        assert_eq!(from_base64("!!aGk=").unwrap(), b"hi");
        assert_eq!(from_base64("aGk=\n").unwrap(), b"hi");
        assert_eq!(from_base64("").unwrap(), b"");
        assert_eq!(from_base64("====").unwrap(), b"");
        assert!(from_base64("aGk").is_err());
        assert!(from_base64("aG=k").is_err());
        assert!(from_base64("a").is_err());
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(from_base64(&base64(&all)).unwrap(), all);
    }

    #[test]
    fn header_lists_quote_like_botocore() {
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(header_list(&v(&["a", "b c"])), "a,b c");
        assert_eq!(
            header_list(&v(&["a,b", "say \"hi\"", "x"])),
            "\"a,b\",\"say \\\"hi\\\"\",x"
        );
        assert_eq!(header_list(&v(&[])), "");
        assert_eq!(
            header_list_unquoted(&v(&["Tue, 29 Apr 2014 18:30:38 GMT", "1"])),
            "Tue, 29 Apr 2014 18:30:38 GMT,1"
        );
    }

    #[test]
    fn split_header_lists() {
        assert_eq!(split_header_list("a, b ,c"), ["a", "b", "c"]);
        assert_eq!(split_header_list(""), [""]);
        assert_eq!(split_header_list("a,,b"), ["a", "", "b"]);
        assert_eq!(
            split_header_list("\"a,b\",\"say \\\"hi\\\"\",x"),
            ["a,b", "say \"hi\"", "x"]
        );
        assert_eq!(split_header_list(" \" sp \" , y"), [" sp ", "y"]);
        assert_eq!(split_header_list("\"open, x"), ["\"open", "x"]);
        let items = vec!["a,b".to_string(), "q\"".to_string(), "z".to_string()];
        assert_eq!(split_header_list(&header_list(&items)), items);
    }

    #[test]
    fn split_http_date_lists() {
        assert_eq!(
            split_http_date_list("Tue, 29 Apr 2014 18:30:38 GMT, Wed, 30 Apr 2014 00:00:00 GMT"),
            [
                "Tue, 29 Apr 2014 18:30:38 GMT",
                "Wed, 30 Apr 2014 00:00:00 GMT"
            ]
        );
        assert_eq!(
            split_http_date_list("29 Apr 2014 18:30:38 GMT,Tuesday, 29-Apr-14 18:30:38 GMT"),
            [
                "29 Apr 2014 18:30:38 GMT",
                "Tuesday, 29-Apr-14 18:30:38 GMT"
            ]
        );
        assert_eq!(split_http_date_list("Tue"), ["Tue"]);
    }

    #[test]
    fn floats_as_python_str() {
        // Python 3.11: str(x) for each x.
        let cases = [
            (1.0, "1.0"),
            (1.5, "1.5"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (0.1, "0.1"),
            (100.0, "100.0"),
            (123456789.125, "123456789.125"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-5, "1.5e-05"),
            (1e-7, "1e-07"),
            (1e100, "1e+100"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (-2.5e-10, "-2.5e-10"),
            (1398796238.123, "1398796238.123"),
            (0.30000000000000004, "0.30000000000000004"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (n, want) in cases {
            assert_eq!(float(n), want, "{n:e}");
        }
        assert_eq!(float(f64::from(1.1f32)), "1.100000023841858");
        assert_eq!(float(f32_to_f64(1.1f32)), "1.1");
        assert_eq!(float(f32_to_f64(4.1f32)), "4.1");
        assert_eq!(float(f32_to_f64(-1.5e-7f32)), "-1.5e-07");
        assert_eq!(float(f32_to_f64(f32::MAX)), "3.4028235e+38");
        assert_eq!(float(f32_to_f64(f32::NAN)), "NaN");
        assert_eq!(float(f32_to_f64(f32::NEG_INFINITY)), "-Infinity");
    }
}
