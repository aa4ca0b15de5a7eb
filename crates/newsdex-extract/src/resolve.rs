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
//!   full name ends in it); never when two people share it, and a given name alone
//!   ("John") only for a full name that opens with a given name or initials (not "Saint
//!   John"), and any other word only for such a full name or one the archive names a
//!   quarter as often as the word ("Earth" is not the "Planet Earth" of one page);
//! - an acronym is the organisation whose articles write it beside its name ("EC",
//!   "European Community"), else the one organisation of the archive whose initials it is
//!   ("IMF" -> "International Monetary Fund") when an article writes the two or the
//!   archive names it at least a quarter as often (an acronym of three letters or more:
//!   two letters are the initials of too many names), else the company whose name it
//!   starts ("USX" -> "USX Corp");
//! - an organisation's first words or last word stand for the one organisation of the
//!   archive named so ("Orioles", "Baltimore" -> "Baltimore Orioles"); a company's name
//!   alone, or with its legal suffix's dot, is the company with the suffix ("Chrysler",
//!   "Chrysler Corp." -> "Chrysler Corp"), and the first words of a firm taken for a
//!   person are the firm ("Dean Witter" -> "Dean Witter Reynolds Inc"), or the firms'
//!   when they start several ("Wells Fargo");
//! - a person's name taken for an organisation is the person when the archive names it
//!   as a person at least twice as often, a given name first ("Carl Icahn"; "Greenspan"
//!   -> "Alan Greenspan");
//! - an organisation named after its country's abbreviation is the one the archive
//!   names without it ("U.S. Federal Reserve" -> "Federal Reserve"), unless the name is
//!   several countries' ("Chamber of Commerce");
//! - a surname taken for a gazetteer's town ("Obama") is the archive's one person so
//!   named, when the archive writes it alone for that person and names the person far
//!   more often;
//! - only actors of one kind are joined, so Ford the company stays apart from Gerald Ford;
//! - one name has one kind: an organisation named like a place of the archive ("Leeds"
//!   the club) is named with its kind, "Leeds (organisation)", its forms as written.

use std::collections::{BTreeMap, BTreeSet};

use crate::actors::{FastMap, FastSet};
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
    spellings: FastMap<(ActorKind, String), BTreeMap<String, u32>>,
    /// People's folded full names by their folded last word, and by their first.
    surnames: FastMap<String, BTreeSet<String>>,
    given: FastMap<String, BTreeSet<String>>,
    /// People's folded full names, by how many articles wrote their surname alone for
    /// them ("Obama" for Barack Obama).
    surname_alone: FastMap<String, u32>,
    /// Organisations' folded full names by their initials ("imf"), with their mentions.
    initials: FastMap<String, BTreeMap<String, u32>>,
    /// Acronyms an article wrote beside their organisation's full name, with how many
    /// articles did so per full name.
    spelled_out: FastMap<String, BTreeMap<String, u32>>,
    /// Acronyms an article wrote with an organisation whose initials they are, as an
    /// actor of its own ("GM" and "General Motors Corp"): (acronym, folded full name).
    written_with: FastSet<(String, String)>,
    /// Acronyms an article wrote as a form of a longer organisation name they start
    /// ("USX" of "USX Corp"), with how many articles did so per name.
    short_of: FastMap<String, BTreeMap<String, u32>>,
    /// Organisations' folded full names by their first words and by their last word
    /// ("baltimore", "orioles" -> "baltimore orioles").
    org_parts: FastMap<String, BTreeSet<String>>,
    /// Organisations' folded full names by their first word alone ("goldman" ->
    /// "goldman, sachs and co").
    org_firsts: FastMap<String, BTreeSet<String>>,
    /// Organisations' folded names after a country's name, abbreviation or nationality,
    /// with those countries ("federal reserve" -> {"united states"} from "U.S. Federal
    /// Reserve"; "stock exchange" -> {"luxembourg", "south korea"}).
    designations: FastMap<String, BTreeSet<String>>,
    /// The organisations of articles that take a place's name for an organisation
    /// (sports reports and tables, whose "Baltimore" is a team).
    beside_city_orgs: FastSet<String>,
    /// Mentions per folded name, by kind (see [`kind_slot`]), summed over the archive's
    /// spellings. (By kind first, so that a name is looked up without a copy.)
    mentions: [BTreeMap<String, u32>; 3],
    /// The parts resolved are one article's (see [`Resolver::for_parts`]): a name keeps
    /// no kind in it, since the article gives it one kind in the end.
    parts: bool,
}

impl Resolver {
    /// An empty resolver.
    pub fn new() -> Self {
        Resolver::default()
    }

    /// A resolver for the parts of one long article read part by part.
    pub(crate) fn for_parts() -> Self {
        Resolver {
            parts: true,
            ..Resolver::default()
        }
    }

