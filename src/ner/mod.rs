//! Named-entity mentions: people, organisations and places.
//!
//! [`Recognizer::recognize_with_model`] (the pipeline's default) takes the entities of the
//! trained tagger ([`model::EntityTagger`]) and applies the conventions of the graph to them:
//! titles and honorifics stay outside names, run-on spans are cut where lower-case words
//! start, nationalities are not entities, and a name found once is found again in the rest of
//! its document (a surname such as "Sessions" that is also a common noun).
//!
//! [`Recognizer::recognize`], the older rule-based recogniser, reads runs of proper nouns, splits them at job titles and
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
use crate::lexicon::{
    CALENDAR, HONORIFICS, ORG_WORDS, THING_WORDS, party_canonical, plural_title, title_at,
};
use crate::ner::label::{EntityType, chunks};
use crate::ner::model::EntityTagger;
use crate::parse::{FxHasher, FxMap};
use crate::tag::{Upos, Xpos};
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// A set hashed with [`FxHasher`], as the maps of [`propagate`] are.
type FxSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

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

    /// Fills `doc.mentions` from the trained entity tagger, then applies the same
    /// conventions as the rules: titles and honorifics are not part of a name ("Attorney
    /// General Jeff Sessions" names a person, "Jeff Sessions"), countries and states are
    /// places whatever the context, and a nationality is not an entity of its own.
    pub fn recognize_with_model(&self, doc: &mut Document, tagger: &EntityTagger) {
        let words: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.tokens.clone().map(|i| doc.word(i)).collect())
            .collect();
        let labels = tagger.tag_document(&words);
        let mut mentions = Vec::new();
        for ((sentence, words), labels) in doc.sentences.iter().zip(&words).zip(&labels) {
            let start = sentence.tokens.start;
            let tags: Vec<Xpos> = doc.tokens[sentence.tokens.clone()]
                .iter()
                .map(|t| t.xpos)
                .collect();
            for (mut range, etype) in chunks(labels) {
                if matches!(etype, EntityType::Org | EntityType::Misc) {
                    range.start = start_left(words, &tags, range.start);
                }
                for (run, kind) in refine(words, &tags, range, etype) {
                    let tokens = start + run.start..start + run.end;
                    // "Tory MP Boris Johnson": the tagger ran the title into the party and
                    // then began the person again; the halves are one name.
                    if let Some(last) = mentions.last_mut().filter(|m: &&mut Mention| {
                        m.kind == EntityKind::Person
                            && kind == EntityKind::Person
                            && m.tokens.end == tokens.start
                            && m.tokens.start >= start
                    }) {
                        last.tokens.end = tokens.end;
                        last.span = doc.tokens_span(last.tokens.clone());
                        continue;
                    }
                    mentions.push(Mention {
                        span: doc.tokens_span(tokens.clone()),
                        form: MentionForm::Name,
                        tokens,
                        kind,
                        entity: None,
                    });
                }
            }
        }
        nationality_owners(doc, &mut mentions);
        web_names(doc, &mut mentions);
        propagate(doc, &mut mentions);
        mark_proper(doc, &mentions);
        doc.mentions = mentions;
    }
}

/// Whether a title is an office of a state, held for a country ("president", "foreign
/// minister", "ambassador"), rather than a job anyone of that nationality may do ("British
/// director", "Brazilian striker").
fn state_office(title: &str) -> bool {
    const OFFICES: &[&str] = &[
        "president",
        "president-elect",
        "premier",
        "minister",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "ambassador",
        "envoy",
        "leader",
    ];
    let last = title.rsplit(' ').next().unwrap_or(title);
    OFFICES.contains(&last) || title == "foreign secretary" || title == "secretary of state"
}

/// Adds a place mention for a nationality just before a title of a state office ("Russian
/// President Vladimir Putin", "the French finance minister"): there it names the country whose
/// office the title is, though a nationality is otherwise no entity of its own. The resolver
/// names the place by its country.
fn nationality_owners(doc: &Document, mentions: &mut Vec<Mention>) {
    let taken = taken_tokens(doc, mentions);
    let mut added = Vec::new();
    for sentence in &doc.sentences {
        let range = sentence.tokens.clone();
        let words: Vec<&str> = range.clone().map(|i| doc.word(i)).collect();
        let mut k = 0;
        while k < words.len() {
            // The longest nationality first: "South African", "New Zealander".
            let owner = (1..=2.min(words.len() - k)).rev().find(|&n| {
                let demonym = |name: &str| gazetteer::nation_of(name).is_some();
                words[k].starts_with(char::is_uppercase)
                    && !taken[range.start + k..range.start + k + n].contains(&true)
                    && if n == 1 {
                        demonym(words[k])
                    } else {
                        demonym(&words[k..k + n].join(" "))
                    }
                    && title_at(&words, k + n).is_some_and(|len| {
                        state_office(&words[k + n..k + n + len].join(" ").to_lowercase())
                    })
            });
            match owner {
                Some(n) => {
                    let tokens = range.start + k..range.start + k + n;
                    added.push(Mention {
                        span: doc.tokens_span(tokens.clone()),
                        form: MentionForm::Name,
                        tokens,
                        kind: EntityKind::Place,
                        entity: None,
                    });
                    k += n;
                }
                None => k += 1,
            }
        }
    }
    add_mentions(mentions, added);
}

