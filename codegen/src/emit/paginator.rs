//! `into_paginator()` for an operation with a paginator: the operation's
//! `<Op>Paginator` (page size, `send` for pages, `items` for the results)
//! and the runtime's `PageRequest` for its fluent builder, which reads the
//! next tokens out of an output as botocore's `PageIterator` does.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc;
use crate::ir::{Member, Operation, OutputPath, Paginator, PathStep, Shape, ShapeKind};
use crate::symbols::Symbols;

/// Everything an operation's paginator needs; nothing when it has none.
pub fn emit(sym: &Symbols, op: &Operation) -> TokenStream {
    let (Some(p), Some(input), Some(output)) = (
        &op.paginator,
        op.input.as_deref().and_then(|i| sym.shape(i)),
        op.output.as_deref().and_then(|o| sym.shape(o)),
    ) else {
        return quote!();
    };
    let op_ident = crate::names::type_ident(&op.name);
    let fluent = format_ident!("{op_ident}FluentBuilder");
    let paginator = format_ident!("{op_ident}Paginator");
    let Some(request) = page_request(sym, op, p, input, output) else {
        return quote!();
    };
    let items = items(sym, p, output);
    let methods = paginator_methods(sym, op, p, input, items.as_ref());
    let items_impl = items.map(|(item_ty, take, _)| {
        let rt = sym.runtime();
        quote! {
            impl #rt::paginate::ItemsRequest for #fluent {
                type Item = #item_ty;

                fn items(output: Output) -> Vec<#item_ty> {
                    #take.unwrap_or_default()
                }
            }
        }
    });
    let into_doc = doc::attrs(&format!(
        "Pages through the results, sending a request per page as botocore's \
         paginator does: [`{paginator}::send`] gives the pages, each an [`Output`]."
    ));
    let struct_doc = doc::attrs(&format!(
        "The pages of `{}`: made by [`{fluent}::into_paginator`].",
        op.name
    ));
    quote! {
        impl #fluent {
            #into_doc
            pub fn into_paginator(self) -> #paginator {
                #paginator { request: self }
            }
        }

        #struct_doc
        #[derive(Clone, Debug)]
        pub struct #paginator {
            request: #fluent,
        }

        impl #paginator {
            #methods
        }

        #request

        #items_impl
    }
}

/// `page_size`, `send` and `items`.
fn paginator_methods(
    sym: &Symbols,
    op: &Operation,
    p: &Paginator,
    input: &Shape,
    items: Option<&(TokenStream, TokenStream, String)>,
) -> TokenStream {
    let rt = sym.runtime();
    let fluent = format_ident!("{}FluentBuilder", crate::names::type_ident(&op.name));
    let page_size = p
        .limit_key
        .as_deref()
        .and_then(|key| member(input, key))
        .map(|m| {
            let field = sym.field_tokens(&input.name, &m.name);
            let ty = sym.member_type(&input.name, m, &quote!(super::super::types));
            let d = doc::attrs(&format!(
                "At most `n` results per page: sets `{}` on each request (botocore's `PageSize`).",
                m.name
            ));
            quote! {
                #d
                pub fn page_size(mut self, n: impl Into<#ty>) -> Self {
                    self.request.inner.#field = Some(n.into());
                    self
                }
            }
        });
    let items_fn = items.map(|(_, _, key)| {
        let d = doc::attrs(&format!(
            "The results in `{key}`, item after item, across the pages."
        ));
        quote! {
            #d
            pub fn items(self) -> #rt::paginate::Items<#fluent> {
                #rt::paginate::Items::new(self.request)
            }
        }
    });
    quote! {
        #page_size

        /// The pages, requested as they are pulled with `next().await`.
        pub fn send(self) -> #rt::paginate::Pages<#fluent> {
            #rt::paginate::Pages::new(self.request)
        }

        #items_fn
    }
}

