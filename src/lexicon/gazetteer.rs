//! Place, demonym and first-name lists, embedded from `data/gazetteers/`, with lookups for
//! entity typing and a token-sequence matcher for the entity recogniser's features.
//!
//! The lists are compiled by [`compile`] from the public sources in the shared data folder
//! (GeoNames, mledoze/countries, US SSA first names; licences in `MODELS.md`) and committed
//! as plain tab-separated text:
//!
//! | file | columns |
//! |---|---|
//! | `countries.txt` | name or variant, canonical country name |
//! | `demonyms.txt` | demonym (and plural), canonical country name |
//! | `cities.txt` | city name, ISO country code (population at least 100,000) |
//! | `us-states.txt` | state name, postal code |
//! | `first-names.txt` | first name, `M`/`F`/`U` (sex of at least 80% of bearers, else `U`) |
//! | `name-sexes.txt` | rarer first name (300 to 4,999 bearers), `M`/`F` (at least 90%) |
//!
//! This module knows nothing about context: "Georgia" is both a country and a state here, and
//! "May" a first name; the recogniser weighs these memberships against the context.

use crate::ner::features::IdMap;
use crate::parse::FxMap;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

const COUNTRIES: &str = include_str!("../../data/gazetteers/countries.txt");
const DEMONYMS: &str = include_str!("../../data/gazetteers/demonyms.txt");
const CITIES: &str = include_str!("../../data/gazetteers/cities.txt");
const US_STATES: &str = include_str!("../../data/gazetteers/us-states.txt");
const FIRST_NAMES: &str = include_str!("../../data/gazetteers/first-names.txt");
const NAME_SEXES: &str = include_str!("../../data/gazetteers/name-sexes.txt");

/// What kind of place a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// A sovereign country or territory.
    Country,
    /// A US state.
    State,
    /// A city of at least 100,000 people.
    City,
}

/// The sex most bearers of a first name have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// At least 80% male.
    Male,
    /// At least 80% female.
    Female,
    /// Used by both.
    Unisex,
}

/// The lists a token sequence can belong to, as bit positions for [`Matcher::mark`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum List {
    /// `countries.txt`.
    Country = 0,
    /// `demonyms.txt`.
    Demonym = 1,
    /// `cities.txt`.
    City = 2,
    /// `us-states.txt`.
    State = 3,
    /// `first-names.txt`.
    FirstName = 4,
}

impl List {
    /// All lists, in bit order.
    pub const ALL: [List; 5] = [
        List::Country,
        List::Demonym,
        List::City,
        List::State,
        List::FirstName,
    ];
    fn text(self) -> &'static str {
        match self {
            List::Country => COUNTRIES,
            List::Demonym => DEMONYMS,
            List::City => CITIES,
            List::State => US_STATES,
            List::FirstName => FIRST_NAMES,
        }
    }
    /// Bit set on the first token of a match of this list.
    pub fn begin_bit(self) -> u16 {
        1 << (2 * self as u16)
    }
    /// Bit set on the later tokens of a match of this list.
    pub fn inside_bit(self) -> u16 {
        1 << (2 * self as u16 + 1)
    }
}

fn rows(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(a, _)| !a.is_empty())
}

/// Lowercases into `out` after normalising curly quotes; returns nothing, appends.
fn push_folded(out: &mut String, word: &str) {
    for c in word.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '`' => out.push('\''),
            '\u{201C}' | '\u{201D}' => out.push('"'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Calls `f` with [`folded`] `word`, folded into a buffer kept per thread instead of a new
/// string.
fn with_folded<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    FOLDED.with_borrow_mut(|s| {
        s.clear();
        push_folded(s, word);
        f(s)
    })
}

fn folded(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    push_folded(&mut s, word);
    s
}

/// The lists by folded name, hashed with [`crate::parse::FxHasher`] (the entity stage asks for places
/// and demonyms several times per name).
struct Lookups {
    countries: FxMap<String, &'static str>,
    demonyms: FxMap<String, &'static str>,
    places: FxMap<String, PlaceKind>,
    first_names: FxMap<String, Sex>,
    /// Rarer first names, for their bearers' sex only ("Mick", "Gareth", "Olivier").
    name_sexes: FxMap<String, Sex>,
}

static LOOKUPS: LazyLock<Lookups> = LazyLock::new(|| {
    let countries: FxMap<String, &'static str> = rows(COUNTRIES)
        .map(|(variant, canonical)| (folded(variant), canonical))
        .collect();
    let demonyms = rows(DEMONYMS).map(|(d, c)| (folded(d), c)).collect();
    let mut places = FxMap::default();
    // Later inserts win: cities, then states, then countries.
    for (name, _) in rows(CITIES) {
        places.insert(folded(name), PlaceKind::City);
    }
    for (name, _) in rows(US_STATES) {
        places.insert(folded(name), PlaceKind::State);
    }
    for name in countries.keys() {
        places.insert(name.clone(), PlaceKind::Country);
    }
    let sexes = |text: &'static str| {
        rows(text)
            .map(|(n, s)| {
                let sex = match s {
                    "M" => Sex::Male,
                    "F" => Sex::Female,
                    _ => Sex::Unisex,
                };
                (folded(n), sex)
            })
            .collect()
    };
    Lookups {
        countries,
        demonyms,
        places,
        first_names: sexes(FIRST_NAMES),
        name_sexes: sexes(NAME_SEXES),
    }
});

