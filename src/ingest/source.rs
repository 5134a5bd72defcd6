//! Reading documents from files, folders, JSON Lines and standard input.
//!
//! Bad input never stops a run: each unreadable file, invalid line or empty document
//! becomes an [`Error::Input`] or [`Error::Io`] in the stream, and reading goes on.
//! Invalid UTF-8 is replaced (U+FFFD) and reported, so no text is lost silently.

use crate::document::{Document, Meta};
use crate::error::{Error, Result};
use serde::Deserialize;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A `.txt` file (one article) or a `.jsonl` file (one article a line).
    File(PathBuf),
    /// Standard input: JSON Lines when its first non-blank character is `{`, else one article.
    Stdin,
    /// Text given in memory (the bundled sample), with its document id.
    Text { id: String, text: String },
}

/// One JSON Lines record.
#[derive(Debug, Deserialize)]
struct Record {
    text: String,
    #[serde(default, deserialize_with = "string_or_number")]
    id: Option<String>,
    title: Option<String>,
    url: Option<String>,
    date: Option<String>,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    })
}

/// Expands paths into inputs: folders are searched recursively for `*.txt` and `*.jsonl`
/// (sorted, so runs are repeatable); `-` is standard input. Paths that do not exist are
/// returned as errors in place.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<Input>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
        } else if p.is_dir() {
            let mut files = Vec::new();
            if let Err(e) = walk(p, &mut files) {
                out.push(Err(e));
            }
            files.sort();
            out.extend(files.into_iter().map(|f| Ok(Input::File(f))));
        } else if p.exists() {
            out.push(Ok(Input::File(p.clone())));
        } else {
            out.push(Err(Error::Io {
                path: p.clone(),
                source: io::Error::new(io::ErrorKind::NotFound, "no such file or folder"),
            }));
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let io_err = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io_err)? {
        let path = entry.map_err(io_err)?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "jsonl")
        ) {
            files.push(path);
        }
    }
    Ok(())
}

/// Total size in bytes of the file inputs, for a progress bar.
pub fn total_bytes(inputs: &[Input]) -> u64 {
    inputs
        .iter()
        .map(|i| match i {
            Input::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            Input::Stdin => 0,
            Input::Text { text, .. } => text.len() as u64,
        })
        .sum()
}

/// A document as read, with the bytes it took (for progress) and any warning about it.
#[derive(Debug)]
pub struct Loaded {
    /// The document, not yet processed.
    pub document: Document,
    /// Input bytes it came from.
    pub bytes: u64,
    /// A problem that did not stop it from being read (invalid UTF-8, replaced).
    pub warning: Option<Error>,
}

impl Loaded {
    fn new(document: Document, bytes: u64) -> Self {
        Loaded {
            document,
            bytes,
            warning: None,
        }
    }
}

/// What reading yields: a document or an error about a piece of input that was skipped.
pub type Item = Result<Loaded>;

/// Reads an input as a stream of documents. JSON Lines are streamed line by line, so
/// corpora of any size are read in constant memory.
pub fn read(input: &Input) -> Box<dyn Iterator<Item = Item> + Send> {
    match input {
        Input::Text { id, text } => Box::new(std::iter::once(Ok(Loaded::new(
            Document::new(id.clone(), text.clone()),
            text.len() as u64,
        )))),
        Input::Stdin => {
            let mut reader = BufReader::new(io::stdin());
            let looks_like_jsonl = match reader.fill_buf() {
                Ok(buf) => buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'),
                Err(_) => false,
            };
            if looks_like_jsonl {
                Box::new(JsonLines::new("<stdin>".into(), Box::new(reader)))
            } else {
                Box::new(read_text("<stdin>", reader).into_iter())
            }
        }
        Input::File(path) => {
            let name = path.display().to_string();
            let file = match File::open(path) {
                Ok(f) => f,
                Err(source) => {
                    return Box::new(std::iter::once(Err(Error::Io {
                        path: path.clone(),
                        source,
                    })));
                }
            };
            if path.extension().is_some_and(|e| e == "jsonl") {
                Box::new(JsonLines::new(name, Box::new(BufReader::new(file))))
            } else {
                Box::new(read_text(&name, file).into_iter())
            }
        }
    }
}

/// Decodes bytes as UTF-8, replacing invalid sequences; reports the line of the first one.
fn decode(source_name: &str, line_offset: usize, bytes: Vec<u8>) -> (String, Option<Error>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = line_offset + bytes[..valid].iter().filter(|&&b| b == b'\n').count();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let warning = Error::Input {
                source_name: source_name.to_string(),
                line,
                message: "invalid UTF-8, replaced with U+FFFD".into(),
            };
            (text, Some(warning))
        }
    }
}

/// Plain-text documents larger than this are split into parts at paragraph breaks.
pub const MAX_DOCUMENT_BYTES: usize = 4 << 20;
/// The size parts of a split document aim for.
const PART_BYTES: usize = 1 << 20;

