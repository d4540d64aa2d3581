//! Fuzz target: reading a linkage unit's snapshot never panics, a snapshot read writes back to JSON that reads
//! to the same value, and a lookup in it answers or refuses without panicking.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use zhixing_core::credit::feed::Snapshot;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(snapshot) = Snapshot::from_json(s) {
            assert_eq!(Snapshot::from_json(&snapshot.to_json()).as_ref(), Ok(&snapshot));
            assert!(snapshot.entries().windows(2).all(|w| w[0].hash < w[1].hash));
            let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default();
            let _ = snapshot.lookup(&[0; 32], snapshot.unit(), today);
        }
    }
});
