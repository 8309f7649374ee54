//! Calendar dates as answers files carry them: a TOML date, or `YYYY-MM-DD` in JSON.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A calendar date (no time, no zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Builds a date, checking that it exists.
    pub fn new(year: i16, month: i8, day: i8) -> Option<Self> {
        jiff::civil::Date::new(year, month, day).ok().map(Self)
    }

    /// Whole days from `earlier` to `self` (negative when `self` is earlier).
    pub fn days_since(self, earlier: Self) -> i64 {
        let span = self.0.since(earlier.0).ok();
        span.map_or(0, |s| i64::from(s.get_days()))
    }

    /// The date `days` days before this one.
    pub fn minus_days(self, days: i64) -> Self {
        let span = jiff::Span::new().try_days(days).unwrap_or_default();
        Self(self.0.checked_sub(span).unwrap_or(self.0))
    }

    /// Parses `YYYY-MM-DD`, or the date part of a TOML date-time.
    pub fn parse(text: &str) -> Result<Self, String> {
        let datetime: toml::value::Datetime = text
            .trim()
            .parse()
            .map_err(|_| format!("\"{text}\" is not a date; write it as YYYY-MM-DD"))?;
        Self::from_toml(&datetime)
    }

    fn from_toml(datetime: &toml::value::Datetime) -> Result<Self, String> {
        let date = datetime
            .date
            .ok_or_else(|| format!("{datetime} has no date part; write it as YYYY-MM-DD"))?;
        let year =
            i16::try_from(date.year).map_err(|_| format!("{datetime}: year out of range"))?;
        let month = i8::try_from(date.month).unwrap_or(0);
        let day = i8::try_from(date.day).unwrap_or(0);
        Self::new(year, month, day)
            .ok_or_else(|| format!("{datetime} is not a day of the calendar"))
    }

    /// As a TOML date value, for writing answers files.
    pub fn to_toml(self) -> toml::value::Datetime {
        toml::value::Datetime {
            date: Some(toml::value::Date {
                year: u16::try_from(self.0.year()).unwrap_or(0),
                month: u8::try_from(self.0.month()).unwrap_or(1),
                day: u8::try_from(self.0.day()).unwrap_or(1),
            }),
            time: None,
            offset: None,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.strftime("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date such as 2026-11-23")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text).map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
                // TOML hands its native dates over as a one-entry map.
                let datetime =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Date::from_toml(&datetime).map_err(de::Error::custom)
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        date: Date,
    }

    #[test]
    fn reads_toml_dates_and_json_strings() {
        let from_toml: Holder = toml::from_str("date = 2026-11-23").unwrap();
        let from_json: Holder = serde_json::from_str(r#"{"date": "2026-11-23"}"#).unwrap();
        assert_eq!(from_toml.date, from_json.date);
        assert_eq!(from_toml.date.to_string(), "2026-11-23");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert!(serde_json::from_str::<Holder>(r#"{"date": "2026-02-30"}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"date": "soon"}"#).is_err());
        assert!(toml::from_str::<Holder>("date = 12:00:00").is_err());
    }

    #[test]
    fn day_arithmetic() {
        let a = Date::new(2026, 1, 1).unwrap();
        let b = Date::new(2026, 3, 2).unwrap();
        assert_eq!(b.days_since(a), 60);
        assert_eq!(b.minus_days(60), a);
        assert_eq!(a.days_since(b), -60);
    }
}
