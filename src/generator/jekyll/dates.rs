//! Front matter dates as Jekyll reads them.
//!
//! Jekyll reads a plain YAML timestamp as a Ruby `Time` (UTC when it has no
//! offset) and hands anything else to Ruby's `Time.parse` in the site's
//! time zone, which is lenient (`Oct 15, 2023` works) and rolls impossible
//! days over (`2025-02-30` becomes March 2) but rejects a month above 12, a
//! day above 31 and text with no date in it, failing the build.

use std::sync::LazyLock;

use jiff::civil::{Date, Time};

use crate::generator::dates::{MONTHS, Problem, Written, nanos};
use crate::value::{Node, Value, shape};

/// A Jekyll `date` as Jekyll reads it: YAML timestamps, else the value's
/// text through Ruby's `Time.parse` (an empty value fails the build too).
pub fn read(node: &Node) -> Result<JekyllDate, Problem> {
    match &node.value {
        Value::Datetime(text) => parse(text, true),
        Value::Str { text, .. } => parse(text, false),
        Value::Null => Err(Problem::Range("it is empty".to_string())),
        Value::Int(_) | Value::Float(_) => Err(Problem::Range(
            "Ruby cannot read a number as a date".to_string(),
        )),
        Value::Bool(_) | Value::Seq(_) | Value::Map(_) => {
            Err(Problem::Range(format!("{} is not a date", shape(node))))
        }
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
pub fn parse(text: &str, yaml_timestamp: bool) -> Result<JekyllDate, Problem> {
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

/// A calendar date in Jekyll's `_posts` file names (`YYYY-MM-DD-title.ext`,
/// Jekyll's `DATE_FILENAME_MATCHER`, which takes two to four digits for the
/// year and one or two for month and day). `None` when the name does not
/// match: Jekyll skips such a file.
pub fn parse_file_name(name: &str) -> Option<(&str, &str)> {
    static PATTERN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$")
            .unwrap_or_else(|err| panic!("built-in pattern: {err}"))
    });
    let caps = PATTERN.captures(name)?;
    Some((caps.get(1)?.as_str(), caps.get(2)?.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::dates::zone;

    /// Checked against Ruby 3.1's `Time.parse` and Jekyll 4.3 builds.
    #[test]
    fn jekyll_reads_like_ruby() {
        assert!(matches!(
            parse("2025-01-10 19:00:00 +0000", true),
            Ok(JekyllDate::Known(_))
        ));
        assert!(matches!(
            parse("2025-1-5 3:4:5", false),
            Err(_) | Ok(JekyllDate::Opaque)
        ));
        assert!(matches!(
            parse("2025/01/10", false),
            Ok(JekyllDate::Known(_))
        ));
        assert!(matches!(
            parse("Oct 15, 2023", false),
            Ok(JekyllDate::Opaque)
        ));
        assert!(matches!(
            parse("2025-02-30", true),
            Ok(JekyllDate::RolledOver { .. })
        ));
        assert_eq!(
            parse("2025-13-45", true),
            Err(Problem::Range("month 13 does not exist".into()))
        );
        assert_eq!(parse("", false), Err(Problem::Range("it is empty".into())));
        assert_eq!(parse("yesterday", false), Err(Problem::Empty));
        assert_eq!(parse("next tuesday", false), Err(Problem::Empty));
        assert_eq!(parse("2024", false), Err(Problem::Empty));
        assert_eq!(parse("June 2024", false), Ok(JekyllDate::Opaque));
        // Ruby reads the leading date of a text it otherwise skims.
        assert_eq!(
            parse("2023-01-29 18:30:22 2023 -0800", false),
            Ok(JekyllDate::Opaque)
        );
        assert_eq!(
            parse("2023-13-29 18:30:22 2023 -0800", false),
            Err(Problem::Range("month 13 does not exist".into()))
        );
        assert_eq!(parse("Monday 10:00", false), Ok(JekyllDate::Opaque));
        assert!(parse("2025-01-32", false).is_err());
        // A plain YAML timestamp without an offset is UTC; a string is local.
        let utc = match parse("2025-01-10 02:00:00", true) {
            Ok(JekyllDate::Known(w)) => w,
            other => panic!("{other:?}"),
        };
        let la = zone(Some("America/Los_Angeles"));
        assert_eq!(utc.local_date(&la).unwrap().to_string(), "2025-01-09");
        let local = match parse("2025-01-10 02:00:00", false) {
            Ok(JekyllDate::Known(w)) => w,
            other => panic!("{other:?}"),
        };
        assert_eq!(local.local_date(&la).unwrap().to_string(), "2025-01-10");
    }

    #[test]
    fn jekyll_post_file_names() {
        assert_eq!(
            parse_file_name("2025-01-10-hello.md"),
            Some(("2025-01-10", "hello"))
        );
        assert_eq!(
            parse_file_name("2025-1-10-a.markdown"),
            Some(("2025-1-10", "a"))
        );
        assert_eq!(parse_file_name("2025-01-10.md"), None);
        assert_eq!(parse_file_name("hello.md"), None);
    }
}
