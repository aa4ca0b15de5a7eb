//! Cross-document resolution: one actor, one name across an archive.
//!
//! Extraction names each actor from one article alone: "Volcker" in an article that never
//! writes "Paul Volcker", "IMF" in one that never spells it out. A [`Resolver`] sees the
//! actors of many articles, then renames each article's actors so that one entity goes by
//! one name everywhere:
//!
//! - names that differ only in case, diacritics or British and American spelling are one
//!   ("Erdoğan" and "Erdogan"; the spelling most often written is shown);
//! - a surname alone, or an initial and a surname, is the one person of the archive whose
//!   full name ends so ("Volcker" -> "Paul Volcker"; "Jansher" -> "Jansher Khan" when no
//!   full name ends in it); never when two people share it;
//! - an acronym is the one organisation of the archive whose initials it is ("IMF" ->
//!   "International Monetary Fund"), or whose article writes both;
//! - an organisation's first words or last word stand for the one organisation of the
//!   archive named so ("Orioles", "Baltimore" -> "Baltimore Orioles");
//! - only actors of one kind are joined, so Ford the company stays apart from Gerald Ford;
//! - one name has one kind: an organisation named like a place of the archive ("Leeds"
//!   the club) is named with its kind, "Leeds (organisation)", its forms as written.

use std::collections::{BTreeMap, BTreeSet};

use crate::types::{Actor, ActorKind};

/// Accumulates the actors of an archive's articles, then gives each article's actors the
/// names they go by across the archive.
///
/// ```
/// use newsdex_extract::{extract, Resolver};
///
/// let mut one = extract("Fund chief Anna Lind of the International Monetary Fund spoke.", None);
/// let mut two = extract("The IMF said Lind would visit Kyiv.", None);
/// let mut resolver = Resolver::new();
/// resolver.add(&one.actors);
/// resolver.add(&two.actors);
/// resolver.resolve(&mut two.actors);
/// let names: Vec<&str> = two.actors.iter().map(|a| a.name.as_str()).collect();
/// assert!(names.contains(&"International Monetary Fund"), "{names:?}");
/// assert!(names.contains(&"Anna Lind"), "{names:?}");
/// # resolver.resolve(&mut one.actors);
/// ```
#[derive(Debug, Default, Clone)]
pub struct Resolver {
    /// By kind and folded name: how often each spelling was written.
    spellings: BTreeMap<(ActorKind, String), BTreeMap<String, u32>>,
    /// People's folded full names by their folded last word, and by their first.
    surnames: BTreeMap<String, BTreeSet<String>>,
    given: BTreeMap<String, BTreeSet<String>>,
    /// Organisations' folded full names by their initials ("imf").
    initials: BTreeMap<String, BTreeSet<String>>,
    /// Acronyms an article wrote beside their organisation's full name.
    spelled_out: BTreeMap<String, BTreeSet<String>>,
    /// Organisations' folded full names by their first words and by their last word
    /// ("baltimore", "orioles" -> "baltimore orioles").
    org_parts: BTreeMap<String, BTreeSet<String>>,
}

impl Resolver {
    /// An empty resolver.
    pub fn new() -> Self {
        Resolver::default()
    }

