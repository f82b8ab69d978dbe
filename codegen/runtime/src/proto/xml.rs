//! XML bodies: a writer producing what botocore's ElementTree produces, and a
//! small element tree for reading responses.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::ProtoError;

/// Writes XML as `ElementTree.tostring(root, encoding='utf-8')` does for
/// botocore: no XML declaration, attributes in call order, an element with
/// no text and no children written as `<Name />`, non-ASCII as UTF-8.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
    /// The last start tag still lacks its `>` (attributes may follow).
    open: bool,
    /// The first union whose `Unknown` variant was to be written.
    unknown: Option<&'static str>,
}

impl XmlWriter {
    pub fn new() -> Self {
        XmlWriter {
            out: String::with_capacity(512),
            open: false,
            unknown: None,
        }
    }

    /// Records that the input holds a union's `Unknown` variant, which
    /// [`finish`](Self::finish) then reports.
    pub fn unknown_variant(&mut self, union: &'static str) {
        self.unknown.get_or_insert(union);
    }

    fn close_start_tag(&mut self) {
        if self.open {
            self.out.push('>');
            self.open = false;
        }
    }

    /// Opens element `name` (a model name: trusted, not escaped).
    pub fn start(&mut self, name: &str) {
        self.close_start_tag();
        self.out.push('<');
        self.out.push_str(name);
        self.open = true;
    }

    /// An attribute of the element just started; ignored anywhere else.
    /// Escapes `& < > "` and `\r \n \t` as character references, as
    /// ElementTree's `_escape_attrib`.
    pub fn attr(&mut self, name: &str, value: &str) {
        if !self.open {
            return;
        }
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value, true);
        self.out.push('"');
    }

    /// Text content; escapes `& < >` only, as ElementTree's `_escape_cdata`
    /// (so `\r` is sent raw, as botocore sends it). Empty text writes
    /// nothing, keeping `<Name />`.
    pub fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.close_start_tag();
        escape_into(&mut self.out, s, false);
    }

    /// Closes element `name`: `<Name />` when it got no content.
    pub fn end(&mut self, name: &str) {
        if self.open {
            self.out.push_str(" />");
            self.open = false;
        } else {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
    }

    /// The document; an error if an `Unknown` union variant was met.
    pub fn finish(self) -> Result<String, super::ProtoError> {
        match self.unknown {
            Some(union) => Err(super::unknown_variant(union)),
            None => Ok(self.out),
        }
    }
}

fn escape_into(out: &mut String, s: &str, attribute: bool) {
    // Most values need no escaping: one scan, one copy.
    let plain = if attribute {
        !s.bytes()
            .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\r' | b'\n' | b'\t'))
    } else {
        !s.bytes().any(|b| matches!(b, b'&' | b'<' | b'>'))
    };
    if plain {
        out.push_str(s);
        return;
    }
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attribute => "&quot;",
            b'\r' if attribute => "&#13;",
            b'\n' if attribute => "&#10;",
            b'\t' if attribute => "&#09;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// One element of a parsed document. Names, attribute values and text
/// borrow from the response body unless escapes or line ends had to be
/// rewritten.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct XmlElement<'a> {
    /// The local name, any `prefix:` stripped.
    pub name: Cow<'a, str>,
    /// Attributes with their names as written (`xmlns`, `xsi:type`), values unescaped.
    pub attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub children: Vec<XmlElement<'a>>,
    /// Text before the first child (ElementTree's `.text`), unescaped, CDATA
    /// included; `""` when there is none.
    pub text: Cow<'a, str>,
}

impl<'a> XmlElement<'a> {
    /// The local name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text before the first child.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&XmlElement<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`, in document order.
    pub fn children<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s XmlElement<'a>> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The attribute written as `name`; for a prefixed name (`xsi:type`),
    /// also one with the same local name under another prefix, since botocore
    /// matches attributes by namespace, not by prefix.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        if let Some((_, v)) = self.attributes.iter().find(|(k, _)| k == name) {
            return Some(v);
        }
        let (_, local) = name.split_once(':')?;
        self.attributes
            .iter()
            .find(|(k, _)| {
                k.split_once(':')
                    .is_some_and(|(p, l)| p != "xmlns" && l == local)
            })
            .map(|(_, v)| v.as_ref())
    }
}

