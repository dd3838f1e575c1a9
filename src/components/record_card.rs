//! An approved filing (备案信息) in 我的备案: its 主体备案号, status and websites, and a button per
//! filing that acts on it (新增网站, 变更, 注销, 取消接入), which starts that filing here with the
//! number filled in.

use beian_rules::records::{FilingRecord, RecordSite, RecordStatus};
use beian_rules::FilingType;
use leptos::prelude::*;

use crate::i18n::{both, t, tr};
use crate::wizard::use_wizard;

/// The filings on the whole record, and on one of its websites.
const ON_RECORD: [FilingType; 4] = [
    FilingType::NewSiteHere,
    FilingType::ChangeSubject,
    FilingType::CancelAccess,
    FilingType::CancelSubject,
];
const ON_SITE: [FilingType; 2] = [FilingType::ChangeWebsite, FilingType::CancelWebsite];

fn status_text(status: RecordStatus) -> crate::i18n::Text {
    match status {
        RecordStatus::Active => t::RECORDS_ACTIVE,
        RecordStatus::Cancelled => t::RECORDS_CANCELLED,
        RecordStatus::AccessCancelled => t::RECORDS_ACCESS_CANCELLED,
    }
}

/// A button that starts filing `kind` on the record (or on `site`). A draft on this device that
/// the server does not have yet is replaced only on a second tap (`confirm`, the page's).
fn action(
    kind: FilingType,
    record: FilingRecord,
    site: Option<RecordSite>,
    confirm: RwSignal<bool>,
) -> impl IntoView {
    let w = use_wizard();
    let info = kind.info();
    let slug = kind.id();
    view! {
        <button type="button" class="secondary record-action" data-filing-type=slug
            on:click=move |_| {
                if w.unsynced() && !confirm.get_untracked() {
                    confirm.set(true);
                    return;
                }
                w.start_on_record(kind, &record, site.as_ref())
            }>
            {both(info.name_zh, info.name_en)}
        </button>
    }
}

#[component]
pub fn RecordCard(
    record: FilingRecord,
    /// Set by a first tap while this device has unsynced changes: the page warns, and the next
    /// tap replaces the draft.
    confirm: RwSignal<bool>,
) -> impl IntoView {
    // Only an active record can be acted on (a cancelled one is gone; one no longer accessed
    // here is changed through its provider, or accessed here again with 接入备案).
    let active = record.status == RecordStatus::Active;
    let sites = record.websites.clone();
    view! {
        <li class="record" data-subject-number=record.subject_number.clone()
            data-status=record.status.key()>
            <p class="filing-name"><strong>{record.subject_name.clone()}</strong></p>
            <p class="icp-number">{record.subject_number.clone()}</p>
            <p class="filing-status">{tr(status_text(record.status))}</p>
            <ul class="record-sites">
                {sites.into_iter().map(|site| {
                    let r = record.clone();
                    view! {
                        <li data-number=site.number.clone()>
                            <p><span class="icp-number">{site.number.clone()}</span> " · " {site.domain.clone()}</p>
                            {active.then(|| {
                                let s = site.clone();
                                ON_SITE.into_iter()
                                    .map(|kind| action(kind, r.clone(), Some(s.clone()), confirm))
                                    .collect_view()
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {active.then(|| view! {
                <div class="record-actions">
                    {ON_RECORD.into_iter().map(|kind| action(kind, record.clone(), None, confirm)).collect_view()}
                </div>
            })}
        </li>
    }
}
