//! Step 2, 产品验证: the server instance the sites run on, or a 备案服务号 applied for before,
//! with the product and quota rules of the seed guides (`data/products.tsv`) shown up front.

use beian_rules::document::fields;
use beian_rules::products::products;
use beian_rules::ProductKind;
use leptos::prelude::*;

use crate::components::choice_field::ChoiceField;
use crate::components::step_page::StepPage;
use crate::components::text_field::{Keyboard, TextField};
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
                    <th scope="row">{p.name_zh} <span lang="en">{p.name_en}</span></th>
                    <td>{format!("{} 个月", p.min_prepaid_months)} <span lang="en">{format!("{} months", p.min_prepaid_months)}</span></td>
                    <td>{p.service_numbers}</td>
                    <td>{p.note_zh} <span lang="en">{p.note_en}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <StepPage step=Step::Product class="product" hint=("网站必须托管在本平台中国大陆的服务器上。每个网站需要一个备案服务号；选择服务器实例时会自动生成。", "The websites must run on this provider's servers in mainland China. Each website needs one filing service number; choosing a server instance creates it.")>
            <ChoiceField field=fields::PRODUCT_KIND label_zh="验证方式" label_en="How to check"
                choices=vec![
                    ("instance".to_owned(), "选择服务器实例（推荐） Server instance (recommended)".to_owned()),
                    ("service_number".to_owned(), "已有备案服务号 I have a filing service number".to_owned()),
                ]
                value=Signal::derive(move || kind_id(kind.get()))
                on_pick=move |v: String| w.edit(|d| d.product.kind = match v.as_str() {
                    "instance" => Some(ProductKind::Instance),
                    "service_number" => Some(ProductKind::ServiceNumber),
                    _ => None,
                }) />
            {move || match kind.get() {
                Some(ProductKind::Instance) => view! {
                    <TextField field=fields::INSTANCE_ID label_zh="实例 ID" label_en="Instance ID"
                        keyboard=Keyboard::Code maxlength=64 placeholder="i-bp1abcdefghijklmnopq" value=instance_id
                        hint=("在云服务器控制台的实例列表中复制。", "Copy it from the instance list of the server console.")
                        on_input=move |v: String| w.edit(|d| d.product.instance_id = v) />
                }.into_any(),
                Some(ProductKind::ServiceNumber) => view! {
                    <TextField field=fields::SERVICE_NUMBER label_zh="备案服务号" label_en="Filing service number"
                        keyboard=Keyboard::Code maxlength=32 value=service_number
                        hint=("已使用并备案成功的备案服务号不能再用于其他网站。", "A service number used by an approved filing cannot be used for another website.")
                        on_input=move |v: String| w.edit(|d| d.product.service_number = v) />
                }.into_any(),
                None => ().into_any(),
            }}
            <p class="quota-summary">
                {move || format!("本次有 {} 个网站，需要 {} 个备案服务号。", websites.get(), websites.get())} " "
                <span lang="en">{move || format!("This order has {} website(s) and needs {} filing service number(s).", websites.get(), websites.get())}</span>
            </p>
            <details class="product-rules">
                <summary>"哪些产品可以备案？ " <span lang="en">"Which products can be filed?"</span></summary>
                <div class="table-scroll">
                    <table>
                        <thead><tr>
                            <th scope="col">"产品 " <span lang="en">"Product"</span></th>
                            <th scope="col">"包年包月至少 " <span lang="en">"Prepaid at least"</span></th>
                            <th scope="col">"备案服务号 " <span lang="en">"Numbers"</span></th>
                            <th scope="col">"说明 " <span lang="en">"Note"</span></th>
                        </tr></thead>
                        <tbody>{quota_rows}</tbody>
                    </table>
                </div>
                <p class="field-hint">"剩余时长不足时请先续费。 " <span lang="en">"Renew first when the remaining term is shorter."</span></p>
            </details>
        </StepPage>
    }
}
