//! Relations between entities, each with its evidence.
//!
//! Sentences are cut into noun phrases and verb groups ([`chunk`]), then patterns read:
//! - roles from titles in their news shapes: "US President Donald Trump", "former Sessions
//!   chief of staff Rick Dearborn" (prenominal), "X is now Trump's deputy chief of staff"
//!   (copula), "X, the chief executive of Y," (apposition), "as Trump's policy director and
//!   speechwriter";
//! - affiliations: "NPR's Carrie Johnson";
//! - verb relations: subject, folded verb group, and object or prepositional object, with
//!   negation; light verbs keep their noun ("have confidence in");
//! - attributions: speech verbs with their addressee or the subject of what was reported,
//!   and `reported_by` on relations inside reported speech;
//! - nominalisations: "his firing of James Comey".
//!
//! Objects that are not entities become concepts named by their head noun, singular.
//! Not here: relations across sentences, and anything needing a parse (clauses the chunks
//! cannot follow wait for the dependency parser).

pub mod chunk;

use crate::document::{Arg, Document, EntityKind, Qualifiers, Relation, RelationKind, Span, Tense};
use crate::lexicon::gazetteer::{demonym_country, place_kind};
use crate::lexicon::{CALENDAR, OFFICE_KINDS, lines, title_at};
use crate::resolve::{Quotes, antecedents};
use crate::tag::Xpos;
use chunk::{Chunk, Np, PARTICLES, Ref, Sent, VerbClass, Vg};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Ordinal words: "the third boss of the season" is one of a series of holders.
const ORDINALS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "last", "latest", "new",
];

/// Verbs whose passive with a title gives the post: "was appointed chief executive of Y",
/// "was elected leader", "was made captain".
const APPOINTING_VERBS: &[&str] = &[
    "appoint",
    "reappoint",
    "name",
    "elect",
    "re-elect",
    "make",
    "install",
    "promote",
    "choose",
    "select",
    "confirm",
    "unveil",
    "nominate",
    "hire",
    "recruit",
    "sign",
];

/// Event nouns and their verbs ("firing" -> "fire").
static EVENT_NOUNS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    lines(include_str!("../../data/lexicon/event-nouns.txt"))
        .filter_map(|l| l.split_once(' '))
        .collect()
});

/// The predicate of a title held with no organisation named ("Chancellor Gordon Brown",
/// "X, a former minister,"): the person points to the position as a concept.
const POSITION: &str = "hold position";

/// Titles that name no position without their organisation ("head of equity research at X").
const VAGUE_TITLES: &[&str] = &["head", "member", "chief", "officer", "general", "official"];

/// Words tagged as prepositions that begin a clause instead.
const SUBORDINATORS: &[&str] = &[
    "that", "whether", "if", "because", "as", "while", "although", "though", "since", "after",
    "before", "until", "unless", "than", "once", "so", "whereas",
];

/// Titles whose holder speaks and acts for the body named after them ("a spokesman for Sony").
const SPOKESPEOPLE: &[&str] = &["spokesman", "spokeswoman", "spokesperson", "representative"];

/// Heads of quantities whose "of" phrase names what a verb is really about.
const PARTITIVE_HEADS: &[&str] = &[
    "one",
    "two",
    "three",
    "%",
    "percent",
    "cent",
    "number",
    "numbers",
    "lot",
    "lots",
    "half",
    "third",
    "quarter",
    "part",
    "majority",
    "minority",
    "bulk",
    "rest",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "handful",
    "couple",
    "series",
    "range",
    "variety",
    "total",
    "amount",
    "worth",
];

/// Prepositions that introduce adjuncts of time or circumstance, not arguments.
const ADJUNCT_PREPS: &[&str] = &[
    "during", "after", "before", "since", "until", "while", "because", "despite", "amid", "as",
    "although", "though", "if", "unless", "whether", "than", "like",
];

/// Participles that work as prepositions: "11 nominations, including best film" lists what
/// the nominations include, not what the sentence's subject does; a verb group that starts
/// with one has no subject.
const PREPOSITION_PARTICIPLES: &[&str] = &[
    "including",
    "excluding",
    "following",
    "regarding",
    "concerning",
    "barring",
    "notwithstanding",
];

/// Extracts verb, role, affiliation and attribution relations.
#[derive(Debug, Default)]
pub struct Extractor;

impl Extractor {
    /// Fills `doc.relations`.
    pub fn extract(&self, doc: &mut Document) {
        let mut mention_of = vec![None; doc.tokens.len()];
        for (m, mention) in doc.mentions.iter().enumerate() {
            for t in mention.tokens.clone() {
                mention_of[t] = Some(m);
            }
        }
        let mut relations = Vec::new();
        let quotes = Quotes::new(doc);
        for s in 0..doc.sentences.len() {
            let sent = Sent::new(doc, s, &mention_of);
            Matcher {
                s: &sent,
                out: &mut relations,
                subjects: HashMap::new(),
                quotes: &quotes,
            }
            .run();
        }
        relations.retain(|r: &Relation| r.subject != r.object);
        // "President Donald Trump" says no more than "US President Donald Trump" elsewhere.
        let owned: std::collections::HashSet<(Arg, String)> = relations
            .iter()
            .filter(|r| r.kind == RelationKind::Role && r.predicate != POSITION)
            .map(|r| (r.subject.clone(), r.predicate.clone()))
            .collect();
        relations.retain(|r| match &r.object {
            Arg::Concept(title) if r.predicate == POSITION => {
                !owned.contains(&(r.subject.clone(), format!("{title} of")))
            }
            _ => true,
        });
        doc.relations = relations;
    }
}

/// Applies the patterns to one sentence.
struct Matcher<'s, 'a> {
    s: &'s Sent<'a>,
    out: &'s mut Vec<Relation>,
    /// Subject found for each verb group, by chunk index.
    subjects: HashMap<usize, Option<Ref>>,
    /// The document's quotations and their speakers.
    quotes: &'s Quotes,
}

impl Matcher<'_, '_> {
    fn run(&mut self) {
        for c in 0..self.s.chunks.len() {
            match &self.s.chunks[c] {
                Chunk::Np(_) => {
                    self.noun_phrase_roles(c);
                    self.hyphen_relation(c);
                    self.apposition(c);
                    self.nominalisation(c);
                }
                Chunk::Vg(_) => self.verb(c),
                Chunk::Tok(i) => self.as_role(c, *i),
            }
        }
    }

    fn np(&self, c: usize) -> Option<&Np> {
        match self.s.chunks.get(c) {
            Some(Chunk::Np(np)) => Some(np),
            _ => None,
        }
    }

    fn tok(&self, c: usize) -> Option<&str> {
        match self.s.chunks.get(c) {
            Some(Chunk::Tok(i)) => Some(self.s.lower[*i].as_str()),
            _ => None,
        }
    }

    fn span(&self, range: std::ops::Range<usize>) -> Span {
        let end = range.end.max(range.start + 1);
        self.s
            .doc
            .tokens_span(self.s.global(range.start)..self.s.global(end))
    }

    fn title_text(&self, np: &Np) -> Option<String> {
        let mut t = np.title.clone()?;
        // "Tory shadow education secretary Tim Collins": the shadow of an office.
        if t.start > np.range.start && OFFICE_KINDS.contains(&self.s.lower[t.start - 1].as_str()) {
            t.start -= 1;
        }
        let mut words: Vec<String> = self.s.lower[t].to_vec();
        if !words.is_empty() && !crate::lexicon::TITLES.contains(words.join(" ").as_str()) {
            let l = words.len() - 1;
            words[l] = crate::tag::rules::noun_or_verb_singular(&words[l]);
        }
        Some(words.join(" "))
    }

    /// What holding the title of `np` relates `holder` to: "<title> of" the title's owner, or
    /// the position itself when no owner is named ("Chancellor Gordon Brown").
    fn role(&self, holder: Ref, np: &Np, owner: Option<Ref>) -> Option<(String, Arg)> {
        match owner {
            Some(o) => Some((
                format!("{} of", self.title_text(np)?),
                Arg::Entity(o.entity),
            )),
            None => Some((
                POSITION.into(),
                Arg::Concept(self.position_title(holder, np)?),
            )),
        }
    }

    /// The position a person holds by a title with no organisation named: the title with the
    /// nouns before it ("finance chief", "board member", "foreign secretary"), or `None` when
    /// the holder is not a person or the title alone says too little ("head", "member").
    fn position_title(&self, holder: Ref, np: &Np) -> Option<String> {
        if self.s.doc.entities[holder.entity].kind != crate::document::EntityKind::Person {
            return None;
        }
        let t = np.title.clone()?;
        let mut start = t.start;
        while start > np.range.start && self.portfolio_word(start - 1) {
            start -= 1;
        }
        let mut words: Vec<String> = self.s.lower[start..t.end].to_vec();
        let last = words.len() - 1;
        words[last] = crate::tag::rules::noun_or_verb_singular(&words[last]);
        let title = words.join(" ");
        (!VAGUE_TITLES.contains(&title.as_str())).then_some(title)
    }

