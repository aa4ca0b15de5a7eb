//! The user's last word on actors, kept with the index and applied when actors are
//! grouped into entities (not by re-indexing): aliases, hidden actors, kind fixes. A few
//! news agencies, which articles name in credits and datelines rather than as what they
//! are about, are hidden by default; a rule can show them again.

use std::path::Path;

use newsdex_extract::ActorKind;
use serde::{Deserialize, Serialize};

use super::files;
use crate::error::{InternalError, Result, UserError};

/// The file the rules live in, beside the index's own.
const RULES_FILE: &str = "newsdex.rules.json";

/// Agencies hidden from actor counts unless a rule shows them: they sign wire copy
/// ("LONDON (Reuters) -", "(AP Photo)") far more often than articles are about them.
pub(crate) const AGENCIES: &[&str] = &[
    "AAP",
    "AFP",
    "ANP",
    "ANSA",
    "AP",
    "Agence France-Presse",
    "Associated Press",
    "Deutsche Presse-Agentur",
    "EFE",
    "Interfax",
    "Kyodo",
    "PTI",
    "Reuter",
    "Reuters",
    "TASS",
    "UPI",
    "Xinhua",
    "Yonhap",
    "dpa",
];

/// One of the user's rules about actors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Rule {
    /// `alias` is another name of the actor named `of`: they are counted as one, under
    /// `of`'s name.
    Alias {
        /// The other name ("EC").
        alias: String,
        /// The actor it names ("European Community").
        of: String,
    },
    /// The actor is left out of actor counts (its articles can still be filtered by it).
    Hide {
        /// Any of the actor's names.
        name: String,
    },
    /// The actor is counted after all, though hidden by default (a news agency).
    Show {
        /// Any of the actor's names.
        name: String,
    },
    /// The actor is of this kind, whatever extraction said.
    Kind {
        /// Any of the actor's names.
        name: String,
        /// Its kind.
        kind: ActorKind,
    },
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rule::Alias { alias, of } => write!(f, "alias {alias:?} {of:?}"),
            Rule::Hide { name } => write!(f, "hide {name:?}"),
            Rule::Show { name } => write!(f, "show {name:?}"),
            Rule::Kind { name, kind } => write!(f, "kind {name:?} {kind}"),
        }
    }
}

/// The rules of an index, in the order they were given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Rules {
    pub rules: Vec<Rule>,
}

impl Rules {
    /// The rules kept in the index folder (none when there is no file).
    pub fn load(dir: &Path) -> Result<Rules> {
        let path = dir.join(RULES_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|_| {
                UserError::IndexDamaged {
                    path: dir.to_path_buf(),
                    files: vec![RULES_FILE.into()],
                }
                .into()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Rules::default()),
            Err(source) => Err(InternalError::Io { path, source }.into()),
        }
    }

    /// Writes the rules to the index folder, whole.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let json =
            serde_json::to_vec_pretty(self).map_err(|e| InternalError::Corrupt(e.to_string()))?;
        files::write_atomic(dir, RULES_FILE, &json).map_err(|source| {
            InternalError::Io {
                path: dir.join(RULES_FILE),
                source,
            }
            .into()
        })
    }

    /// A number that changes whenever the rules do, for the entity table to record.
    pub fn fingerprint(&self) -> u64 {
        let json = serde_json::to_vec(self).unwrap_or_default();
        xxhash_rust::xxh3::xxh3_64(&json)
    }
}