/// `impl PageRequest for <Op>FluentBuilder`; `None` if a token's path
/// does not resolve (the loader checked them all).
fn page_request(
    sym: &Symbols,
    op: &Operation,
    p: &Paginator,
    input: &Shape,
    output: &Shape,
) -> Option<TokenStream> {
    let rt = sym.runtime();
    let fluent = format_ident!("{}FluentBuilder", crate::names::type_ident(&op.name));
    let error = format_ident!("{}", sym.operation_error(&op.name));
    let tokens: Vec<(&Member, TokenStream)> = p
        .input_tokens
        .iter()
        .zip(&p.output_tokens)
        .map(|(name, path)| Some((member(input, name)?, token_expr(sym, output, path)?)))
        .collect::<Option<_>>()?;
    if tokens.is_empty() {
        return None;
    }
    let fields: Vec<TokenStream> = tokens
        .iter()
        .map(|(m, _)| sym.field_tokens(&input.name, &m.name))
        .collect();
    let vars: Vec<_> = (0..tokens.len())
        .map(|i| format_ident!("token{i}"))
        .collect();
    let reads = tokens.iter().zip(&vars).map(|((m, expr), var)| {
        let boxed = sym.is_boxed(&input.name, &m.name);
        let wrap = boxed.then(|| quote!(.map(Box::new)));
        quote!(let #var = #expr.cloned() #wrap;)
    });
    let more = p.more_results.as_ref().and_then(|path| {
        let expr = path_expr(sym, output, &path.alternatives[0])?;
        Some(quote! {
            if !#expr.copied().unwrap_or(false) {
                return #rt::paginate::NextPage::Done;
            }
        })
    });
    let debug = tokens_debug(sym, input, &tokens);
    Some(quote! {
        impl #rt::paginate::PageRequest for #fluent {
            type Output = Output;
            type Error = #error;

            fn send_page(
                self,
            ) -> impl ::std::future::Future<Output = Result<Output, #error>> + Send {
                self.send()
            }

            fn next_page(&self, output: &Output) -> #rt::paginate::NextPage<Self> {
                #more
                #(#reads)*
                if #(#vars.is_none())&&* {
                    return #rt::paginate::NextPage::Done;
                }
                let mut next = ::std::clone::Clone::clone(self);
                #(next.inner.#fields = #vars;)*
                #rt::paginate::NextPage::Request(next)
            }

            fn same_tokens(&self, next: &Self) -> bool {
                #(self.inner.#fields == next.inner.#fields)&&*
            }

            fn tokens_debug(&self) -> String {
                #debug
            }

            fn error(error: #rt::UnhandledError) -> #error {
                #error::Unhandled(error)
            }
        }
    })
}

