//! The rule messages under a field, in the page's language first, most severe first.

use beian_rules::{Finding, Severity};
use leptos::prelude::*;

use crate::i18n::message;

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
                                {message(f.message.zh_cn, f.message.en)}
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
