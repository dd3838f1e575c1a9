//! Step 1, 备案类型判定: region, subject nature, certificate, domain, and what the applicant
//! says of earlier filings of the subject and the domain, from which the rules determine the
//! filing type and say why. Changes, cancellations and claims are chosen instead. Types that act
//! on an existing filing ask for its 备案号 (and 备案密码 where the seeds require it) here.

use beian_rules::completeness::needs_of;
use beian_rules::document::fields;
use beian_rules::filing_type::{determine, filing_types};
use beian_rules::finding::for_field;
use beian_rules::{regions, subject, FilingDraft, FilingType, PriorFiling, Website};
use leptos::prelude::*;

use crate::components::choice_field::ChoiceField;
use crate::components::field_messages::FieldMessages;
use crate::components::select_field::{certificate_choices, Choice, SelectField};
use crate::components::step_page::StepPage;
use crate::components::text_field::{Keyboard, TextField};
use crate::i18n::{both, message, plain, t, tr};
use crate::region_data::use_region_data;
use crate::steps::Step;
use crate::wizard::use_wizard;

/// This step asks for the domain of the order's first website.
const DOMAIN: &str = "websites[0].domain";
/// The picker of a change, cancellation or claim: it sets `filing_type`, whose messages show in
/// the determination box above it, so the picker's own path has none.
const OTHER_ACTION: &str = "filing_type.other_action";

fn division_choices(list: impl Iterator<Item = &'static regions::Division>) -> Vec<Choice> {
    list.map(|d| (d.code.to_owned(), d.name.to_owned()))
        .collect()
}

fn prior_id(p: Option<PriorFiling>) -> String {
    match p {
        None => "",
        Some(PriorFiling::NotFiled) => "not_filed",
        Some(PriorFiling::Here) => "here",
        Some(PriorFiling::Elsewhere) => "elsewhere",
    }
    .to_owned()
}

fn prior_from_id(id: &str) -> Option<PriorFiling> {
    match id {
        "not_filed" => Some(PriorFiling::NotFiled),
        "here" => Some(PriorFiling::Here),
        "elsewhere" => Some(PriorFiling::Elsewhere),
        _ => None,
    }
}

fn prior_choices() -> Vec<Choice> {
    [
        ("not_filed", t::TYPE_PRIOR_NOT_FILED),
        ("here", t::TYPE_PRIOR_HERE),
        ("elsewhere", t::TYPE_PRIOR_ELSEWHERE),
    ]
    .map(|(v, text)| (v.to_owned(), text.plain()))
    .to_vec()
}

/// After an answer changed: the type the answers call for (a chosen change, cancellation or
/// claim stays as it is).
fn redetermine(d: &mut FilingDraft) {
    if d.filing_type.is_some_and(|t| !t.info().determined) {
        return;
    }
    d.filing_type = determine(&d.prior_filings).and_then(|x| x.filing_type);
}