/// botocore's message names the tokens as a dict: `{'NextToken': "abc"}`
/// (sensitive tokens redacted).
fn tokens_debug(sym: &Symbols, input: &Shape, tokens: &[(&Member, TokenStream)]) -> TokenStream {
    let parts = tokens.iter().map(|(m, _)| {
        let field = sym.field_tokens(&input.name, &m.name);
        let label = format!("'{}': ", m.name);
        if sym.is_sensitive(m) {
            quote!(text.push_str(#label); text.push_str("*** Sensitive Data Redacted ***");)
        } else {
            quote! {
                text.push_str(#label);
                match &self.inner.#field {
                    Some(v) => text.push_str(&::std::format!("{v:?}")),
                    None => text.push_str("None"),
                }
            }
        }
    });
    let separated = parts.enumerate().map(|(i, part)| {
        if i == 0 {
            part
        } else {
            quote!(text.push_str(", "); #part)
        }
    });
    quote! {
        let mut text = String::from("{");
        #(#separated)*
        text.push('}');
        text
    }
}

/// An `Option<&T>` of the next token: the first alternative of `path` that
/// is set and, as botocore's `if next_token:` asks, not empty.
fn token_expr(sym: &Symbols, output: &Shape, path: &OutputPath) -> Option<TokenStream> {
    let mut expr: Option<TokenStream> = None;
    for steps in &path.alternatives {
        let read = path_expr(sym, output, steps)?;
        let truthy = truthy(sym, output, steps)?;
        let alternative = quote!(#read.filter(#truthy));
        expr = Some(match expr {
            None => alternative,
            Some(first) => quote!(#first.or_else(|| #alternative)),
        });
    }
    expr
}

/// `Some(output)` walked down `steps` by reference: an `Option<&T>`.
fn path_expr(sym: &Symbols, output: &Shape, steps: &[PathStep]) -> Option<TokenStream> {
    let mut expr = quote!(Some(output));
    let mut shape = output;
    for step in steps {
        let m = member(shape, &step.member)?;
        let field = sym.field_tokens(&shape.name, &m.name);
        expr = if m.traits.required {
            quote!(#expr.map(|x| &x.#field))
        } else {
            quote!(#expr.and_then(|x| x.#field.as_ref()))
        };
        if sym.is_boxed(&shape.name, &m.name) {
            expr = quote!(#expr.map(|x| &**x));
        }
        shape = sym.shape(&m.target)?;
        if let Some(index) = step.index {
            expr = match usize::try_from(index) {
                Ok(i) => quote!(#expr.and_then(|x| x.get(#i))),
                Err(_) => {
                    let back = index.unsigned_abs() as usize;
                    quote!(#expr.and_then(|x| x.len().checked_sub(#back).and_then(|i| x.get(i))))
                }
            };
            let ShapeKind::List(item) = &shape.kind else {
                return None;
            };
            shape = sym.shape(&item.target)?;
        }
    }
    Some(expr)
}

/// The closure that keeps a token botocore would send: JMESPath's truthiness
/// (an empty string, list or map, zero or false is no token).
fn truthy(sym: &Symbols, output: &Shape, steps: &[PathStep]) -> Option<TokenStream> {
    let target = target_of(sym, output, steps)?;
    Some(match &target.kind {
        ShapeKind::String | ShapeKind::List(_) | ShapeKind::Map { .. } => {
            quote!(|t| !t.is_empty())
        }
        ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long => {
            quote!(|t| **t != 0)
        }
        ShapeKind::Float | ShapeKind::Double => quote!(|t| **t != 0.0),
        ShapeKind::Boolean => quote!(|t| **t),
        _ => quote!(|_| true),
    })
}

/// The shape `steps` lead to from `output`.
fn target_of<'s>(sym: &Symbols<'s>, output: &'s Shape, steps: &[PathStep]) -> Option<&'s Shape> {
    let mut shape = output;
    for step in steps {
        shape = sym.shape(&member(shape, &step.member)?.target)?;
        if step.index.is_some() {
            let ShapeKind::List(item) = &shape.kind else {
                return None;
            };
            shape = sym.shape(&item.target)?;
        }
    }
    Some(shape)
}

/// For `items()`: the item type, the expression taking the list out of an
/// owned `output` (an `Option<Vec<Item>>`), and the key's text; when the
/// first result key is a list reached without indexing.
fn items(
    sym: &Symbols,
    p: &Paginator,
    output: &Shape,
) -> Option<(TokenStream, TokenStream, String)> {
    let key = p.result_keys.first()?;
    let [steps] = key.alternatives.as_slice() else {
        return None;
    };
    let mut expr = quote!(Some(output));
    let mut shape = output;
    for step in steps {
        if step.index.is_some() {
            return None;
        }
        let m = member(shape, &step.member)?;
        let field = sym.field_tokens(&shape.name, &m.name);
        expr = if m.traits.required {
            quote!(#expr.map(|x| x.#field))
        } else {
            quote!(#expr.and_then(|x| x.#field))
        };
        if sym.is_boxed(&shape.name, &m.name) {
            expr = quote!(#expr.map(|x| *x));
        }
        shape = sym.shape(&m.target)?;
    }
    let ShapeKind::List(item) = &shape.kind else {
        return None;
    };
    let item_ty = sym.rust_type(&item.target, &quote!(super::super::types));
    Some((item_ty, expr, key.text.clone()))
}

fn member<'s>(shape: &'s Shape, name: &str) -> Option<&'s Member> {
    shape.kind.structure_member(name)
}