/// The element holding an error's members, as botocore's parsers find it:
/// the root when it is `<Error>` (S3), `<ErrorResponse><Error>` (restXml,
/// awsQuery), `<Response><Errors><Error>` (EC2), else the root itself.
pub fn error_element<'e, 'a>(root: &'e XmlElement<'a>) -> &'e XmlElement<'a> {
    if root.name == "Error" {
        return root;
    }
    if let Some(e) = root.child("Error") {
        return e;
    }
    root.child("Errors")
        .and_then(|errors| errors.child("Error"))
        .unwrap_or(root)
}

/// Deepest element nesting accepted: far beyond any AWS response, and low
/// enough that recursive code over the tree (drop, deserializers) is safe.
pub const MAX_DEPTH: usize = 256;

/// Parses a response body and returns its root element. The body must be
/// UTF-8 (botocore forces it) and well-formed: truncated input, mismatched or
/// unclosed tags, text or a second element after the root, an XML
/// declaration not at the very start, unknown entities (no DTD entities are
/// expanded) and nesting deeper than [`MAX_DEPTH`] are errors.
pub fn parse(body: &[u8]) -> Result<XmlElement<'_>, ProtoError> {
    parse_root(body).map(|(root, _)| root)
}

/// Like [`parse`]; also says whether the root element is in a namespace
/// (prefixed, or with a default `xmlns`), which botocore's rest-xml error
/// parsing looks at.
pub(crate) fn parse_root(body: &[u8]) -> Result<(XmlElement<'_>, bool), ProtoError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ProtoError::new(format!("response body is not UTF-8 XML: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<XmlElement> = Vec::with_capacity(8);
    let mut root: Option<(XmlElement, bool)> = None;
    let mut root_namespaced = false;
    let mut first = true;
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| ProtoError::new(format!("invalid XML at byte {at}: {e}")))?;
        let bad = |what: &str| ProtoError::new(format!("invalid XML at byte {at}: {what}"));
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                if root.is_some() {
                    return Err(bad("content after the root element"));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(bad("elements nested too deeply"));
                }
                let el = element(text, s).map_err(|e| bad(&e))?;
                if stack.is_empty() {
                    root_namespaced = s.name().prefix().is_some()
                        || el.attributes.iter().any(|(k, _)| k == "xmlns");
                }
                if matches!(event, Event::Start(_)) {
                    stack.push(el);
                } else {
                    attach(&mut stack, &mut root, el, root_namespaced);
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| bad("unexpected end tag"))?;
                attach(&mut stack, &mut root, el, root_namespaced);
            }
            Event::Text(t) => {
                let raw = text_of(text, t.as_ref()).map_err(|_| bad("not UTF-8"))?;
                match stack.last_mut() {
                    Some(top) if top.children.is_empty() => {
                        let value = if has_any(&raw, b"&\r") {
                            Cow::Owned(
                                quick_xml::escape::unescape(&normalize_newlines(&raw))
                                    .map_err(|e| bad(&e.to_string()))?
                                    .into_owned(),
                            )
                        } else {
                            raw
                        };
                        append(&mut top.text, value);
                    }
                    Some(_) => {
                        // Tail text (after a child): not kept, but must be valid.
                        quick_xml::escape::unescape(&raw).map_err(|e| bad(&e.to_string()))?;
                    }
                    None if raw.bytes().all(|b| b.is_ascii_whitespace()) => {}
                    None => return Err(bad("text outside the root element")),
                }
            }
            Event::CData(c) => {
                let raw = text_of(text, c.as_ref()).map_err(|_| bad("not UTF-8"))?;
                match stack.last_mut() {
                    Some(top) if top.children.is_empty() => {
                        let value = match normalize_newlines(&raw) {
                            Cow::Borrowed(_) => raw,
                            Cow::Owned(lines) => Cow::Owned(lines),
                        };
                        append(&mut top.text, value);
                    }
                    Some(_) => {}
                    None => return Err(bad("CDATA outside the root element")),
                }
            }
            Event::Decl(_) if !first => return Err(bad("XML declaration not at the start")),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
        first = false;
    }
    if let Some(open) = stack.last() {
        return Err(ProtoError::new(format!(
            "truncated XML: <{}> is not closed",
            open.name
        )));
    }
    root.ok_or_else(|| ProtoError::new("XML response body has no root element"))
}