/// Adds the capitalised web names the tagger left out as organisations: "Amazon.com reported
/// profits", "chief revenue officer at Shopping.com". A web address in lower case
/// ("visit latinohiphopradio.com") names a site, not a body that acts, and stays out.
fn web_names(doc: &Document, mentions: &mut Vec<Mention>) {
    let taken = taken_tokens(doc, mentions);
    let added = (0..doc.tokens.len())
        .filter(|&i| !taken[i] && is_web_name(doc.word(i)))
        .map(|i| Mention {
            span: doc.tokens_span(i..i + 1),
            form: MentionForm::Name,
            tokens: i..i + 1,
            kind: EntityKind::Organization,
            entity: None,
        })
        .collect();
    add_mentions(mentions, added);
}

/// Whether a word is a capitalised domain name: "Amazon.com", "Sohu.com", "Grumbletext.co.uk".
fn is_web_name(word: &str) -> bool {
    let Some((stem, domain)) = word.split_once('.') else {
        return false;
    };
    word.starts_with(|c: char| c.is_ascii_uppercase())
        && stem.len() >= 2
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && matches!(domain, "com" | "net" | "org" | "biz" | "co.uk" | "org.uk")
}

/// Which tokens of the document the mentions cover.
fn taken_tokens(doc: &Document, mentions: &[Mention]) -> Vec<bool> {
    let mut taken = vec![false; doc.tokens.len()];
    for m in mentions {
        taken[m.tokens.clone()].fill(true);
    }
    taken
}

/// Adds mentions found by a later pass, keeping the list in document order.
fn add_mentions(mentions: &mut Vec<Mention>, added: Vec<Mention>) {
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| m.tokens.start);
    }
}

/// Adds the mentions the tagger missed of names it found elsewhere in the document: the
/// same capitalised words, or the last word of a person's full name ("Jeff Sessions" ...
/// "Sessions chose"). A name is one entity across its document, and a surname that is also a
/// common noun is easy to miss in a sentence of its own.
fn propagate(doc: &Document, mentions: &mut Vec<Mention>) {
    let mut names: FxMap<Vec<&str>, EntityKind> = FxMap::default();
    for m in mentions.iter() {
        let words: Vec<&str> = m.tokens.clone().map(|i| doc.word(i)).collect();
        if m.kind == EntityKind::Person && words.len() >= 2 {
            let last = words[words.len() - 1];
            if last.chars().count() > 1 {
                names.entry(vec![last]).or_insert(EntityKind::Person);
            }
        }
        // A nationality is a place only before a title, not wherever it recurs.
        if gazetteer::demonym_country(&words.join(" ")).is_none() {
            names.entry(words).or_insert(m.kind);
        }
    }
    if names.is_empty() {
        return;
    }
    let longest = names.keys().map(Vec::len).max().unwrap_or(0);
    let firsts: FxSet<&str> = names.keys().filter_map(|k| k.first().copied()).collect();
    let taken = taken_tokens(doc, mentions);
    let mut added = Vec::new();
    let mut words = Vec::new();
    for sentence in &doc.sentences {
        let range = sentence.tokens.clone();
        let mut i = range.start;
        while i < range.end {
            let word = doc.word(i);
            let starts_name = word.starts_with(char::is_uppercase) && firsts.contains(word);
            let found = (1..=longest.min(range.end - i)).rev().find_map(|n| {
                let span = i..i + n;
                if !starts_name || span.clone().any(|k| taken[k]) {
                    return None;
                }
                words.clear();
                words.extend(span.clone().map(|k| doc.word(k)));
                names.get(&words[..]).map(|&kind| (span, kind))
            });
            match found {
                Some((tokens, kind)) => {
                    i = tokens.end;
                    added.push(Mention {
                        span: doc.tokens_span(tokens.clone()),
                        form: MentionForm::Name,
                        tokens,
                        kind,
                        entity: None,
                    });
                }
                None => i += 1,
            }
        }
    }
    add_mentions(mentions, added);
}

