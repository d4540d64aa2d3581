//! Identifiers that carry a rule: 公民身份号码, 统一社会信用代码, 案号.
//!
//! Each is a type that can only hold a valid value (parse, don't validate).

pub mod case_number;
pub mod citizen_id;
pub mod uscc;

/// Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space folded to ASCII.
pub fn fold_full_width(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}
