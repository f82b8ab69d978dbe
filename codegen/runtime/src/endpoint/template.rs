//! Template strings (`"https://{Region}.{PartitionResult#dnsSuffix}"`) and
//! `getAttr` paths (`"resourceId[1]"`, `"a.b"`), both parsed once.

use serde_json::Value;

/// A string with `{name}` / `{name#path}` placeholders; `{{` and `}}` are
/// literal braces.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    pub(crate) parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    Text(String),
    Var { name: String, path: AttrPath },
}

impl Template {
    pub(crate) fn parse(source: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = source.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|&(_, next)| next) == Some('{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek().map(|&(_, next)| next) == Some('}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let rest = &source[at + 1..];
                    let end = rest
                        .find('}')
                        .ok_or_else(|| format!("unclosed `{{` in template `{source}`"))?;
                    let inner = &rest[..end];
                    if inner.contains('{') {
                        return Err(format!("nested `{{` in template `{source}`"));
                    }
                    // Skip what the placeholder spans (it holds no `}`).
                    for _ in inner.chars() {
                        chars.next();
                    }
                    chars.next();
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts
                        .push(parse_var(inner).map_err(|e| format!("{e} in template `{source}`"))?);
                }
                '}' => return Err(format!("unmatched `}}` in template `{source}`")),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template { parts })
    }

    /// The text if the template has no placeholders.
    pub(crate) fn as_literal(&self) -> Option<String> {
        match self.parts.as_slice() {
            [] => Some(String::new()),
            [Part::Text(text)] => Some(text.clone()),
            _ => None,
        }
    }
}

fn parse_var(inner: &str) -> Result<Part, String> {
    let (name, path) = match inner.split_once('#') {
        Some((name, path)) => (name, AttrPath::parse(path)?),
        None => (inner, AttrPath::default()),
    };
    if !is_identifier(name) {
        return Err(format!("invalid placeholder `{{{inner}}}`"));
    }
    Ok(Part::Var {
        name: name.to_string(),
        path,
    })
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A `getAttr` path: dot-separated keys, each optionally followed by
/// `[index]` steps.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct AttrPath {
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

impl AttrPath {
    pub(crate) fn parse(path: &str) -> Result<AttrPath, String> {
        let invalid = || format!("invalid getAttr path `{path}`");
        let mut steps = Vec::new();
        for segment in path.split('.') {
            let (key, mut indexes) = match segment.find('[') {
                Some(open) => segment.split_at(open),
                None => (segment, ""),
            };
            if !key.is_empty() {
                steps.push(Step::Key(key.to_string()));
            } else if indexes.is_empty() {
                return Err(invalid());
            }
            while !indexes.is_empty() {
                let close = indexes.find(']').ok_or_else(invalid)?;
                let digits = &indexes[1..close];
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(invalid());
                }
                steps.push(Step::Index(digits.parse().map_err(|_| invalid())?));
                indexes = &indexes[close + 1..];
                if !indexes.is_empty() && !indexes.starts_with('[') {
                    return Err(invalid());
                }
            }
        }
        Ok(AttrPath { steps })
    }

    /// The value at this path; `None` when a key is missing, an index is out
    /// of range or a step meets the wrong kind of value.
    pub(crate) fn get<'v>(&self, mut value: &'v Value) -> Option<&'v Value> {
        for step in &self.steps {
            value = match step {
                Step::Key(key) => value.as_object()?.get(key)?,
                Step::Index(index) => value.as_array()?.get(*index)?,
            };
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn var(name: &str, path: &str) -> Part {
        Part::Var {
            name: name.to_string(),
            path: if path.is_empty() {
                AttrPath::default()
            } else {
                AttrPath::parse(path).unwrap()
            },
        }
    }

    #[test]
    fn parses_placeholders_text_and_escapes() {
        let t = Template::parse("https://{Region}.{PartitionResult#dnsSuffix}/x").unwrap();
        assert_eq!(
            t.parts,
            vec![
                Part::Text("https://".into()),
                var("Region", ""),
                Part::Text(".".into()),
                var("PartitionResult", "dnsSuffix"),
                Part::Text("/x".into()),
            ]
        );
        let t = Template::parse("{{literal}} {{{x}}}é").unwrap();
        assert_eq!(
            t.parts,
            vec![
                Part::Text("{literal} {".into()),
                var("x", ""),
                Part::Text("}é".into()),
            ]
        );
        assert_eq!(
            Template::parse("plain").unwrap().as_literal().as_deref(),
            Some("plain")
        );
        assert_eq!(
            Template::parse("").unwrap().as_literal().as_deref(),
            Some("")
        );
        assert_eq!(
            Template::parse("a{{b").unwrap().as_literal().as_deref(),
            Some("a{b")
        );
        assert_eq!(Template::parse("{a}").unwrap().as_literal(), None);
        assert_eq!(
            Template::parse("{arn#resourceId[1]}").unwrap().parts,
            vec![var("arn", "resourceId[1]")]
        );
    }

    #[test]
    fn rejects_malformed_templates() {
        for source in [
            "{", "a{b", "}", "a}b", "{}", "{a{b}", "{#x}", "{a b}", "{a#}", "{a#[x]}",
        ] {
            let err = Template::parse(source).unwrap_err();
            assert!(err.contains(source), "{source}: {err}");
        }
    }

    #[test]
    fn attr_paths_walk_keys_and_indexes() {
        let value =
            json!({"name": "aws", "resourceId": ["a", "b"], "nested": {"list": [[1, 2], [3]]}});
        let get = |path: &str| AttrPath::parse(path).unwrap().get(&value).cloned();
        assert_eq!(get("name"), Some(json!("aws")));
        assert_eq!(get("resourceId[1]"), Some(json!("b")));
        assert_eq!(get("resourceId[2]"), None);
        assert_eq!(get("nested.list[1][0]"), Some(json!(3)));
        assert_eq!(get("nested.list"), Some(json!([[1, 2], [3]])));
        assert_eq!(get("missing"), None);
        assert_eq!(get("name.deeper"), None);
        assert_eq!(get("name[0]"), None);
        assert_eq!(
            AttrPath::parse("[0]").unwrap().get(&json!(["x"])),
            Some(&json!("x"))
        );
    }

    #[test]
    fn rejects_malformed_attr_paths() {
        for path in [
            "",
            ".",
            "a.",
            "a[",
            "a[]",
            "a[x]",
            "a[1",
            "a[1]b",
            "a[-1]",
            "a[99999999999999999999999]",
        ] {
            assert!(AttrPath::parse(path).is_err(), "{path}");
        }
    }
}
