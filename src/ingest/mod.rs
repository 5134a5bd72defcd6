//! Sources of documents, and cleaning away what is not the article.
//!
//! [`source`] reads files, folders, JSON Lines and standard input. [`Cleaner`] narrows a
//! document's `body` to the article: lines of site furniture ("More news: ...",
//! "Read more", "Related: ...", share and subscribe prompts) are left out, and a trailing
//! byline bullet ("• Name") becomes the document's author. The text itself is never changed,
//! so every later offset still points into the input as read.

pub mod source;

use crate::document::{Document, Span};
use crate::lexicon::lines;
use regex::RegexSet;
use std::sync::LazyLock;

static BOILERPLATE: LazyLock<RegexSet> = LazyLock::new(|| {
    let patterns: Vec<String> = lines(include_str!("../../data/lexicon/boilerplate.txt"))
        .map(|p| format!("(?i){p}"))
        .collect();
    RegexSet::new(patterns).expect("boilerplate patterns are valid regexes")
});

/// Bullets that introduce a byline at the end of an article.
const BYLINE_BULLETS: &[char] = &['•', '·', '●', '▪', '■', '—', '–', '-'];

/// Drops site boilerplate from a document's body.
#[derive(Debug, Default)]
pub struct Cleaner;

impl Cleaner {
    /// Narrows `doc.body` to the article and records a byline as `doc.author`.
    pub fn clean(&self, doc: &mut Document) {
        let text = &doc.text;
        let mut lines: Vec<Span> = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            lines.push(Span::new(start, start + line.len()));
            start += line.len();
        }
        let last_content = lines
            .iter()
            .rposition(|l| !text[l.range()].trim().is_empty());
        let mut body: Vec<Span> = Vec::new();
        doc.author = None;
        for (i, &line) in lines.iter().enumerate() {
            let trimmed = text[line.range()].trim();
            if trimmed.is_empty() {
                // Blank lines stay in the body so paragraph breaks are still seen.
                extend(&mut body, line);
                continue;
            }
            if Some(i) == last_content {
                if let Some(name) = byline(trimmed) {
                    let offset = line.start + text[line.range()].find(name).unwrap_or(0);
                    doc.author = Some(Span::new(offset, offset + name.len()));
                    continue;
                }
            }
            if BOILERPLATE.is_match(trimmed) {
                body.push(Span::new(line.end, line.end));
                continue;
            }
            extend(&mut body, line);
        }
        body.retain(|s| !text[s.range()].trim().is_empty());
        doc.body = body;
    }
}

/// Appends a line to the last body part when they touch, else starts a new part.
fn extend(body: &mut Vec<Span>, line: Span) {
    match body.last_mut() {
        Some(last) if last.end == line.start => last.end = line.end,
        _ => body.push(line),
    }
}

/// The name in a byline line such as "• Alfonso Moody" or "By Jane Doe": two to four
/// capitalised words and nothing else.
fn byline(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix(BYLINE_BULLETS)
        .map(str::trim_start)
        .or_else(|| line.strip_prefix("By ").map(str::trim_start))?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let name_like = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || "-'.".contains(c))
        });
    name_like.then_some(rest.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> (String, Option<String>) {
        let mut doc = Document::new("t", text);
        Cleaner.clean(&mut doc);
        let body: Vec<&str> = doc.body.iter().map(|s| text[s.range()].trim()).collect();
        (
            body.join(" | "),
            doc.author.map(|a| text[a.range()].to_string()),
        )
    }

    #[test]
    fn boilerplate_is_dropped() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("A.\n\nMore news: Team wins cup\n\nB.", "A. | B.", None),
            ("A.\nRead more: elsewhere\nB.", "A. | B.", None),
            ("A.\nRelated: other story\n", "A.", None),
            ("A.\nShare this article\nSubscribe to our newsletter\nB.", "A. | B.", None),
            ("A.\n\n  • Jane Doe", "A.", Some("Jane Doe")),
            ("A.\n\nBy Jane Doe", "A.", Some("Jane Doe")),
            ("The news is read more widely today.", "The news is read more widely today.", None),
            ("• First point of a list that is long.\nLast.", "• First point of a list that is long.\nLast.", None),
        ];
        for (text, body, author) in cases {
            let (b, a) = kept(text);
            assert_eq!((b.as_str(), a.as_deref()), (*body, *author), "{text:?}");
        }
    }
}
