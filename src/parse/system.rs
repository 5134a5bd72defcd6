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

use super::features::Context;

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
    /// Each word's dependents, as the features read them (item `i` is word `i`'s).
    items: Vec<Item>,
}

impl Clone for State {
    fn clone(&self) -> Self {
        let mut s = State::default();
        s.clone_from(self);
        s
    }

    /// Copies into the vectors already there: beam search copies a state per hypothesis
    /// every step, and the derived `clone_from` would allocate its vectors each time.
    fn clone_from(&mut self, o: &Self) {
        self.n = o.n;
        self.b0 = o.b0;
        self.stack.clone_from(&o.stack);
        self.heads.clone_from(&o.heads);
        self.labels.clone_from(&o.labels);
        self.items.clone_from(&o.items);
    }
}

impl State {
    /// The initial configuration for `n` words.
    pub fn start(&mut self, n: usize) {
        let m = n + 1;
        self.n = n as u32;
        self.stack.clear();
        self.b0 = 0;
        self.heads.clear();
        self.heads.resize(m, NONE);
        self.labels.clear();
        self.labels.resize(m, 0);
        self.items.clear();
        self.items.extend((0..m as u32).map(Item::new));
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

    pub fn can_shift(&self) -> bool {
        self.b0 < self.n
    }

    /// What the features read of this configuration.
    pub fn context(&self) -> Context {
        let none = Item::new(NONE);
        let item = |p: u32| self.items.get(p as usize).unwrap_or(&none);
        let (s0, s1, s2) = (item(self.s(0)), item(self.s(1)), item(self.s(2)));
        context(s0, s1, s2, item(self.b0), self.n)
    }
    pub fn can_left(&self) -> bool {
        !self.stack.is_empty() && (self.b0 < self.n || self.stack.len() == 1)
    }
    pub fn can_right(&self) -> bool {
        self.stack.len() >= 2
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u8) {
        self.heads[d as usize] = h;
        self.labels[d as usize] = label;
        let head = &mut self.items[h as usize];
        if d < h {
            head.add_left(d, label);
        } else {
            head.add_right(d, label);
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

/// What a word has of its dependents, for the features: its two leftmost and two rightmost
/// children with their labels, how many it has on each side and the sets of their labels.
/// One cache line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    pub word: u32,
    /// The item under this one on the stack (an index into [`Arena::nodes`]), or [`NONE`].
    below: u32,
    pub lc1: u32,
    pub lc2: u32,
    pub rc1: u32,
    pub rc2: u32,
    /// Labels of `lc1`, `lc2`, `rc1`, `rc2`.
    pub llc1: u8,
    pub llc2: u8,
    pub lrc1: u8,
    pub lrc2: u8,
    pub nl: u8,
    pub nr: u8,
    pub lset: u128,
    pub rset: u128,
}

impl Item {
    fn new(word: u32) -> Item {
        Item {
            word,
            below: NONE,
            lc1: NONE,
            lc2: NONE,
            rc1: NONE,
            rc2: NONE,
            llc1: 0,
            llc2: 0,
            lrc1: 0,
            lrc2: 0,
            nl: 0,
            nr: 0,
            lset: 0,
            rset: 0,
        }
    }

    /// Adds a dependent `d` left of this word.
    fn add_left(&mut self, d: u32, label: u8) {
        self.nl = self.nl.saturating_add(1);
        self.lset |= 1u128 << (label & 127);
        if self.lc1 == NONE || d < self.lc1 {
            (self.lc2, self.llc2) = (self.lc1, self.llc1);
            (self.lc1, self.llc1) = (d, label);
        } else if self.lc2 == NONE || d < self.lc2 {
            (self.lc2, self.llc2) = (d, label);
        }
    }

    /// Adds a dependent `d` right of this word.
    fn add_right(&mut self, d: u32, label: u8) {
        self.nr = self.nr.saturating_add(1);
        self.rset |= 1u128 << (label & 127);
        if self.rc1 == NONE || d > self.rc1 {
            (self.rc2, self.lrc2) = (self.rc1, self.lrc1);
            (self.rc1, self.lrc1) = (d, label);
        } else if self.rc2 == NONE || d > self.rc2 {
            (self.rc2, self.lrc2) = (d, label);
        }
    }
}

/// What the features read of a configuration whose stack starts with `s0`, `s1`, `s2` (items
/// of [`NONE`] where the stack is shorter) and whose buffer starts with `b0`, of `n` words.
fn context(s0: &Item, s1: &Item, s2: &Item, b0: &Item, n: u32) -> Context {
    let b = |i: u32| -> u32 {
        let p = b0.word + i;
        if p <= n { p } else { NONE }
    };
    // Label of an attached dependent plus one (0 when absent).
    let l = |p: u32, label: u8| -> u64 { if p == NONE { 0 } else { u64::from(label) + 1 } };
    Context {
        s0: s0.word,
        s1: s1.word,
        s2: s2.word,
        b0: b(0),
        b1: b(1),
        b2: b(2),
        s0l: s0.lc1,
        s0l2: s0.lc2,
        s0r: s0.rc1,
        s0r2: s0.rc2,
        s1l: s1.lc1,
        s1r: s1.rc1,
        b0l: b0.lc1,
        b0l2: b0.lc2,
        ls0l: l(s0.lc1, s0.llc1),
        ls0l2: l(s0.lc2, s0.llc2),
        ls0r: l(s0.rc1, s0.lrc1),
        ls0r2: l(s0.rc2, s0.lrc2),
        lb0l: l(b0.lc1, b0.llc1),
        lb0l2: l(b0.lc2, b0.llc2),
        s0nl: s0.nl,
        s0nr: s0.nr,
        s1nr: s1.nr,
        b0nl: b0.nl,
        s0lset: s0.lset,
        s0rset: s0.rset,
        b0lset: b0.lset,
    }
}

/// One arc of a [`Compact`] state and the arc made before it (an index into
/// [`Arena::arcs`], or [`NONE`]).
#[derive(Debug, Clone, Copy)]
struct ArcRec {
    before: u32,
    head: u32,
    dep: u32,
    label: u8,
}

/// The stack items and arcs of every [`Compact`] state of one sentence. States share
/// them: a move adds at most one item and one arc, and never changes one.
#[derive(Debug, Default)]
pub(crate) struct Arena {
    nodes: Vec<Item>,
    arcs: Vec<ArcRec>,
}

impl Arena {
    pub fn clear(&mut self) {
        self.nodes.clear();
        self.arcs.clear();
    }

    fn push(&mut self, item: Item) -> u32 {
        self.nodes.push(item);
        (self.nodes.len() - 1) as u32
    }

    /// The item at `i` ([`NONE`] gives an empty one).
    fn at(&self, i: u32) -> Option<&Item> {
        self.nodes.get(i as usize)
    }
}

/// The same configuration as a [`State`] in a few bytes, for beam search: the stack is a
/// list of items in an [`Arena`] shared with other states, so copying a state costs the
/// same whatever the sentence's length, and so does a move.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Compact {
    /// Number of words; the root is word `n`.
    n: u32,
    /// The stack's top item (in the arena) and its length.
    top: u32,
    depth: u32,
    /// The front of the buffer and its left dependents (the only words of the buffer that
    /// can have any).
    b0: Item,
    /// The last arc made (in the arena), or [`NONE`].
    last_arc: u32,
}

impl Default for Compact {
    fn default() -> Self {
        Compact {
            n: 0,
            top: NONE,
            depth: 0,
            b0: Item::new(0),
            last_arc: NONE,
        }
    }
}

impl Compact {
    /// The initial configuration for `n` words.
    pub fn start(n: usize) -> Compact {
        Compact {
            n: n as u32,
            ..Compact::default()
        }
    }

    pub fn is_terminal(&self) -> bool {
        self.depth == 0 && self.b0.word >= self.n
    }
    pub fn can_shift(&self) -> bool {
        self.b0.word < self.n
    }
    pub fn can_left(&self) -> bool {
        self.depth > 0 && (self.b0.word < self.n || self.depth == 1)
    }
    pub fn can_right(&self) -> bool {
        self.depth >= 2
    }

    /// What the features read of this configuration (as [`State::context`]).
    pub fn context(&self, arena: &Arena) -> Context {
        let none = Item::new(NONE);
        let s0 = arena.at(self.top).unwrap_or(&none);
        let s1 = arena.at(s0.below).unwrap_or(&none);
        let s2 = arena.at(s1.below).unwrap_or(&none);
        context(s0, s1, s2, &self.b0, self.n)
    }

    /// Applies a move; the caller has checked that it is valid.
    pub fn apply(&mut self, arena: &mut Arena, m: Move, label: u8) {
        match m {
            Move::Shift => {
                let mut item = self.b0;
                item.below = self.top;
                self.top = arena.push(item);
                self.depth += 1;
                self.b0 = Item::new(self.b0.word + 1);
            }
            Move::Left => {
                let Some(&s0) = arena.at(self.top) else {
                    return;
                };
                self.b0.add_left(s0.word, label);
                self.arc(arena, self.b0.word, s0.word, label);
                self.top = s0.below;
                self.depth -= 1;
            }
            Move::Right => {
                let Some(&s0) = arena.at(self.top) else {
                    return;
                };
                let Some(&s1) = arena.at(s0.below) else {
                    return;
                };
                let mut item = s1;
                item.add_right(s0.word, label);
                self.arc(arena, s1.word, s0.word, label);
                self.top = arena.push(item);
                self.depth -= 1;
            }
        }
    }

    fn arc(&mut self, arena: &mut Arena, head: u32, dep: u32, label: u8) {
        arena.arcs.push(ArcRec {
            before: self.last_arc,
            head,
            dep,
            label,
        });
        self.last_arc = (arena.arcs.len() - 1) as u32;
    }

    /// Writes the state's arcs into `st`'s heads and labels (the rest of `st` is left as
    /// [`State::start`] made it).
    pub fn write_arcs(&self, arena: &Arena, st: &mut State) {
        st.start(self.n as usize);
        let mut at = self.last_arc;
        while let Some(a) = arena.arcs.get(at as usize) {
            st.heads[a.dep as usize] = a.head;
            st.labels[a.dep as usize] = a.label;
            at = a.before;
        }
    }
}
