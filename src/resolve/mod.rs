//! Mentions to entities within one document.
//!
//! Names are grouped by type and normalised form ("U.S.", "USA" and "United States" are one
//! place; "Russian Federation" is Russia), then short forms are attached to the full name they
//! abbreviate: a surname to the person ("Sessions" to "Jeff Sessions"), an acronym to its
//! expansion ("FBI", "Federal Bureau of Investigation"), "X Department" to "Department of X",
//! and a leading part to the longer organisation name ("ABC" to "ABC News"). Each entity is
//! labelled with its fullest name. Pronouns go to the subject of their sentence when it is a
//! person who came before them, else to the nearest person before them of a matching sex,
//! reading quotations as news writes them: a pronoun inside one is not its speaker, one outside
//! looks first at names outside, and after a quotation the story's own sentences return to its
//! main person unless the speaker goes on ("He added ..."). A noun phrase made of a title ("his
//! attorney general") goes to the one person known to hold it.
//!
//! Not here: identity across documents (the graph merges equal ids only).

mod cues;

use crate::document::{Document, Entity, EntityKind, KindVotes, Mention, MentionForm};
use crate::lexicon::gazetteer::{self, Sex};
use crate::lexicon::{OFFICE_KINDS, title_at};
use crate::relate::chunk::{VerbClass, verb_class};
use crate::tag::Xpos;
use std::collections::HashMap;

/// Groups mentions that name the same entity.
#[derive(Debug, Default)]
pub struct Resolver;

/// The form of a name used to group it: places by their gazetteer name, others as written
/// without a leading "the" and with curly apostrophes straightened.
fn key(kind: EntityKind, name: &str) -> String {
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    let name = name.replace('’', "'");
    if kind == EntityKind::Organization {
        if let Some(party) = crate::lexicon::party_canonical(&name) {
            return party.to_string();
        }
    }
    if kind == EntityKind::Place {
        if let Some(c) = gazetteer::country_canonical(&name) {
            return (*c).to_string();
        }
        // A nationality standing for its country ("the Venezuelan president").
        if let Some(c) = gazetteer::nation_of(&name) {
            return c.to_string();
        }
    }
    name
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "&"))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// Whether `short` is the initials of `long` ("BA", "British Airways").
fn is_acronym_of(short: &str, long: &str) -> bool {
    short.len() >= 2 && short.chars().all(|c| c.is_uppercase()) && initials(long) == short
}

/// Regions that, after a name, make a branch of it rather than the same entity.
const REGIONS: &[&str] = &[
    "Europe",
    "Asia",
    "Africa",
    "America",
    "Americas",
    "North America",
    "South America",
    "Latin America",
    "Middle East",
    "Asia Pacific",
    "Asia-Pacific",
    "Australasia",
    "International",
    "Worldwide",
    "England",
    "Scotland",
    "Wales",
    "Northern Ireland",
];

/// Whether `long` is `short` followed by a place: "Nintendo Europe", "BBC Scotland" are a
/// company's branches, reported as their own actors.
fn regional_branch(short: &str, long: &str) -> bool {
    long.strip_prefix(short)
        .and_then(|rest| rest.strip_prefix(' '))
        .is_some_and(|rest| REGIONS.contains(&rest) || gazetteer::place_kind(rest).is_some())
}

/// Whether org name `short` is another way of writing `long`.
fn same_org(short: &str, long: &str) -> bool {
    let acronym = is_acronym_of(short, long);
    let leading_part = long.starts_with(short)
        && long[short.len()..].starts_with(' ')
        && !regional_branch(short, long);
    // "Justice Department" / "Department of Justice".
    let reordered = match (short.split_once(' '), long.split_once(" of ")) {
        (Some((a, b)), Some((c, d))) => a == d && b == c,
        _ => false,
    };
    acronym || leading_part || reordered
}

