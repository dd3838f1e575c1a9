//! The rule messages under a field: Chinese first, English second, most severe first.

use beian_rules::{Finding, Severity};
use leptos::prelude::*;

/// Renders `findings` (already filtered to one field) as a live region with the given id, which
/// the field references through `aria-describedby`.
#[component]
pub fn FieldMessages(
    /// Id of the message container.
    #[prop(into)]
    id: String,
    /// The findings to show.
    #[prop(into)]
    findings: Signal<Vec<Finding>>,
) -> impl IntoView {
    view! {
        <div class="field-messages" id=id aria-live="polite">
            {move || {
                findings
                    .get()
                    .into_iter()
                    .map(|f| {
                        let class = match f.severity {
                            Severity::Error => "msg msg-error",
                            Severity::Warning => "msg msg-warning",
                            Severity::Info => "msg msg-info",
                        };
                        view! {
                            <p class=class data-code=f.code.as_str() title=f.source>
                                <span lang="zh-CN">{f.message.zh_cn}</span>
                                <span lang="en">{f.message.en}</span>
                            </p>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// Whether any of the findings blocks the filing.
pub fn has_error(findings: &[Finding]) -> bool {
    findings.iter().any(Finding::is_error)
}