#[component]
pub fn TypeDeterminationStep() -> impl IntoView {
    let w = use_wizard();
    let region_data = use_region_data();

    // Region: picking a level clears the levels below it.
    let province = w.read(|d| d.subject.region.province.clone());
    let city = w.read(|d| d.subject.region.city.clone());
    let district = w.read(|d| d.subject.region.district.clone());
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
    let nature = w.read(|d| d.subject.nature.map(|n| n.to_string()).unwrap_or_default());
    let nature_choices = Signal::derive(|| {
        subject::natures()
            .iter()
            .map(|n| (n.id.to_string(), plain(n.name_zh, n.name_en)))
            .collect::<Vec<Choice>>()
    });
    let certificate_type = w.read(|d| d.subject.certificate_type.clone());
    let certificate_choices =
        Signal::derive(move || certificate_choices(nature.get().parse().ok()));
    let pick_nature = move |v: String| {
        let id: Option<u8> = v.parse().ok();
        w.edit(|d| {
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
    };

    let domain = w.read(|d| {
        d.websites
            .first()
            .map(|w| w.domain.clone())
            .unwrap_or_default()
    });
    let filed_as = Signal::derive(move || {
        // Only for harmless rewrites (www., letter case, full-width dots); errors speak for themselves.
        let input = domain.get();
        let filed = crate::validation::domain_as_filed(&input)?;
        let show = w.is_shown(DOMAIN) && filed != input.trim();
        show.then_some(filed)
    });

    // Earlier filings, and the type they call for.
    let prior_subject = w.read(|d| prior_id(d.prior_filings.subject));
    let prior_domain = w.read(|d| prior_id(d.prior_filings.domain));
    // The determination's reason shows at once; "still to choose" once the step was left.
    let type_findings = Signal::derive(move || {
        let shown = w.is_shown(fields::FILING_TYPE);
        w.findings.with(|all| {
            for_field(all, fields::FILING_TYPE)
                .into_iter()
                .filter(|f| shown || f.code.as_str().starts_with("filing_type."))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let filing_type = w.read(|d| d.filing_type);
    let chosen_types: Vec<Choice> = filing_types()
        .iter()
        .filter(|t| !t.determined)
        .map(|t| (t.id.to_owned(), plain(t.name_zh, t.name_en)))
        .collect();
    let other_action = w.read(|d| {
        d.filing_type
            .filter(|t| !t.info().determined)
            .map(|t| t.id().to_owned())
            .unwrap_or_default()
    });
    let needs = w.read(needs_of);
    let icp_number = w.read(|d| d.existing_filing.icp_number.clone());
    let password = w.read(|d| d.existing_filing.password.clone());
    let certificate_number = w.read(|d| d.subject.certificate_number.clone());

    view! {
        <StepPage step=Step::Type class="type-determination" hint=t::TYPE_HINT>

            <fieldset>
                <legend>{tr(t::TYPE_REGION)}</legend>
                <SelectField field=fields::PROVINCE label=t::FIELD_PROVINCE choices=province_choices value=province
                    on_pick=move |v: String| w.edit(|d| { let r = &mut d.subject.region; r.province = v; r.city.clear(); r.district.clear(); }) />
                <SelectField field=fields::CITY label=t::FIELD_CITY choices=city_choices value=city
                    on_pick=move |v: String| w.edit(|d| { let r = &mut d.subject.region; r.city = v; r.district.clear(); }) />
                <SelectField field=fields::DISTRICT label=t::FIELD_DISTRICT choices=district_choices value=district
                    on_pick=move |v: String| w.edit(|d| d.subject.region.district = v) />
                {move || region_data.failed.get().then(|| view! {
                    <p class="msg msg-error" role="alert" data-code="client.regions_unavailable">
                        {message(t::TYPE_REGIONS_UNAVAILABLE.zh.to_owned(), t::TYPE_REGIONS_UNAVAILABLE.en.to_owned())}
                        <button type="button" class="retry" on:click=move |_| region_data.load()>
                            {tr(t::TYPE_RETRY)}
                        </button>
                    </p>
                })}
            </fieldset>

            <SelectField field=fields::SUBJECT_NATURE label=t::FIELD_NATURE
                choices=nature_choices value=nature on_pick=pick_nature />
            <SelectField field=fields::CERTIFICATE_TYPE label=t::TYPE_SUBJECT_CERTIFICATE_TYPE
                choices=certificate_choices value=certificate_type
                on_pick=move |v: String| w.edit(|d| d.subject.certificate_type = v) />
            <TextField field=fields::CERTIFICATE_NUMBER label=t::TYPE_SUBJECT_CERTIFICATE_NUMBER
                keyboard=Keyboard::Code maxlength=64 value=certificate_number
                on_input=move |v: String| w.edit(|d| d.subject.certificate_number = v) />
            <TextField field=DOMAIN label=t::FIELD_DOMAIN keyboard=Keyboard::Url maxlength=300
                placeholder=t::TYPE_DOMAIN_PLACEHOLDER value=domain
                on_input=move |v: String| w.edit(|d| {
                    if d.websites.is_empty() {
                        d.websites.push(Website::default());
                    }
                    d.websites[0].domain = v;
                }) />
            {move || filed_as.get().map(|d| view! {
                <p class="filed-as">{t::TYPE_FILED_AS.view_with(&[&d])}</p>
            })}

            <ChoiceField field=fields::PRIOR_SUBJECT label=t::TYPE_PRIOR_SUBJECT
                choices=prior_choices() value=prior_subject
                on_pick=move |v: String| w.edit(|d| { d.prior_filings.subject = prior_from_id(&v); redetermine(d); }) />
            <ChoiceField field=fields::PRIOR_DOMAIN label=t::TYPE_PRIOR_DOMAIN
                choices=prior_choices() value=prior_domain
                on_pick=move |v: String| w.edit(|d| { d.prior_filings.domain = prior_from_id(&v); redetermine(d); }) />

            <section class="determined" aria-live="polite" id="filing-type" tabindex="-1">
                {move || filing_type.get().map(|t| {
                    let i = t.info();
                    view! {
                        <p class="determined-type" data-filing-type=i.id>
                            {let (zh, en) = t::TYPE_DETERMINED.fill_each(&[i.name_zh], &[i.name_en]); both(zh, en)}
                        </p>
                    }
                })}
                <FieldMessages id="filing-type-messages" findings=type_findings />
            </section>

            <details class="other-actions" open=move || !other_action.get().is_empty()>
                <summary>{tr(t::TYPE_OTHER_ACTIONS)}</summary>
                <SelectField field=OTHER_ACTION label=t::TYPE_WHAT_TO_DO
                    choices=Signal::derive(move || chosen_types.clone()) value=other_action
                    on_pick=move |v: String| w.edit(|d| {
                        d.filing_type = FilingType::from_id(&v);
                        if d.filing_type.is_none() {
                            redetermine(d);
                        }
                    }) />
            </details>

            {move || needs.get().icp_number.then(|| view! {
                <fieldset>
                    <legend>{tr(t::TYPE_EXISTING_FILING)}</legend>
                    <TextField field=fields::ICP_NUMBER label=t::FIELD_ICP_NUMBER
                        placeholder=t::TYPE_ICP_NUMBER_PLACEHOLDER maxlength=40 value=icp_number
                        on_input=move |v: String| w.edit(|d| d.existing_filing.icp_number = v) />
                    {move || needs.get().password.then(|| view! {
                        <TextField field=fields::PASSWORD label=t::FIELD_PASSWORD
                            keyboard=Keyboard::Password autocomplete="current-password" maxlength=64 value=password
                            hint=t::TYPE_PASSWORD_HINT
                            on_input=move |v: String| w.edit(|d| d.existing_filing.password = v) />
                    })}
                </fieldset>
            })}

        </StepPage>
    }
}
