//! Distributional word classes from raw text, for the tagger's unknown and rare words.
//!
//! Each frequent word is described by how often each of the most common words appears just
//! before and just after it; the descriptions are grouped by spherical k-means, once into a
//! fine and once into a coarse set of classes. Words the tagger never saw in its treebank
//! still get the class of the words they keep company with. Deterministic: no random
//! initialisation (the seeds are words spread evenly over the frequency ranking).

use crate::tag::features::Extractor;
use crate::tag::lemma::KeyMap;
use std::collections::HashMap;

/// Clustering settings.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Context words (most frequent) on each side.
    pub contexts: usize,
    /// Words clustered (most frequent first), at most.
    pub max_words: usize,
    /// Words seen fewer times are not clustered.
    pub min_count: usize,
    /// Fine classes (at most 256).
    pub fine: usize,
    /// Coarse classes (at most 256).
    pub coarse: usize,
    /// k-means rounds.
    pub rounds: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            contexts: 150,
            max_words: 40_000,
            min_count: 3,
            fine: 256,
            coarse: 32, // five bits
            rounds: 8,
        }
    }
}

/// Splits raw text into rough PTB-like tokens: punctuation peeled off both ends, `n't` and
/// `'s`-style clitics split. Good enough for counting neighbours, not for tagging.
pub fn rough_tokens<'a>(text: &'a str, out: &mut Vec<&'a str>) {
    for w in text.split_whitespace() {
        let mut w = w;
        while let Some(c) = w.chars().next().filter(|c| "\"'([{“‘`".contains(*c)) {
            out.push(&w[..c.len_utf8()]);
            w = &w[c.len_utf8()..];
        }
        let mut tail = Vec::new();
        while let Some(c) = w
            .chars()
            .next_back()
            .filter(|c| ".,;:!?\"')]}”’".contains(*c))
        {
            let at = w.len() - c.len_utf8();
            tail.push(&w[at..]);
            w = &w[..at];
        }
        if !w.is_empty() {
            let lower = w.to_ascii_lowercase();
            let clitic = [
                "n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d",
                "'m", "’m",
            ]
            .iter()
            .find(|c| lower.ends_with(*c) && lower.len() > c.len());
            match clitic {
                Some(c) => {
                    let at = w.len() - c.len();
                    out.push(&w[..at]);
                    out.push(&w[at..]);
                }
                None => out.push(w),
            }
        }
        out.extend(tail.into_iter().rev());
    }
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

fn kmeans(vectors: &[Vec<f32>], k: usize, rounds: usize) -> Vec<u8> {
    let n = vectors.len();
    let k = k.min(n).clamp(1, 256);
    let dims = vectors.first().map_or(0, Vec::len);
    let mut centres: Vec<Vec<f32>> = (0..k).map(|i| vectors[i * n / k].clone()).collect();
    let mut assign = vec![0u8; n];
    for _ in 0..rounds {
        for (a, v) in assign.iter_mut().zip(vectors) {
            let mut best = (f32::MIN, 0);
            for (c, centre) in centres.iter().enumerate() {
                let d: f32 = centre.iter().zip(v).map(|(a, b)| a * b).sum();
                if d > best.0 {
                    best = (d, c);
                }
            }
            *a = best.1 as u8;
        }
        let mut sums = vec![vec![0f32; dims]; k];
        for (&a, v) in assign.iter().zip(vectors) {
            sums[usize::from(a)]
                .iter_mut()
                .zip(v)
                .for_each(|(s, x)| *s += x);
        }
        for (c, mut s) in sums.into_iter().enumerate() {
            if s.iter().any(|&x| x != 0.0) {
                normalise(&mut s);
                centres[c] = s;
            }
        }
    }
    assign
}

/// Clusters the words of `texts`, each given as a list of tokens. The result maps the
/// tagger's lower-case word key to `fine | coarse << 8 | capitals << 13`, where `capitals`
/// (1 to 4) says how often the word is capitalised away from sentence starts.
pub(crate) fn train_clusters(texts: &[Vec<&str>], opts: &ClusterOptions) -> KeyMap<u16> {
    let mut ex = Extractor::default();
    let none = KeyMap::default();
    let mut seqs: Vec<Vec<u64>> = Vec::with_capacity(texts.len());
    let mut counts: HashMap<u64, usize> = HashMap::new();
    // Capitalised and all occurrences away from sentence starts.
    let mut caps: HashMap<u64, (usize, usize)> = HashMap::new();
    for t in texts {
        ex.prepare(t.iter().copied(), &none);
        let keys: Vec<u64> = (0..ex.len()).map(|i| ex.lower_key(i)).collect();
        for (i, &k) in keys.iter().enumerate() {
            *counts.entry(k).or_default() += 1;
            let starts = i == 0 || [".", "!", "?", ":", "\"", "“", "”"].contains(&t[i - 1]);
            let first = t[i].chars().next();
            if !starts && first.is_some_and(char::is_alphabetic) {
                let c = caps.entry(k).or_default();
                c.0 += usize::from(first.is_some_and(char::is_uppercase));
                c.1 += 1;
            }
        }
        seqs.push(keys);
    }
    let mut ranked: Vec<(u64, usize)> = counts.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let context: HashMap<u64, usize> = ranked
        .iter()
        .take(opts.contexts)
        .enumerate()
        .map(|(i, &(k, _))| (k, i))
        .collect();
    let words: Vec<u64> = ranked
        .iter()
        .take_while(|(_, n)| *n >= opts.min_count)
        .take(opts.max_words)
        .map(|&(k, _)| k)
        .collect();
    let index: HashMap<u64, usize> = words.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let c = opts.contexts;
    let mut vectors = vec![vec![0f32; 2 * c]; words.len()];
    for seq in &seqs {
        for (i, k) in seq.iter().enumerate() {
            let Some(&w) = index.get(k) else { continue };
            if let Some(&l) = i.checked_sub(1).and_then(|j| context.get(&seq[j])) {
                vectors[w][l] += 1.0;
            }
            if let Some(&r) = seq.get(i + 1).and_then(|n| context.get(n)) {
                vectors[w][c + r] += 1.0;
            }
        }
    }
    for v in &mut vectors {
        v.iter_mut().for_each(|x| *x = x.ln_1p());
        normalise(v);
    }
    let fine = kmeans(&vectors, opts.fine, opts.rounds);
    let coarse = kmeans(&vectors, opts.coarse, opts.rounds);
    let cap_class = |k: &u64| -> u16 {
        match caps.get(k) {
            Some(&(up, n)) if n >= 2 => {
                let r = up as f64 / n as f64;
                if r < 0.1 {
                    1
                } else if r < 0.5 {
                    2
                } else if r < 0.9 {
                    3
                } else {
                    4
                }
            }
            _ => 0,
        }
    };
    words
        .iter()
        .zip(fine.iter().zip(&coarse))
        .map(|(k, (&f, &c))| {
            (
                *k,
                u16::from(f) | (u16::from(c & 31) << 8) | (cap_class(k) << 13),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rough_tokens_split_punctuation_and_clitics() {
        let cases = [
            (
                "Sessions didn't resign.",
                vec!["Sessions", "did", "n't", "resign", "."],
            ),
            ("(Trump's aide)", vec!["(", "Trump", "'s", "aide", ")"]),
            (
                "\"Yes,\" she said",
                vec!["\"", "Yes", ",", "\"", "she", "said"],
            ),
            ("", vec![]),
        ];
        for (text, expected) in cases {
            let mut out = Vec::new();
            rough_tokens(text, &mut out);
            assert_eq!(out, expected, "{text:?}");
        }
    }
}
