//! Grading profiles: a certification body's conventions for grading findings, as data
//! (`controls/grading-profiles.toml`). The checker grades with the profile the manifest picks,
//! overridden value by value, and writes the profile it used into the assessment.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// The profile used when the manifest names none.
pub const DEFAULT_PROFILE: &str = "default";

const PROFILES_TOML: &str = include_str!("../controls/grading-profiles.toml");

/// How findings are graded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradingProfile {
    /// Profile id (`default`, `strict`).
    pub id: String,
    /// What the profile is.
    pub title: Text,
    /// When to pick it.
    pub description: Text,
    /// A record check failing on at least this share of the records tested …
    pub systemic_share: f64,
    /// … and on at least this many records is a systemic failure (major).
    pub systemic_count: usize,
    /// Deviations up to this share of the records tested are an observation, for checks that
    /// tolerate deviations at all.
    pub tolerance: f64,
    /// This many related minors (same requirement, same nature) become one major containing
    /// them (0 = never).
    pub escalate_minors: usize,
    /// An item due within this many days of the assessment date is an observation.
    pub due_soon_days: i64,
    /// A fully verified subclause with at least this many records tested without exception is
    /// recorded as good practice (0 = never).
    pub good_practice_records: usize,
    /// A minor nonconformity found again by the next assessment, its corrective action past
    /// due and not done, is graded major as a repeated nonconformity.
    #[serde(default)]
    pub escalate_repeated: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilesFile {
    profile: Vec<GradingProfile>,
}

/// The built-in profiles, in file order.
pub fn profiles() -> &'static [GradingProfile] {
    static PROFILES: OnceLock<Vec<GradingProfile>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        let file: ProfilesFile = toml::from_str(PROFILES_TOML)
            .expect("controls/grading-profiles.toml is valid (a test checks it)");
        file.profile
    })
}

/// The built-in profile `id`.
pub fn profile(id: &str) -> Option<&'static GradingProfile> {
    profiles().iter().find(|p| p.id == id)
}

/// The manifest's `[grading]` table: a profile to start from and values that differ from it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradingOverrides {
    /// Profile id (default `default`).
    #[serde(default)]
    pub profile: Option<String>,
    /// See [`GradingProfile::systemic_share`].
    #[serde(default, alias = "broad_failure_share")]
    pub systemic_share: Option<f64>,
    /// See [`GradingProfile::systemic_count`].
    #[serde(default)]
    pub systemic_count: Option<usize>,
    /// See [`GradingProfile::tolerance`].
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// See [`GradingProfile::escalate_minors`].
    #[serde(default, alias = "minors_for_major")]
    pub escalate_minors: Option<usize>,
    /// See [`GradingProfile::due_soon_days`].
    #[serde(default)]
    pub due_soon_days: Option<i64>,
    /// See [`GradingProfile::good_practice_records`].
    #[serde(default)]
    pub good_practice_records: Option<usize>,
    /// See [`GradingProfile::escalate_repeated`].
    #[serde(default)]
    pub escalate_repeated: Option<bool>,
}

/// Why a `[grading]` table cannot be used: the key at fault and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct GradingError {
    /// The key in `[grading]`.
    pub key: &'static str,
    /// What is wrong.
    pub message: String,
}

