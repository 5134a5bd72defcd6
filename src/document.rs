//! The [`Document`]: one article and everything the pipeline learns about it.
//!
//! The document owns its text; every later annotation (sentences, tokens, mentions,
//! relations) points back into it by byte [`Span`], so evidence always names exact offsets
//! of the original input. Stages fill the vectors in pipeline order and never copy text.

use crate::tag::{Upos, Xpos};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// A byte range of a document's text, always on `char` boundaries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Length in bytes.
    pub const fn len(self) -> usize {
        self.end - self.start
    }
    /// True when the span covers no bytes.
    pub const fn is_empty(self) -> bool {
        self.start >= self.end
    }
    /// The span as a range, for slicing.
    pub const fn range(self) -> Range<usize> {
        self.start..self.end
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// Metadata that came with the article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Headline, when the source gave one apart from the text.
    pub title: Option<String>,
    /// Where the article was published.
    pub url: Option<String>,
    /// Publication date as given.
    pub date: Option<String>,
}

/// One sentence: its span and the range of its tokens in [`Document::tokens`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence's text.
    pub span: Span,
    /// Indices into [`Document::tokens`].
    pub tokens: Range<usize>,
}

/// A syntactic dependency: the head (index into the sentence's tokens, `None` for the root)
/// and the Universal Dependencies relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dep {
    /// Head token, relative to the sentence's first token; `None` for the root.
    pub head: Option<u32>,
    /// UD relation such as `nsubj` or `acl:relcl`.
    pub label: &'static str,
}

/// One token with its annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token's text.
    pub span: Span,
    /// Penn Treebank tag.
    pub xpos: Xpos,
    /// Universal tag.
    pub upos: Upos,
    /// Dictionary form, lower case except for proper nouns; empty until tagged.
    pub lemma: Lemma,
    /// Dependency, once parsed.
    pub dep: Option<Dep>,
}

impl Token {
    /// An untagged token over `span`.
    pub fn new(span: Span) -> Self {
        Token {
            span,
            xpos: Xpos::X,
            upos: Upos::X,
            lemma: Lemma::default(),
            dep: None,
        }
    }
}

/// A token's lemma: immutable text that tokens share. The tagger keeps one copy per word form
/// and tag and hands it to every token of that form, so tagging allocates nothing per token
/// (a `String` each was about 5% of the instructions of tagging and entities together).
/// Lemmas of up to 22 bytes (nearly all) are stored in place and copied; longer
/// ones are shared through an `Arc`: handing out a shared lemma increments its count, an
/// atomic write to a cache line of its own, which cost about 3% of the time of tagging and
/// entities. The empty lemma, that of untagged tokens, is no allocation either.
#[derive(Clone)]
pub struct Lemma(Repr);

/// Longest lemma stored in place, in bytes.
const INLINE_LEMMA: usize = 22;

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE_LEMMA] },
    Shared(Arc<str>),
}

impl Default for Lemma {
    fn default() -> Self {
        Lemma(Repr::Inline {
            len: 0,
            bytes: [0; INLINE_LEMMA],
        })
    }
}

impl Lemma {
    /// The lemma's text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Copied whole from a `str`, so always UTF-8.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Shared(s) => s,
        }
    }
}

impl Deref for Lemma {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Lemma {
    fn from(s: &str) -> Self {
        if s.len() <= INLINE_LEMMA {
            let mut bytes = [0; INLINE_LEMMA];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Lemma(Repr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            Lemma(Repr::Shared(Arc::from(s)))
        }
    }
}

impl From<String> for Lemma {
    fn from(s: String) -> Self {
        Lemma::from(s.as_str())
    }
}

impl PartialEq for Lemma {
    fn eq(&self, o: &Self) -> bool {
        self.as_str() == o.as_str()
    }
}

impl Eq for Lemma {}

impl std::hash::Hash for Lemma {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h);
    }
}

impl PartialOrd for Lemma {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Lemma {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(o.as_str())
    }
}

impl PartialEq<str> for Lemma {
    fn eq(&self, o: &str) -> bool {
        self.as_str() == o
    }
}

impl PartialEq<&str> for Lemma {
    fn eq(&self, o: &&str) -> bool {
        self.as_str() == *o
    }
}

impl fmt::Display for Lemma {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Lemma {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// The coarse type of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, agency, party, team, news outlet ...
    Organization,
    /// A country, city, region or other location.
    Place,
    /// A named thing of another kind (events, laws, products, nationalities).
    Other,
    /// A thing named by a common noun phrase ("investigation", "tweet").
    Concept,
}

impl EntityKind {
    /// The name used in exports (`Person`, `Organization`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "Person",
            EntityKind::Organization => "Organization",
            EntityKind::Place => "Place",
            EntityKind::Other => "Other",
            EntityKind::Concept => "Concept",
        }
    }
    /// Parses [`EntityKind::as_str`] back.
    pub fn parse(s: &str) -> Option<Self> {
        [
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Place,
            EntityKind::Other,
            EntityKind::Concept,
        ]
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionForm {
    /// A proper name: "Jeff Sessions", "Sessions", "FBI".
    Name,
    /// A personal or possessive pronoun: "he", "his", "they".
    Pronoun,
    /// A common noun phrase standing for a named entity: "his attorney general".
    Nominal,
}

/// A stretch of text referring to an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The name as written, without titles or possessive endings.
    pub span: Span,
    /// Name, pronoun or nominal.
    pub form: MentionForm,
    /// Indices into [`Document::tokens`].
    pub tokens: Range<usize>,
    /// Type as recognised.
    pub kind: EntityKind,
    /// The resolved entity (index into [`Document::entities`]), once resolved.
    pub entity: Option<usize>,
}