    /// Adds one article's actors to what the resolver knows.
    pub fn add(&mut self, actors: &[Actor]) {
        // (Folded once: folding is a tenth of an archive's resolution.)
        let keys: Vec<String> = actors.iter().map(|a| fold(&a.name)).collect();
        let orgs = || {
            actors
                .iter()
                .zip(&keys)
                .filter(|(a, _)| a.kind == ActorKind::Org)
                .map(|(_, k)| k)
        };
        if orgs().any(|k| crate::actors::is_known_place(k)) {
            self.beside_city_orgs
                .extend(orgs().filter(|k| k.contains(' ')).cloned());
        }
        let acronyms: Vec<String> = actors
            .iter()
            .zip(&keys)
            .filter(|(a, k)| a.kind == ActorKind::Org && !k.contains(' ') && is_acronym(&a.name))
            .map(|(_, k)| k.replace('.', ""))
            .collect();
        for (a, key) in actors.iter().zip(keys) {
            if key.is_empty() {
                continue;
            }
            *self
                .spellings
                .entry((a.kind, key.clone()))
                .or_default()
                .entry(a.name.clone())
                .or_default() += a.mentions.max(1);
            *self.mentions[kind_slot(a.kind)]
                .entry(key.clone())
                .or_default() += a.mentions.max(1);
            let words: Vec<&str> = key.split(' ').collect();
            match a.kind {
                ActorKind::Person if words.len() >= 2 && !is_initial(words[0]) => {
                    if let Some(last) = words.last() {
                        if a.forms.iter().any(|f| fold(f) == *last) {
                            *self.surname_alone.entry(key.clone()).or_default() += 1;
                        }
                    }
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
                    if let Some((first, rest)) = key.split_once(' ') {
                        if rest.contains(' ') {
                            if let Some(country) = crate::actors::designated_country(first) {
                                self.designations
                                    .entry(rest.to_owned())
                                    .or_default()
                                    .insert(country);
                            }
                        }
                    }
                    // A possessive firm name stands for the firm without its "'s" too
                    // ("moody" -> "moody's investors service inc").
                    for n in 1..words.len() {
                        let prefix = words[..n].join(" ");
                        if let Some(bare) = prefix.strip_suffix("'s") {
                            self.org_parts
                                .entry(bare.to_string())
                                .or_default()
                                .insert(key.clone());
                        }
                        self.org_parts
                            .entry(prefix)
                            .or_default()
                            .insert(key.clone());
                    }
                    if let Some(first) = words.first() {
                        let first = first.trim_end_matches(',');
                        let first = first.strip_suffix("'s").unwrap_or(first);
                        if !LED_BY.iter().any(|l| words.get(1) == Some(l)) {
                            self.org_firsts
                                .entry(first.to_string())
                                .or_default()
                                .insert(key.clone());
                        }
                    }
                    if let Some(last) = words.last() {
                        self.org_parts
                            .entry((*last).to_string())
                            .or_default()
                            .insert(key.clone());
                    }
                    let own = initials(&a.name);
                    for ini in own.iter().cloned() {
                        if acronyms.contains(&ini) {
                            self.written_with.insert((ini.clone(), key.clone()));
                        }
                        *self
                            .initials
                            .entry(ini)
                            .or_default()
                            .entry(key.clone())
                            .or_default() += a.mentions.max(1);
                    }
                    // (Each form folded once, for both passes below.)
                    let folded: Vec<String> = a.forms.iter().map(|f| fold(f)).collect();
                    // An acronym that is a form of a name it starts: "USX" of "USX Corp".
                    for (f, short) in a.forms.iter().zip(&folded) {
                        if is_acronym(f)
                            && f.chars().any(char::is_uppercase)
                            && words.first() == Some(&short.as_str())
                        {
                            *self
                                .short_of
                                .entry(short.clone())
                                .or_default()
                                .entry(key.clone())
                                .or_default() += 1;
                        }
                    }
                    // ("GATT Council" written beside "GATT" is the acronym's council, not its
                    // expansion.) An acronym written as a word ("Opec", "Nato") counts
                    // when it is the name's initials.
                    for (f, folded) in a.forms.iter().zip(&folded) {
                        let bare = folded.replace('.', "");
                        let inside = words.contains(&folded.as_str());
                        let capitals = is_acronym(f) && f.chars().any(char::is_uppercase);
                        let as_word = !f.contains(' ') && own.contains(&bare);
                        if (capitals || as_word) && !inside {
                            *self
                                .spelled_out
                                .entry(bare)
                                .or_default()
                                .entry(key.clone())
                                .or_default() += a.mentions.max(1);
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
        // The countries the article names, which say whose "Treasury" it is.
        let countries: Vec<String> = actors
            .iter()
            .filter(|a| a.kind == ActorKind::Place && crate::actors::is_country(&a.name))
            .map(|a| fold(&a.name))
            .collect();
        for a in actors.iter_mut() {
            let mut folded = fold(&a.name);
            // A person's name taken for an organisation is the person, unless it is
            // itself a firm's name taken for a person ("Dean Witter"); a firm's taken
            // for a person is the firm. (The name is the organisation's as the archive
            // spells it, below; the folded key is never a name.)
            if a.kind == ActorKind::Org
                && self.person_taken_for_org(&folded)
                && (!folded.contains(' ')
                    || self
                        .firm_named_as_person(ActorKind::Person, &folded)
                        .is_none())
            {
                a.kind = ActorKind::Person;
            } else if let Some(org) = self.firm_named_as_person(a.kind, &folded) {
                a.kind = ActorKind::Org;
                folded = org;
            }
            if a.kind == ActorKind::Place && self.org_taken_for_place(&folded) {
                a.kind = ActorKind::Org;
            }
            if a.kind == ActorKind::Place {
                if let Some(person) = self.person_taken_for_place(&folded) {
                    a.kind = ActorKind::Person;
                    folded = person;
                }
            }
            let key = self.target(a.kind, &folded, &countries);
            if let Some(name) = self
                .spelling(a.kind, &key)
                .or_else(|| self.owned_spelling(a.kind, &key))
            {
                a.name = name;
            }
            // One name, one kind: an organisation named like a place the archive knows
            // is another entity ("Leeds" the club beside Leeds the city) and says its kind
            // in its name; the place keeps the plain name.
            if a.kind == ActorKind::Org
                && !self.parts
                && self.has(ActorKind::Place, &key)
                && !self.org_taken_for_place(&key)
            {
                a.name = format!("{} ({})", a.name, kind_word(a.kind));
            }
        }
        // Two actors of one article now named alike are one.
        let mut merged: Vec<Actor> =
            crate::types::join_same_names(actors.drain(..).map(|a| (a, ())), |_, ()| {})
                .into_iter()
                .map(|(a, ())| a)
                .collect();
        merged.sort_by_key(|a| std::cmp::Reverse(a.mentions));
        *actors = merged;
    }

    /// A name taken for an organisation that the archive knows far better as a person:
    /// a given name and a surname named as a person at least twice as often as an
    /// organisation ("Carl Icahn" of an article that took him for his company), or the
    /// surname of the person (a given name first) the archive names so in three
    /// mentions of four, and writes it alone for, named at least twice as often as the
    /// word as an organisation and every organisation whose name it starts or ends
    /// ("Shultz"; not "Ford" beside Ford Motor Co, nor "Michelin" beside Cie Generale
    /// des Etablissements Michelin). Not a company's name, nor a name our lists know as
    /// an organisation or a place. (A given name first, and twice: an archive's
    /// extraction takes some firms for people more often than not, "Petroleos de
    /// Venezuela", "Abbey National".)
    fn person_taken_for_org(&self, key: &str) -> bool {
        // (Asked of every organisation's name: the archive's counts first, which rule
        // out nearly all, then the lists.)
        let as_org = self.count(ActorKind::Org, key);
        let by_counts = if let Some((first, _)) = key.split_once(' ') {
            self.count(ActorKind::Person, key) >= 2 * as_org && crate::actors::is_given_name(first)
        } else {
            let Some(person) = self.most_named(ActorKind::Person, self.surnames.get(key)) else {
                return false;
            };
            let orgs: u32 = self
                .org_parts
                .get(key)
                .into_iter()
                .flatten()
                .map(|o| self.count(ActorKind::Org, o))
                .sum();
            self.count(ActorKind::Person, &person) >= 2 * (as_org + orgs)
                && self.surname_alone.contains_key(&person)
                && person
                    .split(' ')
                    .next()
                    .is_some_and(crate::actors::is_given_name)
        };
        by_counts
            && !self.is_company(key)
            && !crate::actors::is_known_org(key)
            && !crate::actors::is_known_place(key)
    }

    /// A place named by one word our lists do not know, nor a compass word (a
    /// gazetteer's town, as "Obama" is one in Japan), that is the surname of the
    /// archive's one person so named ("the Obama administration" beside Barack Obama's
    /// forty articles): that person, when the archive writes the surname alone for them
    /// in two articles or more, and names them at least four times as often as the place,
    /// itself named twice or more (so that Hesse the state and Marietta, Ga. stay places).
    fn person_taken_for_place(&self, key: &str) -> Option<String> {
        if key.contains(' ')
            || crate::actors::is_known_place(key)
            || crate::actors::is_compass_word(key)
        {
            return None;
        }
        let person = self.most_named(ActorKind::Person, self.surnames.get(key))?;
        let alone = self.surname_alone.get(&person).copied().unwrap_or(0);
        let place = self.count(ActorKind::Place, key);
        (alone >= 2 && place >= 2 && self.count(ActorKind::Person, &person) >= 4 * place)
            .then_some(person)
    }

    /// The company named after an acronym, its folded `key`: the one name that is the
    /// acronym and a legal form ("USX Corp"), else the company that articles wrote the
    /// acronym for ("AFG Industries Inc"); either named at least a quarter as often as
    /// the acronym alone, so that an acronym that is a name of its own keeps it (the
    /// rating "AAA" beside a one-off "AAA Corp"; "GATT" beside "GATT Council", no
    /// company), and never a part of one ("... Bureau").
    fn named_after(&self, key: &str) -> Option<String> {
        self.with_suffix(key)
            .or_else(|| {
                self.short_of
                    .get(key)
                    .and_then(dominant)
                    .filter(|full| self.is_company(full))
            })
            .filter(|full| self.quarter_as_often(ActorKind::Org, full, key))
            .filter(|full| !ends_in_sub_unit(full))
    }

    /// The company the archive names `key` and legal forms ("usx corp" for "usx"),
    /// the most named of them when one is.
    fn with_suffix(&self, key: &str) -> Option<String> {
        let firms: BTreeSet<String> = self
            .org_parts
            .get(key)?
            .iter()
            .filter(|full| {
                full.strip_prefix(key)
                    .and_then(|rest| rest.strip_prefix(' '))
                    .is_some_and(|rest| rest.split(' ').all(is_legal_form))
            })
            .cloned()
            .collect();
        self.most_named(ActorKind::Org, Some(&firms))
    }

    /// A word the archive names as an organisation is the company it names by the word
    /// and a legal suffix ("Texaco" for "Texaco Inc"), when the archive names that at
    /// least as often: a word named more often alone is mostly something else ("Merrill"
    /// of Merrill Lynch beside a "Merrill Corp"), and one the archive names more often
    /// as a person or place is no company's ("Brown" beside an "Alex. Brown Inc").
    fn named_with_suffix(&self, key: &str) -> Option<String> {
        let alone = self.count(ActorKind::Org, key);
        let otherwise = self.count(ActorKind::Person, key) + self.count(ActorKind::Place, key);
        self.with_suffix(key)
            .filter(|full| alone > otherwise && self.count(ActorKind::Org, full) >= alone)
            // (A head noun alone, "Telephone", "Systems", is a name cut short, not one.)
            .filter(|_| !crate::actors::is_org_word_ci(key))
    }

    /// Is the organisation folded as `key` a company: does the name the archive writes
    /// end in a legal form ("AFG Industries Inc", folded "afg industries")?
    fn is_company(&self, key: &str) -> bool {
        self.spelling(ActorKind::Org, key).is_some_and(|name| {
            name.rsplit(' ')
                .next()
                .is_some_and(|last| is_legal_form(&last.to_lowercase()))
        })
    }

    /// Does the acronym `bare` (folded `key`, dots dropped) stand for `full`, the
    /// dominant organisation with those initials? Only where the archive says so: an
    /// article wrote the two together, or `full` is named at least a quarter as often as
    /// the acronym. Initials alone are weak evidence against an acronym written far more
    /// often: "H.K." of "H.K. dollars" (55 articles) is not Henkel KGaA (named twice),
    /// nor the rating "BBB" Bilfinger und Berger-Bau AG.
    ///
    /// Two letters are the initials of too many names for the count to tell: a German
    /// page's "BN" (Bund Naturschutz) is not the archive's "BBC News". They stand for a
    /// name only where an article says so.
    fn stands_for(&self, bare: &str, key: &str, full: &str) -> bool {
        self.written_with
            .contains(&(bare.to_string(), full.to_string()))
            || self
                .spelled_out
                .get(bare)
                .is_some_and(|m| m.contains_key(full))
            || (bare.chars().count() > 2 && self.quarter_as_often(ActorKind::Org, full, key))
    }

    /// Does the archive name `full` at least a quarter as often as `key`, both of `kind`?
    fn quarter_as_often(&self, kind: ActorKind, full: &str, key: &str) -> bool {
        self.count(kind, full) * 4 >= self.count(kind, key)
    }

    /// The archive's mentions of the actor of `kind` with this folded name.
    fn count(&self, kind: ActorKind, key: &str) -> u32 {
        self.mentions[kind_slot(kind)]
            .get(key)
            .copied()
            .unwrap_or(0)
    }

    /// Does the archive have an actor of `kind` with this folded name?
    fn has(&self, kind: ActorKind, key: &str) -> bool {
        self.spellings.contains_key(&(kind, key.to_string()))
    }

    /// A name taken for a place that the archive knows as an organisation: written as
    /// one four times as often as a place, and not a place's name ("Opec", tagged a place
    /// once beside a hundred articles on the cartel). Leeds the city stays a place beside
    /// Leeds the club however often the club plays.
    fn org_taken_for_place(&self, key: &str) -> bool {
        let as_place = self.count(ActorKind::Place, key);
        as_place > 0
            && self.count(ActorKind::Org, key) >= 4 * as_place
            && !crate::actors::is_known_place(key)
    }

    /// A name taken for a person that the archive knows better as an organisation: the
    /// same name, as an organisation more often than as a person ("Smith Barney",
    /// "Morgan Guaranty"), or a lone word that starts organisations' names more often
    /// than any person it could be is named ("Goldman" for Goldman, Sachs and Co;
    /// "Morgan" beside Morgan Stanley and Morgan Guaranty), or a name of several words
    /// that starts one organisation's name, named more often ("Dean Witter" for Dean
    /// Witter Reynolds Inc). Gives the organisation's folded name: the one the word
    /// stands for when one is named far more often than the others, else the word.
    fn firm_named_as_person(&self, kind: ActorKind, key: &str) -> Option<String> {
        if kind != ActorKind::Person {
            return None;
        }
        let count = |kind: ActorKind, k: &str| self.count(kind, k);
        let as_person = count(ActorKind::Person, key);
        if count(ActorKind::Org, key) > as_person {
            return Some(key.to_string());
        }
        if key.contains(' ') {
            // "Shearson Lehman" for Shearson Lehman Brothers Inc, "Dean Witter" for Dean
            // Witter Reynolds Inc: the first words of the one organisation they start,
            // named more often than the person.
            // (A name with a middle initial, "Dudley S. Taft", is a person's, beside
            // "Dudley S. Taft and Narragansett Capital Inc" as beside anything.)
            let words: Vec<&str> = key.split(' ').collect();
            if words.len() >= 3 && words[1..words.len() - 1].iter().any(|w| is_initial(w)) {
                return None;
            }
            // Starting several organisations' names ("Morgan Grenfell Group Plc",
            // "Morgan Grenfell and Co"), named more often than the person in all, it is
            // their firm, by the name as written.
            let parts = self.org_parts.get(key)?;
            if let Some(full) = self.most_named(ActorKind::Org, Some(parts)) {
                return (count(ActorKind::Org, &full) > as_person).then_some(full);
            }
            let in_all: u32 = parts.iter().map(|o| count(ActorKind::Org, o)).sum();
            return (in_all > as_person).then(|| key.to_string());
        }
        let firsts = self.org_firsts.get(key)?;
        let orgs = || firsts.iter().map(|o| (o, count(ActorKind::Org, o)));
        let people = self
            .surnames
            .get(key)
            .into_iter()
            .chain(self.given.get(key))
            .flatten()
            .map(|p| count(ActorKind::Person, p))
            .max()
            .unwrap_or(0);
        let org_count: u32 = orgs().map(|(_, n)| n).sum();
        (org_count > people)
            .then(|| dominant_of(orgs()).map_or_else(|| key.to_string(), String::clone))
    }

    /// Of folded names of `kind`, the one named in three mentions of four or more.
    fn most_named(&self, kind: ActorKind, names: Option<&BTreeSet<String>>) -> Option<String> {
        let names = names?;
        dominant_of(names.iter().map(|o| (o, self.count(kind, o)))).cloned()
    }

    /// The folded name an actor of `kind` folded as `key` goes by in
    /// the archive.
    fn target(&self, kind: ActorKind, key: &str, countries: &[String]) -> String {
        // Asked of the name as the archive writes it most often, so that every case of
        // one name goes one way ("Opec" as "OPEC"; a headline's "BOEING" as "Boeing"),
        // and not of the folded name ("Ltd" would look like an acronym).
        let written = self.spelling(kind, key).unwrap_or_else(|| key.to_string());
        let one = |set: Option<&BTreeSet<String>>| -> Option<String> {
            set.filter(|s| s.len() == 1)
                .and_then(|s| s.iter().next().cloned())
        };
        let words: Vec<&str> = key.split(' ').collect();
        match kind {
            ActorKind::Person if words.len() == 1 => self
                .most_named(ActorKind::Person, self.surnames.get(key))
                // A given name alone ("John") is the surname only of a full name that
                // opens with a given name or an initial: not of "Saint John" or "Cracker
                // Jack", names that start otherwise.
                .filter(|full| {
                    let opens_as_person = full.split(' ').next().is_some_and(|first| {
                        // ("Charles-Eugene Marin": a hyphenated given name; "N.J.
                        // Nicholas": initials.)
                        let head = first.split('-').next().unwrap_or(first);
                        first.split_inclusive('.').all(is_initial)
                            || crate::actors::is_given_name(head)
                    });
                    // A full name that opens otherwise ("Nikol Pashinyan", but also
                    // "Planet Earth" from "Planet Earth II") takes the word alone only
                    // when the archive names it a quarter as often: people are
                    // introduced by their full name, so a word written far more often
                    // alone ("Earth", "Android") is a thing of its own.
                    opens_as_person
                        || (!crate::actors::is_given_name(key)
                            && self.quarter_as_often(ActorKind::Person, full, key))
                })
                .or_else(|| {
                    if self.surnames.contains_key(key) {
                        None
                    } else {
                        one(self.given.get(key))
                    }
                })
                .unwrap_or_else(|| key.to_string()),
            // "von der Leyen", "de Silva": the one full name that ends so.
            ActorKind::Person
                if words.len() >= 2
                    && words[..words.len() - 1]
                        .iter()
                        .all(|w| crate::actors::is_name_particle(w)) =>
            {
                let tail = format!(" {key}");
                let mut full = self
                    .surnames
                    .get(words[words.len() - 1])
                    .into_iter()
                    .flatten()
                    .filter(|f| f.ends_with(&tail));
                match (full.next(), full.next()) {
                    (Some(only), None) => only.clone(),
                    _ => key.to_string(),
                }
            }
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
            // An acronym: as the archive writes it, or as a word some article spelled
            // out ("Opec" beside "Organisation of the Petroleum Exporting Countries").
            ActorKind::Org
                if words.len() == 1
                    && ((is_acronym(&written) && written.chars().any(char::is_uppercase))
                        || self.spelled_out.contains_key(&key.replace('.', ""))) =>
            {
                let bare = key.replace('.', "");
                self.spelled_out
                    .get(&bare)
                    .and_then(dominant)
                    .or_else(|| {
                        self.initials
                            .get(&bare)
                            .and_then(dominant)
                            .filter(|full| self.stands_for(&bare, key, full))
                    })
                    .or_else(|| self.named_after(key))
                    .unwrap_or_else(|| key.to_string())
            }
            ActorKind::Org if let Some(name) = self.designated(key, countries) => name,
            ActorKind::Org if let Some(body) = self.national_body(key, countries) => body,
            // "Orioles" for the one "Baltimore Orioles"; "Varnholt" for the one "Varnholt
            // Shipping Co". Not a place's name: the archive's one organisation starting
            // with "California" need not be the team a sports table calls so.
            // A name of several words is only the start of a longer one the archive names
            // more often: "Bank of England" stays itself beside a one-off "Bank of
            // England Robin Leigh-Pemberton".
            ActorKind::Org if !crate::actors::is_known_place(key) => self
                .most_named(ActorKind::Org, self.org_parts.get(key))
                .filter(|full| words.len() == 1 || self.count(kind, full) > self.count(kind, key))
                // "Reuters" is not its "Reuters Ottawa Bureau": the name of a part of an
                // organisation is not a longer name of the whole.
                .filter(|full| !ends_in_sub_unit(full))
                .or_else(|| self.body_of_board(key))
                // "Chrysler" beside "Chrysler Corp", "Chrysler Motors" and "Chrysler
                // Financial Corp": the company, named with its legal suffix.
                .or_else(|| (words.len() == 1).then(|| self.named_with_suffix(key))?)
                .unwrap_or_else(|| key.to_string()),
            ActorKind::Org => self.team_of_city(key).unwrap_or_else(|| key.to_string()),
            _ => key.to_string(),
        }
    }

    /// A place's name taken for an organisation ("Baltimore" in a baseball table) is the
    /// one team named by the place and a plural ("Baltimore Orioles", "Boston Red Sox"),
    /// among the organisations of articles that take some place for an organisation
    /// (sports reports, not the business copy of "Chicago Purchasing Managers"); not when
    /// two are ("Chicago": the White Sox and the Cubs), and not a company ("Baltimore Gas
    /// and Electric", "Boston Securities").
    fn team_of_city(&self, key: &str) -> Option<String> {
        let mut teams = self.org_parts.get(key)?.iter().filter(|full| {
            if !self.beside_city_orgs.contains(*full) {
                return false;
            }
            let Some(rest) = full.strip_prefix(key).and_then(|r| r.strip_prefix(' ')) else {
                return false;
            };
            let words: Vec<&str> = rest.split(' ').collect();
            let last = words.last().copied().unwrap_or("");
            (1..=2).contains(&words.len())
                && ((last.ends_with('s') || last == "sox")
                    && !last.ends_with("'s")
                    && (!crate::actors::is_org_word_ci(last)
                        || matches!(last, "rangers" | "rovers" | "wanderers"))
                    // Football clubs: "Norwich City", "Oldham Athletic", "Luton Town".
                    || (words.len() == 1
                        && matches!(last, "city" | "united" | "town" | "athletic" | "albion")))
                && !words.iter().any(|w| crate::actors::is_known_place(w))
        });
        let team = teams.next()?;
        teams.next().is_none().then(|| team.clone())
    }

    /// An organisation named after its country ("U.S. Federal Reserve", "U.K. Ministry
    /// of Agriculture") is the body the archive names without it: a body every country
    /// has, with the country ("Ministry of Agriculture (United Kingdom)"); another, after
    /// the country's abbreviation, the archive's name for it alone ("Federal Reserve"),
    /// when the archive names it so at least as often and after no other country. A
    /// country's full name before a name is mostly part of it ("Japan Socialist Party",
    /// "Canada Mortgage and Housing Corp"), and a name named after several countries
    /// ("Luxembourg Stock Exchange", "Korea Stock Exchange") is every country's. A name of
    /// one word after the country stays itself: "U.S. Congress" is not every "Congress".
    fn designated(&self, key: &str, countries: &[String]) -> Option<String> {
        let (first, rest) = key.split_once(' ')?;
        if !rest.contains(' ') {
            return None;
        }
        let country = crate::actors::designated_country(first)?;
        // (Only a body the archive can name: its own spelling, or the body's and the
        // country's.)
        if let Some(body) = self
            .national_body(&format!("{rest} ({country})"), countries)
            .filter(|body| {
                self.spelling(ActorKind::Org, body).is_some()
                    || self.owned_spelling(ActorKind::Org, body).is_some()
            })
        {
            return Some(body);
        }
        let only_this_country = self
            .designations
            .get(rest)
            .is_some_and(|c| c.len() == 1 && c.contains(&country));
        (first.contains('.')
            && only_this_country
            && self.count(ActorKind::Org, rest) >= self.count(ActorKind::Org, key)
            && !crate::actors::is_known_place(rest))
        .then(|| self.target(ActorKind::Org, rest, countries))
    }

    /// "Federal Reserve Board" is the Federal Reserve when the archive names the body
    /// more often than its board: news counts a board's decisions as its body's. A
    /// department likewise is its body when the archive names it so more often (one word
    /// will do: no organisation is named by the word alone that its department is not);
    /// the bodies every country has, "Treasury Department" among them, are named by
    /// [`Resolver::national_body`] first.
    fn body_of_board(&self, key: &str) -> Option<String> {
        let count = |k: &str| self.count(ActorKind::Org, k);
        let (body, words) = match key.strip_suffix(" board") {
            Some(body) => (body, 2),
            None => (key.strip_suffix(" department")?, 1),
        };
        (body.split(' ').count() >= words && count(body) > count(key)).then(|| body.to_string())
    }

    /// A body every country has, named as the archive names it: "Treasury Department"
    /// as "Treasury" when the archive names it so more often (with its country or
    /// without); a bare "Treasury" with its country when the article does not say it
    /// (extraction names a body with the country the article gives it): the country
    /// whose Treasury the archive names in three mentions of four and twice at least
    /// ("Treasury (United States)" in US wire copy), of the countries the article names
    /// when it names any (a Polish story's "Foreign Ministry" is not Germany's however
    /// often the archive names the German one). Else it stays bare. `None` for other
    /// names.
    fn national_body(&self, key: &str, countries: &[String]) -> Option<String> {
        let (base, owner) = split_owner(key);
        let body = self.department_body(base).unwrap_or(base);
        if !crate::actors::is_national_body(body) {
            return None;
        }
        let owner = match owner {
            Some(owner) => Some(owner.to_string()),
            None => self.owner_of(body, countries),
        };
        Some(match owner {
            Some(owner) => format!("{body} ({owner})"),
            None => body.to_string(),
        })
    }

    /// "treasury" for "treasury department" when the archive names the body by its
    /// one word more often than as a department, counting every country's.
    fn department_body<'k>(&self, key: &'k str) -> Option<&'k str> {
        let body = key.strip_suffix(" department")?;
        (!body.is_empty() && self.family(body) > self.family(key)).then_some(body)
    }

    /// Mentions of a body under its name, bare or with any country ("treasury",
    /// "treasury (japan)").
    fn family(&self, body: &str) -> u32 {
        self.count(ActorKind::Org, body) + self.owners(body).map(|(_, n)| n).sum::<u32>()
    }

    /// The countries whose body of this name the archive knows (the "(country)" of
    /// "treasury (japan)"), with the mentions of each.
    fn owners<'a>(&'a self, body: &str) -> impl Iterator<Item = (&'a str, u32)> + Clone {
        let prefix = format!("{body} (");
        self.mentions[kind_slot(ActorKind::Org)]
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
            .filter_map(move |(k, &n)| split_owner(k).1.map(|owner| (owner, n)))
    }

    /// Whose bare `body` an article's is (see [`Resolver::national_body`]).
    fn owner_of(&self, body: &str, countries: &[String]) -> Option<String> {
        let mut known: BTreeMap<&str, u32> = BTreeMap::new();
        let department = format!("{body} department");
        let departments = self.department_body(&department).is_some();
        let all = self
            .owners(body)
            .chain(self.owners(&department).filter(|_| departments));
        for (owner, n) in all {
            *known.entry(owner).or_default() += n;
        }
        if !countries.is_empty() {
            known.retain(|owner, _| countries.iter().any(|c| c == owner));
        }
        let total: u32 = known.values().sum();
        let (owner, &n) = known.iter().max_by_key(|&(_, n)| *n)?;
        (n >= 2 && n * 4 >= total * 3).then(|| (*owner).to_string())
    }

    /// The spelling of a body and its country that no article wrote as such ("Treasury
    /// (United States)" for a "Treasury" and a "Treasury Department (United States)"):
    /// the body's spelling and the country's.
    fn owned_spelling(&self, kind: ActorKind, key: &str) -> Option<String> {
        let (body, owner) = split_owner(key);
        let body = self.spelling(kind, body)?;
        let owner = self.spelling(ActorKind::Place, owner?)?;
        Some(format!("{body} ({owner})"))
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

/// Last words of the parts of an organisation (folded): "Reuters Ottawa Bureau", "Acme
/// Chemicals Division".
const SUB_UNITS: [&str; 7] = [
    "bureau", "newsroom", "desk", "division", "unit", "branch", "office",
];

/// Does a folded name end in a [`SUB_UNITS`] word ("reuters ottawa bureau")?
fn ends_in_sub_unit(name: &str) -> bool {
    name.rsplit(' ')
        .next()
        .is_some_and(|last| SUB_UNITS.contains(&last))
}

/// Second words of a two-word organisation named after the person who leads it ("Reagan
/// Administration"): its first word is that person, not the organisation's short name.
const LED_BY: [&str; 3] = ["administration", "government", "cabinet"];

/// The full name an acronym stands for in most mentions, when it does in at least three
/// of four: "EC" written beside "European Community" far more often than beside anything
/// else; "GM", the initials of General Motors Corp, far more often named than any other
/// organisation with those initials.
fn dominant(names: &BTreeMap<String, u32>) -> Option<String> {
    dominant_of(names.iter().map(|(name, &n)| (name, n))).cloned()
}

/// [`dominant`] over names and their counts, given twice over (to sum, then to choose).
fn dominant_of<'a, I>(names: I) -> Option<&'a String>
where
    I: Iterator<Item = (&'a String, u32)> + Clone,
{
    let total: u32 = names.clone().map(|(_, n)| n).sum();
    let (name, n) = names.max_by_key(|&(_, n)| n)?;
    (n * 4 >= total * 3).then_some(name)
}

/// A name and the owner in brackets at its end: ("treasury", Some("japan")) for
/// "treasury (japan)".
fn split_owner(key: &str) -> (&str, Option<&str>) {
    key.strip_suffix(')')
        .and_then(|k| k.rsplit_once(" ("))
        .map_or((key, None), |(name, owner)| (name, Some(owner)))
}

/// The index of a kind in per-kind tables.
fn kind_slot(kind: ActorKind) -> usize {
    match kind {
        ActorKind::Person => 0,
        ActorKind::Org => 1,
        ActorKind::Place => 2,
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
/// A dotted abbreviation gives all its letters ("U.S. Department of Agriculture" ->
/// "usda"). An owner in brackets is no part of them: "Agriculture Department (United
/// States)" goes by "ad", not "ads".
fn initials(name: &str) -> Vec<String> {
    let (name, _) = split_owner(name);
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    let dotted = |w: &str| w.len() > 2 && w.ends_with('.') && is_acronym(w);
    let ini = |ws: &[&str]| -> String {
        ws.iter()
            .flat_map(|w| {
                let n = if dotted(w) { usize::MAX } else { 1 };
                w.chars().filter(|c| c.is_alphabetic()).take(n)
            })
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
    // (Only letters beyond ASCII have diacritics to drop: an ASCII name is read as is.)
    let plain: std::borrow::Cow<'_, str> = if name.is_ascii() {
        std::borrow::Cow::Borrowed(name)
    } else {
        let mut plain = String::with_capacity(name.len());
        for c in name.chars() {
            match fold_char(c) {
                Some(s) => plain.push_str(s),
                None => plain.push(c),
            }
        }
        std::borrow::Cow::Owned(plain)
    };
    let trimmed = plain.trim_start();
    let bare = match trimmed.split_once(char::is_whitespace) {
        Some((the, rest)) if the.eq_ignore_ascii_case("the") => rest,
        _ => trimmed,
    };
    optional_dots(bare_company(office_first(crate::actors::merge_key(bare))))
}

/// A name without the full stops of the abbreviations that British style writes
/// without them: "st. louis" and "st louis", "al unser jr." and "al unser jr" are one.
fn optional_dots(key: String) -> String {
    const ABBREVIATIONS: [&str; 5] = ["st.", "mt.", "ft.", "jr.", "sr."];
    if !key.contains('.') {
        return key;
    }
    let dotted = |w: &str| ABBREVIATIONS.contains(&w);
    if !key.split(' ').any(dotted) {
        return key;
    }
    key.split(' ')
        .map(|w| if dotted(w) { &w[..w.len() - 1] } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A company's legal suffix, folded ("corp", "inc.").
fn is_legal_suffix(word: &str) -> bool {
    COMPANY_SUFFIXES.contains(&word)
}

/// A company's legal suffix or, outside English, legal form ("ag", "n.v.").
fn is_legal_form(word: &str) -> bool {
    is_legal_suffix(word)
        || matches!(
            word.trim_end_matches('.'),
            "ag" | "nv"
                | "n.v"
                | "sa"
                | "s.a"
                | "gmbh"
                | "bv"
                | "spa"
                | "pty"
                | "lp"
                | "kk"
                | "cie"
        )
}

/// Legal suffixes of companies, folded.
const COMPANY_SUFFIXES: [&str; 12] = [
    "co",
    "co.",
    "corp",
    "corp.",
    "corporation",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "plc",
    "llc",
    "company",
];

/// A company's name without its closing legal suffix or possessive, when two words or
/// more are left: "General Motors Corp" is "General Motors", "Standard and Poor's Corp"
/// is "Standard and Poor".
fn bare_company(mut key: String) -> String {
    // ("Kidder, Peabody and Co Inc": suffixes and the "and" before them, one by one.)
    if key.contains(',') {
        key.retain(|c| c != ',');
    }
    while let Some((rest, last)) = key.rsplit_once(' ') {
        let joiner = matches!(last, "and" | "&");
        if !(is_legal_suffix(last) || joiner) || !rest.contains(' ') {
            break;
        }
        key.truncate(rest.len());
    }
    if key.contains(' ') && key.ends_with("'s") {
        key.truncate(key.len() - 2);
    }
    // "Texaco Inc." is "Texaco Inc": a suffix left (after one word) with or without its
    // dot.
    if key.ends_with('.') && key.rsplit(' ').next().is_some_and(is_legal_suffix) {
        key.pop();
    }
    key
}

/// A department or ministry named after its field, in the one order of the two that news
/// writes ("department of agriculture" -> "agriculture department", "u.s. ministry of
/// finance" -> "u.s. finance ministry"): one office, one key.
fn office_first(key: String) -> String {
    // (Both patterns end in " of ": a key without it, nearly every one, is left at once.)
    if !key.as_bytes().windows(4).any(|w| w == b" of ") {
        return key;
    }
    for (office, office_of) in [
        ("department", "department of "),
        ("ministry", "ministry of "),
    ] {
        let Some(at) = key.find(office_of) else {
            continue;
        };
        if at > 0 && !key[..at].ends_with(' ') {
            continue;
        }
        let field = &key[at + office.len() + 4..];
        let field = field.strip_prefix("the ").unwrap_or(field);
        if field.is_empty() || field.contains(' ') {
            continue;
        }
        return format!("{}{field} {office}", &key[..at]);
    }
    key
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
        assert_eq!(fold("St. Louis"), fold("St Louis"));
        assert_eq!(fold("Al Unser Jr."), "al unser jr");
        // Other full stops stay: "U.S." is not "US".
        assert_eq!(fold("U.S. Steel"), "u.s. steel");
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

    fn names(out: &[Actor]) -> Vec<&str> {
        out.iter().map(|a| a.name.as_str()).collect()
    }

    fn weighted(name: &str, kind: ActorKind, forms: &[&str], mentions: u32) -> Actor {
        Actor {
            mentions,
            ..actor(name, kind, forms)
        }
    }

    #[test]
    fn an_acronym_is_asked_of_the_name_as_written() {
        use ActorKind::Org;
        // Folded, "Ltd" is "ltd", the initials of "Long-Term Debt".
        let out = resolved(&[
            vec![actor("LONG-TERM DEBT", Org, &["LONG-TERM DEBT"])],
            vec![actor("Ltd", Org, &["Ltd"])],
        ]);
        assert_eq!(names(&out[1]), ["Ltd"]);
    }

    /// Every case of one name goes one way: the spelling the archive writes most decides
    /// whether it is an acronym, so "Opec" and "opec" follow "OPEC" to its expansion, and
    /// a place tag given once to the cartel's name does not split it off.
    #[test]
    fn every_case_of_an_acronym_goes_to_its_expansion() {
        use ActorKind::{Org, Place};
        let out = resolved(&[
            vec![weighted(
                "Organisation of Rice Exporting Lands",
                Org,
                &["Organisation of Rice Exporting Lands", "OREL"],
                6,
            )],
            vec![weighted("OREL", Org, &["OREL"], 5)],
            vec![actor("Orel", Org, &["Orel"])],
            vec![actor("orel", Org, &["orel"])],
            vec![actor("Orel", Place, &["Orel"])],
        ]);
        for (i, article) in out.iter().enumerate() {
            assert_eq!(
                names(article),
                ["Organisation of Rice Exporting Lands"],
                "{i}"
            );
            assert_eq!(article[0].kind, Org, "{i}");
        }
    }

    /// An acronym some paper writes as a word ("Nato", "Opec") is still its name's initials.
    #[test]
    fn an_acronym_written_as_a_word_is_spelled_out() {
        use ActorKind::Org;
        let out = resolved(&[
            vec![actor(
                "Union of Polar Shipowners",
                Org,
                &["Union of Polar Shipowners", "Ups"],
            )],
            vec![actor("Ups", Org, &["Ups"])],
        ]);
        assert_eq!(names(&out[1]), ["Union of Polar Shipowners"]);
    }

    #[test]
    fn a_full_name_is_not_the_start_of_a_rarer_longer_one() {
        use ActorKind::Org;
        let out = resolved(&[
            vec![weighted(
                "Bank of Ruritania",
                Org,
                &["Bank of Ruritania"],
                9,
            )],
            vec![actor("Bank of Ruritania Olga Brandt", Org, &[])],
            vec![actor("Finance Ministry", Org, &["Finance Ministry"])],
            vec![actor("Finance Ministry Ordinance", Org, &[])],
        ]);
        assert_eq!(names(&out[0]), ["Bank of Ruritania"]);
        assert_eq!(names(&out[2]), ["Finance Ministry"]);
    }

    #[test]
    fn office_word_order_dotted_initials_and_legal_suffixes() {
        use ActorKind::Org;
        let out = resolved(&[
            vec![actor(
                "U.S. Department of Fisheries",
                Org,
                &["U.S. Department of Fisheries"],
            )],
            vec![weighted(
                "U.S. Fisheries Department",
                Org,
                &["U.S. Fisheries Department"],
                3,
            )],
            vec![actor("USDF", Org, &["USDF"])],
            vec![actor(
                "Varnholt Motors Corp",
                Org,
                &["Varnholt Motors Corp"],
            )],
            vec![actor("Varnholt Motors", Org, &["Varnholt Motors"])],
            vec![actor(
                "Quist's Rating Service Inc",
                Org,
                &["Quist's Rating Service Inc"],
            )],
            vec![actor("Quist", Org, &["Quist"])],
        ]);
        for (i, article) in out.iter().take(3).enumerate() {
            assert_eq!(names(article), ["U.S. Fisheries Department"], "{i}");
        }
        assert_eq!(names(&out[3]), names(&out[4]));
        assert_eq!(names(&out[6]), ["Quist's Rating Service Inc"]);
    }

    #[test]
    fn an_acronym_goes_to_the_expansion_it_mostly_stands_for() {
        use ActorKind::Org;
        let out = resolved(&[
            vec![weighted(
                "Baltic Fisheries Council",
                Org,
                &["Baltic Fisheries Council", "BFC"],
                8,
            )],
            vec![actor(
                "Baltic Forestry Conference",
                Org,
                &["Baltic Forestry Conference", "BFC"],
            )],
            vec![actor("BFC", Org, &["BFC"])],
            // An organisation named with the acronym is not its expansion.
            vec![weighted("NFC Council", Org, &["NFC Council", "NFC"], 5)],
            vec![actor("NFC", Org, &["NFC"])],
        ]);
        assert_eq!(names(&out[2]), ["Baltic Fisheries Council"]);
        assert_eq!(names(&out[4]), ["NFC"]);
    }

    /// Initials alone do not make an acronym written far more often than the name
    /// stand for it ("H.K. dollars" are not Henkel KGaA's); an article writing the two
    /// together, or a name written as often, does.
    #[test]
    fn an_acronym_far_commoner_than_its_initials_name_keeps_its_name() {
        use ActorKind::Org;
        let mut archive = vec![vec![actor("Hollis Kaplan AG", Org, &["Hollis Kaplan AG"])]];
        archive.extend((0..5).map(|_| vec![actor("H.K.", Org, &["H.K."])]));
        // Named as often as its acronym, apart.
        archive.push(vec![actor("Verdant Wool Co", Org, &["Verdant Wool Co"])]);
        archive.push(vec![actor("VWC", Org, &["VWC"])]);
        // Written far less often, but once beside it.
        archive.push(vec![
            actor("Tarn Rail Corp", Org, &["Tarn Rail Corp"]),
            actor("TRC", Org, &["TRC"]),
        ]);
        archive.extend((0..5).map(|_| vec![actor("TRC", Org, &["TRC"])]));
        let out = resolved(&archive);
        assert_eq!(names(&out[1]), ["H.K."]);
        assert_eq!(names(&out[7]), ["Verdant Wool Co"]);
        assert_eq!(names(&out[9]), ["Tarn Rail Corp"]);
    }

    /// An acronym that starts a company's name is that company: "USX" is "USX Corp",
    /// and "AFG", which an article wrote for "AFG Industries Inc", is that firm. Not a
    /// company the archive names far less often than the acronym (the rating "AAA"
    /// beside a one-off "AAA Corp"), nor what is no company ("NBC News").
    #[test]
    fn an_acronym_starting_a_company_s_name_is_the_company() {
        use ActorKind::Org;
        let mut archive = vec![
            vec![actor("USX Corp", Org, &["USX Corp"])],
            vec![actor("USX", Org, &["USX"])],
            vec![actor(
                "AFG Industries Inc",
                Org,
                &["AFG Industries Inc", "AFG"],
            )],
            vec![actor("AFG", Org, &["AFG"])],
            vec![actor("NBC News", Org, &["NBC News", "NBC"])],
            vec![actor("NBC", Org, &["NBC"])],
            vec![actor("AAA Corp", Org, &["AAA Corp"])],
        ];
        archive.extend((0..5).map(|_| vec![actor("AAA", Org, &["AAA"])]));
        let out = resolved(&archive);
        assert_eq!(names(&out[1]), ["USX Corp"]);
        assert_eq!(names(&out[3]), ["AFG Industries Inc"]);
        assert_eq!(names(&out[5]), ["NBC"]);
        assert_eq!(names(&out[7]), ["AAA"]);
    }

    /// A surname a gazetteer also knows as a town ("Obama", "Lawson") is the archive's
    /// one person so named when the archive writes it alone for that person and names
    /// the person far more often; a place our lists know stays a place.
    #[test]
    fn a_famous_surname_taken_for_a_town_is_the_person() {
        use ActorKind::{Person, Place};
        let mut archive: Vec<Vec<Actor>> = (0..2)
            .map(|_| {
                vec![
                    weighted("Tavi Orlam", Person, &["Tavi Orlam", "Orlam"], 5),
                    weighted("Nina Paris", Person, &["Nina Paris", "Paris"], 5),
                ]
            })
            .collect();
        archive.push(vec![actor("Orlam", Place, &["Orlam"])]);
        archive.push(vec![actor("Orlam", Place, &["Orlam"])]);
        archive.push(vec![actor("Paris", Place, &["Paris"])]);
        archive.push(vec![actor("Paris", Place, &["Paris"])]);
        let out = resolved(&archive);
        assert_eq!(names(&out[2]), ["Tavi Orlam"]);
        assert_eq!(out[2][0].kind, Person);
        assert_eq!(names(&out[4]), ["Paris"]);
        assert_eq!(out[4][0].kind, Place);
    }

    #[test]
    fn a_person_taken_for_an_organisation_is_the_person() {
        use ActorKind::{Org, Person};
        let out = resolved(&[
            vec![weighted(
                "Ada Whitaker",
                Person,
                &["Ada Whitaker", "Whitaker"],
                6,
            )],
            vec![weighted(
                "Ada Whitaker",
                Person,
                &["Ada Whitaker", "Whitaker"],
                3,
            )],
            // A page took her for her campaign, once in full and once by her surname.
            vec![actor("Ada Whitaker", Org, &["Ada Whitaker"])],
            vec![actor("Whitaker", Org, &["Whitaker"])],
            // A surname that starts a company's name named more often stays the firm's.
            vec![weighted("Karl Holloway", Person, &["Karl Holloway"], 2)],
            vec![weighted(
                "Holloway Shipping Co",
                Org,
                &["Holloway Shipping Co"],
                5,
            )],
            vec![actor("Holloway", Org, &["Holloway"])],
        ]);
        assert_eq!(
            (out[2][0].kind, out[2][0].name.as_str()),
            (Person, "Ada Whitaker")
        );
        assert_eq!(
            (out[3][0].kind, out[3][0].name.as_str()),
            (Person, "Ada Whitaker")
        );
        assert_eq!(out[6][0].kind, Org);
    }

    #[test]
    fn a_firm_taken_for_a_person_is_the_firm() {
        use ActorKind::{Org, Person};
        let out = resolved(&[
            vec![weighted(
                "Halvard, Quist and Co",
                Org,
                &["Halvard, Quist and Co"],
                4,
            )],
            vec![actor("Halvard", Person, &["Halvard"])],
            vec![weighted("Marlowe Ortis", Org, &["Marlowe Ortis Inc"], 3)],
            vec![actor("Marlowe Ortis", Person, &["Marlowe Ortis"])],
            // A surname of a person named more often stays the person's.
            vec![weighted("Anna Penhall", Person, &["Anna Penhall"], 9)],
            vec![actor("Penhall Trading Co", Org, &["Penhall Trading Co"])],
            vec![actor("Penhall", Person, &["Penhall"])],
        ]);
        assert_eq!(out[1][0].kind, Org);
        assert_eq!(out[1][0].name, "Halvard, Quist and Co");
        assert_eq!(out[3][0].kind, Org);
        assert_eq!(out[6][0].kind, Person);
        assert_eq!(out[6][0].name, "Anna Penhall");
    }

    #[test]
    fn a_board_is_counted_as_its_body() {
        use ActorKind::Org;
        let out = resolved(&[
            vec![weighted(
                "Baltic Reserve Bank",
                Org,
                &["Baltic Reserve Bank"],
                6,
            )],
            vec![actor("Baltic Reserve Bank Board", Org, &[])],
            // A board with no body of its own name stays itself.
            vec![actor("Harbour Planning Board", Org, &[])],
        ]);
        assert_eq!(names(&out[1]), ["Baltic Reserve Bank"]);
        assert_eq!(names(&out[2]), ["Harbour Planning Board"]);
    }

    #[test]
    fn a_city_taken_for_a_team_is_its_one_team() {
        use ActorKind::{Org, Place};
        let out = resolved(&[
            vec![
                actor("Baltimore Orioles", Org, &[]),
                actor("Baltimore", Org, &[]),
            ],
            vec![actor("Baltimore", Org, &[])],
            vec![
                actor("Chicago White Sox", Org, &[]),
                actor("Chicago Cubs", Org, &[]),
                actor("Chicago", Org, &[]),
            ],
            vec![actor("Chicago", Org, &[])],
            vec![
                actor("Denver Securities", Org, &[]),
                actor("Denver", Org, &[]),
            ],
            vec![actor("Baltimore", Place, &[])],
            // A name like a team's in an article that takes no place for an organisation.
            vec![actor("Toronto Herons", Org, &[])],
            vec![actor("Toronto", Org, &[])],
        ]);
        assert_eq!(names(&out[1]), ["Baltimore Orioles"]);
        // Two teams of one city: the city's name stays its own.
        assert_eq!(names(&out[3]), ["Chicago"]);
        // A company named after the city is no team.
        assert!(names(&out[4]).contains(&"Denver"), "{:?}", names(&out[4]));
        // The city itself stays a place.
        assert_eq!(names(&out[5]), ["Baltimore"]);
        assert_eq!(names(&out[7]), ["Toronto"]);
    }

    #[test]
    fn a_surname_with_its_particles_is_the_one_full_name() {
        use ActorKind::Person;
        let out = resolved(&[
            vec![actor("Aravinda de Silva", Person, &[])],
            vec![actor("Mauro Silva", Person, &[])],
            vec![actor("de Silva", Person, &[])],
            vec![actor("van Dijk", Person, &[])],
        ]);
        assert_eq!(names(&out[2]), ["Aravinda de Silva"]);
        // No full name ends so: the name stays as written.
        assert_eq!(names(&out[3]), ["van Dijk"]);
    }

    #[test]
    fn a_department_is_counted_as_its_body() {
        use ActorKind::Org;
        let out = resolved(&[
            vec![weighted("Treasury", Org, &["Treasury"], 3)],
            vec![actor("Treasury Department", Org, &[])],
            // No organisation "State": the department keeps its name.
            vec![actor("State Department", Org, &[])],
        ]);
        assert_eq!(names(&out[1]), ["Treasury"]);
        assert_eq!(names(&out[2]), ["State Department"]);
    }

    #[test]
    fn a_person_taken_for_a_firm_keeps_a_written_name() {
        use ActorKind::{Org, Person};
        let out = resolved(&[
            vec![actor("Morgan Grenfell", Org, &[])],
            vec![actor("Morgan Stanley", Org, &[])],
            vec![actor("Morgan", Person, &["Morgan"])],
        ]);
        // Neither firm is named far more often: the word stays, as written.
        assert_eq!(out[2][0].kind, Org);
        assert_eq!(out[2][0].name, "Morgan");
    }

    #[test]
    fn a_body_named_without_its_country_is_the_archive_s() {
        use ActorKind::{Org, Place};
        let us = || actor("United States", Place, &[]);
        let [canada, iraq, mexico] = ["Canada", "Iraq", "Mexico"].map(|c| actor(c, Place, &[]));
        let out = resolved(&[
            vec![
                weighted("Treasury (United States)", Org, &["Treasury"], 5),
                us(),
            ],
            vec![actor("Treasury Department (United States)", Org, &[])],
            vec![weighted("Treasury (Canada)", Org, &[], 2)],
            // No country: the archive's Treasury in three mentions of four.
            vec![actor("Treasury", Org, &[])],
            // Of the article's countries, the one whose Treasury the archive knows.
            vec![actor("Treasury", Org, &[]), iraq.clone(), us()],
            vec![actor("Treasury", Org, &[]), canada.clone(), iraq.clone()],
            // Two whose ministries the archive knows as well: whose it is stays untold.
            vec![weighted("Finance Ministry (Canada)", Org, &[], 2)],
            vec![weighted("Finance Ministry (Mexico)", Org, &[], 2)],
            vec![actor("Finance Ministry", Org, &[]), canada, mexico],
            // One mention is too little to go by.
            vec![actor("Interior Ministry (Ruritania)", Org, &[])],
            vec![actor("Interior Ministry", Org, &[])],
            // Nor is the body of a country the article does not name.
            vec![weighted("Foreign Ministry (Germany)", Org, &[], 2)],
            vec![actor("Foreign Ministry", Org, &[]), iraq],
        ]);
        assert_eq!(names(&out[1]), ["Treasury (United States)"]);
        assert_eq!(names(&out[3]), ["Treasury (United States)"]);
        assert_eq!(names(&out[4])[0], "Treasury (United States)");
        assert_eq!(names(&out[5])[0], "Treasury (Canada)");
        assert_eq!(names(&out[8])[0], "Finance Ministry");
        assert_eq!(names(&out[10]), ["Interior Ministry"]);
        assert_eq!(names(&out[12])[0], "Foreign Ministry");
    }

    #[test]
    fn a_name_is_not_its_bureau() {
        let out = resolved(&[
            vec![actor(
                "Kelder News Ottawa Bureau",
                ActorKind::Org,
                &["Kelder News Ottawa Bureau"],
            )],
            vec![actor("Varnholt", ActorKind::Org, &["Varnholt"])],
            vec![actor(
                "Varnholt Shipping Co",
                ActorKind::Org,
                &["Varnholt Shipping Co"],
            )],
            vec![actor("Kelder", ActorKind::Org, &["Kelder"])],
        ]);
        assert_eq!(names(&out[1]), ["Varnholt Shipping Co"]);
        assert_eq!(names(&out[3]), ["Kelder"]);
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
