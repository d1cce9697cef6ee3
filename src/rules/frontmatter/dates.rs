//! Front matter dates, read the way each generator reads them.
//!
//! Hugo hands every date that is not a TOML date/time to spf13/cast, which
//! tries a fixed list of Go time layouts in order (`timeFormats` in cast's
//! `internal/time.go`); the first that parses wins, and none parsing fails
//! the build ("the "date" front matter field is not a parsable date").
//! Go's layout parser is strict about some things (two-digit months and
//! days, an upper-case `T`) and lenient about others (a one-digit hour, a
//! fraction of a second after the seconds, runs of spaces), so this module
//! reimplements that parser for the layouts on the list rather than
//! approximating it with patterns.
//!
//! Jekyll reads a plain YAML timestamp as a Ruby `Time` (UTC when it has no
//! offset) and hands anything else to Ruby's `Time.parse` in the site's
//! time zone, which is lenient (`Oct 15, 2023` works) and rolls impossible
//! days over (`2025-02-30` becomes March 2) but rejects a month above 12, a
//! day above 31 and text with no date in it, failing the build.

use std::sync::{LazyLock, Mutex};

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

/// A date and time as written, before a time zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub datetime: DateTime,
    /// Seconds east of UTC, when the text carries an offset or zone.
    pub offset: Option<i32>,
    /// Whether the text has a time of day (Jekyll: a date alone is midnight
    /// in the site's zone, whatever the YAML reader did).
    pub has_time: bool,
}

impl Written {
    /// The instant, reading a missing offset in `tz`.
    pub fn instant(&self, tz: &TimeZone) -> Option<Timestamp> {
        match self.offset {
            Some(seconds) => Offset::from_seconds(seconds)
                .ok()?
                .to_timestamp(self.datetime)
                .ok(),
            None => tz.to_ambiguous_timestamp(self.datetime).compatible().ok(),
        }
    }

    /// The calendar date in `tz`.
    pub fn local_date(&self, tz: &TimeZone) -> Option<Date> {
        if self.offset.is_none() {
            return Some(self.datetime.date());
        }
        Some(tz.to_datetime(self.instant(tz)?).date())
    }
}

/// Why a date does not parse, for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A component out of range, e.g. "month 13 does not exist".
    Range(String),
    /// No layout matches.
    Format,
    /// Text with no date at all (Jekyll: "no time information").
    Empty,
}

impl Problem {
    pub fn describe(&self) -> String {
        match self {
            Problem::Range(reason) => reason.clone(),
            Problem::Format => "Hugo's date parser knows no such format".to_string(),
            Problem::Empty => "Ruby's date parser finds no date in it".to_string(),
        }
    }
}

/// One element of a Go time layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Lit(u8),
    /// One or more spaces in the layout: Go's `skip` matches a run of
    /// spaces (or the end of the value).
    Space,
    Year4,
    Year2,
    Month2,
    MonthName,
    Day2,
    DayUnder,
    WeekdayShort,
    WeekdayLong,
    Hour24,
    Hour12,
    Minute2,
    Second2,
    /// `.000` with this many digits.
    FracFixed(usize),
    /// `.999999999`: an optional fraction.
    FracOptional,
    Pm,
    ZoneName,
    /// Numeric offset: `z` allows a `Z` (ISO 8601), `colon` wants `-07:00`.
    ZoneNum {
        z: bool,
        colon: bool,
    },
}

/// spf13/cast's `timeFormats` (v1.7, the list Hugo 0.168 uses), in order.
const HUGO_LAYOUTS: &[&str] = &[
    "2006-01-02T15:04:05Z07:00",               // RFC 3339
    "2006-01-02T15:04:05",                     // ISO 8601 without a zone
    "Mon, 02 Jan 2006 15:04:05 -0700",         // RFC 1123Z
    "Mon, 02 Jan 2006 15:04:05 MST",           // RFC 1123
    "02 Jan 06 15:04 -0700",                   // RFC 822Z
    "02 Jan 06 15:04 MST",                     // RFC 822
    "Monday, 02-Jan-06 15:04:05 MST",          // RFC 850
    "2006-01-02 15:04:05.999999999 -0700 MST", // Go's Time.String()
    "2006-01-02T15:04:05-0700",
    "2006-01-02 15:04:05Z0700",
    "2006-01-02 15:04:05",
    "Mon Jan _2 15:04:05 2006",       // ANSIC
    "Mon Jan _2 15:04:05 MST 2006",   // UnixDate
    "Mon Jan 02 15:04:05 -0700 2006", // RubyDate
    "2006-01-02 15:04:05Z07:00",
    "2006-01-02",
    "02 Jan 2006",
    "2006-01-02 15:04:05 -07:00",
    "2006-01-02 15:04:05 -0700",
    "3:04PM",                    // Kitchen
    "Jan _2 15:04:05",           // Stamp
    "Jan _2 15:04:05.000",       // StampMilli
    "Jan _2 15:04:05.000000",    // StampMicro
    "Jan _2 15:04:05.000000000", // StampNano
];

