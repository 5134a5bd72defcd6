//! Context cues that say what kind a name is, read around each of its mentions: "shares in
//! X" and "X's chief executive" make an organisation, "Mr X" and "X, 45," a person, "the town
//! of X" a place, "the film X" a work. They are evidence the recogniser's guess does not
//! weigh (it types a name mostly by the name itself), so they decide a name's type in its
//! document ([`super::agree_kinds`]) and, summed over documents, in the graph
//! (`KnowledgeGraph::merge_type_variants`).
//!
//! The patterns are a word list, `data/lexicon/kind-cues.txt`. Not here: deciding between the
//! votes (see the callers).

use crate::document::{Document, EntityKind, Mention};
use crate::lexicon::gazetteer;
use crate::lexicon::lines;
use crate::parse::FxMap;
use std::sync::LazyLock;

/// One pattern: the words right before the name (nearest first) and right after it.
#[derive(Debug)]
struct Cue {
    kind: EntityKind,
    before: Vec<&'static str>,
    after: Vec<&'static str>,
}

/// The patterns in file order (the first that fits wins), indexed by the word next to the
/// name: a mention is checked only against the patterns its neighbours can start.
#[derive(Debug, Default)]
struct Cues {
    list: Vec<Cue>,
    /// Pattern indices by their word right before the name, in lower case.
    by_before: FxMap<String, Vec<usize>>,
    /// Pattern indices with no word before the name, by their word right after it.
    by_after: FxMap<String, Vec<usize>>,
}

static CUES: LazyLock<Cues> = LazyLock::new(|| {
    let mut cues = Cues::default();
    for line in lines(include_str!("../../data/lexicon/kind-cues.txt")) {
        let Some((kind, pattern)) = line.split_once(':') else {
            continue;
        };
        let kind = match kind.trim() {
            "person" => EntityKind::Person,
            "org" => EntityKind::Organization,
            "place" => EntityKind::Place,
            "thing" => EntityKind::Other,
            _ => continue,
        };
        let words: Vec<&str> = pattern.split_whitespace().collect();
        let Some(at) = words.iter().position(|w| *w == "_") else {
            continue;
        };
        let cue = Cue {
            kind,
            before: words[..at].iter().rev().copied().collect(),
            after: words[at + 1..].to_vec(),
        };
        let (map, next) = match (cue.before.first(), cue.after.first()) {
            (Some(w), _) => (&mut cues.by_before, w),
            (None, Some(w)) => (&mut cues.by_after, w),
            (None, None) => continue,
        };
        map.entry(next.to_lowercase())
            .or_default()
            .push(cues.list.len());
        cues.list.push(cue);
    }
    cues
});

/// A token as the index of [`Cues`] spells it: lower case, every possessive ending as `'s`.
fn index_form(word: &str) -> String {
    if word_is("'s", word) {
        "'s".to_string()
    } else {
        word.to_lowercase()
    }
}

/// Whether the token `word` is the pattern's word `want`.
fn word_is(want: &str, word: &str) -> bool {
    match want {
        "'s" => matches!(word, "'s" | "’s" | "'" | "’"),
        "<age>" => word
            .parse::<u32>()
            .is_ok_and(|n| (1..=110).contains(&n) && !word.starts_with('0')),
        "<name>" => word.starts_with(char::is_uppercase),
        _ if want.starts_with(char::is_uppercase) => word == want,
        _ => word.eq_ignore_ascii_case(want),
    }
}

