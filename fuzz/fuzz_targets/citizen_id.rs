//! Fuzz target: 公民身份号码 parsing never panics, and a parsed number's normalized form parses again to
//! the same value.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use zhixing_core::ids::citizen_id::{CitizenId, check_character};

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let Some(today) = NaiveDate::from_ymd_opt(2025, 6, 1) else { return };
        if let Ok(id) = CitizenId::parse(s, today) {
            assert_eq!(CitizenId::parse(id.as_str(), today), Ok(id.clone()));
            assert_eq!(id.as_str().len(), 18);
            assert_eq!(check_character(&id.as_str()[..17]), id.as_str().chars().nth(17));
            assert!(id.birth_date() <= today);
            assert_eq!(id.masked().len(), 18);
            assert_eq!(id.region_code().len(), 6);
        }
    }
});
