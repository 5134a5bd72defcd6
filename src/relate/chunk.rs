//! Noun phrases and verb groups of one sentence, the units relation patterns match on.
//!
//! A noun phrase records what relation rules ask of it: the entity it names (when its head is
//! a name, pronoun or title nominal), an entity named inside it as possessor ("Trump's") or
//! modifier ("USA senator", "Sessions chief of staff"), a job title, and former/current
//! markers. A verb group folds auxiliaries and control verbs into one predicate with its
//! negation and voice.

use crate::document::{Document, EntityKind, MentionForm};
use crate::lexicon::{CALENDAR, lines, title_at};
use crate::tag::Xpos;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// Verb classes by lemma.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// Folded into the verb it controls.
    Control,
    /// Saying and reporting.
    Speech,
    /// Takes its object noun into the predicate.
    Light,
    /// Holds an opinion ("believe", "think"): reports the clause after it, like speech.
    Belief,
    /// Makes something known ("announce", "deny"): reports a clause after it ("denied that
    /// he knew"), but a plain object is a thing it acts on ("announced a deal").
    Disclosure,
}

impl VerbClass {
    /// Whether the class reports a clause: saying, holding an opinion or making known.
    pub fn reports(self) -> bool {
        matches!(
            self,
            VerbClass::Speech | VerbClass::Belief | VerbClass::Disclosure
        )
    }
}

static VERB_CLASSES: LazyLock<HashMap<&'static str, VerbClass>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for l in lines(include_str!("../../data/lexicon/verb-classes.txt")) {
        let Some((class, verbs)) = l.split_once(':') else {
            continue;
        };
        let class = match class {
            "control" => VerbClass::Control,
            "speech" => VerbClass::Speech,
            "belief" => VerbClass::Belief,
            "disclosure" => VerbClass::Disclosure,
            _ => VerbClass::Light,
        };
        for v in verbs.split_whitespace() {
            m.insert(v, class);
        }
    }
    m
});

/// The class of a verb lemma, if it has one.
pub fn verb_class(lemma: &str) -> Option<VerbClass> {
    VERB_CLASSES.get(lemma).copied()
}

/// Nouns of time that are adjuncts, never objects ("reported Tuesday that ...").
const TIME_NOUNS: &[&str] = &[
    "year",
    "years",
    "week",
    "weeks",
    "month",
    "months",
    "day",
    "days",
    "morning",
    "afternoon",
    "evening",
    "night",
    "hour",
    "hours",
    "time",
    "today",
    "yesterday",
    "tomorrow",
    "weekend",
    "decade",
    "moment",
    "minute",
    "minutes",
];

pub(super) static PARTICLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    ["back", "out", "up", "down", "off", "away", "over", "in"]
        .into_iter()
        .collect()
});

/// A reference to an entity from inside a phrase: the entity and the token that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ref {
    /// Index into `Document::entities`.
    pub entity: usize,
    /// Global token index of the naming word (for pronoun re-resolution and spans).
    pub token: usize,
    /// The reference is a pronoun, so less certain.
    pub pronoun: bool,
}

/// A noun phrase.
#[derive(Debug, Clone, Default)]
pub struct Np {
    /// Tokens, relative to the sentence.
    pub range: Range<usize>,
    /// The entity the phrase names.
    pub entity: Option<Ref>,
    /// "Trump's", "his": the owner.
    pub possessor: Option<Ref>,
    /// A name used as modifier before the head or title ("USA senator").
    pub modifier: Option<Ref>,
    /// A job title inside the phrase, relative token range.
    pub title: Option<Range<usize>>,
    /// The title comes right before the named entity ("Director James Comey").
    pub title_before_name: bool,
    /// "former", "ex-".
    pub former: bool,
    /// "current", "incumbent".
    pub current: bool,
    /// A reflexive pronoun ("himself").
    pub reflexive: bool,
    /// The head is a time expression.
    pub time: bool,
    /// The phrase is a pronoun that resolved to nothing ("it", "they").
    pub bare_pronoun: bool,
    /// "its" or "their" as determiner, which the resolver leaves to no entity.
    pub neuter_possessive: bool,
    /// "Hong Kong-based Hutchison": the name before the hyphen and the participle's index.
    pub hyphen_name: Option<(Ref, usize)>,
    /// Relative index of the head word.
    pub head: usize,
}

