//! Turns the HTML found in botocore `documentation` fields into Markdown that
//! rustdoc renders without warnings.
//!
//! The input is tag soup (unclosed tags, `<p>` inside `<p>`, made-up tags such
//! as `<note>`), so it is tokenized with `html5gum` and folded into a small,
//! forgiving tree before rendering. Everything that Markdown or rustdoc could
//! read as markup (brackets, emphasis characters, `<`, list markers) is escaped
//! so that the text shows literally.

use std::collections::BTreeMap;

use html5gum::{Token, Tokenizer};

/// Deeper tags are flattened into their parent: keeps recursion bounded.
const MAX_DEPTH: usize = 64;

/// Converts botocore/Smithy HTML documentation into rustdoc Markdown (paragraphs separated by a blank line,
/// no trailing whitespace, no trailing newline). Never panics, whatever the input.
pub fn html_to_markdown(html: &str) -> String {
    let root = parse(html);
    let mut blocks = Vec::new();
    render_flow(&root, &mut blocks);
    let parts: Vec<String> = blocks.into_iter().map(|b| b.text).collect();
    parts.join("\n\n")
}

/// The first sentence/paragraph only, for one-line summaries (plain Markdown, single line).
pub fn summary(markdown: &str) -> String {
    let mut fence: Option<String> = None;
    let mut para: Vec<&str> = Vec::new();
    for line in markdown.lines() {
        let t = line.trim();
        if let Some(f) = &fence {
            if t.starts_with(f.as_str()) && t.chars().all(|c| c == '`') {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") {
            if !para.is_empty() {
                break;
            }
            fence = Some(t.chars().take_while(|&c| c == '`').collect());
            continue;
        }
        if t.is_empty() {
            if para.is_empty() {
                continue;
            }
            break;
        }
        if let Some(item) = strip_list_marker(t) {
            // A list: its first line stands for the whole block.
            if para.is_empty() {
                para.push(item);
            }
            break;
        }
        para.push(t);
    }
    let joined: Vec<&str> = para.iter().map(|l| strip_hard_break(l).trim()).collect();
    first_sentence(&joined.join(" ")).to_string()
}

// ---------------------------------------------------------------------------
// Tree building

enum Node {
    Text(String),
    Elem(Elem),
}

#[derive(Default)]
struct Elem {
    name: String,
    href: Option<String>,
    children: Vec<Node>,
}

impl Elem {
    fn push_text(&mut self, text: &str) {
        if let Some(Node::Text(last)) = self.children.last_mut() {
            last.push_str(text);
        } else {
            self.children.push(Node::Text(text.to_string()));
        }
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr" | "img" | "wbr" | "input" | "meta" | "link" | "area" | "col" | "embed"
    )
}

/// Folds the token stream into a tree. Like browsers, an end tag closes the
/// nearest open element of that name (and everything opened after it) and a
/// stray end tag is ignored.
/// Tags of HTML (and the `note` / `important` of AWS docs); anything else
/// that looks like a tag is text (`Vec<String>`, `Map<K, V>`).
const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "fn",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "html",
    "i",
    "img",
    "important",
    "ins",
    "kbd",
    "li",
    "note",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
];

/// `html` with each `<` that does not open a tag as `&lt;`, so the
/// tokenizer keeps it as text: `<code>a<b</code>` is `a<b` in code, and a
/// bare `Vec<String>` is not an unknown element swallowing the rest. A tag
/// is a known HTML one, or any name the text also closes (`<fullname>`).
fn escape_stray_angles(html: &str) -> std::borrow::Cow<'_, str> {
    // Lower-cased only if a name is not a known tag (rare).
    let lower = std::cell::OnceCell::new();
    let closed_later = |name: &str| {
        lower
            .get_or_init(|| html.to_ascii_lowercase())
            .contains(&format!("</{name}>"))
    };
    let opens_tag = |rest: &str| {
        if rest.starts_with('!') {
            return true;
        }
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_len);
        let ends_name = after.is_empty() || after.starts_with(['>', '/', ' ', '\t', '\n', '\r']);
        let name = name.to_ascii_lowercase();
        ends_name && !name.is_empty() && (HTML_TAGS.contains(&name.as_str()) || closed_later(&name))
    };
    if !html
        .match_indices('<')
        .any(|(i, _)| !opens_tag(&html[i + 1..]))
    {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 16);
    let mut last = 0;
    for (i, _) in html.match_indices('<') {
        out.push_str(&html[last..i]);
        out.push_str(if opens_tag(&html[i + 1..]) {
            "<"
        } else {
            "&lt;"
        });
        last = i + 1;
    }
    out.push_str(&html[last..]);
    std::borrow::Cow::Owned(out)
}

