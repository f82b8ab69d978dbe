//! Doc comments for generated items: the model's documentation as Markdown,
//! plus the facts a caller needs that the prose rarely states (required,
//! bounds, pattern, sensitivity, deprecation).

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::html_to_markdown;
use crate::ir::{Deprecation, Member, Shape, ShapeKind};

/// `#[doc = "..."]` attributes, one per line, so prettyplease prints `///` lines.
pub fn attrs(markdown: &str) -> TokenStream {
    let lines = markdown.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#( #[doc = #lines] )*)
}

/// Inner `#![doc = "..."]` attributes for a module.
pub fn inner_attrs(markdown: &str) -> TokenStream {
    let lines = markdown.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#( #![doc = #lines] )*)
}

/// The model's documentation, or `fallback` when it has none.
pub fn text(html: Option<&str>, fallback: &str) -> String {
    let md = html.map(html_to_markdown).unwrap_or_default();
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
    let markdown = |html: Option<&str>| html.map(html_to_markdown).filter(|d| !d.trim().is_empty());
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
            Some(m) => out.push_str(&format!(": {}", html_to_markdown(m))),
            None => out.push('.'),
        }
    }
}