    /// Adds one article's actors to what the resolver knows.
    pub fn add(&mut self, actors: &[Actor]) {
        for a in actors {
            let key = fold(&a.name);
            if key.is_empty() {
                continue;
            }
            *self
                .spellings
                .entry((a.kind, key.clone()))
                .or_default()
                .entry(a.name.clone())
                .or_default() += a.mentions.max(1);
            let words: Vec<&str> = key.split(' ').collect();
            match a.kind {
                ActorKind::Person if words.len() >= 2 && !is_initial(words[0]) => {
                    if let (Some(first), Some(last)) = (words.first(), words.last()) {
                        self.surnames
                            .entry((*last).to_string())
                            .or_default()
                            .insert(key.clone());
                        self.given
                            .entry((*first).to_string())
                            .or_default()
                            .insert(key.clone());
                    }
                }
                ActorKind::Org if words.len() >= 2 => {
                    for n in 1..words.len() {
                        self.org_parts
                            .entry(words[..n].join(" "))
                            .or_default()
                            .insert(key.clone());
                    }
                    if let Some(last) = words.last() {
                        self.org_parts
                            .entry((*last).to_string())
                            .or_default()
                            .insert(key.clone());
                    }
                    for ini in initials(&a.name) {
                        self.initials.entry(ini).or_default().insert(key.clone());
                    }
                    for f in &a.forms {
                        if is_acronym(f) {
                            self.spelled_out
                                .entry(fold(f).replace('.', ""))
                                .or_default()
                                .insert(key.clone());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Renames one article's actors to their archive-wide names. Actors that come to
    /// share a name and a kind are merged into one.
    pub fn resolve(&self, actors: &mut Vec<Actor>) {
        for a in actors.iter_mut() {
            let key = self.target(a.kind, &fold(&a.name));
            if let Some(name) = self.spelling(a.kind, &key) {
                a.name = name;
            }
            // One name, one kind: an organisation named like a place the archive knows
            // is another entity ("Leeds" the club beside Leeds the city) and says its kind
            // in its name; the place keeps the plain name.
            if a.kind == ActorKind::Org && self.has(ActorKind::Place, &key) {
                a.name = format!("{} ({})", a.name, kind_word(a.kind));
            }
        }
        // Two actors of one article now named alike are one. (Found by a map: a search
        // of those merged so far made a long article's thousands of actors quadratic.)
        let mut merged: Vec<Actor> = Vec::with_capacity(actors.len());
        let mut at: std::collections::HashMap<(ActorKind, String), usize> =
            std::collections::HashMap::with_capacity(actors.len());
        for a in actors.drain(..) {
            let slot = match at.entry((a.kind, a.name.clone())) {
                std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(merged.len());
                    None
                }
            };
            match slot.map(|k| &mut merged[k]) {
                Some(m) => {
                    m.mentions += a.mentions;
                    for f in a.forms {
                        if !m.forms.contains(&f) {
                            m.forms.push(f);
                        }
                    }
                }
                None => merged.push(a),
            }
        }
        merged.sort_by_key(|a| std::cmp::Reverse(a.mentions));
        *actors = merged;
    }

    /// Does the archive have an actor of `kind` with this folded name?
    fn has(&self, kind: ActorKind, key: &str) -> bool {
        self.spellings.contains_key(&(kind, key.to_string()))
    }

    /// The folded name an actor of `kind` folded as `key` goes by in the archive.
    fn target(&self, kind: ActorKind, key: &str) -> String {
        let one = |set: Option<&BTreeSet<String>>| -> Option<String> {
            set.filter(|s| s.len() == 1)
                .and_then(|s| s.iter().next().cloned())
        };
        let words: Vec<&str> = key.split(' ').collect();
        match kind {
            ActorKind::Person if words.len() == 1 => one(self.surnames.get(key))
                .or_else(|| {
                    if self.surnames.contains_key(key) {
                        None
                    } else {
                        one(self.given.get(key))
                    }
                })
                .unwrap_or_else(|| key.to_string()),
            // "D. Gough": the one full name with that surname and initial.
            ActorKind::Person if words.len() == 2 && is_initial(words[0]) => {
                let initial = words[0].chars().next();
                let candidates: Vec<&String> = self
                    .surnames
                    .get(words[1])
                    .map(|s| {
                        s.iter()
                            .filter(|full| full.chars().next() == initial)
                            .collect()
                    })
                    .unwrap_or_default();
                match candidates.as_slice() {
                    [only] => (*only).clone(),
                    _ => key.to_string(),
                }
            }
            ActorKind::Org if words.len() == 1 && is_acronym(key) => {
                let bare = key.replace('.', "");
                one(self.spelled_out.get(&bare))
                    .or_else(|| one(self.initials.get(&bare)))
                    .unwrap_or_else(|| key.to_string())
            }
            // "Orioles" for the one "Baltimore Orioles"; "Varnholt" for the one "Varnholt
            // Shipping Co". Not a place's name: the archive's one organisation starting
            // with "California" need not be the team a sports table calls so.
            ActorKind::Org if !crate::actors::is_known_place(key) => {
                one(self.org_parts.get(key)).unwrap_or_else(|| key.to_string())
            }
            _ => key.to_string(),
        }
    }

    /// The spelling of a folded name written most often (more mentions first, then the
    /// spelling with its diacritics, then the first in order).
    fn spelling(&self, kind: ActorKind, key: &str) -> Option<String> {
        let spellings = self.spellings.get(&(kind, key.to_string()))?;
        spellings
            .iter()
            .max_by(|(a, na), (b, nb)| {
                na.cmp(nb)
                    .then((!a.is_ascii()).cmp(&!b.is_ascii()))
                    .then(b.cmp(a))
            })
            .map(|(s, _)| s.clone())
    }
}

fn kind_word(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "person",
        ActorKind::Org => "organisation",
        ActorKind::Place => "place",
    }
}

/// "D." or "D": an initial.
fn is_initial(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_alphabetic) && matches!(chars.as_str(), "" | ".")
}

/// Letters in capitals only, two to seven of them, perhaps with dots: "IMF", "U.N.".
fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=7).contains(&letters)
        && w.chars().all(|c| c.is_alphabetic() || c == '.' || c == '&')
        && (w.chars().all(|c| !c.is_lowercase()) || w.chars().all(|c| !c.is_uppercase()))
}

/// The acronyms a multi-word organisation name may go by: the initials of its capitalised
/// words, with and without a closing legal suffix ("General Motors Corp" -> "gmc", "gm").
fn initials(name: &str) -> Vec<String> {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    let ini = |ws: &[&str]| -> String {
        ws.iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut out = vec![ini(&words)];
    if let Some((last, rest)) = words.split_last() {
        let suffix = matches!(
            last.trim_end_matches('.'),
            "Corp"
                | "Co"
                | "Inc"
                | "Ltd"
                | "Plc"
                | "PLC"
                | "Group"
                | "AG"
                | "SA"
                | "NV"
                | "Corporation"
        );
        if suffix && rest.len() >= 2 {
            out.push(ini(rest));
        }
    }
    out.retain(|s| s.chars().count() >= 2);
    out
}

/// The matching key of a name: diacritics dropped, a leading "the" dropped, then the
/// article-level merge key (lowercase, British spellings made American).
pub(crate) fn fold(name: &str) -> String {
    let mut plain = String::with_capacity(name.len());
    for c in name.chars() {
        match fold_char(c) {
            Some(s) => plain.push_str(s),
            None => plain.push(c),
        }
    }
    let trimmed = plain.trim_start();
    let bare = match trimmed.split_once(char::is_whitespace) {
        Some((the, rest)) if the.eq_ignore_ascii_case("the") => rest,
        _ => trimmed,
    };
    crate::actors::merge_key(bare)
}

/// A letter with a diacritic, lowercased and without it; `None` for any other character.
#[rustfmt::skip]
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
            | 'Ā' | 'Ă' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę'
            | 'Ě' => "e",
        'ğ' | 'ģ' | 'Ğ' | 'Ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "i",
        'ķ' | 'Ķ' => "k",
        'ł' | 'ľ' | 'ļ' | 'ĺ' | 'Ł' | 'Ľ' | 'Ļ' | 'Ĺ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' | 'Ñ' | 'Ń' | 'Ň' | 'Ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
            | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'ŕ' | 'Ř' | 'Ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű'
            | 'Ų' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        '’' | '‘' => "'",
        _ => return None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn actor(name: &str, kind: ActorKind, forms: &[&str]) -> Actor {
        Actor {
            name: name.to_string(),
            kind,
            forms: forms.iter().map(|f| f.to_string()).collect(),
            mentions: 1,
        }
    }

    fn resolved(archive: &[Vec<Actor>]) -> Vec<Vec<Actor>> {
        let mut r = Resolver::new();
        for a in archive {
            r.add(a);
        }
        archive
            .iter()
            .map(|a| {
                let mut a = a.clone();
                r.resolve(&mut a);
                a
            })
            .collect()
    }

    #[test]
    fn folding_drops_case_diacritics_and_spelling() {
        assert_eq!(fold("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
        assert_eq!(
            fold("The World Health Organisation"),
            "world health organization"
        );
        assert_eq!(fold("Zürich"), "zurich");
    }

    #[test]
    fn one_entity_one_name_across_articles() {
        use ActorKind::{Org, Person};
        let out = resolved(&[
            vec![
                actor("Paul Volcker", Person, &["Paul Volcker", "Volcker"]),
                actor(
                    "International Monetary Fund",
                    Org,
                    &["International Monetary Fund"],
                ),
            ],
            vec![
                actor("Volcker", Person, &["Volcker"]),
                actor("IMF", Org, &["IMF"]),
                actor("Erdogan", Person, &["Erdogan"]),
            ],
            vec![actor("Recep Erdoğan", Person, &["Recep Erdoğan"])],
        ]);
        let names: Vec<&str> = out[1].iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Paul Volcker",
                "International Monetary Fund",
                "Recep Erdoğan"
            ]
        );
        // The forms stay as written.
        assert_eq!(out[1][0].forms, ["Volcker"]);
    }

    #[test]
    fn shared_short_forms_and_kinds_stay_apart() {
        use ActorKind::{Org, Person};
        let out = resolved(&[
            vec![actor("Gerald Ford", Person, &["Gerald Ford"])],
            vec![actor("Harrison Ford", Person, &["Harrison Ford"])],
            vec![
                actor("Ford", Person, &["Ford"]),
                actor("Ford", Org, &["Ford"]),
            ],
        ]);
        assert_eq!(out[2][0].name, "Ford");
        assert_eq!(out[2][1].name, "Ford");
        assert_eq!(out[2].len(), 2);
    }
}