static LAYOUTS: LazyLock<Vec<Vec<Tok>>> =
    LazyLock::new(|| HUGO_LAYOUTS.iter().map(|l| tokenize(l)).collect());

/// Splits a Go layout into elements (the subset the layouts above use).
fn tokenize(layout: &str) -> Vec<Tok> {
    const NAMED: &[(&str, Tok)] = &[
        ("2006", Tok::Year4),
        ("Monday", Tok::WeekdayLong),
        ("Mon", Tok::WeekdayShort),
        ("MST", Tok::ZoneName),
        ("Jan", Tok::MonthName),
        (
            "Z07:00",
            Tok::ZoneNum {
                z: true,
                colon: true,
            },
        ),
        (
            "Z0700",
            Tok::ZoneNum {
                z: true,
                colon: false,
            },
        ),
        (
            "-07:00",
            Tok::ZoneNum {
                z: false,
                colon: true,
            },
        ),
        (
            "-0700",
            Tok::ZoneNum {
                z: false,
                colon: false,
            },
        ),
        (".999999999", Tok::FracOptional),
        (".000000000", Tok::FracFixed(9)),
        (".000000", Tok::FracFixed(6)),
        (".000", Tok::FracFixed(3)),
        ("01", Tok::Month2),
        ("02", Tok::Day2),
        ("_2", Tok::DayUnder),
        ("06", Tok::Year2),
        ("15", Tok::Hour24),
        ("04", Tok::Minute2),
        ("05", Tok::Second2),
        ("PM", Tok::Pm),
        ("3", Tok::Hour12),
    ];
    let mut tokens = Vec::new();
    let mut rest = layout;
    'outer: while !rest.is_empty() {
        for (name, tok) in NAMED {
            if let Some(after) = rest.strip_prefix(name) {
                tokens.push(*tok);
                rest = after;
                continue 'outer;
            }
        }
        let byte = rest.as_bytes()[0];
        if byte == b' ' {
            if tokens.last() != Some(&Tok::Space) {
                tokens.push(Tok::Space);
            }
        } else {
            tokens.push(Tok::Lit(byte));
        }
        rest = &rest[1..];
    }
    tokens
}

use crate::index::text::{MONTHS, WEEKDAYS};

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(value: &[u8], fixed: bool) -> Option<(i64, usize)> {
    let digit = |i: usize| value.get(i).is_some_and(u8::is_ascii_digit);
    if !digit(0) {
        return None;
    }
    if !digit(1) {
        if fixed {
            return None;
        }
        return Some((i64::from(value[0] - b'0'), 1));
    }
    Some((
        i64::from(value[0] - b'0') * 10 + i64::from(value[1] - b'0'),
        2,
    ))
}

/// Go's case-insensitive `lookup` of a name at the start of `value`.
fn lookup(value: &[u8], names: &[&str], short: bool) -> Option<(usize, usize)> {
    names.iter().enumerate().find_map(|(i, name)| {
        let name = if short { &name[..3] } else { name };
        let head = value.get(..name.len())?;
        head.eq_ignore_ascii_case(name.as_bytes())
            .then_some((i, name.len()))
    })
}