/// A verb group.
#[derive(Debug, Clone, Default)]
pub struct Vg {
    /// Tokens, relative to the sentence.
    pub range: Range<usize>,
    /// Relative index of the main verb.
    pub main: usize,
    /// The predicate words: content verbs' lemmas, particles.
    pub predicate: String,
    /// "not", "n't", "never".
    pub negated: bool,
    /// A form of "be" with a past participle, or a past participle alone before "by" ("the
    /// Britons held by the US", "a film, directed by Jeunet").
    pub passive: bool,
    /// The main verb is "be", "become", "remain".
    pub copula: bool,
    /// "now", "currently" or a present-tense copula.
    pub current: bool,
    /// Class of the main verb.
    pub class: Option<VerbClass>,
    /// The group starts with a gerund or participle ("again assigning ...").
    pub participle: bool,
}

/// One chunk of a sentence.
#[derive(Debug, Clone)]
pub enum Chunk {
    /// A noun phrase.
    Np(Np),
    /// A verb group.
    Vg(Vg),
    /// Any other token (prepositions, punctuation, conjunctions), relative index.
    Tok(usize),
}

/// A sentence prepared for matching.
#[derive(Debug)]
pub struct Sent<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Index of the sentence.
    pub index: usize,
    /// Global index of its first token.
    pub start: usize,
    /// Words.
    pub words: Vec<&'a str>,
    /// Lower-case words.
    pub lower: Vec<String>,
    /// Tags.
    pub tags: Vec<Xpos>,
    /// Mention index covering each token.
    pub mention: Vec<Option<usize>>,
    /// The chunks, in order.
    pub chunks: Vec<Chunk>,
}

/// Verbs that take a person and a thing as two objects ("gave her flowers"), after which
/// "her" before a noun is the person, not a possessor.
const DOUBLE_OBJECT_VERBS: &[&str] = &[
    "give", "send", "tell", "show", "offer", "buy", "bring", "hand", "lend", "teach", "grant",
    "deny", "promise", "owe", "pay", "award", "call", "make", "find", "get", "ask", "wish",
];

/// Retags "her" as a possessive determiner where the tagger took it for an object pronoun
/// before a noun phrase ("helping to run her charitable activities"): "her" is both, and the
/// object reading made the woman herself the object of the verb. After a verb that takes
/// two objects the object reading stays.
fn possessive_her(doc: &Document, start: usize, tags: &mut [Xpos]) {
    for i in 0..tags.len() {
        let next = tags.get(i + 1).copied();
        let noun_follows =
            next.is_some_and(|t| matches!(t, Xpos::NN | Xpos::NNS | Xpos::CD) || t.is_adjective());
        if tags[i] != Xpos::PRP || !noun_follows || !doc.word(start + i).eq_ignore_ascii_case("her")
        {
            continue;
        }
        let after_double_object = i > 0
            && tags[i - 1].is_verb()
            && DOUBLE_OBJECT_VERBS.contains(&doc.tokens[start + i - 1].lemma.as_str());
        if !after_double_object {
            tags[i] = Xpos::PRPS;
        }
    }
}

