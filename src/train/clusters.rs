//! Word clusters and capitalisation rates from unlabelled text, for the entity tagger's
//! [`WordTable`].
//!
//! Each frequent lowercase word gets a vector of its left and right neighbours (positive
//! pointwise mutual information with the 1,000 most frequent words), randomly projected to
//! 128 dimensions; spherical k-means groups the words into 512 clusters, and k-means over
//! those centroids gives 128 and 32 coarser ones. A cheap stand-in for Brown clusters that
//! runs in under a minute on a few million words. Deterministic for a given seed.

use crate::ner::features::{IdMap, WordInfo, WordTable, atoms};
use crate::train::SplitMix;
use rayon::prelude::*;

const DIM: usize = 128;
const CONTEXTS: usize = 1000;
const MIN_COUNT: u32 = 3;
const MAX_VOCAB: usize = 60_000;
const FINE: usize = 512;
const COARSE: [usize; 2] = [32, 128];

/// Builds the word table from sentences of words.
pub(crate) fn word_table<'a>(
    sentences: impl Iterator<Item = &'a [String]> + Clone,
    seed: u64,
) -> WordTable {
    // Frequencies, and capitalisation away from the sentence start.
    let mut stats: IdMap<(u32, u32, u32)> = IdMap::default();
    for s in sentences.clone() {
        for (i, w) in s.iter().enumerate() {
            let a = atoms(w);
            let e = stats.entry(a.lower).or_default();
            e.0 += 1;
            if i > 0 && w.chars().next().is_some_and(char::is_alphabetic) {
                e.1 += 1;
                e.2 += u32::from(a.cap);
            }
        }
    }
    let mut vocab: Vec<(u64, u32)> = stats
        .iter()
        .filter(|(_, s)| s.0 >= MIN_COUNT)
        .map(|(&k, s)| (k, s.0))
        .collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    vocab.truncate(MAX_VOCAB);
    let index: IdMap<usize> = vocab.iter().enumerate().map(|(i, v)| (v.0, i)).collect();
    let n_ctx = CONTEXTS.min(vocab.len());

    // Co-occurrence counts: dimension c (left neighbour), n_ctx + c (right), 2n_ctx (sentence
    // start on the left), 2n_ctx + 1 (end on the right).
    let mut pairs: IdMap<u32> = IdMap::default();
    let mut ids: Vec<Option<usize>> = Vec::new();
    for s in sentences {
        ids.clear();
        ids.extend(s.iter().map(|w| index.get(&atoms(w).lower).copied()));
        for (i, &id) in ids.iter().enumerate() {
            let Some(w) = id else { continue };
            let left = if i == 0 {
                Some(2 * n_ctx)
            } else {
                ids[i - 1].filter(|&c| c < n_ctx)
            };
            let right = if i + 1 == ids.len() {
                Some(2 * n_ctx + 1)
            } else {
                ids[i + 1].filter(|&c| c < n_ctx).map(|c| n_ctx + c)
            };
            for d in [left, right].into_iter().flatten() {
                *pairs.entry(((w as u64) << 32) | d as u64).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<(u64, u32)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    let dims = 2 * n_ctx + 2;
    let mut dim_total = vec![0f64; dims];
    let mut word_total = vec![0f64; vocab.len()];
    let mut total = 0f64;
    for &(k, n) in &pairs {
        dim_total[(k & 0xffff_ffff) as usize] += f64::from(n);
        word_total[(k >> 32) as usize] += f64::from(n);
        total += f64::from(n);
    }

    // Random projection of the PPMI vectors.
    let mut rng = SplitMix::new(seed ^ 0xc1u64);
    let projection: Vec<[f32; DIM]> = (0..dims)
        .map(|_| {
            let mut v = [0f32; DIM];
            for x in &mut v {
                *x = if rng.next() & 1 == 0 { -1.0 } else { 1.0 };
            }
            v
        })
        .collect();
    let mut vectors = vec![[0f32; DIM]; vocab.len()];
    for &(k, n) in &pairs {
        let (w, d) = ((k >> 32) as usize, (k & 0xffff_ffff) as usize);
        let pmi = (f64::from(n) * total / (word_total[w] * dim_total[d])).ln();
        if pmi > 0.0 {
            for (x, r) in vectors[w].iter_mut().zip(&projection[d]) {
                *x += pmi as f32 * r;
            }
        }
    }
    for v in &mut vectors {
        normalise(v);
    }

    let fine = kmeans(&vectors, FINE.min(vocab.len().max(1)), 12, &mut rng);
    let coarse: Vec<Vec<usize>> = COARSE
        .iter()
        .map(|&k| {
            kmeans(
                &fine.centroids,
                k.min(fine.centroids.len().max(1)),
                20,
                &mut rng,
            )
            .assignment
        })
        .collect();

    let entries = vocab
        .iter()
        .enumerate()
        .map(|(i, &(key, _))| {
            let c = fine.assignment[i];
            let (_, inner, inner_cap) = stats.get(&key).copied().unwrap_or_default();
            let cap = if inner < 3 {
                4
            } else {
                let r = f64::from(inner_cap) / f64::from(inner);
                if r < 0.05 {
                    0
                } else if r < 0.5 {
                    1
                } else if r < 0.95 {
                    2
                } else {
                    3
                }
            };
            let id = |x: usize| u16::try_from(x).unwrap_or(u16::MAX);
            (
                key,
                WordInfo {
                    clusters: [id(coarse[0][c]), id(coarse[1][c]), id(c)],
                    cap,
                },
            )
        })
        .collect();
    WordTable::new(entries)
}

fn normalise(v: &mut [f32; DIM]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        for x in v {
            *x /= n;
        }
    }
}

/// Dot product in eight independent lanes, so the compiler can vectorise it.
fn dot(a: &[f32; DIM], b: &[f32; DIM]) -> f32 {
    let mut acc = [0f32; 8];
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum()
}

struct Clustering {
    centroids: Vec<[f32; DIM]>,
    assignment: Vec<usize>,
}

/// Spherical k-means (cosine similarity), seeded from `k` distinct random points.
fn kmeans(points: &[[f32; DIM]], k: usize, rounds: usize, rng: &mut SplitMix) -> Clustering {
    let n = points.len();
    if n == 0 || k == 0 {
        return Clustering {
            centroids: Vec::new(),
            assignment: vec![0; n],
        };
    }
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut centroids: Vec<[f32; DIM]> = order[..k.min(n)].iter().map(|&i| points[i]).collect();
    let mut assignment = vec![0usize; n];
    for _ in 0..rounds {
        assignment = points
            .par_iter()
            .map(|p| {
                let mut best = (0, f32::MIN);
                for (c, centroid) in centroids.iter().enumerate() {
                    let s = dot(p, centroid);
                    if s > best.1 {
                        best = (c, s);
                    }
                }
                best.0
            })
            .collect();
        let mut sums = vec![[0f32; DIM]; centroids.len()];
        let mut sizes = vec![0usize; centroids.len()];
        for (p, &c) in points.iter().zip(&assignment) {
            sizes[c] += 1;
            for (s, x) in sums[c].iter_mut().zip(p) {
                *s += x;
            }
        }
        for (c, (sum, size)) in sums.into_iter().zip(sizes).enumerate() {
            if size > 0 {
                centroids[c] = sum;
                normalise(&mut centroids[c]);
            }
        }
    }
    Clustering {
        centroids,
        assignment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_repeat_and_capitalisation_is_counted() {
        let mut sentences: Vec<Vec<String>> = Vec::new();
        for (a, b) in [("Monday", "Tuesday"), ("Paris", "London")] {
            for _ in 0..5 {
                for w in [a, b] {
                    let s = if a == "Monday" {
                        format!("the meeting is on {w} morning .")
                    } else {
                        format!("she flew to {w} yesterday .")
                    };
                    sentences.push(s.split(' ').map(String::from).collect());
                }
            }
        }
        let run = || word_table(sentences.iter().map(Vec::as_slice), 7).entries;
        let a = run();
        assert_eq!(a, run());
        let info = |w: &str| {
            let k = atoms(w).lower;
            a.iter().find(|e| e.0 == k).map(|e| e.1)
        };
        assert_eq!(info("Monday").unwrap().cap, 3);
        assert_eq!(info("to").unwrap().cap, 0);
    }
}
