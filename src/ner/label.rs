//! Entity labels: types, IOB2 tags, and the chunks a tag sequence spells.
//!
//! Chunks are read as conlleval reads them: a chunk starts at `B-X`, or at `I-X` when the
//! previous tag is `O` or of another type; it ends before `O`, `B-`, a change of type, or the
//! end of the sentence.

use std::ops::Range;

/// Entity types: the CoNLL-2003 four.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum EntityType {
    /// A person.
    Per = 0,
    /// An organisation.
    Org = 1,
    /// A place.
    Loc = 2,
    /// Other names: nationalities, events, works, products.
    Misc = 3,
}

impl EntityType {
    /// All four, in `u8` order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
    ];

    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    /// Parses a type name; UNER's and OntoNotes' spellings are accepted too.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "PER" | "PERSON" => Some(EntityType::Per),
            "ORG" | "ORGANIZATION" => Some(EntityType::Org),
            "LOC" | "LOCATION" | "GPE" => Some(EntityType::Loc),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }
}

/// Position of a token in an entity chunk (IOB2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bio {
    /// First token of a chunk.
    B,
    /// Later token of a chunk.
    I,
}

/// One IOB2 tag: `O`, or a position and an entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Label {
    /// Outside any entity.
    #[default]
    O,
    /// Inside an entity of the given type.
    Entity(Bio, EntityType),
}

impl Label {
    /// The tag as written in CoNLL files: `O`, `B-PER`, `I-MISC`, ...
    pub fn as_str(self) -> &'static str {
        use Bio::{B, I};
        use EntityType::{Loc, Misc, Org, Per};
        match self {
            Label::O => "O",
            Label::Entity(B, Per) => "B-PER",
            Label::Entity(I, Per) => "I-PER",
            Label::Entity(B, Org) => "B-ORG",
            Label::Entity(I, Org) => "I-ORG",
            Label::Entity(B, Loc) => "B-LOC",
            Label::Entity(I, Loc) => "I-LOC",
            Label::Entity(B, Misc) => "B-MISC",
            Label::Entity(I, Misc) => "I-MISC",
        }
    }

    /// Parses a tag; unknown entity types (UNER's `OTH`) and malformed tags read as `O`.
    pub fn parse(s: &str) -> Label {
        let (bio, ty) = match s.split_once('-') {
            Some(("B", t)) => (Bio::B, t),
            Some(("I", t)) => (Bio::I, t),
            _ => return Label::O,
        };
        EntityType::parse(ty).map_or(Label::O, |t| Label::Entity(bio, t))
    }

    /// The entity type, if any.
    pub fn entity_type(self) -> Option<EntityType> {
        match self {
            Label::O => None,
            Label::Entity(_, t) => Some(t),
        }
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The chunks of one sentence's labels, in order: token range and type.
pub fn chunks(labels: &[Label]) -> Vec<(Range<usize>, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &label) in labels.iter().enumerate() {
        let continues = matches!(
            (label, open),
            (Label::Entity(Bio::I, t), Some((_, o))) if t == o
        );
        if continues {
            continue;
        }
        if let Some((start, t)) = open.take() {
            out.push((start..i, t));
        }
        if let Label::Entity(_, t) = label {
            open = Some((i, t));
        }
    }
    if let Some((start, t)) = open {
        out.push((start..labels.len(), t));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(s: &str) -> Vec<Label> {
        s.split_whitespace().map(Label::parse).collect()
    }

    #[test]
    fn labels_round_trip() {
        for s in [
            "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
        ] {
            assert_eq!(Label::parse(s).as_str(), s);
        }
        for s in ["B-OTH", "I-", "X", "B-O", ""] {
            assert_eq!(Label::parse(s), Label::O, "{s}");
        }
    }

    #[test]
    fn chunks_as_conlleval() {
        use EntityType::*;
        type Case<'a> = (&'a str, &'a [(Range<usize>, EntityType)]);
        let cases: &[Case] = &[
            ("O O", &[]),
            ("B-PER I-PER O B-LOC", &[(0..2, Per), (3..4, Loc)]),
            ("I-PER I-PER", &[(0..2, Per)]),
            ("O I-ORG B-ORG", &[(1..2, Org), (2..3, Org)]),
            ("B-PER I-LOC", &[(0..1, Per), (1..2, Loc)]),
            ("B-MISC I-MISC I-MISC", &[(0..3, Misc)]),
        ];
        for (tags, expected) in cases {
            assert_eq!(chunks(&labels(tags)), *expected, "{tags}");
        }
    }
}
