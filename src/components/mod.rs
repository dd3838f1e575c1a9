//! Building blocks shared by the wizard steps.

pub mod choice_field;
pub mod field_messages;
pub mod person_fields;
pub mod save_status;
pub mod select_field;
pub mod step_nav;
pub mod text_field;
