//! The word lists behind actor classification, parsed once from the plain-text files in
//! `src/lexicon/` (each says where it comes from) into hash sets of `&'static str`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A small multiplicative hasher (the one rustc uses, "FxHash"): word lookups are the
/// inner loop of actor extraction and SipHash's protection against flooding buys nothing
/// for sets this small, built per article from text of bounded size.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(tail(rest));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The 1 to 7 bytes of `rest` as a little-endian number, zero-padded: the value
/// `u64::from_le_bytes` gives for them copied into eight zeros, read with two
/// overlapping loads instead of a copy of variable length (a call to `memcpy` per word
/// looked up, 2% of extraction's instructions).
#[inline]
fn tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
        u64::from(lo) | (u64::from(hi) << ((n - 4) * 8))
    } else {
        // One to three bytes: first, middle and last cover them all.
        let (a, b, c) = (rest[0], rest[n / 2], rest[n - 1]);
        u64::from(a) | (u64::from(b) << (8 * (n / 2))) | (u64::from(c) << (8 * (n - 1)))
    }
}

/// A hash set with [`FxHasher`].
pub(crate) type FastSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;
/// A hash map with [`FxHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Every list, built on first use and shared for the life of the process; its size is
/// fixed by the files, never by the articles seen.
pub(crate) struct Lexicon {
    /// Countries and territories, as written.
    pub countries: FastSet<&'static str>,
    /// Countries plus cities, regions, continents, as written.
    pub places: FastSet<&'static str>,
    /// The parts before the comma of places written with one ("Washington" of
    /// "Washington, D.C."), so that a name before a comma is asked about only when one
    /// starts so.
    pub comma_place_heads: FastSet<&'static str>,
    /// Lowercased places -> as written, for ALL-CAPS headlines and datelines.
    pub places_lower: FastMap<String, &'static str>,
    /// Lowercased countries.
    pub countries_lower: FastSet<String>,
    /// Common given names.
    pub given: FastSet<&'static str>,
    /// Nationality adjectives.
    pub demonyms: FastSet<&'static str>,
    /// Well-known organisations, as written.
    pub orgs: FastSet<&'static str>,
    /// Lowercased well-known organisations -> as written.
    pub orgs_lower: FastMap<String, &'static str>,
    /// Role and title words, lowercase.
    pub roles: FastSet<&'static str>,
    /// Common words, months and weekdays, lowercase.
    pub common: FastSet<&'static str>,
    /// Lowercased alias -> lowercased canonical name ("u.s." -> "united states").
    pub aliases: FastMap<String, String>,
    /// Lowercased canonical name -> the name as written ("united states" -> "United
    /// States").
    pub alias_names: FastMap<String, &'static str>,
    /// Single words as written -> [`word`] bits (head noun, given name, demonym), so that
    /// a capitalised word costs one lookup, not one per list.
    pub exact_bits: FastMap<&'static str, u8>,
    /// Lowercased single words -> [`word`] bits (role, common word).
    pub lower_bits: FastMap<&'static str, u8>,
    /// Well-known organisations whose name is a possessive, without the "'s" ("Moody"
    /// for "Moody's").
    pub possessive_orgs: FastSet<&'static str>,
    /// Lowercased first words of multi-word places and organisations ("new" for "New
    /// York"): only phrases starting with one are looked up in shouted headlines.
    pub multi_first: FastSet<String>,
    /// Nationality adjective -> the country it names, as the country list writes it
    /// ("Japanese" -> "Japan").
    pub demonym_country: FastMap<&'static str, &'static str>,
    /// The teams of the major leagues.
    pub teams: Vec<Team>,
}

/// A team of [`Lexicon::teams`], with its city and nickname as they are compared.
pub(crate) struct Team {
    pub sport: &'static str,
    pub city: &'static str,
    pub nickname: &'static str,
    city_key: String,
    nickname_key: String,
}

/// A city or nickname as teams are looked up: lowercase, full stops aside ("ST LOUIS"
/// and "St. Louis" alike).
fn team_key(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect()
}

/// What the lists say about one word, as bits of [`Lexicon::exact_bits`] and
/// [`Lexicon::lower_bits`].
pub(crate) mod word {
    /// An organisation head noun or legal suffix ("Ministry", "Corp").
    pub const ORG_WORD: u8 = 2;
    /// A role or title ("president").
    pub const ROLE: u8 = 4;
    /// A common given name ("Maria").
    pub const GIVEN: u8 = 8;
    /// A nationality adjective ("Russian").
    pub const DEMONYM: u8 = 16;
    /// A common word, month or weekday ("however").
    pub const COMMON: u8 = 32;
    /// A word news writes in lowercase ("corn", "wages"; `lowercase_words.txt`).
    pub const LOWERCASE: u8 = 64;
}

