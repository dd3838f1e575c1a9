//! The 网站备案信息真实性核验单 of one website as a printable page, filled in from the saved
//! application (`GET /v1/applications/{id}/verification-form/{website}`): the applicant prints
//! it, signs it (a unit also seals it) and uploads a photo in the 上传资料 step. The content and
//! the signing notes come from the rules crate (`verification_form`); this file lays them out.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use beian_rules::verification_form::{verification_form, FormRow, VerificationForm};

use super::applications::load;
use super::session::CurrentApplicant;
use super::ApiError;
use crate::AppState;

pub async fn fetch(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    path: Result<Path<(String, usize)>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path((id, website)) = path.map_err(|_| ApiError::NotFound)?;
    let record = load(&state, &applicant, &id).await?;
    let draft = super::applications::draft_of(&record)?;
    let form = verification_form(&draft, website).ok_or(ApiError::NoVerificationForm {
        website: website + 1,
    })?;
    let page = render(&form, &record.id, record.revision);
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            // Its own style sheet is inline; nothing else may load or run.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            ),
        ],
        page,
    )
        .into_response())
}

/// Text for an HTML page: `& < > " '` escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn rows(title_zh: &str, title_en: &str, rows: &[FormRow]) -> String {
    let mut html =
        format!("<table><caption>{title_zh} <span lang=\"en\">{title_en}</span></caption>");
    for r in rows {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{} <span lang=\"en\">{}</span></th><td>{}</td></tr>",
            r.label_zh,
            r.label_en,
            escape(&r.value)
        ));
    }
    html.push_str("</table>");
    html
}

const STYLE: &str = "\
body{font-family:\"Noto Serif CJK SC\",\"Songti SC\",SimSun,serif;margin:0;padding:16px;color:#000;background:#fff;line-height:1.5}\
main{max-width:720px;margin:0 auto}\
h1{font-size:1.4rem;text-align:center;margin:0 0 4px}\
.meta{text-align:center;font-size:.8rem;color:#444;margin:0 0 12px}\
table{width:100%;border-collapse:collapse;margin:0 0 12px}\
caption{text-align:left;font-weight:bold;padding:4px 0}\
th,td{border:1px solid #000;padding:6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
th{width:34%;font-weight:normal;background:#f4f4f4}\
[lang=en]{font-size:.75em;color:#444}\
.declaration{border:1px solid #000;padding:8px;margin:0 0 12px}\
.sign{display:flex;flex-wrap:wrap;gap:16px;margin-top:24px}\
.sign p{flex:1 1 200px;margin:0;border-bottom:1px solid #000;padding-bottom:28px}\
.notes{border:2px solid #0b5cad;border-radius:8px;padding:8px 12px;margin:0 0 16px;font-family:system-ui,sans-serif;font-size:.9rem}\
.notes h2{font-size:1rem;margin:0}\
@media print{.notes{display:none}body{padding:0}@page{size:A4;margin:15mm}}";

/// The whole page. The notes on how to fill in and sign show on screen, not on paper.
pub fn render(form: &VerificationForm, application_id: &str, revision: i64) -> String {
    let mut notes = String::new();
    for n in &form.notes {
        notes.push_str(&format!(
            "<li>{} <span lang=\"en\">{}</span></li>",
            escape(n.zh),
            escape(n.en)
        ));
    }
    let signer = if form.seal {
        "网站负责人签字并加盖单位公章 <span lang=\"en\">Signature of the 网站负责人 and the unit's seal</span>"
    } else {
        "网站负责人签字 <span lang=\"en\">Signature of the 网站负责人</span>"
    };
    let fingerprint = if form.fingerprint {
        "<p>按手印 <span lang=\"en\">Fingerprint</span></p>"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>网站备案信息真实性核验单 · 网站 {site}</title><style>{STYLE}</style></head><body><main>\
<section class=\"notes\"><h2>填写说明 <span lang=\"en\">How to fill it in</span></h2>\
<p>用浏览器的“打印”打印本页（或“打印 → 存储为 PDF”后到打印店打印）。 <span lang=\"en\">Print this page with the browser's Print (or save it as a PDF and print it elsewhere).</span></p>\
<ul>{notes}</ul><p>说明更新于 {as_of} <span lang=\"en\">Notes as of {as_of}</span></p></section>\
<h1>网站备案信息真实性核验单</h1>\
<p class=\"meta\">申请编号 {app} · 第 {revision} 版 · 网站 {site} <span lang=\"en\">Application {app}, revision {revision}, website {site}</span></p>\
{subject}{site_rows}{owner}\
<div class=\"declaration\"><p>本单位（本人）郑重承诺：以上所填写的备案信息真实、准确、有效；已知晓并遵守《互联网信息服务管理办法》《非经营性互联网信息服务备案管理办法》等规定；如有虚假，愿承担由此产生的一切法律责任。</p>\
<p lang=\"en\">We (I) declare that the filing information above is true, accurate and valid, that we know and abide by the Measures on Internet Information Services and the Measures on Filing Non-commercial Internet Information Services, and that we bear all legal responsibility for any false information.</p>\
<div class=\"sign\"><p>{signer}</p>{fingerprint}<p>日期 <span lang=\"en\">Date</span></p></div></div>\
<div class=\"declaration\"><p>接入服务单位核验意见（由服务商填写） <span lang=\"en\">For the provider's check</span></p>\
<div class=\"sign\"><p>核验人 <span lang=\"en\">Checked by</span></p><p>日期 <span lang=\"en\">Date</span></p></div></div>\
</main></body></html>",
        site = form.website + 1,
        as_of = escape(form.as_of),
        app = escape(application_id),
        subject = rows("主办单位信息", "Subject", &form.subject),
        site_rows = rows("网站信息", "Website", &form.site),
        owner = rows("网站负责人", "Responsible person of the website", &form.owner),
    )
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_values_is_escaped() {
        assert_eq!(
            escape("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
