//! Sentences and tokens with byte offsets.
//!
//! Tokens follow the Penn Treebank / UD English conventions the tagger was trained on:
//! possessives (`'s`, `'`) and contractions (`n't`, `'re`, ...) are split off, quotes and
//! punctuation are tokens of their own, abbreviations (`U.S.`, `Mr.`, `Inc.`) and initials
//! keep their period, numbers keep their commas and decimal points, and currency and percent
//! signs are split from the number. Sentences end at `.`, `!`, `?` (with any closing quotes),
//! at an abbreviation followed by a typical sentence opener, and at line breaks that end a
//! headline or paragraph.
//!
//! Not here: which parts of the text are the article (see `ingest::Cleaner`).

use crate::document::{Document, Sentence, Span, Token};
use crate::lexicon::{ABBREVIATIONS, SENTENCE_STARTERS, place_participle};

/// Splits the document's body into sentences and tokens.
#[derive(Debug, Default)]
pub struct Segmenter;

/// A token as the scanner produced it, before sentences are known.
#[derive(Debug, Clone, Copy)]
struct Raw {
    span: Span,
    /// A sentence must end before this token (line break after a headline or paragraph).
    break_before: bool,
}

impl Segmenter {
    /// Fills `doc.sentences` and `doc.tokens` from `doc.body`.
    pub fn segment(&self, doc: &mut Document) {
        let mut raw = Vec::new();
        for &part in &doc.body {
            scan(&doc.text, part, &mut raw);
        }
        let (tokens, sentences) = split_sentences(&doc.text, &raw);
        doc.tokens = tokens;
        doc.sentences = sentences;
    }
}

const OPENERS: &[char] = &[
    '"', '“', '‘', '(', '[', '{', '«', '„', '*', '•', '·', '–', '—', '¿', '¡',
];
const CLOSERS: &[char] = &[
    '"', '”', '’', ')', ']', '}', '»', ',', ';', ':', '!', '?', '.', '…', '*', '–', '—',
];
const CURRENCY: &[char] = &['$', '£', '€', '¥', '₹', '#'];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokenises one body part, appending to `out`.
fn scan(text: &str, part: Span, out: &mut Vec<Raw>) {
    let slice = &text[part.range()];
    let mut pending_break = true;
    let mut open_single_quote = false;
    let mut prev_line_end: Option<usize> = None;
    let mut line_start = part.start;
    let mut chunk_start: Option<usize> = None;
    let mut newlines = 0;
    for (i, c) in slice
        .char_indices()
        .chain(std::iter::once((slice.len(), ' ')))
    {
        let at = part.start + i;
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                if newlines > 0 {
                    let prev_line = prev_line_end.map(|e| &text[line_start..e]).unwrap_or("");
                    pending_break |= line_break_ends_sentence(prev_line, &text[s..], newlines);
                    line_start = s;
                    open_single_quote = false;
                    newlines = 0;
                }
                let first = out.len();
                chunk(text, Span::new(s, at), &mut open_single_quote, out);
                if pending_break && out.len() > first {
                    out[first].break_before = true;
                    pending_break = false;
                }
                prev_line_end = Some(at);
            }
            if c == '\n' {
                newlines += 1;
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(at);
        }
    }
}

/// Whether a line break between `prev_line` and the text after it ends a sentence: always
/// after a blank line; after a line that ends like a sentence; after a short line (a
/// headline) when the next starts like a sentence. Long lines wrapped mid-sentence go on.
fn line_break_ends_sentence(prev_line: &str, next: &str, newlines: usize) -> bool {
    if newlines > 1 {
        return true;
    }
    let prev = prev_line.trim_end();
    let ends_like_sentence = prev.ends_with(['.', '!', '?', '"', '”', ':', '…']);
    let next_starts_upper = next.chars().next().is_some_and(|c| !c.is_lowercase());
    ends_like_sentence || (next_starts_upper && prev.chars().count() < 60)
}

fn push(out: &mut Vec<Raw>, start: usize, end: usize) {
    if start < end {
        out.push(Raw {
            span: Span::new(start, end),
            break_before: false,
        });
    }
}

