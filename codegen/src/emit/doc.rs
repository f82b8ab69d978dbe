//! Doc comments for generated items: the model's documentation as Markdown,
//! plus the facts a caller needs that the prose rarely states (required,
//! bounds, pattern, sensitivity, deprecation).

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::html_to_markdown;
use crate::ir::{Deprecation, Member, Shape, ShapeKind};

/// The doc comment `markdown` makes, as an outer attribute.
pub fn attrs(markdown: &str) -> TokenStream {
    match held(markdown) {
        Some(slot) => quote!(#[doc = #slot]),
        None => quote!(),
    }
}

/// The doc comment `markdown` makes, as an inner attribute (a module's).
pub fn inner_attrs(markdown: &str) -> TokenStream {
    match held(markdown) {
        Some(slot) => quote!(#![doc = #slot]),
        None => quote!(),
    }
}

// Documentation is a quarter to a third of a generated file's bytes but no
// code: as literals it cost quote's escaping, syn's unescaping and
// prettyplease's printing, a tenth of generating S3. So the token stream only
// carries a placeholder, `#[doc = "\u{E000}<n>"]`, which prettyplease
// prints as the line `///\u{E000}<n>`; `splice` puts the text there, one
// `///` line per Markdown line, exactly as prettyplease would print them.

/// What starts a placeholder: a private-use character no model's text has
/// at the start of a doc line (every line written starts with a space).
const SLOT: char = '\u{E000}';

thread_local! {
    /// The texts placeholders stand for, indexed by their number. Tokens
    /// are built and rendered on one thread, within one service.
    static HELD: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };

    /// The service's documentation converted so far, by its HTML: an
    /// operation's is written three times (client, module, service
    /// summary), an input member's twice, and models repeat texts.
    static CONVERTED: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// A placeholder for `markdown`, or `None` when it has no lines.
fn held(markdown: &str) -> Option<String> {
    if markdown.is_empty() {
        return None;
    }
    HELD.with_borrow_mut(|held| {
        held.push(markdown.to_owned());
        Some(format!("{SLOT}{}", held.len() - 1))
    })
}

/// Forgets the held texts and converted documentation: called before a
/// service is emitted, whose files hold no placeholders of an earlier one.
pub fn reset() {
    HELD.with_borrow_mut(Vec::clear);
    CONVERTED.with_borrow_mut(HashMap::clear);
}

/// `html` as Markdown, converted once per service.
fn markdown(html: &str) -> String {
    CONVERTED.with_borrow_mut(|converted| {
        if let Some(md) = converted.get(html) {
            return md.clone();
        }
        let md = html_to_markdown(html);
        converted.insert(html.to_owned(), md.clone());
        md
    })
}

/// `rendered` with each placeholder line replaced by the doc lines of its
/// text at the placeholder's indentation; or, as the error, a placeholder
/// whose text is not held or that prettyplease did not print as a line.
pub fn splice(rendered: &str) -> Result<String, String> {
    if !rendered.contains(SLOT) {
        return Ok(rendered.to_owned());
    }
    HELD.with_borrow(|held| {
        let mut out = String::with_capacity(rendered.len() * 2);
        for line in rendered.lines() {
            match placeholder(line) {
                Some((indent, marker, n)) => {
                    let text = n
                        .and_then(|n| held.get(n))
                        .ok_or_else(|| line.trim().to_owned())?;
                    push_doc_lines(&mut out, indent, marker, text);
                }
                None if line.contains(SLOT) => return Err(line.trim().to_owned()),
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        Ok(out)
    })
}

/// A placeholder line's indentation, `///` or `//!`, and number.
fn placeholder(line: &str) -> Option<(&str, &str, Option<usize>)> {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let marker = body.get(..3)?;
    if marker != "///" && marker != "//!" {
        return None;
    }
    let number = body[3..].strip_prefix(SLOT)?;
    Some((indent, marker, number.parse().ok()))
}

/// One doc line per Markdown line, as prettyplease prints `#[doc = " line"]`:
/// trailing spaces trimmed, an empty line a bare marker.
fn push_doc_lines(out: &mut String, indent: &str, marker: &str, markdown: &str) {
    for line in markdown.lines() {
        out.push_str(indent);
        out.push_str(marker);
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
            out.truncate(out.trim_end_matches(' ').len());
        }
        out.push('\n');
    }
}

/// The model's documentation, or `fallback` when it has none.
pub fn text(html: Option<&str>, fallback: &str) -> String {
    let md = html.map(markdown).unwrap_or_default();
    if md.trim().is_empty() {
        fallback.to_owned()
    } else {
        md
    }
}

/// Documentation of a named type.
pub fn shape(shape: &Shape) -> String {
    let mut out = text(
        shape.traits.documentation.as_deref(),
        &format!("The `{}` shape of the service model.", shape.name),
    );
    push_deprecation(&mut out, shape.traits.deprecated.as_ref());
    out
}

/// Documentation of a structure member or union variant.
pub fn member(member: &Member, target: Option<&Shape>, sensitive: bool) -> String {
    let markdown = |html: Option<&str>| html.map(markdown).filter(|d| !d.trim().is_empty());
    // The target's documentation only when the member has none: converting
    // it anyway was a measurable part of generating a whole service.
    let mut out = markdown(member.traits.documentation.as_deref())
        .or_else(|| markdown(target.and_then(|t| t.traits.documentation.as_deref())))
        .unwrap_or_else(|| format!("The `{}` member.", member.name));
    let mut facts = Vec::new();
    if member.traits.required {
        facts.push("Required.".to_owned());
    }
    if let Some(t) = target {
        facts.extend(bounds(t));
    }
    if sensitive {
        facts.push("Sensitive: hidden in `Debug` output.".to_owned());
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&facts.join(" "));
    }
    push_deprecation(&mut out, member.traits.deprecated.as_ref());
    out
}

/// The model's constraints on a shape, as short sentences.
fn bounds(shape: &Shape) -> Vec<String> {
    let t = &shape.traits;
    let what = match shape.kind {
        ShapeKind::String | ShapeKind::Blob | ShapeKind::Enum(_) => "Length",
        ShapeKind::List(_) | ShapeKind::Map { .. } => "Items",
        _ => "Value",
    };
    let num = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            v.to_string()
        }
    };
    let mut facts = Vec::new();
    match (t.min, t.max) {
        (Some(min), Some(max)) => facts.push(format!("{what}: {} to {}.", num(min), num(max))),
        (Some(min), None) => facts.push(format!("{what}: at least {}.", num(min))),
        (None, Some(max)) => facts.push(format!("{what}: at most {}.", num(max))),
        (None, None) => {}
    }
    if let Some(p) = &t.pattern {
        facts.push(format!("Pattern: {}.", code_span(p)));
    }
    facts
}

