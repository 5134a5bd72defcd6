//! Training the statistical models from annotated corpora.
//!
//! Training is deterministic: the only randomness comes from [`SplitMix`] seeded on the
//! command line, so one seed and one data set give byte-identical models.

pub mod classes;
pub(crate) mod clusters;
pub mod ner;
pub mod parser;
pub mod pos;

/// The splitmix64 generator: tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }
    /// The next 64 random bits.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
    /// A number in `0..n` (`n > 0`) by multiply-shift rather than modulo. The POS tagger and
    /// the parser were trained with this mapping and the recogniser with [`SplitMix::below`];
    /// both stay until the next retraining so the committed models remain reproducible.
    pub fn below_scaled(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
    /// Fisher-Yates shuffle with [`SplitMix::below_scaled`].
    pub fn shuffle_scaled<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below_scaled(i + 1);
            v.swap(i, j);
        }
    }
}