/// The kind a context cue around name mention `m` says it is, if any. A name whose own words
/// decide its type for the recogniser gets none ("best actress Oscar", "the Finance Bill"),
/// and a name the gazetteer knows for a place only the cues of a place ("shares in London",
/// "Wales boss" use the place for its market or team). A cue before the name does not hold
/// when the name owns what follows ("chief executive of Lee's company"), nor an age in a list
/// of numbers; a name with a digit in it is no person ("Windows 95, 98, ME").
pub fn cue_kind(doc: &Document, m: &Mention) -> Option<EntityKind> {
    let sentence = doc
        .sentences
        .get(doc.sentence_of(m.tokens.start))?
        .tokens
        .clone();
    let word_at = |i: usize| (i < sentence.end).then(|| doc.word(i));
    let before = (m.tokens.start > sentence.start)
        .then(|| {
            CUES.by_before
                .get(&index_form(doc.word(m.tokens.start - 1)))
        })
        .flatten();
    let after = word_at(m.tokens.end).and_then(|w| CUES.by_after.get(&index_form(w)));
    let mut candidates: Vec<usize> = before.into_iter().chain(after).flatten().copied().collect();
    if candidates.is_empty() {
        return None;
    }
    candidates.sort_unstable();
    let possessed = word_at(m.tokens.end).is_some_and(|w| word_is("'s", w));
    let fits = |cue: &&Cue| {
        let next = word_at(m.tokens.end + cue.after.len());
        cue.before.len() <= m.tokens.start - sentence.start
            && cue.after.len() <= sentence.end.saturating_sub(m.tokens.end)
            && !(cue.after.is_empty() && possessed)
            && !(cue.after.contains(&"<age>")
                && next.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit())))
            && cue
                .before
                .iter()
                .enumerate()
                .all(|(k, w)| word_is(w, doc.word(m.tokens.start - 1 - k)))
            && cue
                .after
                .iter()
                .enumerate()
                .all(|(k, w)| word_is(w, doc.word(m.tokens.end + k)))
    };
    let mut found = candidates
        .iter()
        .map(|&i| &CUES.list[i])
        .filter(fits)
        .peekable();
    found.peek()?;
    let name = doc.slice(m.span);
    let words: Vec<&str> = m.tokens.clone().map(|i| doc.word(i)).collect();
    if crate::ner::kind_by_words(&words, name).is_some() {
        return None;
    }
    let place = gazetteer::place_kind(name).is_some() || gazetteer::is_uk_nation(name);
    let digits = name.contains(|c: char| c.is_ascii_digit());
    found
        .find(|cue| {
            (!place || cue.kind == EntityKind::Place) && !(digits && cue.kind == EntityKind::Person)
        })
        .map(|cue| cue.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;

    /// The cue of each name mention, as `name: Kind`.
    fn cues(text: &str) -> Vec<String> {
        let mut doc = Document::new("t", text);
        Pipeline::new().process(&mut doc);
        doc.mentions
            .iter()
            .filter(|m| m.form == crate::document::MentionForm::Name)
            .filter_map(|m| Some(format!("{}: {:?}", doc.slice(m.span), cue_kind(&doc, m)?)))
            .collect()
    }

    #[test]
    fn cues_around_names() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            ("Shares in Brontel fell 5% on Monday.", &["Brontel: Organization"]),
            ("Brontel's chief executive resigned.", &["Brontel: Organization"]),
            ("Marvos' shareholders were angry.", &["Marvos: Organization"]),
            ("A Quorvex spokesman declined to comment.", &["Quorvex: Organization"]),
            ("Mr Tallis left early.", &["Tallis: Person"]),
            ("Anna Tallis, 45, was arrested.", &["Anna Tallis: Person"]),
            ("Anna Tallis, 2004, was arrested.", &[]),
            ("Tallis's wife was not there.", &["Tallis: Person"]),
            ("Floods cut off the town of Brackwater.", &["Brackwater: Place"]),
            ("She stars in the film Harriet Lowe.", &["Harriet Lowe: Other"]),
            ("Harriet Lowe, directed by Sam Pike, opened.", &["Harriet Lowe: Other"]),
            ("The rock band Corvane played in Leeds.", &["Corvane: Organization"]),
            ("The Corvane singer Ann Pike quit the band.", &["Corvane: Organization", "Ann Pike: Person"]),
            ("The striker Tallis scored.", &["Tallis: Person"]),
            ("Ann Pike won a Veltry nomination.", &["Veltry: Other"]),
            // A name its own words type is left alone: an award, not the actress.
            ("She won the best actress Oscar.", &[]),
            // A known place is a place whatever is said of it; "miss" is no honorific.
            ("Britain's chief executive resigned.", &[]),
            ("Shares in London fell.", &[]),
            ("He will miss Tallis.", &[]),
            ("He will captain Wales.", &[]),
            // The name owns what the cue's words describe.
            ("The chief executive of Brontel's parent resigned.", &[]),
            // A list of numbers, not an age.
            ("It runs Quorvex 95, 98, and later.", &[]),
            ("It runs Quorvex 95, 98, ME and later.", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(cues(text), *expected, "{text}");
        }
    }
}