/// Go's `parseTimeZone` for a zone abbreviation; returns its length and
/// the offset Hugo ends up with (abbreviations other than UTC and GMT±h
/// are unknown to Go in UTC and read as offset zero).
fn zone_name(value: &[u8]) -> Option<(usize, i32)> {
    if value.starts_with(b"UTC") {
        return Some((3, 0));
    }
    if value.len() < 3 {
        return None;
    }
    if value.starts_with(b"ChST") || value.starts_with(b"MeST") {
        return Some((4, 0));
    }
    if value.starts_with(b"GMT") {
        let rest = &value[3..];
        if let Some(&sign @ (b'+' | b'-')) = rest.first() {
            let digits = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 0 {
                let hours: i32 = std::str::from_utf8(&rest[1..1 + digits])
                    .ok()?
                    .parse()
                    .ok()?;
                if (-23..=23).contains(&hours) {
                    let seconds = hours * 3600;
                    let seconds = if sign == b'-' { -seconds } else { seconds };
                    return Some((4 + digits, seconds));
                }
            }
        }
        return Some((3, 0));
    }
    let upper = value
        .iter()
        .take(6)
        .take_while(|b| b.is_ascii_uppercase())
        .count();
    match upper {
        3 => Some((3, 0)),
        4 if value[3] == b'T' || value.starts_with(b"WITA") => Some((4, 0)),
        5 if value[4] == b'T' => Some((5, 0)),
        _ => None,
    }
}

/// Components gathered while parsing one layout.
#[derive(Default)]
struct Fields {
    year: i64,
    month: Option<i64>,
    day: Option<i64>,
    hour: i64,
    minute: i64,
    second: i64,
    nanos: i64,
    pm: Option<bool>,
    offset: Option<i32>,
    has_time: bool,
}

enum Outcome {
    Ok(Written),
    /// The layout matched up to a component that is out of range; `usize`
    /// is how many bytes of the value matched before it.
    Range(String, usize),
    NoMatch,
}

/// Parses the fraction digits after a `.` or `,` (Go's `parseNanoseconds`).
fn nanos(digits: &[u8]) -> i64 {
    let mut n: i64 = 0;
    for (i, d) in digits.iter().take(9).enumerate() {
        n += i64::from(d - b'0') * 10_i64.pow(8 - i as u32);
    }
    n
}

