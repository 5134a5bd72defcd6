//! CoNLL-2003 and UNER IOB2 entity columns: reading labelled sentences and writing
//! predicted tags.
//!
//! Two layouts are read, detected line by line:
//! - CoNLL-2003: `word POS chunk tag` separated by spaces, `-DOCSTART-` lines between
//!   documents;
//! - UNER IOB2: `id TAB word TAB tag ...`, `#` comment lines (`# newdoc` starts a document).
//!
//! Entity tags are IOB2 (`B-PER`, `I-ORG`, `O`); IOB1 input (`I-` after `O`) is kept as
//! written and read by the evaluator as conlleval does. UNER's `OTH` and other unknown types
//! become `O`. This module does not tag or score anything; see [`crate::ner::model`] and
//! [`crate::eval::ner`].

use crate::error::{Error, Result};
use crate::ner::label::Label;
use std::fmt::Write as _;

/// One sentence with its gold tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Words as tokenised in the file.
    pub words: Vec<String>,
    /// One tag a word.
    pub labels: Vec<Label>,
}

/// A document: the sentences between two document separators.
pub type Document = Vec<Sentence>;

/// How one non-blank line of a column file reads.
enum Line<'a> {
    /// `-DOCSTART-` or `# newdoc`.
    DocStart,
    /// Another comment line.
    Comment,
    /// A token: its word and its tag column, if any.
    Token(&'a str, Option<&'a str>),
}

fn classify(line: &str) -> Line<'_> {
    if line.starts_with("-DOCSTART-") {
        return Line::DocStart;
    }
    if line.contains('\t') {
        if line.starts_with('#') {
            return Line::Comment;
        }
        let mut cols = line.split('\t');
        let first = cols.next().unwrap_or("");
        if first
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            && !first.is_empty()
        {
            return Line::Token(cols.next().unwrap_or(""), cols.next());
        }
        return Line::Token(first, cols.next_back());
    }
    if line.starts_with("# newdoc") {
        return Line::DocStart;
    }
    if line == "#" || (line.starts_with("# ") && line.contains(" = ")) {
        return Line::Comment;
    }
    let mut cols = line.split(' ').filter(|c| !c.is_empty());
    let word = cols.next().unwrap_or("");
    let tag = cols.next_back();
    Line::Token(word, tag)
}

/// Reads labelled documents from CoNLL-2003 or UNER IOB2 text.
///
/// `source_name` only names the input in error messages.
///
/// # Errors
/// [`Error::Input`] for a token line without a tag column.
pub fn read(text: &str, source_name: &str) -> Result<Vec<Document>> {
    let mut docs: Vec<Document> = vec![Vec::new()];
    let mut sentence = Sentence::default();
    let flush = |docs: &mut Vec<Document>, s: &mut Sentence| {
        if !s.words.is_empty() {
            if let Some(d) = docs.last_mut() {
                d.push(std::mem::take(s));
            }
        }
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut docs, &mut sentence);
            continue;
        }
        match classify(line) {
            Line::DocStart => {
                flush(&mut docs, &mut sentence);
                if docs.last().is_some_and(|d| !d.is_empty()) {
                    docs.push(Vec::new());
                }
            }
            Line::Comment => {}
            Line::Token(word, tag) => {
                let Some(tag) = tag else {
                    return Err(Error::Input {
                        source_name: source_name.into(),
                        line: n + 1,
                        message: "token line without a tag column".into(),
                    });
                };
                sentence.words.push(word.to_string());
                sentence.labels.push(Label::parse(tag));
            }
        }
    }
    flush(&mut docs, &mut sentence);
    docs.retain(|d| !d.is_empty());
    Ok(docs)
}

