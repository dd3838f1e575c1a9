//! The server's clock. Every time limit (sign-in codes, sessions, later the SMS check's 24 h) is
//! measured with it, so tests can drive the limits with a manual clock instead of waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The system clock, or a manual one that tests set and advance. Clones share the same time.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// `None`: the system clock; otherwise the manual time in Unix milliseconds.
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { manual: None }
    }

    /// A clock that stands at `at` until advanced.
    pub fn manual(at: OffsetDateTime) -> Clock {
        Clock {
            manual: Some(Arc::new(AtomicI64::new(unix_millis(at)))),
        }
    }

    /// Moves a manual clock on (the system clock ignores this).
    pub fn advance(&self, by: time::Duration) {
        if let Some(m) = &self.manual {
            m.fetch_add(by.whole_milliseconds() as i64, Ordering::SeqCst);
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        match &self.manual {
            None => OffsetDateTime::now_utc(),
            Some(m) => {
                let ms = m.load(Ordering::SeqCst);
                OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH)
            }
        }
    }

    /// Now as stored in the database: RFC 3339 in UTC, which sorts as text.
    pub fn now_text(&self) -> String {
        format_time(self.now())
    }
}

/// A time as stored in the database (RFC 3339, UTC, fixed width to the millisecond so that text
/// order is time order).
pub fn format_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    let at = at
        .replace_nanosecond(at.millisecond() as u32 * 1_000_000)
        .unwrap_or(at);
    at.format(&time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    ))
    .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".to_owned())
}

/// A stored time read back; `None` if it is not RFC 3339.
pub fn parse_time(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

fn unix_millis(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn manual_clock_stands_and_advances_for_every_clone() {
        let clock = Clock::manual(datetime!(2026-11-23 08:00 UTC));
        let other = clock.clone();
        assert_eq!(clock.now_text(), "2026-11-23T08:00:00.000Z");
        other.advance(time::Duration::hours(24));
        assert_eq!(clock.now(), datetime!(2026-11-24 08:00 UTC));
        assert_eq!(parse_time(&clock.now_text()), Some(clock.now()));
    }

    #[test]
    fn stored_times_sort_as_text() {
        let a = format_time(datetime!(2026-11-23 08:00:00.5 UTC));
        let b = format_time(datetime!(2026-11-23 08:00:01 UTC));
        assert!(a < b, "{a} < {b}");
    }
}