impl Resolver {
    /// Fills `doc.entities`, each name mention's entity, and adds resolved pronoun and
    /// nominal mentions.
    pub fn resolve(&self, doc: &mut Document) {
        let mut entities: Vec<Entity> = Vec::new();
        let mut by_key: HashMap<(EntityKind, String), usize> = HashMap::new();
        let mut assignment: Vec<usize> = Vec::with_capacity(doc.mentions.len());
        let cues = agree_kinds(doc);
        for m in &doc.mentions {
            let text = doc.slice(m.span);
            let k = key(m.kind, text);
            let e = *by_key.entry((m.kind, k.clone())).or_insert_with(|| {
                entities.push(Entity {
                    name: k,
                    kind: m.kind,
                    aliases: Vec::new(),
                    mentions: 0,
                    cues: KindVotes::default(),
                });
                entities.len() - 1
            });
            assignment.push(e);
        }
        // Attach short forms to the full names they abbreviate.
        let mut parent: Vec<usize> = (0..entities.len()).collect();
        for (i, short) in entities.iter().enumerate() {
            let words: Vec<&str> = short.name.split_whitespace().collect();
            let target = entities.iter().enumerate().filter(|&(j, long)| {
                j != i
                    && long.name.len() > short.name.len()
                    && match (short.kind, long.kind) {
                        (_, EntityKind::Person) if words.len() == 1 => {
                            let lw: Vec<&str> = long.name.split_whitespace().collect();
                            lw.len() > 1
                                && !regional_branch(&short.name, &long.name)
                                && (lw.last() == words.first()
                                    || short.kind == EntityKind::Person
                                        && lw.first() == words.first())
                        }
                        (EntityKind::Organization, EntityKind::Organization) => {
                            same_org(&short.name, &long.name)
                                && gazetteer::place_kind(&short.name).is_none()
                        }
                        // "BA" for "British Airways", whatever the acronym was taken for.
                        (k, EntityKind::Organization) if k != EntityKind::Person => {
                            is_acronym_of(&short.name, &long.name)
                        }
                        _ => false,
                    }
            });
            // The most mentioned candidate wins; ambiguity between several is left unresolved.
            let candidates: Vec<usize> = target.map(|(j, _)| j).collect();
            if candidates.len() == 1 {
                parent[i] = candidates[0];
            }
        }
        let root = |mut i: usize| {
            while parent[i] != i {
                i = parent[i];
            }
            i
        };
        // Renumber the surviving entities in order of first mention.
        let mut new_index: HashMap<usize, usize> = HashMap::new();
        let mut merged: Vec<Entity> = Vec::new();
        for a in assignment.iter_mut() {
            let r = root(*a);
            let idx = *new_index.entry(r).or_insert_with(|| {
                merged.push(Entity {
                    name: entities[r].name.clone(),
                    kind: entities[r].kind,
                    aliases: Vec::new(),
                    mentions: 0,
                    cues: KindVotes::default(),
                });
                merged.len() - 1
            });
            *a = idx;
        }
        for ((m, &e), cue) in doc.mentions.iter_mut().zip(&assignment).zip(cues) {
            m.entity = Some(e);
            m.kind = merged[e].kind;
            let text = doc.text[m.span.range()].to_string();
            let ent = &mut merged[e];
            ent.mentions += 1;
            if let Some(kind) = cue {
                ent.cues.add(kind);
            }
            if !ent.aliases.contains(&text) {
                ent.aliases.push(text);
            }
        }
        doc.entities = merged;
        let mut extra = pronouns(doc);
        extra.extend(nominals(doc));
        for m in &extra {
            if let Some(e) = m.entity {
                doc.entities[e].mentions += 1;
            }
        }
        doc.mentions.extend(extra);
        doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        for e in &mut doc.entities {
            if !e.aliases.contains(&e.name) {
                e.aliases.push(e.name.clone());
            }
            e.aliases.sort();
        }
    }
}

/// Gives every name mention of a document one type: the type the context cues around its
/// mentions call it, when they clearly agree ("shares in X", "Mr X": see [`cues`]), else the
/// type most of its mentions have. A name is one entity throughout its document, even where
/// the recogniser typed one mention differently. Ties go to the earliest mention. Returns
/// each mention's cue.
fn agree_kinds(doc: &mut Document) -> Vec<Option<EntityKind>> {
    let names: Vec<String> = doc
        .mentions
        .iter()
        .map(|m| key(EntityKind::Other, doc.slice(m.span)))
        .collect();
    let found: Vec<Option<EntityKind>> = doc
        .mentions
        .iter()
        .map(|m| cues::cue_kind(doc, m))
        .collect();
    let mut votes: HashMap<&str, Vec<(EntityKind, usize)>> = HashMap::new();
    let mut cue_votes: HashMap<&str, KindVotes> = HashMap::new();
    for ((m, name), cue) in doc.mentions.iter().zip(&names).zip(&found) {
        let tally = votes.entry(name).or_default();
        match tally.iter_mut().find(|(k, _)| *k == m.kind) {
            Some((_, n)) => *n += 1,
            None => tally.push((m.kind, 1)),
        }
        if let Some(kind) = *cue {
            cue_votes.entry(name).or_default().add(kind);
        }
    }
    for (m, name) in doc.mentions.iter_mut().zip(&names) {
        let cued = cue_votes
            .get(name.as_str())
            .and_then(KindVotes::document_kind);
        // `max_by_key` keeps the last of equal counts, so walk the tally backwards.
        let most = votes[name.as_str()]
            .iter()
            .rev()
            .max_by_key(|(_, n)| *n)
            .map(|&(k, _)| k);
        if let Some(kind) = cued.or(most) {
            m.kind = kind;
        }
    }
    found
}