/// Retags a hyphenated past participle right before a common noun or adjective as an
/// adjective: "a separate, state-owned oil firm", "newly-crowned European Footballer" modify
/// the noun, where the tagger's verb reading made the participle a predicate. A hyphenated
/// verb with an object starts it with a determiner or a name ("co-wrote the screenplay",
/// "re-signed Martin Palermo"), or follows its subject, an adverb or "have" ("Deeley
/// formerly co-hosted SM:tv", "has re-opened rugby's debate"): only a participle after a
/// determiner, adjective, conjunction, preposition or comma, or first, is retagged.
fn hyphenated_adjectives(doc: &Document, start: usize, tags: &mut [Xpos]) {
    for i in 0..tags.len().saturating_sub(1) {
        let next = tags[i + 1];
        let after_modifier_slot = i == 0
            || matches!(
                tags[i - 1],
                Xpos::DT | Xpos::PDT | Xpos::PRPS | Xpos::POS | Xpos::CC | Xpos::IN | Xpos::Comma
            )
            || tags[i - 1].is_adjective();
        if after_modifier_slot
            && matches!(tags[i], Xpos::VBN | Xpos::VBD)
            && (matches!(next, Xpos::NN | Xpos::NNS) || next.is_adjective())
            && doc.word(start + i).contains('-')
        {
            tags[i] = Xpos::JJ;
        }
    }
}

/// Retags a common noun right after a modal (and any adverbs) as a base verb when the word
/// is a verb: "ITV will not fund the campaign", "Costa will next face Ljubicic", where the
/// tagger's noun reading left the modal as the predicate ("ITV -[will]-> fund").
fn verbs_after_modals(doc: &Document, start: usize, tags: &mut [Xpos]) {
    for i in 0..tags.len() {
        if tags[i] != Xpos::MD {
            continue;
        }
        let mut j = i + 1;
        while j < tags.len() && (tags[j].is_adverb() || doc.word(start + j) == "next") {
            j += 1;
        }
        if j < tags.len()
            && tags[j] == Xpos::NN
            && crate::tag::rules::is_verb_base(&doc.word(start + j).to_lowercase())
        {
            tags[j] = Xpos::VB;
        }
    }
}

impl<'a> Sent<'a> {
    /// Prepares sentence `index` of `doc`; `mention_of` maps global tokens to mentions.
    pub fn new(doc: &'a Document, index: usize, mention_of: &[Option<usize>]) -> Self {
        let range = doc.sentences[index].tokens.clone();
        let words: Vec<&str> = range.clone().map(|i| doc.word(i)).collect();
        let lower = words
            .iter()
            .map(|w| w.to_lowercase().replace('’', "'"))
            .collect();
        let mut tags: Vec<Xpos> = doc.tokens[range.clone()].iter().map(|t| t.xpos).collect();
        possessive_her(doc, range.start, &mut tags);
        hyphenated_adjectives(doc, range.start, &mut tags);
        verbs_after_modals(doc, range.start, &mut tags);
        let mention = mention_of[range.clone()].to_vec();
        let mut s = Sent {
            doc,
            index,
            start: range.start,
            words,
            lower,
            tags,
            mention,
            chunks: Vec::new(),
        };
        s.chunks = s.chunk();
        s
    }

    /// Sentence-relative token `i` as a global token index.
    pub fn global(&self, i: usize) -> usize {
        self.start + i
    }

    fn reference(&self, i: usize) -> Option<Ref> {
        let m = &self.doc.mentions[self.mention[i]?];
        Some(Ref {
            entity: m.entity?,
            token: self.global(i),
            pronoun: m.form == MentionForm::Pronoun,
        })
    }

    /// Whether token `i` starts a full name (not a pronoun, title or surname alone) of a
    /// person: a surname right after an organisation's name may be the end of a title the
    /// recogniser split ("The Diary of Alicia Keys", "Police Bill").
    fn names_person(&self, i: usize) -> bool {
        self.mention[i].is_some_and(|m| {
            let m = &self.doc.mentions[m];
            m.form == MentionForm::Name
                && m.tokens.len() > 1
                && m.entity
                    .is_some_and(|e| self.doc.entities[e].kind == EntityKind::Person)
        })
    }

    fn mention_end(&self, i: usize) -> usize {
        let m = self.mention[i]
            .map(|m| self.doc.mentions[m].tokens.end)
            .unwrap_or(self.global(i + 1));
        m - self.start
    }

