//! Time comes in from outside: the domain never reads the system clock.
//!
//! The binary installs [`SystemClock`]-like implementations (in the store crate); tests use
//! [`FixedClock`], which they move forward by hand, so that a test can cross six months of 终本
//! re-queries in microseconds.

use chrono::{DateTime, Utc};
use std::sync::Mutex;

/// China Standard Time (UTC+8, no daylight saving): the zone of legal dates.
pub const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

/// The legal (local) date of an instant: legal periods are counted in dates in China.
pub fn china_date(at: DateTime<Utc>) -> chrono::NaiveDate {
    (at + chrono::Duration::seconds(i64::from(CHINA_OFFSET_SECONDS))).date_naive()
}

/// Anything that can say what time it is.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant (UTC).
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that only moves when told to: the simulated clock of tests and benchmarks.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<DateTime<Utc>>,
}

impl FixedClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self { now: Mutex::new(start) }
    }

    /// Moves the clock forward (or back) by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn china_date_turns_at_16_utc() {
        let at = |h| Utc.with_ymd_and_hms(2024, 9, 30, h, 0, 0).unwrap();
        assert_eq!(china_date(at(15)).to_string(), "2024-09-30");
        assert_eq!(china_date(at(16)).to_string(), "2024-10-01");
    }
}