/// The sex of a person entity from its first name, when the name says.
fn sex_of(e: &Entity) -> Sex {
    let first = e.name.split_whitespace().next().unwrap_or("");
    if e.name.contains(' ') {
        gazetteer::first_name_sex(first).unwrap_or(Sex::Unisex)
    } else {
        Sex::Unisex
    }
}

fn pronoun_sex(word: &str) -> Option<Sex> {
    match word.to_lowercase().as_str() {
        "he" | "him" | "his" | "himself" => Some(Sex::Male),
        "she" | "her" | "hers" | "herself" => Some(Sex::Female),
        _ => None,
    }
}

/// The quotations of a document: which tokens stand inside quotation marks, and who is
/// quoted in each sentence.
#[derive(Debug)]
pub(crate) struct Quotes {
    /// Whether each token is inside quotation marks (the marks themselves are not).
    inside: Vec<bool>,
    /// Each sentence's speakers, by the token of their name or pronoun: the subject of the
    /// speech verb outside the quotation marks of a sentence that quotes, or, for a sentence
    /// that is all quotation, those of the sentence its quotation went on from ('"...," said
    /// Ms Lee. "We won."').
    speakers: Vec<Vec<usize>>,
    /// The name mention starting at each token.
    name_at: Vec<Option<usize>>,
    /// Each entity's sex by its first name (see `sex_of`), found once: every pronoun of the
    /// document checks the persons named before it.
    sexes: Vec<Sex>,
}

impl Quotes {
    /// Finds the quotations of `doc`. Quotation marks pair up within a paragraph: news
    /// quoting across paragraphs opens each one again.
    pub(crate) fn new(doc: &Document) -> Self {
        // Whether a line break comes before token `i`.
        let new_line = |i: usize| {
            i == 0 || doc.text[doc.tokens[i - 1].span.end..doc.tokens[i].span.start].contains('\n')
        };
        let mut sentence_start = vec![0; doc.tokens.len()];
        for s in &doc.sentences {
            sentence_start[s.tokens.clone()].fill(s.tokens.start);
        }
        let mut inside = vec![false; doc.tokens.len()];
        // Quotations open, counting one inside another ('"...a "fake" injury..."').
        let mut depth = 0usize;
        for i in 0..doc.tokens.len() {
            if new_line(i) {
                depth = 0;
            }
            let t = doc.tokens[i].span;
            let opens = match doc.word(i) {
                // A straight quote opens before a word and closes after one.
                "\"" => {
                    let space_before = doc.text[..t.start]
                        .chars()
                        .next_back()
                        .is_none_or(|c| c.is_whitespace() || "([".contains(c));
                    let space_after = doc.text[t.end..]
                        .chars()
                        .next()
                        .is_none_or(|c| c.is_whitespace() || ".,;:!?)".contains(c));
                    match (space_before, space_after) {
                        (true, false) => true,
                        (false, true) => false,
                        _ => depth == 0,
                    }
                }
                "\u{201c}" | "``" => true,
                "\u{201d}" | "''" => false,
                _ => {
                    inside[i] = depth > 0;
                    continue;
                }
            };
            let from = sentence_start[i];
            depth = if !opens {
                depth.saturating_sub(1)
            } else if depth > 0 && inside[from..i].iter().all(|&q| q) {
                // A quotation opening inside one from an earlier sentence: that one ended at
                // a paragraph break the text lost ('said: "We won. He added: "It was...').
                inside[from..i].fill(false);
                1
            } else {
                depth + 1
            };
        }
        let mut name_at = vec![None; doc.tokens.len()];
        for (m, mention) in doc.mentions.iter().enumerate() {
            if mention.form == MentionForm::Name {
                name_at[mention.tokens.start].get_or_insert(m);
            }
        }
        let mut speakers: Vec<Vec<usize>> = Vec::with_capacity(doc.sentences.len());
        for (s, sentence) in doc.sentences.iter().enumerate() {
            let words = || {
                sentence
                    .tokens
                    .clone()
                    .filter(|&i| doc.word(i).chars().any(char::is_alphanumeric))
            };
            let quotes = words().any(|i| inside[i]);
            let all_quoted = quotes && words().all(|i| inside[i]);
            let own = if quotes && !all_quoted {
                speaker(doc, &inside, &name_at, sentence.tokens.clone())
            } else if all_quoted && s > 0 && !new_line(sentence.tokens.start) {
                speakers[s - 1].clone()
            } else {
                Vec::new()
            };
            speakers.push(own);
        }
        let sexes = doc.entities.iter().map(sex_of).collect();
        Quotes {
            inside,
            speakers,
            name_at,
            sexes,
        }
    }

