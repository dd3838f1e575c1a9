//! The wizard steps, one file each.

pub mod type_determination;
