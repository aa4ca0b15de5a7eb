//! Actors: people, organisations and places, with their surface forms merged.
//!
//! The stages, in order:
//!
//! 1. [`tokens`]: the text is tokenised, hard-wrapped lines run on;
//! 2. [`doc`]: tokens are read line by line, each line with its mode (running text,
//!    title-case or capitals headline, results table) and each word with what the word
//!    lists ([`lexicon`], [`cues`]) say of it;
//! 3. [`credits`]: photo captions, credit lines and reporters' credits are read first;
//! 4. [`classify`]: runs of capitalised words become candidates, cut at roles and
//!    joiners, each classified by evidence from the lists, roles, context and shape;
//! 5. [`model`]: a perceptron trained on CoNLL-2003 train gives its opinion of each
//!    candidate's kind, the rules' decision one vote in it; then the items of one list
//!    take one kind ([`classify`]'s `lists`);
//! 6. [`merge`]: the mentions of one article are merged into actors (spellings,
//!    surnames, acronyms, headline words) and each actor gets the kind most of its
//!    evidence votes for.
//!
//! Across articles, [`crate::Resolver`] gives one entity one name.

use std::cell::Cell;
use std::ops::Range;

use crate::scratch;
use crate::types::Actor;

mod classify;
mod credits;
pub(crate) use credits::is_agency;
mod cues;
mod doc;
mod lexicon;
pub(crate) use lexicon::{FastMap, FastSet};
pub(crate) mod mentions;
mod merge;
mod model;
mod tokens;

/// The vectors [`find`] fills for every article, kept per thread (see [`scratch`]).
#[derive(Default)]
struct Buffers {
    toks: Vec<tokens::Token>,
    /// By content range: its last line runs on.
    runs_on: Vec<bool>,
    doc: doc::Buffers,
}

thread_local! {
    static BUFFERS: Cell<Buffers> = Cell::default();
}

/// The canonical name of a place or organisation known by several ("U.S.", "USA" ->
/// "United States"), the name extraction gives the actor; `None` for other names.
///
/// ```
/// assert_eq!(newsdex_extract::canonical_name("U.S."), Some("United States"));
/// assert_eq!(newsdex_extract::canonical_name("the fed"), None);
/// assert_eq!(newsdex_extract::canonical_name("Fed"), Some("Federal Reserve"));
/// ```
pub fn canonical_name(name: &str) -> Option<&'static str> {
    lexicon::get().canonical(&merge::key(name.trim()))
}

/// The key two forms of one actor share: case-folded, British and American spellings
/// made one ("Organisation"/"Organization"), typographic apostrophes made plain.
pub(crate) fn merge_key(s: &str) -> String {
    merge::key(s)
}

/// Is `name` a place on the project's lists ("Chicago", "JAPAN")?
pub(crate) fn is_known_place(name: &str) -> bool {
    lexicon::get().is_place_ci(name)
}

/// Is `name`, whatever its case, an organisation our lists know ("Kremlin", "NATO")?
pub(crate) fn is_known_org(name: &str) -> bool {
    lexicon::get().is_org_ci(name)
}

/// Is `w`, in lowercase, a compass word ("north", "southern")?
pub(crate) fn is_compass_word(w: &str) -> bool {
    cues::is_compass_lower(w)
}

/// Is `name` a country, whatever its case ("Japan", "united states")?
pub(crate) fn is_country(name: &str) -> bool {
    lexicon::get().is_country_ci(name)
}

/// The country a folded word before an organisation's name designates: by its name, an
/// abbreviation or its nationality ("japan", "u.s.", "french"), folded.
pub(crate) fn designated_country(word: &str) -> Option<String> {
    let lx = lexicon::get();
    match lx.canonical(word) {
        Some(name) if lx.is_country_ci(name) => Some(name.to_lowercase()),
        _ if lx.countries_lower.contains(word) => Some(word.to_owned()),
        _ => merge::nationality_country(word).map(str::to_lowercase),
    }
}

/// Is `name` a body every country has, named without its country ("Treasury", "Finance
/// Ministry", "Commerce Department"), whatever its case?
pub(crate) fn is_national_body(name: &str) -> bool {
    merge::national_body_ci(name)
}