/// Go's `time.Parse(layout, value)` for one tokenized layout.
fn parse_layout(tokens: &[Tok], value: &str) -> Outcome {
    let mut v = value.as_bytes();
    let mut f = Fields::default();
    let total = v.len();
    macro_rules! out_of_range {
        ($($arg:tt)*) => {
            return Outcome::Range(format!($($arg)*), total - v.len())
        };
    }
    for (i, tok) in tokens.iter().enumerate() {
        match *tok {
            Tok::Lit(byte) => match v.split_first() {
                Some((&b, rest)) if b == byte => v = rest,
                _ => return Outcome::NoMatch,
            },
            Tok::Space => {
                if !v.is_empty() && v[0] != b' ' {
                    return Outcome::NoMatch;
                }
                while v.first() == Some(&b' ') {
                    v = &v[1..];
                }
            }
            Tok::Year4 => {
                if v.len() < 4 || !v[..4].iter().all(u8::is_ascii_digit) {
                    return Outcome::NoMatch;
                }
                f.year = v[..4].iter().fold(0, |n, d| n * 10 + i64::from(d - b'0'));
                v = &v[4..];
            }
            Tok::Year2 => {
                let Some((n, 2)) = getnum(v, true) else {
                    return Outcome::NoMatch;
                };
                f.year = if n >= 69 { 1900 + n } else { 2000 + n };
                v = &v[2..];
            }
            Tok::Month2 => {
                let Some((n, len)) = getnum(v, true) else {
                    return Outcome::NoMatch;
                };
                if !(1..=12).contains(&n) {
                    out_of_range!("month {n} does not exist");
                }
                f.month = Some(n);
                v = &v[len..];
            }
            Tok::MonthName => {
                let Some((index, len)) = lookup(v, &MONTHS, true) else {
                    return Outcome::NoMatch;
                };
                f.month = Some(index as i64 + 1);
                v = &v[len..];
            }
            Tok::WeekdayShort | Tok::WeekdayLong => {
                let Some((_, len)) = lookup(v, &WEEKDAYS, *tok == Tok::WeekdayShort) else {
                    return Outcome::NoMatch;
                };
                v = &v[len..];
            }
            Tok::Day2 | Tok::DayUnder => {
                if *tok == Tok::DayUnder && v.first() == Some(&b' ') {
                    v = &v[1..];
                }
                let Some((n, len)) = getnum(v, *tok == Tok::Day2) else {
                    return Outcome::NoMatch;
                };
                if !(1..=31).contains(&n) {
                    out_of_range!("day {n} does not exist");
                }
                f.day = Some(n);
                v = &v[len..];
            }
            Tok::Hour24 | Tok::Hour12 => {
                let Some((n, len)) = getnum(v, false) else {
                    return Outcome::NoMatch;
                };
                let max = if *tok == Tok::Hour24 { 23 } else { 12 };
                if n > max {
                    out_of_range!("hour {} is out of range", n);
                }
                f.hour = n;
                f.has_time = true;
                v = &v[len..];
            }
            Tok::Minute2 => {
                let Some((n, len)) = getnum(v, true) else {
                    return Outcome::NoMatch;
                };
                if n > 59 {
                    out_of_range!("minute {} is out of range", n);
                }
                f.minute = n;
                v = &v[len..];
            }
            Tok::Second2 => {
                let Some((n, len)) = getnum(v, true) else {
                    return Outcome::NoMatch;
                };
                if n > 59 {
                    out_of_range!("second {} is out of range", n);
                }
                f.second = n;
                v = &v[len..];
                // A fraction the layout does not spell out is still read.
                let layout_has_fraction = matches!(
                    tokens.get(i + 1),
                    Some(Tok::FracFixed(_) | Tok::FracOptional)
                );
                if !layout_has_fraction
                    && v.len() >= 2
                    && matches!(v[0], b'.' | b',')
                    && v[1].is_ascii_digit()
                {
                    let n = 1 + v[1..].iter().take_while(|b| b.is_ascii_digit()).count();
                    f.nanos = nanos(&v[1..n]);
                    v = &v[n..];
                }
            }
            Tok::FracFixed(digits) => {
                if v.len() < digits + 1
                    || !matches!(v[0], b'.' | b',')
                    || !v[1..=digits].iter().all(u8::is_ascii_digit)
                {
                    return Outcome::NoMatch;
                }
                f.nanos = nanos(&v[1..=digits]);
                v = &v[digits + 1..];
            }
            Tok::FracOptional => {
                if v.len() >= 2 && matches!(v[0], b'.' | b',') && v[1].is_ascii_digit() {
                    let n = 1 + v[1..].iter().take_while(|b| b.is_ascii_digit()).count();
                    f.nanos = nanos(&v[1..n]);
                    v = &v[n..];
                }
            }
            Tok::Pm => {
                match v.get(..2) {
                    Some(b"PM") => f.pm = Some(true),
                    Some(b"AM") => f.pm = Some(false),
                    _ => return Outcome::NoMatch,
                }
                v = &v[2..];
            }
            Tok::ZoneName => {
                let Some((len, offset)) = zone_name(v) else {
                    return Outcome::NoMatch;
                };
                // With a numeric offset too (Time.String()), the number wins.
                f.offset.get_or_insert(offset);
                v = &v[len..];
            }
            Tok::ZoneNum { z, colon } => {
                if z && v.first() == Some(&b'Z') {
                    f.offset = Some(0);
                    v = &v[1..];
                    continue;
                }
                let len = if colon { 6 } else { 5 };
                if v.len() < len || (colon && v[3] != b':') {
                    return Outcome::NoMatch;
                }
                let (hh, mm) = if colon {
                    (&v[1..3], &v[4..6])
                } else {
                    (&v[1..3], &v[3..5])
                };
                let (Some((h, 2)), Some((m, 2))) = (getnum(hh, true), getnum(mm, true)) else {
                    return Outcome::NoMatch;
                };
                if h > 24 {
                    out_of_range!("time zone offset hour {} is out of range", h);
                }
                if m > 60 {
                    out_of_range!("time zone offset minute {} is out of range", m);
                }
                let seconds = ((h * 60 + m) * 60) as i32;
                f.offset = Some(match v[0] {
                    b'+' => seconds,
                    b'-' => -seconds,
                    _ => return Outcome::NoMatch,
                });
                v = &v[len..];
            }
        }
    }
    if !v.is_empty() {
        return Outcome::NoMatch;
    }
    match f.pm {
        Some(true) if f.hour < 12 => f.hour += 12,
        Some(false) if f.hour == 12 => f.hour = 0,
        _ => {}
    }
    let month = f.month.unwrap_or(1);
    let day = f.day.unwrap_or(1);
    let Ok(date) = Date::new(f.year as i16, month as i8, 1) else {
        out_of_range!("year {} is out of range", f.year);
    };
    if day > i64::from(date.days_in_month()) {
        out_of_range!(
            "{} {} has {} days",
            MONTHS[(month - 1) as usize],
            f.year,
            date.days_in_month()
        );
    }
    let time = Time::new(f.hour as i8, f.minute as i8, f.second as i8, f.nanos as i32)
        .unwrap_or(Time::midnight());
    Outcome::Ok(Written {
        datetime: DateTime::from_parts(
            Date::new(f.year as i16, month as i8, day as i8).unwrap_or(date),
            time,
        ),
        offset: f.offset,
        has_time: f.has_time,
    })
}

