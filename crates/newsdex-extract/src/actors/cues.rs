//! The small closed word lists the actor rules test against: connectors inside names,
//! head words of places and events, roles that only modify, speech verbs, sports slugs.
//! Written by the newsdex team from general knowledge of English news copy; the larger
//! open lists (places, given names, organisations) are the text files in `src/lexicon/`.
//!
//! The rules ask "is this word on list X" for every candidate name; [`on`] answers with
//! one hash lookup for all lists, where scanning each list would cost dozens of string
//! comparisons.

use std::sync::OnceLock;

use super::lexicon::FastMap;

/// Words of the wire-service slugs that open sports reports ("SOCCER - LEEDS BEAT
/// CHELSEA", "RUGBY UNION - ...", "MOTOR RACING - ..."). (A `match`, not a list scan.)
#[rustfmt::skip]
pub(super) fn is_sports_slug(w: &str) -> bool {
    matches!(
        w,
        "SOCCER" | "FOOTBALL" | "CRICKET" | "BASEBALL" | "TENNIS" | "GOLF" | "RUGBY" | "BASKETBALL"
            | "HOCKEY" | "NHL" | "NFL" | "NBA" | "CYCLING" | "RACING" | "MOTORCYCLING"
            | "ATHLETICS" | "BOXING" | "FORMULA" | "SWIMMING" | "SKIING" | "ROWING" | "SAILING"
            | "BADMINTON" | "SQUASH" | "VOLLEYBALL" | "HANDBALL" | "SNOOKER" | "DARTS"
            | "OLYMPICS" | "YACHTING" | "WRESTLING" | "JUDO" | "RALLYING" | "MOTOCROSS"
            | "MOTORSPORT" | "TRIATHLON" | "SPORT" | "SPORTS"
    )
}

/// Words that only reports of team games use ("touchdown", "goalkeeper", "innings"):
/// several of them make an article a sports report even without a slug. Not words
/// business or politics copy shares ("quarter", "season", "coach", "scored").
#[rustfmt::skip]
pub(super) fn is_team_game_word(w: &str) -> bool {
    matches!(
        w,
        "touchdown" | "touchdowns" | "quarterback" | "quarterbacks" | "linebacker" | "linebackers"
            | "fumble" | "fumbles" | "fumbled" | "halftime" | "half-time" | "innings" | "inning"
            | "wicket" | "wickets" | "batsman" | "batsmen" | "goalkeeper" | "goalie" | "goaltender"
            | "striker" | "strikers" | "midfielder" | "midfielders" | "defenceman" | "defenseman"
            | "playoff" | "playoffs" | "overtime" | "scoreless" | "goalless" | "equaliser"
            | "equalizer" | "hat-trick" | "rebounds" | "three-pointer" | "three-pointers"
            | "free-throw" | "pitcher" | "homer" | "homers" | "shutout" | "puck" | "power-play"
            | "free-kick" | "touchline" | "field-goal" | "penalty-kick" | "pass-rusher"
    )
}

/// Head nouns of the bodies every country has ("Ministry", "Treasury", "Central Bank").
#[rustfmt::skip]
pub(super) fn is_body_head(w: &str) -> bool {
    matches!(
        w,
        "Ministry" | "Department" | "Treasury" | "Bank" | "Office" | "Parliament" | "Cabinet"
            | "Court" | "Assembly" | "Council" | "Government" | "Police" | "Army" | "Navy"
            | "Bureau" | "Agency" | "Senate" | "Commission"
    )
}

/// Words that, before or after a body's head noun, name what every country's body of
/// that kind does ("Finance Ministry", "Central Bank", "Supreme Court").
#[rustfmt::skip]
pub(super) fn is_portfolio(w: &str) -> bool {
    matches!(
        w,
        "Finance" | "Foreign" | "Trade" | "Economy" | "Economic" | "Economics" | "Agriculture"
            | "Agricultural" | "Interior" | "Home" | "Defence" | "Defense" | "Justice" | "Health"
            | "Labour" | "Labor" | "Industry" | "Commerce" | "Energy" | "Education"
            | "Environment" | "Transport" | "Fisheries" | "Planning" | "Budget" | "Culture"
            | "Information" | "Mines" | "Oil" | "Central" | "National" | "Supreme"
            | "Constitutional" | "State" | "Affairs" | "Statistics" | "Tax" | "Customs"
            | "Federal" | "Reserve"
    )
}

