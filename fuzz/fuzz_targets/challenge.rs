//! Fuzzes the RFC 9110 challenge and credentials parser: any text gives challenges or an error
//! whose offset lies inside the text, never a panic.

#![no_main]

use errdocs::lint::challenge::{parse_challenges, parse_credentials};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for result in [parse_challenges(text).map(|_| ()), parse_credentials(text).map(|_| ())] {
        if let Err(e) = result {
            assert!(e.offset <= text.len(), "{e:?}");
        }
    }
});