    /// Who said the words at `token`, when they are quoted and the speaker is named or
    /// resolved: the last speaker of its sentence, whose verb is nearest the quotation ('US
    /// Customs claimed ..., but his lawyer told: "..."').
    pub(crate) fn speaker_of(&self, doc: &Document, token: usize) -> Option<usize> {
        if !self.inside[token] {
            return None;
        }
        let last = *self.speakers.get(doc.sentence_of(token))?.last()?;
        let m = doc.mentions.partition_point(|m| m.tokens.start < last);
        doc.mentions
            .get(m)
            .filter(|m| m.tokens.start == last)
            .and_then(|m| m.entity)
    }
}

/// The tokens naming who is quoted in a sentence (`tokens`) that quotes: the name right
/// after a speech verb that follows the quotation ('"...," said coach Matt Williams'; not
/// "said he", which begins what was said), else the nearest name or pronoun before it ('Ms Lee
/// said: "..."', 'Mary Jones, chief executive of Unilever, said', '"...," he added'). With
/// no speech verb, nobody: a name beside a few quoted words ('used Mrs Dixon as a "human
/// shield"') is not their speaker.
fn speaker(
    doc: &Document,
    inside: &[bool],
    name_at: &[Option<usize>],
    tokens: std::ops::Range<usize>,
) -> Vec<usize> {
    // Whether a person's name starts at token `i`, not as a possessor ("said Kidman's
    // publicist Wendy Day").
    let person = |i: usize| {
        !inside[i]
            && name_at[i].is_some_and(|m| {
                let m = &doc.mentions[m];
                m.kind == EntityKind::Person
                    && doc
                        .tokens
                        .get(m.tokens.end)
                        .is_none_or(|t| t.xpos != Xpos::POS)
            })
    };
    let he_or_she = |i: usize| matches!(doc.word(i).to_lowercase().as_str(), "he" | "she");
    let speech = tokens
        .clone()
        .filter(|&i| !inside[i] && speech_verb(doc, i));
    let mut out = Vec::new();
    for v in speech {
        // "He said ..., adding: ...": the participle's speaker is the clause's.
        if doc.tokens[v].xpos == Xpos::VBG {
            if let Some(&previous) = out.last() {
                out.push(previous);
                continue;
            }
        }
        // The verb comes first only right after the quotation ('," said'); "He said Mr Blair
        // had ..." names what was said. After the verb, words of a title may come before
        // the person's name ('said Wales physio Mark Davies').
        let inverted =
            v > tokens.start && matches!(doc.word(v - 1), "," | "\"" | "\u{201d}" | "''");
        let after: Vec<usize> = (v + 1..tokens.end)
            .filter(|_| inverted)
            .take_while(|&i| {
                !inside[i]
                    && !matches!(doc.tokens[i].xpos, Xpos::Comma | Xpos::Colon | Xpos::Period)
            })
            .take(6)
            .collect();
        let after = || after.iter().copied().find(|&i| person(i));
        // Before the verb, a pronoun only as its subject ("he added"); a person's name further
        // back ("Mary Jones, chief executive of Unilever, said"), else an organisation named
        // right before it ("Citigroup said").
        let before = || {
            let person = (tokens.start..v).rev().find(|&i| {
                !inside[i] && (he_or_she(i) && v - i <= 2 || !he_or_she(i) && person(i))
            });
            person.or_else(|| {
                doc.mentions
                    .iter()
                    .find(|m| {
                        m.form == MentionForm::Name
                            && m.kind == EntityKind::Organization
                            && m.tokens.end == v
                            && !inside[m.tokens.start]
                    })
                    .map(|m| m.tokens.start)
            })
        };
        out.extend(after().or_else(before));
    }
    out
}