/// Tags the words of names as proper nouns where the tagger took them for common words
/// ("Sessions" as a plural noun), so later stages read a name as a name.
fn mark_proper(doc: &mut Document, mentions: &[Mention]) {
    for m in mentions {
        for i in m.tokens.clone() {
            let word_is_capitalised = doc.word(i).starts_with(char::is_uppercase);
            let t = &mut doc.tokens[i];
            if word_is_capitalised && t.xpos != Xpos::NNP && t.xpos.is_noun() {
                t.xpos = Xpos::NNP;
                t.upos = Upos::PROPN;
                t.lemma = doc.text[t.span.range()].into();
            }
        }
    }
}

/// Where an organisation's or a work's name starts when the tagger began it one word late: a
/// proper noun just before it belongs to the name ("Congressional Budget Office", "the Sunday
/// Telegraph", "Saint Bernard Software"), unless it opens the sentence, is a place or
/// nationality, a compound adjective ("US-based"), a title or honorific ("US Congress",
/// "Tory MP"), or a date ("on Sunday Microsoft said", "the April IMF report"). One word only: two names side by side
/// are rarer than a two-word start the tagger missed.
fn start_left(words: &[&str], tags: &[Xpos], start: usize) -> usize {
    let Some(k) = start.checked_sub(1).filter(|&k| k > 0) else {
        return start;
    };
    let w = words[k];
    // A capital before it may only be the sentence's first word ("Past Congressional ...").
    let name_before = words[k - 1].starts_with(char::is_uppercase)
        && (k > 1 || matches!(tags[k - 1], Xpos::NNP | Xpos::NNPS));
    let extends = matches!(tags[k], Xpos::NNP | Xpos::JJ)
        && tags[start].is_noun()
        && w.starts_with(char::is_uppercase)
        // "US-based ChevronTexaco", "Rosneft-owned Yugansk": a compound adjective describes.
        && !w.contains('-')
        && (titled_day(words, k) || !name_before && !CALENDAR.contains(w))
        && !HONORIFICS.contains(w)
        && title_at(words, k).is_none()
        && gazetteer::place_kind(w).is_none()
        && gazetteer::demonym_country(w).is_none();
    if extends { k } else { start }
}

/// Whether the day at `k` begins a title: "the Sunday Telegraph", "The Monday Club", against
/// "on Sunday" or "the April report".
fn titled_day(words: &[&str], k: usize) -> bool {
    const DAYS: &[&str] = &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    k > 0 && words[k - 1].eq_ignore_ascii_case("the") && DAYS.contains(&words[k])
}

/// Lower-case words that may stand inside a name, between capitalised words ("Bank of
/// England", "Securities and Exchange Commission").
const INNER: &[&str] = &[
    "of", "for", "and", "the", "de", "du", "von", "van", "der", "al", "la", "le", "da", "di",
    "del", "&",
];

/// Whether a word can carry a name: it starts with a capital or a digit ("G8", "2000").
fn name_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