    /// A word that can begin a position's name before its title: another title word, a common
    /// noun ("finance minister", "board member"), or a capitalised one that is not a name
    /// ("Foreign Secretary"; not "Venezuelan", "HVB", "Wednesday" or "Asset Management").
    fn portfolio_word(&self, i: usize) -> bool {
        let word = self.s.words[i];
        if self.s.mention[i].is_some() || word.eq_ignore_ascii_case("new") {
            return false;
        }
        if OFFICE_KINDS.contains(&self.s.lower[i].as_str()) {
            return true;
        }
        if title_at(&self.s.words, i).is_some() {
            return true;
        }
        if !self.s.tags[i].is_noun() {
            return false;
        }
        if !word.starts_with(char::is_uppercase) {
            return true;
        }
        let name_before = i > 0
            && self.s.words[i - 1].starts_with(char::is_uppercase)
            && title_at(&self.s.words, i - 1).is_none();
        !name_before
            && !word.chars().all(|c| !c.is_lowercase())
            && !CALENDAR.contains(word)
            && demonym_country(word).is_none()
            && place_kind(word).is_none()
    }

    /// The concept a phrase names: its head noun run, singular, lower case.
    fn concept(&self, np: &Np) -> Option<String> {
        if np.time || np.bare_pronoun || np.reflexive {
            return None;
        }
        if let Some(title) = self
            .title_text(np)
            .filter(|_| np.title.as_ref().is_some_and(|t| t.end == np.range.end))
        {
            return Some(title);
        }
        let mut start = np.range.end;
        while start > np.range.start
            && (self.s.tags[start - 1].is_noun() && self.s.mention[start - 1].is_none()
                || self.s.tags[start - 1] == Xpos::VBG && start == np.range.end)
            && !self.s.tags[start - 1].is_proper()
        {
            start -= 1;
        }
        // "a 10% stake" is a stake: symbols other than currencies ("£3m pay-off") are no part
        // of the concept's name.
        let symbol = |w: &str| !w.chars().any(|c| c.is_alphanumeric() || "£$€¥".contains(c));
        while start < np.range.end && symbol(&self.s.lower[start]) {
            start += 1;
        }
        if start == np.range.end {
            return None;
        }
        let mut words: Vec<String> = self.s.lower[start..np.range.end].to_vec();
        let last = words.len() - 1;
        let head_tok = &self.s.doc.tokens[self.s.global(np.range.end - 1)];
        words[last] = if head_tok.xpos == Xpos::NNS {
            crate::tag::rules::noun_or_verb_singular(&words[last])
        } else {
            words[last].clone()
        };
        Some(words.join(" "))
    }