/// The kind of place `name` names (case-insensitive), countries before states before cities.
pub fn place_kind(name: &str) -> Option<PlaceKind> {
    with_folded(name, |f| LOOKUPS.places.get(f).copied())
}

/// The country of a demonym: "Russian" -> "Russia", "Americans" -> "United States".
pub fn demonym_country(word: &str) -> Option<&'static str> {
    with_folded(word, |f| LOOKUPS.demonyms.get(f).copied())
}

/// The country or nation of a demonym, counting the nations of the UK that the country list
/// lacks: "Russian" -> "Russia", "Welsh" -> "Wales", "Scottish" -> "Scotland".
pub fn nation_of(word: &str) -> Option<&'static str> {
    demonym_country(word).or_else(|| {
        UK_NATIONS
            .iter()
            .find(|(_, demonyms)| demonyms.contains(&word))
            .map(|&(nation, _)| nation)
    })
}

/// The nations of the UK, which the country list lacks, with their demonyms.
const UK_NATIONS: &[(&str, &[&str])] = &[
    ("England", &["English"]),
    ("Wales", &["Welsh"]),
    ("Scotland", &["Scottish", "Scots"]),
    ("Northern Ireland", &[]),
];

/// Whether `name` is one of the nations of the UK.
pub fn is_uk_nation(name: &str) -> bool {
    UK_NATIONS.iter().any(|&(nation, _)| nation == name)
}

/// The canonical name of a country from any of its names or abbreviations:
/// "USA", "U.S.", "United States of America" -> "United States".
pub fn country_canonical(name: &str) -> Option<&'static str> {
    LOOKUPS.countries.get(&folded(name)).copied()
}

/// Whether `word` is a frequent US first name (case-insensitive).
pub fn is_first_name(word: &str) -> bool {
    with_folded(word, |f| LOOKUPS.first_names.contains_key(f))
}

/// The sex most bearers of the first name `word` have, among the frequent first names and
/// then the rarer ones (which [`is_first_name`] does not count as first names).
pub fn first_name_sex(word: &str) -> Option<Sex> {
    with_folded(word, |f| {
        LOOKUPS
            .first_names
            .get(f)
            .or_else(|| LOOKUPS.name_sexes.get(f))
            .copied()
    })
}

/// Finds list entries in token sequences.
///
/// Matching runs over word hashes ([`fold_hash`]), which the entity tagger's feature
/// extractor computes anyway: each entry is filed under the hash of its first word, so a
/// word that starts no entry costs one table lookup. This replaced an aho-corasick automaton
/// over the sentence joined by spaces, which had to fold and copy every word into a string
/// first (it remains for the rare word that holds a space itself, where a multi-word entry
/// may match inside one token, and as the reference in tests).
#[derive(Debug)]
pub struct Matcher {
    /// Each distinct entry as its words joined by spaces and framed by spaces, for the
    /// automaton.
    patterns: Vec<String>,
    /// Built on first use: only sentences with a word holding a space need it.
    automaton: OnceLock<AhoCorasick>,
    /// For each pattern, the lists it belongs to (one bit per [`List`]).
    lists: Vec<u8>,
    /// Entries by the hash of their first word: a range of `entries`.
    by_first: IdMap<(u32, u32)>,
    entries: Vec<Entry>,
    /// The word hashes of all entries, back to back.
    words: Vec<u64>,
}

