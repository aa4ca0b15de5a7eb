//! Where an article refers to each of its actors: every occurrence of a form it was
//! found under and, for a country, of the nationality adjective that names it ("Iraqi
//! troops" refers to Iraq).
//!
//! This is for showing and scoring where actors are, not for finding them: it reads
//! the actors extraction returned and adds none.

use std::collections::BTreeMap;

use crate::types::{Actor, ActorKind, ActorMention};

use super::lexicon::{self, FastMap, FastSet};

/// For each of `actors` (as [`crate::extract()`] returned them for `text`), where `text`
/// refers to it, in text order.
///
/// - A form is found as a whole word (not inside a longer word, starting with a letter
///   or digit), its spaces matching any run of white space. The text is read once,
///   whatever the number of actors.
/// - A country is also referred to by its nationality adjective ("Iraqi", "IRAQI"), except
///   where the adjective starts a longer name ("American Express", "Iraqi Kurdistan"; a
///   title such as "Iraqi President" is no name).
/// - Where two overlap, the longer wins ("Iraqi Airways" over "Iraqi"), then the actor
///   listed first.
///
/// ```
/// let text = "Iraqi troops left. Iraq said so.";
/// let found = newsdex_extract::extract(text, None);
/// let mentions = newsdex_extract::locate_mentions(text, &found.actors);
/// let iraq = found.actors.iter().position(|a| a.name == "Iraq").unwrap();
/// let spans: Vec<_> = mentions[iraq].iter().map(|m| (m.start, m.end)).collect();
/// assert_eq!(spans, [(0, 5), (19, 23)]);
/// ```
pub fn locate(text: &str, actors: &[Actor]) -> Vec<Vec<ActorMention>> {
    let lx = lexicon::get();
    // Every form to look for (the actor, the form's words, and whether it is a
    // nationality adjective written as such), by its first word: the text is read once,
    // however many actors a long article has.
    let mut adjectives: Vec<String> = Vec::new();
    let mut by_first: ByFirst<'_> = FastMap::default();
    for (i, actor) in actors.iter().enumerate() {
        let forms: &[String] = if actor.forms.is_empty() {
            std::slice::from_ref(&actor.name)
        } else {
            &actor.forms
        };
        for (k, form) in forms.iter().enumerate() {
            if !forms[..k].contains(form) {
                add(&mut by_first, i, form, false);
            }
        }
    }
    // A country's adjectives, as written and in capitals (kept apart: the map borrows
    // them).
    let countries: Vec<(usize, &str)> = actors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == ActorKind::Place)
        .flat_map(|(i, a)| {
            lx.demonym_country
                .iter()
                .filter(move |&(_, &country)| country == a.name)
                .map(move |(&adjective, _)| (i, adjective))
        })
        .collect();
    adjectives.extend(countries.iter().map(|(_, a)| a.to_uppercase()));
    for (&(i, adjective), upper) in countries.iter().zip(&adjectives) {
        add(&mut by_first, i, adjective, true);
        add(&mut by_first, i, upper, false);
    }
    // (start, end, actor): every occurrence of every form.
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for start in word_starts(text) {
        let run = text[start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |n| start + n);
        // Each way the run may end a first word: before a character that is no letter
        // or digit ("U.S" and "U.S." in "U.S.,"), or at its end.
        for (cut, c) in text[start..run].char_indices().skip(1) {
            if !c.is_alphanumeric() {
                lookup(text, &by_first, start, start + cut, &lx.roles, &mut found);
            }
        }
        lookup(text, &by_first, start, run, &lx.roles, &mut found);
    }
    found.sort_by_key(|&(start, end, i)| (std::cmp::Reverse(end - start), i, start));
    // Taken spans, start -> (end, actor); they never overlap.
    let mut taken: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (start, end, i) in found {
        let overlaps = taken
            .range(..end)
            .next_back()
            .is_some_and(|(_, &(e, _))| e > start);
        if !overlaps {
            taken.insert(start, (end, i));
        }
    }
    let mut out = vec![Vec::new(); actors.len()];
    for (start, (end, i)) in taken {
        out[i].push(ActorMention::new(text[start..end].to_owned(), start, end));
    }
    out
}

/// Does the text after an adjective go on with a capitalised word on the same line that
/// is not a title ("Express" in "American Express", not "President")?
fn starts_a_name(after: &str, roles: &FastSet<&'static str>) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word: &str = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .next()
        .unwrap_or("");
    word.chars().next().is_some_and(char::is_uppercase)
        && !roles.contains(word.to_lowercase().as_str())
}

