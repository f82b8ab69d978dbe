//! A tiny matcher for the `regionRegex` patterns of `partitions.json`, so the
//! runtime needs no regex crate. It supports exactly what those patterns use:
//! `^`/`$` anchors, groups with `|` alternation, escaped literals (`\-`,
//! `\.`), the classes `\w`, `\d` and `.`, literal characters and the
//! quantifiers `+`, `*` and `?`. Anything else is rejected when parsing, so a
//! new construct in `partitions.json` fails loudly instead of mismatching.
//!
//! Like Python's `re.match` (what botocore uses), a match is anchored at the
//! start; `$` requires the end of input. Classes are ASCII-only.

/// Longest input the matcher tries: region names are short, and the cap
/// bounds the backtracking recursion depth on hostile input.
const MAX_INPUT: usize = 256;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RegionRegex {
    alternatives: Vec<Vec<Piece>>,
    anchored_end: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct Piece {
    atom: Atom,
    min: usize,
    max: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Atom {
    Byte(u8),
    Word,
    Digit,
    Any,
    Group(Vec<Vec<Piece>>),
}

impl RegionRegex {
    /// Parses `pattern`, naming the unsupported construct on failure.
    pub(crate) fn parse(pattern: &str) -> Result<RegionRegex, String> {
        let body = pattern.strip_prefix('^').unwrap_or(pattern);
        let (body, anchored_end) = match body.strip_suffix('$') {
            // A trailing `\$` is an escaped dollar, not an anchor.
            Some(rest) if !rest.ends_with('\\') || rest.ends_with("\\\\") => (rest, true),
            _ => (body, false),
        };
        let mut parser = Parser {
            bytes: body.as_bytes(),
            pos: 0,
        };
        let alternatives = parser.alternatives(0)?;
        if parser.pos != parser.bytes.len() {
            return Err(format!(
                "unbalanced `)` at offset {} in region pattern `{pattern}`",
                parser.pos
            ));
        }
        Ok(RegionRegex {
            alternatives,
            anchored_end,
        })
    }

    /// Whether `input` matches from its start (and to its end if `$`).
    pub(crate) fn is_match(&self, input: &str) -> bool {
        let input = input.as_bytes();
        if input.len() > MAX_INPUT {
            return false;
        }
        let anchored_end = self.anchored_end;
        let mut done = |pos: usize| !anchored_end || pos == input.len();
        self.alternatives
            .iter()
            .any(|seq| match_seq(seq, input, 0, &mut done))
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    /// `seq ('|' seq)*`, stopping before a `)` or at the end.
    fn alternatives(&mut self, depth: usize) -> Result<Vec<Vec<Piece>>, String> {
        if depth > 8 {
            return Err("region pattern nests groups too deeply".to_string());
        }
        let mut alternatives = vec![self.sequence(depth)?];
        while self.bytes.get(self.pos) == Some(&b'|') {
            self.pos += 1;
            alternatives.push(self.sequence(depth)?);
        }
        Ok(alternatives)
    }

    fn sequence(&mut self, depth: usize) -> Result<Vec<Piece>, String> {
        let mut pieces = Vec::new();
        while let Some(&byte) = self.bytes.get(self.pos) {
            if byte == b'|' || byte == b')' {
                break;
            }
            let atom = self.atom(depth)?;
            let (min, max) = match self.bytes.get(self.pos) {
                Some(b'+') => (1, usize::MAX),
                Some(b'*') => (0, usize::MAX),
                Some(b'?') => (0, 1),
                _ => (1, 1),
            };
            if (min, max) != (1, 1) {
                self.pos += 1;
            }
            pieces.push(Piece { atom, min, max });
        }
        Ok(pieces)
    }

    fn atom(&mut self, depth: usize) -> Result<Atom, String> {
        let at = self.pos;
        let byte = self.bytes[at];
        self.pos += 1;
        match byte {
            b'(' => {
                let inner = self.alternatives(depth + 1)?;
                if self.bytes.get(self.pos) != Some(&b')') {
                    return Err(format!("unclosed `(` at offset {at} in region pattern"));
                }
                self.pos += 1;
                Ok(Atom::Group(inner))
            }
            b'\\' => {
                let escaped = *self
                    .bytes
                    .get(self.pos)
                    .ok_or("dangling `\\` at the end of a region pattern")?;
                self.pos += 1;
                match escaped {
                    b'w' => Ok(Atom::Word),
                    b'd' => Ok(Atom::Digit),
                    b if b.is_ascii_punctuation() => Ok(Atom::Byte(b)),
                    b => Err(format!(
                        "unsupported escape `\\{}` in region pattern",
                        char::from(b)
                    )),
                }
            }
            b'.' => Ok(Atom::Any),
            b'[' | b']' | b'{' | b'}' | b'^' | b'$' | b'+' | b'*' | b'?' => Err(format!(
                "unsupported `{}` at offset {at} in region pattern",
                char::from(byte)
            )),
            b => Ok(Atom::Byte(b)),
        }
    }
}

/// Backtracking match of `seq` at `pos`; `k` accepts the end position.
fn match_seq(seq: &[Piece], input: &[u8], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    match seq.split_first() {
        None => k(pos),
        Some((first, rest)) => match_piece(first, 0, input, pos, &mut |next| {
            match_seq(rest, input, next, k)
        }),
    }
}

/// Greedy repetition: try one more atom first, then stop if enough.
fn match_piece(
    piece: &Piece,
    count: usize,
    input: &[u8],
    pos: usize,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    if count < piece.max
        && match_atom(&piece.atom, input, pos, &mut |next| {
            // An empty iteration cannot make progress; stop repeating.
            next != pos && match_piece(piece, count + 1, input, next, k)
        })
    {
        return true;
    }
    count >= piece.min && k(pos)
}

fn match_atom(atom: &Atom, input: &[u8], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    let byte = input.get(pos).copied();
    match atom {
        Atom::Byte(expected) => byte == Some(*expected) && k(pos + 1),
        Atom::Word => byte.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') && k(pos + 1),
        Atom::Digit => byte.is_some_and(|b| b.is_ascii_digit()) && k(pos + 1),
        Atom::Any => byte.is_some_and(|b| b != b'\n') && k(pos + 1),
        Atom::Group(alternatives) => alternatives
            .iter()
            .any(|seq| match_seq(seq, input, pos, &mut *k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTITIONS: &str = include_str!("../../../../models/partitions.json");

    fn matches(pattern: &str, input: &str) -> bool {
        RegionRegex::parse(pattern).unwrap().is_match(input)
    }

    #[test]
    fn every_listed_region_matches_its_partition_or_is_a_global_alias() {
        let doc: serde_json::Value = serde_json::from_str(PARTITIONS).unwrap();
        let partitions = doc["partitions"].as_array().unwrap();
        let patterns: Vec<RegionRegex> = partitions
            .iter()
            .map(|p| RegionRegex::parse(p["regionRegex"].as_str().unwrap()).unwrap())
            .collect();
        let mut checked = 0;
        for (index, partition) in partitions.iter().enumerate() {
            for region in partition["regions"].as_object().unwrap().keys() {
                let hits: Vec<usize> = (0..patterns.len())
                    .filter(|&i| patterns[i].is_match(region))
                    .collect();
                if region.starts_with("aws") && region.ends_with("global") {
                    // `aws-global` etc. are matched by name, never by pattern.
                    assert!(hits.is_empty(), "{region} matched {hits:?}");
                } else {
                    assert_eq!(hits, vec![index], "{region}");
                }
                checked += 1;
            }
        }
        assert!(checked > 40, "only {checked} regions");
    }

    #[test]
    fn rejects_near_misses() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        for region in ["us-east-1", "mx-central-1", "af-south-1", "us-east_x-12"] {
            assert!(matches(aws, region), "{region}");
        }
        for region in [
            "",
            "us",
            "us-east",
            "us-east-",
            "us-east-1a",
            "xus-east-1",
            "us-gov-west-1",
            "us--1",
            "cn-north-1",
            "us-east-1\n",
            "US-EAST-1",
            "ue-east-1",
            "us-ëast-1",
        ] {
            assert!(!matches(aws, region), "{region:?}");
        }
        let eusc = r"^eusc\-(de)\-\w+\-\d+$";
        assert!(matches(eusc, "eusc-de-east-1"));
        assert!(!matches(eusc, "eusc-fr-east-1"));
        assert!(!matches(r"^cn\-\w+\-\d+$", "cn-north-1-"));
    }

    #[test]
    fn supports_optional_star_dot_and_unanchored_end() {
        assert!(matches("^ab?c*$", "a"));
        assert!(matches("^ab?c*$", "abccc"));
        assert!(!matches("^ab?c*$", "abbc"));
        assert!(matches("^a.c$", "a-c"));
        assert!(matches("^ab", "abzzz"));
        assert!(matches(r"^a\$", "a$"));
        assert!(matches("^((a|b)+)-x$", "abba-x"));
    }

    #[test]
    fn rejects_unsupported_constructs_without_panicking() {
        for pattern in [
            "[a-z]+", "a{2}", "(ab", "ab)", "a\\", "\\s", "+a", "a|*", "a^",
        ] {
            assert!(RegionRegex::parse(pattern).is_err(), "{pattern}");
        }
        let deep = "(".repeat(50) + &")".repeat(50);
        assert!(RegionRegex::parse(&deep).is_err());
        let long = "a".repeat(100_000);
        assert!(!matches(r"^\w+\d$", &long));
    }
}
