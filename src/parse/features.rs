//! Feature templates in the style of Zhang and Nivre (2011), adapted to arc-hybrid.
//!
//! Every feature is an exact `u64` key: the template number in the top 8 bits and the atoms
//! (20-bit word ids, 8-bit tags, labels, distances, valencies) packed below it, so two
//! different features never share a key. Label sets are folded into 36 bits by hashing.

use super::system::{NONE, State};
use crate::tag::{Upos, Xpos};

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

/// The template number of each feature [`extract`] writes, in order.
pub(crate) fn template_ids() -> Vec<u8> {
    let mut st = State::default();
    st.start(1);
    let mut a = Atoms::default();
    a.push(W_UNKNOWN, "x", (Xpos::X, Upos::X));
    a.push_root();
    let mut out = [0u64; MAX_FEATURES];
    let n = extract(&st, &a, &mut out);
    out[..n].iter().map(|k| (k >> 56) as u8).collect()
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
#[derive(Debug, Clone, Copy)]
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
    let w = |p: u32| -> u64 {
        if p == NONE {
            u64::from(W_NONE)
        } else {
            u64::from(a.words[p as usize])
        }
    };
    let t = |p: u32| -> u64 {
        if p == NONE {
            u64::from(T_NONE)
        } else {
            u64::from(a.tags[p as usize])
        }
    };
    let wt = |p: u32| -> u64 { (w(p) << 8) | t(p) };
    let u = |p: u32| -> u64 {
        if p == NONE {
            0
        } else {
            u64::from(a.upos[p as usize])
        }
    };
    let x = |p: u32| -> u64 {
        if p == NONE {
            0
        } else {
            u64::from(a.suffixes[p as usize])
        }
    };

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
        bucket(b0 - s0)
    };
    let d1 = if s0 == NONE || s1 == NONE {
        0
    } else {
        bucket(s0 - s1)
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

    let (s0w, s0t, b0w, b0t, s1w, s1t) = (w(s0), t(s0), w(b0), t(b0), w(s1), t(s1));
    let feats: [u64; 85] = [
        // Features that score both the moves and the labels: the two words an arc would
        // join, their neighbours and the labels already attached to them.
        key(1, wt(s0)),
        key(2, s0w),
        key(3, s0t),
        key(4, wt(b0)),
        key(5, b0w),
        key(6, b0t),
        key(13, wt(s1)),
        key(14, s1w),
        key(15, s1t),
        key(9, t(b1)),
        key(16, (wt(s0) << 28) | wt(b0)),
        key(19, (wt(s0) << 8) | b0t),
        key(20, (s0t << 28) | wt(b0)),
        key(22, (s0t << 8) | b0t),
        key(73, (wt(s1) << 28) | wt(s0)),
        key(74, (s1w << 8) | s0t),
        key(75, (s1t << 20) | s0w),
        key(34, (s0t << 8) | d),
        key(38, (s0t << 16) | (b0t << 8) | d),
        key(80, (s1t << 16) | (s0t << 8) | d1),
        key(67, (s0t << 36) | s0ls),
        key(69, (s0t << 36) | s0rs),
        key(71, (b0t << 36) | b0ls),
        key(86, x(s0)),
        key(87, x(b0)),
        key(89, x(s1)),
        key(94, (u(s0) << 8) | u(b0)),
        key(95, (u(s1) << 8) | u(s0)),
        key(47, c.ls0l),
        key(50, c.ls0r),
        key(25, (s0t << 16) | (b0t << 8) | t(b1)),
        key(26, (s1t << 16) | (s0t << 8) | b0t),
        key(46, t(s0l)),
        key(49, t(s0r)),
        key(53, c.lb0l),
        key(27, (s0t << 16) | (t(s0l) << 8) | b0t),
        key(28, (s0t << 16) | (t(s0r) << 8) | b0t),
        key(17, (wt(s0) << 20) | b0w),
        key(18, (s0w << 28) | wt(b0)),
        key(72, (s1w << 20) | s0w),
        key(76, (t(s2) << 16) | (s1t << 8) | s0t),
        key(63, (s0t << 16) | (c.ls0l << 8) | c.ls0l2),
        key(64, (s0t << 16) | (c.ls0r << 8) | c.ls0r2),
        key(96, (u(s0) << 16) | (u(b0) << 8) | u(b1)),
        key(97, (u(s1) << 16) | (u(s0) << 8) | u(b0)),
        key(21, (s0w << 20) | b0w),
        key(33, (s0w << 8) | d),
        key(81, (s1w << 28) | (s0w << 8) | d1),
        // Features that score the moves only.
        key(7, wt(b1)),
        key(8, w(b1)),
        key(11, w(b2)),
        key(12, t(b2)),
        key(23, (b0t << 8) | t(b1)),
        key(24, (b0t << 16) | (t(b1) << 8) | t(b2)),
        key(29, (s0t << 16) | (b0t << 8) | t(b0l)),
        key(30, (s0t << 16) | (t(s0l) << 8) | t(s0l2)),
        key(31, (s0t << 16) | (t(s0r) << 8) | t(s0r2)),
        key(32, (b0t << 16) | (t(b0l) << 8) | t(b0l2)),
        key(35, (b0w << 8) | d),
        key(36, (b0t << 8) | d),
        key(37, (s0w << 28) | (b0w << 8) | d),
        key(39, (s0w << 8) | s0vr),
        key(40, (s0t << 8) | s0vr),
        key(41, (s0w << 8) | s0vl),
        key(42, (s0t << 8) | s0vl),
        key(43, (b0w << 8) | b0vl),
        key(44, (b0t << 8) | b0vl),
        key(45, w(s0l)),
        key(48, w(s0r)),
        key(51, w(b0l)),
        key(52, t(b0l)),
        key(56, c.ls0l2),
        key(59, c.ls0r2),
        key(62, c.lb0l2),
        key(65, (b0t << 16) | (c.lb0l << 8) | c.lb0l2),
        key(77, (s1t << 16) | (t(s1r) << 8) | s0t),
        key(78, (s1t << 16) | (t(s1l) << 8) | s0t),
        key(79, (s1t << 16) | (s0t << 8) | t(s0r)),
        key(82, (s1t << 16) | (s1vr << 8) | s0t),
        key(83, (s1t << 16) | (s0t << 8) | c.ls0l),
        key(84, (s1t << 24) | (s0t << 16) | (b0t << 8) | t(b1)),
        key(85, (t(s2) << 24) | (s1t << 16) | (s0t << 8) | b0t),
        key(88, x(b1)),
        key(91, (x(s0) << 8) | b0t),
        key(92, (s0t << 20) | x(b0)),
    ];
    out[..feats.len()].copy_from_slice(&feats);
    feats.len()
}
