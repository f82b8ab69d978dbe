//! awsQuery and ec2Query request bodies: `Action`, `Version` and the input
//! flattened into `Name.member.1.Key=value` pairs, sent as
//! `application/x-www-form-urlencoded` (botocore's `QuerySerializer` and
//! `EC2Serializer`, encoded as its request preparation does, with
//! `urlencode`: a space is `+`).

use super::encode::form_component;

/// The `Content-Type` of an awsQuery or ec2Query request, as botocore sends it.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// Builds a form body one pair at a time, in call order.
#[derive(Debug)]
pub struct QueryWriter {
    out: String,
    /// The first union whose `Unknown` variant was to be written.
    unknown: Option<&'static str>,
}

impl QueryWriter {
    /// Starts a body with `Action=<action>&Version=<version>`.
    pub fn new(action: &str, version: &str) -> Self {
        let mut w = QueryWriter {
            out: String::with_capacity(128),
            unknown: None,
        };
        w.pair("Action", action);
        w.pair("Version", version);
        w
    }

    /// Appends `key=value`, both form-encoded.
    pub fn pair(&mut self, key: &str, value: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.push_str(&form_component(key));
        self.out.push('=');
        self.out.push_str(&form_component(value));
    }

    /// The body; an error if an `Unknown` union variant was met.
    pub fn finish(self) -> Result<Vec<u8>, super::ProtoError> {
        match self.unknown {
            Some(union) => Err(super::unknown_variant(union)),
            None => Ok(self.out.into_bytes()),
        }
    }
    /// Records that the input holds a union's `Unknown` variant, which
    /// [`finish`](Self::finish) then reports.
    pub fn unknown_variant(&mut self, union: &'static str) {
        self.unknown.get_or_insert(union);
    }
}

/// The key of a member named `name` under `prefix` (`Outer.Inner`, or
/// `Inner` at the top level).
pub fn key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The key of a flattened list with a named list member: the key's last
/// segment replaced by that name (`A.B` -> `A.Item`), as botocore does.
pub fn replace_last(key: &str, name: &str) -> String {
    match key.rsplit_once('.') {
        Some((head, _)) => format!("{head}.{name}"),
        None => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_action_version_and_pairs() {
        let mut w = QueryWriter::new("GetThing", "2020-01-01");
        w.pair("Name.member.1", "a b/c~");
        w.pair("Empty", "");
        assert_eq!(
            String::from_utf8(w.finish().unwrap()).unwrap(),
            "Action=GetThing&Version=2020-01-01&Name.member.1=a+b%2Fc~&Empty="
        );
    }

    /// Each writer refuses to finish once an `Unknown` union variant was met,
    /// naming the first such union.
    #[test]
    fn an_unknown_union_variant_fails_every_writer() {
        let expected = "cannot send the `Unknown` variant of union `Auth`: \
                        it holds a member this client does not know";
        let mut q = QueryWriter::new("A", "1");
        q.unknown_variant("Auth");
        q.unknown_variant("Later");
        assert_eq!(q.finish().unwrap_err().what(), expected);
        let mut j = super::super::json::JsonWriter::new();
        j.begin_object();
        j.unknown_variant("Auth");
        j.end_object();
        assert_eq!(j.finish().unwrap_err().what(), expected);
        let mut x = super::super::xml::XmlWriter::new();
        x.start("A");
        x.unknown_variant("Auth");
        x.end("A");
        assert_eq!(x.finish().unwrap_err().what(), expected);
    }

    #[test]
    fn keys() {
        assert_eq!(key("", "A"), "A");
        assert_eq!(key("A.member.1", "B"), "A.member.1.B");
        assert_eq!(replace_last("A.B", "Item"), "A.Item");
        assert_eq!(replace_last("B", "Item"), "Item");
    }
}