/// Reads text the way Hugo's cast does: the first layout that parses wins.
/// The empty string is Hugo's zero date (no date), returned as `Ok(None)`.
pub fn hugo(text: &str) -> Result<Option<Written>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    // The reason worth telling comes from the layout that matched the most
    // before a component was out of range (`2025-13-45` is the ISO layout's
    // month 13, not the hour 20 of `3:04PM`), and only after a match at all.
    let mut best: Option<(String, usize)> = None;
    for layout in LAYOUTS.iter() {
        match parse_layout(layout, text) {
            Outcome::Ok(written) => return Ok(Some(written)),
            Outcome::Range(reason, progress) => {
                if progress > 0 && best.as_ref().is_none_or(|(_, p)| progress > *p) {
                    best = Some((reason, progress));
                }
            }
            Outcome::NoMatch => {}
        }
    }
    Err(best.map_or(Problem::Format, |(reason, _)| Problem::Range(reason)))
}

/// A TOML date/time as the `toml` crate prints it: offset date-time, local
/// date-time, local date (all valid by construction), or local time, which
/// Hugo cannot use as a date.
pub fn toml(text: &str) -> Result<Written, Problem> {
    let (date_text, rest) = text.split_at(text.len().min(10));
    let Ok(date) = date_text.parse::<Date>() else {
        return Err(Problem::Range(
            "a time of day without a date is not a date".to_string(),
        ));
    };
    if rest.is_empty() {
        return Ok(Written {
            datetime: date.to_datetime(Time::midnight()),
            offset: None,
            has_time: false,
        });
    }
    let iso = format!("{date_text}T{}", &rest[1..]);
    match hugo(&iso) {
        Ok(Some(written)) => Ok(written),
        _ => Err(Problem::Format),
    }
}

/// A numeric `YYYY-M-D` (or `/`, `.`) date at the start of `text`, with an
/// optional time, as Ruby's `Date._parse` reads the ISO-like forms.
struct Numeric {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    nanos: i64,
    offset: Option<i32>,
    has_time: bool,
}

fn numeric(text: &str) -> Option<Numeric> {
    static PATTERN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"^\s*(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|GMT|[-+]\d{2}:?\d{2}|[-+]\d{2})?(?:\s+[A-Z]{3,5})?\s*$",
        )
        .unwrap_or_else(|err| panic!("built-in pattern: {err}"))
    });
    let caps = PATTERN.captures(text)?;
    if caps[2] != caps[4] {
        return None;
    }
    let num = |i: usize| -> i64 {
        caps.get(i)
            .and_then(|m| m.as_str().parse().ok())
            .unwrap_or(0)
    };
    let offset = caps.get(10).map(|m| {
        let zone = m.as_str();
        match zone.as_bytes()[0] {
            sign @ (b'+' | b'-') => {
                let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
                let h: i32 = digits.get(..2).and_then(|d| d.parse().ok()).unwrap_or(0);
                let m: i32 = digits.get(2..).and_then(|d| d.parse().ok()).unwrap_or(0);
                let seconds = (h * 60 + m) * 60;
                if sign == b'-' { -seconds } else { seconds }
            }
            _ => 0,
        }
    });
    Some(Numeric {
        year: num(1),
        month: num(3),
        day: num(5),
        hour: num(6),
        minute: num(7),
        second: num(8),
        nanos: caps.get(9).map_or(0, |m| nanos(m.as_str().as_bytes())),
        offset,
        has_time: caps.get(6).is_some(),
    })
}

/// What Jekyll makes of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JekyllDate {
    /// A date postlint can place in time.
    Known(Written),
    /// Accepted by Ruby's lenient parser in a form postlint does not
    /// interpret (`Oct 15, 2023`); never reported, never compared.
    Opaque,
    /// Accepted, but an impossible day rolled over: `2025-02-30` is read as
    /// 2025-03-02.
    RolledOver {
        written: Written,
        as_written: String,
    },
}