/// Entities a pronoun at `token` may refer to, best first: the subject of its sentence when
/// that is a person named before it, then persons named before it, nearest first. A pronoun
/// outside quotation marks looks first at the names outside them ('"Owen is a fine
/// player," he said': not Owen); one inside them is not the quotation's speaker ("'He was
/// the better player,' said Paterson").
pub(crate) fn antecedents(doc: &Document, quotes: &Quotes, token: usize) -> Vec<usize> {
    let Some(sex) = pronoun_sex(doc.word(token)) else {
        return Vec::new();
    };
    // "He (Bridge) has no chance": a name in brackets right after the pronoun says who it is.
    if token + 1 < doc.tokens.len() && doc.word(token + 1) == "(" {
        let named = doc.mentions.iter().find(|m| {
            m.form == MentionForm::Name
                && m.tokens.start == token + 2
                && m.tokens.end < doc.tokens.len()
                && doc.word(m.tokens.end) == ")"
        });
        if let Some(e) = named.and_then(|m| m.entity) {
            if doc.entities[e].kind == EntityKind::Person {
                return vec![e];
            }
        }
    }
    let sentence = doc
        .sentence_of(token)
        .min(doc.sentences.len().saturating_sub(1));
    let quoted = quotes.inside[token];
    // Who cannot be meant: inside a quotation, its speaker; for the pronoun naming the
    // speaker ('"He was a fine judge," he said'), whoever the quotation speaks of.
    let speakers: Vec<usize> = if quoted {
        quotes.speakers[sentence]
            .iter()
            .filter_map(|&i| quotes.name_at[i])
            .filter_map(|m| doc.mentions[m].entity)
            .collect()
    } else if quotes.speakers[sentence].contains(&token) {
        doc.sentences[sentence]
            .tokens
            .clone()
            .filter(|&i| quotes.inside[i])
            .filter_map(|i| quotes.name_at[i])
            .filter_map(|m| doc.mentions[m].entity)
            .collect()
    } else {
        Vec::new()
    };
    let compatible = |e: usize| {
        let ent = &doc.entities[e];
        ent.kind == EntityKind::Person
            && matches!(
                (
                    quotes.sexes.get(e).copied().unwrap_or_else(|| sex_of(ent)),
                    sex
                ),
                (Sex::Unisex, _) | (Sex::Male, Sex::Male) | (Sex::Female, Sex::Female)
            )
            && !speakers.contains(&e)
    };
    // Outside quotation marks, the sentence's own words: its verb is not a quoted one.
    let level = |i: usize| quoted || !quotes.inside[i];
    let first_verb = doc.sentences[sentence]
        .tokens
        .clone()
        .find(|&i| level(i) && (doc.tokens[i].xpos.is_verb() || doc.tokens[i].xpos == Xpos::MD));
    let mut out = Vec::new();
    let named_before = doc
        .mentions
        .iter()
        .filter(|m| m.form == MentionForm::Name && m.tokens.end <= token);
    // The sentence's subject: its first name before the verb, other than a nationality that
    // names the country of a title ("former South African president Nelson Mandela").
    if let Some(subject) = named_before.clone().find(|m| {
        doc.sentences[sentence].tokens.contains(&m.tokens.start)
            && level(m.tokens.start)
            && first_verb.is_some_and(|v| m.tokens.end <= v)
            && !(m.kind == EntityKind::Place
                && gazetteer::demonym_country(doc.slice(m.span)).is_some())
    }) {
        if let Some(e) = subject.entity.filter(|&e| compatible(e)) {
            out.push(e);
        }
    }
    let by_subject = !out.is_empty();
    for pass in [true, false] {
        for m in named_before.clone().rev() {
            if level(m.tokens.start) != pass {
                continue;
            }
            if let Some(e) = m.entity.filter(|&e| compatible(e) && !out.contains(&e)) {
                out.push(e);
            }
        }
    }
    if !quoted && !by_subject {
        prefer_story_subject(doc, quotes, token, sentence, &mut out);
    }
    out
}

