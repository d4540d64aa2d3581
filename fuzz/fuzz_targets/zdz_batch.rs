//! Fuzz target for the 总对总 wire format: any bytes either fail to parse as a `Batch` or parse into one
//! that `Batch::validate` accepts or refuses naming a field — never a panic; an accepted batch round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixing_core::inquiry::protocol::Batch;

fuzz_target!(|data: &[u8]| {
    let Ok(batch) = serde_json::from_slice::<Batch>(data) else {
        return;
    };
    match batch.validate() {
        Ok(()) => {
            let text = serde_json::to_vec(&batch).expect("a batch serializes");
            assert_eq!(serde_json::from_slice::<Batch>(&text).ok(), Some(batch));
        }
        Err(error) => assert!(!error.field.is_empty()),
    }
});