/// The names inside one tagged entity, with their kinds: leading honorifics and titles are
/// dropped, a title or honorific inside splits the span ("U.S. Attorney General Jeff
/// Sessions", "Tanzania Mr Brown"), the span ends where lower-case words start (the tagger
/// sometimes runs an entity on: "the Bafta for best film, and added"), and nationalities,
/// adverbs and other words that are not names are skipped.
fn refine(
    words: &[&str],
    tags: &[Xpos],
    range: std::ops::Range<usize>,
    etype: EntityType,
) -> Vec<(std::ops::Range<usize>, EntityKind)> {
    let mut out = Vec::new();
    let (mut s, mut e) = (range.start, range.end);
    while s < e && !name_word(words[s]) {
        s += 1;
    }
    let mut k = s;
    while k < e {
        if name_word(words[k]) {
            k += 1;
            continue;
        }
        let next = (k..e).find(|&j| !INNER.contains(&words[j]));
        match next {
            Some(j) if j > k && name_word(words[j]) => k = j,
            _ => break,
        }
    }
    e = k;
    while s < e
        && ((CALENDAR.contains(words[s]) && !titled_day(words, s))
            || CONNECTORS.contains(&words[s]))
    {
        s += 1;
    }
    while e > s && (CALENDAR.contains(words[e - 1]) || INNER.contains(&words[e - 1])) {
        e -= 1;
    }
    if s >= e || !(s..e).any(|k| tags[k].is_noun() || tags[k].is_adjective() || tags[k] == Xpos::CD)
    {
        return out;
    }
    if let Some(h) = (s + 1..e).find(|&k| HONORIFICS.contains(words[k])) {
        out.extend(refine(words, tags, s..h, etype));
        out.extend(refine(words, tags, h..e, EntityType::Per));
        return out;
    }
    let mut honorific = false;
    while s < e && HONORIFICS.contains(words[s]) {
        s += 1;
        honorific = true;
    }
    // A title inside the span: what precedes it is the title's place or organisation, what
    // follows (if anything) is a person ("US President Donald Trump", "US President").
    for t in s..e {
        // "Department of Justice": a title after "of" is part of an organisation's name.
        let inside_name = t > s && INNER.contains(&words[t - 1]);
        if let Some(len) = title_at(&words[..e], t).filter(|_| !inside_name) {
            let after = t + len;
            // "CL King & Associates": a title joined by "&" is part of an organisation's name.
            if words.get(after) == Some(&"&") {
                continue;
            }
            if after < e && !name_word(words[after]) {
                return title_run_on(words, tags, s..e, t, after, etype);
            }
            let name_follows = names_holder(words, t..after, e);
            if name_follows || after == e {
                out.extend(title_owner(words, s..t));
                if name_follows {
                    out.push((after..e, EntityKind::Person));
                }
                return out;
            }
        }
    }
    // "Tory Dominic Grieve", "Lib Dem Norman Baker": a party before a full name is the
    // person's party, not part of the name.
    if let Some(party) = party_at(words, s).filter(|p| p.end < e && e - p.end >= 2) {
        // Not "Conservative Party Conference": a first name must follow.
        if gazetteer::is_first_name(words[party.end]) && name_word(words[party.end]) {
            out.push((party.clone(), EntityKind::Organization));
            out.extend(refine(words, tags, party.end..e, EntityType::Per));
            return out;
        }
    }
    // "general secretary of the union Unison Dave Prentis", "Chancellor of the Exchequer
    // Gordon Brown": after a title's "of" phrase, a full name at the end of the span is the
    // title's holder, not part of the organisation's name.
    if etype != EntityType::Per
        && e - s >= 3
        && gazetteer::is_first_name(words[e - 2])
        && name_word(words[e - 2])
        && name_word(words[e - 1])
        && !ORG_WORDS.contains(words[e - 1])
        && after_title_phrase(words, tags, range.start)
    {
        out.extend(refine(words, tags, s..e - 2, etype));
        out.push((e - 2..e, EntityKind::Person));
        return out;
    }
    // "American Andy Roddick": a nationality before a full name describes the person, whom
    // the tagger may have taken for something else along with it.
    if e - s >= 3
        && gazetteer::is_first_name(words[s + 1])
        && name_word(words[s + 1])
        && is_nationality(words[s])
    {
        out.extend(refine(words, tags, s + 1..e, EntityType::Per));
        return out;
    }
    if s >= e {
        return out;
    }
    let name = &words[s..e];
    // "his Muslim ban", "Russian involvement": an adjective alone is not a name.
    if e - s == 1
        && (tags[s].is_adjective() || thing_word_alone(words, tags, s) || plural_acronym(words[s]))
    {
        return out;
    }
    let joined = name.join(" ");
    // "an Israeli", "South Koreans": a nationality is no entity of its own, whatever the
    // tagger's type (before a title it names a country: see `nationality_owners`).
    if !honorific && is_nationality(&joined) {
        return out;
    }
    // "R&B singer Usher": a kind of music is no entity either.
    if MUSIC_GENRES.contains(&joined.as_str()) {
        return out;
    }
    let kind = if honorific {
        EntityKind::Person
    } else if party_at(words, s) == Some(s..e) {
        // "Tory", "Lib Dems": a party, whatever the tagger's type.
        EntityKind::Organization
    } else if let Some(kind) = kind_by_words(name, &joined) {
        kind
    } else if ORG_WORDS.contains(name[name.len() - 1]) {
        EntityKind::Organization
    } else {
        match etype {
            EntityType::Per => EntityKind::Person,
            EntityType::Org => EntityKind::Organization,
            EntityType::Loc => EntityKind::Place,
            EntityType::Misc => {
                // "Russian", "South African", "London-based": nationalities and other
                // adjectives describe something else rather than name an entity.
                let adjectival = (s..e).all(|k| tags[k].is_adjective());
                if adjectival {
                    return out;
                }
                EntityKind::Other
            }
        }
    };
    out.push((s..e, kind));
    out
}

