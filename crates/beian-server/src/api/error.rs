//! API errors: each a status, a stable code and a message in zh-CN and en. Internal errors are
//! logged and answered with a generic message; their details never reach the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("the JSON does not match the filing document: {0}")]
    InvalidDocument(String),
    #[error("the request body is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("schema_version {found} is not supported (expected {expected})")]
    UnsupportedSchema { found: u32, expected: u32 },
    #[error("not found")]
    NotFound,
    #[error("a change must come from this site's own pages; this request came from {origin}")]
    CrossOrigin { origin: String },
    #[error("the application is {status}, no longer a draft")]
    NotADraft { status: String },
    #[error("the draft changed while it was being submitted; submit again")]
    ChangedMeanwhile,
    #[error("If-Match must be \"*\" or a revision in quotes, such as \"3\"")]
    BadIfMatch,
    #[error("the draft is at revision {revision} now, not the one this change was made on")]
    RevisionConflict {
        revision: i64,
        /// The application as it is now, for the client to show beside its own version.
        current: serde_json::Value,
    },
    #[error("the application has {errors} errors; fix them before submitting")]
    HasErrors {
        errors: usize,
        findings: Vec<beian_rules::Finding>,
    },
    #[error("no upload kind \"{kind}\"; known kinds: {known}")]
    UnknownUploadKind { kind: String, known: String },
    #[error("a {kind} upload must be sent as {allowed} (Content-Type)")]
    UnsupportedImageType { kind: String, allowed: String },
    #[error(
        "the file is not a readable {declared} image (JPEG or PNG with its size in the header)"
    )]
    UnreadableImage { declared: String },
    #[error("there is no verification form for website {website}: the application has no such website, or the nature of the subject is not chosen yet")]
    NoVerificationForm { website: usize },
    #[error("a reviewer's bearer token is required (Authorization: Bearer <token>)")]
    Unauthorized,
    #[error("the review is not valid: {0}")]
    InvalidReview(String),
    #[error("the application is {status}; only a submitted application can be reviewed")]
    NotSubmitted { status: String },
    #[error("only the fields the review returned may change; these did not: {}", paths.join(", "))]
    OutsideRejectedFields { paths: Vec<String> },
    #[error("sign in first: this needs a session (the cookie beian_session)")]
    NotSignedIn,
    #[error("sign in with your mobile number before submitting, so that the result reaches you and you can continue on any device")]
    SignInRequired,
    #[error("not a mainland mobile number (11 digits starting with 13 to 19)")]
    InvalidPhone,
    #[error("the code is the 6 digits of the SMS")]
    InvalidCode,
    #[error("a code was sent to this number just now; ask again in {retry_after_secs} s")]
    TooManyCodes { retry_after_secs: i64 },
    #[error("signing in by SMS is not set up on this server")]
    SmsUnavailable,
    #[error("the SMS could not be sent; try again in a minute")]
    SmsFailed,
    #[error("the code is not right; {attempts_left} tries left")]
    WrongCode { attempts_left: i64 },
    #[error("no code can be used: it expired, was used, or was entered wrongly too often; ask for a new one")]
    NoValidCode,
    #[error("the application is {status}: {action} cannot happen now")]
    WrongStatus { status: String, action: String },
    #[error("this filing acts on an existing 备案号: give the numbers the 管局 issued")]
    NumbersRequired,
    #[error("the filing with that number was cancelled: it can no longer be changed or cancelled; file it anew")]
    RecordCancelled,
    #[error("this subject has another filing under review: wait for its result (or its return) before submitting another")]
    SubjectInFlight,
    #[error("the numbers are not valid: {0}")]
    InvalidNumbers(String),
    #[error("nobody with that path has a code to enter in this SMS check")]
    UnknownSmsRecipient,
    #[error(
        "more than 5 wrong codes: the filing was sent back; check the numbers and submit again"
    )]
    SmsCheckFailed,
    #[error("too many sign-in requests from this address; try again in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: i64 },
    #[error("the partner token is not valid (format, partner or signature)")]
    PartnerTokenInvalid,
    #[error("the partner token has expired (or lives longer than 10 minutes); ask the portal for a new one")]
    PartnerTokenExpired,
    #[error("the partner token was used already; ask the portal for a new one")]
    PartnerTokenUsed,
    #[error("no capture kind \"{kind}\"; known kinds: id_front, id_back, face")]
    UnknownCaptureKind { kind: String },
    #[error("\"{person}\" is not a person whose identity this filing checks (the subject's or a website's 负责人)")]
    NotAPersonToCheck { person: String },
    #[error("the recording type must be video/webm or video/mp4 (or none)")]
    UnsupportedRecording,
    #[error("this application has started {limit} capture sessions already")]
    TooManyCaptures { limit: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Media(#[from] crate::media::MediaError),
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::MalformedJson(_) => (
                StatusCode::BAD_REQUEST,
                "malformed_json",
                "请求内容不是有效的 JSON。",
            ),
            ApiError::InvalidDocument(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_document",
                "提交的数据与备案文档的格式不符。",
            ),
            ApiError::TooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "提交的数据过大。",
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "请以 JSON 格式提交（Content-Type: application/json）。",
            ),
            ApiError::UnsupportedSchema { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unsupported_schema_version",
                "不支持此版本的备案文档，请刷新页面后重试。",
            ),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "未找到。"),
            ApiError::CrossOrigin { .. } => (
                StatusCode::FORBIDDEN,
                "cross_origin",
                "请求来自其他网站，已拒绝。请在本站的页面中操作。",
            ),
            ApiError::NotADraft { .. } => (
                StatusCode::CONFLICT,
                "not_a_draft",
                "该申请已提交，不能再修改或重复提交。",
            ),
            ApiError::ChangedMeanwhile => (
                StatusCode::CONFLICT,
                "changed_meanwhile",
                "提交时草稿被修改了，请重新提交。",
            ),
            ApiError::BadIfMatch => (
                StatusCode::BAD_REQUEST,
                "bad_if_match",
                "请求头 If-Match 的格式不对。",
            ),
            ApiError::RevisionConflict { .. } => (
                StatusCode::PRECONDITION_FAILED,
                "revision_conflict",
                "草稿已在别处修改（例如另一台设备），请对照最新版本后再保存。",
            ),
            ApiError::HasErrors { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "application_has_errors",
                "申请中还有错误，请按提示修改后再提交。",
            ),
            ApiError::UnknownUploadKind { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_upload_kind",
                "没有这种上传资料类型。",
            ),
            ApiError::UnsupportedImageType { .. } => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_image_type",
                "请上传 JPG 或 PNG 格式的图片。",
            ),
            ApiError::UnreadableImage { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unreadable_image",
                "文件不是可读取的 JPG 或 PNG 图片，请重新拍摄或导出后上传。",
            ),
            ApiError::NoVerificationForm { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "no_verification_form",
                "没有这个网站的核验单：申请中没有该网站，或尚未选择主办单位性质。",
            ),
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "需要审核人员的凭证。",
            ),
            ApiError::InvalidReview(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_review",
                "审核意见的格式不对：每条意见须对应申请中的一个项目，并附中英文说明。",
            ),
            ApiError::NotSubmitted { .. } => (
                StatusCode::CONFLICT,
                "not_submitted",
                "只有已提交的申请才能审核。",
            ),
            ApiError::OutsideRejectedFields { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "outside_rejected_fields",
                "初审退回后只能修改被退回的项目；其他内容请保持不变，或撤回后重新办理。",
            ),
            ApiError::NotSignedIn => (
                StatusCode::UNAUTHORIZED,
                "not_signed_in",
                "请先登录（手机号和短信验证码）。",
            ),
            ApiError::SignInRequired => (
                StatusCode::UNAUTHORIZED,
                "sign_in_required",
                "提交前请用手机号登录，以便接收审核结果，并可在其他设备上继续办理。",
            ),
            ApiError::InvalidPhone => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_phone",
                "请输入中国大陆手机号（11 位，以 13 至 19 开头）。",
            ),
            ApiError::InvalidCode => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_code",
                "验证码是短信中的 6 位数字。",
            ),
            ApiError::TooManyCodes { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_codes",
                "验证码发送过于频繁，请稍后再试。",
            ),
            ApiError::SmsUnavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "sms_unavailable",
                "本服务器未配置短信登录。",
            ),
            ApiError::SmsFailed => (
                StatusCode::BAD_GATEWAY,
                "sms_failed",
                "短信发送失败，请一分钟后重试。",
            ),
            ApiError::WrongCode { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "wrong_code",
                "验证码不正确。",
            ),
            ApiError::NoValidCode => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "code_expired",
                "验证码已失效（已过期、已使用或输错次数过多），请重新获取。",
            ),
            ApiError::WrongStatus { .. } => (
                StatusCode::CONFLICT,
                "wrong_status",
                "申请当前的状态不允许这一步。",
            ),
            ApiError::NumbersRequired => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "numbers_required",
                "此备案基于已有备案号，请填写管局下发的备案号。",
            ),
            ApiError::SubjectInFlight => (
                StatusCode::CONFLICT,
                "subject_in_flight",
                "该主体已有一个备案申请正在审核中，请等待其结果（或退回）后再提交新的申请。",
            ),
            ApiError::RecordCancelled => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "record_cancelled",
                "所填备案号的备案已注销，不能再变更或注销；请重新办理首次备案。",
            ),
            ApiError::InvalidNumbers(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_numbers",
                "备案号不正确：主体备案号须属于主体所在省份，每个网站一个网站备案号。",
            ),
            ApiError::UnknownSmsRecipient => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_recipient",
                "本次短信核验中没有这位负责人的待输入验证码（可能已核验）。",
            ),
            ApiError::SmsCheckFailed => (
                StatusCode::CONFLICT,
                "sms_check_failed",
                "验证码输错超过 5 次，申请已退回；请核对手机号后重新提交。",
            ),
            ApiError::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "此网络的登录请求过多，请稍后再试。",
            ),
            ApiError::PartnerTokenInvalid => (
                StatusCode::UNAUTHORIZED,
                "partner_token_invalid",
                "合作方登录凭证无效。",
            ),
            ApiError::PartnerTokenExpired => (
                StatusCode::UNAUTHORIZED,
                "partner_token_expired",
                "合作方登录凭证已过期，请从合作方页面重新进入。",
            ),
            ApiError::UnknownCaptureKind { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_capture_kind",
                "没有这种拍摄类型。",
            ),
            ApiError::NotAPersonToCheck { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_a_person_to_check",
                "此人不在本次备案需核验的负责人之列。",
            ),
            ApiError::UnsupportedRecording => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unsupported_recording",
                "录像格式须为 video/webm 或 video/mp4。",
            ),
            ApiError::TooManyCaptures { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_captures",
                "本次备案的拍摄次数已达上限，请联系客服。",
            ),
            ApiError::PartnerTokenUsed => (
                StatusCode::UNAUTHORIZED,
                "partner_token_used",
                "合作方登录凭证已使用过，请从合作方页面重新进入。",
            ),
            ApiError::Store(_) | ApiError::Media(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "服务器出错了，请稍后重试；您的草稿仍保存在本机。",
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, zh) = self.parts();
        // The Chinese message with the same numbers as the English one.
        let zh = match &self {
            ApiError::WrongCode { attempts_left } => format!("{zh}还可输入 {attempts_left} 次。"),
            ApiError::TooManyCodes { retry_after_secs }
            | ApiError::TooManyRequests { retry_after_secs } => {
                format!("{zh}（{retry_after_secs} 秒后可再获取）")
            }
            _ => zh.to_owned(),
        };
        let en = if matches!(self, ApiError::Store(_) | ApiError::Media(_)) {
            tracing::error!(error = %self, "internal error");
            "Something went wrong on the server; try again later. Your draft is still saved on this device.".to_owned()
        } else {
            self.to_string()
        };
        let mut body = json!({ "error": { "code": code, "message": { "zh-CN": zh, "en": en } } });
        match self {
            // The same report as the application's own `findings`.
            ApiError::HasErrors { findings, .. } => body["findings"] = json!(findings),
            ApiError::RevisionConflict { current, .. } => body["application"] = current,
            ApiError::OutsideRejectedFields { paths } => body["fields"] = json!(paths),
            ApiError::WrongCode { attempts_left } => body["attempts_left"] = json!(attempts_left),
            ApiError::TooManyCodes { retry_after_secs }
            | ApiError::TooManyRequests { retry_after_secs } => {
                body["retry_after"] = json!(retry_after_secs);
                let retry = [(
                    axum::http::header::RETRY_AFTER,
                    retry_after_secs.to_string(),
                )];
                return (status, retry, Json(body)).into_response();
            }
            _ => {}
        }
        (status, Json(body)).into_response()
    }
}