/// Slug words of sports played by individuals.
#[rustfmt::skip]
pub(super) fn is_individual_sport(w: &str) -> bool {
    matches!(
        w,
        "GOLF" | "TENNIS" | "ATHLETICS" | "CYCLING" | "BOXING" | "SWIMMING" | "SKIING" | "SQUASH"
            | "BADMINTON" | "RALLYING" | "MOTOCROSS" | "MOTORCYCLING" | "TRIATHLON"
            | "WRESTLING" | "JUDO" | "SNOOKER" | "DARTS" | "CHESS"
    )
}

/// Lowercase words that may sit inside a name: "Bank of England", "Nikolaus van der Pas".
/// (A `match`, not a list: it runs for every lowercase word of the article.)
#[rustfmt::skip]
#[inline]
pub(super) fn is_connector_word(w: &str) -> bool {
    w.len() <= 5
        && matches!(
        w,
        "of" | "for" | "the" | "and" | "de" | "van" | "von" | "der" | "den" | "del" | "della"
            | "da" | "di" | "du" | "do" | "la" | "le" | "al" | "bin" | "ibn" | "dos" | "das" | "y"
            | "on" | "&" | "el" | "ter" | "ten" | "zu" | "in"
            // Other languages' "and", "of" and "the" inside names of parties and bodies:
            // "Open Vlaamse Liberalen en Democraten", "Cumann na nGaedheal".
            | "en" | "et" | "und" | "ni" | "na" | "des" | "dei" | "degli" | "delle" | "og"
            | "och"
            // Inside place names ("Dar es Salaam", "Frankfurt am Main"; see `classify`).
            | "es" | "am"
    )
}

/// Connectors that join two names rather than build one: split at them unless the whole
/// is an organisation.
#[rustfmt::skip]
const JOINERS: &[&str] = &[
    "of", "for", "the", "and", "&", "on", "in",
];

/// Last words of events, competitions and wars, which are none of our kinds ("World Cup",
/// "U.S. Open", "Cold War").
#[rustfmt::skip]
const EVENT_HEADS: &[&str] = &[
    "Cup", "Open", "Series", "Games", "Prix", "Championship", "Championships", "Trophy", "Classic",
    "Rally", "Tour", "Olympics", "Olympiad", "Award", "Awards", "Prize", "War", "Wars", "Festival",
    "Marathon", "Slam", "Derby", "Tournament", "Masters", "Invitational", "Revolution", "Day",
    "Week", "Summit", "League", "Forum", "Act", "Agreement", "Accords", "Accord", "Plan",
    "Declaration", "Doctrine", "Initiative", "Process", "Protocol", "Crisis", "Rebellion",
    "Uprising", "Massacre", "Offensive",
];

/// Words that open the name of a war, a battle or a treaty before "of" or "in" ("War of
/// Independence", "Treaty of Rome", "Siege of Sarajevo"): the place named after them is
/// part of the event's name, which is none of our kinds.
#[rustfmt::skip]
const EVENT_OPENERS: &[&str] = &[
    "Armistice", "Battle", "Conquest", "Crisis", "Invasion", "Liberation", "Massacre",
    "Partition", "Peace", "Sack", "Siege", "Treaty", "War", "Wars",
];

/// The last words of sports competitions, a subset of [`EVENT_HEADS`]: a place before one
/// names the competition ("U.S. Open", "Fed Cup"), not the place. Any case, for headlines
/// in capitals.
pub(super) fn is_competition_head(w: &str) -> bool {
    [
        "Cup",
        "Open",
        "Games",
        "Prix",
        "Championship",
        "Championships",
        "Trophy",
        "Classic",
        "Rally",
        "Olympics",
        "Marathon",
        "Masters",
        "Invitational",
        "Tournament",
    ]
    .iter()
    .any(|h| h.eq_ignore_ascii_case(w))
}