    // One call shape serves every pattern; a struct would only rename these arguments.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        subject: Ref,
        predicate: String,
        object: Arg,
        kind: RelationKind,
        range: std::ops::Range<usize>,
        mut confidence: f32,
        qualifiers: Qualifiers,
    ) {
        if predicate.trim().is_empty() {
            return;
        }
        if subject.pronoun {
            confidence *= 0.85;
        }
        if let Arg::Entity(e) = object {
            if e == subject.entity {
                return;
            }
        }
        self.out.push(Relation {
            subject: Arg::Entity(subject.entity),
            predicate,
            object,
            kind,
            qualifiers,
            confidence,
            sentence: self.s.index,
            span: self.span(range),
        });
    }

    fn tense(np: &Np, current: bool) -> Option<Tense> {
        if np.former {
            Some(Tense::Former)
        } else if np.current || current {
            Some(Tense::Current)
        } else {
            None
        }
    }

    /// "London-based Levy", "US-owned Hutchison": the name the phrase ends with is based in,
    /// owned by... the name before the hyphen.
    fn hyphen_relation(&mut self, c: usize) {
        let Some(np) = self.np(c) else { return };
        let (Some(entity), Some((place, p))) = (np.entity, np.hyphen_name) else {
            return;
        };
        // A nationality ("Yugoslavian-born") is no place of its own.
        use crate::document::EntityKind::{Concept, Other};
        if matches!(self.s.doc.entities[place.entity].kind, Other | Concept) {
            return;
        }
        let Some(predicate) = crate::lexicon::place_participle(&self.s.lower[p]) else {
            return;
        };
        let range = np.range.clone();
        self.push(
            entity,
            predicate.to_string(),
            Arg::Entity(place.entity),
            RelationKind::Verb,
            range,
            0.8,
            Qualifiers::default(),
        );
    }

    /// "US President Donald Trump", "former Sessions chief of staff Rick Dearborn",
    /// "NPR's Carrie Johnson".
    /// "former Spurs and England defender Gary Stevens": the title belongs to every name listed.
    fn noun_phrase_roles(&mut self, c: usize) {
        let Some(np) = self.np(c).cloned() else {
            return;
        };
        let np = &np;
        let Some(person) = np.entity else { return };
        let kind = self.s.doc.entities[person.entity].kind;
        if kind != crate::document::EntityKind::Person {
            return;
        }
        let owner = np.modifier.or(np.possessor).or_else(|| self.its_owner(c));
        if np.title_before_name && np.title.is_some() {
            let (first, co_owners) = self.title_co_owners(c);
            // "former" before the list qualifies every owner.
            let former = self.np(first).is_some_and(|n| n.former);
            let start = self.np(first).map_or(np.range.start, |n| n.range.start);
            let owners = co_owners.into_iter().map(Some).chain([owner]);
            for owner in owners {
                let Some((predicate, object)) = self.role(person, np, owner) else {
                    continue;
                };
                let q = Qualifiers {
                    tense: if former {
                        Some(Tense::Former)
                    } else {
                        Self::tense(np, false)
                    },
                    ..Qualifiers::default()
                };
                let confidence = if owner.is_some() { 0.9 } else { 0.8 };
                self.push(
                    person,
                    predicate,
                    object,
                    RelationKind::Role,
                    start..np.range.end,
                    confidence,
                    q,
                );
            }
            return;
        }
        // "NPR's Carrie Johnson", and an organisation named before a person ("Tory Dominic
        // Grieve", "Arsenal boss Arsene Wenger").
        use crate::document::EntityKind::{Organization, Person};
        if let Some(owner) = owner.filter(|o| {
            let kind = self.s.doc.entities[o.entity].kind;
            np.possessor.is_some() && kind != Person
                || np.modifier.is_some_and(|m| m.entity == o.entity)
                    && kind == Organization
                    && self.describes(o, &person)
        }) {
            self.push(
                person,
                "affiliated with".into(),
                Arg::Entity(owner.entity),
                RelationKind::Affiliation,
                np.range.clone(),
                0.8,
                Qualifiers::default(),
            );
        }
    }

    /// Whether the organisation named at `org` describes the person named at `person` later in
    /// the same phrase: not across a plural noun ("Labour campaign posters featuring Mr
    /// Howard") nor when only a courtesy title stands between them, which starts a new phrase
    /// the chunker ran on ("told the BBC Mr Howard had").
    fn describes(&self, org: &Ref, person: &Ref) -> bool {
        let Some(m) = self.s.mention[org.token - self.s.start] else {
            return false;
        };
        let end = self.s.doc.mentions[m].tokens.end;
        if person.token < end {
            return false;
        }
        let between = end - self.s.start..person.token - self.s.start;
        let courtesy = |w: &str| matches!(w, "Mr" | "Mr." | "Mrs" | "Mrs." | "Ms" | "Ms." | "Miss");
        between.is_empty()
            || !between.clone().all(|i| courtesy(self.s.words[i]))
                && !between
                    .clone()
                    .any(|i| matches!(self.s.tags[i], Xpos::NNS | Xpos::NNPS))
    }

    /// The owner of a title phrase: possessor, modifier, or "of X" after it.
    fn title_owner(&self, c: usize, holder: Option<Ref>) -> Option<(Ref, usize)> {
        let np = self.np(c)?;
        np.title.as_ref()?;
        if let Some(p) = np.possessor {
            // "X became one of his advisers": his is not X.
            if p.pronoun && holder.is_some_and(|h| h.entity == p.entity) {
                let alt = antecedents(self.s.doc, self.quotes, p.token)
                    .into_iter()
                    .find(|&e| Some(e) != holder.map(|h| h.entity))?;
                return Some((Ref { entity: alt, ..p }, c));
            }
            return Some((p, c));
        }
        if let Some(m) = np.modifier.or_else(|| self.its_owner(c)) {
            return Some((m, c));
        }
        let organisation = |r: &Ref| self.s.doc.entities[r.entity].kind == EntityKind::Organization;
        match self.tok(c + 1) {
            Some("of" | "at" | "for") => {
                if let Some(e) = self.np(c + 2).and_then(|o| o.entity) {
                    return Some((e, c + 2));
                }
                // "director of product management at Google": the field, then the employer.
                let field = self.tok(c + 1) == Some("of")
                    && self.np(c + 2).is_some_and(|n| n.entity.is_none());
                if field && self.tok(c + 3) == Some("at") {
                    if let Some(e) = self.np(c + 4).and_then(|o| o.entity).filter(organisation) {
                        return Some((e, c + 4));
                    }
                }
            }
            // "an analyst from ING": an organisation, not a home town ("a business adviser
            // from Swansea", where the town's football club makes it an organisation).
            Some("from") => {
                let not_place = |r: &Ref| place_kind(&self.s.doc.entities[r.entity].name).is_none();
                let owner = self.np(c + 2).and_then(|o| o.entity);
                if let Some(e) = owner.filter(organisation).filter(not_place) {
                    return Some((e, c + 2));
                }
            }
            // "a music analyst with Jupiter Research": an employer, never a person ("an
            // actor with Tom Cruise").
            Some("with") => {
                if let Some(e) = self.np(c + 2).and_then(|o| o.entity).filter(organisation) {
                    return Some((e, c + 2));
                }
            }
            _ => {}
        }
        None
    }

    /// The owner "its" or "their" stands for in the title phrase at chunk `c`, which the
    /// resolver, following people only, leaves unresolved: the nearest organisation named
    /// before it in the sentence ("Vivendi and its former chief executive Jean-Marie
    /// Messier"; "Yukos has no assets in the US, apart from a house in Houston owned by its
    /// finance chief" skips the places). Not a country: where the organisation is not
    /// recognised as one, the country is usually another party ("Russia ... destroy Yukos and
    /// its former owner").
    fn its_owner(&self, c: usize) -> Option<Ref> {
        if !self.np(c)?.neuter_possessive {
            return None;
        }
        (0..c).rev().find_map(|v| {
            self.np(v)
                .and_then(|n| n.entity)
                .filter(|r| self.s.doc.entities[r.entity].kind == EntityKind::Organization)
        })
    }

    /// A title phrase, seen through "one of": "one of his top advisers".
    fn title_phrase(&self, c: usize) -> Option<usize> {
        let np = self.np(c)?;
        if np.title.is_some() && np.entity.is_none() {
            return Some(c);
        }
        let one = np.range.len() == 1
            && matches!(
                self.s.lower[np.range.start].as_str(),
                "one" | "some" | "member"
            );
        if one && self.tok(c + 1) == Some("of") {
            return self
                .np(c + 2)
                .filter(|n| n.title.is_some() && n.entity.is_none())
                .map(|_| c + 2);
        }
        None
    }

    /// Whether the title phrase at chunk `c` names an award, not a post: "named best
    /// director", "player of the year", "Player of the Tournament" (but "Saints' third boss
    /// of the season" is a post).
    fn award(&self, c: usize) -> bool {
        let Some(np) = self.np(c) else { return false };
        let has = |words: &[&str]| {
            np.range
                .clone()
                .any(|i| words.contains(&self.s.lower[i].as_str()))
        };
        let of_a_period = !has(ORDINALS)
            && self.tok(c + 1) == Some("of")
            && self.np(c + 2).is_some_and(|np| {
                matches!(
                    self.s.lower[np.range.end - 1].as_str(),
                    "year"
                        | "season"
                        | "month"
                        | "week"
                        | "tournament"
                        | "match"
                        | "decade"
                        | "century"
                        | "championship"
                        | "championships"
                        | "series"
                        | "games"
                )
            });
        has(&["best"]) || of_a_period
    }

    /// "X, the chief executive of Y," and "Y's chief executive, X,".
    fn apposition(&mut self, c: usize) {
        let Some(np) = self.np(c) else { return };
        if self.tok(c + 1) != Some(",") {
            return;
        }
        if let Some(holder) = np
            .entity
            .filter(|r| self.s.doc.entities[r.entity].kind == crate::document::EntityKind::Person)
        {
            if let Some(t) = self.title_phrase(c + 2) {
                let tnp = self.np(t).cloned().unwrap_or_default();
                let owner = self.title_owner(t, Some(holder));
                let end = owner
                    .and_then(|(_, last)| self.np(last))
                    .map_or(tnp.range.end, |n| n.range.end);
                if let Some((predicate, object)) = self.role(holder, &tnp, owner.map(|(o, _)| o)) {
                    let q = Qualifiers {
                        tense: Self::tense(&tnp, false),
                        ..Qualifiers::default()
                    };
                    // "X, the party's treasurer," names the owner; "X, a former minister," not.
                    let confidence = if owner.is_some() { 0.8 } else { 0.7 };
                    self.push(
                        holder,
                        predicate,
                        object,
                        RelationKind::Role,
                        np.range.start..end,
                        confidence,
                        q,
                    );
                }
            }
        }
    }

    /// "as Trump's policy director and speechwriter": roles of the clause's subject.
    fn as_role(&mut self, c: usize, i: usize) {
        if self.s.lower[i] != "as" {
            return;
        }
        let Some(subject) = (0..c).rev().find_map(|v| {
            matches!(self.s.chunks[v], Chunk::Vg(_))
                .then(|| self.subjects.get(&v).copied().flatten())
                .flatten()
        }) else {
            return;
        };
        let mut t = c + 1;
        let mut owner: Option<Ref> = None;
        while let Some(np) = self
            .np(t)
            .filter(|n| n.title.is_some() && n.entity.is_none())
            .cloned()
        {
            owner = self.title_owner(t, Some(subject)).map(|(o, _)| o).or(owner);
            let Some((predicate, object)) = self.role(subject, &np, owner) else {
                break;
            };
            let q = Qualifiers {
                tense: Self::tense(&np, false),
                ..Qualifiers::default()
            };
            self.push(
                subject,
                predicate,
                object,
                RelationKind::Role,
                i..np.range.end,
                0.75,
                q,
            );
            if self.tok(t + 1) == Some("and") || self.tok(t + 1) == Some(",") {
                t += 2;
            } else {
                break;
            }
        }
    }

    /// "his firing of James Comey".
    fn nominalisation(&mut self, c: usize) {
        let Some(np) = self.np(c) else { return };
        let Some(agent) = np.possessor else { return };
        if np.entity.is_some() || self.tok(c + 1) != Some("of") {
            return;
        }
        let head = &self.s.lower[np.range.end - 1];
        let verb = EVENT_NOUNS
            .get(head.as_str())
            .map(|v| v.to_string())
            .or_else(|| {
                (self.s.doc.tokens[self.s.global(np.range.end - 1)].xpos == Xpos::VBG
                    || head.ends_with("ing"))
                .then(|| crate::tag::rules::lemma(head, Xpos::VBG))
            });
        let (Some(verb), Some(object)) = (verb, self.np(c + 2).and_then(|o| o.entity)) else {
            return;
        };
        let end = self.np(c + 2).map(|o| o.range.end).unwrap_or(np.range.end);
        self.push(
            agent,
            verb,
            Arg::Entity(object.entity),
            RelationKind::Verb,
            np.range.start..end,
            0.6,
            Qualifiers::default(),
        );
    }

    /// The subject of the verb group at chunk `c`.
    fn subject(&mut self, c: usize) -> Option<Ref> {
        if let Some(s) = self.subjects.get(&c) {
            return *s;
        }
        let found = self.find_subject(c);
        self.subjects.insert(c, found);
        found
    }

    fn find_subject(&mut self, c: usize) -> Option<Ref> {
        let Chunk::Vg(vg) = &self.s.chunks[c] else {
            return None;
        };
        let participle = vg.participle;
        if participle && PREPOSITION_PARTICIPLES.contains(&self.s.lower[vg.range.start].as_str()) {
            return None;
        }
        let mut k = c;
        // Skip a parenthetical between dashes or brackets, and single adverbs.
        loop {
            if k == 0 {
                return None;
            }
            k -= 1;
            match self.tok(k) {
                Some("-" | "--" | "—" | "–" | ")") => {
                    let close = self.tok(k).unwrap_or("").to_string();
                    let open = if close == ")" { "(" } else { close.as_str() };
                    while k > 0 {
                        k -= 1;
                        if self.tok(k) == Some(open) {
                            break;
                        }
                    }
                }
                Some(w) if self.s.tags[self.tok_index(k)].is_adverb() || w == "first" => {}
                _ => break,
            }
        }
        match &self.s.chunks[k] {
            Chunk::Np(np) if np.entity.is_some() => {
                let speech = matches!(&self.s.chunks[c], Chunk::Vg(v)
                    if matches!(v.class, Some(VerbClass::Speech | VerbClass::Disclosure)));
                if !speech && self.in_noun_modifier(k) {
                    return None;
                }
                // "the reports, which NPR has not confirmed": NPR is the subject.
                np.entity
            }
            Chunk::Np(np) if np.title.is_some() || np.concept_like() => {
                // "X was the first senator to endorse Y": the subject of the copula.
                if k > 0 && self.tok(k - 1).is_none() {
                    if let Chunk::Vg(prev) = &self.s.chunks[k - 1] {
                        if prev.copula && self.tok(k + 1) == Some("to") {
                            return self.subject(k - 1);
                        }
                    }
                }
                None
            }
            Chunk::Tok(_) if matches!(self.tok(k), Some("to")) => {
                if let Some(Chunk::Np(np)) = k.checked_sub(1).map(|p| &self.s.chunks[p]) {
                    // "slid the ball past Jones to open the scoring", "met in London to
                    // discuss": a preposition's object does not do what follows, but after
                    // "for", "of", "on", "by" and "with" it does ("a plan for Sony to buy",
                    // "called on Congress to cut", "a bid by Yukos to gain", "worked with
                    // Apple to produce", "countries like Bangladesh to get").
                    let preposition = k >= 2
                        && self.tok(k - 2).is_some_and(|w| {
                            self.s.tags[self.tok_index(k - 2)] == Xpos::IN
                                && !matches!(
                                    w,
                                    "for" | "of" | "on" | "upon" | "by" | "with" | "like"
                                )
                        });
                    if np.entity.is_some() {
                        return np.entity.filter(|_| !preposition);
                    }
                    if k >= 2 {
                        if let Chunk::Vg(prev) = &self.s.chunks[k - 2] {
                            if prev.copula {
                                return self.subject(k - 2);
                            }
                        }
                    }
                }
                None
            }
            Chunk::Tok(_) if matches!(self.tok(k), Some("and" | "but" | "or")) => {
                self.previous_subject(k)
            }
            // "a film, directed by Jeunet": a passive participle after a comma describes
            // the phrase before the comma.
            Chunk::Tok(_)
                if participle
                    && vg.passive
                    && self.s.tags[vg.range.start..vg.main]
                        .iter()
                        .all(|t| t.is_adverb())
                    && matches!(self.tok(k), Some(",")) =>
            {
                match k.checked_sub(1).map(|p| &self.s.chunks[p]) {
                    Some(Chunk::Np(np)) => np.entity,
                    _ => None,
                }
            }
            Chunk::Tok(_) if participle && matches!(self.tok(k), Some(",")) => self.main_subject(c),
            Chunk::Tok(_) if matches!(self.tok(k), Some(",")) => {
                let speech = matches!(vg.class, Some(VerbClass::Speech | VerbClass::Disclosure));
                self.across_apposition(k, speech)
            }
            Chunk::Tok(i)
                if matches!(self.s.tags[*i], Xpos::WDT | Xpos::WP)
                    || self.s.lower[*i] == "that" =>
            {
                // "NP who/that VERB": the phrase before the relative pronoun. A place after a
                // preposition is not a "who" ("anyone in the US who has bought"); a place
                // alone may be a team ("England, who have lost").
                let who = matches!(self.s.lower[*i].as_str(), "who" | "whom");
                let place = |r: &Ref| self.s.doc.entities[r.entity].kind == EntityKind::Place;
                let mut p = k;
                while p > 0 {
                    p -= 1;
                    match &self.s.chunks[p] {
                        Chunk::Np(np) => {
                            let object = self.after_preposition(p);
                            return np.entity.filter(|r| !(who && object && place(r)));
                        }
                        Chunk::Tok(_) if self.tok(p) == Some(",") => continue,
                        _ => return None,
                    }
                }
                None
            }
            _ => None,
        }
    }

    /// The name before an apposition or a relative clause set off by commas, which the
    /// closing comma at chunk `k` ends: "Mary Jones, chief executive of Unilever, said",
    /// "Tesco, Britain's biggest retailer, said", "Mary Jones, who runs Unilever, said". Not
    /// a list of names ("Sony, Microsoft, ..."), a clause without a relative pronoun, or a
    /// quotation; a preposition's object only before a speech verb, as for a name right
    /// before the verb.
    fn across_apposition(&self, k: usize, speech: bool) -> Option<Ref> {
        const LONGEST: usize = 16;
        let mut open = k;
        let mut verbs = false;
        loop {
            if open == 0 || k - open > LONGEST {
                return None;
            }
            open -= 1;
            match &self.s.chunks[open] {
                Chunk::Tok(_) if self.tok(open) == Some(",") => break,
                Chunk::Tok(i)
                    if matches!(
                        self.s.tags[*i],
                        Xpos::OpenQuote | Xpos::CloseQuote | Xpos::Colon
                    ) =>
                {
                    return None;
                }
                Chunk::Vg(_) => verbs = true,
                _ => {}
            }
        }
        let first = open + 1;
        if first == k || open == 0 {
            return None;
        }
        let relative = matches!(self.tok(first), Some("who" | "which" | "whose"));
        let described = match &self.s.chunks[first] {
            Chunk::Np(np) => np.entity.is_none() || np.title.is_some(),
            _ => relative,
        };
        if !described || verbs && !relative {
            return None;
        }
        let Chunk::Np(head) = &self.s.chunks[open - 1] else {
            return None;
        };
        let name = head.entity?;
        if !speech && self.in_noun_modifier(open - 1) {
            return None;
        }
        Some(name)
    }

    /// Whether the name at chunk `k` (or the list it ends) is a preposition's object after a
    /// common noun: "A tie-up between Barclays and Wells Fargo would create", "Shares in Sony
    /// rose" have the noun, not the name, as subject. Speech verbs are spared, where the name
    /// stands for its spokesman ("A spokesman for Sony said").
    /// A quantity or share of the name stays with it: "two-thirds of Seagram was bought",
    /// "most of Yukos's assets".
    fn in_noun_modifier(&self, k: usize) -> bool {
        let (k, _) = self.names_listed_before(k);
        let person = matches!(&self.s.chunks[k], Chunk::Np(np)
            if np.entity.is_some_and(|r| self.s.doc.entities[r.entity].kind == EntityKind::Person));
        let after_noun = |n: &Np| {
            let head = self.s.lower[n.range.end - 1].as_str();
            n.concept_like()
                && !n.time
                && self.s.tags[n.range.end - 1] != Xpos::CD
                && !PARTITIVE_HEADS.contains(&head)
                && !head.ends_with("thirds")
                && !matches!(
                    head,
                    "all" | "most" | "some" | "many" | "none" | "each" | "both"
                )
                // "The board of Lufthansa has recommended", "officials at the European Central
                // Bank", "a spokesman for Sony": the body or its people act for the name. One
                // other holder of a title is a person of their own ("the boss of Sony has
                // quit" is not Sony quitting), unless the name is the holder ("director of
                // sport Emilio Butragueno praised").
                && !matches!(head, "board" | "government" | "administration" | "management")
                && (title_at(&self.s.words, n.range.end - 1).is_none()
                    || !person
                        && !matches!(self.s.tags[n.range.end - 1], Xpos::NNS | Xpos::NNPS)
                        && !SPOKESPEOPLE.contains(&head))
        };
        // "claims that Mr Ebbers refused", "while Halliburton has enjoyed": a clause begins.
        let preposition = |i: usize| {
            self.s.tags[i] == Xpos::IN && !SUBORDINATORS.contains(&self.s.lower[i].as_str())
        };
        // "waste from countries such as Japan": the names stand where their plural noun does
        // (not "giants of the technology world such as Microsoft", examples of the giants).
        let such_as = k >= 3
            && self.tok(k - 1) == Some("as")
            && self.tok(k - 2) == Some("such")
            && matches!(&self.s.chunks[k - 3], Chunk::Np(n)
                if matches!(self.s.tags[n.range.end - 1], Xpos::NNS | Xpos::NNPS));
        let k = if such_as { k - 3 } else { k };
        k >= 2
            && matches!(self.s.chunks[k - 1], Chunk::Tok(i) if preposition(i))
            && matches!(&self.s.chunks[k - 2], Chunk::Np(n) if after_noun(n))
    }

    /// Whether the chunk before chunk `k` is a preposition.
    fn after_preposition(&self, k: usize) -> bool {
        k > 0
            && matches!(self.s.chunks[k - 1], Chunk::Tok(i) if matches!(self.s.tags[i], Xpos::IN | Xpos::TO))
    }

    fn tok_index(&self, c: usize) -> usize {
        match self.s.chunks[c] {
            Chunk::Tok(i) => i,
            _ => 0,
        }
    }

    /// Whether the clause of the verb group at chunk `c` opens with a negative subject:
    /// "Neither Sony nor Nintendo was thrilled", "No company has bid", "Nobody said".
    fn negative_subject(&self, c: usize) -> bool {
        let start = match &self.s.chunks[c] {
            Chunk::Vg(vg) => vg.range.start,
            _ => return false,
        };
        let mut i = start;
        while i > 0 {
            i -= 1;
            let (w, t) = (self.s.lower[i].as_str(), self.s.tags[i]);
            if matches!(w, "neither" | "no" | "nobody" | "none" | "nothing" | "nor") {
                return true;
            }
            // Only the subject phrase itself counts: "because Yukos has" is not negated by
            // a "no" earlier in the sentence.
            let in_subject = t.is_noun()
                || t.is_adjective()
                || matches!(
                    t,
                    Xpos::DT
                        | Xpos::PDT
                        | Xpos::CC
                        | Xpos::CD
                        | Xpos::POS
                        | Xpos::PRPS
                        | Xpos::HYPH
                );
            if !in_subject {
                return false;
            }
        }
        false
    }

    /// The subject of the nearest verb group before chunk `k`.
    fn previous_subject(&mut self, k: usize) -> Option<Ref> {
        let v = (0..k)
            .rev()
            .find(|&v| matches!(self.s.chunks[v], Chunk::Vg(_)))?;
        // "Lennon admits Rangers could be favourites, but insists his side can win": a
        // reporting verb after the conjunction goes with the reporting verb before the
        // reported clause, not with the clause's own verb.
        let reports =
            |c: &Chunk| matches!(c, Chunk::Vg(g) if g.class.is_some_and(VerbClass::reports));
        if self.s.chunks.get(k + 1).is_some_and(reports) && !reports(&self.s.chunks[v]) {
            if let Some(r) = (0..v).rev().find(|&r| reports(&self.s.chunks[r])) {
                return self.subject(r);
            }
        }
        self.subject(v)
    }

    /// The subject of the sentence's first verb group with one, before chunk `c`.
    fn main_subject(&mut self, c: usize) -> Option<Ref> {
        (0..c)
            .filter(|&v| matches!(self.s.chunks[v], Chunk::Vg(_)))
            .find_map(|v| self.subject(v))
    }

    /// Verb relations and attributions of the verb group at chunk `c`, for its subject and
    /// the names coordinated with it.
    fn verb(&mut self, c: usize) {
        let Some(subject) = self.subject(c) else {
            self.passive_agent(c);
            return;
        };
        for other in self.coordinated_subjects(c) {
            self.verb_of(c, other);
        }
        self.verb_of(c, subject);
    }

    /// "The tickets were bought by Microsoft": a passive whose subject is no name, with a named
    /// agent, gives agent -[buy]-> ticket.
    fn passive_agent(&mut self, c: usize) {
        let Chunk::Vg(vg) = self.s.chunks[c].clone() else {
            return;
        };
        if !vg.passive || c == 0 || self.tok(c + 1) != Some("by") {
            return;
        }
        let Some(patient) = self.np(c - 1).filter(|n| n.entity.is_none()).cloned() else {
            return;
        };
        // "which in turn was bought", "the consortium that won the auction for the mill was
        // created": a preposition's object is not the subject.
        if self.after_preposition(c - 1) {
            return;
        }
        let Some(agent) = self.np(c + 2).cloned() else {
            return;
        };
        let (Some(a), Some(concept)) = (agent.entity, self.concept(&patient)) else {
            return;
        };
        let qualifiers = Qualifiers {
            negated: vg.negated,
            reported_by: self.reporter(c),
            tense: None,
        };
        self.push(
            a,
            self.active_predicate(&vg),
            Arg::Concept(concept),
            RelationKind::Verb,
            patient.range.start..agent.range.end,
            0.6,
            qualifiers,
        );
    }

    /// A passive verb group's predicate turned round for its agent: the main verb's lemma and
    /// its particles ("were handed out by" -> hand out).
    fn active_predicate(&self, vg: &Vg) -> String {
        let mut predicate = self.s.doc.tokens[self.s.global(vg.main)].lemma.to_string();
        for i in vg.main + 1..vg.range.end {
            if self.s.tags[i] == Xpos::RP || PARTICLES.contains(self.s.lower[i].as_str()) {
                predicate.push(' ');
                predicate.push_str(&self.s.lower[i]);
            }
        }
        predicate
    }

    /// The names coordinated with the subject right before the verb group at chunk `c`:
    /// "Sony, Microsoft and Nintendo said", "Neither Rover nor Shanghai Automotive
    /// commented". Not a list inside a prepositional phrase ("talks between Sony and
    /// Toshiba collapsed"), nor a name before a comma alone ("In London, Sony said").
    fn coordinated_subjects(&self, c: usize) -> Vec<Ref> {
        let Some(k) = c.checked_sub(1) else {
            return Vec::new();
        };
        if !matches!(&self.s.chunks[k], Chunk::Np(np) if np.entity.is_some()) {
            return Vec::new();
        }
        let (first, mut out) = self.names_listed_before(k);
        // "between Sony and Toshiba": the list is a preposition's object; "Spurs and England
        // defender Gary Stevens said": the list owns the title.
        if self.after_preposition(first) || !self.title_co_owners(k).1.is_empty() {
            out.clear();
        }
        out
    }

    /// The names listed before a title's owner inside the phrase at chunk `c` ("Spurs and" before
    /// "England defender Gary Stevens"), and the chunk the list starts at: they own the title
    /// too, and are not subjects of their own.
    ///
    /// Only organisations and places joined by one "and", not after a preposition: "Sir Paul
    /// McCartney and Manchester United manager Sir Alex Ferguson" lists people, "brought by
    /// Microsoft and New York attorney general Eliot Spitzer" two agents.
    fn title_co_owners(&self, c: usize) -> (usize, Vec<Ref>) {
        let not_person = |r: &Ref| self.s.doc.entities[r.entity].kind != EntityKind::Person;
        let Some(np) = self.np(c) else {
            return (c, Vec::new());
        };
        if !(np.title_before_name
            && np.title.is_some()
            && np.modifier.is_some_and(|m| not_person(&m)))
        {
            return (c, Vec::new());
        }
        let (first, names) = self.names_listed_before(c);
        // "former Spurs", not "five Springboks".
        let bare_name = self.np(first).is_some_and(|n| {
            n.title.is_none()
                && n.possessor.is_none()
                && n.modifier.is_none()
                && n.range.clone().all(|i| {
                    self.s.tags[i].is_proper()
                        || matches!(self.s.lower[i].as_str(), "former" | "ex")
                })
        });
        if names.len() == 1
            && names.iter().all(not_person)
            && bare_name
            && !self.after_preposition(first)
        {
            (first, names)
        } else {
            (c, Vec::new())
        }
    }

    /// The names listed before the name at chunk `k` ("Sony, Microsoft and" before
    /// "Nintendo"), in order, and the chunk the list starts at (`k` when there is none).
    fn names_listed_before(&self, mut k: usize) -> (usize, Vec<Ref>) {
        let mut out = Vec::new();
        while k >= 2 {
            let joined_by = self.tok(k - 1);
            let first = matches!(joined_by, Some("and" | "or" | "nor")) && out.is_empty();
            if !(first || !out.is_empty() && joined_by == Some(",")) {
                break;
            }
            let Chunk::Np(np) = &self.s.chunks[k - 2] else {
                break;
            };
            let Some(r) = np.entity else { break };
            out.push(r);
            k -= 2;
        }
        out.reverse();
        (k, out)
    }

    /// Verb relations and attributions of the verb group at chunk `c` with `subject`.
    fn verb_of(&mut self, c: usize, subject: Ref) {
        let Chunk::Vg(vg) = self.s.chunks[c].clone() else {
            return;
        };
        // "X admits ..., but insists ...": X's own saying is not reported by X.
        let says = vg.class.is_some_and(VerbClass::reports);
        let reported_by = self.reporter(c).filter(|&r| !(says && r == subject.entity));
        let mut qualifiers = Qualifiers {
            negated: vg.negated || self.negative_subject(c),
            reported_by,
            tense: None,
        };
        // Copula: "X is now Trump's deputy chief of staff", "became one of his advisers";
        // and the passive of a verb that gives a post: "X was appointed (as) chief executive
        // of Y", "was elected leader".
        let main_lemma = self.s.doc.tokens[self.s.global(vg.main)].lemma.as_str();
        let appointed = vg.passive && APPOINTING_VERBS.contains(&main_lemma);
        if vg.copula || appointed {
            // ("appointed as chief executive" is read by the rule for "as".)
            if let Some(t) = self.title_phrase(c + 1).filter(|&t| !self.award(t)) {
                let np = self.np(t).cloned().unwrap_or_default();
                let owner = self.title_owner(t, Some(subject));
                let end = owner
                    .and_then(|(_, last)| self.np(last))
                    .map_or(np.range.end, |n| n.range.end);
                let Some((predicate, object)) = self.role(subject, &np, owner.map(|(o, _)| o))
                else {
                    return;
                };
                let q = Qualifiers {
                    tense: Self::tense(&np, vg.current),
                    ..qualifiers.clone()
                };
                self.push(
                    subject,
                    predicate,
                    object,
                    RelationKind::Role,
                    vg.range.start..end,
                    0.85,
                    q,
                );
                return;
            }
            if vg.copula {
                return;
            }
        }
        let mut k = c + 1;
        let mut predicate = vg.predicate.clone();
        // "made clear to": an adjective completing the verb.
        if let Some(Chunk::Tok(i)) = self.s.chunks.get(k) {
            if self.s.tags[*i].is_adjective() {
                predicate = format!("{predicate} {}", self.s.lower[*i]);
                k += 1;
            }
        }
        if let Some(Chunk::Tok(i)) = self.s.chunks.get(k) {
            if self.s.tags[*i].is_adverb() {
                k += 1;
            }
        }
        let mut object = self.np(k).filter(|np| !np.time).cloned();
        if object.as_ref().is_some_and(|o| o.reflexive) {
            k += 1;
            object = None;
        } else if object.is_some() {
            k += 1;
        } else if self.np(k).is_some() {
            k += 1; // a time phrase
        }
        // A quantity is not what the verb is about: "one of the positions", "10% of the
        // bill".
        if object.is_some() {
            let at = self.past_quantity(k - 1);
            if at != k - 1 {
                object = self.np(at).cloned();
                k = at + 1;
            }
        }
        // "Yukos has no assets in the US": a negative determiner negates the relation.
        if object
            .as_ref()
            .is_some_and(|o| self.s.lower[o.range.start] == "no")
        {
            qualifiers.negated = true;
        }
        let end_of = |m: &Self, c: usize| m.np(c).map(|n| n.range.end).unwrap_or(vg.range.end);
        let class = vg.class;
        // Attribution: "ABC News reported that Sessions ...", "Spicer told reporters". Not
        // "add" with an object that no verb follows: "Jones added four conversions" adds a
        // thing, "she added that PBS is bolder" reports.
        let adds_a_thing = predicate == "add"
            && object.is_some()
            && !self.s.chunks.get(k).is_some_and(|ch| match ch {
                Chunk::Tok(i) => self.s.tags[*i].is_verb() || self.s.tags[*i] == Xpos::MD,
                Chunk::Vg(_) => true,
                _ => false,
            });
        if self.reports(c) && !adds_a_thing {
            if let Some(o) = &object {
                let arg = o
                    .entity
                    .map(|r| Arg::Entity(r.entity))
                    .or_else(|| self.concept(o).map(Arg::Concept));
                if let Some(arg) = arg {
                    self.push(
                        subject,
                        predicate.clone(),
                        arg,
                        RelationKind::Attribution,
                        vg.range.start..o.range.end,
                        0.6,
                        qualifiers.clone(),
                    );
                }
            }
            let that = if self.tok(k) == Some("that") {
                k + 1
            } else {
                k
            };
            if let Some(inner) = self
                .np(that)
                .and_then(|n| n.entity)
                .filter(|_| object.is_none() || that > k)
            {
                let end = end_of(self, that);
                self.push(
                    subject,
                    predicate.clone(),
                    Arg::Entity(inner.entity),
                    RelationKind::Attribution,
                    vg.range.start..end,
                    0.6,
                    qualifiers.clone(),
                );
            }
            return;
        }
        // Prepositional object.
        let prep = |m: &Self, at: usize| -> Option<(String, usize)> {
            let w = m.tok(at)?;
            let i = m.tok_index(at);
            let is_prep = matches!(m.s.tags[i], Xpos::IN | Xpos::TO)
                && !ADJUNCT_PREPS.contains(&w)
                && w != "that";
            (is_prep && m.np(at + 1).is_some()).then(|| (w.to_string(), at + 1))
        };
        let pp = prep(self, k);
        let conf = 0.7;
        match (&object, pp) {
            (Some(o), pp) if o.entity.is_some() => {
                let _ = pp;
                let r = o.entity.map(|r| r.entity).unwrap_or_default();
                self.push(
                    subject,
                    predicate,
                    Arg::Entity(r),
                    RelationKind::Verb,
                    vg.range.start..o.range.end,
                    conf,
                    qualifiers,
                );
            }
            (Some(o), Some((p, at)))
                if self.np(at).is_some_and(|n| n.entity.is_some())
                    && (class == Some(VerbClass::Light) || p == "to") =>
            {
                // A score or number is no noun: "lost 2-0 at Old Trafford" -> "lose at".
                let noun = self.concept(o).map(|n| format!(" {n}")).unwrap_or_default();
                let r = self
                    .np(at)
                    .and_then(|n| n.entity)
                    .map(|r| r.entity)
                    .unwrap_or_default();
                let end = end_of(self, at);
                self.push(
                    subject,
                    format!("{predicate}{noun} {p}"),
                    Arg::Entity(r),
                    RelationKind::Verb,
                    vg.range.start..end,
                    conf,
                    qualifiers,
                );
            }
            (Some(o), _) => {
                if let Some(concept) = self.concept(o) {
                    self.push(
                        subject,
                        predicate,
                        Arg::Concept(concept),
                        RelationKind::Verb,
                        vg.range.start..o.range.end,
                        0.6,
                        qualifiers,
                    );
                }
            }
            (None, Some((p, at))) => {
                let Some(np) = self.np(self.past_quantity(at)).cloned() else {
                    return;
                };
                let end = np.range.end;
                if vg.passive && p == "by" {
                    if let Some(agent) = np.entity {
                        self.push(
                            agent,
                            self.active_predicate(&vg),
                            Arg::Entity(subject.entity),
                            RelationKind::Verb,
                            vg.range.start..end,
                            conf,
                            qualifiers,
                        );
                    }
                    return;
                }
                let arg = np
                    .entity
                    .map(|r| Arg::Entity(r.entity))
                    .or_else(|| self.concept(&np).map(Arg::Concept));
                if let Some(arg) = arg {
                    let c = if matches!(arg, Arg::Entity(_)) {
                        conf
                    } else {
                        0.6
                    };
                    self.push(
                        subject,
                        format!("{predicate} {p}"),
                        arg,
                        RelationKind::Verb,
                        vg.range.start..end,
                        c,
                        qualifiers,
                    );
                }
            }
            // No object: a leadership phrase may still follow ("..., atop the Justice Department").
            (None, None) => {}
        }
        self.leadership(c, subject);
    }

    /// The chunk naming what the noun phrase at chunk `at` quantifies ("a number of
    /// analysts", "10% of the bill"), or `at` itself.
    fn past_quantity(&self, at: usize) -> usize {
        let quantity = self.np(at).is_some_and(|o| {
            o.entity.is_none() && PARTITIVE_HEADS.contains(&self.s.lower[o.range.end - 1].as_str())
        });
        if quantity && self.tok(at + 1) == Some("of") && self.np(at + 2).is_some() {
            at + 2
        } else {
            at
        }
    }

    /// "atop X" later in the clause: the subject heads X.
    fn leadership(&mut self, c: usize, subject: Ref) {
        let mut k = c + 1;
        while k < self.s.chunks.len() && !matches!(self.s.chunks[k], Chunk::Vg(_)) {
            if self.tok(k) == Some("atop") {
                if let Some(org) = self.np(k + 1).and_then(|n| n.entity) {
                    let end = self.np(k + 1).map(|n| n.range.end).unwrap_or(0);
                    let start = self.tok_index(k);
                    if !self.out.iter().any(|r| {
                        r.predicate == "head of"
                            && r.object == Arg::Entity(org.entity)
                            && r.sentence == self.s.index
                    }) {
                        self.push(
                            subject,
                            "head of".into(),
                            Arg::Entity(org.entity),
                            RelationKind::Role,
                            start..end,
                            0.6,
                            Qualifiers::default(),
                        );
                    }
                }
            }
            k += 1;
        }
    }

    /// The speaker whose speech verb governs chunk `c`, if any ("Conway said Trump had ..."),
    /// else the source the sentence is according to, else whoever is quoted saying it
    /// ('"Sony will buy Toshiba," said analyst Ann Lee').
    fn reporter(&mut self, c: usize) -> Option<usize> {
        let speaker = (0..c).rev().find(|&v| self.reports(v));
        match speaker {
            Some(v) => self.subject(v).map(|r| r.entity),
            None => self.according_to().or_else(|| {
                let Chunk::Vg(vg) = &self.s.chunks[c] else {
                    return None;
                };
                self.quotes
                    .speaker_of(self.s.doc, self.s.global(vg.range.start))
            }),
        }
    }

    /// Whether the verb group at chunk `c` reports what follows: a speech verb, or an opinion
    /// with a clause after it ("believes the captain should go", "hopes that the deal will
    /// help"; not "knows the impact", "hopes to win").
    fn reports(&self, c: usize) -> bool {
        let Chunk::Vg(vg) = &self.s.chunks[c] else {
            return false;
        };
        if vg.passive {
            return false;
        }
        match vg.class {
            Some(VerbClass::Speech) => true,
            Some(VerbClass::Belief | VerbClass::Control | VerbClass::Disclosure) => {
                let at = if self.tok(c + 1) == Some("that") {
                    c + 2
                } else {
                    c + 1
                };
                if self.np(at).is_none() {
                    return false;
                }
                // "hoped the production, which cost £9m, was a blend": past a relative clause.
                let mut next = at + 1;
                let relative = |k: usize| {
                    matches!(self.s.chunks.get(k), Some(Chunk::Tok(i))
                        if matches!(self.s.tags[*i], Xpos::WDT | Xpos::WP))
                };
                if self.tok(next) == Some(",") && relative(next + 1) {
                    let close = (next + 2..self.s.chunks.len()).find(|&k| self.tok(k) == Some(","));
                    next = close.map_or(next, |k| k + 1);
                }
                // The clause's first verb is finite ("denied he frequently spoke").
                matches!(&self.s.chunks.get(next), Some(Chunk::Vg(v))
                    if v.range.clone().map(|i| self.s.tags[i]).find(|t| !t.is_adverb())
                        .is_some_and(|t| matches!(t, Xpos::MD | Xpos::VBZ | Xpos::VBD | Xpos::VBP)))
            }
            _ => false,
        }
    }

    /// The source of the sentence's claims: "..., according to the Wall Street Journal".
    fn according_to(&self) -> Option<usize> {
        (1..self.s.chunks.len()).find_map(|c| {
            let source = self.tok(c - 1) == Some("according") && self.tok(c) == Some("to");
            source
                .then(|| self.np(c + 1)?.entity)
                .flatten()
                .map(|r| r.entity)
        })
    }
}

