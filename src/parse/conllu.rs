//! Just enough CoNLL-U for the parser: reading treebank sentences (words, tags, heads,
//! relations) and rewriting the tag and tree columns of a file in place.
//!
//! Multiword-token lines (`3-4`) and empty nodes (`8.1`) are skipped on reading and copied
//! unchanged on rewriting; comments are kept. This does not check the file against the UD
//! validator's rules.

use super::Parser;
use crate::document::Dep;
use crate::error::{Error, Result};
use crate::tag::{Upos, Xpos};
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// One treebank sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Word forms.
    pub words: Vec<String>,
    /// Gold tags (`Xpos::X` / `Upos::X` when the file has none).
    pub tags: Vec<(Xpos, Upos)>,
    /// Heads, 1-based; 0 is the root.
    pub heads: Vec<u32>,
    /// Relations.
    pub labels: Vec<String>,
}

fn input_error(source_name: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Input {
        source_name: source_name.into(),
        line,
        message: message.into(),
    }
}

fn io_error(source_name: &str, e: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from(source_name),
        source: e,
    }
}

/// Is this token id a plain word (not `3-4` or `8.1`)?
fn is_word_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}

/// Reads every sentence of a CoNLL-U file.
///
/// # Errors
/// [`Error::Io`] when reading fails, [`Error::Input`] for a word line with fewer than 8
/// columns or a head that is not a number within the sentence.
pub fn read(r: impl BufRead, source_name: &str) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (i, line) in r.lines().enumerate() {
        let line = line.map_err(|e| io_error(source_name, e))?;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if !is_word_id(cols[0]) {
            continue;
        }
        if cols.len() < 8 {
            return Err(input_error(source_name, i + 1, "fewer than 8 columns"));
        }
        let head: u32 = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse()
                .map_err(|_| input_error(source_name, i + 1, "HEAD is not a number"))?
        };
        cur.words.push(cols[1].to_owned());
        cur.tags.push((
            Xpos::parse(cols[4]).unwrap_or(Xpos::X),
            Upos::parse(cols[3]).unwrap_or(Upos::X),
        ));
        cur.heads.push(head);
        cur.labels.push(cols[7].to_owned());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for (k, s) in out.iter().enumerate() {
        if s.heads.iter().any(|&h| h as usize > s.words.len()) {
            return Err(input_error(
                source_name,
                0,
                format!("sentence {}: HEAD beyond the sentence", k + 1),
            ));
        }
    }
    Ok(out)
}

/// Rewrites a CoNLL-U file: UPOS and XPOS from `tagger` (when given), HEAD and DEPREL
/// from `parser` (when given, with the new tags or else the file's own); every other byte
/// is copied.
///
/// # Errors
/// [`Error::Io`] when reading or writing fails, [`Error::Input`] for a word line with fewer
/// than 8 columns.
pub fn annotate(
    r: impl BufRead,
    mut w: impl Write,
    source_name: &str,
    mut tagger: Option<&mut dyn FnMut(&[&str], &mut Vec<(Xpos, Upos)>)>,
    parser: Option<&Parser>,
) -> Result<()> {
    let mut block: Vec<String> = Vec::new();
    let mut first_line = 1usize;
    let mut tags = Vec::new();
    let mut deps: Vec<Dep> = Vec::new();
    let mut lines = r.lines();
    let mut line_no = 0usize;
    loop {
        let line = lines.next().transpose().map_err(|e| io_error(source_name, e))?;
        if let Some(l) = &line {
            line_no += 1;
            if !l.trim_end_matches('\r').is_empty() {
                if block.is_empty() {
                    first_line = line_no;
                }
                block.push(l.clone());
                continue;
            }
        }
        if !block.is_empty() {
            let mut rows: Vec<Vec<&str>> = block.iter().map(|l| l.split('\t').collect()).collect();
            let word_rows: Vec<usize> = (0..rows.len())
                .filter(|&i| !rows[i][0].starts_with('#') && is_word_id(rows[i][0]))
                .collect();
            for &i in &word_rows {
                if rows[i].len() < 8 {
                    return Err(input_error(source_name, first_line + i, "fewer than 8 columns"));
                }
            }
            let words: Vec<&str> = word_rows.iter().map(|&i| rows[i][1]).collect();
            if let Some(t) = tagger.as_mut() {
                tags.clear();
                t(&words, &mut tags);
            } else {
                tags = word_rows
                    .iter()
                    .map(|&i| {
                        (
                            Xpos::parse(rows[i][4]).unwrap_or(Xpos::X),
                            Upos::parse(rows[i][3]).unwrap_or(Upos::X),
                        )
                    })
                    .collect();
            }
            if let Some(p) = parser {
                p.parse_sentence(&words, &tags, &mut deps);
            }
            let heads: Vec<String> = deps
                .iter()
                .map(|d| d.head.map_or(0, |h| h + 1).to_string())
                .collect();
            for (k, &i) in word_rows.iter().enumerate() {
                if let (true, Some(&(x, u))) = (tagger.is_some(), tags.get(k)) {
                    rows[i][3] = u.as_str();
                    rows[i][4] = x.as_str();
                }
                if let (true, Some(d), Some(h)) = (parser.is_some(), deps.get(k), heads.get(k)) {
                    rows[i][6] = h;
                    rows[i][7] = d.label;
                }
            }
            for row in &rows {
                writeln!(w, "{}", row.join("\t")).map_err(|e| io_error("<output>", e))?;
            }
            block.clear();
        }
        match line {
            Some(_) => writeln!(w).map_err(|e| io_error("<output>", e))?,
            None => break,
        }
    }
    w.flush().map_err(|e| io_error("<output>", e))
}

/// Reads every sentence of a CoNLL-U file on disk.
///
/// # Errors
/// As [`read`], naming the file.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Sentence>> {
    let f = std::fs::File::open(path).map_err(|e| Error::Io {
        path: path.to_owned(),
        source: e,
    })?;
    read(std::io::BufReader::new(f), &path.display().to_string())
}
