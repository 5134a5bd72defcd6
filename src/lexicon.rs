//! Word lists embedded from `data/lexicon/`, parsed once on first use.
//!
//! Each list is a plain text file, one entry a line, `#` starting a comment line. Lists are
//! general English and news vocabulary, never names from particular articles.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Non-comment, non-blank lines of an embedded list.
pub fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Abbreviations (without the final period) and whether they precede a name.
pub static ABBREVIATIONS: LazyLock<HashMap<&'static str, bool>> = LazyLock::new(|| {
    lines(include_str!("../data/lexicon/abbreviations.txt"))
        .map(|l| match l.strip_prefix('!') {
            Some(w) => (w, true),
            None => (l, false),
        })
        .collect()
});

/// Capitalised words that begin sentences, to tell an abbreviation's period from a full stop.
pub static SENTENCE_STARTERS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| lines(include_str!("../data/lexicon/sentence-starters.txt")).collect());
