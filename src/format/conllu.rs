//! CoNLL-U: reading sentences with all ten columns, and writing them back byte for byte.
//!
//! A [`Sentence`] keeps its comment lines, multiword-token lines (`3-4`) and empty nodes
//! (`8.1`) in input order, so a tool can change a few columns of the word lines and write
//! everything else back unchanged. Column values are kept as text; this module does not
//! check tags or trees (the tagger and parser decide what they accept).

use crate::error::{Error, Result};
use std::io::{self, BufRead, Write};

/// The kind of a token line, from its ID column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowId {
    /// A syntactic word, numbered from 1.
    Word(u32),
    /// A multiword token covering words `first..=last`.
    Range(u32, u32),
    /// An empty node `word.n` of an enhanced graph.
    Empty(u32, u32),
}

/// One token line: its parsed ID and its ten columns as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The parsed ID (column 1).
    pub id: RowId,
    /// `ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC`.
    pub cols: [String; 10],
}

/// Column indices, for readability at call sites.
pub mod col {
    /// Word form.
    pub const FORM: usize = 1;
    /// Lemma.
    pub const LEMMA: usize = 2;
    /// Universal tag.
    pub const UPOS: usize = 3;
    /// Language-specific tag (PTB for English).
    pub const XPOS: usize = 4;
    /// Morphological features.
    pub const FEATS: usize = 5;
    /// Head word ID, `0` for the root.
    pub const HEAD: usize = 6;
    /// Dependency relation.
    pub const DEPREL: usize = 7;
}

impl Row {
    /// The word form.
    pub fn form(&self) -> &str {
        &self.cols[col::FORM]
    }
    /// True for a syntactic word line (not a multiword token or empty node).
    pub fn is_word(&self) -> bool {
        matches!(self.id, RowId::Word(_))
    }
}

/// One line of a sentence block.
// Rows are the common case and comments rare: boxing rows would cost an allocation per word
// to save space on the few comment lines.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A `#` comment, without its line ending.
    Comment(String),
    /// A token line.
    Row(Row),
}

/// One sentence block: its lines in input order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comments and token lines.
    pub lines: Vec<Line>,
}

impl Sentence {
    /// The syntactic word lines, in order (multiword tokens and empty nodes left out).
    pub fn words(&self) -> impl Iterator<Item = &Row> {
        self.lines.iter().filter_map(|l| match l {
            Line::Row(r) if r.is_word() => Some(r),
            _ => None,
        })
    }
    /// The syntactic word lines, mutably.
    pub fn words_mut(&mut self) -> impl Iterator<Item = &mut Row> {
        self.lines.iter_mut().filter_map(|l| match l {
            Line::Row(r) if r.is_word() => Some(r),
            _ => None,
        })
    }
    /// Writes the block and its closing blank line.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn write(&self, mut w: impl Write) -> io::Result<()> {
        for line in &self.lines {
            match line {
                Line::Comment(c) => writeln!(w, "{c}")?,
                Line::Row(r) => {
                    for (i, c) in r.cols.iter().enumerate() {
                        if i > 0 {
                            w.write_all(b"\t")?;
                        }
                        w.write_all(c.as_bytes())?;
                    }
                    w.write_all(b"\n")?;
                }
            }
        }
        w.write_all(b"\n")
    }
}

fn parse_id(s: &str) -> Option<RowId> {
    let num = |t: &str| t.parse::<u32>().ok();
    if let Some((a, b)) = s.split_once('-') {
        Some(RowId::Range(num(a)?, num(b)?))
    } else if let Some((a, b)) = s.split_once('.') {
        Some(RowId::Empty(num(a)?, num(b)?))
    } else {
        num(s).filter(|&n| n > 0).map(RowId::Word)
    }
}

fn parse_row(line: &str) -> std::result::Result<Row, String> {
    let mut cols: [String; 10] = Default::default();
    let mut n = 0;
    for field in line.split('\t') {
        if n == 10 {
            return Err("more than 10 tab-separated columns".into());
        }
        cols[n] = field.to_owned();
        n += 1;
    }
    if n != 10 {
        return Err(format!("{n} tab-separated columns, expected 10"));
    }
    let id = parse_id(&cols[0]).ok_or_else(|| format!("bad ID {:?}", cols[0]))?;
    Ok(Row { id, cols })
}

