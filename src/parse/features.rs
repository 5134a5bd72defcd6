//! Feature templates in the style of Zhang and Nivre (2011), adapted to arc-hybrid.
//!
//! Every feature is an exact `u64` key: the template number in the top 8 bits and the atoms
//! (20-bit word ids, 8-bit tags, labels, distances, valencies) packed below it, so two
//! different features never share a key. Label sets are folded into 36 bits by hashing.

use super::system::{NONE, State};
use crate::tag::{Upos, Xpos};
use group::{ALL, B0_ITEM, B0_WORD, PAIRS, S0_B0, S0_LEFT, S0_RIGHT, S0_WORD, S1_S0, S1_WORD};

/// Word id of a missing word.
pub(crate) const W_NONE: u32 = 0;
/// Word id of the artificial root.
pub(crate) const W_ROOT: u32 = 1;
/// Word id of a word outside the vocabulary.
pub(crate) const W_UNKNOWN: u32 = 2;
/// First id of a vocabulary word; ids stay below `1 << 20`.
pub(crate) const W_FIRST: u32 = 3;
/// Largest number of words in the vocabulary.
pub(crate) const MAX_VOCAB: usize = (1 << 20) - W_FIRST as usize;

/// Tag id of a missing word.
pub(crate) const T_NONE: u8 = 0;
/// Tag id of the root.
pub(crate) const T_ROOT: u8 = 1;
/// First tag id of a real tag (`Xpos as u8 + T_FIRST`).
pub(crate) const T_FIRST: u8 = 2;

/// Upper bound on the number of features of one configuration.
pub(crate) const MAX_FEATURES: usize = 96;

/// The first this many features score the labels too (the rest the moves only).
pub(crate) const LABEL_FEATURES: usize = 48;

/// Groups of templates by what they read of a configuration (bits for
/// [`extract_groups`]). A word group's features read nothing but that word's position (for
/// the front of the buffer, the two words after it too), so their scores are the same in
/// every configuration with the word in that role; an item group's read the word and what
/// [`Context`] has of its dependents on one side, so they are the same wherever that word
/// has those dependents in that role.
pub(crate) mod group {
    /// The stack top's word.
    pub const S0_WORD: u16 = 1;
    /// The stack top's word and its left dependents.
    pub const S0_LEFT: u16 = 2;
    /// The stack top's word and its right dependents.
    pub const S0_RIGHT: u16 = 4;
    /// The second stack item's word.
    pub const S1_WORD: u16 = 8;
    /// The front of the buffer's word and the two after it.
    pub const B0_WORD: u16 = 16;
    /// The front of the buffer's word and its (left) dependents.
    pub const B0_ITEM: u16 = 32;
    /// The stack top's word and the front of the buffer's (and the word after it).
    pub const S0_B0: u16 = 64;
    /// The two top stack items' words.
    pub const S1_S0: u16 = 128;
    /// Everything else: features that read three words, or a word and another's
    /// dependents.
    pub const PAIRS: u16 = 256;
    pub const ALL: u16 = 511;
    /// Every group, in the order [`super::feature_groups`] assigns them.
    pub const EACH: [u16; 9] = [
        S0_WORD, S0_LEFT, S0_RIGHT, S1_WORD, B0_WORD, B0_ITEM, S0_B0, S1_S0, PAIRS,
    ];
}

/// The per-word atoms of one sentence plus the root (last).
#[derive(Debug, Default, Clone)]
pub(crate) struct Atoms {
    /// Vocabulary ids.
    pub words: Vec<u32>,
    /// XPOS ids.
    pub tags: Vec<u8>,
    /// UPOS ids.
    pub upos: Vec<u8>,
    /// 16-bit hashes of the last three characters (+2; 0 none, 1 root).
    pub suffixes: Vec<u32>,
}

impl Atoms {
    pub fn clear(&mut self) {
        self.words.clear();
        self.tags.clear();
        self.upos.clear();
        self.suffixes.clear();
    }