/// Lowercase nouns for kinds of firm or institution, which name the body that follows
/// them ("potash miner Belaruskali", "drugmaker Zelvax", "the retailer Kestrel", "the
/// statistics office Eurostat", "the national statistics institute Istat"), and the
/// "-maker" compounds ("chipmaker", "automaker"). Not the nouns that are people's jobs
/// too ("producer Steven Spielberg", "broker", "publisher").
pub(super) fn is_firm_noun(w: &str) -> bool {
    (w.len() > 7 && w.ends_with("maker"))
        || matches!(
            w,
            "agency"
                | "airline"
                | "bank"
                | "brewer"
                | "brokerage"
                | "carrier"
                | "company"
                | "conglomerate"
                | "distributor"
                | "exporter"
                | "firm"
                | "group"
                | "importer"
                | "institute"
                | "insurer"
                | "lender"
                | "manufacturer"
                | "miner"
                | "newspaper"
                | "office"
                | "refiner"
                | "regulator"
                | "retailer"
                | "startup"
                | "supplier"
                | "utility"
        )
}

/// Words that open a sentence as a preposition would ("Given Brazil's crop", "Despite
/// Moscow's denial"): there they start no name, though elsewhere some are surnames
/// ("Shay Given"), so they are not common words.
#[rustfmt::skip]
const OPENERS: &[&str] = &[
    "Given", "Despite", "Amid", "Amidst", "Excluding", "Barring", "Concerning", "Considering",
    "Assuming", "Provided", "Notwithstanding",
];

/// Roman numerals that number headings ("V. Conclusion").
#[rustfmt::skip]
const NUMERALS: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// Role words that only modify another role ("former", "deputy", "press"): alone, in
/// lowercase, they do not announce a name ("the former Soviet Union").
#[rustfmt::skip]
const ROLE_MODIFIERS: &[&str] = &[
    "former", "acting", "deputy", "vice", "prime", "press", "chief", "head", "general", "major",
    "chair", "executive", "son", "daughter", "wife", "husband", "brother", "sister", "father",
    "mother", "uncle", "seed", "owner", "lord", "lady", "justice", "forward", "keeper",
];

/// Words that make the last word of a name a place ("Taiwan Strait", "Lake Sevan").
#[rustfmt::skip]
const PLACE_HEADS: &[&str] = &[
    "River", "Sea", "Ocean", "Island", "Islands", "Lake", "Mountains", "Mount", "Mt.", "Valley",
    "Strait", "Straits", "Bay", "Gulf", "Province", "Region", "County", "District", "Oblast",
    "Krai", "Peninsula", "Desert", "Street", "Square", "Avenue", "Airport", "Canal", "Coast",
    "Heights", "Bridge", "Stadium", "Meadows", "Abbey", "Arena", "Hills", "Plateau", "Basin",
    "Corridor", "Pass", "Prefecture", "City", "Empire", "Republic", "Caliphate", "Counties",
    "Provinces",
];

/// U.S. state abbreviations as the wires write them after a town ("Carlsbad, Calif").
#[rustfmt::skip]
const STATE_ABBREVIATIONS: &[&str] = &[
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
    "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
    "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "Col", "D.C", "N.C", "N.D", "N.H", "N.J",
    "N.M", "N.Y", "R.I", "S.C", "S.D", "W.Va",
];

/// Compass words that make a region out of a place ("South Caucasus", "Northern Iraq").
#[rustfmt::skip]
const COMPASS: &[&str] = &[
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
    "Upper", "Lower", "Greater", "Northeast", "Northwest", "Southeast", "Southwest",
];

/// Words after a bare name that suggest a person (or an organisation) speaking.
#[rustfmt::skip]
const SPEECH_VERBS: &[&str] = &[
    "said", "says", "told", "added", "noted", "stated", "stressed", "explained", "argued",
    "insisted", "warned", "wrote", "replied", "recalled", "believes", "thinks", "admitted",
];

/// Prepositions before a bare name that suggest a place.
#[rustfmt::skip]
const PLACE_PREPS: &[&str] = &[
    "in", "at", "near", "from", "into", "across", "outside", "throughout", "toward", "towards",
    "via", "around",
];

