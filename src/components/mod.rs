//! Building blocks shared by the wizard steps.

pub mod approved_numbers;
pub mod capture_checks;
pub mod capture_slot;
pub mod choice_field;
pub mod field_messages;
pub mod live_capture;
pub mod person_fields;
pub mod record_card;
pub mod save_status;
pub mod select_field;
pub mod sign_in_form;
pub mod sms_check_entry;
pub mod step_nav;
pub mod step_page;
pub mod text_field;

use beian_rules::Finding;
use leptos::prelude::Signal;

/// What a field's element needs: its id, its messages' id (for `aria-describedby`), and the
/// findings it shows.
pub struct FieldParts {
    pub id: String,
    pub messages_id: String,
    pub findings: Signal<Vec<Finding>>,
}

impl FieldParts {
    /// The parts of the field at this document path, from the wizard's state.
    pub fn of(field: &str) -> FieldParts {
        let id = crate::steps::dom_id(field);
        FieldParts {
            messages_id: format!("{id}-messages"),
            id,
            findings: crate::wizard::use_wizard().shown(field.to_owned()),
        }
    }
}

/// For `on:mousedown` of a button: pressing it does not take the focus from the field being
/// typed in. Otherwise the field's blur shows its messages, the button moves down before the
/// finger lifts, and the tap is lost (seen on a 360 px phone: "save" did nothing).
pub fn keep_focus(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
}