impl Np {
    /// A phrase with a common-noun head.
    fn concept_like(&self) -> bool {
        self.entity.is_none() && !self.bare_pronoun
    }
}

#[cfg(test)]
mod tests {
    use crate::Pipeline;
    use crate::document::{Arg, Document};

    /// The relations of a text as "subject -[predicate]-> object", with "(said)" for an
    /// attribution, "(not)" when negated, "(former)" and the reporter.
    fn relations(text: &str) -> Vec<String> {
        let mut doc = Document::new("t", text);
        Pipeline::new().process(&mut doc);
        let name = |a: &Arg| match a {
            Arg::Entity(e) => doc.entities[*e].name.clone(),
            Arg::Concept(c) => c.clone(),
        };
        doc.relations
            .iter()
            .map(|r| {
                let not = if r.qualifiers.negated { " (not)" } else { "" };
                let former = if r.qualifiers.tense == Some(super::Tense::Former) {
                    " (former)"
                } else {
                    ""
                };
                let reporter = r.qualifiers.reported_by.map_or(String::new(), |e| {
                    format!(" (reported by {})", doc.entities[e].name)
                });
                let said = if r.kind == crate::document::RelationKind::Attribution {
                    " (said)"
                } else {
                    ""
                };
                format!(
                    "{} -[{}]-> {}{said}{not}{former}{reporter}",
                    name(&r.subject),
                    r.predicate,
                    name(&r.object)
                )
            })
            .collect()
    }

