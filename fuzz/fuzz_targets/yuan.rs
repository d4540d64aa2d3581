//! Fuzz target for yuan amounts: `Amount::parse_yuan` never panics, any accepted string round-trips through
//! `Display`, and `to_chinese_capitals` never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixing_core::money::Amount;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(amount) = Amount::parse_yuan(input) else {
        return;
    };
    let shown = amount.to_string();
    assert_eq!(Amount::parse_yuan(&shown), Ok(amount), "{input:?} → {shown}");
    assert_eq!(Amount::from_fen(amount.fen()), Ok(amount));
    assert!(!amount.to_chinese_capitals().is_empty());
});