/// Context cues counted for each kind a name may be ("shares in X" for an organisation, "Mr
/// X" for a person): evidence of its type that does not come from the name itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindVotes([u32; 4]);

impl KindVotes {
    /// The kinds that get votes, in slot order; concepts get none.
    const KINDS: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Other,
    ];

    /// The slot of a kind.
    fn slot(kind: EntityKind) -> Option<usize> {
        Self::KINDS.iter().position(|&k| k == kind)
    }

    /// Counts one cue for `kind`.
    pub fn add(&mut self, kind: EntityKind) {
        if let Some(i) = Self::slot(kind) {
            self.0[i] += 1;
        }
    }

    /// Adds another tally to this one.
    pub fn extend(&mut self, other: KindVotes) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    /// The votes for `kind`.
    pub fn get(&self, kind: EntityKind) -> u32 {
        Self::slot(kind).map_or(0, |i| self.0[i])
    }

    /// The kind one document's cues clearly call the name: at least one cue, and twice as
    /// many as for all other kinds.
    pub fn document_kind(&self) -> Option<EntityKind> {
        self.leader(1, 2)
    }

    /// One document's vote: a single vote for [`KindVotes::document_kind`], none when the
    /// cues do not agree. Summed over documents, one article that repeats a cue counts once.
    pub fn document_vote(&self) -> KindVotes {
        let mut vote = KindVotes::default();
        if let Some(kind) = self.document_kind() {
            vote.add(kind);
        }
        vote
    }

    /// The kind the cues clearly call the name: at least `min` votes, and at least `times`
    /// as many as all other kinds together (and more than them).
    pub fn leader(&self, min: u32, times: u32) -> Option<EntityKind> {
        let total: u32 = self.0.iter().sum();
        Self::KINDS.into_iter().find(|&k| {
            let top = self.get(k);
            let rest = total - top;
            top >= min && top > rest && top >= times * rest
        })
    }
}

/// One entity of a document: the mentions that name it, merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The fullest name, as shown in the graph.
    pub name: String,
    /// Type.
    pub kind: EntityKind,
    /// Every distinct surface form, including `name`.
    pub aliases: Vec<String>,
    /// How many mentions (names and pronouns) refer to it.
    pub mentions: usize,
    /// The context cues its name mentions carry.
    pub cues: KindVotes,
}

/// The kind of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    /// Subject, verb, object: "Sessions recused himself from investigations".
    Verb,
    /// A title or job: "Trump's deputy chief of staff".
    Role,
    /// Belonging without a named role: "NPR's Carrie Johnson".
    Affiliation,
    /// Speech or report: "Spicer told reporters", "ABC News reported that ...".
    Attribution,
}

impl RelationKind {
    /// Lower-case name used in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Verb => "verb",
            RelationKind::Role => "role",
            RelationKind::Affiliation => "affiliation",
            RelationKind::Attribution => "attribution",
        }
    }
}

/// Whether a role holds now or held before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tense {
    /// "former", "ex-", "then-".
    Former,
    /// "now", "current", or stated in the present.
    Current,
}

/// Qualifiers that change what a relation means.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Qualifiers {
    /// Former or current, when the text says.
    pub tense: Option<Tense>,
    /// "does not want to resign".
    pub negated: bool,
    /// Who reported it ("ABC News reported that ..."), by entity index.
    pub reported_by: Option<usize>,
}

/// One end of a relation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arg {
    /// A resolved entity, by index into [`Document::entities`].
    Entity(usize),
    /// A common noun concept, by its singular head phrase ("investigation").
    Concept(String),
}

/// A relation with its evidence in this document.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Who or what it is about.
    pub subject: Arg,
    /// Lemmatised predicate ("recuse from", "deputy chief of staff of").
    pub predicate: String,
    /// The other end.
    pub object: Arg,
    /// What kind of relation.
    pub kind: RelationKind,
    /// Former/current, negation, reporter.
    pub qualifiers: Qualifiers,
    /// How sure the extractor is, in 0..=1.
    pub confidence: f32,
    /// Index into [`Document::sentences`].
    pub sentence: usize,
    /// The words the relation was read from.
    pub span: Span,
}

/// One article and its annotations.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Stable id: the JSON `id`, else the path (with line number for JSON Lines).
    pub id: String,
    /// The article text exactly as read.
    pub text: String,
    /// Title, URL, date.
    pub meta: Meta,
    /// Byline ("• Name"), kept apart from the article text.
    pub author: Option<Span>,
    /// The parts of `text` that are the article, after boilerplate is dropped.
    pub body: Vec<Span>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Named mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Resolved entities.
    pub entities: Vec<Entity>,
    /// Extracted relations.
    pub relations: Vec<Relation>,
}

impl Document {
    /// A document with the given id and text; nothing annotated yet.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let body = vec![Span::new(0, text.len())];
        Document {
            id: id.into(),
            text,
            body,
            ..Document::default()
        }
    }

    /// The text under a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The span from the first to the last of a non-empty range of tokens.
    pub fn tokens_span(&self, tokens: Range<usize>) -> Span {
        self.tokens[tokens.start]
            .span
            .cover(self.tokens[tokens.end - 1].span)
    }

    /// The text of token `i`.
    pub fn word(&self, i: usize) -> &str {
        self.slice(self.tokens[i].span)
    }

    /// The index of the sentence holding token `i`; the number of sentences when no sentence
    /// reaches that far.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences.partition_point(|s| s.tokens.end <= i)
    }

    /// The tokens of sentence `s`.
    pub fn sentence_tokens(&self, s: usize) -> &[Token] {
        &self.tokens[self.sentences[s].tokens.clone()]
    }

    /// Number of word tokens (not punctuation), for throughput figures.
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| self.text[t.span.range()].chars().any(char::is_alphanumeric))
            .count()
    }
}