/// Tags column text: every token line gets the tag `tag_document` gives its word appended
/// as a new last column (tab-separated when the line uses tabs, else one space); separator,
/// comment and blank lines are copied verbatim.
///
/// `tag_document` receives the words of one document (the lines between two separators),
/// sentence by sentence, and must return one label per word.
pub fn append_tags(
    text: &str,
    mut tag_document: impl FnMut(&[Vec<&str>]) -> Vec<Vec<Label>>,
) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut start = 0;
    while start < lines.len() {
        // One document: up to the next separator line (exclusive).
        let mut end = start + 1;
        while end < lines.len() && !matches!(classify(lines[end]), Line::DocStart) {
            end += 1;
        }
        let mut sentences: Vec<Vec<&str>> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for line in &lines[start..end] {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                if !current.is_empty() {
                    sentences.push(std::mem::take(&mut current));
                }
                continue;
            }
            if let Line::Token(word, _) = classify(line) {
                current.push(word);
            }
        }
        if !current.is_empty() {
            sentences.push(current);
        }
        let labels = tag_document(&sentences);
        let mut tags = labels.iter().flatten();
        for line in &lines[start..end] {
            let line = line.trim_end_matches('\r');
            out.push_str(line);
            if !line.trim().is_empty() {
                if let Line::Token(..) = classify(line) {
                    let tag = tags.next().copied().unwrap_or_default();
                    let sep = if line.contains('\t') { '\t' } else { ' ' };
                    let _ = write!(out, "{sep}{tag}");
                }
            }
            out.push('\n');
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::label::{Bio, EntityType};

    const CONLL: &str = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nBRUSSELS NNP B-NP B-LOC\n";
    const UNER: &str = "# newdoc id = a\n# sent_id = a-1\n# text = Al-Zaman : forces\n1\tAl\tB-ORG\t-\tx\n2\t-\tI-ORG\t-\tx\n3\tZaman\tI-ORG\t-\tx\n4\t:\tO\n5\tforces\tB-OTH\n\n# newdoc id = b\n1\tKay\tB-PER\n";

    fn words_and_tags(docs: &[Document]) -> Vec<Vec<String>> {
        docs.iter()
            .map(|d| {
                d.iter()
                    .flat_map(|s| s.words.iter().zip(&s.labels))
                    .map(|(w, l)| format!("{w}/{l}"))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn reads_both_layouts() {
        let cases: &[(&str, &[&[&str]], usize)] = &[
            (
                CONLL,
                &[
                    &[
                        "EU/B-ORG",
                        "rejects/O",
                        "German/B-MISC",
                        "Peter/B-PER",
                        "Blackburn/I-PER",
                    ],
                    &["BRUSSELS/B-LOC"],
                ],
                2,
            ),
            (
                UNER,
                &[
                    &["Al/B-ORG", "-/I-ORG", "Zaman/I-ORG", ":/O", "forces/O"],
                    &["Kay/B-PER"],
                ],
                1,
            ),
        ];
        for &(text, expected, first_doc_sentences) in cases {
            let docs = read(text, "t").unwrap();
            assert_eq!(words_and_tags(&docs), expected, "{text}");
            assert_eq!(docs[0].len(), first_doc_sentences);
        }
    }

    #[test]
    fn append_tags_keeps_lines_and_adds_a_column() {
        let out = append_tags(CONLL, |doc| {
            doc.iter()
                .map(|s| {
                    s.iter()
                        .map(|_| Label::Entity(Bio::B, EntityType::Loc))
                        .collect()
                })
                .collect()
        });
        let expected = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG B-LOC\nrejects VBZ B-VP O B-LOC\nGerman JJ B-NP B-MISC B-LOC\n\nPeter NNP B-NP B-PER B-LOC\nBlackburn NNP I-NP I-PER B-LOC\n\n-DOCSTART- -X- -X- O\n\nBRUSSELS NNP B-NP B-LOC B-LOC\n";
        assert_eq!(out, expected);
        let out = append_tags("a\nb\n\nc\n", |doc| {
            assert_eq!(doc, [vec!["a", "b"], vec!["c"]]);
            vec![vec![Label::O; 2], vec![Label::O]]
        });
        assert_eq!(out, "a O\nb O\n\nc O\n");
    }
}