    /// Adds a word: its vocabulary id, its normalised form and its tags.
    pub fn push(&mut self, id: u32, normalised: &str, (xpos, upos): (Xpos, Upos)) {
        self.words.push(id);
        self.tags.push(xpos as u8 + T_FIRST);
        self.upos.push(upos as u8 + T_FIRST);
        let start = normalised.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for &b in &normalised.as_bytes()[start..] {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        self.suffixes.push(2 + ((h ^ (h >> 32)) & 0xFFFF) as u32);
    }

    /// Adds the artificial root, after the last word.
    pub fn push_root(&mut self) {
        self.words.push(W_ROOT);
        self.tags.push(T_ROOT);
        self.upos.push(T_ROOT);
        self.suffixes.push(1);
    }
}

/// The start state and atoms of a one-word sentence, to learn which features [`extract`]
/// writes and in what order (the same for every configuration).
fn probe() -> (State, Atoms) {
    let mut st = State::default();
    st.start(1);
    let mut a = Atoms::default();
    a.push(W_UNKNOWN, "x", (Xpos::X, Upos::X));
    a.push_root();
    (st, a)
}

/// The template number of each feature [`extract`] writes, in order.
pub(crate) fn template_ids() -> Vec<u8> {
    let (st, a) = probe();
    let mut out = [0u64; MAX_FEATURES];
    let n = extract(&st, &a, &mut out);
    out[..n].iter().map(|k| (k >> 56) as u8).collect()
}

/// The [`group`] of each feature [`extract`] writes, in order.
pub(crate) fn feature_groups() -> Vec<u16> {
    let (st, a) = probe();
    let c = st.context();
    let mut groups = [0u16; MAX_FEATURES];
    let mut n = 0;
    for g in group::EACH {
        // Keys are never 0 (the template is in the top byte), so the places written are
        // the group's.
        let mut out = [0u64; MAX_FEATURES];
        n = extract_group(g, &c, &a, &mut out);
        for (k, slot) in out.iter().zip(&mut groups) {
            if *k != 0 {
                *slot = g;
            }
        }
    }
    groups[..n].to_vec()
}

/// [`extract_groups`] of one group, chosen at run time.
pub(crate) fn extract_group(
    g: u16,
    c: &Context,
    a: &Atoms,
    out: &mut [u64; MAX_FEATURES],
) -> usize {
    match g {
        S0_WORD => extract_groups::<S0_WORD>(c, a, out),
        S0_LEFT => extract_groups::<S0_LEFT>(c, a, out),
        S0_RIGHT => extract_groups::<S0_RIGHT>(c, a, out),
        S1_WORD => extract_groups::<S1_WORD>(c, a, out),
        B0_WORD => extract_groups::<B0_WORD>(c, a, out),
        B0_ITEM => extract_groups::<B0_ITEM>(c, a, out),
        S0_B0 => extract_groups::<S0_B0>(c, a, out),
        S1_S0 => extract_groups::<S1_S0>(c, a, out),
        PAIRS => extract_groups::<PAIRS>(c, a, out),
        _ => extract_groups::<ALL>(c, a, out),
    }
}

#[inline]
fn key(template: u64, value: u64) -> u64 {
    (template << 56) | (value & ((1 << 56) - 1))
}

fn bucket(d: u32) -> u64 {
    match d {
        0..=4 => u64::from(d),
        5..=7 => 5,
        8..=11 => 6,
        _ => 7,
    }
}

fn fold(set: u128) -> u64 {
    let x = (set as u64) ^ ((set >> 64) as u64).rotate_left(29);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 28) & ((1 << 36) - 1)
}

