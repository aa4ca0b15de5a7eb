//! Trains the actor model on CoNLL-2003 train and writes `src/actors/model.bin`.
//!
//! ```text
//! cargo test --release -p newsdex-extract -- --ignored train_actor_model
//! ```
//!
//! Each candidate name the rules find in a training article is labelled by the article's
//! gold lists (a form listed as a person is a person; a form on no list is no actor), and
//! an averaged perceptron learns the kind from the candidate's features. Everything is in
//! a fixed order, with a fixed-seed shuffle, so the same data gives the same weights.

#![allow(clippy::unwrap_used)]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::{collect, rule_features, serialise, Sample, CLASSES};

/// Passes over the training candidates.
const EPOCHS: usize = 10;
/// Perceptrons trained and averaged.
const RUNS: u64 = 7;
/// Share of candidates (per thousand) shown without what the rules decided, so that the
/// model also learns to judge a candidate the rules get wrong on new kinds of text.
const HIDE_RULES: u64 = 350;
/// Features seen fewer times than this are left out: a name seen once teaches nothing.
const MIN_COUNT: u32 = 2;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// The averaged perceptron: current weights, and per weight the sum of its values over
/// all updates so far (kept lazily with the time of its last change).
#[derive(Default)]
struct Perceptron {
    w: HashMap<u64, [f32; CLASSES]>,
    total: HashMap<u64, [f32; CLASSES]>,
    stamp: HashMap<u64, [u64; CLASSES]>,
    time: u64,
}

impl Perceptron {
    fn predict(&self, feats: &[u64]) -> usize {
        let mut s = [0f32; CLASSES];
        for f in feats {
            if let Some(w) = self.w.get(f) {
                for c in 0..CLASSES {
                    s[c] += w[c];
                }
            }
        }
        let mut best = 0;
        for c in 1..CLASSES {
            if s[c] > s[best] {
                best = c;
            }
        }
        best
    }

    fn bump(&mut self, f: u64, c: usize, by: f32) {
        let w = self.w.entry(f).or_default();
        let total = self.total.entry(f).or_default();
        let stamp = self.stamp.entry(f).or_default();
        total[c] += (self.time - stamp[c]) as f32 * w[c];
        stamp[c] = self.time;
        w[c] += by;
    }

    fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        self.time += 1;
        if truth == guess {
            return;
        }
        for &f in feats {
            self.bump(f, truth, 1.0);
            self.bump(f, guess, -1.0);
        }
    }

    fn averaged(mut self) -> Vec<(u64, [f32; CLASSES])> {
        let time = self.time;
        let mut out: Vec<(u64, [f32; CLASSES])> = Vec::new();
        let keys: Vec<u64> = self.w.keys().copied().collect();
        for f in keys {
            let w = self.w[&f];
            let total = self.total.get_mut(&f).unwrap();
            let stamp = self.stamp[&f];
            let mut avg = [0f32; CLASSES];
            for c in 0..CLASSES {
                total[c] += (time - stamp[c]) as f32 * w[c];
                avg[c] = total[c] / time as f32;
            }
            if avg.iter().any(|x| x.abs() >= 1e-3) {
                out.push((f, avg));
            }
        }
        out.sort_by_key(|&(f, _)| f);
        out
    }
}

fn train_path() -> PathBuf {
    std::env::var_os("NEWSDEX_TRAIN").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/gold/conll2003-train.jsonl")
        },
        PathBuf::from,
    )
}

/// The candidates of every training article, each with its gold class.
fn samples() -> Vec<(Sample, usize)> {
    let text = std::fs::read_to_string(train_path()).expect("conll2003-train.jsonl");
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let list = |k: &str| -> HashSet<String> {
            r[k].as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let gold = [list("person"), list("org"), list("place")];
        let body = r["text"].as_str().unwrap_or_default();
        let published = r["published"].as_str().and_then(|s| {
            let f = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(s, &f).ok()
        });
        for s in collect(|| {
            crate::extract(body, published);
        }) {
            if let Some(class) = label(&gold, &s.form) {
                out.push((s, class));
            }
        }
    }
    out
}

/// The gold class of a candidate: that of the gold form it is, or no actor when no gold
/// form overlaps it. A candidate whose edges the rules drew otherwise than the gold
/// ("Russian Foreign Ministry" where the gold has "Foreign Ministry") teaches nothing
/// about its kind and is left out (`None`): the edges are the rules' business.
fn label(gold: &[HashSet<String>; 3], form: &str) -> Option<usize> {
    if let Some(k) = gold.iter().position(|g| g.contains(form)) {
        return Some(k + 1);
    }
    let padded = format!(" {form} ");
    for g in gold {
        for f in g {
            let inside = padded.contains(&format!(" {f} ")) || format!(" {f} ").contains(&padded);
            if inside {
                return None;
            }
        }
    }
    Some(0)
}

#[test]
#[ignore = "writes src/actors/model.bin from ../shared/gold/conll2003-train.jsonl"]
fn train_actor_model() {
    let samples = samples();
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for (s, _) in &samples {
        for &f in &s.features {
            *counts.entry(f).or_default() += 1;
        }
    }
    let rules: HashSet<u64> = rule_features().into_iter().collect();
    let kept = |f: &u64| counts[f] >= MIN_COUNT;
    let full: Vec<Vec<u64>> = samples
        .iter()
        .map(|(s, _)| s.features.iter().copied().filter(kept).collect())
        .collect();
    let hidden: Vec<Vec<u64>> = full
        .iter()
        .map(|f| f.iter().copied().filter(|f| !rules.contains(f)).collect())
        .collect();
    // Several perceptrons, each over its own shuffles, averaged: one run's verdict on a
    // candidate with little evidence turns on the order it saw the data in.
    let mut sum: HashMap<u64, [f32; CLASSES]> = HashMap::new();
    for run in 0..RUNS {
        let mut p = Perceptron::default();
        let mut rng = Lcg(14 + run);
        let mut order: Vec<usize> = (0..samples.len()).collect();
        let mut right = 0;
        for _ in 0..EPOCHS {
            for i in (1..order.len()).rev() {
                order.swap(i, (rng.next() % (i as u64 + 1)) as usize);
            }
            right = 0;
            for &i in &order {
                let feats = if rng.next() % 1000 < HIDE_RULES {
                    &hidden[i]
                } else {
                    &full[i]
                };
                let truth = samples[i].1;
                let guess = p.predict(feats);
                right += usize::from(guess == truth);
                p.update(feats, truth, guess);
            }
        }
        eprintln!(
            "run {run}: {:.4} of {} candidates right in the last pass",
            right as f64 / samples.len() as f64,
            samples.len()
        );
        for (f, w) in p.averaged() {
            let s = sum.entry(f).or_default();
            for c in 0..CLASSES {
                s[c] += w[c] / RUNS as f32;
            }
        }
    }
    let rule_right = samples.iter().filter(|(s, c)| s.rule == *c).count();
    eprintln!(
        "rules alone: {:.4} right",
        rule_right as f64 / samples.len() as f64
    );
    let mut weights: Vec<(u64, [f32; CLASSES])> = sum
        .into_iter()
        .filter(|(_, w)| w.iter().any(|x| x.abs() >= 1e-3))
        .collect();
    weights.sort_by_key(|&(f, _)| f);
    eprintln!("{} features kept", weights.len());
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/actors/model.bin");
    std::fs::write(path, serialise(&weights)).unwrap();
}
