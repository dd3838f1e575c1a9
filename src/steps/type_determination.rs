//! Step 1, 备案类型判定: region, subject nature, certificate, domain. Every field is checked by
//! the rules crate as the applicant types (after a pause) and when the field is left; a field's
//! messages appear once it has been touched, or on save.

use std::collections::BTreeSet;
use std::time::Duration;

use beian_rules::document::fields;
use beian_rules::finding::for_field;
use beian_rules::{
    check_domain, regions, subject, validate_draft, FilingDraft, Finding, Website,
    DRAFT_SCHEMA_VERSION,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, SavedApplication};
use crate::components::field_messages::{has_error, FieldMessages};
use crate::components::select_field::{Choice, SelectField};
use crate::draft_store::{self, LocalDraft};
use crate::region_data::use_region_data;

/// How long typing must pause before a field's messages appear.
const TYPING_PAUSE: Duration = Duration::from_millis(600);

/// This step asks for the domain of the order's first website.
const DOMAIN: &str = "websites[0].domain";

const ALL_FIELDS: [&str; 7] = [
    fields::PROVINCE,
    fields::CITY,
    fields::DISTRICT,
    fields::SUBJECT_NATURE,
    fields::CERTIFICATE_TYPE,
    fields::CERTIFICATE_NUMBER,
    DOMAIN,
];

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved(SavedApplication),
    Failed(ApiError),
}

fn division_choices(list: impl Iterator<Item = &'static regions::Division>) -> Vec<Choice> {
    list.map(|d| (d.code.to_owned(), d.name.to_owned()))
        .collect()
}

