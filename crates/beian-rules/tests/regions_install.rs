//! The division table as the browser client gets it: not compiled in, installed once fetched.
//! Run with `cargo test -p beian-rules --no-default-features --test regions_install`
//! (scripts/test does); with the default features there is nothing to test here.
#![cfg(not(feature = "embedded-regions"))]

use beian_rules::validate::validate_region;
use beian_rules::{regions, Region};

#[test]
fn region_rules_wait_for_the_table_then_apply() {
    assert!(!regions::is_loaded());
    assert_eq!(regions::provinces().count(), 0);
    let mismatched = Region {
        province: "44".into(),
        city: "4403".into(),
        district: "110101".into(),
    };
    // Before: only "chosen or not"; no false "unknown code" errors for a restored draft.
    assert!(validate_region(&mismatched).is_empty());
    let missing = Region::default();
    assert_eq!(
        validate_region(&missing)[0].code.as_str(),
        "region.required"
    );

    assert!(regions::install(include_str!("../data/regions.tsv")));
    assert!(regions::is_loaded());
    assert_eq!(regions::as_of(), "2023-06-30");
    assert_eq!(
        validate_region(&mismatched)[0].code.as_str(),
        "region.not_in_parent"
    );
    // A second install keeps the first table.
    assert!(regions::install("11\tnot the real table\n"));
    assert_eq!(regions::find("4403").unwrap().name, "深圳市");
}