/// One distinct entry of [`Matcher`]: its words, and the bits it sets.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Start of its words in [`Matcher::words`].
    start: u32,
    len: u32,
    /// [`List::begin_bit`]s of its lists, for its first word.
    begin: u16,
    /// [`List::inside_bit`]s of its lists, for its later words.
    inside: u16,
}

/// Reusable buffers for [`Matcher::mark`].
#[derive(Debug, Default, Clone)]
pub struct MatchScratch {
    haystack: String,
    starts: Vec<usize>,
    hashes: Vec<u64>,
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(Matcher::build);

/// Starting value of a [`fold_step`] chain.
pub(crate) const FOLD_SEED: u64 = 0xcbf2_9ce4_8422_2325;
const FOLD_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Extends the hash of a word by one character, folded as matching folds it: lowercase,
/// curly quotes straight. (FNV-1a over whole characters.) The entity tagger's feature
/// extractor calls this in its own pass over each word's characters.
#[inline]
pub(crate) fn fold_step(h: u64, c: char) -> u64 {
    let step = |h: u64, c: char| (h ^ u64::from(c)).wrapping_mul(FOLD_PRIME);
    match c {
        '\u{2018}' | '\u{2019}' | '`' => step(h, '\''),
        '\u{201C}' | '\u{201D}' => step(h, '"'),
        c if c.is_ascii() => step(h, c.to_ascii_lowercase()),
        c => c.to_lowercase().fold(h, step),
    }
}

/// The hash [`Matcher::mark_hashes`] matches words by: [`fold_step`] over its characters.
pub(crate) fn fold_hash(word: &str) -> u64 {
    word.chars().fold(FOLD_SEED, fold_step)
}

impl Matcher {
    /// The matcher over the embedded lists, built on first use.
    pub fn embedded() -> &'static Matcher {
        &MATCHER
    }

    fn build() -> Matcher {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut hashes: Vec<Vec<u64>> = Vec::new();
        let mut lists: Vec<u8> = Vec::new();
        for list in List::ALL {
            for (name, _) in rows(list.text()) {
                let mut p = String::from(" ");
                for w in tokenize_entry(name) {
                    push_folded(&mut p, w);
                    p.push(' ');
                }
                let i = *index.entry(p.clone()).or_insert_with(|| {
                    patterns.push(p);
                    hashes.push(tokenize_entry(name).map(fold_hash).collect());
                    lists.push(0);
                    lists.len() - 1
                });
                lists[i] |= 1 << list as u8;
            }
        }
        // Entries grouped by first word; an entry of no words (none in the lists) could
        // only be matched by the automaton.
        let mut order: Vec<usize> = (0..patterns.len())
            .filter(|&i| !hashes[i].is_empty())
            .collect();
        order.sort_by_key(|&i| (hashes[i][0], i));
        let (mut entries, mut words) = (Vec::new(), Vec::new());
        let mut by_first: IdMap<(u32, u32)> = HashMap::default();
        for i in order {
            let (mut begin, mut inside) = (0u16, 0u16);
            for list in List::ALL {
                if lists[i] & (1 << list as u8) != 0 {
                    begin |= list.begin_bit();
                    inside |= list.inside_bit();
                }
            }
            let n = entries.len() as u32;
            by_first
                .entry(hashes[i][0])
                .and_modify(|r| r.1 = n + 1)
                .or_insert((n, n + 1));
            entries.push(Entry {
                start: words.len() as u32,
                len: hashes[i].len() as u32,
                begin,
                inside,
            });
            words.extend_from_slice(&hashes[i]);
        }
        Matcher {
            patterns,
            automaton: OnceLock::new(),
            lists,
            by_first,
            entries,
            words,
        }
    }

    /// Sets `out[i]` to the [`List`] bits of token `i`: the begin bit when a list entry
    /// starts at the token, the inside bit when one continues through it. Matching ignores
    /// case and curly quotes.
    pub fn mark(&self, words: &[&str], scratch: &mut MatchScratch, out: &mut Vec<u16>) {
        let mut hashes = std::mem::take(&mut scratch.hashes);
        hashes.clear();
        hashes.extend(words.iter().map(|w| fold_hash(w)));
        self.mark_hashes(words, &hashes, scratch, out);
        scratch.hashes = hashes;
    }