fn parse(html: &str) -> Elem {
    let html = escape_stray_angles(html);
    let html = html.as_ref();
    let mut stack = vec![Elem::default()];
    // Start tags ignored because of MAX_DEPTH, so their end tags are ignored too.
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                if name == "li" {
                    close_open_item(&mut stack);
                }
                let href = tag
                    .attributes
                    .get(b"href".as_slice())
                    .map(|v| String::from_utf8_lossy(v).trim().to_string());
                let elem = Elem {
                    name,
                    href,
                    children: Vec::new(),
                };
                if is_void(&elem.name) || tag.self_closing {
                    push_child(&mut stack, Node::Elem(elem));
                } else if stack.len() >= MAX_DEPTH {
                    *skipped.entry(elem.name).or_default() += 1;
                } else {
                    stack.push(elem);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                if let Some(n) = skipped.get_mut(&name).filter(|n| **n > 0) {
                    *n -= 1;
                } else if let Some(pos) = stack.iter().rposition(|e| e.name == name) {
                    // Index 0 is the nameless root, so `pos` is never 0 here.
                    close_to(&mut stack, pos.max(1));
                }
            }
            Token::String(text) => {
                if let Some(top) = stack.last_mut() {
                    top.push_text(&String::from_utf8_lossy(&text));
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    close_to(&mut stack, 1);
    stack.pop().unwrap_or_default()
}

/// A new `<li>` ends the previous item of the same list, as in HTML.
fn close_open_item(stack: &mut Vec<Elem>) {
    let list = stack
        .iter()
        .rposition(|e| e.name == "ul" || e.name == "ol")
        .unwrap_or(0);
    if let Some(pos) = stack.iter().rposition(|e| e.name == "li") {
        if pos > list {
            close_to(stack, pos);
        }
    }
}

/// Pops elements until `stack.len() == len`, attaching each to its parent.
fn close_to(stack: &mut Vec<Elem>, len: usize) {
    while stack.len() > len {
        if let Some(elem) = stack.pop() {
            push_child(stack, Node::Elem(elem));
        }
    }
}

fn push_child(stack: &mut [Elem], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

// ---------------------------------------------------------------------------
// Block rendering

#[derive(PartialEq)]
enum Kind {
    Para,
    List,
    Code,
}

struct Block {
    kind: Kind,
    text: String,
}

fn is_block(elem: &Elem) -> bool {
    match elem.name.as_str() {
        "p" | "div" | "ul" | "ol" | "li" | "pre" | "note" | "important" | "dl" | "dt" | "dd"
        | "blockquote" | "table" | "tr" | "fullname" | "hr" | "h1" | "h2" | "h3" | "h4" | "h5"
        | "h6" | "section" | "body" | "html" => true,
        "code" => text_content(elem).trim().contains('\n'),
        _ => false,
    }
}

/// Renders a mix of inline and block nodes: runs of inline nodes become paragraphs.
fn render_flow(parent: &Elem, out: &mut Vec<Block>) {
    render_nodes(&parent.children, out);
}

fn render_nodes(nodes: &[Node], out: &mut Vec<Block>) {
    let mut inline = String::new();
    for node in nodes {
        match node {
            Node::Elem(e) if is_block(e) => {
                flush_para(&mut inline, out);
                render_block(e, out);
            }
            _ => render_inline(node, Ctx::default(), &mut inline),
        }
    }
    flush_para(&mut inline, out);
}

fn render_block(e: &Elem, out: &mut Vec<Block>) {
    match e.name.as_str() {
        "ul" => render_list(e, false, out),
        "ol" => render_list(e, true, out),
        "pre" | "code" => {
            if let Some(text) = code_block(&text_content(e)) {
                out.push(Block {
                    kind: Kind::Code,
                    text,
                });
            }
        }
        "note" => render_labelled(e, "**Note:**", out),
        "important" => render_labelled(e, "**Important:**", out),
        "dt" => {
            let mut inline = String::new();
            let ctx = Ctx {
                bold: true,
                ..Ctx::default()
            };
            render_children(e, ctx, &mut inline);
            if let Some(text) = paragraph(&inline) {
                out.push(para(format!("**{text}**")));
            }
        }
        _ => render_flow(e, out),
    }
}

fn para(text: String) -> Block {
    Block {
        kind: Kind::Para,
        text,
    }
}

fn flush_para(inline: &mut String, out: &mut Vec<Block>) {
    if let Some(text) = paragraph(inline) {
        out.push(para(text));
    }
    inline.clear();
}

fn render_labelled(e: &Elem, label: &str, out: &mut Vec<Block>) {
    let mut blocks = Vec::new();
    render_flow(e, &mut blocks);
    match blocks.first_mut() {
        None => return,
        Some(first) if first.kind == Kind::Para => first.text = format!("{label} {}", first.text),
        Some(_) => blocks.insert(0, para(label.to_string())),
    }
    out.extend(blocks);
}

fn render_list(e: &Elem, ordered: bool, out: &mut Vec<Block>) {
    let mut items: Vec<Vec<Block>> = Vec::new();
    // Text or tags directly inside the list (no `<li>`) form an item of their own.
    let mut loose_start = 0;
    for (i, node) in e.children.iter().enumerate() {
        if let Node::Elem(li) = node {
            if li.name == "li" {
                items.push(flow_of(&e.children[loose_start..i]));
                items.push(flow_of(&li.children));
                loose_start = i + 1;
            }
        }
    }
    items.push(flow_of(&e.children[loose_start..]));

    let mut lines = Vec::new();
    for (n, blocks) in items.into_iter().filter(|b| !b.is_empty()).enumerate() {
        let marker = if ordered {
            format!("{}. ", n + 1)
        } else {
            "- ".to_string()
        };
        let mut body = String::new();
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                // Nested lists stay tight under their paragraph.
                body.push_str(if block.kind == Kind::List {
                    "\n"
                } else {
                    "\n\n"
                });
            }
            body.push_str(&block.text);
        }
        lines.push(format!("{marker}{}", indent(&body, marker.len())));
    }
    if !lines.is_empty() {
        out.push(Block {
            kind: Kind::List,
            text: lines.join("\n"),
        });
    }
}

fn flow_of(nodes: &[Node]) -> Vec<Block> {
    let mut blocks = Vec::new();
    render_nodes(nodes, &mut blocks);
    blocks
}

/// Indents every line but the first (blank lines stay empty: no trailing spaces).
fn indent(text: &str, width: usize) -> String {
    let pad = " ".repeat(width);
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
            }
        }
        out.push_str(line);
    }
    out
}

/// A fenced `text` block (so rustdoc never compiles it), or None when blank.
fn code_block(raw: &str) -> Option<String> {
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = raw
        .split('\n')
        .map(|l| clean_chars(&l.replace('\t', "    ")).trim_end().to_string())
        .collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    let lines = &lines[first..=last];
    let margin = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let body: Vec<&str> = lines
        .iter()
        .map(|l| l.get(margin..).unwrap_or(""))
        .collect();
    let body = body.join("\n");
    let fence = "`".repeat((longest_run(&body, '`') + 1).max(3));
    Some(format!("{fence}text\n{body}\n{fence}"))
}

// ---------------------------------------------------------------------------
// Inline rendering

#[derive(Clone, Copy, Default)]
struct Ctx {
    bold: bool,
    italic: bool,
    in_link: bool,
}

/// Appends the Markdown of one inline node. Whitespace is collapsed later,
/// in `paragraph`; a `\n` marks a `<br>`.
fn render_inline(node: &Node, ctx: Ctx, out: &mut String) {
    let e = match node {
        Node::Text(text) => return escape_text(text, !ctx.in_link, out),
        Node::Elem(e) => e,
    };
    match e.name.as_str() {
        "br" => out.push('\n'),
        "code" | "pre" | "tt" | "kbd" | "samp" => inline_code(e, ctx, out),
        "b" | "strong" if !ctx.bold => {
            let inner = rendered(e, Ctx { bold: true, ..ctx });
            out.push_str(&wrap(&inner, "**", "**"));
        }
        "i" | "em" if !ctx.italic => {
            let inner = rendered(
                e,
                Ctx {
                    italic: true,
                    ..ctx
                },
            );
            out.push_str(&wrap(&inner, "*", "*"));
        }
        "a" => link(e, ctx, out),
        _ if is_block(e) || e.name == "td" || e.name == "th" => {
            // A block inside inline markup, or a table cell: keep its words apart.
            out.push(' ');
            render_children(e, ctx, out);
            out.push(' ');
        }
        _ => render_children(e, ctx, out),
    }
}

fn render_children(e: &Elem, ctx: Ctx, out: &mut String) {
    for child in &e.children {
        render_inline(child, ctx, out);
    }
}

fn rendered(e: &Elem, ctx: Ctx) -> String {
    let mut s = String::new();
    render_children(e, ctx, &mut s);
    s
}

/// Puts `open`/`close` around the trimmed content, keeping the surrounding
/// whitespace outside (`** x**` would not be emphasis).
fn wrap(inner: &str, open: &str, close: &str) -> String {
    let (lead, core, trail) = split_space(inner);
    if core.is_empty() {
        return lead.to_string();
    }
    format!("{lead}{open}{core}{close}{trail}")
}

/// Splits into leading whitespace, content and trailing whitespace.
fn split_space(s: &str) -> (&str, &str, &str) {
    let start = s.len() - s.trim_start_matches(is_space).len();
    let end = s.trim_end_matches(is_space).len().max(start);
    (&s[..start], &s[start..end], &s[end..])
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\n'
}

fn link(e: &Elem, ctx: Ctx, out: &mut String) {
    let url = match e.href.as_deref().map(clean_url) {
        Some(url) if !ctx.in_link && is_absolute(&url) => url,
        // No target, a relative one (meaningless outside the AWS site) or a nested link.
        _ => return render_children(e, ctx, out),
    };
    let inner = rendered(
        e,
        Ctx {
            in_link: true,
            ..ctx
        },
    );
    let text = collapse(&text_content(e));
    let (lead, core, trail) = split_space(&inner);
    if core.is_empty() || text == url || clean_url(&text) == url {
        // Autolink: rustdoc would flag `[https://x](https://x)` as redundant.
        out.push_str(&format!("{lead}<{url}>{trail}"));
    } else {
        out.push_str(&format!("{lead}[{core}]({url}){trail}"));
    }
}

