//! A service's module tree as one file of inline modules, for build scripts:
//! `include!` of a file in `OUT_DIR` cannot reach sibling module files (a
//! `mod x;` in an included file is looked up beside the includer), so each
//! `mod x;` is replaced by `mod x { .. }` holding `x.rs` or `x/mod.rs`.

use std::path::{Path, PathBuf};

use super::{Files, HEADER};
use crate::error::{Error, Result};

/// One file declaring `pub mod <module> { .. }` with everything `files`
/// holds under `<module>/` (as [`super::service`] emits it).
pub fn service_file(files: &Files, module: &str) -> Result<String> {
    let root = Path::new(module).join("mod.rs");
    let content = inlined(files, &root)?;
    let ident = syn::Ident::new(module, proc_macro2::Span::call_site());
    let mut item: syn::ItemMod = syn::parse_quote!(pub mod #ident {});
    let (attrs, items) = content;
    item.attrs = attrs;
    item.content = Some((Default::default(), items));
    let file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: vec![syn::Item::Mod(item)],
    };
    Ok(format!("{HEADER}{}", prettyplease::unparse(&file)))
}

/// The inner attributes (as the module's) and the items of the file at
/// `path`, with its `mod x;` declarations filled in.
fn inlined(files: &Files, path: &Path) -> Result<(Vec<syn::Attribute>, Vec<syn::Item>)> {
    let text = files.get(path).ok_or_else(|| Error::InvalidOutput {
        file: path.display().to_string(),
        message: "a module declaration names a file that was not generated".to_owned(),
    })?;
    let parsed: syn::File = syn::parse_file(text).map_err(|e| Error::InvalidOutput {
        file: path.display().to_string(),
        message: e.to_string(),
    })?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut items = Vec::with_capacity(parsed.items.len());
    for item in parsed.items {
        match item {
            syn::Item::Mod(mut m) if m.content.is_none() => {
                let child = child_file(files, dir, &m.ident.to_string());
                let (inner, child_items) = inlined(files, &child)?;
                m.attrs.extend(inner);
                m.content = Some((Default::default(), child_items));
                m.semi = None;
                items.push(syn::Item::Mod(m));
            }
            other => items.push(other),
        }
    }
    Ok((parsed.attrs, items))
}

/// `dir/name.rs` when generated, else `dir/name/mod.rs`.
fn child_file(files: &Files, dir: &Path, name: &str) -> PathBuf {
    let flat = dir.join(format!("{name}.rs"));
    if files.contains_key(&flat) {
        flat
    } else {
        dir.join(name).join("mod.rs")
    }
}