/// Tokenises one whitespace-delimited chunk `text[span]`.
fn chunk(text: &str, span: Span, open_single_quote: &mut bool, out: &mut Vec<Raw>) {
    let mut s = span.start;
    let mut e = span.end;
    // Leading punctuation, one token each.
    while s < e {
        let c = first_char(text, s);
        let rest = &text[s + c.len_utf8()..e];
        let leading_quote = is_apostrophe(c)
            && rest.starts_with(|r: char| r.is_alphabetic())
            && !is_clitic(&text[s..e]);
        if OPENERS.contains(&c) || leading_quote {
            if leading_quote || c == '‘' {
                *open_single_quote = true;
            }
            push(out, s, s + c.len_utf8());
            s += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, collected right to left.
    let mut tail: Vec<(usize, usize)> = Vec::new();
    while s < e {
        let c = last_char(text, e);
        let cs = e - c.len_utf8();
        if c == '.' {
            let core = &text[s..cs];
            if core.ends_with("..") {
                let dots = core.len() - core.trim_end_matches('.').len();
                tail.push((cs - dots, e));
                e = cs - dots;
                continue;
            }
            if keeps_period(core) {
                break;
            }
            tail.push((cs, e));
            e = cs;
        } else if is_apostrophe(c) {
            let core = &text[s..cs];
            let possessive = core.ends_with(['s', 'S'])
                && core
                    .chars()
                    .all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '.')
                && !*open_single_quote;
            if possessive {
                tail.push((cs, e));
                e = cs;
                break;
            }
            *open_single_quote = false;
            tail.push((cs, e));
            e = cs;
        } else if CLOSERS.contains(&c) {
            tail.push((cs, e));
            e = cs;
        } else {
            break;
        }
    }
    core(text, s, e, out);
    for &(a, b) in tail.iter().rev() {
        push(out, a, b);
    }
}

fn first_char(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or(' ')
}

fn last_char(text: &str, end: usize) -> char {
    text[..end].chars().next_back().unwrap_or(' ')
}

/// Whether a word followed by `.` keeps the period: abbreviations, initials ("J."),
/// dotted acronyms ("U.S", "a.m").
fn keeps_period(core: &str) -> bool {
    if core.is_empty() {
        return false;
    }
    if ABBREVIATIONS.contains_key(core) {
        return true;
    }
    let mut chars = core.chars();
    let first = chars.next().unwrap_or(' ');
    if first.is_uppercase() && chars.next().is_none() {
        return true;
    }
    // Dotted acronym: letters separated by single periods.
    core.contains('.')
        && core
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

const CLITICS: &[&str] = &[
    "n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "n’t", "’s", "’re", "’ve", "’ll", "’d", "’m",
];

fn is_clitic(s: &str) -> bool {
    CLITICS.iter().any(|c| s.eq_ignore_ascii_case(c))
}

/// Splits the core of a chunk: currency signs, percent, clitics, dashes, slashes between words.
fn core(text: &str, mut s: usize, e: usize, out: &mut Vec<Raw>) {
    if s >= e {
        return;
    }
    // Currency sign before a number.
    let c = first_char(text, s);
    if CURRENCY.contains(&c) && text[s + c.len_utf8()..e].starts_with(|d: char| d.is_ascii_digit())
    {
        push(out, s, s + c.len_utf8());
        s += c.len_utf8();
    }
    let word = &text[s..e];
    // Dashes inside a chunk separate words ("yes--no", "Trump—who").
    let has_dash = word.contains(['—', '–']) || word.contains("--");
    for dash in ["--", "—", "–"].into_iter().filter(|_| has_dash) {
        if let Some(i) = word.find(dash) {
            if i > 0 {
                core(text, s, s + i, out);
            }
            push(out, s + i, s + i + dash.len());
            core(text, s + i + dash.len(), e, out);
            return;
        }
    }
    // Percent sign after a number.
    if word.len() > 1
        && word.ends_with('%')
        && word[..word.len() - 1].ends_with(|d: char| d.is_ascii_digit())
    {
        push(out, s, e - 1);
        push(out, e - 1, e);
        return;
    }
    // Clitics: "don't" -> "do" "n't", "Trump's" -> "Trump" "'s".
    let has_apostrophe = word.contains(['\'', '’']);
    let lower_end = if has_apostrophe {
        word.to_lowercase()
    } else {
        String::new()
    };
    for clitic in CLITICS {
        if lower_end.len() == word.len() && lower_end.ends_with(clitic) && word.len() > clitic.len()
        {
            let at = e - clitic.len();
            let stem = &text[s..at];
            if stem.chars().any(char::is_alphanumeric) {
                push(out, s, at);
                push(out, at, e);
                return;
            }
        }
    }
    // "Hong Kong-based", "US-led", "Labour-run": a name joined to a place or owner participle
    // is two words and a hyphen, as the treebank writes them, so that the name is found whole.
    if let Some(i) = name_hyphen(word) {
        push(out, s, s + i);
        push(out, s + i, s + i + 1);
        push(out, s + i + 1, e);
        return;
    }
    push(out, s, e);
}

/// Prefixes that stay joined to their word ("Re-elected", "Non-executive", "Self-employed").
const HYPHEN_PREFIXES: &[&str] = &[
    "all", "anti", "bi", "co", "counter", "cross", "de", "e", "ex", "inter", "intra", "mega",
    "micro", "mid", "mini", "multi", "neo", "non", "out", "over", "post", "pre", "pro", "re",
    "self", "semi", "sub", "super", "tri", "ultra", "un", "under", "vice", "well",
];

/// The byte offset of the hyphen that joins a capitalised word to one of the
/// [`crate::lexicon::PLACE_PARTICIPLES`] ("Kong-based"), unless the first part is a prefix ("Self-made").
fn name_hyphen(word: &str) -> Option<usize> {
    let i = word.rfind('-')?;
    let (left, right) = (&word[..i], &word[i + 1..]);
    let last = left.rsplit('-').next().unwrap_or(left);
    let capitalised = last.starts_with(char::is_uppercase)
        && last.chars().count() >= 2
        && last.chars().all(char::is_alphabetic);
    let prefix =
        !left.contains('-') && HYPHEN_PREFIXES.iter().any(|p| left.eq_ignore_ascii_case(p));
    (capitalised && place_participle(right).is_some() && !prefix).then_some(i)
}

/// Groups tokens into sentences.
fn split_sentences(text: &str, raw: &[Raw]) -> (Vec<Token>, Vec<Sentence>) {
    let mut tokens = Vec::with_capacity(raw.len());
    let mut sentences = Vec::new();
    let mut start = 0;
    for i in 0..raw.len() {
        let next = raw.get(i + 1);
        let ends = match next {
            None => true,
            Some(n) if n.break_before => true,
            Some(n) => ends_sentence(text, raw, i, text[n.span.range()].trim()),
        };
        if ends {
            let first = tokens.len();
            tokens.extend(raw[start..=i].iter().map(|r| Token::new(r.span)));
            sentences.push(Sentence {
                span: Span::new(raw[start].span.start, raw[i].span.end),
                tokens: first..tokens.len(),
            });
            start = i + 1;
        }
    }
    (tokens, sentences)
}

/// Whether the sentence ends after token `i`, given the next token's text.
fn ends_sentence(text: &str, raw: &[Raw], i: usize, next: &str) -> bool {
    let word = &text[raw[i].span.range()];
    let next_first = next.chars().next().unwrap_or(' ');
    let next_opens = next_first.is_uppercase()
        || next_first.is_ascii_digit()
        || OPENERS.contains(&next_first)
        || is_apostrophe(next_first);
    // Closing quotes and brackets belong to the sentence they close. A straight quote is
    // one only when it touches the stop before it: after a space it opens the next
    // sentence ('said Mr Smith. "We ...'), which has then begun already.
    let touches_previous = i > 0 && raw[i - 1].span.end == raw[i].span.start;
    if matches!(word, "\"" | "”" | "’" | "'" | ")" | "]") && touches_previous {
        let prev = &text[raw[i - 1].span.range()];
        return matches!(prev, "." | "!" | "?" | "…")
            && next_opens
            && !matches!(next, "\"" | "”" | "’" | ")");
    }
    if matches!(word, "." | "!" | "?" | "…" | "?!" | "!!")
        || word.chars().all(|c| c == '.') && word.len() > 1
    {
        let next_touches = raw
            .get(i + 1)
            .is_some_and(|n| n.span.start == raw[i].span.end);
        let closer_follows = matches!(next, "\"" | "”" | "’" | "'" | ")" | "]")
            && (next_touches || !matches!(next, "\"" | "'"));
        return !closer_follows && (next_opens || next_first.is_lowercase() && word != "...");
    }
    if let Some(abbr) = word.strip_suffix('.') {
        let precedes_name = ABBREVIATIONS
            .get(abbr)
            .copied()
            .unwrap_or(abbr.chars().count() == 1);
        return !precedes_name && SENTENCE_STARTERS.contains(next);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Vec<&str>> {
        let mut doc = Document::new("t", text);
        Segmenter.segment(&mut doc);
        doc.sentences
            .iter()
            .map(|s| {
                doc.tokens[s.tokens.clone()]
                    .iter()
                    .map(|t| &text[t.span.range()])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn tokens_and_sentences() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&[&str]])] = &[
            ("U.S. Attorney General Jeff Sessions.", &[&["U.S.", "Attorney", "General", "Jeff", "Sessions", "."]]),
            ("Trump's tweets are 'official statements': Spicer", &[&["Trump", "'s", "tweets", "are", "'", "official", "statements", "'", ":", "Spicer"]]),
            ("Sessions' own team.", &[&["Sessions", "'", "own", "team", "."]]),
            ("He doesn't know. She can't.", &[&["He", "does", "n't", "know", "."], &["She", "ca", "n't", "."]]),
            ("\"I have not\", Spicer told reporters.", &[&["\"", "I", "have", "not", "\"", ",", "Spicer", "told", "reporters", "."]]),
            ("Profits jumped 76% to $1.13bn (£600m).", &[&["Profits", "jumped", "76", "%", "to", "$", "1.13bn", "(", "£", "600m", ")", "."]]),
            ("Mr. Smith met Gen. Jones on Jan. 5.", &[&["Mr.", "Smith", "met", "Gen.", "Jones", "on", "Jan.", "5", "."]]),
            ("It was sold to Acme Inc. The deal closed.", &[&["It", "was", "sold", "to", "Acme", "Inc."], &["The", "deal", "closed", "."]]),
            ("He said: \"Go.\" Then he left.", &[&["He", "said", ":", "\"", "Go", ".", "\""], &["Then", "he", "left", "."]]),
            // A straight quote after a space opens the next sentence.
            ("\"Yes,\" said Ann Lee. \"We won.\"", &[&["\"", "Yes", ",", "\"", "said", "Ann", "Lee", "."], &["\"", "We", "won", ".", "\""]]),
            ("Headline without stop\nThe body starts here.", &[&["Headline", "without", "stop"], &["The", "body", "starts", "here", "."]]),
            ("140-character cannonades - under pressure", &[&["140-character", "cannonades", "-", "under", "pressure"]]),
            // A name joined to a place or owner participle is split; prefixes, names and
            // other hyphenated words stay whole.
            ("Hong Kong-based Hutchison, a US-led force", &[&["Hong", "Kong", "-", "based", "Hutchison", ",", "a", "US", "-", "led", "force"]]),
            ("Re-elected co-founder Spider-Man of Coca-Cola in mid-July", &[&["Re-elected", "co-founder", "Spider-Man", "of", "Coca-Cola", "in", "mid-July"]]),
            ("Self-made Al-Qaeda X-ray Oscar-winning Chung Mong-koo", &[&["Self-made", "Al-Qaeda", "X-ray", "Oscar-winning", "Chung", "Mong-koo"]]),
            ("J. K. Rowling wrote it.", &[&["J.", "K.", "Rowling", "wrote", "it", "."]]),
            ("Trump’s aide", &[&["Trump", "’s", "aide"]]),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(tokens(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn spans_are_inside_text_and_sorted() {
        let text = crate::SAMPLE_ARTICLE;
        let mut doc = Document::new("sample", text);
        Segmenter.segment(&mut doc);
        let mut last = 0;
        for t in &doc.tokens {
            assert!(t.span.start >= last && t.span.end <= text.len() && !t.span.is_empty());
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            last = t.span.end;
        }
    }
}
