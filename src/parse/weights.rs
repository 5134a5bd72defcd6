//! The parser's weight table: exact `u64` feature keys, found through an open-addressing
//! table of 8-byte slots (a 32-bit fingerprint and the position of the feature's run of
//! `(class, weight)` cells). Only non-zero weights are stored, quantised to `i16` (the scale
//! does not matter for an arg-max). The full keys are kept apart, for writing and pruning.
//!
//! Two features whose keys share a fingerprint and a probe sequence would be confused; with
//! 32-bit fingerprints and a table at most three-quarters full this is vanishingly rare and
//! costs a slightly wrong score, never a panic.

/// One non-zero weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    pub weight: i16,
    pub class: u8,
}

/// `fingerprint` 0 marks an empty slot; `run` packs the first cell (low 24 bits) and the
/// number of cells (high 8 bits).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    fingerprint: u32,
    run: u32,
}

/// Feature key to weights.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    slots: Vec<Slot>,
    shift: u32,
    cells: Vec<Cell>,
    /// Keys in row order, and where each row's cells start (plus the end).
    keys: Vec<u64>,
    starts: Vec<u32>,
}

impl Default for Weights {
    fn default() -> Self {
        Weights::new(std::iter::empty::<(u64, Vec<Cell>)>())
    }
}

#[inline]
fn spread(key: u64) -> u64 {
    let x = key ^ (key >> 31);
    x.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[inline]
fn fingerprint(h: u64) -> u32 {
    (h as u32) | 1
}

/// Most cells a table may hold (24-bit cell positions).
pub(crate) const MAX_CELLS: usize = 1 << 24;

impl Weights {
    /// Builds the table from `(key, cells)` rows; keys must be non-zero and distinct.
    pub fn new(rows: impl ExactSizeIterator<Item = (u64, Vec<Cell>)>) -> Self {
        let mut keys = Vec::with_capacity(rows.len());
        let mut lens = Vec::with_capacity(rows.len());
        let mut cells = Vec::new();
        for (k, row) in rows {
            keys.push(k);
            lens.push(row.len() as u32);
            cells.extend_from_slice(&row);
        }
        Weights::from_arrays(keys, &lens, cells)
    }

    /// Builds the table from parallel arrays: row `i` has key `keys[i]` and the next
    /// `lens[i]` (at most 255) cells. Keys must be distinct, the lengths must add up to at
    /// most [`MAX_CELLS`]; rows beyond that are dropped.
    pub fn from_arrays(keys: Vec<u64>, lens: &[u32], mut cells: Vec<Cell>) -> Self {
        let n = keys.len();
        let size = (n * 4 / 3 + 1).next_power_of_two().max(16);
        let bits = size.trailing_zeros();
        let mask = size - 1;
        let shift = 64 - bits;
        let mut slots = vec![Slot::default(); size];
        let mut starts = Vec::with_capacity(n + 1);
        let mut start = 0u32;
        let mut kept = 0;
        for (&key, &len) in keys.iter().zip(lens) {
            let len = len.min(255);
            if start as usize + len as usize > MAX_CELLS {
                break;
            }
            let h = spread(key);
            let mut i = (h >> shift) as usize;
            while slots[i].fingerprint != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = Slot {
                fingerprint: fingerprint(h),
                run: start | (len << 24),
            };
            starts.push(start);
            start += len;
            kept += 1;
        }
        starts.push(start);
        let mut keys = keys;
        keys.truncate(kept);
        cells.truncate(start as usize);
        Weights {
            slots,
            shift,
            cells,
            keys,
            starts,
        }
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The position and length of a feature's cells (length 0 when unknown).
    #[inline]
    pub fn find(&self, key: u64) -> (u32, u32) {
        let mask = self.slots.len() - 1;
        let h = spread(key);
        let fp = fingerprint(h);
        let mut i = (h >> self.shift) as usize;
        loop {
            let s = self.slots[i];
            if s.fingerprint == fp {
                return (s.run & 0xFF_FFFF, s.run >> 24);
            }
            if s.fingerprint == 0 {
                return (0, 0);
            }
            i = (i + 1) & mask;
        }
    }

    /// The cells [`Weights::find`] pointed at.
    #[inline]
    pub fn cells(&self, start: u32, len: u32) -> &[Cell] {
        let start = start as usize;
        self.cells.get(start..start + len as usize).unwrap_or(&[])
    }

    /// Every row, in the order given at construction.
    pub fn rows(&self) -> impl Iterator<Item = (u64, &[Cell])> {
        self.keys.iter().enumerate().map(|(i, &k)| {
            let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
            (k, &self.cells[a..b])
        })
    }
}
