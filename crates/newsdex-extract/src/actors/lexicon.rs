//! The word lists behind actor classification, parsed once from the plain-text files in
//! `src/lexicon/` (each says where it comes from) into hash sets of `&'static str`.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Every list, built on first use and shared for the life of the process; its size is
/// fixed by the files, never by the articles seen.
pub(crate) struct Lexicon {
    /// Countries and territories, as written.
    pub countries: HashSet<&'static str>,
    /// Countries plus cities, regions, continents, as written.
    pub places: HashSet<&'static str>,
    /// Lowercased places, for ALL-CAPS headlines and datelines.
    pub places_lower: HashSet<String>,
    /// Lowercased countries.
    pub countries_lower: HashSet<String>,
    /// Common given names.
    pub given: HashSet<&'static str>,
    /// Nationality adjectives.
    pub demonyms: HashSet<&'static str>,
    /// Organisation head nouns and legal suffixes.
    pub org_words: HashSet<&'static str>,
    /// Well-known organisations, as written.
    pub orgs: HashSet<&'static str>,
    /// Lowercased well-known organisations.
    pub orgs_lower: HashSet<String>,
    /// Role and title words, lowercase.
    pub roles: HashSet<&'static str>,
    /// Common words, months and weekdays, lowercase.
    pub common: HashSet<&'static str>,
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
        let countries: HashSet<&str> = lines(include_str!("../lexicon/countries.txt")).collect();
        let mut places: HashSet<&str> = lines(include_str!("../lexicon/places.txt")).collect();
        places.extend(countries.iter().copied());
        let orgs: HashSet<&str> = lines(include_str!("../lexicon/known_orgs.txt")).collect();
        Lexicon {
            places_lower: places.iter().map(|p| p.to_lowercase()).collect(),
            countries_lower: countries.iter().map(|p| p.to_lowercase()).collect(),
            orgs_lower: orgs.iter().map(|p| p.to_lowercase()).collect(),
            countries,
            places,
            orgs,
            given: words(include_str!("../lexicon/given_names.txt")).collect(),
            demonyms: words(include_str!("../lexicon/demonyms.txt")).collect(),
            org_words: lines(include_str!("../lexicon/org_words.txt")).collect(),
            roles: lines(include_str!("../lexicon/roles.txt")).collect(),
            common: words(include_str!("../lexicon/common_words.txt")).collect(),
        }
    })
}

/// Calls `f` with `s` lowercased, on the stack when it is short ASCII (the usual case),
/// so that per-token lookups do not allocate.
pub(crate) fn with_lower<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 48];
    if s.is_ascii() && s.len() <= buf.len() {
        let b = &mut buf[..s.len()];
        b.copy_from_slice(s.as_bytes());
        b.make_ascii_lowercase();
        if let Ok(l) = std::str::from_utf8(b) {
            return f(l);
        }
    }
    f(&s.to_lowercase())
}

impl Lexicon {
    /// A common word, month or weekday, whatever its case.
    pub fn is_common(&self, s: &str) -> bool {
        with_lower(s, |l| self.common.contains(l))
    }

    /// A role or title word, whatever its case.
    pub fn is_role(&self, s: &str) -> bool {
        with_lower(s, |l| self.roles.contains(l))
    }

    /// A place, whatever its case ("BRUSSELS").
    pub fn is_place_ci(&self, s: &str) -> bool {
        self.places.contains(s) || with_lower(s, |l| self.places_lower.contains(l))
    }

    /// A country, whatever its case ("JAPAN").
    pub fn is_country_ci(&self, s: &str) -> bool {
        self.countries.contains(s) || with_lower(s, |l| self.countries_lower.contains(l))
    }

    /// A well-known organisation, whatever its case.
    pub fn is_org_ci(&self, s: &str) -> bool {
        self.orgs.contains(s) || with_lower(s, |l| self.orgs_lower.contains(l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse() {
        let lx = get();
        assert!(lx.countries.contains("Armenia"));
        assert!(lx.places.contains("Yerevan"));
        assert!(lx.places.contains("Armenia"));
        assert!(lx.is_place_ci("BRUSSELS"));
        assert!(lx.given.contains("Maria"));
        assert!(lx.demonyms.contains("Russian"));
        assert!(lx.org_words.contains("Ministry"));
        assert!(lx.is_role("President"));
        assert!(lx.is_common("However"));
        assert!(!lx.places.iter().any(|p| p.starts_with('#')));
    }
}