fn attach<'a>(
    stack: &mut [XmlElement<'a>],
    root: &mut Option<(XmlElement<'a>, bool)>,
    el: XmlElement<'a>,
    namespaced: bool,
) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some((el, namespaced)),
    }
}

/// XML end-of-line handling: `\r\n` and a lone `\r` read as `\n`.
fn normalize_newlines(s: &str) -> Cow<'_, str> {
    if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether `text` holds any of the ASCII bytes in `set` (a byte scan:
/// `str::contains` with a char set decodes every character).
fn has_any(text: &str, set: &[u8]) -> bool {
    text.bytes().any(|b| set.contains(&b))
}

/// Adds a piece of text (text and CDATA can alternate) to an element's text.
fn append<'a>(text: &mut Cow<'a, str>, piece: Cow<'a, str>) {
    if text.is_empty() {
        *text = piece;
    } else {
        text.to_mut().push_str(&piece);
    }
}

/// `part` as a slice of `text`, when it is one: quick-xml's events over a
/// `&str` borrow from it, so the tree can borrow the same bytes for as long
/// as the body lives, and needs no second UTF-8 check (`str::get` checks the
/// two ends in constant time). `None` for bytes from anywhere else.
fn within<'a>(text: &'a str, part: &[u8]) -> Option<&'a str> {
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    text.get(start..start.checked_add(part.len())?)
}

/// `part` as text: borrowed from `text` when it lies inside it, else
/// checked as UTF-8 and copied.
fn text_of<'a>(text: &'a str, part: &[u8]) -> Result<Cow<'a, str>, std::str::Utf8Error> {
    match within(text, part) {
        Some(s) => Ok(Cow::Borrowed(s)),
        None => std::str::from_utf8(part).map(|s| Cow::Owned(s.to_owned())),
    }
}

