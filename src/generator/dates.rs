//! Dates as the generators read them: a date and time as written and the
//! instant it is in a site's time zone (`Written`), why one does not parse
//! (`Problem`), and the calendar arithmetic of permalinks and Jekyll post
//! file names (`PermalinkDate`). Each generator's parser is in its module:
//! `hugo::dates` (Go layouts, spf13/cast) and `jekyll::dates` (Ruby).

use std::sync::{LazyLock, Mutex};

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};

/// A date and time as written, before a time zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

    /// The instant for comparing with now: a date the generator accepts
    /// but no timestamp can hold (`9999-12-31` read west of UTC runs past
    /// the last instant) is the last (or first) instant there is, so it is
    /// still after (or before) today.
    pub fn instant_for_comparison(&self, tz: &TimeZone) -> Option<Timestamp> {
        self.instant(tz).or_else(|| {
            if self.datetime.year() >= 9999 {
                Some(Timestamp::MAX)
            } else if self.datetime.year() <= -9999 {
                Some(Timestamp::MIN)
            } else {
                None
            }
        })
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

/// Parses the fraction digits after a `.` or `,` (Go's `parseNanoseconds`).
pub(crate) fn nanos(digits: &[u8]) -> i64 {
    let mut n: i64 = 0;
    for (i, d) in digits.iter().take(9).enumerate() {
        n += i64::from(d - b'0') * 10_i64.pow(8 - i as u32);
    }
    n
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

/// A calendar date and time, for permalink tokens (`:year`, `:day`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PermalinkDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl PermalinkDate {
    /// Reads the `YYYY-MM-DD` (or `YYYY-M-D`) date of a file name.
    pub fn parse_date(text: &str) -> Option<PermalinkDate> {
        let mut parts = text.splitn(3, '-');
        let number = |part: Option<&str>, max_len: usize| -> Option<u32> {
            let part = part?;
            (!part.is_empty() && part.len() <= max_len && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())?
        };
        let year = number(parts.next(), 4)? as i32;
        let month = number(parts.next(), 2)?;
        let day = number(parts.next(), 2)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(PermalinkDate {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        })
    }

    /// A jiff civil date and time.
    pub fn from_civil(civil: jiff::civil::DateTime) -> PermalinkDate {
        PermalinkDate {
            year: i32::from(civil.year()),
            month: civil.month() as u32,
            day: civil.day() as u32,
            hour: civil.hour() as u32,
            minute: civil.minute() as u32,
            second: civil.second() as u32,
        }
    }

    /// 0 = Sunday.
    pub fn weekday(&self) -> u32 {
        (days_from_civil(self.year, self.month, self.day) + 4).rem_euclid(7) as u32
    }

    /// 1-based day of the year.
    pub fn year_day(&self) -> u32 {
        (days_from_civil(self.year, self.month, self.day) - days_from_civil(self.year, 1, 1)) as u32
            + 1
    }

    /// Hugo's zero time (`0001-01-01`), what a page without a date has.
    pub fn zero() -> PermalinkDate {
        PermalinkDate {
            year: 1,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
        }
    }
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The `YYYY-MM-DD-` prefix of a file name, and the rest.
pub fn file_name_date(stem: &str) -> Option<(PermalinkDate, &str)> {
    let mut dashes = stem.match_indices('-').map(|(i, _)| i);
    let third = dashes.nth(2)?;
    let date = PermalinkDate::parse_date(&stem[..third])?;
    Some((date, &stem[third + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = PermalinkDate::parse_date("2024-03-04").unwrap();
        assert_eq!((d.year, d.month, d.day), (2024, 3, 4));
        assert_eq!(d.weekday(), 1);
        assert!(PermalinkDate::parse_date("2024-13-01").is_none());
        assert!(PermalinkDate::parse_date("2024-02-30").is_none());
        assert_eq!(PermalinkDate::parse_date("2010-7-21").unwrap().month, 7);
        assert_eq!(
            PermalinkDate::parse_date("2024-12-31").unwrap().year_day(),
            366
        );
        let (date, rest) = file_name_date("2024-03-05-hello-world").unwrap();
        assert_eq!((date.day, rest), (5, "hello-world"));
    }
}