/// What the features read of a configuration: the words at the top of the stack and the
/// front of the buffer ([`NONE`] when absent), some of their dependents, and those
/// dependents' labels, numbers and label sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Context {
    pub s0: u32,
    pub s1: u32,
    pub s2: u32,
    pub b0: u32,
    pub b1: u32,
    pub b2: u32,
    /// Leftmost, second leftmost, rightmost and second rightmost dependents.
    pub s0l: u32,
    pub s0l2: u32,
    pub s0r: u32,
    pub s0r2: u32,
    pub s1l: u32,
    pub s1r: u32,
    pub b0l: u32,
    pub b0l2: u32,
    /// The labels of `s0l`, `s0l2`, `s0r`, `s0r2`, `b0l` and `b0l2`, plus one (0 when
    /// absent).
    pub ls0l: u64,
    pub ls0l2: u64,
    pub ls0r: u64,
    pub ls0r2: u64,
    pub lb0l: u64,
    pub lb0l2: u64,
    /// Numbers of left and right dependents, and sets of their labels (unused for absent
    /// words).
    pub s0nl: u8,
    pub s0nr: u8,
    pub s1nr: u8,
    pub b0nl: u8,
    pub s0lset: u128,
    pub s0rset: u128,
    pub b0lset: u128,
}

/// Writes the features of `st` into `out` and returns how many there are.
pub(crate) fn extract(st: &State, a: &Atoms, out: &mut [u64; MAX_FEATURES]) -> usize {
    extract_context(&st.context(), a, out)
}

/// Writes the features of a configuration's context into `out` and returns how many there
/// are.
pub(crate) fn extract_context(c: &Context, a: &Atoms, out: &mut [u64; MAX_FEATURES]) -> usize {
    extract_groups::<ALL>(c, a, out)
}

