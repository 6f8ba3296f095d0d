//! Record sampling (ISO 19011 A.6): reproducible from method, size and seed.

use serde::Deserialize;

use crate::rng::SplitMix64;

/// How records are chosen for a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Every record in the period.
    #[default]
    Full,
    /// A seeded random sample.
    SimpleRandom,
    /// Every k-th record from a seeded start.
    Systematic,
    /// A seeded random sample within each stratum (e.g. priority), proportional to its size.
    Stratified,
}

impl Method {
    /// The name written in assessments.
    pub fn name(self) -> &'static str {
        match self {
            Method::Full => "full",
            Method::SimpleRandom => "simple-random",
            Method::Systematic => "systematic",
            Method::Stratified => "stratified",
        }
    }
}

/// A sampling plan, as written in a `records` rule's `sample` table.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Method.
    #[serde(default)]
    pub method: Method,
    /// Sample size; default `min(N, max(10, ceil(sqrt(N))))`.
    #[serde(default)]
    pub size: Option<usize>,
    /// Seed; default 20000.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Field whose values form the strata (stratified only).
    #[serde(default)]
    pub stratum: Option<String>,
}

/// The default sample size for a population of `n`.
pub fn default_size(n: usize) -> usize {
    n.min(10.max((n as f64).sqrt().ceil() as usize))
}

/// Chooses positions (indices into `population`, sorted) per the plan. `strata[i]` is the
/// stratum of population member `i` (used by the stratified method).
pub fn choose(plan: &Plan, population: usize, strata: &[String], seed: u64) -> Vec<usize> {
    let size = plan
        .size
        .unwrap_or_else(|| default_size(population))
        .min(population);
    // SplitMix64 is stable across platforms and releases, so a sample is reproducible from
    // the method, size and seed an assessment records.
    let mut rng = SplitMix64::new(seed);
    let mut chosen: Vec<usize> = match plan.method {
        Method::Full => (0..population).collect(),
        Method::SimpleRandom => partial_shuffle(&mut rng, (0..population).collect(), size),
        Method::Systematic => {
            if size == 0 {
                Vec::new()
            } else {
                let step = population as f64 / size as f64;
                let start = rng.next_u64() as f64 / u64::MAX as f64 * step;
                (0..size)
                    .map(|k| ((start + k as f64 * step) as usize).min(population - 1))
                    .collect()
            }
        }
        Method::Stratified => {
            let mut groups: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
            for i in 0..population {
                groups
                    .entry(strata.get(i).map_or("", String::as_str))
                    .or_default()
                    .push(i);
            }
            let mut out = Vec::new();
            for members in groups.values() {
                let share =
                    ((members.len() * size) as f64 / population.max(1) as f64).ceil() as usize;
                out.extend(partial_shuffle(
                    &mut rng,
                    members.clone(),
                    share.max(1).min(members.len()),
                ));
            }
            out
        }
    };
    chosen.sort_unstable();
    chosen.dedup();
    chosen
}

fn partial_shuffle(rng: &mut SplitMix64, mut items: Vec<usize>, k: usize) -> Vec<usize> {
    for i in 0..k.min(items.len()) {
        let j = i + rng.below((items.len() - i) as u64) as usize;
        items.swap(i, j);
    }
    items.truncate(k);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_reproducible_and_sized() {
        let plan = Plan {
            method: Method::SimpleRandom,
            size: Some(25),
            seed: None,
            stratum: None,
        };
        let a = choose(&plan, 1000, &[], 7);
        assert_eq!(a.len(), 25);
        assert_eq!(a, choose(&plan, 1000, &[], 7));
        assert_ne!(a, choose(&plan, 1000, &[], 8));
        let sys = Plan {
            method: Method::Systematic,
            ..plan.clone()
        };
        assert_eq!(choose(&sys, 100, &[], 1).len(), 25);
        let strata: Vec<String> = (0..100)
            .map(|i| if i < 10 { "P1".into() } else { "P3".into() })
            .collect();
        let st = Plan {
            method: Method::Stratified,
            size: Some(20),
            ..plan
        };
        let s = choose(&st, 100, &strata, 3);
        assert!(
            s.iter().filter(|&&i| i < 10).count() >= 2,
            "every stratum is represented"
        );
        assert_eq!(default_size(4), 4);
        assert_eq!(default_size(10_000), 100);
    }

    #[test]
    fn selections_are_pinned_across_releases() {
        // Selections computed with the sampler as it was before it moved to `crate::rng`: an
        // auditor re-running a recorded plan and seed must get these exact records.
        let plan = |method, size| Plan {
            method,
            size: Some(size),
            seed: None,
            stratum: None,
        };
        assert_eq!(
            choose(&plan(Method::SimpleRandom, 12), 1000, &[], 7),
            [158, 201, 212, 263, 285, 487, 575, 580, 720, 727, 813, 842]
        );
        assert_eq!(
            choose(&plan(Method::SimpleRandom, 5), 400, &[], 20000),
            [79, 102, 196, 302, 391]
        );
        assert_eq!(
            choose(&plan(Method::Systematic, 8), 100, &[], 1),
            [7, 19, 32, 44, 57, 69, 82, 94]
        );
        let strata: Vec<String> = (0..100)
            .map(|i| match i {
                0..10 => "P1".into(),
                10..40 => "P2".into(),
                _ => "P3".into(),
            })
            .collect();
        assert_eq!(
            choose(&plan(Method::Stratified, 10), 100, &strata, 3),
            [3, 10, 19, 31, 46, 50, 70, 71, 82, 92]
        );
    }
}