/// One entry per line (multi-word names), `#` starts a comment line.
fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Entries separated by whitespace (single-word lists written several to a line).
fn words(src: &'static str) -> impl Iterator<Item = &'static str> {
    lines(src).flat_map(str::split_whitespace)
}

/// The shared lexicon.
pub(crate) fn get() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let countries: FastSet<&str> = lines(include_str!("../lexicon/countries.txt")).collect();
        let mut places: FastSet<&str> = lines(include_str!("../lexicon/places.txt")).collect();
        places.extend(countries.iter().copied());
        let orgs: FastSet<&str> = lines(include_str!("../lexicon/known_orgs.txt")).collect();
        let org_words: FastSet<&str> = lines(include_str!("../lexicon/org_words.txt")).collect();
        let given: FastSet<&str> = words(include_str!("../lexicon/given_names.txt")).collect();
        let demonyms: FastSet<&str> = words(include_str!("../lexicon/demonyms.txt")).collect();
        let roles: FastSet<&str> = lines(include_str!("../lexicon/roles.txt")).collect();
        let common: FastSet<&str> = words(include_str!("../lexicon/common_words.txt")).collect();
        let lowercase: FastSet<&str> =
            lines(include_str!("../lexicon/lowercase_words.txt")).collect();
        let mut exact_bits: FastMap<&'static str, u8> = FastMap::default();
        for (set, bit) in [
            (&org_words, word::ORG_WORD),
            (&given, word::GIVEN),
            (&demonyms, word::DEMONYM),
        ] {
            for w in set.iter() {
                *exact_bits.entry(w).or_default() |= bit;
            }
        }
        let mut lower_bits: FastMap<&'static str, u8> = FastMap::default();
        for (set, bit) in [
            (&roles, word::ROLE),
            (&common, word::COMMON),
            (&lowercase, word::LOWERCASE),
        ] {
            for w in set.iter() {
                *lower_bits.entry(w).or_default() |= bit;
            }
        }
        let multi_first = places
            .iter()
            .chain(orgs.iter())
            .filter_map(|p| p.split_once(' ').map(|(first, _)| first.to_lowercase()))
            .collect();
        let possessive_orgs = orgs.iter().filter_map(|o| o.strip_suffix("'s")).collect();
        let demonym_country = lines(include_str!("../lexicon/demonym_countries.txt"))
            .filter_map(|l| l.split_once('='))
            .map(|(d, c)| (d.trim(), c.trim()))
            .collect();
        let teams = lines(include_str!("../lexicon/teams.txt"))
            .filter_map(|l| {
                let (sport, team) = l.split_once(':')?;
                let (city, nickname) = team.split_once('|')?;
                let (city, nickname) = (city.trim(), nickname.trim());
                Some(Team {
                    sport: sport.trim(),
                    city,
                    nickname,
                    city_key: team_key(city),
                    nickname_key: team_key(nickname),
                })
            })
            .collect();
        Lexicon {
            teams,
            demonym_country,
            possessive_orgs,
            multi_first,
            exact_bits,
            lower_bits,
            comma_place_heads: places
                .iter()
                .filter_map(|p| p.split_once(", ").map(|(head, _)| head))
                .collect(),
            places_lower: places.iter().map(|&p| (p.to_lowercase(), p)).collect(),
            countries_lower: countries.iter().map(|p| p.to_lowercase()).collect(),
            orgs_lower: orgs.iter().map(|&o| (o.to_lowercase(), o)).collect(),
            countries,
            places,
            orgs,
            given,
            demonyms,
            roles,
            common,
            alias_names: lines(include_str!("../lexicon/aliases.txt"))
                .filter_map(|l| l.split_once('='))
                .map(|(name, _)| (name.trim().to_lowercase(), name.trim()))
                .collect(),
            aliases: lines(include_str!("../lexicon/aliases.txt"))
                .filter_map(|l| l.split_once('='))
                .flat_map(|(name, alias)| {
                    let name = name.trim().to_lowercase();
                    alias
                        .split('|')
                        .map(move |a| (a.trim().to_lowercase(), name.clone()))
                })
                .collect(),
        }
    })
}