#[rustfmt::skip]
const MONTHS_DAYS: &[&str] = &[
    "January", "February", "March", "April", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Holidays and feasts of the calendar ("by Easter", "before Christmas"): alone, a date,
/// no actor; inside a longer name ("Easter Island", "Christmas Island") they stay.
#[rustfmt::skip]
const HOLIDAYS: &[&str] = &[
    "Easter", "Christmas", "Xmas", "Thanksgiving", "Ramadan", "Ramazan", "Passover", "Hanukkah",
    "Chanukah", "Diwali", "Eid", "Lent", "Advent", "Whitsun", "Whitsuntide", "Pentecost",
    "Halloween", "Epiphany", "Candlemas", "Michaelmas", "Nowruz", "Navruz", "Hogmanay",
    "Shrovetide", "Ascension", "Purim", "Sukkot", "Vesak", "Holi", "Kwanzaa",
];

/// The legal suffixes that close a company's name ("Acme Corp", "Kidder, Peabody and Co
/// Inc"): never a name alone.
#[rustfmt::skip]
const LEGAL_SUFFIXES: &[&str] = &[
    "Co", "Co.", "Corp", "Corp.", "Corporation", "Inc", "Inc.", "Ltd", "Ltd.", "Plc", "PLC",
    "plc", "LLC", "L.P.", "LP", "GmbH", "Cie", "Cie.", "Company", "Limited", "Incorporated",
];

/// The bodies an organisation has, which take its name ("OPEC Differentials Committee",
/// "GATT Council", "IMF Executive Board"): an acronym written alone beside one is the
/// organisation, not its body.
#[rustfmt::skip]
const BODY_HEADS: &[&str] = &[
    "Assembly", "Board", "Commission", "Committee", "Conference", "Council", "Court",
    "Delegation", "Executive", "Meeting", "Mission", "Panel", "Parliament", "Secretariat",
    "Session", "Summit",
];

/// The words for party, front, league and movement that open party names in other
/// languages ("Partido Popular", "Lega Nord", "Mouvement Réformateur"): the name is
/// complete before "in" a place or "and" another name.
pub(super) fn is_foreign_party_head(w: &str) -> bool {
    matches!(
        w,
        "Alianza"
            | "Alleanza"
            | "Frente"
            | "Fronte"
            | "Lega"
            | "Movimento"
            | "Movimiento"
            | "Mouvement"
            | "Partai"
            | "Partei"
            | "Parti"
            | "Partido"
            | "Partito"
            | "Rassemblement"
    )
}

/// Words of political programmes that name parties and movements ("Social Democratic
/// Action", "Democratic Choice", "Patriotic Front").
pub(super) fn is_political_word(w: &str) -> bool {
    matches!(
        w,
        "Democratic"
            | "Democrats"
            | "Socialist"
            | "Socialists"
            | "Liberal"
            | "Liberals"
            | "Communist"
            | "Communists"
            | "Conservative"
            | "Conservatives"
            | "Republican"
            | "Progressive"
            | "Nationalist"
            | "Patriotic"
            | "Revolutionary"
            | "Radical"
            | "Popular"
    )
}

/// Plural nouns for groups of people that name organisations "for" a cause ("Veterans
/// for Peace", "Concerned Women for America"), beside the plurals that end like agents
/// ("Physicians", "Taxpayers").
pub(super) fn is_group_noun(w: &str) -> bool {
    matches!(
        w,
        "Africans"
            | "Americans"
            | "Children"
            | "Citizens"
            | "Europeans"
            | "Families"
            | "Friends"
            | "Men"
            | "Moms"
            | "Mothers"
            | "Parents"
            | "People"
            | "Veterans"
            | "Voices"
            | "Women"
            | "Youth"
    )
}

/// Words for an electoral district ("the riding of", "the constituency of").
pub(super) fn is_seat_word(w: &str) -> bool {
    matches!(
        w,
        "riding" | "ridings" | "constituency" | "constituencies" | "electorate"
    )
}

/// Titles of elected members, written before the seat they hold ("MLA for").
pub(super) fn is_member_title(w: &str) -> bool {
    matches!(
        w,
        "MP" | "MPs" | "MLA" | "MPP" | "MSP" | "MHA" | "MNA" | "TD"
    )
}

/// Words of a sentence about an election, in which places joined by dashes name one
/// constituency.
pub(super) fn is_election_word(w: &str) -> bool {
    matches!(
        w,
        "election"
            | "elections"
            | "by-election"
            | "riding"
            | "constituency"
            | "nomination"
            | "candidate"
            | "seat"
            | "electoral"
    )
}

/// Words for a meeting, whose name ends before "in" where it is held ("International
/// Conference on Population and Development in Cairo").
pub(super) fn is_meeting_head(w: &str) -> bool {
    matches!(
        w,
        "Conference" | "Summit" | "Meeting" | "Session" | "Convention"
    )
}

/// Frequent German function words, in lowercase: an article full of them capitalises
/// every noun, so a capital letter says little there (see `Doc::nouns_capitalised`).
/// (Not "des" and "es", as frequent in French and Spanish, which capitalise names only.)
#[rustfmt::skip]
const GERMAN_FUNCTION_WORDS: [&str; 35] = [
    "der", "die", "das", "und", "ist", "nicht", "mit", "sich", "auf", "ein", "eine", "den",
    "dem", "zu", "von", "für", "im", "auch", "wird", "werden", "bei", "aus", "nach", "wie",
    "noch", "oder", "sind", "wurde", "hat", "haben", "einen", "einem", "einer", "über", "nur",
];

/// Frequent English function words, in lowercase, weighed against the German ones.
/// (Not "in", "an" and "was", German words too.)
#[rustfmt::skip]
const ENGLISH_FUNCTION_WORDS: [&str; 26] = [
    "the", "of", "and", "to", "is", "that", "for", "on", "said", "with", "it", "as", "by",
    "at", "from", "be", "have", "has", "are", "this", "not", "he", "she", "they", "which",
    "would",
];

/// Frequent function words of French, Spanish, Italian and Portuguese, in lowercase:
/// articles, prepositions joined with them, conjunctions, pronouns and common verbs. In an
/// article full of them, a capitalised one ("Le", "Les", "Au") opens a sentence, and "de"
/// before a name is "of" (see `Doc::romance`). (Not words of English or German too:
/// "a", "en", "per", "es", "des", "das".)
#[rustfmt::skip]
const ROMANCE_FUNCTION_WORDS: [&str; 60] = [
    // French
    "le", "la", "les", "une", "est", "pas", "dans", "pour", "sur", "avec", "qui",
    "du", "au", "aux", "cette", "sont", "ont", "mais", "nous", "leur", "et", "hier",
    // Spanish
    "el", "los", "las", "una", "del", "por", "para", "con", "que", "se", "su", "como",
    "pero", "más", "y", "ha",
    // Italian
    "il", "gli", "della", "di", "che", "è", "non", "sono", "nel", "alla", "dei", "delle",
    "ma",
    // Portuguese
    "os", "dos", "uma", "não", "com", "ao", "pelo", "pela", "em",
];

/// The bytes of a word of 1 to 8 bytes as one integer, 0 for any other: a short word is
/// looked up among a few by comparing integers (comparing strings one by one cost 40
/// instructions a word, asked of a hundred words an article).
const fn word_key(w: &str) -> u64 {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 8 {
        return 0;
    }
    let mut key = 0u64;
    let mut i = 0;
    while i < b.len() {
        key |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

const fn word_keys<const N: usize>(words: [&str; N]) -> [u64; N] {
    let mut keys = [0u64; N];
    let mut i = 0;
    while i < N {
        keys[i] = word_key(words[i]);
        i += 1;
    }
    keys
}

static GERMAN_KEYS: [u64; 35] = word_keys(GERMAN_FUNCTION_WORDS);
static ROMANCE_KEYS: [u64; 60] = word_keys(ROMANCE_FUNCTION_WORDS);
static ENGLISH_KEYS: [u64; 26] = word_keys(ENGLISH_FUNCTION_WORDS);

/// Is `w` (exactly as written) one of [`GERMAN_FUNCTION_WORDS`]?
pub(super) fn is_german_function_word(w: &str) -> bool {
    let key = word_key(w);
    key != 0 && GERMAN_KEYS.contains(&key)
}

/// Is `w` (exactly as written) one of [`ROMANCE_FUNCTION_WORDS`]?
pub(super) fn is_romance_function_word(w: &str) -> bool {
    let key = word_key(w);
    key != 0 && ROMANCE_KEYS.contains(&key)
}

/// Is `w` (exactly as written) one of [`ENGLISH_FUNCTION_WORDS`]?
pub(super) fn is_english_function_word(w: &str) -> bool {
    let key = word_key(w);
    key != 0 && ENGLISH_KEYS.contains(&key)
}

/// Do two words open a storm's name ("Hurricane Sandy", "superstorm Sandy", "Tropical
/// Storm Irene")? A storm is an event, none of our kinds.
#[rustfmt::skip]
pub(super) fn opens_a_storm(first: &str, second: &str) -> bool {
    matches!(
        first,
        "Hurricane" | "Typhoon" | "Cyclone" | "Superstorm" | "Storm" | "hurricane" | "typhoon"
        | "cyclone" | "superstorm"
    ) || (matches!(first, "Tropical" | "tropical")
        && matches!(second, "Storm" | "storm" | "Depression" | "depression"))
}

/// Web platforms that news names as where something was said ("said on Twitter",
/// "posted to Instagram"): there the platform is the medium, not an actor.
pub(super) fn is_platform(w: &str) -> bool {
    matches!(
        w,
        "Twitter"
            | "Facebook"
            | "Instagram"
            | "YouTube"
            | "TikTok"
            | "WhatsApp"
            | "LinkedIn"
            | "Reddit"
            | "Snapchat"
            | "Pinterest"
            | "Telegram"
            | "Weibo"
            | "WeChat"
    )
}

/// The lowercase tails that make a capitalised compound an adjective of what follows
/// ("St. Louis-based Mercantile Bancorp", "Saudi-led coalition", "state-owned"): such a
/// compound is no part of the name after it.
#[rustfmt::skip]
pub(super) fn is_adjective_tail(tail: &str) -> bool {
    matches!(
        tail,
        "based" | "led" | "owned" | "backed" | "run" | "born" | "controlled" | "funded"
        | "made" | "style" | "era" | "bound" | "listed" | "registered" | "headquartered"
        | "sponsored" | "brokered" | "dominated" | "held" | "linked" | "allied" | "aligned"
    )
}

/// Hyphenated quarters of the compass that follow a place's name ("Galway North-East").
pub(super) fn is_compass_quarter(w: &str) -> bool {
    matches!(w, "North-East" | "North-West" | "South-East" | "South-West")
}

/// Words that open a sentence as a label of the player or competitor named next, by
/// position or standing ("Centre Walter Little", "Holder Pete Sampras", "Rookie Tiger
/// Woods", "Unseeded Jan Kroslak"): there, before a given name, never a name's own first
/// word. (Positions that are roles anywhere, "striker", "winger", are in `roles.txt`;
/// these are also surnames or common words, so only this place makes them labels.)
#[rustfmt::skip]
pub(super) fn is_player_label(w: &str) -> bool {
    matches!(
        w,
        "Centre" | "Center" | "Prop" | "Lock" | "Hooker" | "Stand-off" | "Goalie" | "Guard"
            | "Catcher" | "Receiver" | "Cornerback" | "Tailback" | "Spinner" | "Seamer"
            | "Paceman" | "All-rounder" | "Sprinter" | "Hurdler" | "Jockey" | "Holder"
            | "Titleholder" | "Rookie" | "Newcomer" | "Debutant" | "Qualifier" | "Unseeded"
            | "Teenager" | "Youngster" | "Outsider"
    )
}

/// Lowercase words after a city that make the city where a team is from, not the team:
/// "the Moscow club", "a London side".
#[rustfmt::skip]
pub(super) fn is_team_noun(w: &str) -> bool {
    matches!(w, "club" | "clubs" | "side" | "sides" | "team" | "teams" | "outfit" | "derby")
}

/// Lowercase words after a name that make it where a game is played: "the Heysel
/// stadium".
#[rustfmt::skip]
pub(super) fn is_venue_noun(w: &str) -> bool {
    matches!(w, "stadium" | "arena" | "racecourse" | "circuit" | "velodrome")
}

/// Lowercase compass words before a city: "north London", "east Belfast".
#[rustfmt::skip]
pub(super) fn is_compass_lower(w: &str) -> bool {
    matches!(
        w,
        "north" | "south" | "east" | "west" | "northern" | "southern" | "eastern" | "western"
            | "central" | "northeast" | "northwest" | "southeast" | "southwest" | "north-east"
            | "north-west" | "south-east" | "south-west"
    )
}

/// Continents, which no team in a league takes its name from.
#[rustfmt::skip]
pub(super) fn is_continent(w: &str) -> bool {
    matches!(
        w,
        "Africa" | "Antarctica" | "Asia" | "Australasia" | "Europe" | "Oceania" | "AFRICA"
            | "ASIA" | "EUROPE"
    )
}

/// One bit per list, for [`on`].
pub(super) mod cue {
    pub const EVENT_HEAD: u16 = 1;
    pub const PLACE_HEAD: u16 = 2;
    pub const COMPASS: u16 = 4;
    pub const SPEECH_VERB: u16 = 8;
    pub const PLACE_PREP: u16 = 16;
    pub const MONTH_DAY: u16 = 32;
    pub const STATE: u16 = 64;
    pub const ROLE_MODIFIER: u16 = 128;
    pub const JOINER: u16 = 256;
    pub const NUMERAL: u16 = 512;
    pub const OPENER: u16 = 1024;
    pub const HOLIDAY: u16 = 2048;
    pub const LEGAL_SUFFIX: u16 = 4096;
    pub const BODY_HEAD: u16 = 8192;
    pub const EVENT_OPENER: u16 = 16384;
}

/// Is `w` (exactly as written) on any of the lists in `bits`?
pub(super) fn on(w: &str, bits: u16) -> bool {
    /// The cue words by text, and for each list a filter of its words' (first byte,
    /// length) pairs: most words asked about are on no list asked for, and the lists'
    /// filters answer for them without hashing. (One filter of all lists together let
    /// most words through: some list has a word of their first byte and length.)
    struct Cues {
        map: FastMap<&'static str, u16>,
        filters: [[u64; 64]; 16],
    }
    fn slot(w: &str) -> usize {
        let b = w.as_bytes();
        usize::from(b.first().copied().unwrap_or(0)) << 4 | b.len().min(15)
    }
    static CUES: OnceLock<Cues> = OnceLock::new();
    let cues = CUES.get_or_init(|| {
        let mut map: FastMap<&'static str, u16> = FastMap::default();
        let lists: [(&[&'static str], u16); 15] = [
            (EVENT_HEADS, cue::EVENT_HEAD),
            (PLACE_HEADS, cue::PLACE_HEAD),
            (COMPASS, cue::COMPASS),
            (SPEECH_VERBS, cue::SPEECH_VERB),
            (PLACE_PREPS, cue::PLACE_PREP),
            (MONTHS_DAYS, cue::MONTH_DAY),
            (STATE_ABBREVIATIONS, cue::STATE),
            (ROLE_MODIFIERS, cue::ROLE_MODIFIER),
            (JOINERS, cue::JOINER),
            (NUMERALS, cue::NUMERAL),
            (OPENERS, cue::OPENER),
            (HOLIDAYS, cue::HOLIDAY),
            (LEGAL_SUFFIXES, cue::LEGAL_SUFFIX),
            (BODY_HEADS, cue::BODY_HEAD),
            (EVENT_OPENERS, cue::EVENT_OPENER),
        ];
        let mut filters = [[0u64; 64]; 16];
        for (list, bit) in lists {
            let filter = &mut filters[bit.trailing_zeros() as usize];
            for w in list {
                *map.entry(w).or_default() |= bit;
                let k = slot(w);
                filter[k / 64] |= 1 << (k % 64);
            }
        }
        Cues { map, filters }
    });
    let k = slot(w);
    let mut rest = bits;
    let mut passes = false;
    while rest != 0 && !passes {
        let filter = &cues.filters[rest.trailing_zeros() as usize];
        passes = filter[k / 64] & (1 << (k % 64)) != 0;
        rest &= rest - 1;
    }
    passes && cues.map.get(w).is_some_and(|b| b & bits != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_answer_through_one_lookup() {
        assert!(on("Cup", cue::EVENT_HEAD));
        assert!(on("South", cue::COMPASS));
        assert!(on("said", cue::SPEECH_VERB));
        assert!(!on("said", cue::COMPASS));
        assert!(is_connector_word("van"));
        assert!(!is_connector_word("Van"));
        assert!(is_foreign_party_head("Partido") && !is_foreign_party_head("Party"));
        assert!(is_seat_word("riding") && is_member_title("MLA") && !is_member_title("Mr"));
        assert!(is_compass_quarter("North-East") && !is_compass_quarter("West"));
    }
}