    fn check(cases: &[(&str, &[&str])]) {
        for (text, expected) in cases {
            assert_eq!(relations(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn verb_relations() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            ("Sony bought Toshiba last year.", &["Sony -[buy]-> Toshiba"]),
            ("Sony did not buy Toshiba.", &["Sony -[buy]-> Toshiba (not)"]),
            ("Sony cannot buy Toshiba.", &["Sony -[buy]-> Toshiba (not)"]),
            // A negative subject negates its verb.
            ("Neither Sony nor Nintendo commented on the report.", &["Sony -[comment on]-> report (not)", "Nintendo -[comment on]-> report (not)"]),
            // Coordinated subjects each get the relation.
            ("Sony, Microsoft and Nintendo bought Toshiba.", &["Sony -[buy]-> Toshiba", "Microsoft -[buy]-> Toshiba", "Nintendo -[buy]-> Toshiba"]),
            // An object after a quantity is the counted noun.
            ("Microsoft spoke to a number of analysts.", &["Microsoft -[speak to]-> analyst"]),
            // So does a negative determiner on the object.
            ("Yukos has no assets in the United States.", &["Yukos -[have asset in]-> United States (not)"]),
            // A passive with a named agent: the agent is the subject.
            ("Toshiba was bought by Sony last year.", &["Sony -[buy]-> Toshiba"]),
            // "according to" is no verb; its name reports the sentence.
            ("The European Union will deliver aid, according to the Wall Street Journal.", &["European Union -[deliver]-> aid (reported by Wall Street Journal)"]),
            // A speech verb's clause is reported by the speaker.
            ("ABC News reported that Sony bought Toshiba.", &["ABC News -[report]-> Sony (said)", "Sony -[buy]-> Toshiba (reported by ABC News)"]),
            // A reporting verb after "but" goes with the reporting verb before the clause.
            ("Ron Nash admits Chelsea could be favourites, but insists his side can win.", &["Ron Nash -[admit]-> Chelsea (said)", "Ron Nash -[insist]-> side (said)"]),
            // An opinion about a clause reports it; a plain object stays a verb relation.
            ("Bernard Laporte believes Sony will buy Toshiba.", &["Bernard Laporte -[believe]-> Sony (said)", "Sony -[buy]-> Toshiba (reported by Bernard Laporte)"]),
            ("Bernard Laporte hopes that Sony will buy Toshiba.", &["Bernard Laporte -[hope]-> Sony (said)", "Sony -[buy]-> Toshiba (reported by Bernard Laporte)"]),
            // "add" reports a clause, but an object no verb follows is a thing added.
            ("Bernard Laporte added that Sony will buy Toshiba.", &["Bernard Laporte -[add]-> Sony (said)", "Sony -[buy]-> Toshiba (reported by Bernard Laporte)"]),
            // So is a quotation, by its speaker, named or a pronoun.
            ("\"Sony will buy Toshiba,\" said analyst Ann Lee.", &["Sony -[buy]-> Toshiba (reported by Ann Lee)", "Ann Lee -[hold position]-> analyst"]),
            ("Ann Lee praised Sony. \"Sony will buy Toshiba,\" she said.", &["Ann Lee -[praise]-> Sony", "Sony -[buy]-> Toshiba (reported by Ann Lee)"]),
            ("Stephen Jones added four conversions.", &["Stephen Jones -[add]-> conversion"]),
            // Who does what "to" says: a preposition's object only after "on", "by", "with"...
            ("They called on Sony to buy Toshiba.", &["Sony -[buy]-> Toshiba"]),
            ("Tony Blair met ministers in London to discuss the plan.", &["Tony Blair -[meet]-> minister"]),
            ("Bernard Laporte hoped the deal, which cost £9m, was a blend.", &["Bernard Laporte -[hope]-> deal (said)"]),
            ("Bernard Laporte knows the impact of the deal.", &["Bernard Laporte -[know]-> impact"]),
            // So do verbs of making known: a clause is reported, a plain object acted on.
            ("Microsoft announced a new console.", &["Microsoft -[announce]-> console"]),
            ("Bernie Ebbers denied the charges.", &["Bernie Ebbers -[deny]-> charge"]),
            ("Microsoft announced that Sony bought Toshiba.", &["Microsoft -[announce]-> Sony (said)", "Sony -[buy]-> Toshiba (reported by Microsoft)"]),
            ("Bernie Ebbers denied he frequently met Sony.", &["Bernie Ebbers -[meet]-> Sony (reported by Bernie Ebbers)"]),
            // A verb right after a speech verb begins the reported clause, whose gerund has
            // no subject of its own (was "Standard Chartered -[say acquire]-> ...").
            ("Standard Chartered said acquiring Korea First Bank was vital.", &[]),
            ("The rules, which the European Union says are needed, were agreed.", &[]),
            ("Newbridge Capital bought a 20% stake.", &["Newbridge Capital -[buy]-> stake"]),
            ("The tickets were bought by Microsoft.", &["Microsoft -[buy]-> ticket"]),
            ("The Olivier Awards have been handed out by the Society of London since 1976.", &["Society of London -[hand out]-> Olivier Awards"]),
            ("The shell company was then snapped up by Rosneft.", &["Rosneft -[snap up]-> shell company"]),
            ("The firm, which in turn was bought by Rosneft, said so.", &[]),
            // A past participle alone before "by" is a passive describing the phrase before it
            // (was "Britons -[hold by]-> United States"), after a comma too (was the main
            // clause's subject: "Columbia Distributor -[buy by]-> Bank of America").
            ("All four Britons held by the US will be freed.", &["United States -[hold]-> briton"]),
            ("Columbia Distributor was part of FleetBoston, bought by Bank of America last year.", &["Bank of America -[buy]-> FleetBoston"]),
            ("Tait, recently dropped by England, inspired his side.", &["England -[drop]-> Tait"]),
            ("Sony made a profit, helped by strong demand.", &["Sony -[make]-> profit"]),
            // A currency sign goes with its amount, which begins a phrase of its own after a
            // name; what something is worth is no part of it.
            ("Boeing lost a $23bn government contract.", &["Boeing -[lose]-> government contract"]),
            ("China lent Russia $6bn last year.", &["China -[lend]-> Russia"]),
            ("The Pentagon revoked $1bn worth of contracts.", &["Pentagon -[revoke]-> contract"]),
            ("Qwest rejected a deal worth £8bn.", &["Qwest -[reject]-> deal"]),
            // A score between the verb and its preposition is left out (was "lose  at").
            ("Arsenal lost 2-0 at Old Trafford.", &["Arsenal -[lose at]-> Old Trafford"]),
            // A noun after a modal is its verb when the word is one (was "ITV -[will]-> fund").
            ("ITV will not fund the election campaign.", &["ITV -[fund]-> election campaign (not)"]),
            // "'s got" is "has got": possession (was "Andy Roddick -[be got]-> ability").
            ("Andy Roddick won. He's got a lot of ability.", &["Andy Roddick -[have]-> ability"]),
            // Hearsay: "is thought to", "were reported to have": the later verb is the relation.
            ("Sony is thought to be preparing new games.", &["Sony -[prepare]-> game"]),
            ("Microsoft was reported to have made an offer.", &["Microsoft -[make]-> offer"]),
            // A participle used as a preposition has no subject: what "including" lists belongs
            // to the noun before it (was "Microsoft -[include]-> Halo").
            ("Microsoft has made many games, including Halo.", &["Microsoft -[make]-> game"]),
            ("Microsoft shares rose following the announcement.", &[]),
            // Other participles after a comma share the main clause's subject.
            ("Sony cut prices, hoping to boost sales.", &["Sony -[cut]-> price", "Sony -[boost]-> sale"]),
            // A name joined by a hyphen to a participle says where the phrase's name is based,
            // or who owns it; it is not the subject (was "Hong -[kong-base]-> Hutchison").
            ("Frankfurt-based Deutsche Boerse bought Toshiba.", &["Deutsche Boerse -[based in]-> Frankfurt", "Deutsche Boerse -[buy]-> Toshiba"]),
            ("Essar is linked with Hong Kong-based Hutchison Whampoa.", &["Essar -[be linked with]-> Hutchison Whampoa", "Hutchison Whampoa -[based in]-> Hong Kong"]),
            ("The deal excludes Rosneft-owned Yugansk.", &["Yugansk -[owned by]-> Rosneft"]),
            // A hyphenated participle before a noun is an adjective, not a predicate (was
            // "Sony -[state-own]-> oil firm"); with its subject before it, a verb.
            ("Sony saw strong profits and better-than-expected sales.", &["Sony -[see]-> profit"]),
            ("Sony co-founded Toshiba.", &["Sony -[co-found]-> Toshiba"]),
            // A participle before a noun belongs to the object, not the verb.
            ("Qantas is facing increased pressure.", &["Qantas -[face]-> pressure"]),
            // A name inside a noun's prepositional phrase is not the subject...
            ("Shares in Google have fallen 6.7%.", &[]),
            ("A tie-up between Barclays and Wells Fargo would create a bank.", &[]),
            ("Waste from countries such as Japan and Norway will be stored in Britain.", &[]),
            ("Firms such as Sony have cut prices.", &["Sony -[cut]-> price"]),
            // A place after a preposition does not do what a "who" clause says; a team does.
            ("They sued anyone in the US who had bought a printer.", &[]),
            ("England, who had lost three games, beat Wales.", &["England -[lose]-> game", "England -[beat]-> Wales"]),
            // One holder of a title is somebody else...
            ("The former boss of Sony has quit the firm.", &[]),
            ("The mayor of Lyon has raised concerns.", &[]),
            // ...unless the noun is a share or the body acting for it, or a clause begins.
            ("Two-thirds of Seagram was bought by Diageo.", &["Diageo -[buy]-> Seagram"]),
            ("The board of Lufthansa rejected the offer.", &["Lufthansa -[reject]-> offer"]),
            ("Officials at Lufthansa rejected the offer.", &["Lufthansa -[reject]-> offer"]),
            ("A spokesman for Lufthansa rejected the offer.", &["Lufthansa -[reject]-> offer"]),
            // The holder named after the title does it.
            ("Sony director of research Alan Smith rejected the offer.", &["Alan Smith -[reject]-> offer"]),
            ("Costs rose in the industry while Yukos paid the tax.", &["Yukos -[pay]-> tax"]),
            ("The plan was not approved by the European Commission.", &["European Commission -[approve]-> plan (not)"]),
            // The name before an apposition or a relative clause between commas is the
            // subject of the verb after it (was nothing); not a list of names.
            ("Mary Jones, chief executive of Unilever, said sales rose.", &["Mary Jones -[chief executive of]-> Unilever", "Mary Jones -[say]-> sale (said)"]),
            ("Tesco, Britain's biggest retailer, bought Somerfield.", &["Tesco -[buy]-> Somerfield"]),
            ("Mary Jones, who runs Unilever, bought Somerfield.", &["Mary Jones -[run]-> Unilever", "Mary Jones -[buy]-> Somerfield"]),
            ("Mary Jones, 45, told the BBC.", &["Mary Jones -[tell]-> BBC (said)"]),
            ("China, the biggest steel consumer, has raised its rates.", &["China -[raise]-> rate"]),
            ("Sony, Microsoft, Nintendo and Sega make consoles.", &["Sony -[make]-> console", "Microsoft -[make]-> console", "Nintendo -[make]-> console", "Sega -[make]-> console"]),
            // "her" before a noun is her possession, unless the verb takes two objects.
            ("Doris Day died. John Smith helped to run her charitable activities.", &["John Smith -[help to run]-> activity"]),
            ("Doris Day died. John Smith gave her flowers.", &["John Smith -[give]-> Doris Day"]),
        ];
        check(cases);
    }

    #[test]
    fn positions() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            // A title with no organisation named points to the position.
            ("Chancellor Gordon Brown visited Kenya.", &["Gordon Brown -[hold position]-> chancellor", "Gordon Brown -[visit]-> Kenya"]),
            // Nouns before the title belong to it; a nationality does not, but names the
            // country of a state office.
            ("Finance minister Trevor Manuel spoke.", &["Trevor Manuel -[hold position]-> finance minister"]),
            ("Venezuelan President Hugo Chavez spoke.", &["Hugo Chavez -[president of]-> Venezuela"]),
            ("The French finance minister Herve Gaymard spoke.", &["Herve Gaymard -[finance minister of]-> France"]),
            ("Former South African president Nelson Mandela backed the plan.", &["Nelson Mandela -[president of]-> South Africa (former)", "Nelson Mandela -[back]-> plan"]),
            ("British director Mike Leigh won the award.", &["Mike Leigh -[hold position]-> director", "Mike Leigh -[win]-> award"]),
            // A title of two titles' words, and ranks before a name.
            ("TUC General Secretary Brendan Barber spoke.", &["Brendan Barber -[general secretary of]-> TUC"]),
            ("Lt Col Eric Schnaible led the patrol.", &["Eric Schnaible -[lead]-> patrol"]),
            ("John Smith, a former bank governor, resigned.", &["John Smith -[hold position]-> bank governor (former)"]),
            ("Mary Jones is the chief executive.", &["Mary Jones -[hold position]-> chief executive"]),
            // An organisation named makes it a role of that organisation instead.
            ("Mary Jones is the chief executive of Unilever.", &["Mary Jones -[chief executive of]-> Unilever"]),
            // A gerund before the organisation's common noun is part of its phrase.
            ("Mary Jones, chairman of messaging firm Unilever, spoke.", &["Mary Jones -[chairman of]-> Unilever"]),
            ("US President George Bush spoke. Later President Bush left.", &["George Bush -[president of]-> United States"]),
            // A title that says nothing without its organisation, and one held by a company.
            ("Bernard Smith, head of equity research, said so.", &[]),
            ("Market leader Microsoft bought the tickets.", &["Microsoft -[buy]-> ticket"]),
            // Names listed before the title own it too, and are not subjects.
            ("However, former Spurs and England defender Gary Stevens said he was surprised.", &["Gary Stevens -[defender of]-> Spurs (former)", "Gary Stevens -[defender of]-> England (former)"]),
            // "its" owner: the organisation named before it.
            ("Vivendi and its former chief executive Jean-Marie Messier were fined.", &["Jean-Marie Messier -[chief executive of]-> Vivendi (former)"]),
            // The employer after "from", or after the field of "director of".
            ("It is a good bet, said Suhas Naik, an investment analyst from ING Mutual Fund.", &["Suhas Naik -[analyst of]-> ING Mutual Fund"]),
            ("It is a good bet, said Jane Doyle, an economist with Lloyds Bank.", &["Jane Doyle -[economist of]-> Lloyds Bank"]),
            ("Capital Radio DJ Jo Brand said it was a good bet.", &["Jo Brand -[dj of]-> Capital Radio"]),
            ("John Smith, a lawyer from London, said so.", &["John Smith -[hold position]-> lawyer"]),
            ("Microsoft has no assets in Kenya apart from a house in Houston owned by its chief executive Bruce Misamore.", &["Microsoft -[have asset in]-> Kenya (not)", "Bruce Misamore -[chief executive of]-> Microsoft"]),
            ("Susan Wojcicki, director of product management at Google, said so.", &["Susan Wojcicki -[director of]-> Google"]),
            // A portfolio is part of the office, and a shadow office another one; "new" is
            // not (was "-[hold position]-> secretary" for all three).
            ("Former foreign secretary Robin Cook said so.", &["Robin Cook -[hold position]-> foreign secretary (former)"]),
            ("The plan did not impress Tory shadow education secretary Tim Collins.", &["Tim Collins -[shadow education secretary of]-> Conservative Party"]),
            ("New Home Secretary Charles Clarke spoke.", &["Charles Clarke -[hold position]-> home secretary"]),
            ("Indonesian economy minister Aburizal Bakrie spoke.", &["Aburizal Bakrie -[economy minister of]-> Indonesia"]),
            ("Welsh Health Minister Jane Hutt said so.", &["Jane Hutt -[health minister of]-> Wales"]),
            // Club roles of sport are titles too.
            ("Chelsea winger Arjen Robben was injured.", &["Arjen Robben -[winger of]-> Chelsea"]),
            // The passive of a verb that gives a post is a role (was "-[be named]-> chief
            // executive"), negated too; "as" reads the same.
            ("John Smith was named chief executive of Tesco.", &["John Smith -[chief executive of]-> Tesco"]),
            ("Jose Mourinho was appointed Chelsea manager in 2004.", &["Jose Mourinho -[manager of]-> Chelsea"]),
            ("Angela Merkel was not elected chancellor of Germany.", &["Angela Merkel -[chancellor of]-> Germany (not)"]),
            ("Rafael Benitez was named as the new manager of Liverpool.", &["Rafael Benitez -[manager of]-> Liverpool"]),
            // An award is no post: "best", or "of the year", but not "third boss of the season".
            ("Mike Leigh was named best director.", &["Mike Leigh -[be named]-> director"]),
            ("Tim Henman was named player of the year.", &["Tim Henman -[be named]-> player"]),
            ("Harry Redknapp will be the third boss of the season at Southampton.", &["Harry Redknapp -[hold position]-> boss"]),
        ];
        check(cases);
    }

    #[test]
    fn affiliations() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            ("NPR's Carrie Johnson reported it.", &["Carrie Johnson -[affiliated with]-> NPR"]),
            // An organisation before a person's name, with or without a word between; a
            // party by any of its names is one organisation.
            ("But Tory Dominic Grieve disagreed.", &["Dominic Grieve -[affiliated with]-> Conservative Party"]),
            ("Lib Dem leader Charles Kennedy spoke.", &["Charles Kennedy -[leader of]-> Liberal Democrats"]),
            ("Virgin Radio veteran Pete Mitchell left the house.", &["Pete Mitchell -[affiliated with]-> Virgin Radio", "Pete Mitchell -[leave]-> house"]),
            // Not where a new phrase starts after the organisation, nor across a plural noun.
            ("A source told the Sunday Times Mr Campbell would return.", &[]),
            ("His album The Diary of Alicia Keys won.", &[]),
            ("Labour posters featuring Mr Howard were withdrawn.", &[]),
        ];
        check(cases);
    }
}