thread_local! {
    /// [`with_lower`]'s buffer, reused so that per-token lookups neither allocate nor
    /// validate UTF-8 again.
    static LOWER: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Calls `f` with `s` lowercased, in a reused buffer when it is short ASCII (the usual
/// case), so that per-token lookups do not allocate.
pub(crate) fn with_lower<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    if s.is_ascii() && s.len() <= 48 {
        // (A nested call, from within `f`, finds the buffer taken and allocates.)
        return LOWER.with(|cell| match cell.try_borrow_mut() {
            Ok(mut buf) => {
                buf.clear();
                buf.push_str(s);
                buf.make_ascii_lowercase();
                f(&buf)
            }
            Err(_) => f(&s.to_ascii_lowercase()),
        });
    }
    f(&s.to_lowercase())
}

impl Lexicon {
    /// The canonical name of a merge key that is an alias or a canonical name itself
    /// ("u.s." and "united states" -> "United States").
    pub fn canonical(&self, key: &str) -> Option<&'static str> {
        let key = self.aliases.get(key).map_or(key, String::as_str);
        self.alias_names.get(key).copied()
    }

    /// A common word, month or weekday, whatever its case.
    pub fn is_common(&self, s: &str) -> bool {
        with_lower(s, |l| self.common.contains(l))
    }

    /// A place, whatever its case ("BRUSSELS"). (One lookup, by the lowercased name: every
    /// place as written is among [`Lexicon::places_lower`] lowercased, and a first lookup
    /// as written mostly missed, as most names asked about are no place.)
    pub fn is_place_ci(&self, s: &str) -> bool {
        with_lower(s, |l| self.places_lower.contains_key(l))
    }

    /// Another name of a known place, as written ("Russian Federation" for Russia).
    pub fn is_place_alias(&self, s: &str) -> bool {
        with_lower(s, |l| {
            self.aliases
                .get(l)
                .is_some_and(|c| self.places_lower.contains_key(c))
        })
    }

    /// A country, whatever its case ("JAPAN"), by one lookup (as [`Lexicon::is_place_ci`]).
    pub fn is_country_ci(&self, s: &str) -> bool {
        with_lower(s, |l| self.countries_lower.contains(l))
    }

    /// A well-known organisation, whatever its case, by one lookup (as
    /// [`Lexicon::is_place_ci`]).
    pub fn is_org_ci(&self, s: &str) -> bool {
        with_lower(s, |l| self.orgs_lower.contains_key(l))
    }

    /// The team of `sport` a city or a nickname names, any case and full stops aside
    /// ("TORONTO", "Blue Jays" -> "Toronto Blue Jays"); `None` when the lists have no
    /// such team or the city has several ("New York").
    pub fn team(&self, sport: &str, name: &str) -> Option<String> {
        let wanted = team_key(name);
        let mut found: Option<&Team> = None;
        for team in self.teams.iter().filter(|t| t.sport == sport) {
            if team.city_key == wanted || team.nickname_key == wanted {
                let same = |f: &Team| f.city == team.city && f.nickname == team.nickname;
                if found.is_some_and(|f| !same(f)) {
                    return None;
                }
                found = Some(team);
            }
        }
        found.map(|t| format!("{} {}", t.city, t.nickname))
    }

    /// A known place or organisation as the lists write it ("JAPAN" -> "Japan").
    pub fn written(&self, s: &str) -> Option<&'static str> {
        with_lower(s, |l| {
            self.places_lower
                .get(l)
                .or_else(|| self.orgs_lower.get(l))
                .copied()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tail read gives the value of the bytes copied into eight zeros.
    #[test]
    fn tails_read_as_zero_padded_copies() {
        let bytes = [0x01u8, 0x82, 0x13, 0xf4, 0x25, 0x66, 0xa7];
        for n in 1..=7 {
            let mut b = [0u8; 8];
            b[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail(&bytes[..n]), u64::from_le_bytes(b), "{n} bytes");
        }
    }

    /// Every list file: its name, its text, and whether it has several entries a line.
    const FILES: &[(&str, &str, bool)] = &[
        ("aliases.txt", include_str!("../lexicon/aliases.txt"), false),
        (
            "census_given_names.txt",
            include_str!("../lexicon/census_given_names.txt"),
            false,
        ),
        (
            "census_surnames.txt",
            include_str!("../lexicon/census_surnames.txt"),
            false,
        ),
        (
            "common_words.txt",
            include_str!("../lexicon/common_words.txt"),
            true,
        ),
        (
            "countries.txt",
            include_str!("../lexicon/countries.txt"),
            false,
        ),
        (
            "demonym_countries.txt",
            include_str!("../lexicon/demonym_countries.txt"),
            false,
        ),
        (
            "demonyms.txt",
            include_str!("../lexicon/demonyms.txt"),
            true,
        ),
        (
            "geonames_places.txt",
            include_str!("../lexicon/geonames_places.txt"),
            false,
        ),
        (
            "given_names.txt",
            include_str!("../lexicon/given_names.txt"),
            true,
        ),
        (
            "known_orgs.txt",
            include_str!("../lexicon/known_orgs.txt"),
            false,
        ),
        (
            "lowercase_words.txt",
            include_str!("../lexicon/lowercase_words.txt"),
            false,
        ),
        (
            "org_words.txt",
            include_str!("../lexicon/org_words.txt"),
            false,
        ),
        ("places.txt", include_str!("../lexicon/places.txt"), false),
        ("roles.txt", include_str!("../lexicon/roles.txt"), false),
        ("teams.txt", include_str!("../lexicon/teams.txt"), false),
    ];

    /// The entries of a list file by section (the runs of entries between comments).
    fn sections(text: &str, several: bool) -> Vec<Vec<&str>> {
        let mut out = vec![Vec::new()];
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if line.starts_with('#') {
                if out.last().is_some_and(|s| !s.is_empty()) {
                    out.push(Vec::new());
                }
            } else if let Some(s) = out.last_mut() {
                if several {
                    s.extend(line.split_whitespace());
                } else {
                    s.push(line);
                }
            }
        }
        out
    }

    fn entries(name: &str) -> FastSet<String> {
        let (_, text, several) = FILES
            .iter()
            .find(|f| f.0 == name)
            .copied()
            .unwrap_or_default();
        sections(text, several)
            .into_iter()
            .flatten()
            .map(str::to_lowercase)
            .collect()
    }

    #[test]
    fn every_name_as_written_is_found_by_its_lowercase() {
        // `is_place_ci` and its kin look names up lowercased only.
        let lx = get();
        assert!(lx.places.iter().all(|p| lx.is_place_ci(p)));
        assert!(lx.orgs.iter().all(|o| lx.is_org_ci(o)));
        assert!(lx.countries.iter().all(|c| lx.is_country_ci(c)));
        assert!(lx.is_place_ci("BRUSSELS") && lx.is_country_ci("JAPAN"));
    }

    #[test]
    fn every_list_says_where_it_comes_from() {
        for (name, text, _) in FILES {
            assert!(text.starts_with('#'), "{name} has no provenance header");
        }
    }

    /// `scripts/lexicon-sort.py` puts a hand-written list in order after an edit.
    #[test]
    fn lists_are_sorted_and_free_of_duplicates() {
        for (name, text, several) in FILES {
            if *name == "aliases.txt" {
                continue;
            }
            let mut seen = FastSet::default();
            for section in sections(text, *several) {
                for pair in section.windows(2) {
                    assert!(
                        pair[0] < pair[1],
                        "{name}: {:?} before {:?}",
                        pair[0],
                        pair[1]
                    );
                }
                for e in section {
                    assert!(seen.insert(e), "{name}: {e:?} twice");
                }
            }
        }
    }

    /// A name has one kind, and a word is either ordinary or a name. The only words on
    /// two lists are there on purpose, each for the reason given.
    #[test]
    fn lists_do_not_contradict_each_other() {
        let intended: &[(&str, &str, &[&str])] = &[
            // Month abbreviation and given name ("Jan Siemerink"); "XI" a numeral.
            ("common_words.txt", "given_names.txt", &["jan", "xi"]),
            // Titles that are also ordinary words: "former", "Mr" alone name nobody.
            (
                "common_words.txt",
                "roles.txt",
                &["ceo", "cfo", "dr", "former", "mr", "mrs", "ms"],
            ),
            // Seas are places and adjectives ("Canadian Pacific" is a railway).
            (
                "demonyms.txt",
                "places.txt",
                &["atlantic", "baltic", "caspian", "mediterranean", "pacific"],
            ),
            // "press secretary" is a role, "Associated Press" an organisation.
            ("org_words.txt", "roles.txt", &["press"]),
            // "Ayatollah Ali Khamenei": a title, and in some names a given name.
            ("roles.txt", "given_names.txt", &["ayatollah"]),
            // The health agency is written in capitals ("WHO"), the pronoun is not; the
            // organisations list is matched as written.
            ("common_words.txt", "known_orgs.txt", &["who"]),
            // Likewise "US" and "us".
            ("common_words.txt", "countries.txt", &["us"]),
            // "Franco-German" and Franco Baresi.
            ("demonyms.txt", "given_names.txt", &["franco"]),
        ];
        let exclusive = [
            // One kind each: a person's name, an organisation, a place.
            ("given_names.txt", "known_orgs.txt"),
            ("given_names.txt", "countries.txt"),
            ("known_orgs.txt", "places.txt"),
            ("known_orgs.txt", "countries.txt"),
            ("places.txt", "countries.txt"),
            // Ordinary words are no names.
            ("common_words.txt", "given_names.txt"),
            ("common_words.txt", "known_orgs.txt"),
            ("common_words.txt", "countries.txt"),
            ("common_words.txt", "roles.txt"),
            ("common_words.txt", "org_words.txt"),
            ("demonyms.txt", "places.txt"),
            ("demonyms.txt", "countries.txt"),
            ("demonyms.txt", "given_names.txt"),
            ("org_words.txt", "roles.txt"),
            ("org_words.txt", "given_names.txt"),
            ("roles.txt", "given_names.txt"),
            // Words news writes in lowercase are no names either.
            ("lowercase_words.txt", "given_names.txt"),
            ("lowercase_words.txt", "known_orgs.txt"),
            ("lowercase_words.txt", "countries.txt"),
            ("lowercase_words.txt", "places.txt"),
            ("lowercase_words.txt", "roles.txt"),
            ("lowercase_words.txt", "org_words.txt"),
            ("lowercase_words.txt", "demonyms.txt"),
            ("lowercase_words.txt", "common_words.txt"),
        ];
        for (a, b) in exclusive {
            let allowed: FastSet<&str> = intended
                .iter()
                .filter(|(x, y, _)| (*x, *y) == (a, b))
                .flat_map(|(_, _, words)| words.iter().copied())
                .collect();
            let (ea, eb) = (entries(a), entries(b));
            let mut both: Vec<&String> = ea
                .intersection(&eb)
                .filter(|w| !allowed.contains(w.as_str()))
                .collect();
            both.sort();
            assert!(both.is_empty(), "{a} and {b} both hold {both:?}");
        }
        // An alias stands for one name, and no canonical name is another's alias.
        let lx = get();
        for (alias, name) in &lx.aliases {
            assert!(
                !lx.aliases.contains_key(name.as_str()) || lx.aliases[name.as_str()] == *name,
                "{alias} -> {name}, itself an alias"
            );
        }
    }

    #[test]
    fn every_demonym_names_a_listed_country() {
        let lx = get();
        assert!(lx.demonym_country.len() > 100);
        for (demonym, country) in &lx.demonym_country {
            assert!(
                lx.demonyms.contains(demonym),
                "{demonym} is not on demonyms.txt"
            );
            assert!(
                lx.countries.contains(country) || lx.canonical(&country.to_lowercase()).is_some(),
                "{demonym} = {country}: no such country"
            );
        }
    }

    #[test]
    fn lists_parse() {
        let lx = get();
        assert!(lx.countries.contains("Armenia"));
        assert!(lx.places.contains("Yerevan"));
        assert!(lx.places.contains("Armenia"));
        assert!(lx.is_place_ci("BRUSSELS"));
        assert!(lx.given.contains("Maria"));
        assert!(lx.demonyms.contains("Russian"));
        assert_eq!(lx.exact_bits.get("Ministry"), Some(&word::ORG_WORD));
        assert_eq!(lx.lower_bits.get("president"), Some(&word::ROLE));
        assert!(lx.is_common("However"));
        assert!(!lx.places.iter().any(|p| p.starts_with('#')));
        assert_eq!(
            lx.aliases.get("u.s.").map(String::as_str),
            Some("united states")
        );
        assert_eq!(lx.canonical("u.s."), Some("United States"));
        assert_eq!(lx.canonical("united states"), Some("United States"));
        assert_eq!(lx.canonical("armenia"), None);
        assert_eq!(lx.written("YEREVAN"), Some("Yerevan"));
        assert_eq!(lx.written("Nowhere Town"), None);
    }
}