/// After a quotation, a pronoun of the story's own words is seldom its speaker ('"He gave
/// more to me than I gave to him," said Mr Clinton. He died of natural causes.'), unless the
/// quotation goes on ("He added: ...", "he said"). When the nearest candidate was last
/// named as a quotation's speaker, the person the story names most goes first, if named
/// more often than the speaker.
fn prefer_story_subject(
    doc: &Document,
    quotes: &Quotes,
    token: usize,
    sentence: usize,
    out: &mut [usize],
) {
    let Some(&nearest) = out.first() else {
        return;
    };
    let last_named = doc
        .mentions
        .iter()
        .rev()
        .find(|m| m.entity == Some(nearest) && m.tokens.end <= token);
    let Some(m) = last_named else { return };
    let said = doc.sentence_of(m.tokens.start);
    if said == sentence
        || !quotes.speakers[said].contains(&m.tokens.start)
        || !direct_speech(doc, said)
    {
        return;
    }
    let tokens = doc.sentences[sentence].tokens.clone();
    let quoting = tokens
        .clone()
        .any(|i| quotes.inside[i] || is_quote(doc.word(i)));
    // "he added that ...", "Opening his defence, he said ...", "He declined to comment".
    let speaks = tokens.clone().skip(1).any(|i| {
        let lemma = doc.tokens[i].lemma.as_str();
        let says = speech_verb(doc, i)
            || doc.tokens[i].xpos.is_verb()
                && (verb_class(lemma) == Some(VerbClass::Belief) || RESPONSES.contains(&lemma));
        says && (i.saturating_sub(3)..i)
            .any(|k| doc.tokens[k].xpos == Xpos::PRP && pronoun_sex(doc.word(k)).is_some())
    });
    // Named later in the sentence, the speaker is still in view ("On his first day of
    // questioning, Mr Sullivan admitted ...").
    let named_here = |e: usize| {
        doc.mentions.iter().any(|m| {
            m.entity == Some(e) && tokens.contains(&m.tokens.start) && m.tokens.start > token
        })
    };
    if quoting || speaks || named_here(nearest) {
        return;
    }
    let mentions = |e: usize| doc.entities[e].mentions;
    // Not someone the sentence names itself: "He portrayed Mr Ebbers as ..." is not Ebbers.
    let Some(best) = (0..out.len())
        .filter(|&k| !named_here(out[k]))
        .max_by_key(|&k| (mentions(out[k]), std::cmp::Reverse(k)))
    else {
        return;
    };
    if mentions(out[best]) > mentions(nearest) {
        out[..=best].rotate_right(1);
    }
}

/// Verbs of how a speaker answers or goes on, besides the verbs of saying: after a
/// quotation, "He declined to elaborate", "She thanked ..." are still its speaker's.
const RESPONSES: &[&str] = &[
    "decline",
    "refuse",
    "discuss",
    "comment",
    "answer",
    "elaborate",
    "predict",
    "thank",
    "urge",
    "promise",
    "praise",
    "criticise",
    "criticize",
    "dismiss",
    "reject",
    "ask",
    "agree",
    "accept",
    "welcome",
    "call",
];

/// Whether a token is a double quotation mark, straight or curly.
fn is_quote(word: &str) -> bool {
    matches!(word, "\"" | "\u{201c}" | "\u{201d}" | "``" | "''")
}

/// Whether token `i` is a verb of saying or making known, or of going on saying ('Moyes
/// continued: "..."').
fn speech_verb(doc: &Document, i: usize) -> bool {
    let lemma = doc.tokens[i].lemma.as_str();
    doc.tokens[i].xpos.is_verb()
        && (lemma == "continue"
            || matches!(
                verb_class(lemma),
                Some(VerbClass::Speech | VerbClass::Disclosure)
            ))
}

/// Whether sentence `s` quotes someone's words rather than a phrase: it opens with a
/// quotation ('"We won," said Ms Lee') or a colon introduces one ('Ms Lee said: "We won."').
/// Not a few words quoted in the story's own sentence ('Mr Lee said there were "absurd
/// contradictions"').
fn direct_speech(doc: &Document, s: usize) -> bool {
    let tokens = doc.sentences[s].tokens.clone();
    let quote = |i: usize| matches!(doc.word(i), "\"" | "\u{201c}" | "``");
    quote(tokens.start)
        || tokens
            .clone()
            .skip(1)
            .any(|i| quote(i) && matches!(doc.word(i - 1), ":" | ","))
}