#[component]
pub fn TypeDeterminationStep() -> impl IntoView {
    let local = draft_store::load().unwrap_or_else(|| LocalDraft {
        id: None,
        revision: None,
        draft: FilingDraft {
            schema_version: DRAFT_SCHEMA_VERSION,
            ..FilingDraft::default()
        },
    });
    let draft = RwSignal::new(local.draft);
    let app_id = RwSignal::new(local.id);
    let app_revision = RwSignal::new(local.revision);
    let touched = RwSignal::new(BTreeSet::<&'static str>::new());
    let save_state = RwSignal::new(SaveState::Idle);

    // Every change is kept on this device at once.
    Effect::new(move |_| {
        draft_store::save(&LocalDraft {
            id: app_id.get(),
            revision: app_revision.get(),
            draft: draft.get(),
        })
    });

    let region_data = use_region_data();
    let context = crate::clock::rules_context();
    let findings = Memo::new(move |_| {
        // The region rules run once the division table is there.
        region_data.ready.track();
        draft.with(|d| validate_draft(d, &context))
    });
    let touch = move |field: &'static str| {
        touched.update(|t| {
            t.insert(field);
        })
    };
    let shown = move |field: &'static str| -> Signal<Vec<Finding>> {
        Signal::derive(move || {
            if touched.with(|t| t.contains(field)) {
                findings.with(|all| for_field(all, field).into_iter().cloned().collect())
            } else {
                Vec::new()
            }
        })
    };
    let step = move |f: fn(&FilingDraft) -> String| Signal::derive(move || draft.with(f));
    let edit = move |f: &dyn Fn(&mut FilingDraft)| draft.update(|d| f(d));

    // Region: picking a level clears the levels below it.
    let province = step(|d| d.subject.region.province.clone());
    let city = step(|d| d.subject.region.city.clone());
    let district = step(|d| d.subject.region.district.clone());
    // Provinces are always there; cities and districts once the division table has arrived.
    let province_choices = Signal::derive(|| {
        beian_rules::provinces::provinces()
            .iter()
            .map(|p| (p.code.to_owned(), p.name.to_owned()))
            .collect::<Vec<Choice>>()
    });
    let city_choices = Signal::derive(move || {
        region_data.ready.track();
        division_choices(regions::children(&province.get()))
    });
    let district_choices = Signal::derive(move || {
        region_data.ready.track();
        division_choices(regions::children(&city.get()))
    });

    // Nature and certificate type: the type list follows the nature.
    let nature = step(|d| d.subject.nature.map(|n| n.to_string()).unwrap_or_default());
    let nature_choices = Signal::derive(|| {
        subject::natures()
            .iter()
            .map(|n| (n.id.to_string(), format!("{} {}", n.name_zh, n.name_en)))
            .collect::<Vec<Choice>>()
    });
    let certificate_type = step(|d| d.subject.certificate_type.clone());
    let certificate_choices = Signal::derive(move || {
        let id: Option<u8> = nature.get().parse().ok();
        id.and_then(subject::nature)
            .map(|n| {
                n.certificates
                    .iter()
                    .filter_map(|c| subject::certificate_type(c))
                    .map(|c| (c.id.to_owned(), format!("{} {}", c.name_zh, c.name_en)))
                    .collect()
            })
            .unwrap_or_default()
    });
    let pick_nature = move |v: String| {
        let id: Option<u8> = v.parse().ok();
        edit(&|d| {
            let s = &mut d.subject;
            s.nature = id;
            let allowed = id
                .and_then(subject::nature)
                .map(|n| n.certificates.clone())
                .unwrap_or_default();
            if !allowed.contains(&s.certificate_type.as_str()) {
                s.certificate_type = allowed.first().map(|c| (*c).to_owned()).unwrap_or_default();
            }
        });
        touch(fields::SUBJECT_NATURE);
    };

    // Domain: checked after a typing pause, and at once when the field is left.
    let domain = step(|d| {
        d.websites
            .first()
            .map(|w| w.domain.clone())
            .unwrap_or_default()
    });
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let clear_pending = move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending.set_value(None);
    };
    on_cleanup(clear_pending);
    let on_domain_input = move |ev| {
        let v = event_target_value(&ev);
        edit(&|d| {
            if d.websites.is_empty() {
                d.websites.push(Website::default());
            }
            d.websites[0].domain = v.clone();
        });
        clear_pending();
        pending.set_value(set_timeout_with_handle(move || touch(DOMAIN), TYPING_PAUSE).ok());
    };
    let domain_leave = move || {
        clear_pending();
        touch(DOMAIN);
    };
    let filed_as = Signal::derive(move || {
        // Only for harmless rewrites (www., letter case, full-width dots); errors speak for themselves.
        let input = domain.get();
        let check = check_domain(DOMAIN, &input);
        let normalized = check.normalized?;
        let show = touched.with(|t| t.contains(DOMAIN))
            && !has_error(&check.findings)
            && normalized.unicode != input.trim();
        show.then_some(normalized.unicode)
    });
    let domain_findings = shown(DOMAIN);

    let certificate_number = step(|d| d.subject.certificate_number.clone());
    let number_findings = shown(fields::CERTIFICATE_NUMBER);

    let save = move || {
        touched.update(|t| t.extend(ALL_FIELDS));
        let d = draft.get_untracked();
        let id = app_id.get_untracked();
        let revision = app_revision.get_untracked();
        save_state.set(SaveState::Saving);
        spawn_local(async move {
            let mut result = api::save_draft(id.as_deref(), revision, &d).await;
            // The server no longer has it (e.g. its data was reset): keep the draft as a new one.
            if matches!(result, Err(ApiError::Server { status: 404, .. })) && id.is_some() {
                result = api::save_draft(None, None, &d).await;
            }
            match result {
                Ok(saved) => {
                    app_id.set(Some(saved.id.clone()));
                    app_revision.set(Some(saved.revision));
                    save_state.set(SaveState::Saved(saved));
                }
                Err(e) => save_state.set(SaveState::Failed(e)),
            }
        });
    };
    // A conflict: keep this device's version (replace the newer one, having seen it) ...
    let keep_mine = Callback::new(move |revision: i64| {
        app_revision.set(Some(revision));
        save();
    });
    // ... or take the other version in place of this one.
    let use_theirs = Callback::new(move |(revision, other): (i64, FilingDraft)| {
        app_revision.set(Some(revision));
        draft.set(other);
        save_state.set(SaveState::Idle);
    });
    let open_errors = Signal::derive(move || {
        findings.with(|all| {
            all.iter()
                .filter(|f| f.is_error())
                .map(|f| f.field.as_str())
                .collect::<BTreeSet<_>>()
                .len()
        })
    });

    view! {
        <form class="type-determination" novalidate on:submit=|ev| ev.prevent_default()>
            <h2>"备案类型判定 " <span lang="en">"Filing type"</span></h2>
            <p class="hint">
                "填写主办单位和域名，我们会判断备案类型并立即检查常见问题。"
                <span lang="en">"Enter the subject and the domain: we work out the filing type and check common mistakes at once."</span>
            </p>

            <fieldset>
                <legend>"主办单位所属区域 " <span lang="en">"Region of the subject"</span></legend>
                <SelectField id="province" label_zh="省份" label_en="Province" choices=province_choices value=province
                    findings=shown(fields::PROVINCE)
                    on_pick=move |v| {
                        edit(&|d| { let r = &mut d.subject.region; r.province = v.clone(); r.city.clear(); r.district.clear(); });
                        touch(fields::PROVINCE);
                    } />
                <SelectField id="city" label_zh="城市" label_en="City" choices=city_choices value=city
                    findings=shown(fields::CITY)
                    on_pick=move |v| {
                        edit(&|d| { let r = &mut d.subject.region; r.city = v.clone(); r.district.clear(); });
                        touch(fields::CITY);
                    } />
                <SelectField id="district" label_zh="区县" label_en="District" choices=district_choices value=district
                    findings=shown(fields::DISTRICT)
                    on_pick=move |v| { edit(&|d| d.subject.region.district = v.clone()); touch(fields::DISTRICT); } />
                {move || region_data.failed.get().then(|| view! {
                    <p class="msg msg-error" role="alert" data-code="client.regions_unavailable">
                        <span lang="zh-CN">"无法加载城市和区县数据，请检查网络后重试；已填写的内容会保留。"</span>
                        <span lang="en">"The city and district list could not be loaded: check the network and retry; what you entered is kept."</span>
                        <button type="button" class="retry" on:click=move |_| region_data.load()>
                            "重试 " <span lang="en">"Retry"</span>
                        </button>
                    </p>
                })}
            </fieldset>

            <SelectField id="subject-nature" label_zh="主办单位性质" label_en="Nature of the subject"
                choices=nature_choices value=nature findings=shown(fields::SUBJECT_NATURE) on_pick=pick_nature />
            <SelectField id="certificate-type" label_zh="主办单位证件类型" label_en="Certificate type"
                choices=certificate_choices value=certificate_type findings=shown(fields::CERTIFICATE_TYPE)
                on_pick=move |v| { edit(&|d| d.subject.certificate_type = v.clone()); touch(fields::CERTIFICATE_TYPE); } />

            <div class="field">
                <label for="certificate-number">"主办单位证件号码 " <span lang="en">"Certificate number"</span></label>
                <input id="certificate-number" name="certificate-number" type="text" autocomplete="off"
                    autocapitalize="characters" spellcheck="false" maxlength="64"
                    aria-describedby="certificate-number-messages"
                    aria-invalid=move || has_error(&number_findings.get()).to_string()
                    prop:value=certificate_number
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|d| d.subject.certificate_number = v.clone()); }
                    on:blur=move |_| touch(fields::CERTIFICATE_NUMBER) />
                <FieldMessages id="certificate-number-messages" findings=number_findings />
            </div>

            <div class="field">
                <label for="domain">"域名 " <span lang="en">"Domain"</span></label>
                <input id="domain" name="domain" type="text" inputmode="url" autocomplete="off"
                    autocapitalize="none" spellcheck="false" enterkeyhint="done" maxlength="300"
                    placeholder="example.com"
                    aria-describedby="domain-messages"
                    aria-invalid=move || has_error(&domain_findings.get()).to_string()
                    prop:value=domain
                    on:input=on_domain_input on:change=move |_| domain_leave() on:blur=move |_| domain_leave() />
                {move || filed_as.get().map(|d| view! {
                    <p class="filed-as">"将按 " <strong>{d.clone()}</strong> " 备案 " <span lang="en">"Will be filed as " {d}</span></p>
                })}
                <FieldMessages id="domain-messages" findings=domain_findings />
            </div>

            <div class="actions">
                <button type="button" class="primary" on:click=move |_| save()
                    disabled=move || save_state.get() == SaveState::Saving>
                    "保存草稿 " <span lang="en">"Save draft"</span>
                </button>
                <SaveStatus state=save_state open_errors=open_errors keep_mine use_theirs />
            </div>
        </form>
    }
}