    fn chunk(&self) -> Vec<Chunk> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.words.len() {
            // "according to" names a source, not an action.
            let source =
                self.lower[i] == "according" && self.lower.get(i + 1).is_some_and(|w| w == "to");
            if source {
                out.push(Chunk::Tok(i));
                i += 1;
            } else if let Some(np) = self.np(i) {
                i = np.range.end;
                out.push(Chunk::Np(np));
            } else if let Some(vg) = self.vg(i) {
                i = vg.range.end;
                out.push(Chunk::Vg(vg));
            } else {
                out.push(Chunk::Tok(i));
                i += 1;
            }
        }
        out
    }

    fn is_nominal(&self, i: usize) -> bool {
        i < self.words.len()
            && (self.tags[i].is_noun()
                || self.tags[i].is_adjective()
                || self.tags[i] == Xpos::CD
                || self.tags[i] == Xpos::Dollar && self.is_nominal(i + 1)
                || self.mention[i].is_some() && self.tags[i] != Xpos::PRP
                || title_at(&self.words, i).is_some() && !self.tags[i].is_verb())
    }

    /// Whether token `j` follows a hyphen written without spaces ("Kong-based"), not a dash
    /// between clauses ("Glyndwr - which means ... - began").
    fn joined_by_hyphen(&self, j: usize) -> bool {
        let span = |k: usize| self.doc.tokens[self.start + k].span;
        j >= 2
            && self.tags[j - 1] == Xpos::HYPH
            && span(j - 2).end == span(j - 1).start
            && span(j - 1).end == span(j).start
    }

    /// Whether the gerund at `j` after a preposition classifies the name after its common
    /// noun: "chairman of messaging firm Mblox", "against defending champion Joice Maduaka"
    /// (not "on signing Chelsea defender X", where the gerund takes the name as object).
    fn classifies_a_name(&self, j: usize) -> bool {
        j > 0
            && self.tags[j] == Xpos::VBG
            && self.tags[j - 1] == Xpos::IN
            && self
                .tags
                .get(j + 1)
                .is_some_and(|t| matches!(t, Xpos::NN | Xpos::NNS))
            && self.mention[j + 1].is_none()
            && (j + 1..(j + 4).min(self.tags.len()))
                .take_while(|&k| {
                    matches!(self.tags[k], Xpos::NN | Xpos::NNS) || self.mention[k].is_some()
                })
                .any(|k| self.mention[k].is_some() && k > j + 1)
    }

    /// The noun phrase starting at `i`, if one does.
    fn np(&self, i: usize) -> Option<Np> {
        let n = self.words.len();
        let mut np = Np {
            range: i..i,
            ..Np::default()
        };
        let mut j = i;
        let mut has_head = false;
        let mut last_name: Option<(Ref, usize)> = None; // reference and its end
        if self.tags[i] == Xpos::PRP {
            let reflexive = self.lower[i].ends_with("self") || self.lower[i].ends_with("selves");
            np.reflexive = reflexive;
            np.entity = self.reference(i).filter(|_| !reflexive);
            np.bare_pronoun = np.entity.is_none();
            np.range = i..i + 1;
            np.head = i;
            return Some(np);
        }
        while j < n {
            let tag = self.tags[j];
            let word = self.lower[j].as_str();
            if tag == Xpos::PRP {
                break;
            }
            // "bought Toshiba last year", "met Blair yesterday": a time phrase after a name
            // is an adverbial, not a noun the name modifies.
            if last_name.is_some() && self.time_phrase_at(j) {
                break;
            }
            if self.mention[j].is_some() && tag != Xpos::PRPS {
                let end = self.mention_end(j).max(j + 1);
                // "Tory Dominic Grieve": an organisation named right before a person's name
                // modifies it (two names of persons side by side are one name split).
                if let Some((r, _)) = last_name.take().filter(|&(r, e)| {
                    e == j
                        && self.doc.entities[r.entity].kind == EntityKind::Organization
                        && self.names_person(j)
                }) {
                    np.modifier = Some(r);
                }
                last_name = self.reference(j).map(|r| (r, end));
                j = end;
                has_head = true;
                continue;
            }
            if !tag.is_verb() {
                if let Some(len) = title_at(&self.words, j) {
                    np.title = Some(j..j + len);
                    np.title_before_name = false;
                    if let Some((r, _)) = last_name.take() {
                        np.modifier = Some(r);
                    }
                    j += len;
                    has_head = true;
                    continue;
                }
            }
            match tag {
                Xpos::PRPS => {
                    np.possessor = self.reference(j);
                    np.neuter_possessive = matches!(word, "its" | "their");
                    j += 1;
                }
                Xpos::POS => {
                    if let Some((r, _)) = last_name.take() {
                        np.possessor = Some(r);
                    }
                    np.modifier = None;
                    np.title = None;
                    has_head = false;
                    j += 1;
                }
                Xpos::DT | Xpos::PDT if j == i => j += 1,
                Xpos::CD => {
                    has_head = true;
                    j += 1;
                }
                // "a £5m offer": the currency sign goes with its amount, which begins a
                // phrase of its own after a head ("lent Russia $6bn").
                Xpos::Dollar if !has_head && self.is_nominal(j + 1) => j += 1,
                Xpos::HYPH => j += 1,
                t if t.is_adjective()
                    || t == Xpos::RB && self.tags.get(j + 1).is_some_and(|t| t.is_adjective()) =>
                {
                    let participle_next =
                        matches!(self.tags.get(j + 1), Some(Xpos::VBG | Xpos::VBN))
                            && self.is_nominal(j + 2);
                    // "a deal worth $8bn": what it is worth is no part of the deal's name.
                    if !self.is_nominal(j + 1) && !participle_next || has_head && word == "worth" {
                        break;
                    }
                    np.former |= matches!(word, "former" | "ex" | "then");
                    np.current |= matches!(word, "current" | "incumbent" | "sitting");
                    j += 1;
                }
                t if t.is_noun() => {
                    if let Some((r, _)) = last_name.take() {
                        np.modifier = Some(r);
                    }
                    np.time |= self.time_word(j);
                    has_head = true;
                    j += 1;
                }
                // "Hong Kong-based Hutchison", "a London-based analyst": the name before the
                // hyphen says where the noun is, it neither names it nor owns its title.
                Xpos::VBN | Xpos::VBD if j > i && self.joined_by_hyphen(j) => {
                    np.hyphen_name = last_name.take().map(|(r, _)| (r, j));
                    np.modifier = None;
                    j += 1;
                }
                // A participle right after a verb begins its object ("won coveted awards"): the
                // verb group stops before it.
                Xpos::VBN | Xpos::VBG
                    if j > i
                        || tag == Xpos::VBN && i > 0 && self.tags[i - 1].is_verb()
                        || self.classifies_a_name(j) =>
                {
                    // A participle inside a noun phrase: "revised order", "White House briefing".
                    // A name between the participle and a noun modifies the noun: "the
                    // first sitting USA senator".
                    let after = if self.mention.get(j + 1).is_some_and(Option::is_some) {
                        self.mention_end(j + 1)
                    } else {
                        j + 1
                    };
                    let next_nominal = self.is_nominal(after)
                        && self.mention.get(after).is_some_and(Option::is_none);
                    let head_like = tag == Xpos::VBG
                        && !self.tags.get(j + 1).is_some_and(|t| {
                            matches!(t, Xpos::DT | Xpos::PRP | Xpos::PRPS) || t.is_proper()
                        });
                    if next_nominal || head_like {
                        np.current |= matches!(word, "sitting" | "serving" | "acting");
                        if let Some((r, _)) = last_name.take() {
                            np.modifier = Some(r);
                        }
                        has_head = !next_nominal || has_head;
                        j += 1;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        if !has_head && last_name.is_none() && np.possessor.is_none() {
            return None;
        }
        np.range = i..j;
        np.head = j.saturating_sub(1).max(i);
        if let Some((r, end)) = last_name {
            if end == j {
                np.entity = Some(r);
                np.title_before_name = np.title.as_ref().is_some_and(|t| t.end < j);
            }
        }
        if np.entity.is_none() && np.range.len() == 1 && np.possessor.is_some() && !has_head {
            // A bare possessive determiner ("his") with nothing after it is not a phrase.
            return None;
        }
        Some(np)
    }

    /// Whether a time phrase starts at `j`: a time noun or date ("yesterday", "Monday"), or
    /// one after "last", "next", "this", "every" or "early"/"late" ("last year").
    fn time_phrase_at(&self, j: usize) -> bool {
        let opener = matches!(
            self.lower[j].as_str(),
            "last" | "next" | "this" | "every" | "early" | "late"
        );
        self.time_word(j) || opener && self.time_word(j + 1)
    }

    /// Whether the word at `k` names a time: "year", "yesterday", "Monday", "GMT".
    fn time_word(&self, k: usize) -> bool {
        k < self.words.len()
            && (TIME_NOUNS.contains(&self.lower[k].as_str()) || CALENDAR.contains(self.words[k]))
    }

    /// Whether the verb at `k`, right after the verbs `verbs` of a group (adverbs between
    /// allowed), starts the clause that the last of them reports: a finite verb after a verb
    /// of saying or thinking ("which the EU says is needed", "evidence she believed
    /// strengthened her case"), or a gerund after one whose object is a clause ("said
    /// acquiring KFB fulfilled an objective"). Not a gerund the verb takes as its object
    /// ("denied conspiring", "admitted taking"), nor a verb after "to" ("is said to be").
    fn starts_reported_clause(&self, verbs: &[usize], k: usize) -> bool {
        const CLAUSE_VERBS: &[&str] = &[
            "say", "add", "insist", "argue", "claim", "state", "warn", "explain", "think",
            "believe", "feel", "reckon", "fear", "know", "suspect", "assume", "hope",
        ];
        let Some(&v) = verbs.last() else {
            return false;
        };
        let lemma = self.doc.tokens[self.global(v)].lemma.as_str();
        let reports = verb_class(lemma).is_some_and(VerbClass::reports);
        let adjacent = (v + 1..k).all(|j| self.tags[j].is_adverb());
        let finite = matches!(self.tags[k], Xpos::VBD | Xpos::VBZ | Xpos::VBP | Xpos::MD);
        let gerund = self.tags[k] == Xpos::VBG && CLAUSE_VERBS.contains(&lemma);
        reports && adjacent && (finite || gerund)
    }

    /// The verb group starting at `i`, if one does.
    fn vg(&self, i: usize) -> Option<Vg> {
        const RAISING_VERBS: &[&str] = &[
            "think",
            "believe",
            "report",
            "understand",
            "say",
            "expect",
            "tip",
            "rumour",
            "rumor",
            "know",
            "consider",
            "suppose",
            "allege",
            "estimate",
            "fear",
            "feel",
            "find",
            "judge",
            "confirm",
            "see",
            "show",
        ];
        let n = self.words.len();
        let verbish = |k: usize| k < n && (self.tags[k].is_verb() || self.tags[k] == Xpos::MD);
        let adverb = |k: usize| k < n && self.tags[k].is_adverb();
        let mut j = i;
        while adverb(j) && !verbish(j) {
            j += 1;
        }
        if !verbish(j) {
            return None;
        }
        let mut vg = Vg {
            participle: matches!(self.tags[j], Xpos::VBG | Xpos::VBN),
            ..Vg::default()
        };
        let mut verbs: Vec<usize> = Vec::new();
        let mut be_before = false;
        let mut present = false;
        let mut k = i;
        while k < n {
            // "is facing increased pressure", "using paid advertisements": a participle after a
            // verb other than "be", "have" or "get" and before a noun modifies that noun.
            let adjectival = self.tags[k] == Xpos::VBN
                && verbs.last().is_some_and(|&v| {
                    !matches!(
                        self.doc.tokens[self.global(v)].lemma.as_str(),
                        "be" | "have" | "get"
                    )
                })
                && (k == 0 || self.tags[k - 1] != Xpos::TO)
                && self
                    .tags
                    .get(k + 1)
                    .is_some_and(|t| t.is_noun() || t.is_adjective());
            if adjectival {
                break;
            }
            if verbish(k) && self.starts_reported_clause(&verbs, k) {
                break;
            }
            if verbish(k) {
                verbs.push(k);
                vg.negated |= self.lower[k] == "cannot";
                if self.doc.tokens[self.global(k)].lemma == "be" && !verbish(k + 1) {
                    present |= matches!(self.tags[k], Xpos::VBZ | Xpos::VBP);
                }
                k += 1;
            } else if adverb(k) {
                vg.negated |= matches!(self.lower[k].as_str(), "not" | "n't" | "never");
                vg.current |= matches!(self.lower[k].as_str(), "now" | "currently");
                k += 1;
            } else if self.tags[k] == Xpos::TO && !verbs.is_empty() && verbish(k + 1) {
                k += 1;
            } else {
                break;
            }
        }
        // Trailing adverbs belong to what follows unless they are "now"-like.
        while k > i + 1
            && adverb(k - 1)
            && !verbish(k - 1)
            && !matches!(
                self.lower[k - 1].as_str(),
                "now" | "currently" | "not" | "n't" | "never"
            )
        {
            k -= 1;
        }
        let &main = verbs.last()?;
        vg.main = main;
        vg.range = i..k;
        let lemma = |v: usize| self.doc.tokens[self.global(v)].lemma.as_str();
        // "has been bought" is passive; "were reported to have made" is not: the "be" must
        // govern the main verb itself.
        // "he's got a chance" is "has got", possession, not a passive of "get".
        let has_got = matches!(verbs[..], [.., before, main]
            if self.lower[before] == "'s" && self.lower[main] == "got");
        if let [.., before, _] = verbs[..] {
            be_before = lemma(before) == "be" && !has_got;
        }
        // A past participle alone before "by" is a passive that modifies the noun before it.
        let reduced_passive =
            verbs.len() == 1 && main == j && self.lower.get(k).is_some_and(|w| w == "by");
        vg.passive = (be_before || reduced_passive) && self.tags[main] == Xpos::VBN;
        let main_lemma = lemma(main);
        vg.copula = matches!(main_lemma, "be" | "become" | "remain");
        vg.current |= vg.copula && present;
        vg.class = verb_class(main_lemma);
        // Content verbs: not auxiliaries followed by another verb, not control verbs.
        let mut words: Vec<String> = Vec::new();
        for (idx, &v) in verbs.iter().enumerate() {
            let last = idx + 1 == verbs.len();
            let l = lemma(v);
            let auxiliary = matches!(
                l,
                "be" | "have"
                    | "do"
                    | "will"
                    | "would"
                    | "can"
                    | "cannot"
                    | "could"
                    | "may"
                    | "might"
                    | "must"
                    | "shall"
                    | "should"
            ) || self.tags[v] == Xpos::MD;
            // "is thought to have failed", "are tipped to win": a passive verb of saying or
            // thinking before "to" reports the hearsay; the clause's verb is the later one.
            let raising = !last
                && self.tags[v] == Xpos::VBN
                && idx > 0
                && lemma(verbs[idx - 1]) == "be"
                && self.tags.get(v + 1) == Some(&Xpos::TO)
                && RAISING_VERBS.contains(&l);
            if !last && (auxiliary || raising || verb_class(l) == Some(VerbClass::Control)) {
                continue;
            }
            if !words.is_empty() && v > 0 && self.tags[v - 1] == Xpos::TO {
                words.push("to".into());
            }
            if last && vg.passive {
                words.push(format!("be {}", self.lower[v]));
            } else if last && has_got {
                words.push("have".into());
            } else {
                words.push(l.to_string());
            }
        }
        vg.predicate = words.join(" ");
        if k < n
            && PARTICLES.contains(self.lower[k].as_str())
            && !self.tags[k].is_proper()
            && self
                .tags
                .get(k + 1)
                .is_none_or(|t| !t.is_noun() && *t != Xpos::DT)
        {
            vg.predicate.push(' ');
            vg.predicate.push_str(&self.lower[k]);
            vg.range.end = k + 1;
        }
        Some(vg)
    }
}