fn read_text(name: &str, mut reader: impl Read) -> Vec<Item> {
    let mut bytes = Vec::new();
    if let Err(source) = reader.read_to_end(&mut bytes) {
        return vec![Err(Error::Io {
            path: name.into(),
            source,
        })];
    }
    let n = bytes.len() as u64;
    let (text, warning) = decode(name, 1, bytes);
    if text.trim().is_empty() {
        return vec![Err(Error::Input {
            source_name: name.into(),
            line: 1,
            message: "empty, nothing to read".into(),
        })];
    }
    if text.len() <= MAX_DOCUMENT_BYTES {
        return vec![Ok(Loaded {
            document: Document::new(name, text),
            bytes: n,
            warning,
        })];
    }
    // A huge file is not one article: read it in parts so memory and time stay linear.
    let parts = split_parts(&text);
    let mut out: Vec<Item> = Vec::with_capacity(parts.len() + 1);
    out.push(Err(Error::Input {
        source_name: name.into(),
        line: 1,
        message: format!(
            "{} MB is not one article; read as {} parts (ids {name}#1 ...)",
            text.len() >> 20,
            parts.len()
        ),
    }));
    // The decoding warning already names its line in the whole file; it goes with part 1.
    let mut warning = warning;
    for (k, part) in parts.iter().enumerate() {
        out.push(Ok(Loaded {
            document: Document::new(format!("{name}#{}", k + 1), *part),
            bytes: part.len() as u64,
            warning: warning.take(),
        }));
    }
    out
}

/// Cuts text into parts of about [`PART_BYTES`], at blank lines where there are any, else at
/// line breaks, else at a char boundary.
fn split_parts(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while rest.len() > PART_BYTES {
        let mut cut = PART_BYTES;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &rest[..cut];
        let at = window
            .rfind("\n\n")
            .or_else(|| window.rfind('\n'))
            .map(|i| i + 1)
            .filter(|&i| i > PART_BYTES / 2)
            .unwrap_or(cut);
        parts.push(&rest[..at]);
        rest = &rest[at..];
    }
    if !rest.trim().is_empty() {
        parts.push(rest);
    }
    parts
}

/// Streams the records of a JSON Lines source.
struct JsonLines {
    name: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
    buf: Vec<u8>,
}

impl JsonLines {
    fn new(name: String, reader: Box<dyn BufRead + Send>) -> Self {
        JsonLines {
            name,
            reader,
            line: 0,
            buf: Vec::new(),
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::Input {
            source_name: self.name.clone(),
            line: self.line,
            message: message.into(),
        }
    }
}

impl Iterator for JsonLines {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            self.buf.clear();
            self.line += 1;
            let n = match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(n) => n as u64,
                Err(e) => return Some(Err(self.error(format!("read failed: {e}")))),
            };
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let (line, warning) = decode(&self.name, self.line, std::mem::take(&mut self.buf));
            let record: Record = match serde_json::from_str(&line) {
                Ok(r) => r,
                Err(e) => {
                    return Some(Err(self.error(format!(
                        "skipped, not a JSON object with a \"text\" string: {e}"
                    ))));
                }
            };
            if record.text.trim().is_empty() {
                return Some(Err(self.error("empty \"text\", nothing to read")));
            }
            let id = record
                .id
                .unwrap_or_else(|| format!("{}:{}", self.name, self.line));
            let mut doc = Document::new(id, record.text);
            doc.meta = Meta {
                title: record.title,
                url: record.url,
                date: record.date,
            };
            return Some(Ok(Loaded {
                document: doc,
                bytes: n,
                warning,
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_text_is_read_in_parts() {
        let paragraph =
            "Angela Merkel met the press in Berlin.\n\n".repeat(MAX_DOCUMENT_BYTES / 40 + 10);
        let items = read_text("big.txt", paragraph.as_bytes());
        let docs: Vec<&Loaded> = items.iter().filter_map(|i| i.as_ref().ok()).collect();
        assert!(
            matches!(items[0], Err(Error::Input { .. })),
            "the split is reported"
        );
        assert!(docs.len() >= 4);
        let total: usize = docs.iter().map(|d| d.document.text.len()).sum();
        assert_eq!(total, paragraph.len(), "no text lost");
        assert!(docs.iter().all(|d| d.document.text.len() <= PART_BYTES));
        assert_eq!(docs[1].document.id, "big.txt#2");
    }

    #[test]
    fn small_inputs() {
        #[rustfmt::skip]
        let cases: &[(&[u8], &str)] = &[
            (b"", "empty"),
            (b"  \n ", "empty"),
            (b"Text.", "ok"),
            (b"Bad \xff byte.", "warning"),
        ];
        for (input, expected) in cases {
            let items = read_text("t.txt", *input);
            let got = match &items[0] {
                Err(_) => "empty",
                Ok(l) if l.warning.is_some() => "warning",
                Ok(_) => "ok",
            };
            assert_eq!(got, *expected, "{input:?}");
        }
    }
}