/// Whether the words before `start` end a title's prepositional phrase: a title, then "of",
/// "to" or "for", then at most the article and a few lower-case modifiers ("head of the
/// troubled", "Chief Secretary to the"). Not "at": "economist at JP Morgan Chase" names a
/// firm whose name holds a first name.
fn after_title_phrase(words: &[&str], tags: &[Xpos], start: usize) -> bool {
    let mut i = start;
    while i > 0
        && start - i < 5
        && (words[i - 1] == "the"
            || (tags[i - 1].is_adjective() || tags[i - 1].is_noun() || tags[i - 1] == Xpos::VBN)
                && words[i - 1].starts_with(|c: char| c.is_lowercase()))
    {
        i -= 1;
    }
    if i == 0 || !matches!(words[i - 1], "of" | "to" | "for") {
        return false;
    }
    let p = i - 1;
    (p.saturating_sub(4)..p).any(|t| title_at(&words[..p], t) == Some(p - t))
}

/// The words of a party's name starting at `k`, the longest first; "Dem" after "Lib" reaches
/// back to it, since the tagger often leaves "Lib" out.
fn party_at(words: &[&str], k: usize) -> Option<std::ops::Range<usize>> {
    let word = *words.get(k)?;
    if k > 0 && matches!(word, "Dem" | "Dems") && words[k - 1] == "Lib" {
        return Some(k - 1..k + 1);
    }
    (1..=2.min(words.len() - k))
        .rev()
        .find(|&n| party_canonical(&words[k..k + n].join(" ")).is_some())
        .map(|n| k..k + n)
}

/// A title followed by a lower-case word inside a span (`s..e`, title `t..after`): "the Queen
/// and Duke of Edinburgh" names two holders, so what follows "and" is refined on its own;
/// "Secretary of Energy Spencer Abraham" runs the title on through its "of" phrase up to the
/// holder's first name; with no first name, "Prince of Wales" is its holder's name when the
/// tagger said person, and no name otherwise ("Player of the Year"). What precedes the title
/// is its place or organisation, as for any title.
fn title_run_on(
    words: &[&str],
    tags: &[Xpos],
    span: std::ops::Range<usize>,
    t: usize,
    after: usize,
    etype: EntityType,
) -> Vec<(std::ops::Range<usize>, EntityKind)> {
    let (s, e) = (span.start, span.end);
    let mut out: Vec<_> = title_owner(words, s..t).into_iter().collect();
    if words[after] == "and" {
        out.extend(refine(words, tags, after + 1..e, etype));
        return out;
    }
    let holder = (after + 1..e.saturating_sub(1)).find(|&f| {
        gazetteer::is_first_name(words[f]) && name_word(words[f]) && name_word(words[f + 1])
    });
    match holder {
        Some(f) => out.push((f..e, EntityKind::Person)),
        None if etype == EntityType::Per => out.push((t..e, EntityKind::Person)),
        None => {}
    }
    out
}

/// The words before a title inside a span, if any, as the title's place (a country or
/// state: "US President") or organisation ("Tory MP").
fn title_owner(
    words: &[&str],
    before: std::ops::Range<usize>,
) -> Option<(std::ops::Range<usize>, EntityKind)> {
    if before.is_empty() {
        return None;
    }
    let owner = words[before.clone()].join(" ");
    // "Welsh Health Minister Jane Hutt": a nationality names its country (or nation).
    let kind = if is_country_or_state(&owner) || gazetteer::nation_of(&owner).is_some() {
        EntityKind::Place
    } else {
        EntityKind::Organization
    };
    Some((before, kind))
}

/// Whether the words after the title `title`, up to `end`, name the person holding it: not
/// when they start or end with an organisation word (an organisation's name) or end the name
/// of a thing ("the Criminal Justice Bill"), nor after a plural title, which is no one's
/// ("Queens Park Rangers").
fn names_holder(words: &[&str], title: std::ops::Range<usize>, end: usize) -> bool {
    title.end < end
        && !ORG_WORDS.contains(words[end - 1])
        && !ORG_WORDS.contains(words[title.end])
        && !names_a_thing(&words[title.start..end])
        && !plural_title(&words[title])
}

