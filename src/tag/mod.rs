//! Part-of-speech tags and lemmas.
//!
//! Defines the tag sets (Penn Treebank XPOS as used by UD English EWT, and UPOS) that every
//! later stage matches on. The rule-based tagger in [`rules`] is the first implementation;
//! a trained tagger replaces it behind the same `tag(&mut Document)` shape.

pub(crate) mod features;
pub mod lemma;
pub mod pos;
pub mod rules;

macro_rules! tag_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[repr(u8)]
        #[allow(clippy::upper_case_acronyms, non_camel_case_types)]
        pub enum $name {
            #[default]
            $($variant),*
        }

        impl $name {
            /// Every tag, in declaration order (the index is the tag's `u8` value).
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The tag as the treebanks write it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// Parses the treebank spelling of a tag.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)* _ => None }
            }

            /// The tag with this `u8` value.
            pub fn from_index(i: u8) -> Option<Self> {
                Self::ALL.get(usize::from(i)).copied()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

tag_enum! {
    /// Penn Treebank part-of-speech tags, with the extra tags of UD English EWT.
    /// `X` stands for "unknown" (`_` in EWT, untagged tokens).
    Xpos {
        X = "_", CC = "CC", CD = "CD", DT = "DT", EX = "EX", FW = "FW", IN = "IN", JJ = "JJ",
        JJR = "JJR", JJS = "JJS", LS = "LS", MD = "MD", NN = "NN", NNS = "NNS", NNP = "NNP",
        NNPS = "NNPS", PDT = "PDT", POS = "POS", PRP = "PRP", PRPS = "PRP$", RB = "RB",
        RBR = "RBR", RBS = "RBS", RP = "RP", SYM = "SYM", TO = "TO", UH = "UH", VB = "VB",
        VBD = "VBD", VBG = "VBG", VBN = "VBN", VBP = "VBP", VBZ = "VBZ", WDT = "WDT",
        WP = "WP", WPS = "WP$", WRB = "WRB", Comma = ",", Period = ".", Colon = ":",
        OpenQuote = "``", CloseQuote = "''", LRB = "-LRB-", RRB = "-RRB-", Hash = "#",
        Dollar = "$", HYPH = "HYPH", NFP = "NFP", ADD = "ADD", AFX = "AFX", GW = "GW",
        XX = "XX",
    }
}

tag_enum! {
    /// Universal part-of-speech tags.
    Upos {
        X = "X", ADJ = "ADJ", ADP = "ADP", ADV = "ADV", AUX = "AUX", CCONJ = "CCONJ",
        DET = "DET", INTJ = "INTJ", NOUN = "NOUN", NUM = "NUM", PART = "PART", PRON = "PRON",
        PROPN = "PROPN", PUNCT = "PUNCT", SCONJ = "SCONJ", SYM = "SYM", VERB = "VERB",
    }
}

impl Xpos {
    /// Common or proper noun, singular or plural.
    pub fn is_noun(self) -> bool {
        matches!(self, Xpos::NN | Xpos::NNS | Xpos::NNP | Xpos::NNPS)
    }
    /// Proper noun.
    pub fn is_proper(self) -> bool {
        matches!(self, Xpos::NNP | Xpos::NNPS)
    }
    /// Any verb form (not modals).
    pub fn is_verb(self) -> bool {
        matches!(
            self,
            Xpos::VB | Xpos::VBD | Xpos::VBG | Xpos::VBN | Xpos::VBP | Xpos::VBZ
        )
    }
    /// Adjective in any degree.
    pub fn is_adjective(self) -> bool {
        matches!(self, Xpos::JJ | Xpos::JJR | Xpos::JJS)
    }
    /// Adverb in any degree.
    pub fn is_adverb(self) -> bool {
        matches!(self, Xpos::RB | Xpos::RBR | Xpos::RBS)
    }
    /// Punctuation of any kind.
    pub fn is_punct(self) -> bool {
        matches!(
            self,
            Xpos::Comma
                | Xpos::Period
                | Xpos::Colon
                | Xpos::OpenQuote
                | Xpos::CloseQuote
                | Xpos::LRB
                | Xpos::RRB
                | Xpos::HYPH
                | Xpos::NFP
        )
    }

    /// The universal tag this PTB tag most often maps to (auxiliaries are decided by the
    /// lemma, so a tagger that knows better overrides this).
    pub fn to_upos(self) -> Upos {
        use Xpos::*;
        match self {
            CC => Upos::CCONJ,
            CD => Upos::NUM,
            DT | PDT | WDT => Upos::DET,
            EX | PRP | PRPS | WP | WPS => Upos::PRON,
            FW | X | XX | GW | AFX => Upos::X,
            IN => Upos::ADP,
            JJ | JJR | JJS => Upos::ADJ,
            LS | SYM | Hash | Dollar | ADD => Upos::SYM,
            MD => Upos::AUX,
            NN | NNS => Upos::NOUN,
            NNP | NNPS => Upos::PROPN,
            POS | RP | TO => Upos::PART,
            RB | RBR | RBS | WRB => Upos::ADV,
            UH => Upos::INTJ,
            VB | VBD | VBG | VBN | VBP | VBZ => Upos::VERB,
            Comma | Period | Colon | OpenQuote | CloseQuote | LRB | RRB | HYPH | NFP => Upos::PUNCT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for &t in Xpos::ALL {
            assert_eq!(Xpos::parse(t.as_str()), Some(t));
            assert_eq!(Xpos::from_index(t as u8), Some(t));
        }
        for &t in Upos::ALL {
            assert_eq!(Upos::parse(t.as_str()), Some(t));
        }
    }
}
