//! Word lists embedded from `data/lexicon/`, parsed once on first use.
//!
//! Each list is a plain text file, one entry a line, `#` starting a comment line. Lists are
//! general English and news vocabulary, never names from particular articles.

pub mod gazetteer;

use crate::parse::FxHasher;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

/// A set of words, hashed with [`FxHasher`]: the entity stage looks words up in these lists
/// several times per name, where SipHash cost more than the rest of the lookups.
pub type WordSet = HashSet<&'static str, BuildHasherDefault<FxHasher>>;

/// A map from words, hashed like [`WordSet`].
pub type WordMap<V> = HashMap<&'static str, V, BuildHasherDefault<FxHasher>>;

/// Non-comment, non-blank lines of an embedded list.
pub fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Abbreviations (without the final period) and whether they precede a name.
pub static ABBREVIATIONS: LazyLock<WordMap<bool>> = LazyLock::new(|| {
    lines(include_str!("../data/lexicon/abbreviations.txt"))
        .map(|l| match l.strip_prefix('!') {
            Some(w) => (w, true),
            None => (l, false),
        })
        .collect()
});

/// Capitalised words that begin sentences, to tell an abbreviation's period from a full stop.
pub static SENTENCE_STARTERS: LazyLock<WordSet> =
    LazyLock::new(|| lines(include_str!("../data/lexicon/sentence-starters.txt")).collect());

/// Job titles as lower-case word sequences.
pub static TITLES: LazyLock<WordSet> =
    LazyLock::new(|| lines(include_str!("../data/lexicon/titles.txt")).collect());

/// First words of titles, lower case, to reject most words without building a phrase.
static TITLE_FIRST_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| TITLES.iter().filter_map(|t| t.split(' ').next()).collect());

/// Whether `word`, lower-cased, is the first word of some title (plural included).
fn starts_title(word: &str) -> bool {
    let mut buf = [0u8; 32];
    if !word.is_ascii() || word.len() > buf.len() {
        return TITLE_FIRST_WORDS.contains(word.to_lowercase().as_str());
    }
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(lower).unwrap_or_default();
    TITLE_FIRST_WORDS.contains(lower)
        || lower
            .strip_suffix('s')
            .is_some_and(|l| TITLE_FIRST_WORDS.contains(l))
}

/// The longest title in lower case that starts at `words[i]`, as a token count.
pub fn title_at(words: &[&str], i: usize) -> Option<usize> {
    const LONGEST: usize = 5;
    if !words.get(i).is_some_and(|w| starts_title(w)) {
        return None;
    }
    let mut phrase = String::new();
    let mut best = None;
    for (n, w) in words[i..].iter().take(LONGEST).enumerate() {
        if n > 0 {
            phrase.push(' ');
        }
        phrase.extend(w.chars().flat_map(char::to_lowercase));
        if TITLES.contains(phrase.as_str())
            || phrase.ends_with('s') && TITLES.contains(&phrase[..phrase.len() - 1])
        {
            best = Some(n + 1);
        }
    }
    best
}

/// Whether the title `words` (as [`title_at`] found it) is written in the plural
/// ("Queens", "chief executives"), which names several people, never the one after it.
pub fn plural_title(words: &[&str]) -> bool {
    !TITLES.contains(words.join(" ").to_lowercase().as_str())
}

/// Participles that say where something is, or who owns or leads it, after a name and a
/// hyphen ("London-based Levy", "US-led force", "Rosneft-owned Yugansk"), each with the
/// predicate of the relation the name gets. The tokeniser splits such words; other
/// hyphenated words ("Oscar-winning") stay whole.
pub const PLACE_PARTICIPLES: &[(&str, &str)] = &[
    ("based", "based in"),
    ("headquartered", "based in"),
    ("born", "born in"),
    ("listed", "listed in"),
    ("registered", "registered in"),
    ("bred", "bred in"),
    ("educated", "educated in"),
    ("trained", "trained in"),
    ("made", "made in"),
    ("built", "built in"),
    ("owned", "owned by"),
    ("led", "led by"),
    ("run", "run by"),
    ("backed", "backed by"),
    ("funded", "funded by"),
    ("controlled", "controlled by"),
    ("sponsored", "sponsored by"),
];

/// The relation a name before one of [`PLACE_PARTICIPLES`] gets ("based" -> "based in").
pub fn place_participle(word: &str) -> Option<&'static str> {
    PLACE_PARTICIPLES
        .iter()
        .find(|(p, _)| *p == word)
        .map(|&(_, predicate)| predicate)
}

/// Political parties by every name news gives them, with each party's canonical name.
static PARTIES: LazyLock<WordMap<&'static str>> = LazyLock::new(|| {
    lines(include_str!("../data/lexicon/parties.txt"))
        .filter_map(|l| l.split_once('\t'))
        .map(|(name, canonical)| (name.trim(), canonical.trim()))
        .collect()
});

/// The canonical name of a political party from any of its names: "Tories" -> "Conservative
/// Party", "Lib Dem" -> "Liberal Democrats".
pub fn party_canonical(name: &str) -> Option<&'static str> {
    PARTIES.get(name).copied()
}

/// Words that end (or head) organisation names.
pub static ORG_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| lines(include_str!("../data/lexicon/org-words.txt")).collect());

/// Words that end the names of awards, events, laws and shows.
pub static THING_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| lines(include_str!("../data/lexicon/thing-words.txt")).collect());

/// Days, months and holidays.
pub static CALENDAR: LazyLock<WordSet> =
    LazyLock::new(|| lines(include_str!("../data/lexicon/calendar.txt")).collect());

/// Words before a name that are not part of it ("Mr.", "Dr.", "Sir").
pub static HONORIFICS: LazyLock<WordSet> =
    LazyLock::new(|| lines(include_str!("../data/lexicon/honorifics.txt")).collect());

/// Words before a title that make another office of it and stay with it: a shadow, deputy or
/// acting chancellor is not "the chancellor" ("shadow education secretary", "acting chairman").
pub const OFFICE_KINDS: &[&str] = &[
    "shadow",
    "acting",
    "interim",
    "junior",
    "assistant",
    "deputy",
    "vice",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        #[rustfmt::skip]
        let titles: &[(&[&str], Option<usize>)] = &[
            (&["deputy", "chief", "of", "staff", "Rick"], Some(4)),
            (&["Attorney", "General", "Jeff"], Some(2)),
            (&["advisers", "on"], Some(1)),
            (&["House"], None),
        ];
        for (words, n) in titles {
            assert_eq!(title_at(words, 0), *n, "{words:?}");
        }
        assert!(plural_title(&["Queens"]));
        assert!(!plural_title(&["Queen"]));
        assert!(!plural_title(&["chief", "of", "staff"]));
    }
}
