//! Front matter dates as Hugo reads them.
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

use std::sync::LazyLock;

use jiff::civil::{Date, DateTime, Time};

use crate::generator::dates::{MONTHS, Problem, WEEKDAYS, Written, nanos};
use crate::value::{Format, Node, Value, shape};

/// A Hugo date field's value as Hugo reads it; `Ok(None)` for no date
/// (empty, or a number Hugo reads as Unix time).
pub fn read(node: &Node, format: Format) -> Result<Option<Written>, Problem> {
    match &node.value {
        Value::Null => Ok(None),
        Value::Str { text, .. } => parse(text),
        Value::Datetime(text) if format == Format::Toml => parse_toml(text).map(Some),
        Value::Datetime(text) => parse(text),
        Value::Int(seconds) if format != Format::Json => {
            let Ok(at) = jiff::Timestamp::from_second(*seconds) else {
                return Err(Problem::Range(format!(
                    "{seconds} seconds since 1970 is out of range"
                )));
            };
            Ok(Some(Written {
                datetime: jiff::tz::Offset::UTC.to_datetime(at),
                offset: Some(0),
                has_time: true,
            }))
        }
        Value::Int(_) | Value::Float(_) => Err(Problem::Range(
            "a number is not a date (Hugo reads JSON numbers as floating point, which it cannot use as a date)"
                .to_string(),
        )),
        Value::Bool(_) | Value::Seq(_) | Value::Map(_) => Err(Problem::Range(format!(
            "{} is not a date",
            shape(node)
        ))),
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
pub fn parse(text: &str) -> Result<Option<Written>, Problem> {
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
pub fn parse_toml(text: &str) -> Result<Written, Problem> {
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
    match parse(&iso) {
        Ok(Some(written)) => Ok(written),
        _ => Err(Problem::Format),
    }
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
    use crate::generator::dates::zone;
    use jiff::tz::TimeZone;

    fn ok(text: &str) -> Written {
        match parse(text) {
            Ok(Some(w)) => w,
            other => panic!("{text:?} should parse, got {other:?}"),
        }
    }

    fn bad(text: &str) -> Problem {
        match parse(text) {
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
        assert_eq!(parse(""), Ok(None));
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
        assert!(parse_toml("1979-05-27T07:32:00Z").is_ok());
        assert!(parse_toml("1979-05-27T07:32:00.999999-07:00").is_ok());
        assert!(parse_toml("1979-05-27T07:32:00").is_ok());
        assert!(!parse_toml("1979-05-27").unwrap().has_time);
        assert!(parse_toml("07:32:00").is_err());
    }
}
