//! Step 2, 产品验证: the server instance the sites run on, or a 备案服务号 applied for before,
//! with the product and quota rules of the seed guides (`data/products.tsv`) shown up front.

use beian_rules::document::fields;
use beian_rules::products::products;
use beian_rules::ProductKind;
use leptos::prelude::*;

use crate::components::choice_field::ChoiceField;
use crate::components::step_page::StepPage;
use crate::components::text_field::{Keyboard, TextField};
use crate::i18n::{both, t, tr};
use crate::steps::Step;
use crate::wizard::use_wizard;

fn kind_id(k: Option<ProductKind>) -> String {
    match k {
        Some(ProductKind::Instance) => "instance",
        Some(ProductKind::ServiceNumber) => "service_number",
        None => "",
    }
    .to_owned()
}

#[component]
pub fn ProductStep() -> impl IntoView {
    let w = use_wizard();
    let kind = w.read(|d| d.product.kind);
    let instance_id = w.read(|d| d.product.instance_id.clone());
    let service_number = w.read(|d| d.product.service_number.clone());
    let websites = w.read(|d| d.websites.len().max(1));
    let quota_rows = products()
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{both(p.name_zh, p.name_en)}</th>
                    <td>{t::PRODUCT_MONTHS.view_with(&[&p.min_prepaid_months.to_string()])}</td>
                    <td>{p.service_numbers}</td>
                    <td>{both(p.note_zh, p.note_en)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <StepPage step=Step::Product class="product" hint=t::PRODUCT_HINT>
            <ChoiceField field=fields::PRODUCT_KIND label=t::PRODUCT_HOW
                choices=vec![
                    ("instance".to_owned(), t::PRODUCT_BY_INSTANCE.plain()),
                    ("service_number".to_owned(), t::PRODUCT_BY_SERVICE_NUMBER.plain()),
                ]
                value=Signal::derive(move || kind_id(kind.get()))
                on_pick=move |v: String| w.edit(|d| d.product.kind = match v.as_str() {
                    "instance" => Some(ProductKind::Instance),
                    "service_number" => Some(ProductKind::ServiceNumber),
                    _ => None,
                }) />
            {move || match kind.get() {
                Some(ProductKind::Instance) => view! {
                    <TextField field=fields::INSTANCE_ID label=t::FIELD_INSTANCE_ID
                        keyboard=Keyboard::Code maxlength=64 placeholder=t::PRODUCT_INSTANCE_PLACEHOLDER value=instance_id
                        hint=t::PRODUCT_INSTANCE_HINT
                        on_input=move |v: String| w.edit(|d| d.product.instance_id = v) />
                }.into_any(),
                Some(ProductKind::ServiceNumber) => view! {
                    <TextField field=fields::SERVICE_NUMBER label=t::FIELD_SERVICE_NUMBER
                        keyboard=Keyboard::Code maxlength=32 value=service_number
                        hint=t::PRODUCT_SERVICE_NUMBER_HINT
                        on_input=move |v: String| w.edit(|d| d.product.service_number = v) />
                }.into_any(),
                None => ().into_any(),
            }}
            <p class="quota-summary">
                {move || t::PRODUCT_QUOTA.view_with(&[&websites.get().to_string()])}
            </p>
            <details class="product-rules">
                <summary>{tr(t::PRODUCT_WHICH)}</summary>
                <div class="table-scroll">
                    <table>
                        <thead><tr>
                            <th scope="col">{tr(t::PRODUCT_COL_PRODUCT)}</th>
                            <th scope="col">{tr(t::PRODUCT_COL_PREPAID)}</th>
                            <th scope="col">{tr(t::PRODUCT_COL_NUMBERS)}</th>
                            <th scope="col">{tr(t::PRODUCT_COL_NOTE)}</th>
                        </tr></thead>
                        <tbody>{quota_rows}</tbody>
                    </table>
                </div>
                <p class="field-hint">{tr(t::PRODUCT_RENEW)}</p>
            </details>
        </StepPage>
    }
}
