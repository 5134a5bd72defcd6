//! Named-entity mentions: people, organisations and places.
//!
//! The rule-based recogniser reads runs of proper nouns, splits them at job titles and
//! honorifics ("US President Donald Trump" is a place, a title and a person), and types each
//! name from word lists (countries and states, organisation words such as "Department" or
//! "News", first names) and shape (acronyms are organisations). A name with no cue is taken
//! for a person, the commonest case in news; the resolver corrects single words that turn out
//! to be someone's surname.
//!
//! Not here: pronouns and which mentions are the same entity (see `resolve`).

pub(crate) mod features;
pub mod label;
pub mod model;

use crate::document::{Document, EntityKind, Mention, MentionForm};
use crate::lexicon::gazetteer::{self, PlaceKind};
use crate::lexicon::{CALENDAR, HONORIFICS, ORG_WORDS, title_at};
use crate::tag::Xpos;

/// Finds names of people, organisations and places.
#[derive(Debug, Default)]
pub struct Recognizer;

/// Words that may join proper nouns inside one name ("Department of Justice", "AT&T").
const CONNECTORS: &[&str] = &["of", "for", "&", "de", "du", "von", "van", "der", "al"];

impl Recognizer {
    /// Fills `doc.mentions` with the names in every sentence.
    pub fn recognize(&self, doc: &mut Document) {
        let mut mentions = Vec::new();
        for sentence in &doc.sentences {
            let range = sentence.tokens.clone();
            let words: Vec<&str> = range.clone().map(|i| doc.word(i)).collect();
            let tags: Vec<Xpos> = doc.tokens[range.clone()].iter().map(|t| t.xpos).collect();
            for (run, kind) in names(&words, &tags) {
                let tokens = range.start + run.start..range.start + run.end;
                let span = doc.tokens_span(tokens.clone());
                mentions.push(Mention {
                    span,
                    form: MentionForm::Name,
                    tokens,
                    kind,
                    entity: None,
                });
            }
        }
        doc.mentions = mentions;
    }
}

/// Countries and states, the places the recogniser types by name alone.
fn is_country_or_state(name: &str) -> bool {
    matches!(
        gazetteer::place_kind(name),
        Some(PlaceKind::Country | PlaceKind::State)
    )
}

fn is_name_token(word: &str, tag: Xpos) -> bool {
    tag.is_proper() && word.chars().any(char::is_alphanumeric) || word == "&"
}

