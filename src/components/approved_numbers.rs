//! An approved filing: the 主体备案号, each website's 网站备案号, and the footer code to paste
//! (the number linked to the MIIT site, icp-rules.md §5.1), with a copy button.

use beian_rules::FilingDraft;
use leptos::prelude::*;

use crate::api::Numbers;
use crate::i18n::{t, tr};

/// The footer code for one website's number.
pub fn footer_snippet(number: &str) -> String {
    format!(r#"<a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener">{number}</a>"#)
}

/// Selects the whole code when its box gets the focus (a copy by hand is then one step).
fn select_all(ev: leptos::ev::FocusEvent) {
    event_target::<web_sys::HtmlTextAreaElement>(&ev).select();
}

#[component]
fn SiteNumber(index: usize, domain: String, number: String) -> impl IntoView {
    let snippet = footer_snippet(&number);
    let copied = RwSignal::new(false);
    let to_copy = snippet.clone();
    let copy = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&to_copy);
            copied.set(true);
        }
    };
    let id = format!("footer-{index}");
    view! {
        <li class="site-number" data-website=index>
            <p><strong>{domain}</strong> " " <span class="icp-number">{number}</span></p>
            <label for=id.clone()>{tr(t::APPROVED_FOOTER)}</label>
            <textarea id=id class="footer-snippet" readonly rows="3"
                on:focus=select_all>
                {snippet}
            </textarea>
            <button type="button" class="secondary copy-snippet" on:click=copy>
                {move || if copied.get() { tr(t::APPROVED_COPIED) } else { tr(t::APPROVED_COPY) }}
            </button>
        </li>
    }
}

#[component]
pub fn ApprovedNumbers(numbers: Numbers, draft: FilingDraft) -> impl IntoView {
    view! {
        <div class="approved" role="status">
            <p>{tr(t::APPROVED_SUBJECT)} " " <strong class="icp-number subject-number">{numbers.subject}</strong></p>
            <ul class="site-numbers">
                {numbers.websites.into_iter().enumerate().map(|(i, n)| {
                    let domain = draft.websites.get(i).map(|w| w.domain.clone()).unwrap_or_default();
                    view! { <SiteNumber index=i domain=domain number=n /> }
                }).collect_view()}
            </ul>
        </div>
    }
}
