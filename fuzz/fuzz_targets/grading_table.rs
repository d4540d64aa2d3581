//! Fuzz target: reading a court's grading table never panics; a table that reads writes back to JSON that reads
//! to the same rules, and grades any debtor without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixing_core::credit::{GradingFacts, GradingRules, GradingTable};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(rules) = GradingRules::from_json(text) else { return };
    let Ok(table) = serde_json::from_str::<GradingTable>(text) else { return };
    let again = serde_json::to_string(&table).unwrap_or_default();
    assert_eq!(GradingRules::from_json(&again).as_ref(), Ok(&rules));
    for facts in [
        GradingFacts::default(),
        GradingFacts {
            listed: true,
            cases: u32::MAX,
            violations: 3,
            prior_listings: 2,
            public_status: true,
            serious_violence: true,
            ..GradingFacts::default()
        },
    ] {
        let grade = rules.grade(&facts);
        assert!(grade.level <= rules.levels());
        assert_eq!(grade.level == 0, !facts.listed);
    }
});