fn pronouns(doc: &Document) -> Vec<Mention> {
    let quotes = Quotes::new(doc);
    (0..doc.tokens.len())
        .filter(|&i| {
            matches!(doc.tokens[i].xpos, Xpos::PRP | Xpos::PRPS)
                && pronoun_sex(doc.word(i)).is_some()
        })
        .filter_map(|i| {
            let e = *antecedents(doc, &quotes, i).first()?;
            Some(Mention {
                span: doc.tokens[i].span,
                form: MentionForm::Pronoun,
                tokens: i..i + 1,
                kind: EntityKind::Person,
                entity: Some(e),
            })
        })
        .collect()
}

/// Words before a title that make it another office for coreference: those of
/// [`OFFICE_KINDS`], and a former, outgoing or incoming holder's.
fn other_office(word: &str) -> bool {
    OFFICE_KINDS.contains(&word)
        || matches!(
            word,
            "former" | "ex" | "outgoing" | "incoming" | "associate"
        )
}

/// Titles each person is given right before their name ("Attorney General Jeff Sessions").
fn titles_held(doc: &Document) -> HashMap<String, Vec<usize>> {
    let mut held: HashMap<String, Vec<usize>> = HashMap::new();
    for m in doc
        .mentions
        .iter()
        .filter(|m| m.form == MentionForm::Name && m.kind == EntityKind::Person)
    {
        let Some(s) = doc
            .sentences
            .iter()
            .find(|s| s.tokens.contains(&m.tokens.start))
        else {
            continue;
        };
        let words: Vec<&str> = (s.tokens.start..m.tokens.start)
            .map(|i| doc.word(i))
            .collect();
        for start in words.len().saturating_sub(5)..words.len() {
            if title_at(&words, start) == Some(words.len() - start) {
                // "shadow chancellor Oliver Letwin" is not "the chancellor", nor is "former
                // chancellor Ken Clarke": the word before the title is part of it.
                let start = match start.checked_sub(1) {
                    Some(before) if other_office(&words[before].to_lowercase()) => before,
                    _ => start,
                };
                let title = words[start..].join(" ").to_lowercase();
                // "culture minister Renaud Donnedieu" is also "the minister", "home secretary
                // Charles Clarke" "the secretary" (but a shadow minister is not).
                let also = match title.split(' ').collect::<Vec<_>>()[..] {
                    [portfolio, head @ ("minister" | "secretary")] if !other_office(portfolio) => {
                        Some(head.to_string())
                    }
                    _ => None,
                };
                for t in std::iter::once(title).chain(also) {
                    let holders = held.entry(t).or_default();
                    if let Some(e) = m.entity.filter(|e| !holders.contains(e)) {
                        holders.push(e);
                    }
                }
                break;
            }
        }
    }
    held
}

