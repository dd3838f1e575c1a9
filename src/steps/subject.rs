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
use crate::i18n::{t, tr};
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
        <StepPage step=Step::Subject class="subject" hint=t::SUBJECT_HINT>
            <fieldset>
                <legend>{tr(t::SUBJECT_LEGEND)}</legend>
                <TextField field=fields::SUBJECT_NAME label=t::SUBJECT_NAME
                    autocomplete="name" maxlength=64 value=text(|d| &d.subject.name)
                    hint=t::SUBJECT_NAME_HINT
                    on_input=move |v: String| w.edit(|d| d.subject.name = v) />
                <TextField field=fields::CERTIFICATE_ADDRESS label=t::FIELD_CERTIFICATE_ADDRESS
                    autocomplete="street-address" maxlength=200 value=text(|d| &d.subject.certificate_address)
                    hint=t::SUBJECT_CERTIFICATE_ADDRESS_HINT
                    on_input=move |v: String| w.edit(|d| d.subject.certificate_address = v) />
                <TextField field=fields::MAILING_ADDRESS label=t::FIELD_MAILING_ADDRESS
                    autocomplete="street-address" maxlength=200 value=text(|d| &d.subject.mailing_address)
                    prefix=region_prefix
                    hint=t::SUBJECT_MAILING_ADDRESS_HINT
                    on_input=move |v: String| w.edit(|d| d.subject.mailing_address = v) />
                <TextField field=fields::INVESTOR label=t::FIELD_INVESTOR
                    maxlength=64 value=text(|d| &d.subject.investor)
                    hint=t::SUBJECT_INVESTOR_HINT
                    on_input=move |v: String| w.edit(|d| d.subject.investor = v) />
                <TextField field=fields::SUBJECT_REMARK label=t::FIELD_REMARK
                    maxlength=500 value=text(|d| &d.subject.remark)
                    hint=t::SUBJECT_REMARK_HINT
                    on_input=move |v: String| w.edit(|d| d.subject.remark = v) />
            </fieldset>
            <fieldset>
                <legend>{tr(t::SUBJECT_OWNER_LEGEND)}</legend>
                {move || personal.get().then(|| view! {
                    <button type="button" on:mousedown=keep_focus class="secondary copy-person" on:click=copy_subject>
                        {tr(t::SUBJECT_THAT_IS_ME)}
                    </button>
                })}
                <PersonFields prefix="subject_owner".to_owned() get=owner get_mut=owner_mut />
            </fieldset>
        </StepPage>
    }
}
