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
    label_zh: &'static str,
    label_en: &'static str,
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
            view! {
                <label class="check" for=label_for>
                    <input type="checkbox" id=box_id value=value
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
                    <span>{value} " " <span lang="en">{en}</span></span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field check-list" id=id tabindex="-1" aria-describedby=described_by>
            <legend>{label_zh} " " <span lang="en">{label_en}</span></legend>
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
        .map(|(id, zh, en)| ((*id).to_owned(), format!("{zh} {en}")))
        .collect();
    let item = move |k: usize| {
        let kinds = kinds.clone();
        let base = format!("{}[{k}]", fields::website(index, "approvals"));
        view! {
            <div class="approval-item">
                <SelectField field=format!("{base}.kind") label_zh="审批类型" label_en="Approval type"
                    choices=Signal::derive(move || kinds.clone())
                    value=w.read(move |d| d.websites.get(index).and_then(|s| s.approvals.get(k)).map(|a| a.kind.clone()).unwrap_or_default())
                    on_pick=move |v: String| w.edit(|d| if let Some(a) = d.websites.get_mut(index).and_then(|s| s.approvals.get_mut(k)) { a.kind = v; }) />
                <TextField field=format!("{base}.number") label_zh="审批文号" label_en="Approval number" maxlength=100
                    value=w.read(move |d| d.websites.get(index).and_then(|s| s.approvals.get(k)).map(|a| a.number.clone()).unwrap_or_default())
                    on_input=move |v: String| w.edit(|d| if let Some(a) = d.websites.get_mut(index).and_then(|s| s.approvals.get_mut(k)) { a.number = v; }) />
                <button type="button" on:mousedown=keep_focus class="secondary remove-approval"
                    on:click=move |_| w.edit(|d| if let Some(s) = d.websites.get_mut(index) { if k < s.approvals.len() { s.approvals.remove(k); } })>
                    "删除此项 " <span lang="en">"Remove"</span>
                </button>
            </div>
        }
    };
    view! {
        <fieldset class="approvals">
            <legend>"前置审批 " <span lang="en">"Pre-approvals"</span></legend>
            <p class="field-hint">"网站涉及新闻、出版、教育、医疗、药品、文化、广电等内容时，需先取得主管部门的审批。个人网站不能办理。"
                <span lang="en">" Sites with news, publishing, education, health, drugs, culture or broadcasting content need the authority's approval first. Personal sites cannot get one."</span></p>
            <For each=move || 0..count.get() key=|k| *k let:k>
                {item.clone()(k)}
            </For>
            <button type="button" on:mousedown=keep_focus class="secondary add-approval"
                on:click=move |_| w.edit(|d| if let Some(s) = d.websites.get_mut(index) { s.approvals.push(Approval::default()); })>
                "添加前置审批 " <span lang="en">"Add a pre-approval"</span>
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
            <h3 id=format!("site-{index}-title")>{format!("网站 {}", index + 1)} " " <span lang="en">{format!("Website {}", index + 1)}</span></h3>
            <TextField field=path("name") label_zh="网站名称" label_en="Website name" maxlength=64
                hint=("能体现网站内容的中文名称，至少 3 个字，不能是域名或纯英文。", "A Chinese name that says what the site is about, 3 characters or more, not a domain or English only.")
                value=text(|s| &s.name) on_input=set(|s| &mut s.name) />
            <TextField field=path("domain") label_zh="域名" label_en="Domain" keyboard=Keyboard::Url maxlength=300
                placeholder="example.com" value=text(|s| &s.domain) on_input=set(|s| &mut s.domain) />
            <TextField field=path("homepage_url") label_zh="网站首页 URL" label_en="Homepage URL" keyboard=Keyboard::Url
                maxlength=300 placeholder="https://www.example.com/"
                value=text(|s| &s.homepage_url) on_input=set(|s| &mut s.homepage_url) />
            <CheckList index=index name="service_content" label_zh="网站服务内容" label_en="Service content"
                options=contents get=|s| &s.service_content get_mut=|s| &mut s.service_content />
            <CheckList index=index name="languages" label_zh="网站语言" label_en="Languages"
                options=site_languages().to_vec() get=|s| &s.languages get_mut=|s| &mut s.languages />
            <Approvals index=index />
            <TextField field=path("remark") label_zh="网站备注" label_en="Remark" maxlength=500
                hint=("个人网站请简要描述网站内容，并说明不涉及经营性内容。", "Personal sites: describe the content briefly and say it is non-commercial.")
                value=text(|s| &s.remark) on_input=set(|s| &mut s.remark) />
            <TextField field=path("police_number") label_zh="公安备案号（已开通网站填写）" label_en="Public-security number (open sites)"
                maxlength=40 placeholder="粤公网安备44030502000001号"
                value=text(|s| &s.police_number) on_input=set(|s| &mut s.police_number) />
            <fieldset>
                <legend>"网站负责人 " <span lang="en">"Responsible person of the website"</span></legend>
                <div class="copy-buttons">
                    <button type="button" on:mousedown=keep_focus class="secondary copy-owner" on:click=move |_| copy_from(None)>
                        "同主体负责人 " <span lang="en">"Same as the subject's"</span>
                    </button>
                    {move || (0..count.get()).filter(|j| *j != index).map(|j| view! {
                        <button type="button" on:mousedown=keep_focus class="secondary copy-site-owner" on:click=move |_| copy_from(Some(j))>
                            {format!("同网站 {}", j + 1)} " " <span lang="en">{format!("Same as website {}", j + 1)}</span>
                        </button>
                    }).collect_view()}
                </div>
                <PersonFields prefix=path("owner") get=site_owner get_mut=site_owner_mut index=index />
            </fieldset>
            {move || (count.get() > 1).then(|| view! {
                <button type="button" on:mousedown=keep_focus class="secondary remove-site"
                    on:click=move |_| w.edit(|d| if index < d.websites.len() { d.websites.remove(index); })>
                    {format!("删除网站 {}", index + 1)} " " <span lang="en">{format!("Remove website {}", index + 1)}</span>
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
        <StepPage step=Step::Websites class="websites" hint=("每个网站填写一个域名；有多个网站时，填完一个再添加下一个。", "One domain per website; with several websites, fill one in and add the next.")>
            <div id="websites" tabindex="-1">
                <FieldMessages id="websites-messages" findings=list_findings />
            </div>
            <For each=move || 0..count.get() key=|i| *i let:i>
                <SiteCard index=i />
            </For>
            <button type="button" on:mousedown=keep_focus class="secondary add-site" disabled=move || { count.get() >= MAX_SITES } on:click=add>
                "添加另一个网站 " <span lang="en">"Add another website"</span>
            </button>
        </StepPage>
    }
}