/// Reads a date the way Jekyll does. `yaml_timestamp` is a plain YAML
/// scalar that YAML resolves as a timestamp (UTC when it has no offset).
pub fn jekyll(text: &str, yaml_timestamp: bool) -> Result<JekyllDate, Problem> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Problem::Range("it is empty".to_string()));
    }
    let Some(n) = numeric(trimmed) else {
        // Ruby finds a date in a month name, a time of day or two groups of
        // digits (`v1.2.3` is 2001-02-03); a weekday alone, one number or
        // words have "no time information" (or are "out of range").
        static TIME_OF_DAY: LazyLock<regex::Regex> = LazyLock::new(|| {
            regex::Regex::new(r"\d{1,2}:\d{2}")
                .unwrap_or_else(|err| panic!("built-in pattern: {err}"))
        });
        // Ruby's `Date._parse` reads a leading `YYYY-MM-DD` whatever
        // follows it (`2023-01-29 18:30:22 2023 -0800`), and `Time.parse`
        // then rejects a month or day that does not exist.
        static ISO_DATE: LazyLock<regex::Regex> = LazyLock::new(|| {
            regex::Regex::new(r"^(\d{4})-(\d{1,2})-(\d{1,2})\b")
                .unwrap_or_else(|err| panic!("built-in pattern: {err}"))
        });
        if let Some(caps) = ISO_DATE.captures(trimmed) {
            let number = |i: usize| caps[i].parse::<u32>().unwrap_or(0);
            if !(1..=12).contains(&number(2)) {
                return Err(Problem::Range(format!(
                    "month {} does not exist",
                    number(2)
                )));
            }
            if !(1..=31).contains(&number(3)) {
                return Err(Problem::Range(format!("day {} does not exist", number(3))));
            }
        }
        let lower = trimmed.to_ascii_lowercase();
        let named = MONTHS
            .iter()
            .any(|name| lower.contains(&name[..3].to_ascii_lowercase()));
        let digit_groups = trimmed
            .split(|c: char| !c.is_ascii_digit())
            .filter(|group| !group.is_empty())
            .count();
        return if named || digit_groups >= 2 || TIME_OF_DAY.is_match(trimmed) {
            Ok(JekyllDate::Opaque)
        } else {
            Err(Problem::Empty)
        };
    };
    if !(1..=12).contains(&n.month) {
        return Err(Problem::Range(format!("month {} does not exist", n.month)));
    }
    if !(1..=31).contains(&n.day) {
        return Err(Problem::Range(format!("day {} does not exist", n.day)));
    }
    if n.hour > 24 {
        return Err(Problem::Range(format!("hour {} is out of range", n.hour)));
    }
    if n.minute > 59 {
        return Err(Problem::Range(format!(
            "minute {} is out of range",
            n.minute
        )));
    }
    if n.second > 60 {
        return Err(Problem::Range(format!(
            "second {} is out of range",
            n.second
        )));
    }
    let Ok(first) = Date::new(n.year as i16, n.month as i8, 1) else {
        return Err(Problem::Range(format!("year {} is out of range", n.year)));
    };
    // Ruby rolls day 29–31 of a shorter month, hour 24 and second 60 over.
    let Ok(date) = first.checked_add(jiff::Span::new().days(n.day - 1)) else {
        return Err(Problem::Range(format!("year {} is out of range", n.year)));
    };
    let midnight = date.to_datetime(Time::midnight());
    let Ok(datetime) = midnight.checked_add(
        jiff::Span::new()
            .hours(n.hour)
            .minutes(n.minute)
            .seconds(n.second)
            .nanoseconds(n.nanos),
    ) else {
        return Err(Problem::Range(format!("year {} is out of range", n.year)));
    };
    // A plain YAML timestamp without an offset is UTC; a string without
    // one is read in the site's zone.
    let offset = match n.offset {
        Some(offset) => Some(offset),
        None if yaml_timestamp && n.has_time => Some(0),
        None => None,
    };
    let written = Written {
        datetime,
        offset,
        has_time: n.has_time,
    };
    if n.day > i64::from(first.days_in_month()) {
        return Ok(JekyllDate::RolledOver {
            written,
            as_written: format!("{:04}-{:02}-{:02}", n.year, n.month, n.day),
        });
    }
    Ok(JekyllDate::Known(written))
}

/// The site's time zone by IANA name (UTC when unset or unknown), from the
/// time zone database bundled in the binary, looked up once per name.
pub fn zone(name: Option<&str>) -> TimeZone {
    static CACHE: LazyLock<Mutex<Vec<(String, TimeZone)>>> =
        LazyLock::new(|| Mutex::new(Vec::new()));
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return TimeZone::UTC;
    };
    let mut cache = match CACHE.lock() {
        Ok(cache) => cache,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some((_, tz)) = cache.iter().find(|(n, _)| n == name) {
        return tz.clone();
    }
    let tz = TimeZone::get(name).unwrap_or(TimeZone::UTC);
    cache.push((name.to_string(), tz.clone()));
    tz
}

