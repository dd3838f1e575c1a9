//! The filing's lifecycle after the draft, as an explicit state machine (the seed guides'
//! 备案流程; icp-rules.md §5 for the SMS check): submitted → 初审 by the provider → 短信核验 by
//! the people named → 管局审核 → approved, or back to the applicant with reasons. The server
//! persists the status and records each step; every change goes through [`next`].

use serde::{Deserialize, Serialize};

/// Where a filing is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being filled in.
    Draft,
    /// Submitted: waiting for the provider's review (初审).
    Submitted,
    /// The 初审 asked for documents by post (e.g. a signed 核验单 on paper).
    DocumentsRequested,
    /// Returned to the applicant with reasons (by the 初审, the 管局, or a failed SMS check).
    Rejected,
    /// 短信核验: the codes sent by SMS must be entered within 24 h.
    SmsCheck,
    /// With the 管局 (communications administration).
    BureauReview,
    /// Approved: the 备案号 are issued.
    Approved,
}

/// What happens to a filing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The applicant submits (a draft, or a returned filing fixed).
    Submit,
    /// The 初审 passes it.
    FirstReviewApprove,
    /// The 初审 returns it with reasons.
    FirstReviewReject,
    /// The 初审 asks for documents by post.
    RequestDocuments,
    /// The posted documents arrived: back in the 初审 queue.
    DocumentsReceived,
    /// Every code of the SMS check was entered.
    SmsConfirmed,
    /// The SMS check failed: 24 h passed, or too many wrong codes.
    SmsFailed,
    /// The 管局 approves.
    BureauApprove,
    /// The 管局 returns it with reasons.
    BureauReject,
}

impl Event {
    /// The events a reviewer records.
    pub const BY_REVIEWERS: [Event; 6] = [
        Event::FirstReviewApprove,
        Event::FirstReviewReject,
        Event::RequestDocuments,
        Event::DocumentsReceived,
        Event::BureauApprove,
        Event::BureauReject,
    ];
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::DocumentsRequested => "documents_requested",
            Status::Rejected => "rejected",
            Status::SmsCheck => "sms_check",
            Status::BureauReview => "bureau_review",
            Status::Approved => "approved",
        }
    }

    /// Every status, in the order of the lifecycle.
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Submitted,
        Status::DocumentsRequested,
        Status::Rejected,
        Status::SmsCheck,
        Status::BureauReview,
        Status::Approved,
    ];

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// A reviewer has a decision to record (the 初审's, or the 管局's result).
    pub fn waits_for_reviewer(self) -> bool {
        Event::BY_REVIEWERS
            .iter()
            .any(|e| next(self, *e, true).is_some())
    }

    /// Between submission and the 管局's result: the one filing a subject may have under way.
    pub fn in_flight(self) -> bool {
        !self.editable() && self != Status::Approved
    }

    /// The applicant may change the document (a returned filing: only its returned fields).
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Rejected)
    }
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Submit => "submit",
            Event::FirstReviewApprove => "first_review_approve",
            Event::FirstReviewReject => "first_review_reject",
            Event::RequestDocuments => "request_documents",
            Event::DocumentsReceived => "documents_received",
            Event::SmsConfirmed => "sms_confirmed",
            Event::SmsFailed => "sms_failed",
            Event::BureauApprove => "bureau_approve",
            Event::BureauReject => "bureau_reject",
        }
    }
}

/// The status after `event`, or `None` when the event cannot happen in `status`. `sms_check`:
/// whether this filing type has an SMS check (every type but 取消接入 and the ones the rules
/// table lists without one, `filing_type::sms_recipients` empty); without one the 初审 hands the
/// filing straight to the 管局.
pub fn next(status: Status, event: Event, sms_check: bool) -> Option<Status> {
    use Event as E;
    use Status as S;
    Some(match (status, event) {
        (S::Draft | S::Rejected, E::Submit) => S::Submitted,
        (S::Submitted, E::FirstReviewApprove) if sms_check => S::SmsCheck,
        (S::Submitted, E::FirstReviewApprove) => S::BureauReview,
        (S::Submitted, E::FirstReviewReject) => S::Rejected,
        (S::Submitted, E::RequestDocuments) => S::DocumentsRequested,
        (S::DocumentsRequested, E::DocumentsReceived) => S::Submitted,
        (S::SmsCheck, E::SmsConfirmed) => S::BureauReview,
        (S::SmsCheck, E::SmsFailed) => S::Rejected,
        (S::BureauReview, E::BureauApprove) => S::Approved,
        (S::BureauReview, E::BureauReject) => S::Rejected,
        _ => return None,
    })
}

