//! Where an article refers to each of its actors: every occurrence of a form it was
//! found under and, for a country, of the nationality adjective that names it ("Iraqi
//! troops" refers to Iraq).
//!
//! This is for showing and scoring where actors are, not for finding them: it reads
//! the actors extraction returned and adds none.

use std::collections::BTreeMap;

use crate::types::{Actor, ActorKind, ActorMention};

use super::lexicon;

/// For each of `actors` (as [`crate::extract()`] returned them for `text`), where `text`
/// refers to it, in text order.
///
/// - A form is found as a whole word (not inside a longer word), its spaces matching any
///   run of white space.
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
    // (start, end, actor): every occurrence of every form.
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (i, actor) in actors.iter().enumerate() {
        let forms: &[String] = if actor.forms.is_empty() {
            std::slice::from_ref(&actor.name)
        } else {
            &actor.forms
        };
        for (k, form) in forms.iter().enumerate() {
            if form.trim().is_empty() || forms[..k].contains(form) {
                continue;
            }
            for (start, end) in occurrences(text, form) {
                found.push((start, end, i));
            }
        }
        if actor.kind != ActorKind::Place {
            continue;
        }
        for (&adjective, _) in lx
            .demonym_country
            .iter()
            .filter(|&(_, &country)| country == actor.name)
        {
            for written in [adjective.to_owned(), adjective.to_uppercase()] {
                let shouted = written != adjective;
                for (start, end) in occurrences(text, &written) {
                    if shouted || !starts_a_name(&text[end..], &lx.roles) {
                        found.push((start, end, i));
                    }
                }
            }
        }
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
fn starts_a_name(after: &str, roles: &lexicon::FastSet<&'static str>) -> bool {
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

/// Where `form` occurs in `text` as whole words: not preceded or followed by a letter or
/// digit, each space of the form matching a run of white space.
fn occurrences(text: &str, form: &str) -> Vec<(usize, usize)> {
    let mut words = form.split_whitespace();
    let Some(first) = words.next() else {
        return Vec::new();
    };
    let rest: Vec<&str> = words.collect();
    let mut out = Vec::new();
    for (start, _) in text.match_indices(first) {
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let mut end = start + first.len();
        let mut whole = true;
        for word in &rest {
            let gap = text[end..]
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(text.len() - end);
            if gap == 0 || !text[end + gap..].starts_with(word) {
                whole = false;
                break;
            }
            end += gap + word.len();
        }
        if whole
            && !text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            out.push((start, end));
        }
    }
    out
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