/// A calendar date in Jekyll's `_posts` file names (`YYYY-MM-DD-title.ext`,
/// Jekyll's `DATE_FILENAME_MATCHER`, which takes two to four digits for the
/// year and one or two for month and day). `None` when the name does not
/// match: Jekyll skips such a file.
pub fn jekyll_filename(name: &str) -> Option<(&str, &str)> {
    static PATTERN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$")
            .unwrap_or_else(|err| panic!("built-in pattern: {err}"))
    });
    let caps = PATTERN.captures(name)?;
    Some((caps.get(1)?.as_str(), caps.get(2)?.as_str()))
}

/// Dates Hugo 0.168 accepts (each checked on a scratch site): the cases
/// of FM007's tests and of the built-in schema's.
#[cfg(test)]
pub(crate) const HUGO_ACCEPTS: &[&str] = &[
    "2025-01-10",
    "2025-01-10T19:00:00Z",
    "2025-01-10T19:00:00",
    "2025-01-10 19:00:00",
    "2025-01-10  19:00:00",
    "2025-01-10 19:00:00 +0000",
    "2025-01-10 19:00:00Z",
    "2025-01-10T19:00:00+0100",
    "2025-01-10T19:00:00.5+01:00",
    "2025-01-10T19:00:00.123",
    "2025-01-10T19:00:00.1234567891Z",
    "2025-01-10T9:00:00Z",
    "2025-01-10 9:05:03",
    "2025-01-10 19:00:00 -07:00",
    "2025-01-10 19:00:00.5 -0700",
    "2025-01-10 19:00:00 -0700 MST",
    "15 Oct 2023",
    "Mon, 02 Jan 2006 15:04:05 -0700",
    "Fri, 10 Jan 2025 19:00:00 CET",
    "3:04PM",
    "Jan 10 19:00:00",
    "2024-02-29",
    "0001-01-01",
];