/// The type a name's own words decide, whatever the tagger's: a country, state, street or
/// stadium is a place; an award, event, law or show a thing.
pub(crate) fn kind_by_words(name: &[&str], joined: &str) -> Option<EntityKind> {
    if is_country_or_state(joined) || names_a_site(name) {
        Some(EntityKind::Place)
    } else if names_a_thing(name) || names_an_award(joined) {
        Some(EntityKind::Other)
    } else {
        None
    }
}

/// Whether a name of two or more words ends in a word such as "Award" or "Act", which makes
/// it an award, event, law or show whatever precedes it ("Satyajit Ray Award"), or has such
/// a word before "for", "of" or "in" ("Peter Sellers Award For Comedy").
fn names_a_thing(name: &[&str]) -> bool {
    let n = name.len();
    n > 1
        && (THING_WORDS.contains(name[n - 1])
            || (1..n - 1).any(|i| {
                THING_WORDS.contains(name[i])
                    && ["for", "of", "in"]
                        .iter()
                        .any(|p| name[i + 1].eq_ignore_ascii_case(p))
            }))
}

/// Whether a word is an acronym in the plural ("PCs", "DVDs", "MPs"): things or people of a
/// kind, not a name.
fn plural_acronym(word: &str) -> bool {
    word.strip_suffix('s')
        .is_some_and(|stem| stem.len() >= 2 && stem.chars().all(|c| c.is_ascii_uppercase()))
}

/// Whether the word at `i` is a word such as "Award", "Cup" or "Bill" on its own, which
/// only ends a name: "won the Cup", "the Bill passes through the Commons", "the Finance
/// Bill" (whose first word the tagger left out). Not "Olympics" or "Open", events by
/// themselves, nor a first name after anything but a determiner or another name's word
/// ("Oh, Bill").
fn thing_word_alone(words: &[&str], tags: &[Xpos], i: usize) -> bool {
    let w = words[i];
    if !THING_WORDS.contains(w) || matches!(w, "Olympics" | "Open") {
        return false;
    }
    !gazetteer::is_first_name(w)
        || i > 0
            && (matches!(tags[i - 1], Xpos::DT | Xpos::PRPS | Xpos::POS)
                || words[i - 1].starts_with(char::is_uppercase))
}

/// Whether a name ends in a word such as "Street" or "Stadium", which makes it a place
/// ("Downing Street", "Millennium Stadium", "Edinburgh Airport"), unless it starts with a
/// first name ("Nathan Lane" is not in the list, but "George Street" may be a person).
fn names_a_site(name: &[&str]) -> bool {
    const SITES: &[&str] = &[
        "Street",
        "Road",
        "Avenue",
        "Boulevard",
        "Square",
        "Stadium",
        "Airport",
    ];
    name.len() > 1 && SITES.contains(&name[name.len() - 1]) && !gazetteer::is_first_name(name[0])
}

/// Whether a name is a nationality ("Russian", "South Koreans") and not also a country's
/// name ("Djibouti").
fn is_nationality(name: &str) -> bool {
    !is_country_or_state(name)
        && (gazetteer::nation_of(name).is_some() || MORE_DEMONYMS.contains(&name))
}

/// Kinds of music the tagger takes for names ("R&B star Beverley Knight").
const MUSIC_GENRES: &[&str] = &["R&B", "Hip-Hop", "Hip-hop", "Hip Hop", "Britpop"];

/// Words for peoples that neither the country list nor [`gazetteer::nation_of`] has ("an
/// Englishman", "Britons"), and adjectives of a continent or the Games: no entity alone,
/// whatever the tagger's type.
const MORE_DEMONYMS: &[&str] = &[
    "Englishman",
    "Englishmen",
    "Englishwoman",
    "Welshman",
    "Scot",
    "Scotsman",
    "Briton",
    "Britons",
    "Brit",
    "Brits",
    "Spaniard",
    "Spaniards",
    "Dane",
    "Danes",
    "Swede",
    "Swedes",
    "Finns",
    "Pole",
    "Poles",
    "Turk",
    "Turks",
    "Frenchman",
    "Frenchmen",
    "Dutchman",
    "Dutchmen",
    "Irishman",
    "Aussie",
    "Aussies",
    "European",
    "Europeans",
    "African",
    "Africans",
    "Asian",
    "Asians",
    "Olympic",
    "Paralympic",
];