/// Is `word` (lowercase) a particle of people's names ("de", "van", "der", "al")?
pub(crate) fn is_name_particle(word: &str) -> bool {
    classify::is_particle(word)
}

/// Is `word` (lowercase) a given name, of our lists or the census's ("john")?
pub(crate) fn is_given_name(word: &str) -> bool {
    model::is_given_name(word) || listed_as(word, lexicon::word::GIVEN)
}

/// Is `word` (lowercase) an organisation head noun or legal suffix ("airlines", "corp")?
pub(crate) fn is_org_word_ci(word: &str) -> bool {
    listed_as(word, lexicon::word::ORG_WORD)
}

/// Do the lists give `word` (lowercase), capitalised as they write it, the bit `bit`?
fn listed_as(word: &str, bit: u8) -> bool {
    let mut cap = String::with_capacity(word.len());
    let mut chars = word.chars();
    if let Some(c) = chars.next() {
        cap.extend(c.to_uppercase());
        cap.push_str(chars.as_str());
    }
    lexicon::get()
        .exact_bits
        .get(cap.as_str())
        .is_some_and(|b| b & bit != 0)
}

/// Finds the people, organisations and places named in `text[content]`, most mentioned
/// first.
pub(crate) fn find(text: &str, content: &[Range<usize>]) -> Vec<Actor> {
    let Buffers {
        mut toks,
        mut runs_on,
        doc,
    } = BUFFERS.take();
    scratch::clear(&mut toks);
    toks.reserve(text.len() / 5 + 16);
    let wrapped = tokens::hard_wrapped(text, content, &mut runs_on);
    let mut prev: Option<(&Range<usize>, bool)> = None;
    for (r, &ends_running) in content.iter().zip(&runs_on) {
        // A range that starts on the line after a line that runs on continues it, as
        // does one that opens in lowercase after a line that stops on a letter.
        let continues = prev.is_some_and(|(p, p_runs_on)| {
            let one_break = || {
                let gap = text.get(p.end..r.start).unwrap_or("");
                gap.trim_start().is_empty() && gap.matches('\n').count() == 1
            };
            // (The cheap test first: most ranges of unwrapped text open otherwise.)
            let lowercase = || {
                tokens::continues_lowercase(
                    text.get(p.clone()).unwrap_or(""),
                    text.get(r.clone()).unwrap_or(""),
                )
            };
            ((wrapped && p_runs_on) || lowercase()) && one_break()
        });
        tokens::tokenize(text, r.clone(), wrapped, continues, &mut toks);
        prev = Some((r, ends_running));
    }
    let doc = doc::Doc::new(text, &toks, doc);
    let mentions = classify::mentions(&doc);
    let mut actors = merge::resolve(&doc, mentions);
    if doc.nouns_capitalised {
        actors.retain(merge::known_in_noun_language);
    }
    let doc = doc.into_buffers();
    BUFFERS.set(Buffers { toks, runs_on, doc });
    actors
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::types::ActorKind;

    fn actors(text: &str) -> Vec<Actor> {
        let all = 0..text.len();
        find(text, std::slice::from_ref(&all))
    }

    fn actor<'a>(found: &'a [Actor], form: &str) -> &'a Actor {
        found
            .iter()
            .find(|a| a.forms.iter().any(|f| f == form))
            .unwrap_or_else(|| panic!("no actor with form {form:?} in {found:#?}"))
    }

    fn has_form(found: &[Actor], form: &str) -> bool {
        found.iter().any(|a| a.forms.iter().any(|f| f == form))
    }

    #[test]
    fn role_cue_marks_a_person_and_is_not_part_of_the_name() {
        let found = actors(
            "The Danish Prime Minister Karl Ostergaard arrived late. Trade envoy, \
             Wilma Quist, was already there.",
        );
        let karl = actor(&found, "Karl Ostergaard");
        assert_eq!(karl.kind, ActorKind::Person);
        assert_eq!(karl.forms, ["Karl Ostergaard"]);
        assert_eq!(actor(&found, "Wilma Quist").kind, ActorKind::Person);
        assert!(!has_form(&found, "Prime Minister Karl Ostergaard"));
        assert!(!has_form(&found, "Danish"));
    }

    #[test]
    fn role_name_of_country_is_a_person_and_a_place() {
        let found =
            actors("Talks went on. Foreign Minister Lena Varga of Hungary welcomed the step.");
        assert_eq!(actor(&found, "Lena Varga").kind, ActorKind::Person);
        assert_eq!(actor(&found, "Hungary").kind, ActorKind::Place);
        assert!(
            found.iter().all(|a| !a.name.contains("Minister")),
            "{found:?}"
        );
    }

    #[test]
    fn sentence_initial_plural_groups_are_not_names() {
        let found = actors("Negotiators said the deal held. Analysts agreed with Hanna Weller.");
        assert!(
            found
                .iter()
                .all(|a| a.name != "Negotiators" && a.name != "Analysts"),
            "{found:?}"
        );
        assert_eq!(actor(&found, "Hanna Weller").kind, ActorKind::Person);
    }

    #[test]
    fn sentence_initial_plurals_in_ers_are_groups_unless_a_surname() {
        let found = actors(
            "Prices fell. Traders said the market was quiet. Ann Rogers runs the desk. \
             Rogers said she was not worried. Bankers agreed.",
        );
        assert!(
            found
                .iter()
                .all(|a| a.name != "Traders" && a.name != "Bankers"),
            "{found:?}"
        );
        assert_eq!(actor(&found, "Ann Rogers").mentions, 2);
    }

    #[test]
    fn two_people_with_roles_in_one_run() {
        let found = actors(
            "KYIV — Danish Prime Minister Karl Ostergaard and Finnish President Aino Virta \
             met on Monday. Ostergaard spoke first.",
        );
        let karl = actor(&found, "Karl Ostergaard");
        assert_eq!(karl.kind, ActorKind::Person);
        assert_eq!(karl.forms, ["Karl Ostergaard", "Ostergaard"]);
        assert_eq!(actor(&found, "Aino Virta").kind, ActorKind::Person);
        assert!(!found.iter().any(|a| a.name.contains("Minister")));
    }

    #[test]
    fn role_before_an_organisation_keeps_the_organisation() {
        let found = actors("EU Farm Commissioner Hanna Weller met the Ruritanian Farm Ministry.");
        assert_eq!(actor(&found, "EU").kind, ActorKind::Org);
        assert_eq!(actor(&found, "Hanna Weller").kind, ActorKind::Person);
        assert_eq!(
            actor(&found, "Ruritanian Farm Ministry").kind,
            ActorKind::Org
        );
    }

    #[test]
    fn surname_merges_into_the_full_name() {
        let found = actors(
            "Foreign Minister Olga Brandt spoke first. Later, Brandt said the talks \
             would go on, and Brandt’s aides agreed.",
        );
        let olga = actor(&found, "Olga Brandt");
        assert_eq!(olga.name, "Olga Brandt");
        assert_eq!(olga.forms, ["Olga Brandt", "Brandt"]);
        assert_eq!(olga.mentions, 3);
        assert_eq!(found[0].name, "Olga Brandt");
    }

    #[test]
    fn acronym_merges_with_its_expansion() {
        let found = actors(
            "Members of the Northern Fisheries Council (NFC) met on Monday. The NFC said \
             quotas would fall.",
        );
        let nfc = actor(&found, "NFC");
        assert_eq!(nfc.kind, ActorKind::Org);
        assert_eq!(nfc.name, "Northern Fisheries Council");
        assert_eq!(nfc.forms, ["Northern Fisheries Council", "NFC"]);
        assert_eq!(nfc.mentions, 3);
    }

    #[test]
    fn british_and_american_spellings_are_one_actor() {
        let found = actors(
            "The Baltic Trade Organisation met in Riga. Critics of the Baltic Trade \
             Organization stayed away.",
        );
        let org = actor(&found, "Baltic Trade Organisation");
        assert_eq!(org.kind, ActorKind::Org);
        assert_eq!(
            org.forms,
            ["Baltic Trade Organisation", "Baltic Trade Organization"]
        );
        assert_eq!(actor(&found, "Riga").kind, ActorKind::Place);
    }

    #[test]
    fn possessives_are_not_part_of_the_form() {
        let found = actors("Armenia’s envoy met Peru's minister. Then Armenia's team left.");
        let armenia = actor(&found, "Armenia");
        assert_eq!(armenia.forms, ["Armenia"]);
        assert_eq!(armenia.mentions, 2);
        assert!(has_form(&found, "Peru"));
        assert!(!found
            .iter()
            .any(|a| a.forms.iter().any(|f| f.contains('\''))));
    }

    #[test]
    fn all_caps_headline_only_yields_known_names() {
        let found = actors(
            "NORWAY SAYS NORDIC FISHERIES COUNCIL STAYS OPEN TO ICELAND\n\
             Norway's government said the Nordic Fisheries Council would stay open. \
             Fisheries Minister Lars Dahl told reporters in Oslo.",
        );
        assert_eq!(actor(&found, "NORWAY").kind, ActorKind::Place);
        assert_eq!(actor(&found, "NORWAY").name, "Norway");
        let council = actor(&found, "NORDIC FISHERIES COUNCIL");
        assert_eq!(council.name, "Nordic Fisheries Council");
        assert_eq!(actor(&found, "ICELAND").kind, ActorKind::Place);
        for junk in ["SAYS", "STAYS OPEN", "OPEN", "NORWAY SAYS"] {
            assert!(!has_form(&found, junk), "{junk}");
        }
    }

    #[test]
    fn acronyms_stay_acronyms() {
        let found = actors("The CSTO met in Minsk. NATO did not comment.");
        assert_eq!(actor(&found, "CSTO").kind, ActorKind::Org);
        assert_eq!(actor(&found, "NATO").kind, ActorKind::Org);
        assert_eq!(actor(&found, "Minsk").kind, ActorKind::Place);
    }

    #[test]
    fn gazetteer_places_and_regions() {
        let found = actors(
            "Trade between Kazakhstan and Georgia grew, officials in Astana said, and \
             the South Caucasus gained most.",
        );
        for p in ["Kazakhstan", "Georgia", "Astana", "South Caucasus"] {
            assert_eq!(actor(&found, p).kind, ActorKind::Place, "{p}");
        }
    }

    #[test]
    fn organisation_head_nouns_and_suffixes() {
        let found = actors(
            "Shares in Halvorsen Shipping Ltd rose after the Central Bank of Utopia and \
             the Riverside Planning Committee approved the deal, the Daily Courier reported.",
        );
        for o in [
            "Halvorsen Shipping Ltd",
            "Central Bank of Utopia",
            "Riverside Planning Committee",
        ] {
            assert_eq!(actor(&found, o).kind, ActorKind::Org, "{o}");
        }
    }

    #[test]
    fn demonyms_and_sentence_starts_are_not_actors() {
        let found = actors(
            "However, Russian and Armenian officials met. Analysts said Kazakh media \
             ignored it.",
        );
        for junk in ["However", "Russian", "Armenian", "Analysts", "Kazakh"] {
            assert!(!has_form(&found, junk), "{junk}");
        }
    }

    #[test]
    fn a_sentence_opening_preposition_starts_no_name() {
        let found = actors(
            "Given Brazil's record crop, prices fell. Despite Moscow's denial, talks went \
             on. The Irish keeper Shay Given saved a penalty.",
        );
        for junk in ["Given Brazil", "Despite Moscow"] {
            assert!(!has_form(&found, junk), "{junk}");
        }
        assert_eq!(actor(&found, "Brazil").kind, ActorKind::Place);
        assert_eq!(actor(&found, "Moscow").kind, ActorKind::Place);
        // Not a common word: inside a name it stays.
        assert_eq!(actor(&found, "Shay Given").kind, ActorKind::Person);

        // A name that starts a sentence stays too.
        let found = actors(
            "The Irish keeper Shay Given saved a penalty. Given said he would stay. \
             Amid Faljaoui said the talks failed.",
        );
        let keeper = actor(&found, "Shay Given");
        assert!(
            keeper.forms.contains(&"Given".to_string()),
            "{:?}",
            keeper.forms
        );
        assert_eq!(keeper.mentions, 2);
        assert_eq!(actor(&found, "Amid Faljaoui").kind, ActorKind::Person);
    }

    #[test]
    fn results_lines_name_teams() {
        let found = actors(
            "SOCCER - ENGLISH LEAGUE RESULTS\nResults of matches on Saturday :\n\
             Leeds 2 Chelsea 1\nLiverpool 0 Everton 0\n",
        );
        for team in ["Leeds", "Chelsea", "Liverpool", "Everton"] {
            assert_eq!(actor(&found, team).kind, ActorKind::Org, "{team}");
        }
    }

    #[test]
    fn qualifiers_and_aliases_merge() {
        let found = actors(
            "The Norwegian Fisheries Agency said the Fisheries Agency would act. Officials \
             in the U.S. and in the United States agreed; the US said so too.",
        );
        // A body every country has is named with the country the text gives it.
        let agency = actor(&found, "Fisheries Agency");
        assert_eq!(agency.name, "Fisheries Agency (Norway)");
        assert_eq!(
            agency.forms,
            ["Norwegian Fisheries Agency", "Fisheries Agency"]
        );
        assert_eq!(agency.mentions, 2);
        let us = actor(&found, "U.S.");
        assert_eq!(us.kind, ActorKind::Place);
        assert_eq!(us.name, "United States");
        assert!(us.forms.contains(&"US".to_string()));
        // Named by its canonical name even where the article never writes it, so that
        // articles count as one actor; the forms stay as written.
        let found = actors("Officials in the U.S. agreed; the USA said so too.");
        let us = actor(&found, "U.S.");
        assert_eq!(us.name, "United States");
        assert_eq!(us.forms, ["U.S.", "USA"]);
    }

    #[test]
    fn wrapped_wire_copy_keeps_names_whole() {
        let text =
            "WASHINGTON, March 2 - The talks were led by U.S. trade representative Clayton\n\
                    Yeutter, who told reporters in New York on Monday that a deal with the\n\
                    Japanese was near, but that the two sides had not agreed on any of the\n\
                    details and that more talks would be needed before the end of the month\n";
        let found = actors(text);
        assert_eq!(actor(&found, "Clayton Yeutter").kind, ActorKind::Person);
        assert_eq!(actor(&found, "WASHINGTON").kind, ActorKind::Place);
    }

    #[test]
    fn a_capital_letter_at_the_end_makes_a_label() {
        let found = actors("The board offered Class B shares and Series C notes. Malcolm X spoke.");
        assert!(
            found
                .iter()
                .all(|a| !a.name.starts_with("Class") && !a.name.starts_with("Series")),
            "{found:?}"
        );
        assert_eq!(actor(&found, "Malcolm X").kind, ActorKind::Person);
    }

    #[test]
    fn a_known_name_in_capitals_only_is_named_as_written() {
        let found = crate::extract(
            "TOKYO DEALERS WAIT FOR BANK OF ENGLAND\n\nDealers said the market was quiet.",
            None,
        )
        .actors;
        assert_eq!(actor(&found, "TOKYO").name, "Tokyo");
        assert_eq!(actor(&found, "BANK OF ENGLAND").name, "Bank of England");
    }

    #[test]
    fn a_place_and_a_common_word_is_no_organisation() {
        let found = actors(
            "The U.S. Dollar fell as the dollar met resistance. The Kenya National \
             Shipping said national shipping rates rose.",
        );
        assert!(!has_form(&found, "U.S. Dollar"), "{found:?}");
        // A longer name after the place stays an organisation.
        assert_eq!(
            actor(&found, "Kenya National Shipping").kind,
            ActorKind::Org
        );
    }

    #[test]
    fn company_words_in_other_languages_make_organisations() {
        let found = actors(
            "The loan was led by Banque Varnier. Credit Ostrand joined it, with Societe \
             Quist; Gruppo Ferri stayed out. Statistics Ruritania said exports rose.",
        );
        for name in [
            "Banque Varnier",
            "Credit Ostrand",
            "Societe Quist",
            "Gruppo Ferri",
            "Statistics Ruritania",
        ] {
            assert_eq!(actor(&found, name).kind, ActorKind::Org, "{name}");
        }
    }

    #[test]
    fn a_role_before_a_company_name_keeps_the_company() {
        let found = actors(
            "The bank is issuing a bond, lead manager Varnholt International Ltd said. \
             Sugar imports rose, and the Treasury said the budget was balanced.",
        );
        assert_eq!(
            actor(&found, "Varnholt International Ltd").kind,
            ActorKind::Org
        );
        assert!(
            found.iter().all(|a| a.kind != ActorKind::Person),
            "{found:?}"
        );
        // The person a role names, and the company they work for.
        let found = actors("Shares fell, analyst Peter Quist of Varnholt Securities Inc said.");
        assert_eq!(actor(&found, "Peter Quist").kind, ActorKind::Person);
        assert_eq!(
            actor(&found, "Varnholt Securities Inc").kind,
            ActorKind::Org
        );
    }

    #[test]
    fn an_office_after_of_the_belongs_to_the_role() {
        let found = actors(
            "Chancellor of the Exchequer Nigel Farrow said rates would hold. The \
             Secretary of the Ruritanian Treasury agreed, and Farrow left for Paris.",
        );
        let farrow = actor(&found, "Nigel Farrow");
        assert_eq!(farrow.kind, ActorKind::Person);
        assert_eq!(farrow.forms, ["Nigel Farrow", "Farrow"]);
        assert!(!has_form(&found, "Treasury"), "{found:?}");
    }

    #[test]
    fn a_company_s_first_word_stands_for_the_company() {
        let found = actors(
            "Varnholt Shipping Co said on Monday it would sell two ferries. Varnholt said \
             the sale would close in June, and Varnholt added that no jobs would go.",
        );
        let company = actor(&found, "Varnholt Shipping Co");
        assert_eq!(company.kind, ActorKind::Org);
        assert_eq!(company.forms, ["Varnholt Shipping Co", "Varnholt"]);
        assert_eq!(company.mentions, 3);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn a_person_named_like_a_company_stays_a_person() {
        // A role makes the bare word a person; a demonym is no name at all.
        let found = actors(
            "Varnholt Shipping Co said on Monday it would sell two ferries. Chairman \
             Varnholt said the sale would close in June. The Russian Foreign Ministry \
             said Russian buyers were interested.",
        );
        assert_eq!(
            actor(&found, "Varnholt Shipping Co").forms,
            ["Varnholt Shipping Co"]
        );
        assert_eq!(actor(&found, "Varnholt").kind, ActorKind::Person);
        assert_eq!(
            actor(&found, "Russian Foreign Ministry").forms,
            ["Russian Foreign Ministry"]
        );
        // An administration is named after the person who leads it.
        let found = actors(
            "The Okafor Administration said it would veto the bill. Okafor said the \
             bill would cost too much.",
        );
        assert_eq!(
            actor(&found, "Okafor Administration").forms,
            ["Okafor Administration"]
        );
    }

    #[test]
    fn wire_copy_without_its_dateline_keeps_the_first_name_whole() {
        // "WASHINGTON, March 2 - " was cut from the first line, which is short now.
        let text = "Harbour talks resume\n\n\
                    Port Authority chairman Lena\n\
                    Varga said on Tuesday that the talks with the shipping lines would\n\
                    resume next week, after two months in which neither side had moved\n\
                    on the fees charged for each container landed at the southern quays\n\
                    of the harbour, and that the ministry would send a mediator to them\n";
        let found = crate::extract(text, None).actors;
        assert_eq!(actor(&found, "Lena Varga").kind, ActorKind::Person);
        assert!(
            !has_form(&found, "Lena") && !has_form(&found, "Varga"),
            "{found:?}"
        );
    }

    #[test]
    fn a_holiday_alone_is_a_date_not_a_name() {
        let found = actors(
            "Dealers expect rates to ease by Easter. The bill should pass before the \
             Christmas recess, Senator Hanna Weller said.",
        );
        for junk in ["Easter", "Christmas"] {
            assert!(!has_form(&found, junk), "{junk}: {found:?}");
        }
        assert_eq!(actor(&found, "Hanna Weller").kind, ActorKind::Person);
    }

    #[test]
    fn a_bracketed_word_and_a_legal_suffix_stay_in_the_company_name() {
        let found = actors(
            "Varnholt Trading (Holdings) Ltd said it sold its stake. Later, Quist \
             Shipping (Europe) Corp said it bought it.",
        );
        for name in [
            "Varnholt Trading (Holdings) Ltd",
            "Quist Shipping (Europe) Corp",
        ] {
            assert_eq!(actor(&found, name).kind, ActorKind::Org, "{name}");
        }
        for junk in ["Ltd", "Corp", "Europe", "Holdings"] {
            assert!(!has_form(&found, junk), "{junk}: {found:?}");
        }
    }

    #[test]
    fn a_partnership_named_with_a_comma_is_one_company() {
        let found = actors(
            "The notes were priced by Halvard, Quist and Co Inc, the lead manager. Dealers \
             at Marlowe Ortis, Penhall Brandt and Co said demand was strong.",
        );
        assert_eq!(
            actor(&found, "Halvard, Quist and Co Inc").kind,
            ActorKind::Org
        );
        assert_eq!(
            actor(&found, "Marlowe Ortis, Penhall Brandt and Co").kind,
            ActorKind::Org
        );
        for junk in ["Halvard", "Marlowe Ortis"] {
            assert!(!has_form(&found, junk), "{junk}: {found:?}");
        }
        // A place before the comma starts no partnership.
        let found = actors("In Norway, Quist and Co said prices rose.");
        assert_eq!(actor(&found, "Norway").kind, ActorKind::Place);
    }

    #[test]
    fn two_names_owning_together_or_before_a_suffix_are_one_firm() {
        let found = actors(
            "The bonds are rated AA by Halvard and Quist's Corp, the agency. Dealers said Halvard \
             and Quist's view was widely shared.",
        );
        let firm = actor(&found, "Halvard and Quist's Corp");
        assert_eq!(firm.kind, ActorKind::Org);
        assert_eq!(actor(&found, "Halvard and Quist").kind, ActorKind::Org);
        for junk in ["Corp", "Quist", "Halvard"] {
            assert!(!has_form(&found, junk), "{junk}: {found:?}");
        }
        // Two countries own things jointly and stay two.
        let found = actors("Norway and Sweden's fishing fleets stayed in port.");
        assert_eq!(actor(&found, "Norway").kind, ActorKind::Place);
        assert_eq!(actor(&found, "Sweden").kind, ActorKind::Place);
    }

    #[test]
    fn a_bare_head_noun_is_the_article_s_one_body_named_with_it() {
        let found = actors(
            "The Baltic Fisheries Commission met in Riga. The Commission said quotas \
             would fall, and the Nordic Investment Bank agreed. The Bank lent more.",
        );
        let commission = actor(&found, "Baltic Fisheries Commission");
        assert_eq!(
            commission.forms,
            ["Baltic Fisheries Commission", "Commission"]
        );
        let bank = actor(&found, "Nordic Investment Bank");
        assert_eq!(bank.forms, ["Nordic Investment Bank", "Bank"]);
        // With no body of that name, the word names none.
        let found = actors("Prices fell. The Commission said quotas would fall.");
        assert!(!has_form(&found, "Commission"), "{found:?}");
    }

    #[test]
    fn an_organisation_and_a_person_in_one_run_are_two() {
        let found = actors(
            "The talks were led by the Governor of the Bank of Ruritania Olga Brandt. \
             Later the Nordic Investment Bank Anna Lind said rates would hold.",
        );
        assert_eq!(actor(&found, "Bank of Ruritania").kind, ActorKind::Org);
        assert_eq!(actor(&found, "Olga Brandt").kind, ActorKind::Person);
        assert_eq!(actor(&found, "Nordic Investment Bank").kind, ActorKind::Org);
        assert_eq!(actor(&found, "Anna Lind").kind, ActorKind::Person);
        assert!(
            !found
                .iter()
                .any(|a| a.name.contains("Brandt") && a.kind == ActorKind::Org),
            "{found:?}"
        );
    }

    #[test]
    fn a_party_label_before_a_lowercase_role_is_no_part_of_the_name() {
        let found = actors(
            "Senate Republican leader Mitch Hale said the vote would wait. The Senate \
             Democratic whip disagreed.",
        );
        assert_eq!(actor(&found, "Senate").kind, ActorKind::Org);
        assert_eq!(actor(&found, "Mitch Hale").kind, ActorKind::Person);
        for junk in ["Senate Republican", "Senate Democratic"] {
            assert!(!has_form(&found, junk), "{junk}: {found:?}");
        }
    }

    #[test]
    fn a_group_noun_opening_a_sentence_is_not_part_of_the_name() {
        let found = actors(
            "Drugmakers Varnholt and Quist Pharma said trials went well. Regulators \
             Hanna Weller and Ivo Markovic agreed.",
        );
        assert!(
            found
                .iter()
                .all(|a| !a.name.starts_with("Drugmakers") && !a.name.starts_with("Regulators")),
            "{found:?}"
        );
        assert_eq!(actor(&found, "Hanna Weller").kind, ActorKind::Person);
    }

    #[test]
    fn a_bill_is_no_actor_but_a_person_named_bill_is() {
        let found = actors(
            "Parliament passed the Harbour Dues Bill on Monday. Bill Varga, who drafted \
             it, said Bill would not comment further.",
        );
        assert!(!has_form(&found, "Harbour Dues Bill"), "{found:?}");
        assert_eq!(actor(&found, "Bill Varga").kind, ActorKind::Person);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "[A-Za-zÜüÅ’'\\-. ,()\n0-9:]{0,200}") {
            let found = actors(&text);
            for a in &found {
                proptest::prop_assert!(!a.forms.is_empty());
                proptest::prop_assert!(a.mentions >= 1);
            }
        }
    }

    #[test]
    fn in_joins_only_organisation_names() {
        let found = actors(
            "The Organization for Security and Co-operation in Europe (OSCE) met. Later \
             U.S. Secretary of State Anna Price met Ivo Markovic in Zagreb.",
        );
        let osce = actor(&found, "OSCE");
        assert_eq!(
            osce.forms,
            [
                "Organization for Security and Co-operation in Europe",
                "OSCE"
            ]
        );
        assert_eq!(actor(&found, "Anna Price").kind, ActorKind::Person);
        assert_eq!(actor(&found, "Zagreb").kind, ActorKind::Place);
        assert!(!has_form(&found, "Ivo Markovic in Zagreb"));
    }

    #[test]
    fn title_case_headlines_need_confirmation_but_short_sentences_do_not() {
        // A title-case headline: "Realities" and "Alliance" are not actors, the names
        // the body confirms are.
        let found = actors(
            "Cracks in the Alliance and New Realities for Astana\n\
             Officials in Astana said the Northern Alliance would meet.\n\
             Maria Lind said so.",
        );
        assert!(!has_form(&found, "New Realities"));
        assert!(!has_form(&found, "Cracks"));
        assert_eq!(actor(&found, "Astana").mentions, 2);
        assert_eq!(actor(&found, "Maria Lind").kind, ActorKind::Person);
    }

    #[test]
    fn headline_with_every_word_capitalised() {
        let found = actors(
            "Why Tbilisi Is Looking West\nOfficials in Tbilisi said the Georgian Peace \
             Council would meet.",
        );
        assert_eq!(actor(&found, "Tbilisi").mentions, 2);
        assert!(!has_form(&found, "Tbilisi Is Looking West"));
        assert!(!has_form(&found, "Looking West"));
        assert_eq!(actor(&found, "Georgian Peace Council").kind, ActorKind::Org);
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        assert!(actors("").is_empty());
        assert!(actors("’s ' ’ . - ( ) ALL").is_empty());
        let text = "He met Øystein Åsen in Zürich’s old town.";
        let found = actors(text);
        assert_eq!(actor(&found, "Øystein Åsen").kind, ActorKind::Person);
        assert_eq!(actor(&found, "Zürich").kind, ActorKind::Place);
    }
}