/// A Markdown code span that survives backticks inside the text.
pub fn code_span(text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn push_deprecation(out: &mut String, deprecated: Option<&Deprecation>) {
    if let Some(d) = deprecated {
        out.push_str("\n\n**Deprecated**");
        if let Some(since) = &d.since {
            out.push_str(&format!(" since {since}"));
        }
        match &d.message {
            Some(m) => out.push_str(&format!(": {}", markdown(m))),
            None => out.push('.'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).expect("valid Rust");
        splice(&prettyplease::unparse(&file)).expect("every placeholder held")
    }

    #[test]
    fn spliced_docs_read_as_prettyplease_prints_one_attribute_per_line() {
        let markdown = "First line.   \n\n- a `Vec<String>`\n    \nLast é.";
        let (outer, inner) = (attrs(markdown), inner_attrs("Module."));
        let lines = markdown.lines().map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        });
        let by_prettyplease =
            quote!(#![doc = " Module."] mod m { #(#[doc = #lines])* pub fn f() {} });
        assert_eq!(
            rendered(quote!(#inner mod m { #outer pub fn f() {} })),
            rendered(by_prettyplease)
        );
    }

    #[test]
    fn no_lines_no_attribute() {
        assert!(attrs("").is_empty());
    }

    #[test]
    fn a_placeholder_whose_text_is_gone_is_an_error_naming_it() {
        let outer = attrs("Gone.");
        reset();
        let file: syn::File = syn::parse2(quote!(#outer pub fn f() {})).expect("valid Rust");
        let line = splice(&prettyplease::unparse(&file)).expect_err("text released");
        assert!(line.starts_with("///\u{E000}"), "{line}");
    }

    #[test]
    fn lines_that_only_look_like_doc_comments_are_kept() {
        let text = "/// é\n//! x\nfn f() {}\n";
        assert_eq!(splice(text).as_deref(), Ok(text));
    }
}