/// Awards whose one-word names are also first names or plain words: a thing, not a person
/// ("Bafta" is also the academy that gives them).
fn names_an_award(name: &str) -> bool {
    matches!(
        name,
        "Oscar" | "Oscars" | "Baftas" | "Grammy" | "Grammys" | "Emmy" | "Emmys"
    )
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
            let name_follows = names_holder(words, t..after, end);
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
    while s < e
        && ((CALENDAR.contains(words[s]) && !titled_day(words, s))
            || CONNECTORS.contains(&words[s]))
    {
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
    if let Some(kind) = kind_by_words(name, &joined) {
        return Some(kind);
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

    fn model_mentions(text: &str) -> Vec<String> {
        let mut doc = Document::new("t", text);
        Segmenter.segment(&mut doc);
        crate::tag::pos::PosTagger::embedded().tag(&mut doc);
        Recognizer.recognize_with_model(&mut doc, EntityTagger::embedded());
        doc.mentions
            .iter()
            .map(|m| format!("{}/{}", doc.slice(m.span), m.kind.as_str()))
            .collect()
    }

    #[test]
    fn model_names_follow_graph_conventions() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            // A title inside the tagged span splits it; an honorific is dropped.
            ("U.S. Attorney General Jeff Sessions spoke.", &["U.S./Place", "Jeff Sessions/Person"]),
            ("Mr Brown met Tony Blair in London.", &["Brown/Person", "Tony Blair/Person", "London/Place"]),
            // A surname found later in the document is the same person.
            ("Jeff Sessions spoke. Sessions chose to stay.", &["Jeff Sessions/Person", "Sessions/Person"]),
            // Nationalities are not entities of their own, but before the title of a state
            // office they name its country; elsewhere, even where the text repeats them, not.
            ("The Russian ambassador met French officials.", &["Russian/Place"]),
            ("The Russian ambassador met Russian officials.", &["Russian/Place"]),
            ("French officials met the British director Mike Leigh.", &["Mike Leigh/Person"]),
            // A party before a full name is the person's party; a party's own names stay.
            ("But Tory Dominic Grieve disagreed.", &["Tory/Organization", "Dominic Grieve/Person"]),
            ("But Lib Dem Norman Baker disagreed.", &["Lib Dem/Organization", "Norman Baker/Person"]),
            ("American Andy Roddick won.", &["Andy Roddick/Person"]),
            // A title inside the name of a thing does not split it.
            ("MPs passed the Criminal Justice Bill.", &["Criminal Justice Bill/Other"]),
            ("R&B singer Dana Lowe won.", &["Dana Lowe/Person"]),
            // A capitalised web name is an organisation; a lower-case address is not.
            ("Shares in Bookfind.com fell after it met analysts from bookfind.com.", &["Bookfind.com/Organization"]),
            // A full name after a title's "of" phrase holds the title.
            ("The general secretary of the public sector union Amicus Derek Simpson spoke.", &["Amicus/Organization", "Derek Simpson/Person"]),
            ("The head of the troubled Rail Regulation Office Tom Winsor resigned.", &["Rail Regulation Office/Organization", "Tom Winsor/Person"]),
            ("An economist at JP Morgan Chase spoke.", &["JP Morgan Chase/Organization"]),
            ("She spoke at the Conservative Party Conference.", &["Conservative Party Conference/Other"]),
            // Organisation words decide the type.
            ("A Justice Department spokeswoman declined.", &["Justice Department/Organization"]),
            // An organisation begun a word late by the tagger starts at the proper noun
            // before it; a day starts a name only after "the".
            ("Past Congressional Budget Office (CBO) forecasts said so.", &["Congressional Budget Office/Organization", "CBO/Organization"]),
            ("The Sunday Telegraph reported it.", &["Sunday Telegraph/Organization"]),
            ("On Sunday Microsoft said it would.", &["Microsoft/Organization"]),
            // A title run into the party before the name does not split the person.
            ("Tory MP Boris Johnson spoke.", &["Tory/Organization", "Boris Johnson/Person"]),
            // A name ending in "Award", "Cup", "Act" names a thing, not a person or a place.
            ("The Woodsman won the Satyajit Ray Award on Thursday.", &["Woodsman/Person", "Satyajit Ray Award/Other"]),
            ("They reached the Heineken Cup final.", &["Heineken Cup/Other"]),
            // Also before "for", "of", "in" (was a person "Peter Sellers Award For Comedy").
            ("Simon Pegg won the Peter Sellers Award For Comedy.", &["Simon Pegg/Person", "Peter Sellers Award For Comedy/Other"]),
            // Such a word alone is no name; "Bill" is one only as a first name.
            ("Slovakia won the Cup in 1998.", &["Slovakia/Place"]),
            ("The Lib Dems will oppose the Bill in the Lords.", &["Lib Dems/Organization"]),
            ("A shortened Finance Bill would have to be rushed through.", &[]),
            ("Bill said he would go.", &["Bill/Person"]),
            // A street, square, stadium or airport is a place (was a person "Downing
            // Street", taking the pronouns after it), unless a first name begins it.
            ("Downing Street said she was speaking as a lawyer.", &["Downing Street/Place"]),
            ("Wales play at the Millennium Stadium.", &["Wales/Place", "Millennium Stadium/Place"]),
            // An acronym in the plural is no name; the acronym itself is.
            ("High-definition DVDs will cut down on that need.", &[]),
            ("The BBC sold DVDs of the series.", &["BBC/Organization"]),
            // Peoples the country list lacks are no entities; an award is a thing.
            ("The Welsh beat the English at Cardiff.", &["Cardiff/Place"]),
            ("Hilary Swank won an Oscar.", &["Hilary Swank/Person", "Oscar/Other"]),
            // Peerages are honorifics, not part of the name.
            ("Lords Leader Baroness Amos and Baroness Royall spoke.", &["Lords/Organization", "Amos/Person", "Royall/Person"]),
            // A title in the plural does not split a name.
            ("Luton beat Queens Park Rangers.", &["Luton/Organization", "Queens Park Rangers/Organization"]),
        ];
        for (text, expected) in cases {
            assert_eq!(model_mentions(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn refine_cuts_run_on_spans() {
        use EntityType::*;
        let words = ["the", "Bafta", "for", "best", "film", ",", "and", "added"];
        let tags = [
            Xpos::DT,
            Xpos::NNP,
            Xpos::IN,
            Xpos::JJS,
            Xpos::NN,
            Xpos::Comma,
            Xpos::CC,
            Xpos::VBD,
        ];
        assert_eq!(
            refine(&words, &tags, 1..8, Org),
            vec![(1..2, EntityKind::Organization)]
        );
        let words = ["Bank", "of", "England", "said"];
        let tags = [Xpos::NNP, Xpos::IN, Xpos::NNP, Xpos::VBD];
        assert_eq!(
            refine(&words, &tags, 0..3, Org),
            vec![(0..3, EntityKind::Organization)]
        );
        let words = ["Tanzania", "Mr", "Brown"];
        let tags = [Xpos::NNP, Xpos::NNP, Xpos::NNP];
        assert_eq!(
            refine(&words, &tags, 0..3, Org),
            vec![(0..1, EntityKind::Place), (2..3, EntityKind::Person)]
        );
    }

    #[test]
    fn refine_titles_followed_by_lower_case() {
        use EntityKind::{Organization, Person, Place};
        type Name = (std::ops::Range<usize>, EntityKind);
        // Words with their tags after "/", the tagger's span and type, the names refined.
        #[rustfmt::skip]
        let cases: &[(&str, EntityType, &[Name])] = &[
            // Two holders joined by "and": the second is refined on its own.
            ("Queen/NNP and/CC Duke/NNP of/IN Edinburgh/NNP", EntityType::Per, &[(2..5, Person)]),
            ("Queen/NNP and/CC Prince/NNP Philip/NNP", EntityType::Per, &[(3..4, Person)]),
            // The title's "of" phrase runs on to the holder's first name.
            ("US/NNP Secretary/NNP of/IN Energy/NNP Spencer/NNP Abraham/NNP", EntityType::Per, &[(0..1, Place), (4..6, Person)]),
            // No first name: the title phrase names a person only if the tagger said so.
            ("Prince/NNP of/IN Wales/NNP", EntityType::Per, &[(0..3, Person)]),
            ("World/NNP Player/NNP of/IN the/DT Year/NNP", EntityType::Misc, &[(0..1, Organization)]),
            // A title joined by "&" is a word of an organisation's name.
            ("CL/NNP King/NNP &/CC Associates/NNPS", EntityType::Org, &[(0..4, Organization)]),
        ];
        for (text, etype, expected) in cases {
            let (words, tags): (Vec<&str>, Vec<Xpos>) = text
                .split(' ')
                .map(|wt| {
                    let (w, t) = wt.rsplit_once('/').unwrap();
                    (w, Xpos::parse(t).unwrap())
                })
                .unzip();
            assert_eq!(
                refine(&words, &tags, 0..words.len(), *etype),
                *expected,
                "{text:?}"
            );
        }
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
            ("The Hunting Act came into force.", &["Hunting Act/Other"]),
        ];
        for (text, expected) in cases {
            assert_eq!(mentions(text), *expected, "{text:?}");
        }
    }
}
