//! Building blocks shared by the wizard steps.

pub mod choice_field;
pub mod field_messages;
pub mod person_fields;
pub mod save_status;
pub mod select_field;
pub mod step_nav;
pub mod text_field;

/// For `on:mousedown` of a button: pressing it does not take the focus from the field being
/// typed in. Otherwise the field's blur shows its messages, the button moves down before the
/// finger lifts, and the tap is lost (seen on a 360 px phone: "save" did nothing).
pub fn keep_focus(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
}
