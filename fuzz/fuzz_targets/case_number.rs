//! Fuzz target: 案号 parsing never panics, and a parsed number's canonical form parses again to the same
//! value (and is its own canonical form).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixing_core::ids::case_number::CaseNumber;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(number) = CaseNumber::parse(s) {
            let canonical = number.canonical();
            let reparsed = CaseNumber::parse(&canonical);
            assert_eq!(reparsed, Ok(number.clone()));
            assert_eq!(reparsed.map(|n| n.canonical()), Ok(canonical.clone()));
            assert_eq!(number.to_string(), canonical);
            let rebuilt =
                CaseNumber::new(number.year(), number.court_code(), number.case_type(), number.seq());
            assert!(rebuilt.is_ok());
        }
    }
});
