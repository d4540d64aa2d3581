//! Fuzz target: 统一社会信用代码 parsing never panics, and a parsed code's normalized form parses again to
//! the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixing_core::ids::uscc::{Uscc, check_character};

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(code) = Uscc::parse(s) {
            assert_eq!(Uscc::parse(code.as_str()), Ok(code.clone()));
            assert_eq!(code.as_str().len(), 18);
            assert_eq!(check_character(&code.as_str()[..17]), code.as_str().chars().nth(17));
            assert!(code.region_code().bytes().all(|b| b.is_ascii_digit()));
            let _ = code.org_code_check();
        }
    }
});
