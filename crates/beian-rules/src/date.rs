//! A calendar date without time or zone: enough for birth dates and ages. The rules crate does
//! no I/O, so "today" is always given by the caller.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CivilDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl CivilDate {
    /// A date that exists in the Gregorian calendar (years 1000 to 9999).
    pub fn new(year: u16, month: u8, day: u8) -> Option<CivilDate> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1000..=9999).contains(&year) && (1..=days).contains(&day)).then_some(CivilDate {
            year,
            month,
            day,
        })
    }

    /// `YYYYMMDD` as in identity numbers.
    pub fn parse_compact(s: &str) -> Option<CivilDate> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        CivilDate::new(
            s[..4].parse().ok()?,
            s[4..6].parse().ok()?,
            s[6..].parse().ok()?,
        )
    }

    /// The date `days` after 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days).
    pub fn from_unix_days(days: i64) -> Option<CivilDate> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        CivilDate::new(u16::try_from(year).ok()?, month as u8, day as u8)
    }

    /// The date in China (UTC+8, no daylight saving) at `unix_seconds`. The rules read no
    /// clock: the server, the CLI and the browser pass theirs.
    pub fn in_china_at(unix_seconds: i64) -> Option<CivilDate> {
        CivilDate::from_unix_days((unix_seconds + 8 * 3600).div_euclid(86_400))
    }

    /// Whole years from `self` (a birth date) to `on`.
    pub fn age_on(self, on: CivilDate) -> i32 {
        let mut years = i32::from(on.year) - i32::from(self.year);
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }
}

impl std::fmt::Display for CivilDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_and_ages() {
        assert!(CivilDate::new(2024, 2, 29).is_some());
        assert!(CivilDate::new(1900, 2, 29).is_none());
        assert!(CivilDate::new(2000, 2, 29).is_some());
        assert!(CivilDate::parse_compact("19491231").is_some());
        assert!(CivilDate::parse_compact("19491331").is_none());
        let birth = CivilDate::new(2008, 11, 23).unwrap();
        assert_eq!(birth.age_on(CivilDate::new(2026, 11, 22).unwrap()), 17);
        assert_eq!(birth.age_on(CivilDate::new(2026, 11, 23).unwrap()), 18);
        assert_eq!(CivilDate::from_unix_days(0), CivilDate::new(1970, 1, 1));
        assert_eq!(
            CivilDate::from_unix_days(11_016),
            CivilDate::new(2000, 2, 29)
        );
        assert_eq!(
            CivilDate::from_unix_days(20_779),
            CivilDate::new(2026, 11, 22)
        );
    }
}
