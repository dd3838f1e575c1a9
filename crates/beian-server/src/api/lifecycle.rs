//! Moving a submitted filing on: the 初审's decisions (`review.rs` takes the request), the SMS
//! check (`POST /v1/applications/{id}/sms-check`, by the applicant), the 管局's result
//! (`POST /v1/applications/{id}/bureau`, recorded by the provider's reviewers) and the audit
//! trail (`GET /v1/applications/{id}/events`). Every change is a step of
//! `beian_rules::lifecycle::next`, made by `Store::transition`; time limits use the server clock.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use beian_rules::contact::{is_sms_code, normalize_mobile};
use beian_rules::filing_number::{new_subject_number, parse, site_number};
use beian_rules::filing_type::sms_recipients;
use beian_rules::lifecycle::{next, sms_check_hours, sms_max_wrong, Event, Status};
use beian_rules::mask::mask_mobile;
use beian_rules::review::ReturnReason;
use beian_rules::{FilingDraft, Message};
use serde::{Deserialize, Serialize};
use serde_json::json;

use beian_rules::records::{apply as apply_to_record, numbers_from_record};

use super::applications::{draft_of, load, named_record, ApplicationView};
use super::json::ApiJson;
use super::review::{check_reasons, Review};
use super::session::CurrentApplicant;
use super::ApiError;
use crate::lifecycle::{SmsCode, SmsEntry, Transition};
use crate::store::ApplicationRecord;
use crate::AppState;