/// The names of one sentence as token ranges (relative to the sentence) with their types.
pub fn names(words: &[&str], tags: &[Xpos]) -> Vec<(std::ops::Range<usize>, EntityKind)> {
    let mut out = Vec::new();
    let n = words.len();
    let mut i = 0;
    while i < n {
        if !is_name_token(words[i], tags[i]) || words[i] == "&" {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n {
            if is_name_token(words[j], tags[j]) {
                j += 1;
            } else if CONNECTORS.contains(&words[j])
                && j + 1 < n
                && is_name_token(words[j + 1], tags[j + 1])
                && joins(&words[i..j], words[j + 1])
            {
                j += 2;
            } else {
                break;
            }
        }
        split_run(words, i, j, &mut out);
        i = j;
    }
    out
}

/// Whether a connector may join `left` to the word after it: organisation heads
/// ("Department of Justice", "Bank of England"), places ("United States of America"), "&".
fn joins(left: &[&str], right: &str) -> bool {
    let last = left.last().copied().unwrap_or("");
    ORG_WORDS.contains(last)
        || is_country_or_state(&left.join(" "))
        || right.len() > 1 && left.len() == 1 && last.chars().all(char::is_uppercase)
}

/// Splits a run of proper nouns at titles and honorifics and types the pieces.
fn split_run(
    words: &[&str],
    start: usize,
    end: usize,
    out: &mut Vec<(std::ops::Range<usize>, EntityKind)>,
) {
    let mut s = start;
    let mut person = false;
    while s < end && HONORIFICS.contains(words[s]) {
        s += 1;
        person = true;
    }
    // "Tanzania Mr Brown": an honorific inside a run starts another name.
    if let Some(h) = (s + 1..end).find(|&k| HONORIFICS.contains(words[k])) {
        split_run(words, s, h, out);
        split_run(words, h, end, out);
        return;
    }
    // A title followed by a name: what precedes is the title's organisation or place.
    for t in s..end {
        if let Some(len) = title_at(&words[..end], t) {
            let after = t + len;
            let name_follows = after < end
                && !ORG_WORDS.contains(words[end - 1])
                && !ORG_WORDS.contains(words[after]);
            if name_follows {
                if t > s {
                    push(words, s, t, false, out);
                }
                push(words, after, end, true, out);
                return;
            }
        }
    }
    push(words, s, end, person, out);
}

fn push(
    words: &[&str],
    mut s: usize,
    mut e: usize,
    person: bool,
    out: &mut Vec<(std::ops::Range<usize>, EntityKind)>,
) {
    while s < e && (CALENDAR.contains(words[s]) || CONNECTORS.contains(&words[s])) {
        s += 1;
    }
    while e > s && (CALENDAR.contains(words[e - 1]) || CONNECTORS.contains(&words[e - 1])) {
        e -= 1;
    }
    if s >= e {
        return;
    }
    let next = words.get(e).copied().unwrap_or("");
    if let Some(kind) = classify(&words[s..e], person, next) {
        out.push((s..e, kind));
    }
}

/// The type of a name, or `None` when it is not an entity (a nationality used as adjective).
fn classify(name: &[&str], person: bool, next: &str) -> Option<EntityKind> {
    let joined = name.join(" ");
    if person {
        return Some(EntityKind::Person);
    }
    if is_country_or_state(&joined) {
        return Some(EntityKind::Place);
    }
    let first = name[0];
    let last = name[name.len() - 1];
    if ORG_WORDS.contains(last)
        || name.iter().any(|w| ORG_WORDS.contains(w)) && !gazetteer::is_first_name(first)
    {
        return Some(EntityKind::Organization);
    }
    if name.len() == 1 {
        let adjectival = next.starts_with(char::is_lowercase)
            && (gazetteer::demonym_country(first).is_some()
                || ["an", "ian", "ese", "ish", "im", "ic", "ist"]
                    .iter()
                    .any(|s| first.ends_with(s)));
        if adjectival || gazetteer::demonym_country(first).is_some() {
            return None;
        }
        let acronym = first.len() >= 2
            && first
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        if acronym {
            return Some(EntityKind::Organization);
        }
    }
    if gazetteer::is_first_name(first) {
        return Some(EntityKind::Person);
    }
    Some(EntityKind::Person)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tag::rules::Tagger;
    use crate::text::Segmenter;

    fn mentions(text: &str) -> Vec<String> {
        let mut doc = Document::new("t", text);
        Segmenter.segment(&mut doc);
        Tagger.tag(&mut doc);
        Recognizer.recognize(&mut doc);
        doc.mentions
            .iter()
            .map(|m| format!("{}/{}", doc.slice(m.span), m.kind.as_str()))
            .collect()
    }

    #[test]
    fn finds_and_types_names() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            ("U.S. Attorney General Jeff Sessions.", &["U.S./Place", "Jeff Sessions/Person"]),
            ("He met the FBI Director James Comey on Tuesday.", &["FBI/Organization", "James Comey/Person"]),
            ("NPR's Carrie Johnson called.", &["NPR/Organization", "Carrie Johnson/Person"]),
            ("A Justice Department spokeswoman declined.", &["Justice Department/Organization"]),
            ("The Department of Justice and the Bank of England agreed.", &["Department of Justice/Organization", "Bank of England/Organization"]),
            ("Possible Russian involvement in the Russian Federation.", &["Russian Federation/Place"]),
            ("ABC News first reported Tuesday that Mr. Smith resigned.", &["ABC News/Organization", "Smith/Person"]),
            ("President Donald Trump visited the White House.", &["Donald Trump/Person", "White House/Organization"]),
            ("The Justice Department spoke.", &["Justice Department/Organization"]),
        ];
        for (text, expected) in cases {
            assert_eq!(mentions(text), *expected, "{text:?}");
        }
    }
}