#[component]
fn SaveStatus(
    state: RwSignal<SaveState>,
    open_errors: Signal<usize>,
    keep_mine: Callback<i64>,
    use_theirs: Callback<(i64, FilingDraft)>,
) -> impl IntoView {
    move || {
        match state.get() {
        SaveState::Idle => ().into_any(),
        SaveState::Saving => view! { <p class="save-status" role="status">"正在保存… " <span lang="en">"Saving…"</span></p> }.into_any(),
        SaveState::Saved(saved) => {
            let n = open_errors.get();
            view! {
                <p class="save-status saved" role="status" data-application-id=saved.id.clone() data-revision=saved.revision>
                    "草稿已保存 " <span lang="en">"Draft saved"</span>
                </p>
                {(n > 0).then(|| view! {
                    <p class="save-status todo">{format!("还有 {n} 项需要修改后才能提交。")} <span lang="en">{format!("{n} field(s) need fixing before you can submit.")}</span></p>
                })}
            }
            .into_any()
        }
        SaveState::Failed(ApiError::Conflict { revision, draft }) => {
            let e = ApiError::Conflict { revision, draft: draft.clone() };
            let other = *draft;
            view! {
                <div class="save-status conflict" role="alert" data-code="revision_conflict">
                    <p>{e.zh()} " " <span lang="en">{e.to_string()}</span></p>
                    <div class="actions">
                        <button type="button" class="keep-mine" on:click=move |_| keep_mine.run(revision)>
                            "保留本机的版本 " <span lang="en">"Keep this device's version"</span>
                        </button>
                        <button type="button" class="use-theirs" on:click=move |_| use_theirs.run((revision, other.clone()))>
                            "改用另一份 " <span lang="en">"Use the other version"</span>
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
        SaveState::Failed(e) => view! {
            <p class="save-status failed" role="alert">{e.zh()} " " <span lang="en">{e.to_string()}</span></p>
        }
        .into_any(),
    }
    }
}