    /// [`Matcher::mark`] given the [`fold_hash`] of each word.
    pub(crate) fn mark_hashes(
        &self,
        words: &[&str],
        hashes: &[u64],
        scratch: &mut MatchScratch,
        out: &mut Vec<u16>,
    ) {
        if words.iter().any(|w| w.as_bytes().contains(&b' ')) {
            self.mark_automaton(words, scratch, out);
            return;
        }
        out.clear();
        out.resize(words.len(), 0);
        for (i, h) in hashes.iter().enumerate() {
            let Some(&(a, b)) = self.by_first.get(h) else {
                continue;
            };
            for e in &self.entries[a as usize..b as usize] {
                let n = e.len as usize;
                let entry = &self.words[e.start as usize..e.start as usize + n];
                if hashes.get(i..i + n) == Some(entry) {
                    out[i] |= e.begin;
                    for o in &mut out[i + 1..i + n] {
                        *o |= e.inside;
                    }
                }
            }
        }
    }

    /// [`Matcher::mark`] by the aho-corasick automaton over the words joined by spaces.
    pub(crate) fn mark_automaton(
        &self,
        words: &[&str],
        scratch: &mut MatchScratch,
        out: &mut Vec<u16>,
    ) {
        let automaton = self.automaton.get_or_init(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&self.patterns)
                .unwrap_or_else(|_| {
                    // The patterns are short and few; building cannot hit the size limits.
                    AhoCorasick::new(Vec::<String>::new()).unwrap_or_else(|_| unreachable!())
                })
        });
        out.clear();
        out.resize(words.len(), 0);
        let MatchScratch {
            haystack, starts, ..
        } = scratch;
        haystack.clear();
        starts.clear();
        haystack.push(' ');
        for w in words {
            starts.push(haystack.len());
            push_folded(haystack, w);
            haystack.push(' ');
        }
        for m in automaton.find_overlapping_iter(haystack.as_str()) {
            // A match runs from the space before its first word to the space after its last.
            let Ok(first) = starts.binary_search(&(m.start() + 1)) else {
                continue;
            };
            let Ok(after) = starts.binary_search(&m.end()).or_else(|e| {
                if m.end() == haystack.len() {
                    Ok(words.len())
                } else {
                    Err(e)
                }
            }) else {
                continue;
            };
            let bits = self.lists[m.pattern().as_usize()];
            for list in List::ALL {
                if bits & (1 << list as u8) != 0 {
                    out[first] |= list.begin_bit();
                    for o in &mut out[first + 1..after] {
                        *o |= list.inside_bit();
                    }
                }
            }
        }
    }
}

/// Splits a list entry into tokens as PTB tokenisation would: on spaces, with commas apart.
fn tokenize_entry(name: &str) -> impl Iterator<Item = &str> {
    name.split(' ').filter(|w| !w.is_empty()).flat_map(|w| {
        let (body, comma) = match w.strip_suffix(',') {
            Some(b) => (b, Some(",")),
            None => (w, None),
        };
        std::iter::once(body).chain(comma)
    })
}