/// Reads CoNLL-U sentence blocks one at a time.
///
/// A malformed line yields an [`Error::Input`] naming the line; reading goes on with the next
/// line, so a caller may report and continue.
#[derive(Debug)]
pub struct Reader<R> {
    r: R,
    source_name: String,
    line_no: usize,
    buf: String,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    /// A reader over `r`; `source_name` (a path or `<stdin>`) is used in error messages.
    pub fn new(r: R, source_name: impl Into<String>) -> Self {
        Reader {
            r,
            source_name: source_name.into(),
            line_no: 0,
            buf: String::new(),
            done: false,
        }
    }

    fn input_error(&self, message: String) -> Error {
        Error::Input {
            source_name: self.source_name.clone(),
            line: self.line_no,
            message,
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Sentence>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut sentence = Sentence::default();
        while !self.done {
            self.buf.clear();
            match self.r.read_line(&mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line_no += 1;
                    let line = self.buf.trim_end_matches(['\n', '\r']);
                    if line.is_empty() {
                        if !sentence.lines.is_empty() {
                            return Some(Ok(sentence));
                        }
                    } else if line.starts_with('#') {
                        sentence.lines.push(Line::Comment(line.to_owned()));
                    } else {
                        match parse_row(line) {
                            Ok(row) => sentence.lines.push(Line::Row(row)),
                            Err(m) => return Some(Err(self.input_error(m))),
                        }
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.input_error(e.to_string())));
                }
            }
        }
        (!sentence.lines.is_empty()).then_some(Ok(sentence))
    }
}

/// Reads every sentence of a CoNLL-U file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be opened or read, [`Error::Input`] for the first
/// malformed line.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Sentence>> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    read_all(io::BufReader::new(file), &path.display().to_string())
}

/// Reads every sentence of a CoNLL-U text, stopping at the first malformed line.
///
/// # Errors
/// [`Error::Input`] for the first malformed line.
pub fn read_all(r: impl BufRead, source_name: &str) -> Result<Vec<Sentence>> {
    Reader::new(r, source_name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = 1\n# text = Sessions didn't resign.\n\
1\tSessions\tSessions\tPROPN\tNNP\t_\t3\tnsubj\t3:nsubj\t_\n\
2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t4:aux\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n\
3.1\tresign\tresign\tVERB\tVB\t_\t_\t_\t0:root\t_\n\
4\tresign\tresign\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\n";

    #[test]
    fn ids_parse() {
        let cases = [
            ("1", Some(RowId::Word(1))),
            ("12", Some(RowId::Word(12))),
            ("2-3", Some(RowId::Range(2, 3))),
            ("8.1", Some(RowId::Empty(8, 1))),
            ("0", None),
            ("x", None),
            ("", None),
            ("1-", None),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_id(input), expected, "{input:?}");
        }
    }

    #[test]
    fn round_trips_byte_for_byte() {
        let two = format!("{SAMPLE}{SAMPLE}");
        let sentences = read_all(two.as_bytes(), "sample").unwrap();
        assert_eq!(sentences.len(), 2);
        let mut out = Vec::new();
        for s in &sentences {
            s.write(&mut out).unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), two);
    }

    #[test]
    fn words_skip_ranges_and_empty_nodes() {
        let s = &read_all(SAMPLE.as_bytes(), "sample").unwrap()[0];
        let forms: Vec<&str> = s.words().map(Row::form).collect();
        assert_eq!(forms, ["Sessions", "did", "n't", "resign", "."]);
    }

    #[test]
    fn malformed_lines_are_errors_with_line_numbers() {
        let cases = [
            ("1\tonly\tthree\n", 1),
            ("# c\n1\ta\tb\tc\td\te\tf\tg\th\ti\tj\n", 2),
            (
                "1\ta\tb\tc\td\te\tf\tg\th\ti\n\nx\ta\tb\tc\td\te\tf\tg\th\ti\n",
                3,
            ),
        ];
        for (input, line) in cases {
            let err = read_all(input.as_bytes(), "t").unwrap_err();
            assert!(
                matches!(err, Error::Input { line: l, .. } if l == line),
                "{input:?}: {err}"
            );
        }
    }

    #[test]
    fn missing_final_blank_line_still_ends_the_sentence() {
        let text = SAMPLE.trim_end();
        let s = read_all(text.as_bytes(), "t").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words().count(), 5);
    }
}