const SMS_CHECK: &str = include_str!(concat!(env!("OUT_DIR"), "/sms-check.tsv"));

/// A setting of the SMS check from `data/sms-check.tsv` (the file is read once).
fn sms_check_setting(name: &str) -> i64 {
    static SETTINGS: std::sync::OnceLock<Vec<(&'static str, i64)>> = std::sync::OnceLock::new();
    SETTINGS
        .get_or_init(|| {
            crate::data_file::parse(SMS_CHECK)
                .rows
                .iter()
                .filter_map(|r| match r.as_slice() {
                    [key, value, ..] => Some((*key, value.trim().parse().ok()?)),
                    _ => None,
                })
                .collect()
        })
        .iter()
        .find_map(|(key, value)| (*key == name).then_some(*value))
        .unwrap_or_else(|| panic!("data/sms-check.tsv has no {name}"))
}

/// How long the SMS codes can be entered, in hours (`data/sms-check.tsv`: 24).
pub fn sms_check_hours() -> i64 {
    sms_check_setting("valid_hours")
}

/// Wrong SMS codes a filing may take; the next wrong one sends it back
/// (`data/sms-check.tsv`: 5).
pub fn sms_max_wrong() -> i64 {
    sms_check_setting("max_wrong")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_EVENTS: [Event; 9] = [
        Event::Submit,
        Event::FirstReviewApprove,
        Event::FirstReviewReject,
        Event::RequestDocuments,
        Event::DocumentsReceived,
        Event::SmsConfirmed,
        Event::SmsFailed,
        Event::BureauApprove,
        Event::BureauReject,
    ];

    #[test]
    fn the_happy_path_and_its_shortcut_without_sms() {
        let mut s = Status::Draft;
        for e in [
            Event::Submit,
            Event::FirstReviewApprove,
            Event::SmsConfirmed,
            Event::BureauApprove,
        ] {
            s = next(s, e, true).unwrap();
        }
        assert_eq!(s, Status::Approved);
        assert_eq!(
            next(Status::Submitted, Event::FirstReviewApprove, false),
            Some(Status::BureauReview)
        );
    }

    #[test]
    fn every_return_goes_to_rejected_and_a_fix_is_submitted_again() {
        for (from, e) in [
            (Status::Submitted, Event::FirstReviewReject),
            (Status::SmsCheck, Event::SmsFailed),
            (Status::BureauReview, Event::BureauReject),
        ] {
            assert_eq!(next(from, e, true), Some(Status::Rejected));
        }
        assert_eq!(
            next(Status::Rejected, Event::Submit, true),
            Some(Status::Submitted)
        );
        assert_eq!(
            next(Status::DocumentsRequested, Event::DocumentsReceived, true),
            Some(Status::Submitted)
        );
    }

    #[test]
    fn nothing_else_moves_and_approved_is_final() {
        for e in ALL_EVENTS {
            assert_eq!(next(Status::Approved, e, true), None, "{e:?}");
        }
        assert_eq!(next(Status::Draft, Event::BureauApprove, true), None);
        assert_eq!(next(Status::SmsCheck, Event::Submit, true), None);
        assert_eq!(next(Status::Submitted, Event::Submit, true), None);
        // Only a draft or a returned filing can be edited.
        let editable: Vec<&str> = ["draft", "submitted", "rejected", "sms_check", "approved"]
            .into_iter()
            .filter(|t| Status::parse(t).unwrap().editable())
            .collect();
        assert_eq!(editable, ["draft", "rejected"]);
        assert_eq!(Status::parse("nope"), None);
    }

    #[test]
    fn reviewers_wait_on_three_statuses_and_four_are_in_flight() {
        let waiting: Vec<&str> = Status::ALL
            .into_iter()
            .filter(|s| s.waits_for_reviewer())
            .map(Status::as_str)
            .collect();
        assert_eq!(
            waiting,
            ["submitted", "documents_requested", "bureau_review"]
        );
        let in_flight: Vec<&str> = Status::ALL
            .into_iter()
            .filter(|s| s.in_flight())
            .map(Status::as_str)
            .collect();
        assert_eq!(
            in_flight,
            [
                "submitted",
                "documents_requested",
                "sms_check",
                "bureau_review"
            ]
        );
    }

    #[test]
    fn the_sms_check_limits_come_from_the_data_file() {
        assert_eq!(sms_check_hours(), 24);
        assert_eq!(sms_max_wrong(), 5);
    }
}