/// Compiles the list files from the public sources in `dir` (the shared `gazetteers/`
/// folder), returning `(file name, contents)` pairs.
///
/// # Errors
/// [`crate::Error::Io`] when a source file cannot be read, [`crate::Error::Input`] when one
/// lacks a column.
pub fn compile(dir: &std::path::Path) -> crate::Result<Vec<(&'static str, String)>> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|source| crate::Error::Io { path, source })
    };
    let columns = |name: &str, text: &str, header: &str| -> crate::Result<Vec<usize>> {
        let first = text.lines().next().unwrap_or("");
        let cols: Vec<&str> = first.split('\t').collect();
        header
            .split(',')
            .map(|h| {
                cols.iter()
                    .position(|c| c == &h)
                    .ok_or_else(|| crate::Error::Input {
                        source_name: name.into(),
                        line: 1,
                        message: format!("no column {h}"),
                    })
            })
            .collect()
    };
    let latin = |s: &str| s.chars().all(|c| (c as u32) < 0x250);

    // Country populations, to settle names shared by several countries ("French", "Congo").
    let text = read("geonames-countries.json")?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| crate::Error::Input {
        source_name: "geonames-countries.json".into(),
        line: e.line(),
        message: e.to_string(),
    })?;
    let population: HashMap<String, u64> = json
        .as_object()
        .into_iter()
        .flatten()
        .map(|(code, v)| {
            let p = v.get("population").and_then(serde_json::Value::as_u64);
            (code.clone(), p.unwrap_or(0))
        })
        .collect();

    // Countries and demonyms.
    let text = read("countries_demonyms_en.tsv")?;
    let c = columns(
        "countries_demonyms_en.tsv",
        &text,
        "cca2,name_common,name_official,demonym_m,demonym_f,altSpellings",
    )?;
    let mut countries: Vec<(String, String, u64)> = Vec::new();
    let mut demonyms: Vec<(String, String, u64)> = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| f.get(c[i]).copied().unwrap_or("").trim();
        let canonical = get(1);
        if canonical.is_empty() {
            continue;
        }
        let pop = population.get(get(0)).copied().unwrap_or(0);
        let mut variants = vec![canonical, get(2)];
        variants.extend(get(5).split('|').map(str::trim));
        for v in variants {
            // Two-letter codes ("IN", "IT") are ordinary words too often; a few are added below.
            let usable = v.chars().count() > 2 && latin(v) && !v.contains(',') && !v.contains('(');
            if usable {
                countries.push((v.to_string(), canonical.to_string(), pop));
            }
        }
        for d in [get(3), get(4)] {
            if d.is_empty() || !latin(d) {
                continue;
            }
            demonyms.push((d.to_string(), canonical.to_string(), pop));
            if d.ends_with('n') || d.ends_with('i') {
                demonyms.push((format!("{d}s"), canonical.to_string(), pop));
            }
        }
    }
    for (v, canonical) in [
        ("US", "United States"),
        ("U.S.", "United States"),
        ("U.S.A.", "United States"),
        ("America", "United States"),
        ("UK", "United Kingdom"),
        ("U.K.", "United Kingdom"),
        ("Britain", "United Kingdom"),
        ("UAE", "United Arab Emirates"),
        ("U.A.E.", "United Arab Emirates"),
    ] {
        countries.push((v.into(), canonical.into(), u64::MAX));
    }
    // One country a name: the most populous.
    let most_populous = |v: Vec<(String, String, u64)>| {
        let mut best: HashMap<String, (u64, String)> = HashMap::new();
        for (name, country, pop) in v {
            let e = best.entry(name).or_insert((0, String::new()));
            if e.1.is_empty() || pop > e.0 {
                *e = (pop, country);
            }
        }
        best.into_iter()
            .map(|(n, (_, c))| (n, c))
            .collect::<Vec<_>>()
    };
    let mut countries = most_populous(countries);
    let mut demonyms = most_populous(demonyms);

    // Cities.
    let text = read("geonames-cities15000.tsv")?;
    let c = columns(
        "geonames-cities15000.tsv",
        &text,
        "name,countrycode,population",
    )?;
    let mut cities: Vec<(String, String)> = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| f.get(c[i]).copied().unwrap_or("").trim();
        let population: u64 = get(2).parse().unwrap_or(0);
        let name = get(0);
        if population < 100_000 || name.is_empty() || !latin(name) {
            continue;
        }
        cities.push((name.to_string(), get(1).to_string()));
        // "New York City" is mostly "New York" in news.
        if let Some(short) = name
            .strip_suffix(" City")
            .filter(|_| population >= 1_000_000)
        {
            cities.push((short.to_string(), get(1).to_string()));
        }
        let ascii = fold_diacritics(name);
        if ascii != name {
            cities.push((ascii, get(1).to_string()));
        }
    }

    // US states.
    let text = read("geonames-us-states.json")?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| crate::Error::Input {
        source_name: "geonames-us-states.json".into(),
        line: e.line(),
        message: e.to_string(),
    })?;
    let mut states: Vec<(String, String)> = json
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(code, v)| Some((v.get("name")?.as_str()?.to_string(), code.clone())))
        .collect();

    // First names: summed over the sex rows, at least 5,000 bearers.
    let text = read("ssa-first-names.tsv")?;
    let c = columns("ssa-first-names.tsv", &text, "name,sex,total_count")?;
    let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| f.get(c[i]).copied().unwrap_or("").trim();
        let n: u64 = get(2).parse().unwrap_or(0);
        let e = counts.entry(get(0).to_string()).or_default();
        if get(1) == "M" {
            e.0 += n;
        } else {
            e.1 += n;
        }
    }
    // Rarer names, for their bearers' sex only: 300 to 4,999 bearers, 90% of one sex.
    let mut name_sexes: Vec<(String, String)> = counts
        .iter()
        .filter(|(name, (m, f))| (300..5_000).contains(&(m + f)) && !name.is_empty())
        .filter_map(|(name, &(m, f))| {
            let sex = if m * 10 >= (m + f) * 9 {
                "M"
            } else if f * 10 >= (m + f) * 9 {
                "F"
            } else {
                return None;
            };
            Some((name.clone(), sex.to_string()))
        })
        .collect();
    let mut first_names: Vec<(String, String)> = counts
        .into_iter()
        .filter(|(name, (m, f))| m + f >= 5_000 && !name.is_empty())
        .map(|(name, (m, f))| {
            let sex = if m * 5 >= (m + f) * 4 {
                "M"
            } else if f * 5 >= (m + f) * 4 {
                "F"
            } else {
                "U"
            };
            (name, sex.to_string())
        })
        .collect();

    let render = |v: &mut Vec<(String, String)>| {
        v.sort();
        v.dedup();
        v.iter()
            .map(|(a, b)| format!("{a}\t{b}\n"))
            .collect::<String>()
    };
    Ok(vec![
        ("countries.txt", render(&mut countries)),
        ("demonyms.txt", render(&mut demonyms)),
        ("cities.txt", render(&mut cities)),
        ("us-states.txt", render(&mut states)),
        ("first-names.txt", render(&mut first_names)),
        ("name-sexes.txt", render(&mut name_sexes)),
    ])
}