/// The SMS check as the applicant sees it.
#[derive(Clone, Debug, Serialize)]
pub struct SmsCheckView {
    /// The codes must be entered before this time (UTC, RFC 3339).
    pub expires_at: String,
    pub recipients: Vec<SmsRecipientView>,
    /// Wrong codes that may still be entered before the filing goes back.
    pub attempts_left: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct SmsRecipientView {
    /// The person's path in the document (`subject_owner`, `websites[0].owner`).
    pub path: String,
    /// The mobile, masked.
    pub mobile: String,
    pub confirmed: bool,
    /// The gateway did not take the last code sent to it (the applicant can ask for new ones).
    pub unsent: bool,
}

fn status_of(record: &ApplicationRecord) -> Status {
    Status::parse(&record.status).unwrap_or(Status::Draft)
}

/// The status after `event`, or the error that says why it cannot happen now.
fn checked_next(record: &ApplicationRecord, event: Event, sms: bool) -> Result<Status, ApiError> {
    next(status_of(record), event, sms).ok_or_else(|| ApiError::WrongStatus {
        status: record.status.clone(),
        action: event.as_str().to_owned(),
    })
}

/// A return's reasons as the stored review. With `draft`, each keeps the value its field has
/// now, and stands until that field changes; without, the fields are reopened but need not
/// change (an SMS check that timed out: the number may be right).
fn review_json(
    state: &AppState,
    record: &ApplicationRecord,
    decision: &str,
    reasons: Vec<ReturnReason>,
    draft: Option<&FilingDraft>,
) -> Result<String, ApiError> {
    let reasons = match draft {
        Some(d) => reasons.into_iter().map(|r| r.reviewed_in(d)).collect(),
        None => reasons,
    };
    let review = Review {
        decision: decision.to_owned(),
        revision: record.revision,
        at: state.store.now_text(),
        reasons,
    };
    serde_json::to_string(&review).map_err(|e| ApiError::InvalidReview(e.to_string()))
}

/// Makes one step, or says the filing changed meanwhile.
async fn step(
    state: &AppState,
    t: Transition<'_>,
    sms: &[SmsCode],
) -> Result<ApplicationRecord, ApiError> {
    state
        .store
        .transition(&t, sms, sms_check_hours())
        .await?
        .ok_or(ApiError::ChangedMeanwhile)
}

/// A decision of the 初审 on a submitted filing (or on one waiting for posted documents).
pub async fn decide(
    state: &AppState,
    record: ApplicationRecord,
    event: Event,
    reasons: Vec<ReturnReason>,
    actor: &str,
) -> Result<ApplicationRecord, ApiError> {
    let draft = draft_of(&record)?;
    let recipients = sms_recipients(&draft);
    let to = checked_next(&record, event, !recipients.is_empty()).map_err(|_| {
        ApiError::NotSubmitted {
            status: record.status.clone(),
        }
    })?;
    let review = match event {
        Event::FirstReviewReject => Some(review_json(
            state,
            &record,
            "reject",
            reasons.clone(),
            Some(&draft),
        )?),
        _ => None,
    };
    let detail = (!reasons.is_empty()).then(|| json!({ "reasons": reasons }).to_string());
    // Entering the SMS check: a code per mobile, sent once the step is stored.
    let codes: Vec<SmsCode> = if to == Status::SmsCheck {
        if state.sms.is_none() {
            return Err(ApiError::SmsUnavailable);
        }
        recipients
            .iter()
            .map(|r| SmsCode {
                mobile: r.mobile.clone(),
                path: r.path.clone(),
                code: crate::secret::new_code(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let record = step(
        state,
        Transition {
            id: &record.id,
            from: status_of(&record),
            to,
            event,
            actor,
            revision: Some(record.revision),
            review: review.as_deref(),
            numbers: None,
            detail: detail.as_deref(),
            record: None,
            subject_key: None,
        },
        &codes,
    )
    .await?;
    send_check_codes(state, &record.id, &codes).await;
    Ok(record)
}

/// Sends the SMS check's codes of application `id`. A code the gateway does not take (or with
/// no gateway configured) is logged and marked unsent, which the applicant and the reviewers
/// see; the applicant can ask for new ones.
async fn send_check_codes(state: &AppState, id: &str, codes: &[SmsCode]) {
    for c in codes {
        let text = format!(
            "【beian】您的 ICP 备案短信核验码是 {}，{hours} 小时内有效，请在备案进度页面输入。Your ICP filing check code is {}, valid for {hours} hours: enter it on the filing's progress page.",
            c.code, c.code, hours = sms_check_hours()
        );
        let sent = match &state.sms {
            Some(gateway) => gateway.send(&c.mobile, &text).await,
            None => Err(crate::sms::SmsError::NotConfigured),
        };
        if let Err(e) = sent {
            tracing::error!(application = %id, to = %mask_mobile(&c.mobile), error = %e, "SMS check code not sent");
            if let Err(e) = state.store.mark_sms_unsent(id, &c.path).await {
                tracing::error!(application = %id, error = %e, "SMS check code's failure not recorded");
            }
        }
    }
}

/// The applicant's application, which must be in its SMS check (checked after its deadline).
async fn in_sms_check(
    state: &AppState,
    applicant: &crate::accounts::Applicant,
    id: &str,
    action: &str,
) -> Result<ApplicationRecord, ApiError> {
    let record = load(state, applicant, id).await?;
    let record = expire_sms_check(state, record).await?;
    if status_of(&record) != Status::SmsCheck {
        return Err(ApiError::WrongStatus {
            status: record.status,
            action: action.to_owned(),
        });
    }
    Ok(record)
}

/// How long before new SMS check codes can be asked for.
const RESEND_PAUSE: time::Duration = time::Duration::minutes(5);

/// `POST /v1/applications/{id}/sms-check/resend`: new codes for the people who have not
/// confirmed yet (a lost or late SMS); the 24 h deadline stays. Once every 5 minutes.
pub async fn resend_codes(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    Path(id): Path<String>,
) -> Result<Json<ApplicationView>, ApiError> {
    let record = in_sms_check(&state, &applicant, &id, "sms_check_resend").await?;
    let codes = match state.store.resend_sms_codes(&id, RESEND_PAUSE).await? {
        Ok(codes) => codes,
        Err(retry_after_secs) => return Err(ApiError::TooManyCodes { retry_after_secs }),
    };
    send_check_codes(&state, &id, &codes).await;
    let view = ApplicationView::from_record(&state, record)?;
    Ok(Json(with_sms_check(&state, view).await?))
}

/// A filing in its SMS check past the 24 h goes back to the applicant (server clock), with a
/// reason on each mobile whose code was not entered. Other filings are returned unchanged.
pub async fn expire_sms_check(
    state: &AppState,
    record: ApplicationRecord,
) -> Result<ApplicationRecord, ApiError> {
    if status_of(&record) != Status::SmsCheck {
        return Ok(record);
    }
    let rows = state.store.sms_check_of(&record.id).await?;
    let now = state.store.now_text();
    if !rows.iter().any(|r| r.expires_at <= now) {
        return Ok(record);
    }
    fail_sms_check(state, record, "timeout").await
}

/// Sends the filing back after a failed SMS check: `why` is `timeout` or `too_many_wrong`.
async fn fail_sms_check(
    state: &AppState,
    record: ApplicationRecord,
    why: &str,
) -> Result<ApplicationRecord, ApiError> {
    let open: Vec<String> = state
        .store
        .sms_check_of(&record.id)
        .await?
        .into_iter()
        .filter(|r| !r.confirmed)
        .map(|r| format!("{}.mobile", r.path))
        .collect();
    let message = Message {
        zh_cn: "短信核验未完成：验证码未在 24 小时内输入，或输错超过 5 次，申请已退回。请核对此手机号后重新提交，提交后会重新发送验证码。".to_owned(),
        en: "The SMS check was not completed: the codes were not entered within 24 hours, or were entered wrongly more than 5 times, so the filing came back. Check this mobile number and submit again; new codes are sent then.".to_owned(),
    };
    let reasons: Vec<ReturnReason> = open
        .into_iter()
        .map(|field| ReturnReason {
            field,
            message: message.clone(),
            reviewed: serde_json::Value::Null,
        })
        .collect();
    let review = review_json(state, &record, "sms_check_failed", reasons, None)?;
    let detail = json!({ "why": why }).to_string();
    step(
        state,
        Transition {
            id: &record.id,
            from: Status::SmsCheck,
            to: Status::Rejected,
            event: Event::SmsFailed,
            actor: "system",
            revision: None,
            review: Some(&review),
            numbers: None,
            detail: Some(&detail),
            record: None,
            subject_key: None,
        },
        &[],
    )
    .await
}

/// The view with the SMS check's state while there is one.
pub async fn with_sms_check(
    state: &AppState,
    mut view: ApplicationView,
) -> Result<ApplicationView, ApiError> {
    if view.status != Status::SmsCheck.as_str() {
        return Ok(view);
    }
    let rows = state.store.sms_check_of(&view.id).await?;
    let wrong = state.store.sms_wrong_of(&view.id).await?;
    view.sms_check = Some(SmsCheckView {
        expires_at: rows
            .iter()
            .map(|r| r.expires_at.clone())
            .min()
            .unwrap_or_default(),
        attempts_left: (sms_max_wrong() - wrong).max(0),
        recipients: rows
            .into_iter()
            .map(|r| SmsRecipientView {
                path: r.path,
                mobile: mask_mobile(&r.mobile),
                confirmed: r.confirmed,
                unsent: r.unsent,
            })
            .collect(),
    });
    Ok(view)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsEntryRequest {
    /// The person's path (`subject_owner`, `websites[0].owner`) whose code this is.
    path: String,
    code: String,
}

/// `POST /v1/applications/{id}/sms-check` `{"path", "code"}`: the applicant enters the code a
/// person received. All entered: on to the 管局. The sixth wrong code sends the filing back.
pub async fn enter_code(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<SmsEntryRequest>,
) -> Result<Json<ApplicationView>, ApiError> {
    let record = in_sms_check(&state, &applicant, &id, "sms_check").await?;
    if !is_sms_code(&request.code) {
        return Err(ApiError::InvalidCode);
    }
    let mobile = state
        .store
        .sms_check_of(&id)
        .await?
        .into_iter()
        .find(|r| r.path == request.path && !r.confirmed)
        .map(|r| r.mobile)
        .and_then(|m| normalize_mobile(&m))
        .ok_or(ApiError::UnknownSmsRecipient)?;
    let record = match state
        .store
        .enter_sms_code(&id, &mobile, request.code.trim())
        .await?
    {
        SmsEntry::Right {
            all_confirmed: true,
        } => {
            let actor = format!("applicant:{}", applicant.id);
            step(
                &state,
                Transition {
                    id: &id,
                    from: Status::SmsCheck,
                    to: Status::BureauReview,
                    event: Event::SmsConfirmed,
                    actor: &actor,
                    revision: None,
                    review: None,
                    numbers: None,
                    detail: None,
                    record: None,
                    subject_key: None,
                },
                &[],
            )
            .await?
        }
        SmsEntry::Right { .. } => record,
        SmsEntry::Wrong { wrong_so_far } if wrong_so_far > sms_max_wrong() => {
            fail_sms_check(&state, record, "too_many_wrong").await?;
            return Err(ApiError::SmsCheckFailed);
        }
        SmsEntry::Wrong { wrong_so_far } => {
            return Err(ApiError::WrongCode {
                attempts_left: sms_max_wrong() - wrong_so_far,
            })
        }
        SmsEntry::UnknownMobile => return Err(ApiError::UnknownSmsRecipient),
    };
    let view = ApplicationView::from_record(&state, record)?;
    Ok(Json(with_sms_check(&state, view).await?))
}

/// The 备案号 of an approval.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    pub subject: String,
    pub websites: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BureauRequest {
    /// `approve` or `reject`.
    decision: String,
    #[serde(default)]
    reasons: Vec<ReturnReason>,
    /// The numbers the 管局 issued. Needed for a filing that acts on an existing 备案号; for a
    /// new subject the server issues them when they are not given.
    #[serde(default)]
    numbers: Option<Numbers>,
}

/// The numbers for an approval: the ones given (checked), or new ones for a new subject.
async fn numbers_for(
    state: &AppState,
    draft: &FilingDraft,
    given: Option<Numbers>,
) -> Result<Numbers, ApiError> {
    let province = draft.subject.region.province.as_str();
    if let Some(n) = given {
        let subject = parse(&n.subject)
            .filter(|p| p.site.is_none() && p.province.code == province)
            .ok_or_else(|| {
                ApiError::InvalidNumbers(
                    "subject must be a 主体备案号 of the subject's province".to_owned(),
                )
            })?;
        let sites_ok = n.websites.len() == draft.websites.len()
            && n.websites.iter().all(|w| {
                parse(w).is_some_and(|p| p.site.is_some() && p.subject() == subject.subject())
            });
        if !sites_ok {
            return Err(ApiError::InvalidNumbers(
                "give one 网站备案号 per website, each under the subject's number".to_owned(),
            ));
        }
        return Ok(n);
    }
    if !draft.existing_filing.icp_number.trim().is_empty() {
        return Err(ApiError::NumbersRequired);
    }
    let year = state.store.clock.now().year();
    let serial = state.store.next_serial(province, year).await?;
    let subject = new_subject_number(province, year, serial).ok_or_else(|| {
        ApiError::InvalidNumbers("the subject's province has no ICP prefix".to_owned())
    })?;
    let websites = (1..=draft.websites.len() as u32)
        .map(|n| site_number(&subject, n))
        .collect();
    Ok(Numbers { subject, websites })
}

/// `POST /v1/applications/{id}/bureau`: the 管局's result, recorded by a reviewer
/// (`Authorization: Bearer`). `approve` issues the 备案号; `reject` returns the filing with
/// reasons on its fields.
pub async fn bureau(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<BureauRequest>,
) -> Result<Json<ApplicationView>, ApiError> {
    let actor = super::reviewer::reviewer_actor(&state, &headers).await?;
    let event = match request.decision.as_str() {
        "approve" => Event::BureauApprove,
        "reject" => Event::BureauReject,
        _ => {
            return Err(ApiError::InvalidReview(
                "decision must be approve or reject".to_owned(),
            ))
        }
    };
    check_reasons(&request.decision, &request.reasons, "reject")?;
    let record = state
        .store
        .get_application(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let to = checked_next(&record, event, true)?;
    let draft = draft_of(&record)?;
    let (review, numbers, filing_record) = match event {
        Event::BureauReject => (
            Some(review_json(
                &state,
                &record,
                "bureau_reject",
                request.reasons.clone(),
                Some(&draft),
            )?),
            None,
            None,
        ),
        _ => {
            // A filing on a record this provider has: numbers from it, and the record changes.
            let on = named_record(&state, &id, &draft).await?;
            let n = match (&on, request.numbers) {
                (Some(r), None) => {
                    let (subject, websites) = numbers_from_record(r, &draft);
                    Numbers { subject, websites }
                }
                (_, given) => numbers_for(&state, &draft, given).await?,
            };
            let after = apply_to_record(on, &draft, &n.subject, &n.websites);
            (
                None,
                Some(
                    serde_json::to_string(&n)
                        .map_err(|e| ApiError::InvalidNumbers(e.to_string()))?,
                ),
                Some(after),
            )
        }
    };
    let detail = match &numbers {
        Some(n) => Some(n.clone()),
        None => Some(json!({ "reasons": request.reasons }).to_string()),
    };
    let record = step(
        &state,
        Transition {
            id: &id,
            from: Status::BureauReview,
            to,
            event,
            actor: &actor,
            revision: None,
            review: review.as_deref(),
            numbers: numbers.as_deref(),
            detail: detail.as_deref(),
            record: filing_record.as_ref(),
            subject_key: None,
        },
        &[],
    )
    .await?;
    Ok(Json(ApplicationView::from_record(&state, record)?))
}

/// `GET /v1/applications/{id}/events`: the audit trail, oldest first.
pub async fn events(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    load(&state, &applicant, &id).await?;
    Ok(Json(json!({ "events": state.store.events_of(&id).await? })))
}
