//! The lifecycle after submission through `app()` without a socket, on a manual clock: the 初审
//! approves, the SMS check (codes from the development gateway, the 24 h limit, the sixth wrong
//! code), the 管局's approval with 备案号 issued in the province's form, and the audit trail.

use crate::support;

use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};
use support::{json_call, test_app_with, TestApp};

const TOKEN: &str = "reviewer-token-for-the-tests-0123456789";

async fn reviewer(router: &Router, uri: &str, body: Value) -> (StatusCode, Value) {
    let bearer = format!("Bearer {TOKEN}");
    let body = Some(("application/json", body.to_string().into_bytes()));
    let reply = support::request(router, "POST", uri, body, &[("authorization", &bearer)]).await;
    (reply.status, reply.json())
}

/// A submitted application of the example (both responsible people share one mobile).
async fn submitted(t: &TestApp) -> String {
    let (status, created) = json_call(
        &t.router,
        "POST",
        "/api/v1/applications",
        &support::example(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("/api/v1/applications/{id}/submit"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    id
}

/// The newest SMS check code the development gateway "sent" to the example's mobile.
async fn check_code(t: &TestApp) -> String {
    support::dev_code(&t.bare, "13800138000").await
}

/// The 初审 approves and the SMS check's codes are entered (for whoever the filing type names;
/// some types have none): the filing is with the 管局.
async fn to_the_bureau(t: &TestApp, id: &str) {
    let app = format!("/api/v1/applications/{id}");
    reviewer(
        &t.router,
        &format!("{app}/review"),
        json!({ "decision": "approve" }),
    )
    .await;
    let state = app_state(t, id).await;
    for r in state["sms_check"]["recipients"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let code = check_code(t).await;
        json_call(
            &t.router,
            "POST",
            &format!("{app}/sms-check"),
            &json!({ "path": r["path"], "code": code }),
        )
        .await;
    }
    assert_eq!(app_state(t, id).await["status"], "bureau_review");
}

async fn app_state(t: &TestApp, id: &str) -> Value {
    json_call(
        &t.router,
        "GET",
        &format!("/api/v1/applications/{id}"),
        &Value::Null,
    )
    .await
    .1
}

#[tokio::test]
async fn submitted_to_approved_through_the_sms_check_with_numbers_and_an_audit_trail() {
    let t = test_app_with(|s| s.with_reviewer_token(Some(TOKEN))).await;
    let id = submitted(&t).await;
    let app = format!("/api/v1/applications/{id}");

    // The 管局 cannot decide before the 初审 and the SMS check.
    let (status, body) = reviewer(
        &t.router,
        &format!("{app}/bureau"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("wrong_status"))
    );

    // 初审 approves: the SMS check starts, one code per distinct mobile, 24 h.
    let (status, body) = reviewer(
        &t.router,
        &format!("{app}/review"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "sms_check");
    let now = app_state(&t, &id).await;
    assert_eq!(now["sms_check"]["expires_at"], "2026-11-24T08:00:00.000Z");
    assert_eq!(now["sms_check"]["attempts_left"], 5);
    assert_eq!(
        now["sms_check"]["recipients"],
        json!([{ "path": "subject_owner", "mobile": "138****8000", "confirmed": false, "unsent": false }])
    );

    // A wrong code counts; the right one moves the filing to the 管局.
    let code = check_code(&t).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("{app}/sms-check"),
        &json!({ "path": "subject_owner", "code": wrong }),
    )
    .await;
    assert_eq!(
        (status, body["attempts_left"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!(4)),
        "{body}"
    );
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("{app}/sms-check"),
        &json!({ "path": "websites[0].owner", "code": code }),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_recipient"))
    );
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("{app}/sms-check"),
        &json!({ "path": "subject_owner", "code": code }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "bureau_review");

    // The 管局 approves: 备案号 in Guangdong's form, one per website.
    let (status, body) = reviewer(
        &t.router,
        &format!("{app}/bureau"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "approved");
    assert_eq!(
        body["numbers"],
        json!({ "subject": "粤ICP备2026000001号", "websites": ["粤ICP备2026000001号-1"] })
    );
    // Approved is final, and not editable.
    let (status, _) = reviewer(
        &t.router,
        &format!("{app}/bureau"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = json_call(&t.router, "PUT", &app, &support::example()).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The audit trail: who did what when.
    let (status, body) = json_call(&t.router, "GET", &format!("{app}/events"), &Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    let steps: Vec<(String, String, String)> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap().to_owned(),
                e["to"].as_str().unwrap().to_owned(),
                e["actor"]
                    .as_str()
                    .unwrap()
                    .split(':')
                    .next()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    let expect = [
        ("submit", "submitted", "applicant"),
        ("first_review_approve", "sms_check", "reviewer"),
        ("sms_confirmed", "bureau_review", "applicant"),
        ("bureau_approve", "approved", "reviewer"),
    ];
    assert_eq!(
        steps,
        expect.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
    assert_eq!(
        body["events"][3]["detail"]["subject"],
        "粤ICP备2026000001号"
    );

    // The next approval in the province gets the next serial.
    let second = submitted(&t).await;
    to_the_bureau(&t, &second).await;
    let (_, body) = reviewer(
        &t.router,
        &format!("/api/v1/applications/{second}/bureau"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(body["numbers"]["subject"], "粤ICP备2026000002号");
}

#[tokio::test]
async fn the_sms_check_returns_the_filing_after_24_hours_or_the_sixth_wrong_code() {
    let t = test_app_with(|s| s.with_reviewer_token(Some(TOKEN))).await;
    // 24 h pass: back to the applicant, the mobile's field reopened; submitted again, new codes.
    let id = submitted(&t).await;
    let app = format!("/api/v1/applications/{id}");
    reviewer(
        &t.router,
        &format!("{app}/review"),
        json!({ "decision": "approve" }),
    )
    .await;
    t.clock.advance(time::Duration::hours(23));
    assert_eq!(app_state(&t, &id).await["status"], "sms_check");
    t.clock.advance(time::Duration::hours(1));
    let now = app_state(&t, &id).await;
    assert_eq!(now["status"], "rejected");
    assert_eq!(now["review"]["decision"], "sms_check_failed");
    assert_eq!(now["review"]["reasons"][0]["field"], "subject_owner.mobile");
    let errors: Vec<&Value> = now["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "the number need not change: {errors:?}");
    let (status, body) = json_call(&t.router, "POST", &format!("{app}/submit"), &Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = reviewer(
        &t.router,
        &format!("{app}/review"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(body["status"], "sms_check");
    assert_eq!(
        app_state(&t, &id).await["sms_check"]["attempts_left"],
        5,
        "a new check, a new count"
    );

    // A lost SMS: new codes on request, at most every 5 minutes; the deadline stays.
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("{app}/sms-check/resend"),
        &Value::Null,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("too_many_codes")),
        "{body}"
    );
    t.clock.advance(time::Duration::minutes(5));
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("{app}/sms-check/resend"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["sms_check"]["expires_at"], "2026-11-25T08:00:00.000Z",
        "the deadline stays"
    );
    let (_, sms) = json_call(&t.bare, "GET", "/api/v1/dev/sms/13800138000", &Value::Null).await;
    assert_eq!(
        sms["messages"].as_array().unwrap().len(),
        3,
        "a new message: {sms}"
    );
    // Five wrong codes are told; the sixth sends the filing back.
    let code = check_code(&t).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (0..5).rev() {
        let (_, body) = json_call(
            &t.router,
            "POST",
            &format!("{app}/sms-check"),
            &json!({ "path": "subject_owner", "code": wrong }),
        )
        .await;
        assert_eq!(body["attempts_left"], left, "{body}");
    }
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("{app}/sms-check"),
        &json!({ "path": "subject_owner", "code": wrong }),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("sms_check_failed"))
    );
    assert_eq!(app_state(&t, &id).await["status"], "rejected");
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("{app}/sms-check"),
        &json!({ "path": "subject_owner", "code": code }),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("wrong_status"))
    );
}

#[tokio::test]
async fn the_bureau_may_return_a_filing_and_numbers_for_existing_filings_are_given() {
    let t = test_app_with(|s| s.with_reviewer_token(Some(TOKEN))).await;
    let mut draft = support::example();
    draft["existing_filing"] = json!({ "icp_number": "粤ICP备12345678号", "password": "" });
    let (_, created) = json_call(&t.router, "POST", "/api/v1/applications", &draft).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let app = format!("/api/v1/applications/{id}");
    json_call(&t.router, "POST", &format!("{app}/submit"), &Value::Null).await;
    to_the_bureau(&t, &id).await;
    // Acting on an existing 备案号: the 管局's numbers must be given, and must fit.
    let (status, body) = reviewer(
        &t.router,
        &format!("{app}/bureau"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("numbers_required"))
    );
    let wrong = json!({ "decision": "approve", "numbers": { "subject": "京ICP备12345678号", "websites": ["京ICP备12345678号-2"] } });
    let (status, body) = reviewer(&t.router, &format!("{app}/bureau"), wrong).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_numbers"))
    );
    // The 管局 returns it instead, with a reason on a field.
    let reject = json!({ "decision": "reject", "reasons": [{ "field": "websites[0].name", "message": { "zh-CN": "网站名称与内容不符。", "en": "The name does not fit the content." } }] });
    let (status, body) = reviewer(&t.router, &format!("{app}/bureau"), reject).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "rejected");
    assert_eq!(body["review"]["decision"], "bureau_reject");
    assert!(body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["field"] == "websites[0].name" && f["code"] == "review.returned"));
    // Applicants cannot record the 管局's result.
    let (status, _) = json_call(
        &t.router,
        "POST",
        &format!("{app}/bureau"),
        &json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// A gateway that can be down: it keeps the messages it took.
#[derive(Default)]
struct Flaky {
    down: std::sync::atomic::AtomicBool,
    taken: std::sync::Mutex<Vec<String>>,
}

impl beian_server::sms::SmsGateway for Flaky {
    fn send<'a>(&'a self, _to: &'a str, text: &'a str) -> beian_server::sms::SendFuture<'a> {
        Box::pin(async move {
            if self.down.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(beian_server::sms::SmsError::Unreachable("down".to_owned()));
            }
            self.taken.lock().unwrap().push(text.to_owned());
            Ok(())
        })
    }
}

#[tokio::test]
async fn a_code_the_gateway_did_not_take_is_shown_unsent_until_a_resend_goes_through() {
    let gateway = std::sync::Arc::new(Flaky::default());
    gateway
        .down
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let g = gateway.clone();
    let t = test_app_with(move |s| s.with_sms(g).with_reviewer_token(Some(TOKEN))).await;
    let id = submitted(&t).await;
    let app = format!("/api/v1/applications/{id}");
    let (status, _) = reviewer(
        &t.router,
        &format!("{app}/review"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the decision stands");
    let now = app_state(&t, &id).await;
    assert_eq!(now["status"], "sms_check");
    assert_eq!(now["sms_check"]["recipients"][0]["unsent"], true, "{now}");
    // The gateway is back; the applicant asks again after the pause: sent, no longer unsent.
    gateway
        .down
        .store(false, std::sync::atomic::Ordering::SeqCst);
    t.clock.advance(time::Duration::minutes(5));
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("{app}/sms-check/resend"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["sms_check"]["recipients"][0]["unsent"], false,
        "{body}"
    );
    let text = gateway.taken.lock().unwrap().last().cloned().unwrap();
    let code = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap()
        .to_owned();
    let (_, body) = json_call(
        &t.router,
        "POST",
        &format!("{app}/sms-check"),
        &json!({ "path": "subject_owner", "code": code }),
    )
    .await;
    assert_eq!(body["status"], "bureau_review", "{body}");
}

/// The applicant's records (备案信息), as 我的备案 gets them.
async fn records(t: &TestApp) -> Value {
    json_call(&t.router, "GET", "/api/v1/applications", &Value::Null)
        .await
        .1["records"]
        .clone()
}

/// Submits `draft` (a filing on the record of `number`) and takes it to the 管局's approval
/// without numbers: they come from the record.
async fn approved_on_record(t: &TestApp, mut draft: Value, kind: &str, number: &str) -> Value {
    draft["filing_type"] = json!(kind);
    draft["prior_filings"] = json!({ "subject": "here", "domain": "here" });
    draft["existing_filing"] = json!({ "icp_number": number, "password": "Beian2026" });
    let (status, created) = json_call(&t.router, "POST", "/api/v1/applications", &draft).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let app = format!("/api/v1/applications/{id}");
    let (status, body) = json_call(&t.router, "POST", &format!("{app}/submit"), &Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{kind}: {body}");
    to_the_bureau(t, &id).await;
    let (status, body) = reviewer(
        &t.router,
        &format!("{app}/bureau"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{kind}: {body}");
    body
}

#[tokio::test]
async fn approvals_keep_records_that_changes_and_cancellations_act_on() {
    let t = test_app_with(|s| s.with_reviewer_token(Some(TOKEN))).await;
    // A first filing approved: a record with its subject and website numbers.
    let id = submitted(&t).await;
    to_the_bureau(&t, &id).await;
    let (_, approved) = reviewer(
        &t.router,
        &format!("/api/v1/applications/{id}/bureau"),
        json!({ "decision": "approve" }),
    )
    .await;
    let subject = approved["numbers"]["subject"].as_str().unwrap().to_owned();
    let site = approved["numbers"]["websites"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let example = support::example();
    let now = records(&t).await;
    assert_eq!(now.as_array().unwrap().len(), 1, "{now}");
    assert_eq!(now[0]["subject_number"], subject.as_str());
    assert_eq!(now[0]["status"], "active");
    assert_eq!(now[0]["websites"][0]["number"], site.as_str());
    assert_eq!(
        now[0]["websites"][0]["domain"],
        example["websites"][0]["domain"]
    );

    // 变更网站: the site keeps its number (the record gives it), its new name is recorded.
    let mut change = example.clone();
    change["websites"][0]["name"] = json!("张三的读书笔记");
    let body = approved_on_record(&t, change, "change_website", &site).await;
    assert_eq!(body["numbers"]["websites"][0], site.as_str());
    let now = records(&t).await;
    assert_eq!(now[0]["websites"][0]["name"], "张三的读书笔记");

    // 注销主体: the record ends, and nothing more can be filed on it.
    approved_on_record(&t, example.clone(), "cancel_subject", &subject).await;
    assert_eq!(records(&t).await[0]["status"], "cancelled");
    let mut late = example.clone();
    late["filing_type"] = json!("change_website");
    late["prior_filings"] = json!({ "subject": "here", "domain": "here" });
    late["existing_filing"] = json!({ "icp_number": site, "password": "Beian2026" });
    let (_, created) = json_call(&t.router, "POST", "/api/v1/applications", &late).await;
    let late_id = created["id"].as_str().unwrap();
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("/api/v1/applications/{late_id}/submit"),
        &Value::Null,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("record_cancelled")),
        "{body}"
    );
    assert!(body["error"]["message"]["zh-CN"]
        .as_str()
        .unwrap()
        .contains("已注销"));
    // Nobody else sees the record.
    let stranger = support::with_session(
        t.bare.clone(),
        &support::session_for(&t.state, "13900139000").await,
    );
    let (_, theirs) = json_call(&stranger, "GET", "/api/v1/applications", &Value::Null).await;
    assert_eq!(theirs["records"], json!([]));
}

#[tokio::test]
async fn one_filing_in_flight_per_subject() {
    let t = test_app_with(|s| s.with_reviewer_token(Some(TOKEN))).await;
    let first = submitted(&t).await;
    // Another filing of the same subject (same certificate, another account even) waits.
    let other = support::with_session(
        t.bare.clone(),
        &support::session_for(&t.state, "13900139000").await,
    );
    let (_, created) = json_call(&other, "POST", "/api/v1/applications", &support::example()).await;
    let second = created["id"].as_str().unwrap().to_owned();
    let submit = |router: Router, id: String| async move {
        json_call(
            &router,
            "POST",
            &format!("/api/v1/applications/{id}/submit"),
            &Value::Null,
        )
        .await
    };
    let (status, body) = submit(other.clone(), second.clone()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("subject_in_flight")),
        "{body}"
    );
    assert!(body["error"]["message"]["zh-CN"]
        .as_str()
        .unwrap()
        .contains("正在审核"));
    // The first is returned: the second may go, and then the first waits.
    let reject = json!({ "decision": "reject", "reasons": [{ "field": "websites[0].owner.email", "message": { "zh-CN": "邮箱无效。", "en": "The email bounces." } }] });
    let (status, _) = reviewer(
        &t.router,
        &format!("/api/v1/applications/{first}/review"),
        reject,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = submit(other.clone(), second.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The first, fixed, waits now.
    let mut fixed = app_state(&t, &first).await["draft"].clone();
    fixed["websites"][0]["owner"]["email"] = json!("zhangsan@example.org");
    let (status, body) = json_call(
        &t.router,
        "PUT",
        &format!("/api/v1/applications/{first}"),
        &fixed,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = submit(t.router.clone(), first.clone()).await;
    assert_eq!(
        body["error"]["code"], "subject_in_flight",
        "{status} {body}"
    );
    // A different subject is not held up.
    let mut another = support::example();
    another["subject"]["certificate_number"] = json!("11010519491231002X");
    another["subject_owner"]["certificate_number"] = json!("11010519491231002X");
    let (_, created) = json_call(&t.router, "POST", "/api/v1/applications", &another).await;
    let third = created["id"].as_str().unwrap().to_owned();
    let (status, body) = submit(t.router.clone(), third).await;
    assert_ne!(
        body["error"]["code"], "subject_in_flight",
        "{status} {body}"
    );
}

#[tokio::test]
async fn two_filings_of_one_subject_submitted_at_once_through_two_processes_one_goes() {
    let t = test_app_with(|s| s.with_reviewer_token(Some(TOKEN))).await;
    let second_process = support::with_session(t.reopen().await, &t.token);
    let mut ids = Vec::new();
    for _ in 0..2 {
        let (_, created) = json_call(
            &t.router,
            "POST",
            "/api/v1/applications",
            &support::example(),
        )
        .await;
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    let submit = |router: Router, id: String| async move {
        json_call(
            &router,
            "POST",
            &format!("/api/v1/applications/{id}/submit"),
            &Value::Null,
        )
        .await
    };
    let (a, b) = tokio::join!(
        submit(t.router.clone(), ids[0].clone()),
        submit(second_process.clone(), ids[1].clone())
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} {}",
        a.1,
        b.1
    );
    let refused = if a.0 == StatusCode::CONFLICT {
        &a.1
    } else {
        &b.1
    };
    assert_eq!(refused["error"]["code"], "subject_in_flight");
}

#[tokio::test]
async fn new_sms_check_codes_asked_at_once_through_two_processes_go_once() {
    let t = test_app_with(|s| s.with_reviewer_token(Some(TOKEN))).await;
    let id = submitted(&t).await;
    reviewer(
        &t.router,
        &format!("/api/v1/applications/{id}/review"),
        json!({ "decision": "approve" }),
    )
    .await;
    t.clock.advance(time::Duration::minutes(5));
    let second_process = support::with_session(t.reopen().await, &t.token);
    let resend = |router: Router| {
        let uri = format!("/api/v1/applications/{id}/sms-check/resend");
        async move { json_call(&router, "POST", &uri, &Value::Null).await }
    };
    let (a, b) = tokio::join!(resend(t.router.clone()), resend(second_process));
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::TOO_MANY_REQUESTS],
        "{} {}",
        a.1,
        b.1
    );
}