/// Folds common Latin diacritics to ASCII ("São Paulo" -> "Sao Paulo").
fn fold_diacritics(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
            'ç' | 'ć' | 'č' => 'c',
            'Ç' | 'Ć' | 'Č' => 'C',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
            'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' => 'I',
            'ñ' | 'ń' | 'ň' => 'n',
            'Ñ' => 'N',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
            'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => 'O',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' | 'ş' | 'ș' => 's',
            'Ś' | 'Š' | 'Ş' | 'Ș' => 'S',
            'ź' | 'ž' | 'ż' => 'z',
            'Ź' | 'Ž' | 'Ż' => 'Z',
            'ł' => 'l',
            'Ł' => 'L',
            'ř' => 'r',
            'ţ' | 'ț' => 't',
            'ğ' => 'g',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let countries: &[(&str, Option<&str>)] = &[
            ("USA", Some("United States")),
            ("U.S.", Some("United States")),
            ("US", Some("United States")),
            ("United States of America", Some("United States")),
            ("united states", Some("United States")),
            ("Russian Federation", Some("Russia")),
            ("Russia", Some("Russia")),
            ("UK", Some("United Kingdom")),
            ("Great Britain", Some("United Kingdom")),
            ("Holland", Some("Netherlands")),
            ("IN", None),
            ("Moscow", None),
        ];
        for &(name, expected) in countries {
            assert_eq!(country_canonical(name), expected, "{name}");
        }
        let demonyms: &[(&str, Option<&str>)] = &[
            ("Russian", Some("Russia")),
            ("Russians", Some("Russia")),
            ("American", Some("United States")),
            ("French", Some("France")),
            ("British", Some("United Kingdom")),
            ("Table", None),
        ];
        for &(word, expected) in demonyms {
            assert_eq!(demonym_country(word), expected, "{word}");
        }
        let places: &[(&str, Option<PlaceKind>)] = &[
            ("France", Some(PlaceKind::Country)),
            ("Georgia", Some(PlaceKind::Country)),
            ("Michigan", Some(PlaceKind::State)),
            ("Detroit", Some(PlaceKind::City)),
            ("Moscow", Some(PlaceKind::City)),
            ("São Paulo", Some(PlaceKind::City)),
            ("Sao Paulo", Some(PlaceKind::City)),
            ("Sessions", None),
        ];
        for &(name, expected) in places {
            assert_eq!(place_kind(name), expected, "{name}");
        }
        let names: &[(&str, bool)] = &[
            ("Jeff", true),
            ("Mary", true),
            ("JOHN", true),
            ("Sessions", false),
            ("the", false),
        ];
        for &(word, expected) in names {
            assert_eq!(is_first_name(word), expected, "{word}");
        }
        assert_eq!(first_name_sex("Jeff"), Some(Sex::Male));
        assert_eq!(first_name_sex("Mary"), Some(Sex::Female));
        // A rarer name tells its bearer's sex but is not counted as a first name.
        assert_eq!(first_name_sex("Gareth"), Some(Sex::Male));
        assert!(!is_first_name("Gareth"));
    }

    #[test]
    fn matcher_marks_token_sequences() {
        let words = [
            "U.S.", "envoy", "met", "Jeff", "in", "New", "York", "and", "Russia", ".",
        ];
        let mut out = Vec::new();
        Matcher::embedded().mark(&words, &mut MatchScratch::default(), &mut out);
        let has = |i: usize, bit: u16| out[i] & bit != 0;
        assert!(has(0, List::Country.begin_bit()));
        assert!(has(3, List::FirstName.begin_bit()));
        assert!(has(5, List::City.begin_bit()) && has(6, List::City.inside_bit()));
        assert!(has(5, List::State.begin_bit()));
        assert!(has(8, List::Country.begin_bit()));
        assert_eq!(out[1], 0);
        assert_eq!(out[9], 0);
        Matcher::embedded().mark(&[], &mut MatchScratch::default(), &mut out);
        assert!(out.is_empty());
    }

    /// The hash matcher and the aho-corasick automaton mark the same bits.
    fn assert_same_marks(words: &[&str]) -> usize {
        let m = Matcher::embedded();
        let (mut by_hash, mut by_automaton) = (Vec::new(), Vec::new());
        let mut scratch = MatchScratch::default();
        m.mark(words, &mut scratch, &mut by_hash);
        m.mark_automaton(words, &mut scratch, &mut by_automaton);
        assert_eq!(by_hash, by_automaton, "{words:?}");
        by_hash.iter().filter(|&&b| b != 0).count()
    }

    #[test]
    fn hash_matcher_agrees_with_automaton() {
        let cases: &[&[&str]] = &[
            &[],
            &["New", "York", "City", "is", "in", "New", "York", "."],
            &["NEW", "YORK", "and", "new", "york"],
            &["the", "\u{2018}Cote", "d\u{2019}Ivoire", "side"],
            &["Côte", "d'Ivoire", "and", "Cote", "d`Ivoire"],
            &["İstanbul", "and", "Istanbul", "and", "ISTANBUL"],
            &["Washington", ",", "D.C.", "and", "Georgia"],
            &["", "Paris", "", "France"],
            // A token holding a space: an entry may match inside it (the automaton's path).
            &["New York", "and", "San", "Jose"],
            &["Jeff", "Mary", "Ann", "U.S.", "UK"],
        ];
        for words in cases {
            assert_same_marks(words);
        }
    }

    #[test]
    #[allow(clippy::print_stderr)]
    fn hash_matcher_agrees_with_automaton_on_bbc() {
        use crate::ingest::Cleaner;
        use crate::ingest::source::{self, Input};
        use crate::text::Segmenter;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/news/bbc-news.jsonl");
        if !path.exists() {
            eprintln!("note: {} absent; matcher not compared", path.display());
            return;
        }
        let (mut sentences, mut marked) = (0, 0);
        for line in source::read(&Input::File(path)).filter_map(Result::ok) {
            let mut d = line.document;
            Cleaner.clean(&mut d);
            Segmenter.segment(&mut d);
            for s in &d.sentences {
                let words: Vec<&str> = s.tokens.clone().map(|i| d.word(i)).collect();
                marked += assert_same_marks(&words);
                sentences += 1;
            }
        }
        assert!(
            sentences > 10_000 && marked > 10_000,
            "{sentences} {marked}"
        );
    }

    #[test]
    #[allow(clippy::print_stderr)]
    fn committed_lists_are_fresh() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/gazetteers");
        if !dir.exists() {
            eprintln!(
                "note: {} absent; committed gazetteers not checked",
                dir.display()
            );
            return;
        }
        let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gazetteers");
        for (name, contents) in compile(&dir).unwrap() {
            let committed = std::fs::read_to_string(out.join(name)).unwrap_or_default();
            assert!(
                committed == contents,
                "data/gazetteers/{name} is stale: run `newsgraph train gazetteers --train {} -o data/gazetteers`",
                dir.display()
            );
        }
    }
}
