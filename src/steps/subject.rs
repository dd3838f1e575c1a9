//! Step 3, 主体信息: the subject's name, addresses, investor and remark, and its responsible
//! person (主体负责人). The 通讯地址 shows the region already chosen before the input, as the
//! seed form does, so the applicant does not repeat it.

use beian_rules::document::fields;
use beian_rules::{regions, FilingDraft, Person};
use leptos::prelude::*;

use crate::components::keep_focus;

use crate::components::person_fields::PersonFields;
use crate::components::step_page::StepPage;
use crate::components::text_field::TextField;
use crate::region_data::use_region_data;
use crate::steps::Step;
use crate::wizard::use_wizard;

fn owner(d: &FilingDraft, _: usize) -> Option<&Person> {
    Some(&d.subject_owner)
}

fn owner_mut(d: &mut FilingDraft, _: usize) -> Option<&mut Person> {
    Some(&mut d.subject_owner)
}

#[component]
pub fn SubjectStep() -> impl IntoView {
    let w = use_wizard();
    let region_data = use_region_data();
    let personal = w.read(|d| d.subject.is_personal() == Some(true));
    // The region's names as the form shows them before the 通讯地址.
    let region_prefix = Signal::derive(move || {
        region_data.ready.track();
        w.draft.with(|d| {
            let r = &d.subject.region;
            [&r.province, &r.city, &r.district]
                .iter()
                .filter_map(|c| regions::find(c))
                .map(|d| d.name)
                .collect::<String>()
        })
    });
    let text = move |f: fn(&FilingDraft) -> &String| w.read(move |d| f(d).clone());
    // A personal filer is their own responsible person.
    let copy_subject = move |_| {
        w.edit(|d| {
            let s = &d.subject;
            let (name, t, n) = (
                s.name.clone(),
                s.certificate_type.clone(),
                s.certificate_number.clone(),
            );
            let p = &mut d.subject_owner;
            p.name = name;
            p.certificate_type = t;
            p.certificate_number = n;
        })
    };
    view! {
        <StepPage step=Step::Subject class="subject" hint=("按证件上的内容填写；证件住所和通讯地址需在所选省份。", "Fill in what the certificate says; both addresses must be in the chosen province.")>
            <fieldset>
                <legend>"主办单位 " <span lang="en">"Subject"</span></legend>
                <TextField field=fields::SUBJECT_NAME label_zh="主办单位或主办人名称" label_en="Name of the subject"
                    autocomplete="name" maxlength=64 value=text(|d| &d.subject.name)
                    hint=("个人填写本人姓名；单位填写证件上的全称。", "A person: your own name. A unit: the full name on its certificate.")
                    on_input=move |v: String| w.edit(|d| d.subject.name = v) />
                <TextField field=fields::CERTIFICATE_ADDRESS label_zh="证件住所" label_en="Address on the certificate"
                    autocomplete="street-address" maxlength=200 value=text(|d| &d.subject.certificate_address)
                    hint=("与证件上的地址完全一致。", "Exactly as on the certificate.")
                    on_input=move |v: String| w.edit(|d| d.subject.certificate_address = v) />
                <TextField field=fields::MAILING_ADDRESS label_zh="通讯地址" label_en="Mailing address"
                    autocomplete="street-address" maxlength=200 value=text(|d| &d.subject.mailing_address)
                    prefix=region_prefix
                    hint=("接着上面的省市区填写街道和门牌号，不要重复省市区。", "Continue after the region shown: street and number, without repeating the region.")
                    on_input=move |v: String| w.edit(|d| d.subject.mailing_address = v) />
                <TextField field=fields::INVESTOR label_zh="投资人或主管单位" label_en="Investor or supervising body"
                    maxlength=64 value=text(|d| &d.subject.investor)
                    hint=("个人填写本人姓名。", "A person: your own name.")
                    on_input=move |v: String| w.edit(|d| d.subject.investor = v) />
                <TextField field=fields::SUBJECT_REMARK label_zh="备注" label_en="Remark"
                    maxlength=500 value=text(|d| &d.subject.remark)
                    hint=("地址没有门牌号时，请写“此地址已是最详细地址”。", "Where the address has no house number, write 此地址已是最详细地址.")
                    on_input=move |v: String| w.edit(|d| d.subject.remark = v) />
            </fieldset>
            <fieldset>
                <legend>"主体负责人 " <span lang="en">"Responsible person of the subject"</span></legend>
                {move || personal.get().then(|| view! {
                    <button type="button" on:mousedown=keep_focus class="secondary copy-person" on:click=copy_subject>
                        "负责人就是我（复制上面的姓名和证件） " <span lang="en">"That is me (copy the name and certificate above)"</span>
                    </button>
                })}
                <PersonFields prefix="subject_owner".to_owned() get=owner get_mut=owner_mut />
            </fieldset>
        </StepPage>
    }
}
