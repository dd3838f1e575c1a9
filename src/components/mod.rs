//! Building blocks shared by the wizard steps.

pub mod field_messages;
pub mod select_field;