/// Forms to look for by their first word: (the actor, the form's other words, whether
/// it is a nationality adjective written as such).
type ByFirst<'a> = FastMap<&'a str, Vec<(usize, Vec<&'a str>, bool)>>;

/// Adds `form` of actor `i` under its first word.
fn add<'a>(by_first: &mut ByFirst<'a>, i: usize, form: &'a str, adjective: bool) {
    let mut words = form.split_whitespace();
    if let Some(first) = words.next() {
        by_first
            .entry(first)
            .or_default()
            .push((i, words.collect(), adjective));
    }
}

/// Where words may start: a letter or digit after anything else.
fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut prev_alnum = false;
    text.char_indices().filter_map(move |(i, c)| {
        let alnum = c.is_alphanumeric();
        let starts = alnum && !prev_alnum;
        prev_alnum = alnum;
        starts.then_some(i)
    })
}

/// The forms whose first word is `text[start..end]` and whose other words follow it,
/// each space of the form matching a run of white space, the last word not followed by
/// a letter or digit: into `found`.
fn lookup(
    text: &str,
    by_first: &ByFirst<'_>,
    start: usize,
    end: usize,
    roles: &FastSet<&'static str>,
    found: &mut Vec<(usize, usize, usize)>,
) {
    let Some(forms) = by_first.get(&text[start..end]) else {
        return;
    };
    for (i, rest, adjective) in forms {
        let mut stop = end;
        let mut whole = true;
        for word in rest {
            let gap = text[stop..]
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(text.len() - stop);
            if gap == 0 || !text[stop + gap..].starts_with(word) {
                whole = false;
                break;
            }
            stop += gap + word.len();
        }
        let whole = whole
            && !text[stop..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if whole && !(*adjective && starts_a_name(&text[stop..], roles)) {
            found.push((start, stop, *i));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(name: &str, kind: ActorKind, forms: &[&str]) -> Actor {
        let forms = forms.iter().map(|f| f.to_string()).collect();
        Actor::new(name.to_owned(), kind, forms, 1)
    }

    fn spans(text: &str, actors: &[Actor]) -> Vec<Vec<String>> {
        let located = locate(text, actors);
        for m in located.iter().flatten() {
            assert_eq!(text[m.start..m.end], m.text);
        }
        located
            .into_iter()
            .map(|ms| ms.into_iter().map(|m| m.text).collect())
            .collect()
    }

    #[test]
    fn forms_are_found_as_whole_words_across_line_breaks() {
        let text = "New\nYork rose. Yorkshire fell; New York fell.";
        let ny = actor("New York", ActorKind::Place, &["New York"]);
        assert_eq!(spans(text, &[ny]), [vec!["New\nYork", "New York"]]);
    }

    #[test]
    fn a_country_is_referred_to_by_its_adjective() {
        let text = "IRAQI TALKS\nIraqi troops and Iraqi President Saddam Hussein left Iraq.";
        let iraq = actor("Iraq", ActorKind::Place, &["Iraq"]);
        let saddam = actor("Saddam Hussein", ActorKind::Person, &["Saddam Hussein"]);
        assert_eq!(
            spans(text, &[iraq, saddam]),
            [
                vec!["IRAQI", "Iraqi", "Iraqi", "Iraq"],
                vec!["Saddam Hussein"]
            ]
        );
    }

    #[test]
    fn an_adjective_starting_a_longer_name_is_not_the_country() {
        let text = "American Express said the United States and American banks agreed.";
        let us = actor("United States", ActorKind::Place, &["United States"]);
        assert_eq!(spans(text, &[us]), [vec!["United States", "American"]]);
        // Nor is a person's or an organisation's, whatever their name.
        let text = "Iraqi officials met Iraq Petroleum.";
        let firm = actor("Iraq", ActorKind::Org, &["Iraq"]);
        assert_eq!(spans(text, &[firm]), [vec!["Iraq"]]);
    }

    #[test]
    fn a_form_ending_in_punctuation_is_found_before_more_of_it() {
        let text = "Prices in the U.S., Japan and U.S.A. rose; U.S.-made cars sold.";
        let us = actor("United States", ActorKind::Place, &["U.S.", "U.S.A."]);
        assert_eq!(spans(text, &[us]), [vec!["U.S.", "U.S.A.", "U.S."]]);
    }

    #[test]
    fn the_longer_of_two_overlapping_mentions_wins() {
        let text = "Iraqi Airways flew for Iraq.";
        let iraq = actor("Iraq", ActorKind::Place, &["Iraq"]);
        let airline = actor("Iraqi Airways", ActorKind::Org, &["Iraqi Airways"]);
        assert_eq!(
            spans(text, &[iraq, airline]),
            [vec!["Iraq"], vec!["Iraqi Airways"]]
        );
    }
}