/// "his attorney general", "the attorney general": a title not followed by a name, standing
/// for the one person in the document who holds it.
fn nominals(doc: &Document) -> Vec<Mention> {
    let held = titles_held(doc);
    let mut out = Vec::new();
    for s in &doc.sentences {
        let words: Vec<&str> = s.tokens.clone().map(|i| doc.word(i)).collect();
        for (k, w) in words.iter().enumerate() {
            let determiner = matches!(
                w.to_lowercase().as_str(),
                "the" | "his" | "her" | "their" | "its"
            );
            let Some(len) = determiner.then(|| title_at(&words, k + 1)).flatten() else {
                continue;
            };
            let end = k + 1 + len;
            let name_follows = words
                .get(end)
                .is_some_and(|w| w.starts_with(char::is_uppercase));
            let title = words[k + 1..end].join(" ").to_lowercase();
            if let (false, Some([e])) = (name_follows, held.get(&title).map(Vec::as_slice)) {
                let tokens = s.tokens.start + k + 1..s.tokens.start + end;
                let span = doc.tokens_span(tokens.clone());
                out.push(Mention {
                    span,
                    form: MentionForm::Nominal,
                    tokens,
                    kind: EntityKind::Person,
                    entity: Some(*e),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;

    fn entities(text: &str) -> Vec<String> {
        let mut doc = Document::new("t", text);
        Pipeline::new().process(&mut doc);
        doc.entities
            .iter()
            .map(|e| format!("{}/{}={}", e.name, e.kind.as_str(), e.aliases.join("|")))
            .collect()
    }

    #[test]
    fn merges_mentions() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            ("Sessions spoke. Later Jeff Sessions left. Sessions's aide and Sessions' team.", &["Jeff Sessions/Person=Jeff Sessions|Sessions"]),
            ("The US and the U.S. and the USA and the United States.", &["United States/Place=U.S.|US|USA|United States"]),
            ("The Federal Bureau of Investigation, or FBI, said.", &["Federal Bureau of Investigation/Organization=FBI|Federal Bureau of Investigation"]),
            ("The Justice Department and the Department of Justice.", &["Department of Justice/Organization=Department of Justice|Justice Department"]),
            ("The BBC Scotland programme was cut. The BBC said it would cut prices.", &["BBC Scotland/Organization=BBC Scotland", "BBC/Organization=BBC"]),
            ("Past Congressional Budget Office (CBO) forecasts said there would be a shortfall.", &["Congressional Budget Office/Organization=CBO|Congressional Budget Office"]),
        ];
        for (text, expected) in cases {
            assert_eq!(entities(text), *expected, "{text:?}");
        }
    }

    /// Context cues type a name throughout its document, over what the recogniser guessed
    /// from the name itself.
    #[test]
    fn context_cues_type_names() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            ("Shares in Veltrona fell 8% on Tuesday. Veltrona said demand had slowed.", &["Veltrona/Organization=Veltrona"]),
            ("Harlow Dene chief executive Tom Bray quit. Harlow Dene said profits fell.", &["Harlow Dene/Organization=Harlow Dene", "Tom Bray/Person=Tom Bray"]),
            ("The comedy Marla Penrose topped the box office this weekend. Marla Penrose took $20m.", &["Marla Penrose/Other=Marla Penrose"]),
        ];
        for (text, expected) in cases {
            assert_eq!(entities(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn pronouns_and_nominals() {
        #[rustfmt::skip]
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("Attorney General Jeff Sessions met Mary Smith. He said his attorney general would stay.",
             &[("He", "Jeff Sessions"), ("his", "Jeff Sessions"), ("attorney general", "Jeff Sessions")]),
            // A shadow or former holder is not "the chancellor".
            ("Chancellor Gordon Brown met shadow chancellor Oliver Letwin. Later the chancellor left.",
             &[("chancellor", "Gordon Brown")]),
            // A portfolio's holder is also "the minister".
            ("Culture minister Renaud Donnedieu met Alan Parker. Later the minister left.",
             &[("minister", "Renaud Donnedieu")]),
            // Inside a quotation, "he" is not the speaker.
            ("Coach Matt Williams praised Chris Paterson. Paterson said: \"He has been brilliant.\"",
             &[("He", "Matt Williams")]),
            // So is a quotation going on in the next sentence.
            ("Coach Matt Williams praised Chris Paterson. \"He was superb,\" said Williams. \"He never gave up.\"",
             &[("He", "Chris Paterson"), ("He", "Chris Paterson")]),
            // The speaker of a quotation is not a name inside it.
            ("Jim Baker watched the game. \"Tom Reed was superb,\" he said.",
             &[("he", "Jim Baker")]),
            ("Jim Baker met Tom Reed. \"Tom Reed was superb,\" he said.",
             &[("he", "Jim Baker")]),
            // After a quotation, the story's own sentence is about its main person, not the
            // speaker, unless the speaker goes on.
            ("Film star Jack Mercer died on Friday. Mercer was 80. Mercer made 40 films. Tributes came from Paul Denton. \"He was a giant,\" said Mr Denton. Police said he died of natural causes.",
             &[("He", "Jack Mercer"), ("he", "Jack Mercer")]),
            ("Film star Jack Mercer died on Friday. Mercer was 80. Mercer made 40 films. Tributes came from Paul Denton. \"He was a giant,\" said Mr Denton. He added that he would miss the films.",
             &[("He", "Jack Mercer"), ("He", "Paul Denton"), ("he", "Paul Denton")]),
            // A name in brackets after the pronoun says who it is.
            ("Chris Paterson praised coach Matt Williams. He (Paterson) has been brilliant.",
             &[("He", "Chris Paterson")]),
        ];
        for (text, expected) in cases {
            let mut doc = Document::new("t", *text);
            Pipeline::new().process(&mut doc);
            let resolved: Vec<(&str, &str)> = doc
                .mentions
                .iter()
                .filter(|m| m.form != MentionForm::Name)
                .map(|m| {
                    (
                        doc.slice(m.span),
                        doc.entities[m.entity.unwrap()].name.as_str(),
                    )
                })
                .collect();
            assert_eq!(resolved, *expected, "{text:?}");
        }
    }
}
