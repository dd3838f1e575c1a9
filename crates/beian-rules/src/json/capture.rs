//! The capture sessions' and the filing records' types the browser reads and sends, as their
//! `serde` derives read and write them.

use crate::capture::{CaptureKind, Marker, MarkerEvent, SessionState};
use crate::records::{FilingRecord, RecordSite, RecordStatus};
use crate::{json_enum, json_object};

json_enum!(CaptureKind, key, from_key);

json_enum!(SessionState, key, from_key);

json_enum!(RecordStatus, key, from_key);

json_enum!(MarkerEvent {
    Shown = "shown",
    Done = "done",
});

json_object!(
    Marker,
    ignore_unknown {
        challenge: required,
        event: required,
    }
);

json_object!(
    RecordSite,
    ignore_unknown {
        number: required,
        domain: required,
        name: required,
    }
);

json_object!(
    FilingRecord,
    ignore_unknown {
        subject_number: required,
        province: required,
        subject_name: required,
        websites: required,
        status: required,
    }
);