impl GradingOverrides {
    /// The profile these overrides describe, or what is wrong with them.
    pub fn resolve(&self) -> Result<GradingProfile, GradingError> {
        let id = self.profile.as_deref().unwrap_or(DEFAULT_PROFILE);
        let mut p = profile(id).cloned().ok_or_else(|| GradingError {
            key: "profile",
            message: format!(
                "unknown grading profile `{id}`; known: {}",
                profiles()
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })?;
        let share = |key: &'static str, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(v)
            } else {
                Err(GradingError {
                    key,
                    message: format!("{key} = {v} is outside 0-1 (a share: 0.2 means 20 %)"),
                })
            }
        };
        if let Some(v) = self.systemic_share {
            p.systemic_share = share("systemic_share", v)?;
        }
        if let Some(v) = self.tolerance {
            p.tolerance = share("tolerance", v)?;
        }
        if let Some(v) = self.systemic_count {
            if v == 0 {
                return Err(GradingError {
                    key: "systemic_count",
                    message: "systemic_count must be at least 1".into(),
                });
            }
            p.systemic_count = v;
        }
        if let Some(v) = self.escalate_minors {
            if v == 1 {
                return Err(GradingError {
                    key: "escalate_minors",
                    message: "escalate_minors = 1 would make every minor a major; use 0 to turn escalation off, or 2 or more".into(),
                });
            }
            p.escalate_minors = v;
        }
        if let Some(v) = self.due_soon_days {
            if !(0..=366).contains(&v) {
                return Err(GradingError {
                    key: "due_soon_days",
                    message: format!("due_soon_days = {v} is outside 0-366"),
                });
            }
            p.due_soon_days = v;
        }
        if let Some(v) = self.good_practice_records {
            p.good_practice_records = v;
        }
        if let Some(v) = self.escalate_repeated {
            p.escalate_repeated = v;
        }
        if self.has_overrides() {
            p.id = format!("{}+overrides", p.id);
        }
        Ok(p)
    }

    fn has_overrides(&self) -> bool {
        self.systemic_share.is_some()
            || self.systemic_count.is_some()
            || self.tolerance.is_some()
            || self.escalate_minors.is_some()
            || self.due_soon_days.is_some()
            || self.good_practice_records.is_some()
            || self.escalate_repeated.is_some()
    }
}

impl Default for GradingProfile {
    fn default() -> Self {
        profile(DEFAULT_PROFILE)
            .cloned()
            .expect("the default grading profile exists (a test checks it)")
    }
}

/// `share` as a percentage for texts: `20 %`, `2.5 %`, `0.4 %`.
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if (p - p.round()).abs() < 0.05 {
        format!("{:.0} %", p)
    } else {
        format!("{:.1} %", p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_load_and_are_sane() {
        let all = profiles();
        assert!(all.iter().any(|p| p.id == DEFAULT_PROFILE));
        let mut ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "profile ids are unique");
        for p in all {
            assert!((0.0..=1.0).contains(&p.systemic_share), "{}", p.id);
            assert!((0.0..=1.0).contains(&p.tolerance), "{}", p.id);
            assert!(p.tolerance < p.systemic_share, "{}", p.id);
            assert!(p.systemic_count >= 1 && p.escalate_minors != 1, "{}", p.id);
            assert!(p.title.missing().is_empty() && p.description.missing().is_empty());
        }
    }

    #[test]
    fn overrides_apply_on_the_chosen_profile_and_bad_values_name_their_key() {
        let o = GradingOverrides {
            profile: Some("strict".into()),
            systemic_count: Some(4),
            ..Default::default()
        };
        let p = o.resolve().unwrap();
        assert_eq!((p.systemic_count, p.escalate_minors), (4, 2));
        assert_eq!(p.id, "strict+overrides");
        let bad = GradingOverrides {
            tolerance: Some(2.0),
            ..Default::default()
        };
        assert_eq!(bad.resolve().unwrap_err().key, "tolerance");
        let unknown = GradingOverrides {
            profile: Some("lenient".into()),
            ..Default::default()
        };
        let e = unknown.resolve().unwrap_err();
        assert!(e.message.contains("default, strict"), "{}", e.message);
        let old: GradingOverrides =
            toml::from_str("minors_for_major = 2\nbroad_failure_share = 0.3").unwrap();
        assert_eq!(
            (old.escalate_minors, old.systemic_share),
            (Some(2), Some(0.3))
        );
    }

    #[test]
    fn percentages_read_naturally() {
        assert_eq!(percent(0.2), "20 %");
        assert_eq!(percent(0.025), "2.5 %");
        assert_eq!(percent(2.0 / 40.0), "5 %");
        assert_eq!(percent(1.0 / 3.0), "33.3 %");
    }
}