/// Writes the features of the groups in `G` (a set of [`group`] bits) into `out`, each at
/// its place in [`extract_context`]'s output (the other places are left as they were), and
/// returns how many features [`extract_context`] writes. Only the requested groups' atoms
/// are computed: the decoder caches the scores of the groups that read one word, or one
/// stack item, and extracts the pairs alone per configuration.
#[inline]
pub(crate) fn extract_groups<const G: u16>(
    c: &Context,
    a: &Atoms,
    out: &mut [u64; MAX_FEATURES],
) -> usize {
    // `NONE` is past the end of every atom vector, so it reads the missing word's atom;
    // reading without a panic lets the compiler drop the atoms no requested group uses.
    let w = |p: u32| -> u64 {
        a.words
            .get(p as usize)
            .map_or(u64::from(W_NONE), |&v| u64::from(v))
    };
    let t = |p: u32| -> u64 {
        a.tags
            .get(p as usize)
            .map_or(u64::from(T_NONE), |&v| u64::from(v))
    };
    let wt = |p: u32| -> u64 { (w(p) << 8) | t(p) };
    let u = |p: u32| -> u64 { a.upos.get(p as usize).map_or(0, |&v| u64::from(v)) };
    let x = |p: u32| -> u64 { a.suffixes.get(p as usize).map_or(0, |&v| u64::from(v)) };

    let Context {
        s0,
        s1,
        s2,
        b0,
        b1,
        b2,
        s0l,
        s0l2,
        s0r,
        s0r2,
        s1l,
        s1r,
        b0l,
        b0l2,
        ..
    } = *c;

    let d = if s0 == NONE || b0 == NONE {
        0
    } else {
        bucket(b0.wrapping_sub(s0))
    };
    let d1 = if s0 == NONE || s1 == NONE {
        0
    } else {
        bucket(s0.wrapping_sub(s1))
    };
    let (s0vl, s0vr, s0ls, s0rs) = if s0 == NONE {
        (0, 0, 0, 0)
    } else {
        (
            u64::from(c.s0nl).min(15) + 1,
            u64::from(c.s0nr).min(15) + 1,
            fold(c.s0lset),
            fold(c.s0rset),
        )
    };
    let (b0vl, b0ls) = if b0 == NONE {
        (0, 0)
    } else {
        (u64::from(c.b0nl).min(15) + 1, fold(c.b0lset))
    };
    let s1vr = if s1 == NONE {
        0
    } else {
        u64::from(c.s1nr).min(15) + 1
    };

    let mut i = 0;
    // Writes feature `i` when its group is requested.
    macro_rules! f {
        ($group:expr, $key:expr) => {
            if G & $group != 0 {
                out[i] = $key;
            }
            i += 1;
        };
    }
    let (s0w, s0t, b0w, b0t, s1w, s1t) = (w(s0), t(s0), w(b0), t(b0), w(s1), t(s1));
    // Features that score both the moves and the labels: the two words an arc would
    // join, their neighbours and the labels already attached to them.
    f!(S0_WORD, key(1, wt(s0)));
    f!(S0_WORD, key(2, s0w));
    f!(S0_WORD, key(3, s0t));
    f!(B0_WORD, key(4, wt(b0)));
    f!(B0_WORD, key(5, b0w));
    f!(B0_WORD, key(6, b0t));
    f!(S1_WORD, key(13, wt(s1)));
    f!(S1_WORD, key(14, s1w));
    f!(S1_WORD, key(15, s1t));
    f!(B0_WORD, key(9, t(b1)));
    f!(S0_B0, key(16, (wt(s0) << 28) | wt(b0)));
    f!(S0_B0, key(19, (wt(s0) << 8) | b0t));
    f!(S0_B0, key(20, (s0t << 28) | wt(b0)));
    f!(S0_B0, key(22, (s0t << 8) | b0t));
    f!(S1_S0, key(73, (wt(s1) << 28) | wt(s0)));
    f!(S1_S0, key(74, (s1w << 8) | s0t));
    f!(S1_S0, key(75, (s1t << 20) | s0w));
    f!(S0_B0, key(34, (s0t << 8) | d));
    f!(S0_B0, key(38, (s0t << 16) | (b0t << 8) | d));
    f!(S1_S0, key(80, (s1t << 16) | (s0t << 8) | d1));
    f!(S0_LEFT, key(67, (s0t << 36) | s0ls));
    f!(S0_RIGHT, key(69, (s0t << 36) | s0rs));
    f!(B0_ITEM, key(71, (b0t << 36) | b0ls));
    f!(S0_WORD, key(86, x(s0)));
    f!(B0_WORD, key(87, x(b0)));
    f!(S1_WORD, key(89, x(s1)));
    f!(S0_B0, key(94, (u(s0) << 8) | u(b0)));
    f!(S1_S0, key(95, (u(s1) << 8) | u(s0)));
    f!(S0_LEFT, key(47, c.ls0l));
    f!(S0_RIGHT, key(50, c.ls0r));
    f!(S0_B0, key(25, (s0t << 16) | (b0t << 8) | t(b1)));
    f!(PAIRS, key(26, (s1t << 16) | (s0t << 8) | b0t));
    f!(S0_LEFT, key(46, t(s0l)));
    f!(S0_RIGHT, key(49, t(s0r)));
    f!(B0_ITEM, key(53, c.lb0l));
    f!(PAIRS, key(27, (s0t << 16) | (t(s0l) << 8) | b0t));
    f!(PAIRS, key(28, (s0t << 16) | (t(s0r) << 8) | b0t));
    f!(S0_B0, key(17, (wt(s0) << 20) | b0w));
    f!(S0_B0, key(18, (s0w << 28) | wt(b0)));
    f!(S1_S0, key(72, (s1w << 20) | s0w));
    f!(PAIRS, key(76, (t(s2) << 16) | (s1t << 8) | s0t));
    f!(S0_LEFT, key(63, (s0t << 16) | (c.ls0l << 8) | c.ls0l2));
    f!(S0_RIGHT, key(64, (s0t << 16) | (c.ls0r << 8) | c.ls0r2));
    f!(S0_B0, key(96, (u(s0) << 16) | (u(b0) << 8) | u(b1)));
    f!(PAIRS, key(97, (u(s1) << 16) | (u(s0) << 8) | u(b0)));
    f!(S0_B0, key(21, (s0w << 20) | b0w));
    f!(S0_B0, key(33, (s0w << 8) | d));
    f!(S1_S0, key(81, (s1w << 28) | (s0w << 8) | d1));
    // Features that score the moves only.
    f!(B0_WORD, key(7, wt(b1)));
    f!(B0_WORD, key(8, w(b1)));
    f!(B0_WORD, key(11, w(b2)));
    f!(B0_WORD, key(12, t(b2)));
    f!(B0_WORD, key(23, (b0t << 8) | t(b1)));
    f!(B0_WORD, key(24, (b0t << 16) | (t(b1) << 8) | t(b2)));
    f!(PAIRS, key(29, (s0t << 16) | (b0t << 8) | t(b0l)));
    f!(S0_LEFT, key(30, (s0t << 16) | (t(s0l) << 8) | t(s0l2)));
    f!(S0_RIGHT, key(31, (s0t << 16) | (t(s0r) << 8) | t(s0r2)));
    f!(B0_ITEM, key(32, (b0t << 16) | (t(b0l) << 8) | t(b0l2)));
    f!(S0_B0, key(35, (b0w << 8) | d));
    f!(S0_B0, key(36, (b0t << 8) | d));
    f!(S0_B0, key(37, (s0w << 28) | (b0w << 8) | d));
    f!(S0_RIGHT, key(39, (s0w << 8) | s0vr));
    f!(S0_RIGHT, key(40, (s0t << 8) | s0vr));
    f!(S0_LEFT, key(41, (s0w << 8) | s0vl));
    f!(S0_LEFT, key(42, (s0t << 8) | s0vl));
    f!(B0_ITEM, key(43, (b0w << 8) | b0vl));
    f!(B0_ITEM, key(44, (b0t << 8) | b0vl));
    f!(S0_LEFT, key(45, w(s0l)));
    f!(S0_RIGHT, key(48, w(s0r)));
    f!(B0_ITEM, key(51, w(b0l)));
    f!(B0_ITEM, key(52, t(b0l)));
    f!(S0_LEFT, key(56, c.ls0l2));
    f!(S0_RIGHT, key(59, c.ls0r2));
    f!(B0_ITEM, key(62, c.lb0l2));
    f!(B0_ITEM, key(65, (b0t << 16) | (c.lb0l << 8) | c.lb0l2));
    f!(PAIRS, key(77, (s1t << 16) | (t(s1r) << 8) | s0t));
    f!(PAIRS, key(78, (s1t << 16) | (t(s1l) << 8) | s0t));
    f!(PAIRS, key(79, (s1t << 16) | (s0t << 8) | t(s0r)));
    f!(PAIRS, key(82, (s1t << 16) | (s1vr << 8) | s0t));
    f!(PAIRS, key(83, (s1t << 16) | (s0t << 8) | c.ls0l));
    f!(
        PAIRS,
        key(84, (s1t << 24) | (s0t << 16) | (b0t << 8) | t(b1))
    );
    f!(
        PAIRS,
        key(85, (t(s2) << 24) | (s1t << 16) | (s0t << 8) | b0t)
    );
    f!(B0_WORD, key(88, x(b1)));
    f!(S0_B0, key(91, (x(s0) << 8) | b0t));
    f!(S0_B0, key(92, (s0t << 20) | x(b0)));
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so the test needs no seed handling.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        /// A word of a sentence of `n` words plus the root, or (one time in five) none.
        fn word(&mut self, n: u32) -> u32 {
            if self.next() % 5 == 0 {
                NONE
            } else {
                (self.next() % u64::from(n + 1)) as u32
            }
        }
        fn label(&mut self) -> u64 {
            self.next() % 60
        }
        fn set(&mut self) -> u128 {
            u128::from(self.next()) << 64 | u128::from(self.next())
        }
    }

    /// The fields of a context that each group may read: every other field is replaced by
    /// a random value, and the group's features must stay the same.
    fn mix(g: u16, keep: &Context, other: &Context) -> Context {
        let mut c = *other;
        if [S0_WORD, S0_LEFT, S0_RIGHT, S0_B0, S1_S0].contains(&g) {
            c.s0 = keep.s0;
        }
        if g == group::S0_LEFT {
            (c.s0l, c.s0l2, c.ls0l, c.ls0l2) = (keep.s0l, keep.s0l2, keep.ls0l, keep.ls0l2);
            (c.s0nl, c.s0lset) = (keep.s0nl, keep.s0lset);
        }
        if g == group::S0_RIGHT {
            (c.s0r, c.s0r2, c.ls0r, c.ls0r2) = (keep.s0r, keep.s0r2, keep.ls0r, keep.ls0r2);
            (c.s0nr, c.s0rset) = (keep.s0nr, keep.s0rset);
        }
        if [S1_WORD, S1_S0].contains(&g) {
            c.s1 = keep.s1;
        }
        if [B0_WORD, B0_ITEM, S0_B0].contains(&g) {
            (c.b0, c.b1, c.b2) = (keep.b0, keep.b1, keep.b2);
        }
        if g == group::B0_ITEM {
            (c.b0l, c.b0l2, c.lb0l, c.lb0l2) = (keep.b0l, keep.b0l2, keep.lb0l, keep.lb0l2);
            (c.b0nl, c.b0lset) = (keep.b0nl, keep.b0lset);
        }
        c
    }

    /// A random context of a sentence of `n` words (not always one a parser could reach,
    /// which does not matter here).
    fn random_context(r: &mut Rng, n: u32) -> Context {
        let b0 = (r.next() % u64::from(n + 1)) as u32;
        let b = |i: u32| if b0 + i <= n { b0 + i } else { NONE };
        Context {
            s0: r.word(n),
            s1: r.word(n),
            s2: r.word(n),
            b0,
            b1: b(1),
            b2: b(2),
            s0l: r.word(n),
            s0l2: r.word(n),
            s0r: r.word(n),
            s0r2: r.word(n),
            s1l: r.word(n),
            s1r: r.word(n),
            b0l: r.word(n),
            b0l2: r.word(n),
            ls0l: r.label(),
            ls0l2: r.label(),
            ls0r: r.label(),
            ls0r2: r.label(),
            lb0l: r.label(),
            lb0l2: r.label(),
            s0nl: r.next() as u8,
            s0nr: r.next() as u8,
            s1nr: r.next() as u8,
            b0nl: r.next() as u8,
            s0lset: r.set(),
            s0rset: r.set(),
            b0lset: r.set(),
        }
    }

    #[test]
    fn groups_read_only_their_own_fields() {
        let n = 12;
        let mut a = Atoms::default();
        for i in 0..n {
            let tags = [(Xpos::NN, Upos::NOUN), (Xpos::VBD, Upos::VERB)][i % 2];
            a.push(W_FIRST + i as u32 * 7 % 5, &format!("w{i}"), tags);
        }
        a.push_root();
        let groups = feature_groups();
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2000 {
            let c = random_context(&mut r, n as u32);
            let mut all = [0u64; MAX_FEATURES];
            let count = extract_context(&c, &a, &mut all);
            assert_eq!(groups.len(), count);
            // Every feature is in exactly one group, and the groups together write what
            // `extract_context` does.
            let mut union = [0u64; MAX_FEATURES];
            for g in group::EACH {
                let mut out = [0u64; MAX_FEATURES];
                assert_eq!(extract_group(g, &c, &a, &mut out), count);
                for i in 0..count {
                    assert_eq!(out[i] != 0, groups[i] == g, "feature {i}, group {g}");
                    if out[i] != 0 {
                        union[i] = out[i];
                    }
                }
                if g == PAIRS {
                    continue;
                }
                let other = random_context(&mut r, n as u32);
                let mut again = [0u64; MAX_FEATURES];
                extract_group(g, &mix(g, &c, &other), &a, &mut again);
                assert_eq!(out, again, "group {g} reads another field");
            }
            assert_eq!(union, all);
        }
    }
}
