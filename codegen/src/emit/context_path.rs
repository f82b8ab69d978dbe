//! `operationContextParams` paths compiled to Rust over the typed input.
//! AWS models use a small JMESPath subset (botocore 1.44.5's catalogue:
//! DynamoDB's `TableCreationParameters.TableName`, `keys(RequestItems)`,
//! `TransactItems[*].Get.TableName` and
//! `TransactItems[*].[ConditionCheck.TableName, Put.TableName][]`); this
//! reads exactly those forms. A path of another form is left out of the
//! generated code with a note (see [`unsupported_paths`]).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Operation, Service, ShapeKind};
use crate::symbols::Symbols;

/// A path of one of the supported forms; each segment a member name.
#[derive(Debug, PartialEq)]
pub enum Path {
    /// `a.b.c`: a string.
    Member(Vec<String>),
    /// `keys(a.b)`: a map's keys.
    Keys(Vec<String>),
    /// `a[*].b.c` or `a[*].[b.c, d][]`: from each item of list `a`, each
    /// leaf path that is set, in order.
    Project {
        list: Vec<String>,
        leaves: Vec<Vec<String>>,
    },
}

fn segments(text: &str) -> Option<Vec<String>> {
    let segs: Vec<String> = text.trim().split('.').map(str::to_owned).collect();
    let ok = |s: &String| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    segs.iter().all(ok).then_some(segs)
}

/// Parses `path`, or `None` when it is not of a supported form.
pub fn parse(path: &str) -> Option<Path> {
    let path = path.trim();
    if let Some(inner) = path.strip_prefix("keys(").and_then(|p| p.strip_suffix(')')) {
        return segments(inner).map(Path::Keys);
    }
    let Some((list, rest)) = path.split_once("[*].") else {
        return segments(path).map(Path::Member);
    };
    let list = segments(list)?;
    let leaves = match rest.strip_prefix('[').and_then(|r| r.strip_suffix("][]")) {
        Some(multi) => multi.split(',').map(segments).collect::<Option<Vec<_>>>()?,
        None => vec![segments(rest)?],
    };
    Some(Path::Project { list, leaves })
}

/// `(operation, parameter, path)` of each path in `service` this cannot
/// read: of another form, or not fitting the input's shapes.
pub fn unsupported_paths(service: &Service) -> Vec<(String, String, String)> {
    let with_paths = || {
        service
            .operations
            .values()
            .filter(|op| !op.operation_context_params.is_empty())
    };
    if with_paths().next().is_none() {
        return Vec::new();
    }
    let sym = Symbols::new(service);
    let mut out = Vec::new();
    for op in with_paths() {
        for (name, path) in &op.operation_context_params {
            if push(&sym, op, name, path).is_none() {
                out.push((op.name.clone(), name.clone(), path.clone()));
            }
        }
    }
    out
}

/// `params.push((name, value))` when the path of `op`'s input reaches a
/// value; `None` when the path does not fit the input's shapes.
pub fn push(sym: &Symbols, op: &Operation, name: &str, path: &str) -> Option<TokenStream> {
    let input = op.input.as_deref()?;
    let rt = sym.runtime();
    let value = quote!(#rt::endpoint::ParamValue);
    let start = quote!(Some(input));
    Some(match parse(path)? {
        Path::Member(segs) => {
            let (reach, leaf) = chain(sym, input, &segs, start)?;
            let text = text(sym, &leaf, quote!(v))?;
            quote!(if let Some(v) = #reach { params.push((#name, #value::String(#text))); })
        }
        Path::Keys(segs) => {
            let (reach, map) = chain(sym, input, &segs, start)?;
            let ShapeKind::Map { key, .. } = &sym.shape(&map)?.kind else {
                return None;
            };
            let text = text(sym, &key.target, quote!(k))?;
            // A map holds no order: the keys sorted, so one input always
            // resolves the same.
            quote! {
                if let Some(m) = #reach {
                    let mut keys: Vec<String> = m.keys().map(|k| #text).collect();
                    keys.sort();
                    params.push((#name, #value::StringArray(keys)));
                }
            }
        }
        Path::Project { list, leaves } => {
            let (reach, list_shape) = chain(sym, input, &list, start)?;
            let ShapeKind::List(item) = &sym.shape(&list_shape)?.kind else {
                return None;
            };
            let mut reads = Vec::new();
            for leaf_path in &leaves {
                let (reach, leaf) = chain(sym, &item.target, leaf_path, quote!(Some(item)))?;
                let text = text(sym, &leaf, quote!(v))?;
                reads.push(quote!(if let Some(v) = #reach { values.push(#text); }));
            }
            quote! {
                if let Some(items) = #reach {
                    let mut values = Vec::new();
                    for item in items { #(#reads)* }
                    params.push((#name, #value::StringArray(values)));
                }
            }
        }
    })
}

/// `start` (an `Option<&Shape>`) through the members `segs`: the
/// expression (an `Option<&..>`) and the shape reached.
fn chain(
    sym: &Symbols,
    shape: &str,
    segs: &[String],
    start: TokenStream,
) -> Option<(TokenStream, String)> {
    let (mut expr, mut shape) = (start, shape.to_owned());
    for seg in segs {
        let ShapeKind::Structure(members) = &sym.shape(&shape)?.kind else {
            return None;
        };
        let m = members.iter().find(|m| m.name == *seg)?;
        let f: TokenStream = sym.field_tokens(&shape, &m.name);
        expr = if m.traits.required {
            quote!(#expr.map(|x| &x.#f))
        } else {
            quote!(#expr.and_then(|x| x.#f.as_ref()))
        };
        shape = m.target.clone();
    }
    Some((expr, shape))
}

/// A string or enum value `v` (a reference) as an owned `String`.
fn text(sym: &Symbols, shape: &str, v: TokenStream) -> Option<TokenStream> {
    match &sym.shape(shape)?.kind {
        ShapeKind::String => Some(quote!(#v.to_string())),
        ShapeKind::Enum(_) => Some(quote!(#v.as_str().to_owned())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_forms_aws_models_use_parse() {
        assert_eq!(
            parse("TableCreationParameters.TableName"),
            Some(Path::Member(segs(&[
                "TableCreationParameters",
                "TableName"
            ])))
        );
        assert_eq!(
            parse("keys(RequestItems)"),
            Some(Path::Keys(segs(&["RequestItems"])))
        );
        assert_eq!(
            parse("TransactItems[*].Get.TableName"),
            Some(Path::Project {
                list: segs(&["TransactItems"]),
                leaves: vec![segs(&["Get", "TableName"])]
            })
        );
        assert_eq!(
            parse("TransactItems[*].[ConditionCheck.TableName, Put.TableName][]"),
            Some(Path::Project {
                list: segs(&["TransactItems"]),
                leaves: vec![
                    segs(&["ConditionCheck", "TableName"]),
                    segs(&["Put", "TableName"])
                ]
            })
        );
    }

    #[test]
    fn other_forms_are_refused() {
        for path in [
            "a[0]",
            "a || b",
            "length(a)",
            "a[?b]",
            "",
            "a..b",
            "a[*].[b, c]",
            "keys(a",
        ] {
            assert_eq!(parse(path), None, "{path}");
        }
    }
}
