//! Fuzz target: the screening check's one-pass reading of an identifier and a name never panics, answers every
//! item, and a batch answers as single checks do.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use zhixing_core::credit::screening::{IndexEntry, Query, ScreeningIndex, key_of_normalized};
use zhixing_core::credit::{Measure, MeasureSet};

fuzz_target!(|data: &[u8]| {
    let (identifier, name) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let (Ok(identifier), Ok(name)) =
        (std::str::from_utf8(identifier), name.map(std::str::from_utf8).transpose())
    else {
        return;
    };
    let mut measures = MeasureSet::EMPTY;
    measures.insert(Measure::Flight);
    let entries = [(true, "330106198501010044", "赵六"), (false, "91440101MA5CJQ4N59", "某某有限公司")]
        .into_iter()
        .filter_map(|(person, id, name)| {
            Some(IndexEntry { key: key_of_normalized(person, id)?, name: name.to_owned(), measures })
        })
        .collect();
    let Ok(index) = ScreeningIndex::build(1, entries) else { return };
    let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default();
    let items = [Query { identifier: Some(identifier), name }, Query { identifier: None, name: Some(identifier) }];
    let Ok(answers) = index.check_batch(&items, Measure::Flight, today) else { return };
    assert_eq!(answers.len(), items.len());
    for (item, answer) in items.iter().zip(&answers) {
        assert_eq!(index.check(item.identifier, item.name, Measure::Flight, today), *answer);
    }
});