/// Dates Hugo 0.168 rejects in front matter (each checked on a scratch
/// site).
#[cfg(test)]
pub(crate) const HUGO_REJECTS: &[&str] = &[
    "2025-1-5",
    "2025-01-10t19:00:00z",
    "2025/01/10",
    "yesterday",
    "Oct 15, 2023",
    "2025-01-10T19:00Z",
    "2025-01-10 19:00",
    "2025-01-10 19:00:00 UTC",
    "10000-01-01",
    "2025-01-10T19:00:00+01",
    "2025-01-10\t19:00:00",
    "2025-01-10 19:00:00 Z",
    "2025-01-10T19:00:00 +01:00",
    "2025-01-10_19:00:00",
    "2025-01-10T19:00:00+01:00:00",
    "15:04:05",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Written {
        match hugo(text) {
            Ok(Some(w)) => w,
            other => panic!("{text:?} should parse, got {other:?}"),
        }
    }

    fn bad(text: &str) -> Problem {
        match hugo(text) {
            Err(problem) => problem,
            Ok(w) => panic!("{text:?} should fail, got {w:?}"),
        }
    }

    /// Every case here was checked against Hugo 0.168 on a scratch site.
    #[test]
    fn hugo_accepts_what_hugo_accepts() {
        for text in HUGO_ACCEPTS {
            ok(text);
        }
        assert_eq!(hugo(""), Ok(None));
    }

    #[test]
    fn hugo_rejects_what_hugo_rejects() {
        for text in HUGO_REJECTS {
            bad(text);
        }
        // The reason comes from the layout that matched furthest.
        assert_eq!(bad("2025-1-5"), Problem::Format);
        assert_eq!(bad("2025-01-10 19:00"), Problem::Format);
        assert_eq!(
            bad("2025-13-45"),
            Problem::Range("month 13 does not exist".into())
        );
        assert_eq!(
            bad("2025-02-30"),
            Problem::Range("February 2025 has 28 days".into())
        );
        assert_eq!(
            bad("2023-02-29"),
            Problem::Range("February 2023 has 28 days".into())
        );
        assert_eq!(
            bad("2025-01-10T25:00:00Z"),
            Problem::Range("hour 25 is out of range".into())
        );
        assert_eq!(
            bad("2025-01-10T19:00:60Z"),
            Problem::Range("second 60 is out of range".into())
        );
        assert_eq!(
            bad("2025-01-10T23:59:59-25:00"),
            Problem::Range("time zone offset hour 25 is out of range".into())
        );
    }

    #[test]
    fn offsets_and_zones_place_the_instant() {
        let oslo = zone(Some("Europe/Oslo"));
        let naive = ok("2026-11-18");
        assert_eq!(naive.offset, None);
        assert_eq!(
            naive.instant(&oslo).unwrap().to_string(),
            "2026-11-17T23:00:00Z"
        );
        let explicit = ok("2024-10-19T00:32:13-07:00");
        assert_eq!(
            explicit.instant(&oslo).unwrap().to_string(),
            "2024-10-19T07:32:13Z"
        );
        assert_eq!(ok("3:04PM").datetime.to_string(), "0000-01-01T15:04:00");
        assert_eq!(zone(Some("Not/AZone")), TimeZone::UTC);
    }

    #[test]
    fn toml_values() {
        assert!(toml("1979-05-27T07:32:00Z").is_ok());
        assert!(toml("1979-05-27T07:32:00.999999-07:00").is_ok());
        assert!(toml("1979-05-27T07:32:00").is_ok());
        assert!(!toml("1979-05-27").unwrap().has_time);
        assert!(toml("07:32:00").is_err());
    }

    /// Checked against Ruby 3.1's `Time.parse` and Jekyll 4.3 builds.
    #[test]
    fn jekyll_reads_like_ruby() {
        assert!(matches!(
            jekyll("2025-01-10 19:00:00 +0000", true),
            Ok(JekyllDate::Known(_))
        ));
        assert!(matches!(
            jekyll("2025-1-5 3:4:5", false),
            Err(_) | Ok(JekyllDate::Opaque)
        ));
        assert!(matches!(
            jekyll("2025/01/10", false),
            Ok(JekyllDate::Known(_))
        ));
        assert!(matches!(
            jekyll("Oct 15, 2023", false),
            Ok(JekyllDate::Opaque)
        ));
        assert!(matches!(
            jekyll("2025-02-30", true),
            Ok(JekyllDate::RolledOver { .. })
        ));
        assert_eq!(
            jekyll("2025-13-45", true),
            Err(Problem::Range("month 13 does not exist".into()))
        );
        assert_eq!(jekyll("", false), Err(Problem::Range("it is empty".into())));
        assert_eq!(jekyll("yesterday", false), Err(Problem::Empty));
        assert_eq!(jekyll("next tuesday", false), Err(Problem::Empty));
        assert_eq!(jekyll("2024", false), Err(Problem::Empty));
        assert_eq!(jekyll("June 2024", false), Ok(JekyllDate::Opaque));
        // Ruby reads the leading date of a text it otherwise skims.
        assert_eq!(
            jekyll("2023-01-29 18:30:22 2023 -0800", false),
            Ok(JekyllDate::Opaque)
        );
        assert_eq!(
            jekyll("2023-13-29 18:30:22 2023 -0800", false),
            Err(Problem::Range("month 13 does not exist".into()))
        );
        assert_eq!(jekyll("Monday 10:00", false), Ok(JekyllDate::Opaque));
        assert!(jekyll("2025-01-32", false).is_err());
        // A plain YAML timestamp without an offset is UTC; a string is local.
        let utc = match jekyll("2025-01-10 02:00:00", true) {
            Ok(JekyllDate::Known(w)) => w,
            other => panic!("{other:?}"),
        };
        let la = zone(Some("America/Los_Angeles"));
        assert_eq!(utc.local_date(&la).unwrap().to_string(), "2025-01-09");
        let local = match jekyll("2025-01-10 02:00:00", false) {
            Ok(JekyllDate::Known(w)) => w,
            other => panic!("{other:?}"),
        };
        assert_eq!(local.local_date(&la).unwrap().to_string(), "2025-01-10");
    }

    #[test]
    fn jekyll_post_file_names() {
        assert_eq!(
            jekyll_filename("2025-01-10-hello.md"),
            Some(("2025-01-10", "hello"))
        );
        assert_eq!(
            jekyll_filename("2025-1-10-a.markdown"),
            Some(("2025-1-10", "a"))
        );
        assert_eq!(jekyll_filename("2025-01-10.md"), None);
        assert_eq!(jekyll_filename("hello.md"), None);
    }
}