fn is_absolute(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s) && lower.len() > s.len())
}

/// Percent-encodes what would end a Markdown link destination or autolink.
fn clean_url(url: &str) -> String {
    let mut out = String::new();
    for c in url.trim().chars() {
        match c {
            ' ' | '<' | '>' | '(' | ')' | '\\' | '"' | '`' => {
                out.push_str(&format!("%{:02X}", u32::from(c)));
            }
            c if c.is_whitespace() || c.is_control() || is_bidi(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn inline_code(e: &Elem, ctx: Ctx, out: &mut String) {
    // `<code> <a href="...">Name</a> </code>`: a link can't live in a code span,
    // so the code span goes inside the link.
    let mut meaningful = e.children.iter().filter(|n| match n {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Elem(_) => true,
    });
    if let (Some(Node::Elem(a)), None) = (meaningful.next(), meaningful.next()) {
        if a.name == "a" && !ctx.in_link {
            if let Some(url) = a.href.as_deref().map(clean_url).filter(|u| is_absolute(u)) {
                let code = collapse(&text_content(a));
                if !code.is_empty() {
                    out.push_str(&format!("[{}]({url})", code_span(&code)));
                    return;
                }
            }
        }
    }
    let code = collapse(&text_content(e));
    if code.is_empty() {
        out.push(' ');
    } else {
        out.push_str(&code_span(&code));
    }
}

/// A code span whose fence is longer than any backtick run inside it.
fn code_span(code: &str) -> String {
    let fence = "`".repeat(longest_run(code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// The raw text below an element; `<br>` counts as a newline.
fn text_content(e: &Elem) -> String {
    let mut out = String::new();
    collect_text(e, &mut out);
    out
}

fn collect_text(e: &Elem, out: &mut String) {
    if e.name == "br" {
        out.push('\n');
    }
    for child in &e.children {
        match child {
            Node::Text(t) => out.push_str(t),
            Node::Elem(c) => collect_text(c, out),
        }
    }
}

/// Single spaces only, trimmed, without characters rustc rejects in comments.
fn collapse(s: &str) -> String {
    clean_chars(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops control characters (bare CR is an error in doc comments) and
/// bidirectional overrides (denied by rustc's `text_direction_codepoint_in_comment`).
fn clean_chars(s: &str) -> String {
    s.chars()
        .filter(|&c| c == '\n' || c == '\t' || c == ' ' || !(c.is_control() || is_bidi(c)))
        .map(|c| if c == '\r' { '\n' } else { c })
        .collect()
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Escapes plain text so Markdown shows it literally. Bare URLs become
/// autolinks (rustdoc warns about bare ones), except inside link text.
fn escape_text(text: &str, autolink: bool, out: &mut String) {
    let chars: Vec<char> = text
        .chars()
        .filter(|&c| !((c.is_control() && !c.is_whitespace()) || is_bidi(c)))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut i = 0;
    while i < chars.len() {
        if autolink {
            if let Some(len) = bare_url_len(&chars[i..]) {
                out.push('<');
                out.extend(&chars[i..i + len]);
                out.push('>');
                i += len;
                continue;
            }
        }
        let c = chars[i];
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        match c {
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // Intraword underscores never make emphasis; keep `snake_case` readable.
            '_' if prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric) =>
            {
                out.push('_')
            }
            '_' => out.push_str("\\_"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            c => out.push(c),
        }
        i += 1;
    }
}

/// Length of an `http(s)://` URL starting the slice, without trailing punctuation.
fn bare_url_len(chars: &[char]) -> Option<usize> {
    let starts = |p: &str| chars.len() >= p.len() && p.chars().zip(chars).all(|(a, b)| a == *b);
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|p| starts(p))?
        .len();
    let mut len = chars
        .iter()
        .position(|c| c.is_whitespace() || "<>\"'`[]{}|\\^".contains(*c))
        .unwrap_or(chars.len());
    let count = |c: char| chars[..len].iter().filter(|&&x| x == c).count();
    // A `)` is trailing punctuation unless it closes a `(` inside the URL.
    let (opens, mut closes) = (count('('), count(')'));
    while len > scheme {
        let last = chars[len - 1];
        if last == ')' && closes > opens {
            closes -= 1;
        } else if !".,;:!?*_~".contains(last) {
            break;
        }
        len -= 1;
    }
    (len > scheme).then_some(len)
}

fn looks_like_entity(rest: &[char]) -> bool {
    let name_len = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name_len > 0 && rest.get(name_len) == Some(&';')
}

/// Finishes a paragraph: collapses spaces, turns `<br>` markers into hard
/// breaks and escapes what would start a block at the beginning of a line.
fn paragraph(inline: &str) -> Option<String> {
    let lines: Vec<String> = inline
        .split('\n')
        .map(|l| {
            l.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|l| !l.is_empty())
        .map(|l| escape_line_start(&l))
        .collect();
    (!lines.is_empty()).then(|| lines.join("\\\n"))
}

fn escape_line_start(line: &str) -> String {
    let first = line.chars().next().unwrap_or(' ');
    let rest = line.get(1..).unwrap_or("");
    let only = |set: &str| line.chars().all(|c| c == ' ' || set.contains(c));
    let marker = rest.is_empty() || rest.starts_with(' ');
    match first {
        '#' => return format!("\\{line}"),
        '-' | '+' if marker || only("-") => return format!("\\{line}"),
        '=' if only("=") => return format!("\\{line}"),
        _ => {}
    }
    // `2024. ` or `1) ` would start an ordered list.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let after = &line[digits..];
        if (after.starts_with('.') || after.starts_with(')'))
            && (after.len() == 1 || after[1..].starts_with(' '))
        {
            return format!("{}\\{}", &line[..digits], after);
        }
    }
    line.to_string()
}

// ---------------------------------------------------------------------------
// Summary helpers

fn strip_list_marker(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("- ") {
        return Some(rest.trim());
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = line[digits..].strip_prefix(". ")?;
    (digits > 0).then(|| rest.trim())
}

fn strip_hard_break(line: &str) -> &str {
    let slashes = line.len() - line.trim_end_matches('\\').len();
    if slashes % 2 == 1 {
        &line[..line.len() - 1]
    } else {
        line
    }
}

/// Cuts after the first `. `, `! ` or `? ` that is outside code, links and
/// emphasis, so the result stays balanced Markdown.
fn first_sentence(text: &str) -> &str {
    let mut code: Option<usize> = None;
    let (mut brackets, mut in_url, mut in_angle) = (0usize, false, false);
    let mut emphasis: Vec<usize> = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        if let Some(open) = code {
            if c == '`' {
                let run = 1 + count_run(&mut iter, '`');
                if run == open {
                    code = None;
                }
            }
            continue;
        }
        match c {
            '\\' => {
                iter.next();
                continue;
            }
            '`' => code = Some(1 + count_run(&mut iter, '`')),
            '[' => brackets += 1,
            ']' => {
                brackets = brackets.saturating_sub(1);
                in_url = next == Some('(');
            }
            ')' if in_url => in_url = false,
            '<' => in_angle = true,
            '>' => in_angle = false,
            '*' => {
                // A run closes the innermost emphasis of the same length, or opens one.
                let run = 1 + count_run(&mut iter, '*');
                if emphasis.last() == Some(&run) {
                    emphasis.pop();
                } else {
                    emphasis.push(run);
                }
            }
            '.' | '!' | '?'
                if next == Some(' ')
                    && brackets == 0
                    && !in_url
                    && !in_angle
                    && emphasis.is_empty()
                    && !is_abbreviation(&text[..i]) =>
            {
                return &text[..=i];
            }
            _ => {}
        }
    }
    text
}

fn count_run(iter: &mut std::iter::Peekable<std::str::CharIndices<'_>>, c: char) -> usize {
    let mut n = 0;
    while iter.next_if(|&(_, x)| x == c).is_some() {
        n += 1;
    }
    n
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .trim_start_matches('(');
    // Initials such as `N. Virginia` do not end a sentence either.
    let initial = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
    initial
        || matches!(
            word.to_ascii_lowercase().as_str(),
            "e.g" | "i.e" | "vs" | "approx"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        html_to_markdown(html)
    }

    #[test]
    fn paragraphs_and_plain_text() {
        assert_eq!(md("<p>One.</p> <p>Two\n  lines.</p>"), "One.\n\nTwo lines.");
        assert_eq!(
            md("  plain   text\twithout html "),
            "plain text without html"
        );
        assert_eq!(
            md("before <p>inside</p> after"),
            "before\n\ninside\n\nafter"
        );
        assert_eq!(
            md("<p>outer <p>nested</p> tail</p>"),
            "outer\n\nnested\n\ntail"
        );
        assert_eq!(md(""), "");
        assert_eq!(md("<p> </p><p></p>"), "");
    }

    #[test]
    fn links() {
        let url = "https://docs.aws.amazon.com/x.html";
        assert_eq!(
            md(&format!(r#"see <a href="{url}">the guide</a>."#)),
            format!("see [the guide]({url}).")
        );
        assert_eq!(md("<a>ShapeName</a> structure"), "ShapeName structure");
        assert_eq!(md(&format!(r#"<a href="{url}"></a>"#)), format!("<{url}>"));
        assert_eq!(
            md(&format!(r#"<a href="{url}">{url}</a>"#)),
            format!("<{url}>")
        );
        assert_eq!(md(r#"<a href="API_Foo.html">Foo</a>"#), "Foo");
        assert_eq!(md(r##"<a href="#anchor">Foo</a>"##), "Foo");
        // Whitespace inside the tag moves outside the brackets.
        assert_eq!(
            md(r#"a<a href="https://x.io/a"> b </a>c"#),
            "a [b](https://x.io/a) c"
        );
        // Characters that would end the destination are percent-encoded.
        assert_eq!(
            md(r#"<a href="https://x.io/a b(c)">t</a>"#),
            "[t](https://x.io/a%20b%28c%29)"
        );
        assert_eq!(
            md(r#"<a href="mailto:me@x.io">mail</a>"#),
            "[mail](mailto:me@x.io)"
        );
        // A link inside a link keeps only its text.
        assert_eq!(
            md(r#"<a href="https://a.io">x <a href="https://b.io">y</a></a>"#),
            "[x y](https://a.io)"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            md("<p>Go to https://aws.amazon.com/cli. Or (http://x.io/a_b).</p>"),
            "Go to <https://aws.amazon.com/cli>. Or (<http://x.io/a_b>)."
        );
        assert_eq!(md("http:// alone"), "http:// alone");
        // Inside link text a URL stays text: links cannot nest.
        assert_eq!(
            md(r#"<a href="https://a.io">mirror of https://b.io</a>"#),
            "[mirror of https://b.io](https://a.io)"
        );
    }

    #[test]
    fn inline_code() {
        assert_eq!(
            md("use <code>ListThings</code> now"),
            "use `ListThings` now"
        );
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
        assert_eq!(md("<code>`tick</code>"), "`` `tick ``");
        assert_eq!(md("<code>  a \t  b  </code>"), "`a b`");
        assert_eq!(md("x<code> </code>y"), "x y");
        assert_eq!(md("<code>&lt;region&gt;*_[x]</code>"), "`<region>*_[x]`");
        assert_eq!(
            md(r#"the <code> <a href="https://x.io/T.html">CreateTemplate</a> </code> call"#),
            "the [`CreateTemplate`](https://x.io/T.html) call"
        );
        assert_eq!(
            md(r#"<a href="https://x.io"> <code>Describe</code> </a>"#),
            "[`Describe`](https://x.io)"
        );
    }

    #[test]
    fn emphasis() {
        assert_eq!(
            md("<b>bold</b> <strong>strong</strong>"),
            "**bold** **strong**"
        );
        assert_eq!(md("<i>it</i> <em>em</em>"), "*it* *em*");
        assert_eq!(md("<p> <b>Note </b>text</p>"), "**Note** text");
        assert_eq!(md("<b><b>twice</b></b>"), "**twice**");
        assert_eq!(md("<b><i>both</i></b>"), "***both***");
        assert_eq!(md("<b> </b>x<i></i>"), "x");
    }

    #[test]
    fn lists() {
        assert_eq!(
            md("<p>Intro:</p><ul><li><p>one</p></li><li>two</li></ul><p>After.</p>"),
            "Intro:\n\n- one\n- two\n\nAfter."
        );
        assert_eq!(md("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
        assert_eq!(
            md("<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>"),
            "- a\n  - b\n    1. c\n- d"
        );
        // Several blocks in one item are indented under it.
        assert_eq!(
            md("<ol><li><p>first</p><p>second</p></li></ol>"),
            "1. first\n\n   second"
        );
        // Unclosed `<li>`s are closed by the next one, as browsers do.
        assert_eq!(md("<ul><li>a<li>b</ul>"), "- a\n- b");
        // Text directly in the list becomes an item; empty items are dropped.
        assert_eq!(md("<ul>loose<li></li><li>x</li></ul>"), "- loose\n- x");
        let ten: String = (1..=10).map(|i| format!("<li>{i}</li>")).collect();
        assert!(md(&format!("<ol>{ten}</ol>")).ends_with("9. 9\n10. 10"));
    }

    #[test]
    fn angle_brackets_that_open_no_tag_are_text() {
        assert_eq!(md("<p>Use <code>a<b</code> here.</p>"), "Use `a<b` here.");
        assert_eq!(
            md("<p>A Vec<String> of names.</p>"),
            "A Vec&lt;String&gt; of names."
        );
        assert_eq!(md("<p>A <code>Map<K, V></code>.</p>"), "A `Map<K, V>`.");
        assert_eq!(
            md("<p>1 < 2 and <b>bold</b><br/>x</p>"),
            "1 &lt; 2 and **bold**\\\nx"
        );
    }

    #[test]
    fn notes() {
        assert_eq!(
            md("<note><p>Careful.</p><p>More.</p></note>"),
            "**Note:** Careful.\n\nMore."
        );
        assert_eq!(md("<important>Do it.</important>"), "**Important:** Do it.");
        assert_eq!(md("<note><ul><li>x</li></ul></note>"), "**Note:**\n\n- x");
        assert_eq!(md("<note> </note>"), "");
    }

    #[test]
    fn code_blocks() {
        assert_eq!(
            md("<p>Example:</p><pre><code>{\n    \"a\": [1]\n}\n</code></pre>"),
            "Example:\n\n```text\n{\n    \"a\": [1]\n}\n```"
        );
        // A multi-line `<code>` is a block too; common indentation and tabs go.
        assert_eq!(
            md("Run <code>\n  a  \n\tb\n</code> then"),
            "Run\n\n```text\na\n  b\n```\n\nthen"
        );
        assert_eq!(md("<pre>x ``` y</pre>"), "````text\nx ``` y\n````");
        assert_eq!(md("<pre>  \n </pre>"), "");
        assert_eq!(
            md("<ul><li>e.g.<pre>a\nb</pre></li></ul>"),
            "- e.g.\n\n  ```text\n  a\n  b\n  ```"
        );
    }

    #[test]
    fn line_breaks() {
        assert_eq!(md("a<br/>b<br>c"), "a\\\nb\\\nc");
        assert_eq!(md("a<br><br>b<br>"), "a\\\nb");
        assert_eq!(md("<ul><li>a<br>b</li></ul>"), "- a\\\n  b");
    }

    #[test]
    fn unknown_tags_and_definition_lists() {
        assert_eq!(
            md("<fullname>Svc</fullname><p>Hi <span>there</span></p>"),
            "Svc\n\nHi there"
        );
        assert_eq!(
            md("<foo bar=1>kept</foo><!-- gone --><script>x</script>"),
            "keptx"
        );
        assert_eq!(
            md("<dl><dt>Term</dt><dd>Meaning</dd></dl>"),
            "**Term**\n\nMeaning"
        );
        assert_eq!(
            md("<table><tr><th>K</th><th>V</th></tr><tr><td>a</td><td>b</td></tr></table>"),
            "K V\n\na b"
        );
    }

    #[test]
    fn entities_are_decoded_then_escaped() {
        assert_eq!(md("a &lt;b&gt; c"), "a &lt;b&gt; c");
        assert_eq!(md("Q&amp;A &quot;x&quot; &#233;"), "Q&A \"x\" \u{e9}");
        // Decoded text that looks like an entity must not be decoded again.
        assert_eq!(md("&amp;lt; &amp;#60;"), "&amp;lt; &amp;#60;");
        assert_eq!(md("1 < 2 > 0"), "1 &lt; 2 &gt; 0");
    }

    #[test]
    fn markdown_characters_are_escaped() {
        assert_eq!(md("in [15-600] range"), "in \\[15-600\\] range");
        assert_eq!(
            md("a*b `c` d\\e |f| ~g"),
            "a\\*b \\`c\\` d\\\\e \\|f\\| \\~g"
        );
        assert_eq!(
            md("snake_case _lead trail_ __x__"),
            "snake_case \\_lead trail\\_ \\_\\_x\\_\\_"
        );
        assert_eq!(md("<p># not a heading</p>"), "\\# not a heading");
        assert_eq!(md("<p>- not an item</p>"), "\\- not an item");
        assert_eq!(md("<p>+ not an item</p>"), "\\+ not an item");
        assert_eq!(md("<p>2024. Year</p><p>1) x</p>"), "2024\\. Year\n\n1\\) x");
        assert_eq!(md("<p>---</p><p>===</p>"), "\\---\n\n\\===");
        assert_eq!(md("<p>-1 and 5.0 are fine</p>"), "-1 and 5.0 are fine");
        assert_eq!(md("x<br>- y<br># z"), "x\\\n\\- y\\\n\\# z");
        assert_eq!(md("<li>1. x</li>"), "1\\. x");
    }

    #[test]
    fn characters_rustc_rejects_are_dropped() {
        assert_eq!(md("a\u{202E}b\u{0}c\u{7}d\re"), "abcd e");
        assert_eq!(md("<pre>a\r\nb\u{2066}</pre>"), "```text\na\nb\n```");
    }

    #[test]
    fn summaries() {
        assert_eq!(summary("First one. Second one."), "First one.");
        assert_eq!(summary("Use `a. b` first. Then."), "Use `a. b` first.");
        assert_eq!(
            summary("See [x. y](https://x.io/a.b) now. Later."),
            "See [x. y](https://x.io/a.b) now."
        );
        assert_eq!(
            summary("Go to <https://x.io/a. b> ok. No."),
            "Go to <https://x.io/a. b> ok."
        );
        assert_eq!(summary("**Bold. text** end. x"), "**Bold. text** end.");
        assert_eq!(summary("**a *b. c* d.** e. f"), "**a *b. c* d.** e.");
        assert_eq!(summary("Use e.g. this. Not that."), "Use e.g. this.");
        assert_eq!(
            summary("US East (N. Virginia) only. x"),
            "US East (N. Virginia) only."
        );
        assert_eq!(summary("Escaped 1\\. item. Next"), "Escaped 1\\. item.");
        assert_eq!(
            summary("Para one\nwraps\\\nhere\n\nPara two."),
            "Para one wraps here"
        );
        assert_eq!(summary("- item one. x\n- two"), "item one.");
        assert_eq!(summary("```text\na. b\n\nc\n```\n\nAfter. x"), "After.");
        assert_eq!(summary("Ends with question? Yes"), "Ends with question?");
        assert_eq!(summary(""), "");
        let md = html_to_markdown(CORPUS[14]);
        assert_eq!(
            summary(&md),
            "Describes the result of an existing snapshot job that has finished running."
        );
    }

    #[test]
    fn output_is_deterministic() {
        for html in CORPUS {
            assert_eq!(html_to_markdown(html), html_to_markdown(html));
        }
    }

    /// Checks what rustdoc cares about, line by line outside fenced blocks:
    /// balanced code spans, and `<` only in code spans or our autolinks.
    fn assert_invariants(html: &str, md: &str) {
        let ctx = || format!("input: {html}\noutput:\n{md}");
        assert!(!md.contains('\t'), "tab: {}", ctx());
        assert!(
            !md.ends_with('\n') && !md.starts_with('\n'),
            "edge newline: {}",
            ctx()
        );
        assert!(!md.contains("\n\n\n"), "double blank line: {}", ctx());
        let mut fence: Option<String> = None;
        for line in md.lines() {
            assert_eq!(line, line.trim_end(), "trailing space: {}", ctx());
            let t = line.trim_start();
            if let Some(f) = &fence {
                if t == f {
                    fence = None;
                }
                continue;
            }
            if t.starts_with("```") {
                fence = Some(t.trim_end_matches("text").to_string());
                continue;
            }
            check_line(t).unwrap_or_else(|e| panic!("{e}: {}", ctx()));
        }
        assert!(fence.is_none(), "unclosed fence: {}", ctx());
    }

    fn check_line(line: &str) -> Result<(), String> {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => i += 1,
                '`' => {
                    let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                    let fence: String = "`".repeat(run);
                    let rest: String = chars[i + run..].iter().collect();
                    // The closing run must have exactly the same length.
                    let close = rest
                        .match_indices(&fence)
                        .find(|(at, _)| {
                            !rest[at + run..].starts_with('`')
                                && (*at == 0 || !rest[..*at].ends_with('`'))
                        })
                        .ok_or("unbalanced backticks")?;
                    i += run + rest[..close.0].chars().count() + run;
                    continue;
                }
                '<' => {
                    let rest: String = chars[i + 1..].iter().collect();
                    let end = rest.find('>').ok_or("stray <")?;
                    let target = &rest[..end];
                    let autolink = ["http://", "https://", "mailto:"]
                        .iter()
                        .any(|s| target.starts_with(s))
                        && !target.contains(char::is_whitespace);
                    if !autolink {
                        return Err(format!("stray <{target}>"));
                    }
                    i += 1 + target.chars().count() + 1;
                    continue;
                }
                '>' => return Err("stray >".into()),
                _ => {}
            }
            i += 1;
        }
        Ok(())
    }

    #[test]
    fn corpus_exact() {
        let expected = [
            (0, "Updates a customer managed key in a Quick Sight account."),
            (
                2,
                "How many minutes the session is valid. The session lifetime must be in \\[15-600\\] minutes range.",
            ),
            (
                8,
                "Provides a detailed description of the definition of an analysis.\n\n**Note:** If you do not need to know details about the content of an Analysis, for instance if you are trying to check the status of a recently created or updated Analysis, use the [`DescribeAnalysis`](https://docs.aws.amazon.com/quicksight/latest/APIReference/API_DescribeAnalysis.html) instead.",
            ),
            (
                9,
                "The type for the &gt;tooltip title. Choose one of the following options:\n\n- `NONE`: Doesn't use the primary value as the title.\n- `PRIMARY_VALUE`: Uses primary value as the title.",
            ),
            (
                18,
                "The current versions (`ETag` values) of both primary and staging distributions. Provide these in the following format:\n\n`<primary ETag>, <staging ETag>`",
            ),
            (
                22,
                "An abbreviated version of the AnycastIpList structure. Omits the allocated static IP addresses (AnycastIpList$AnycastIps).",
            ),
            (
                28,
                "The request was denied due to request throttling. Please slow down your request rate. Refer to [Amazon Connect Voice ID Service API throttling quotas](https://docs.aws.amazon.com/connect/latest/adminguide/amazon-connect-service-limits.html##voiceid-api-quotas) and try your request again.",
            ),
            (
                34,
                "An origin.\n\nAn origin is the location where content is stored, and from which CloudFront gets content to serve to viewers. To specify an origin:\n\n- Use `S3OriginConfig` to specify an Amazon S3 bucket that is not configured with static website hosting.\n- Use `VpcOriginConfig` to specify a VPC origin.\n- Use `CustomOriginConfig` to specify all other kinds of origins, including:\n  - An Amazon S3 bucket that is configured with static website hosting\n  - An Elastic Load Balancing load balancer\n  - An Elemental MediaPackage endpoint\n  - An Elemental MediaStore container\n  - Any other HTTP server, running on an Amazon EC2 instance or any other kind of host\n\nFor the current maximum number of origins that you can specify per distribution, see [General Quotas on Web Distributions](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-web-distributions) in the *Amazon CloudFront Developer Guide* (quotas were formerly referred to as limits).",
            ),
        ];
        for (i, want) in expected {
            assert_eq!(html_to_markdown(CORPUS[i]), want, "corpus entry {i}");
        }
        assert!(html_to_markdown(CORPUS[5]).ends_with(
            "For more information, <https://docs.aws.amazon.com/quicksuite/latest/userguide/quick-action-auth.html>."
        ));
        assert!(html_to_markdown(CORPUS[17])
            .starts_with("Amazon CloudFront\n\nThis is the *Amazon CloudFront API Reference*."));
    }

    #[test]
    fn corpus_invariants() {
        assert!(CORPUS.len() >= 30);
        for html in CORPUS {
            let out = html_to_markdown(html);
            assert!(!out.is_empty(), "empty output for {html}");
            assert_invariants(html, &out);
            let line = summary(&out);
            assert!(
                !line.contains('\n') && !line.is_empty(),
                "summary of {html}"
            );
            assert_invariants(html, &line);
        }
    }

    #[test]
    fn garbage_never_panics() {
        let nested_lists = "<ul><li>x".repeat(200) + &"</li></ul>".repeat(200);
        let nested_open = "<ol><li><b><i><code><a href=\"https://x.io\">".repeat(500);
        let mut inputs: Vec<String> = [
            "<",
            "<<<",
            ">>>",
            "</p></p>",
            "<p",
            "<p>unclosed",
            "</",
            "<a href=",
            "<a href=\"",
            "<!--",
            "<![CDATA[x",
            "<!DOCTYPE html>",
            "&",
            "&#",
            "&#x;",
            "&#99999999;",
            "&lt",
            "<pre>",
            "<code>`",
            "<li>",
            "</ul></ol></li>",
            "<b><i>x</b></i>",
            "<br/><br/>",
            "<a href=\"https://x.io\"><a href=\"https://y.io\">z",
            "<script>alert(1)</script>",
            "<style>p{}</style>",
            "\u{0}\u{1}\u{feff}\r\r\n",
            "`````",
            "[[[]]]",
            "***___",
            "https://",
            "https://x.io)))",
            "<p>#</p><p>-</p>",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        inputs.push(nested_lists.clone());
        inputs.push(nested_open);
        // Pseudo-random bytes from a fixed seed: deterministic, no extra crates.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let alphabet = b"<>/=\"' abcilpuo&;#`*_[]\\\n\t-1.:hrefts";
        for _ in 0..300 {
            let len = (seed % 120) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    let r = (seed >> 33) as u8;
                    if r < 64 {
                        r
                    } else {
                        alphabet[usize::from(r) % alphabet.len()]
                    }
                })
                .collect();
            inputs.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        for input in &inputs {
            let out = html_to_markdown(input);
            assert_invariants(input, &out);
            let line = summary(&out);
            assert!(!line.contains('\n'));
            summary(input);
        }
        let deep = html_to_markdown(&nested_lists);
        assert!(deep.starts_with("- x\n  - x\n    - x"));
    }

    /// Real `documentation` strings from the quicksight, cloudfront and voice-id models.
    const CORPUS: &[&str] = &[
        r#"<p>Updates a customer managed key in a Quick Sight account.</p>"#,
        r#"<p>Use the <code>CreateGroup</code> operation to create a group in Quick Sight. You can create up to 10,000 groups in a namespace. If you want to create more than 10,000 groups in a namespace, contact Amazon Web Services Support.</p> <p>The permissions resource is <code>arn:aws:quicksight:&lt;your-region&gt;:<i>&lt;relevant-aws-account-id&gt;</i>:group/default/<i>&lt;group-name&gt;</i> </code>.</p> <p>The response is a group object.</p>"#,
        r#"<p>How many minutes the session is valid. The session lifetime must be in [15-600] minutes range.</p>"#,
        r#"<p>The filters to apply to the search. Currently, you can search only by the parent folder ARN. For example, <code>"Filters": [ { "Name": "PARENT_FOLDER_ARN", "Operator": "StringEquals", "Value": "arn:aws:quicksight:us-east-1:1:folder/folderId" } ]</code>.</p>"#,
        r#"<p>The domains that you want to add to the allow list for access to the generated URL that is then embedded. This optional parameter overrides the static domains that are configured in the Manage Quick Sight menu in the Amazon Quick Sight console. Instead, it allows only the domains that you include in this parameter. You can list up to three domains or subdomains in each API call.</p> <p>To include all subdomains under a specific domain to the allow list, use <code>*</code>. For example, <code>https://*.sapp.amazon.com</code> includes all subdomains under <code>https://sapp.amazon.com</code>.</p>"#,
        r#"<p>Updates an existing action connector with new configuration details, authentication settings, or enabled actions. You can modify the connector's name, description, authentication configuration, and which actions are enabled. For more information, <a href="https://docs.aws.amazon.com/quicksuite/latest/userguide/quick-action-auth.html">https://docs.aws.amazon.com/quicksuite/latest/userguide/quick-action-auth.html</a>.</p>"#,
        r#"<fullname>Amazon Quick API Reference</fullname> <p>Amazon Quick Sight is a fully managed, serverless business intelligence service for the Amazon Web Services Cloud that makes it easy to extend data and insights to every user in your organization. This API reference contains documentation for a programming interface that you can use to manage Amazon Quick Sight. </p>"#,
        r#"<p>The Amazon Quick user's Amazon Resource Name (ARN), for use with <code>QUICKSIGHT</code> identity type. You can use this for any type of Amazon Quick users in your account (readers, authors, or admins). They need to be authenticated as one of the following:</p> <ol> <li> <p>Active Directory (AD) users or group members</p> </li> <li> <p>Invited nonfederated users</p> </li> <li> <p>IAM users and IAM role-based sessions authenticated through Federated Single Sign-On using SAML, OpenID Connect, or IAM federation</p> </li> </ol> <p>Omit this parameter for users in the third group, IAM users and IAM role-based sessions.</p>"#,
        r#"<p>Provides a detailed description of the definition of an analysis.</p> <note> <p>If you do not need to know details about the content of an Analysis, for instance if you are trying to check the status of a recently created or updated Analysis, use the <a href="https://docs.aws.amazon.com/quicksight/latest/APIReference/API_DescribeAnalysis.html"> <code>DescribeAnalysis</code> </a> instead. </p> </note>"#,
        r#"<p>The type for the &gt;tooltip title. Choose one of the following options:</p> <ul> <li> <p> <code>NONE</code>: Doesn't use the primary value as the title.</p> </li> <li> <p> <code>PRIMARY_VALUE</code>: Uses primary value as the title.</p> </li> </ul>"#,
        r#"String to encapsulate the most generic way Color can be formatted (words, hexStrings etc)"#,
        r#"<important> <p>This API permanently deletes the specified Quick Sight brand. When you delete a brand:</p> <ul> <li> <p>The brand and all its associated branding elements are permanently removed</p> </li> <li> <p>Any applications or dashboards using this brand will revert to default styling</p> </li> <li> <p>This action cannot be undone through the API</p> </li> </ul> <p> <b>Before proceeding:</b> Verify that the brand is no longer needed and consider the impact on any applications currently using this brand.</p> </important> <p>Deletes an Quick Sight brand.</p>"#,
        r#"<p>Describes the customizations associated with the provided Amazon Web Services account and Amazon Quick Sight namespace. The Quick Sight console evaluates which customizations to apply by running this API operation with the <code>Resolved</code> flag included. </p> <p>To determine what customizations display when you run this command, it can help to visualize the relationship of the entities involved. </p> <ul> <li> <p> <code>Amazon Web Services account</code> - The Amazon Web Services account exists at the top of the hierarchy. It has the potential to use all of the Amazon Web Services Regions and Amazon Web Services Services. When you subscribe to Quick Sight, you choose one Amazon Web Services Region to use as your home Region. That's where your free SPICE capacity is located. You can use Quick Sight in any supported Amazon Web Services Region. </p> </li> <li> <p> <code>Amazon Web Services Region</code> - You can sign in to Quick Sight in any Amazon Web Services Region. If you have a user directory, it resides in us-east-1, which is US East (N. Virginia). Generally speaking, these users have access to Quick Sight in any Amazon Web Services Region, unless they are constrained to a namespace. </p> <p>To run the command in a different Amazon Web Services Region, you change your Region settings. If you're using the CLI, you can use one of the following options:</p> <ul> <li> <p>Use <a href="https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-options.html">command line options</a>. </p> </li> <li> <p>Use <a href="https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-profiles.html">named profiles</a>. </p> </li> <li> <p>Run <code>aws configure</code> to change your default Amazon Web Services Region. Use Enter to key the same settings for your keys. For more information, see <a href="https://docs.aws.amazon.com/cli/latest/userguide/cli-chap-configure.html">Configuring the CLI</a>.</p> </li> </ul> </li> <li> <p> <code>Namespace</code> - A Quick Sight namespace is a partition that contains users and assets (data sources, datasets, dashboards, and so on). To access assets that are in a specific namespace, users and groups must also be part of the same namespace. People who share a namespace are completely isolated from users and assets in other namespaces, even if they are in the same Amazon Web Services account and Amazon Web Services Region.</p> </li> <li> <p> <code>Applied customizations</code> - Quick Sight customizations can apply to an Amazon Web Services account or to a namespace. Settings that you apply to a namespace override settings that you apply to an Amazon Web Services account.</p> </li> </ul>"#,
        r#"<p>The Generative Q&amp;A experience that you want to use for anonymous user embedding.</p>"#,
        r#"<p>Describes the result of an existing snapshot job that has finished running.</p> <p>A finished snapshot job will return a <code>COMPLETED</code> or <code>FAILED</code> status when you poll the job with a <code>DescribeDashboardSnapshotJob</code> API call.</p> <p>If the job has not finished running, this operation returns a message that says <code>Dashboard Snapshot Job with id &lt;SnapshotjobId&gt; has not reached a terminal state.</code>.</p> <p> <b>Registered user support</b> </p> <p>This API can be called as before to get the result of a job started by the same Quick Sight user. The result for the user will be returned in <code>RegisteredUsers</code> response attribute. The attribute will contain a list with at most one object in it.</p> <p> <b>Possible error scenarios</b> </p> <p>The request fails with an Access Denied error in the following scenarios:</p> <ul> <li> <p>The credentials have expired.</p> </li> <li> <p>The job was started by a different user.</p> </li> <li> <p>The registered user doesn't have access to the specified dashboard.</p> </li> </ul> <p>The request succeeds but the job fails in the following scenarios:</p> <ul> <li> <p> <code>DASHBOARD_ACCESS_DENIED</code> - The registered user lost access to the dashboard.</p> </li> <li> <p> <code>CAPABILITY_RESTRICTED</code> - The registered user is restricted from exporting data in <b>all</b> selected formats.</p> </li> </ul> <p>The request succeeds but the response contains an error code in the following scenarios:</p> <ul> <li> <p> <code>CAPABILITY_RESTRICTED</code> - The registered user is restricted from exporting data in <b>some</b> selected formats.</p> </li> <li> <p> <code>RLS_CHANGED</code> - Row-level security settings have changed. Re-run the job with current settings.</p> </li> <li> <p> <code>CLS_CHANGED</code> - Column-level security settings have changed. Re-run the job with current settings.</p> </li> <li> <p> <code>DATASET_DELETED</code> - The dataset has been deleted. Verify the dataset exists before re-running the job.</p> </li> </ul>"#,
        r#"<p>Lists all of the datasets belonging to the current Amazon Web Services account in an Amazon Web Services Region.</p> <p>The permissions resource is <code>arn:aws:quicksight:region:aws-account-id:dataset/*</code>.</p>"#,
        r#"<p>Creates Amazon Quick Sight customizations. Currently, you can add a custom default theme by using the <code>CreateAccountCustomization</code> or <code>UpdateAccountCustomization</code> API operation. To further customize Amazon Quick Sight by removing Amazon Quick Sight sample assets and videos for all new users, see <a href="https://docs.aws.amazon.com/quicksight/latest/user/customizing-quicksight.html">Customizing Quick Sight</a> in the <i>Amazon Quick Sight User Guide.</i> </p> <p>You can create customizations for your Amazon Web Services account or, if you specify a namespace, for a Quick Sight namespace instead. Customizations that apply to a namespace always override customizations that apply to an Amazon Web Services account. To find out which customizations apply, use the <code>DescribeAccountCustomization</code> API operation.</p> <p>Before you use the <code>CreateAccountCustomization</code> API operation to add a theme as the namespace default, make sure that you first share the theme with the namespace. If you don't share it with the namespace, the theme isn't visible to your users even if you make it the default theme. To check if the theme is shared, view the current permissions by using the <code> <a href="https://docs.aws.amazon.com/quicksight/latest/APIReference/API_DescribeThemePermissions.html">DescribeThemePermissions</a> </code> API operation. To share the theme, grant permissions by using the <code> <a href="https://docs.aws.amazon.com/quicksight/latest/APIReference/API_UpdateThemePermissions.html">UpdateThemePermissions</a> </code> API operation. </p>"#,
        r#"<p><fullname>Amazon CloudFront</fullname> <p>This is the <i>Amazon CloudFront API Reference</i>. This guide is for developers who need detailed information about CloudFront API actions, data types, and errors. For detailed information about CloudFront features, see the <a href="https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Introduction.html">Amazon CloudFront Developer Guide</a>.</p></p>"#,
        r#"<p>The current versions (<code>ETag</code> values) of both primary and staging distributions. Provide these in the following format:</p> <p> <code>&lt;primary ETag&gt;, &lt;staging ETag&gt;</code> </p>"#,
        r#"<p>Origin access identity configuration. Send a <code>GET</code> request to the <code>/<i>CloudFront API version</i>/CloudFront/identity ID/config</code> resource.</p>"#,
        r#"<p> <b>Optional</b>: A complex type that contains <code>LambdaFunctionAssociation</code> items for this cache behavior. If <code>Quantity</code> is <code>0</code>, you can omit <code>Items</code>.</p>"#,
        r#"<p>Items in the Anycast static IP list collection. Each item is of the <a>AnycastIpListSummary</a> structure type.</p>"#,
        r#"<p>An abbreviated version of the <a>AnycastIpList</a> structure. Omits the allocated static IP addresses (<a>AnycastIpList$AnycastIps</a>).</p>"#,
        r#"<p>Delete a distribution.</p> <important> <p>Before you can delete a distribution, you must disable it, which requires permission to update the distribution. Once deleted, a distribution cannot be recovered.</p> </important>"#,
        r#"<p>Updates a key group.</p> <p>When you update a key group, all the fields are updated with the values provided in the request. You cannot update some fields independent of others. To update a key group:</p> <ol> <li> <p>Get the current key group with <code>GetKeyGroup</code> or <code>GetKeyGroupConfig</code>.</p> </li> <li> <p>Locally modify the fields in the key group that you want to update. For example, add or remove public key IDs.</p> </li> <li> <p>Call <code>UpdateKeyGroup</code> with the entire key group object, including the fields that you modified and those that you didn't.</p> </li> </ol>"#,
        r#"<p><note> <p>To use this field for a multi-tenant distribution, use a connection group instead. For more information, see <a href="https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ConnectionGroup.html">ConnectionGroup</a>.</p> </note> <p>ID of the Anycast static IP list that is associated with the distribution.</p></p>"#,
        r#"<p>Create a new invalidation. For more information, see <a href="https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Invalidation.html">Invalidating files</a> in the <i>Amazon CloudFront Developer Guide</i>.</p>"#,
        r#"<p>The list of HTTP headers. You can specify <code>*</code> to expose all headers.</p>"#,
        r#"<p>The request was denied due to request throttling. Please slow down your request rate. Refer to <a href="https://docs.aws.amazon.com/connect/latest/adminguide/amazon-connect-service-limits.html##voiceid-api-quotas"> Amazon Connect Voice ID Service API throttling quotas </a> and try your request again.</p>"#,
        r#"<p>The S3 path of the folder where Voice ID writes the job output file. It has a <code>*.out</code> extension. For example, if the input file name is <code>input-file.json</code> and the output folder path is <code>s3://output-bucket/output-folder</code>, the full output file path is <code>s3://output-bucket/output-folder/job-Id/input-file.json.out</code>.</p>"#,
        r#"<p>A unique, case-sensitive identifier that you provide to ensure the idempotency of the request. If not provided, the Amazon Web Services SDK populates this field. For more information about idempotency, see <a href="https://aws.amazon.com/builders-library/making-retries-safe-with-idempotent-APIs/">Making retries safe with idempotent APIs</a>.</p>"#,
        r#"<p>The current status of audio streaming for this session. This field is useful to infer next steps when the Authentication or Fraud Detection results are empty or the decision is <code>NOT_ENOUGH_SPEECH</code>. In this situation, if the <code>StreamingStatus</code> is <code>ONGOING/PENDING_CONFIGURATION</code>, it can mean that the client should call the API again later, after Voice ID has enough audio to produce a result. If the decision remains <code>NOT_ENOUGH_SPEECH</code> even after <code>StreamingStatus</code> is <code>ENDED</code>, it means that the previously streamed session did not have enough speech to perform evaluation, and a new streaming session is needed to try again.</p>"#,
        r#"<p>The type of resource which cannot not be found. Possible types are <code>BATCH_JOB</code>, <code>COMPLIANCE_CONSENT</code>, <code>DOMAIN</code>, <code>FRAUDSTER</code>, <code>SESSION</code> and <code>SPEAKER</code>.</p>"#,
        r#"<p> The action to take when the specified speaker is already enrolled in the specified domain. The default value is <code>SKIP</code>, which skips the enrollment for the existing speaker. Setting the value to <code>OVERWRITE</code> replaces the existing voice prints and enrollment audio stored for that speaker with new data generated from the latest audio.</p>"#,
        r#"<p>An origin.</p> <p>An origin is the location where content is stored, and from which CloudFront gets content to serve to viewers. To specify an origin:</p> <ul> <li> <p>Use <code>S3OriginConfig</code> to specify an Amazon S3 bucket that is not configured with static website hosting.</p> </li> <li> <p>Use <code>VpcOriginConfig</code> to specify a VPC origin.</p> </li> <li> <p>Use <code>CustomOriginConfig</code> to specify all other kinds of origins, including:</p> <ul> <li> <p>An Amazon S3 bucket that is configured with static website hosting</p> </li> <li> <p>An Elastic Load Balancing load balancer</p> </li> <li> <p>An Elemental MediaPackage endpoint</p> </li> <li> <p>An Elemental MediaStore container</p> </li> <li> <p>Any other HTTP server, running on an Amazon EC2 instance or any other kind of host</p> </li> </ul> </li> </ul> <p>For the current maximum number of origins that you can specify per distribution, see <a href="https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-web-distributions">General Quotas on Web Distributions</a> in the <i>Amazon CloudFront Developer Guide</i> (quotas were formerly referred to as limits).</p>"#,
        r#"<p>The value of the <code>Referrer-Policy</code> HTTP response header. Valid values are:</p> <ul> <li> <p> <code>no-referrer</code> </p> </li> <li> <p> <code>no-referrer-when-downgrade</code> </p> </li> <li> <p> <code>origin</code> </p> </li> <li> <p> <code>origin-when-cross-origin</code> </p> </li> <li> <p> <code>same-origin</code> </p> </li> <li> <p> <code>strict-origin</code> </p> </li> <li> <p> <code>strict-origin-when-cross-origin</code> </p> </li> <li> <p> <code>unsafe-url</code> </p> </li> </ul> <p>For more information about these values, see <a href="https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy">Referrer-Policy</a> in the MDN Web Docs.</p>"#,
    ];
}
