//! Step 4, 网站信息: one or more websites, one domain each, with their content, languages,
//! 前置审批 and 网站负责人 (copied from the 主体负责人 or another site in one tap). "Add another
//! site" keeps what is filled in; every site's fields are checked like the first one's.

use beian_rules::approvals::{service_contents, site_languages};
use beian_rules::document::fields;
use beian_rules::site_name::approval_types;
use beian_rules::{Approval, FilingDraft, Person, Website};
use leptos::prelude::*;

use crate::components::{keep_focus, FieldParts};

use crate::components::field_messages::FieldMessages;
use crate::components::person_fields::PersonFields;
use crate::components::select_field::{Choice, SelectField};
use crate::components::step_page::StepPage;
use crate::components::text_field::{Keyboard, TextField};
use crate::i18n::{both, plain, t, tr, Text};
use crate::steps::{dom_id, Step};
use crate::wizard::use_wizard;

/// The most websites one order takes here (the 管局 limits are rules; this keeps a phone's form sane).
pub const MAX_SITES: usize = 20;

fn site_owner(d: &FilingDraft, i: usize) -> Option<&Person> {
    d.websites.get(i).map(|s| &s.owner)
}

fn site_owner_mut(d: &mut FilingDraft, i: usize) -> Option<&mut Person> {
    d.websites.get_mut(i).map(|s| &mut s.owner)
}

