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
fn parse(html: &str) -> Elem {
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
        _ if is_block(e) => {
            // A block inside inline markup: keep its words apart from the neighbours.
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
    while len > scheme {
        let last = chars[len - 1];
        let opens = chars[..len].iter().filter(|&&c| c == '(').count();
        let closes = chars[..len].iter().filter(|&&c| c == ')').count();
        if ".,;:!?*_~".contains(last) || (last == ')' && closes > opens) {
            len -= 1;
        } else {
            break;
        }
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
    let (mut brackets, mut in_url, mut in_angle, mut stars) = (0usize, false, false, 0usize);
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
            '*' => stars += 1,
            '.' | '!' | '?'
                if next == Some(' ')
                    && brackets == 0
                    && !in_url
                    && !in_angle
                    && stars % 2 == 0
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
