//! The arc-hybrid transition system with the root at the end of the buffer, and its
//! dynamic oracle.
//!
//! Words are numbered `0..n`; the artificial root is word `n`, the last item of the buffer.
//! Moves: `SHIFT` pushes the front of the buffer, `LEFT(l)` makes the front of the buffer the
//! head of the stack top and pops it, `RIGHT(l)` makes the item under the stack top its head
//! and pops it. The root is never shifted and takes a dependent only when the stack holds one
//! item, so every finished state is a single-rooted projective tree.
//!
//! The oracle costs are those of Goldberg and Nivre (2013) for arc-hybrid: the number of gold
//! arcs a move makes unreachable, plus one for a wrong label on a correct arc.

/// No word (an empty stack slot, a missing child).
pub(crate) const NONE: u32 = u32::MAX;

/// The unlabelled kind of a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Left,
    Right,
}

/// A parser configuration, reused across sentences to avoid allocation.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// Number of words; the root is word `n`.
    pub n: u32,
    pub stack: Vec<u32>,
    /// Front of the buffer; the buffer is `b0..=n`.
    pub b0: u32,
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
    /// Leftmost, second leftmost, rightmost, second rightmost child.
    pub lc1: Vec<u32>,
    pub lc2: Vec<u32>,
    pub rc1: Vec<u32>,
    pub rc2: Vec<u32>,
    /// Numbers of left and right children.
    pub nl: Vec<u8>,
    pub nr: Vec<u8>,
    /// Sets of the labels of left and right children, as bit masks.
    pub lset: Vec<u128>,
    pub rset: Vec<u128>,
}

impl Clone for State {
    fn clone(&self) -> Self {
        let mut s = State::default();
        s.clone_from(self);
        s
    }

    /// Copies into the vectors already there: beam search copies a state per hypothesis
    /// every step, and the derived `clone_from` would allocate eleven vectors each time.
    fn clone_from(&mut self, o: &Self) {
        self.n = o.n;
        self.b0 = o.b0;
        self.stack.clone_from(&o.stack);
        self.heads.clone_from(&o.heads);
        self.labels.clone_from(&o.labels);
        self.lc1.clone_from(&o.lc1);
        self.lc2.clone_from(&o.lc2);
        self.rc1.clone_from(&o.rc1);
        self.rc2.clone_from(&o.rc2);
        self.nl.clone_from(&o.nl);
        self.nr.clone_from(&o.nr);
        self.lset.clone_from(&o.lset);
        self.rset.clone_from(&o.rset);
    }
}

fn reset<T: Clone>(v: &mut Vec<T>, n: usize, x: T) {
    v.clear();
    v.resize(n, x);
}

impl State {
    /// The initial configuration for `n` words.
    pub fn start(&mut self, n: usize) {
        let m = n + 1;
        self.n = n as u32;
        self.stack.clear();
        self.b0 = 0;
        reset(&mut self.heads, m, NONE);
        reset(&mut self.labels, m, 0);
        reset(&mut self.lc1, m, NONE);
        reset(&mut self.lc2, m, NONE);
        reset(&mut self.rc1, m, NONE);
        reset(&mut self.rc2, m, NONE);
        reset(&mut self.nl, m, 0);
        reset(&mut self.nr, m, 0);
        reset(&mut self.lset, m, 0);
        reset(&mut self.rset, m, 0);
    }

    pub fn is_terminal(&self) -> bool {
        self.stack.is_empty() && self.b0 >= self.n
    }

    /// The `i`th item from the stack top, or [`NONE`].
    pub fn s(&self, i: usize) -> u32 {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i]
        } else {
            NONE
        }
    }

    /// The `i`th item of the buffer (the root counts), or [`NONE`].
    pub fn b(&self, i: u32) -> u32 {
        let p = self.b0 + i;
        if p <= self.n { p } else { NONE }
    }

    pub fn can_shift(&self) -> bool {
        self.b0 < self.n
    }
    pub fn can_left(&self) -> bool {
        !self.stack.is_empty() && (self.b0 < self.n || self.stack.len() == 1)
    }
    pub fn can_right(&self) -> bool {
        self.stack.len() >= 2
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u8) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.labels[du] = label;
        let bit = 1u128 << (label & 127);
        if d < h {
            self.nl[hu] = self.nl[hu].saturating_add(1);
            self.lset[hu] |= bit;
            if self.lc1[hu] == NONE || d < self.lc1[hu] {
                self.lc2[hu] = self.lc1[hu];
                self.lc1[hu] = d;
            } else if self.lc2[hu] == NONE || d < self.lc2[hu] {
                self.lc2[hu] = d;
            }
        } else {
            self.nr[hu] = self.nr[hu].saturating_add(1);
            self.rset[hu] |= bit;
            if self.rc1[hu] == NONE || d > self.rc1[hu] {
                self.rc2[hu] = self.rc1[hu];
                self.rc1[hu] = d;
            } else if self.rc2[hu] == NONE || d > self.rc2[hu] {
                self.rc2[hu] = d;
            }
        }
    }

    /// Applies a move; the caller has checked that it is valid.
    pub fn apply(&mut self, m: Move, label: u8) {
        match m {
            Move::Shift => {
                self.stack.push(self.b0);
                self.b0 += 1;
            }
            Move::Left => {
                if let Some(d) = self.stack.pop() {
                    self.add_arc(self.b0, d, label);
                }
            }
            Move::Right => {
                let len = self.stack.len();
                if len >= 2 {
                    let (d, h) = (self.stack[len - 1], self.stack[len - 2]);
                    self.stack.pop();
                    self.add_arc(h, d, label);
                }
            }
        }
    }

    /// Unlabelled costs of shift, left and right against gold heads (`gold[n]` unused), for
    /// the moves that are valid; `None` for invalid ones.
    pub fn costs(&self, gold: &[u32]) -> [Option<u32>; 3] {
        let b0 = self.b0;
        let in_buffer = |x: u32| x != NONE && x >= b0;
        // Dependents of `x` still in the buffer.
        let deps_in_buffer =
            |x: u32| -> u32 { (b0..self.n).filter(|&d| gold[d as usize] == x).count() as u32 };
        let s0 = self.s(0);
        let s1 = self.s(1);
        let shift = self.can_shift().then(|| {
            let mut c = self
                .stack
                .iter()
                .filter(|&&d| gold[d as usize] == b0)
                .count() as u32;
            let h = gold[b0 as usize];
            let len = self.stack.len();
            if len >= 2 && self.stack[..len - 1].contains(&h) {
                c += 1;
            }
            c
        });
        let left = self.can_left().then(|| {
            let h = gold[s0 as usize];
            let lost_head = h != b0 && ((s1 != NONE && h == s1) || (h != NONE && h > b0));
            u32::from(lost_head) + deps_in_buffer(s0)
        });
        let right = self.can_right().then(|| {
            let h = gold[s0 as usize];
            u32::from(in_buffer(h)) + deps_in_buffer(s0)
        });
        [shift, left, right]
    }
}