/// A group of checkboxes for a list field of website `i` (服务内容, 网站语言).
#[component]
fn CheckList(
    index: usize,
    name: &'static str,
    label: Text,
    options: Vec<(&'static str, &'static str)>,
    get: fn(&Website) -> &Vec<String>,
    get_mut: fn(&mut Website) -> &mut Vec<String>,
) -> impl IntoView {
    let w = use_wizard();
    let field = fields::website(index, name);
    let FieldParts {
        id,
        messages_id,
        findings,
    } = FieldParts::of(&field);
    let described_by = messages_id.clone();
    let boxes = options
        .into_iter()
        .enumerate()
        .map(|(k, (value, en))| {
            let box_id = format!("{id}-{k}");
            let label_for = box_id.clone();
            let field = field.clone();
            let locked = field.clone();
            view! {
                <label class="check" for=label_for>
                    <input type="checkbox" id=box_id value=value
                        disabled=move || w.locked(&locked)
                        prop:checked=move || w.draft.with(|d| d.websites.get(index).is_some_and(|s| get(s).iter().any(|x| x == value)))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            w.edit(|d| if let Some(s) = d.websites.get_mut(index) {
                                let list = get_mut(s);
                                list.retain(|x| x != value);
                                if on {
                                    list.push(value.to_owned());
                                }
                            });
                            w.touch(&field);
                        } />
                    <span>{both(value, en)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field check-list" id=id tabindex="-1" aria-describedby=described_by>
            <legend>{tr(label)}</legend>
            <div class="checks">{boxes}</div>
            <FieldMessages id=messages_id findings=findings />
        </fieldset>
    }
}

/// The 前置审批 items of website `index`: a type and the approval's number each.
#[component]
fn Approvals(index: usize) -> impl IntoView {
    let w = use_wizard();
    let count = w.read(move |d| d.websites.get(index).map_or(0, |s| s.approvals.len()));
    let kinds: Vec<Choice> = approval_types()
        .iter()
        .map(|(id, zh, en)| ((*id).to_owned(), plain(zh, en)))
        .collect();
    let item = move |k: usize| {
        let kinds = kinds.clone();
        let base = format!("{}[{k}]", fields::website(index, "approvals"));
        view! {
            <div class="approval-item">
                <SelectField field=format!("{base}.kind") label=t::APPROVALS_KIND
                    choices=Signal::derive(move || kinds.clone())
                    value=w.read(move |d| d.websites.get(index).and_then(|s| s.approvals.get(k)).map(|a| a.kind.clone()).unwrap_or_default())
                    on_pick=move |v: String| w.edit(|d| if let Some(a) = d.websites.get_mut(index).and_then(|s| s.approvals.get_mut(k)) { a.kind = v; }) />
                <TextField field=format!("{base}.number") label=t::APPROVALS_NUMBER maxlength=100
                    value=w.read(move |d| d.websites.get(index).and_then(|s| s.approvals.get(k)).map(|a| a.number.clone()).unwrap_or_default())
                    on_input=move |v: String| w.edit(|d| if let Some(a) = d.websites.get_mut(index).and_then(|s| s.approvals.get_mut(k)) { a.number = v; }) />
                <button type="button" on:mousedown=keep_focus class="secondary remove-approval"
                    on:click=move |_| w.edit(|d| if let Some(s) = d.websites.get_mut(index) { if k < s.approvals.len() { s.approvals.remove(k); } })>
                    {tr(t::APPROVALS_REMOVE)}
                </button>
            </div>
        }
    };
    view! {
        <fieldset class="approvals">
            <legend>{tr(t::APPROVALS_LEGEND)}</legend>
            <p class="field-hint">{tr(t::APPROVALS_HINT)}</p>
            <For each=move || 0..count.get() key=|k| *k let:k>
                {item.clone()(k)}
            </For>
            <button type="button" on:mousedown=keep_focus class="secondary add-approval"
                on:click=move |_| w.edit(|d| if let Some(s) = d.websites.get_mut(index) { s.approvals.push(Approval::default()); })>
                {tr(t::APPROVALS_ADD)}
            </button>
        </fieldset>
    }
}

/// One website's card.
#[component]
fn SiteCard(index: usize) -> impl IntoView {
    let w = use_wizard();
    let text = move |f: fn(&Website) -> &String| {
        w.read(move |d| {
            d.websites
                .get(index)
                .map(|s| f(s).clone())
                .unwrap_or_default()
        })
    };
    let set = move |f: fn(&mut Website) -> &mut String| {
        move |v: String| {
            w.edit(|d| {
                if let Some(s) = d.websites.get_mut(index) {
                    *f(s) = v;
                }
            })
        }
    };
    let count = w.read(|d| d.websites.len());
    let path = move |name: &str| fields::website(index, name);
    let contents: Vec<(&'static str, &'static str)> =
        service_contents().iter().map(|c| (c.zh_cn, c.en)).collect();
    // Copy the 网站负责人 from the 主体负责人, or from another site.
    let copy_from = move |from: Option<usize>| {
        w.edit(|d| {
            let person = match from {
                None => d.subject_owner.clone(),
                Some(j) => match d.websites.get(j) {
                    Some(s) => s.owner.clone(),
                    None => return,
                },
            };
            if let Some(s) = d.websites.get_mut(index) {
                s.owner = person;
            }
        })
    };
    view! {
        <section class="site-card" id=format!("site-{index}") aria-labelledby=format!("site-{index}-title")>
            <h3 id=format!("site-{index}-title")>{t::WHERE_WEBSITE.view_with(&[&(index + 1).to_string()])}</h3>
            <TextField field=path("name") label=t::WEBSITES_NAME maxlength=64
                hint=t::WEBSITES_NAME_HINT
                value=text(|s| &s.name) on_input=set(|s| &mut s.name) />
            <TextField field=path("domain") label=t::FIELD_DOMAIN keyboard=Keyboard::Url maxlength=300
                placeholder=t::TYPE_DOMAIN_PLACEHOLDER value=text(|s| &s.domain) on_input=set(|s| &mut s.domain) />
            <TextField field=path("homepage_url") label=t::FIELD_HOMEPAGE_URL keyboard=Keyboard::Url
                maxlength=300 placeholder=t::WEBSITES_HOMEPAGE_PLACEHOLDER
                value=text(|s| &s.homepage_url) on_input=set(|s| &mut s.homepage_url) />
            <CheckList index=index name="service_content" label=t::FIELD_SERVICE_CONTENT
                options=contents get=|s| &s.service_content get_mut=|s| &mut s.service_content />
            <CheckList index=index name="languages" label=t::FIELD_LANGUAGES
                options=site_languages().to_vec() get=|s| &s.languages get_mut=|s| &mut s.languages />
            <Approvals index=index />
            <TextField field=path("remark") label=t::WEBSITES_REMARK maxlength=500
                hint=t::WEBSITES_REMARK_HINT
                value=text(|s| &s.remark) on_input=set(|s| &mut s.remark) />
            <TextField field=path("police_number") label=t::WEBSITES_POLICE_NUMBER
                maxlength=40 placeholder=t::WEBSITES_POLICE_PLACEHOLDER
                value=text(|s| &s.police_number) on_input=set(|s| &mut s.police_number) />
            <fieldset>
                <legend>{tr(t::WEBSITES_OWNER_LEGEND)}</legend>
                <div class="copy-buttons">
                    <button type="button" on:mousedown=keep_focus class="secondary copy-owner" on:click=move |_| copy_from(None)>
                        {tr(t::WEBSITES_SAME_AS_SUBJECT)}
                    </button>
                    {move || (0..count.get()).filter(|j| *j != index).map(|j| view! {
                        <button type="button" on:mousedown=keep_focus class="secondary copy-site-owner" on:click=move |_| copy_from(Some(j))>
                            {t::WEBSITES_SAME_AS_SITE.view_with(&[&(j + 1).to_string()])}
                        </button>
                    }).collect_view()}
                </div>
                <PersonFields prefix=path("owner") get=site_owner get_mut=site_owner_mut index=index />
            </fieldset>
            {move || (count.get() > 1).then(|| view! {
                <button type="button" on:mousedown=keep_focus class="secondary remove-site"
                    on:click=move |_| w.edit(|d| if index < d.websites.len() { d.websites.remove(index); })>
                    {t::WEBSITES_REMOVE_SITE.view_with(&[&(index + 1).to_string()])}
                </button>
            })}
        </section>
    }
}

#[component]
pub fn WebsitesStep() -> impl IntoView {
    let w = use_wizard();
    // The first step may have left the list empty (no domain yet): there is always one card.
    if w.draft.with_untracked(|d| d.websites.is_empty()) {
        w.edit(|d| d.websites.push(Website::default()));
    }
    let count = w.read(|d| d.websites.len());
    let list_findings = w.shown(fields::WEBSITES.to_owned());
    let add = move |_: leptos::ev::MouseEvent| {
        w.edit(|d| {
            if d.websites.len() < MAX_SITES {
                d.websites.push(Website::default());
            }
        });
        crate::focus::field(dom_id(&fields::website(count.get_untracked() - 1, "name")));
    };
    view! {
        <StepPage step=Step::Websites class="websites" hint=t::WEBSITES_HINT>
            <div id="websites" tabindex="-1">
                <FieldMessages id="websites-messages" findings=list_findings />
            </div>
            <For each=move || 0..count.get() key=|i| *i let:i>
                <SiteCard index=i />
            </For>
            <button type="button" on:mousedown=keep_focus class="secondary add-site" disabled=move || { count.get() >= MAX_SITES } on:click=add>
                {tr(t::WEBSITES_ADD_SITE)}
            </button>
        </StepPage>
    }
}