fn element<'a>(text: &'a str, s: &BytesStart) -> Result<XmlElement<'a>, String> {
    let name = text_of(text, s.local_name().into_inner())
        .map_err(|_| "element name is not UTF-8".to_owned())?;
    let mut attributes = Vec::new();
    // Most elements have none: skip quick-xml's attribute iterator then.
    if !s.attributes_raw().iter().all(u8::is_ascii_whitespace) {
        for a in s.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let key = text_of(text, a.key.as_ref())
                .map_err(|_| "attribute name is not UTF-8".to_owned())?;
            let raw =
                text_of(text, &a.value).map_err(|_| "attribute value is not UTF-8".to_owned())?;
            let value = if has_any(&raw, b"\r\n\t&") {
                // Attribute-value normalization: literal whitespace reads as a space.
                let spaced = raw.replace("\r\n", " ").replace(['\r', '\n', '\t'], " ");
                Cow::Owned(
                    quick_xml::escape::unescape(&spaced)
                        .map_err(|e| e.to_string())?
                        .into_owned(),
                )
            } else {
                raw
            };
            attributes.push((key, value));
        }
    }
    Ok(XmlElement {
        name,
        attributes,
        children: Vec::new(),
        text: Cow::Borrowed(""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_matches_elementtree() {
        let mut w = XmlWriter::new();
        w.start("KeyGroupConfig");
        w.attr("xmlns", "http://cloudfront.amazonaws.com/doc/2020-05-31/");
        w.start("Name");
        w.text("a & b <c> \"d\" 'e' é");
        w.end("Name");
        w.start("Items");
        w.start("PublicKey");
        w.text("K3D5EWEUDCCXON");
        w.end("PublicKey");
        w.end("Items");
        w.start("Comment");
        w.text("");
        w.end("Comment");
        w.start("Empty");
        w.end("Empty");
        w.end("KeyGroupConfig");
        assert_eq!(
            w.finish().unwrap(),
            "<KeyGroupConfig xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">\
             <Name>a &amp; b &lt;c&gt; \"d\" 'e' é</Name>\
             <Items><PublicKey>K3D5EWEUDCCXON</PublicKey></Items>\
             <Comment /><Empty /></KeyGroupConfig>"
        );
    }

    #[test]
    fn writer_matches_oracle_body() {
        // Body botocore 1.44.5 sends for CloudFront UpdateKeyGroup (from
        // /work/shared/oracle `serialize`).
        let mut w = XmlWriter::new();
        w.start("KeyGroupConfig");
        w.attr("xmlns", "http://cloudfront.amazonaws.com/doc/2020-05-31/");
        w.start("Name");
        w.text("grp <&> \"q\" 'a'");
        w.end("Name");
        w.start("Items");
        w.start("PublicKey");
        w.text("K3D5EWEUDCCXON");
        w.end("PublicKey");
        w.end("Items");
        w.start("Comment");
        w.text("a\r\nb\tc\u{e9} ]]> &amp;");
        w.end("Comment");
        w.end("KeyGroupConfig");
        assert_eq!(
            w.finish().unwrap(),
            "<KeyGroupConfig xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">\
             <Name>grp &lt;&amp;&gt; \"q\" 'a'</Name>\
             <Items><PublicKey>K3D5EWEUDCCXON</PublicKey></Items>\
             <Comment>a\r\nb\tc\u{e9} ]]&gt; &amp;amp;</Comment></KeyGroupConfig>"
        );
    }

    #[test]
    fn writer_escapes_attributes_and_keeps_text_newlines() {
        let mut w = XmlWriter::new();
        w.start("A");
        w.attr("v", "a\"b&c<d>e\r\nf\tg");
        w.text("line1\r\nline2\t>");
        w.attr("late", "ignored");
        w.end("A");
        // Python 3.11 ElementTree: _escape_attrib / _escape_cdata.
        assert_eq!(
            w.finish().unwrap(),
            "<A v=\"a&quot;b&amp;c&lt;d&gt;e&#13;&#10;f&#09;g\">line1\r\nline2\t&gt;</A>"
        );
    }

    #[test]
    fn writer_output_parses_back() {
        let mut w = XmlWriter::new();
        w.start("R");
        w.attr("a", "x\"\n<&");
        w.text("t<&>]]>");
        w.end("R");
        let text = w.finish().unwrap();
        let root = parse(text.as_bytes()).unwrap();
        assert_eq!(root.attribute("a"), Some("x\"\n<&"));
        assert_eq!(root.text, "t<&>]]>");
    }

    #[test]
    fn parses_tree_with_namespaces_entities_and_cdata() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<KeyGroup xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/" xmlns:x="urn:x">
  <Id>K&amp;1</Id>
  <x:KeyGroupConfig x:kind="a&#x41;&lt;">
    <Name><![CDATA[<raw & name>]]></Name>
    <Items><PublicKey>A</PublicKey><PublicKey>B</PublicKey></Items>
    <Comment/>
    <Note>a&#13;b
c</Note>
  </x:KeyGroupConfig>
</KeyGroup>"#;
        let root = parse(body).unwrap();
        assert_eq!(root.name, "KeyGroup");
        assert_eq!(
            root.attribute("xmlns"),
            Some("http://cloudfront.amazonaws.com/doc/2020-05-31/")
        );
        assert_eq!(root.child("Id").unwrap().text, "K&1");
        let cfg = root.child("KeyGroupConfig").unwrap();
        assert_eq!(cfg.attribute("x:kind"), Some("aA<"));
        assert_eq!(cfg.attribute("y:kind"), Some("aA<"));
        assert_eq!(cfg.attribute("kind"), None);
        assert_eq!(cfg.child("Name").unwrap().text, "<raw & name>");
        let keys: Vec<&str> = cfg
            .child("Items")
            .unwrap()
            .children("PublicKey")
            .map(XmlElement::text)
            .collect();
        assert_eq!(keys, ["A", "B"]);
        assert_eq!(
            cfg.child("Comment").unwrap(),
            &XmlElement {
                name: "Comment".into(),
                ..Default::default()
            }
        );
        assert_eq!(cfg.child("Note").unwrap().text, "a\rb\nc");
        assert!(cfg.child("Missing").is_none());
        assert!(parse_root(body).unwrap().1);
        assert!(!parse_root(b"<Error><Code>x</Code></Error>").unwrap().1);
        assert!(parse_root(b"<s3:Error xmlns:s3=\"u\"/>").unwrap().1);
    }

    #[test]
    fn finds_the_error_element() {
        let code = |body: &[u8]| {
            let root = parse(body).unwrap();
            error_element(&root)
                .child("Code")
                .map(|c| c.text().to_owned())
        };
        assert_eq!(code(b"<Error><Code>S3</Code></Error>"), Some("S3".into()));
        // Plain text borrows from the body; text with entities is unescaped.
        let body = b"<A><B>plain</B><C>a&amp;b</C></A>";
        let root = parse(body).unwrap();
        assert!(matches!(
            root.child("B").unwrap().text,
            Cow::Borrowed("plain")
        ));
        assert!(matches!(&root.child("C").unwrap().text, Cow::Owned(s) if s == "a&b"));
        assert!(matches!(root.name, Cow::Borrowed("A")));
        assert_eq!(
            code(b"<ErrorResponse><Error><Code>Q</Code></Error></ErrorResponse>"),
            Some("Q".into())
        );
        assert_eq!(
            code(b"<Response><Errors><Error><Code>E</Code></Error></Errors></Response>"),
            Some("E".into())
        );
        assert_eq!(code(b"<Other><Code>R</Code></Other>"), Some("R".into()));
    }

    #[test]
    fn a_plain_document_is_read_without_copies() {
        fn all_borrowed(e: &XmlElement) -> bool {
            matches!(e.name, Cow::Borrowed(_))
                && matches!(e.text, Cow::Borrowed(_))
                && e.attributes
                    .iter()
                    .all(|(k, v)| matches!((k, v), (Cow::Borrowed(_), Cow::Borrowed(_))))
                && e.children.iter().all(all_borrowed)
        }
        let body = br#"<?xml version="1.0"?><KeyGroup xmlns="urn:x"><Id>K1</Id><KeyGroupConfig><Name>n</Name><Items><PublicKey>A</PublicKey><PublicKey>B</PublicKey></Items><Comment/></KeyGroupConfig></KeyGroup>"#;
        assert!(all_borrowed(&parse(body).unwrap()));
    }

    #[test]
    fn keeps_text_whitespace() {
        let root = parse(b"<A>  spaced\r\n text </A>").unwrap();
        assert_eq!(root.text, "  spaced\n text ");
        let root = parse(b"<A>lead<B/>tail</A>").unwrap();
        assert_eq!(root.text, "lead");
    }

    #[test]
    fn rejects_malformed_and_truncated() {
        for body in [
            &b""[..],
            b"   ",
            b"<A>",
            b"<A><B></A>",
            b"<A></B>",
            b"<A>x",
            b"<A",
            b"<A b=\"1></A>",
            b"<A b=\"1\" b=\"2\"/>",
            b"<A>&unknown;</A>",
            b"<A>&amp</A>",
            b"<A/><B/>",
            b"<A/>text",
            b"text<A/>",
            b"\n<?xml version=\"1.0\"?><A/>",
            b"<!DOCTYPE A [<!ENTITY e \"x\">]><A>&e;</A>",
            b"<A>\xff</A>",
            b"</A>",
            b"<A b=1/>",
            b"<A b/>",
            b"<A>a<b</A>",
            b"<A><!-- x </A>",
            b"<A><![CDATA[x</A>",
        ] {
            assert!(parse(body).is_err(), "{:?}", String::from_utf8_lossy(body));
        }
        assert!(parse(b"\xef\xbb\xbf<A/>").is_ok());
        assert!(parse(b"<!-- c --><A/><!-- d -->\n").is_ok());
    }

    #[test]
    fn limits_depth() {
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(ok.as_bytes()).is_ok());
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(deep.as_bytes()).is_err());
        // Hostile nesting is refused quickly, without exhausting the stack.
        assert!(parse("<a>".repeat(1_000_000).as_bytes()).is_err());
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut seed = 0xdead_beef_cafe_f00du64;
        let pieces: [&[u8]; 14] = [
            b"<a>",
            b"</a>",
            b"<b x=\"1\">",
            b"</b>",
            b"<c/>",
            b"text",
            b"&amp;",
            b"&",
            b"<![CDATA[x]]>",
            b"<?xml version=\"1.0\"?>",
            b"<!--c-->",
            b"\xff",
            b"\"",
            b"<",
        ];
        for _ in 0..5_000 {
            let mut body = Vec::new();
            for _ in 0..(seed % 24) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                body.extend_from_slice(pieces[(seed % 14) as usize]);
            }
            let _ = parse(&body);
        }
        for len in 0..64 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            let _ = parse(&bytes);
        }
    }
}
