//! Step 上传资料: one slot per document the filer must upload (`required_uploads`), each checked
//! in the browser by the same upload rules the server runs (type, size, resolution) before a
//! byte is sent; a preview of what the server stored, and "replace". The metadata goes into the
//! draft's `uploads`.

use beian_rules::document::fields;
use beian_rules::upload::{check_upload, required_uploads, upload_rule, RequiredUpload};
use beian_rules::{Finding, UploadMeta};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, ApiError};
use crate::components::field_messages::{has_error, FieldMessages};
use crate::components::step_page::StepPage;
use crate::i18n::{both, plain, t, tr};
use crate::steps::Step;
use crate::wizard::use_wizard;

/// The slot's element id: `upload-id_front`, `upload-verification_form-0`.
fn slot_id(r: &RequiredUpload) -> String {
    match r.website {
        Some(i) => format!("upload-{}-{i}", r.kind),
        None => format!("upload-{}", r.kind),
    }
}

/// Where the draft keeps this slot's upload.
fn position(uploads: &[UploadMeta], r: &RequiredUpload) -> Option<usize> {
    uploads
        .iter()
        .position(|u| u.kind == r.kind && u.website.map(|w| w as usize) == r.website)
}

/// A file size as a phone user reads it: 812 KB, 1.6 MB.
fn file_size(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    }
}

/// The file's pixel size, read by the browser.
async fn pixel_size(file: &web_sys::File) -> Option<(u32, u32)> {
    let promise = web_sys::window()?
        .create_image_bitmap_with_blob(file)
        .ok()?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    let size = (bitmap.width(), bitmap.height());
    bitmap.close();
    Some(size)
}

#[component]
fn UploadSlot(required: RequiredUpload) -> impl IntoView {
    let w = use_wizard();
    let rule = upload_rule(required.kind);
    let (name_zh, name_en) = rule.map_or(("", ""), |r| (r.name_zh, r.name_en));
    let id = slot_id(&required);
    let messages_id = format!("{id}-messages");
    let input_id = format!("{id}-file");
    let label_for = input_id.clone();
    let described_by = messages_id.clone();
    let busy = RwSignal::new(false);
    let local = RwSignal::new(Vec::<Finding>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let stored =
        w.read(move |d| position(&d.uploads, &required).map(|i| (i, d.uploads[i].clone())));
    // The rules' findings on this slot's metadata in the draft (e.g. a resolution warning).
    let draft_findings = Signal::derive(move || {
        let Some((i, _)) = stored.get() else {
            return Vec::new();
        };
        let prefix = format!("{}[{i}]", fields::UPLOADS);
        w.findings.with(|all| {
            all.iter()
                .filter(|f| f.field.starts_with(&prefix))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let shown = Signal::derive(move || {
        let mut v = local.get();
        if v.is_empty() {
            v = draft_findings.get();
        }
        v
    });
    let pick = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        failure.set(None);
        busy.set(true);
        spawn_local(async move {
            // The same checks the server makes, before anything is sent.
            // A picture the browser cannot decode counts as a wrong type.
            let size = pixel_size(&file).await;
            let (width, height) = size.unwrap_or((0, 0));
            let meta = UploadMeta {
                kind: required.kind.to_owned(),
                mime: if size.is_some() {
                    file.type_()
                } else {
                    String::new()
                },
                bytes: file.size() as u64,
                width,
                height,
                website: required.website.map(|i| i as u32),
                ..UploadMeta::default()
            };
            let websites = w.draft.with_untracked(|d| d.websites.len());
            let findings = check_upload(0, &meta, websites);
            local.set(findings.clone());
            if has_error(&findings) {
                busy.set(false);
                return;
            }
            // The draft needs its server id first.
            let app = match w.app_id.get_untracked() {
                Some(app) => app,
                None => match api::save_draft(None, None, &w.draft.get_untracked()).await {
                    Ok(saved) => {
                        w.remember(&saved);
                        saved.id
                    }
                    Err(e) => {
                        failure.set(Some(e));
                        busy.set(false);
                        return;
                    }
                },
            };
            match api::upload(&app, required.kind, required.website, &file).await {
                Ok(meta) => {
                    w.edit(|d| match position(&d.uploads, &required) {
                        Some(i) => d.uploads[i] = meta,
                        None => d.uploads.push(meta),
                    });
                    // Only the advice (e.g. "over 2 MiB") stays; the draft's own findings follow.
                    local.set(Vec::new());
                    w.save(|_| {});
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let (title, title_en) = match required.website {
        Some(i) => t::UPLOADS_FOR_SITE.fill_each(
            &[name_zh, &(i + 1).to_string()],
            &[name_en, &(i + 1).to_string()],
        ),
        None => (name_zh.to_owned(), name_en.to_owned()),
    };
    view! {
        <section class="upload-slot" id=id.clone() tabindex="-1" data-kind=required.kind>
            <h3>{both(title, title_en)}</h3>
            {move || {
                let app = w.app_id.get().unwrap_or_default();
                stored.get().map(|(_, meta)| view! {
                    <figure class="upload-preview">
                        // Metadata without a stored file (e.g. from a partner) has no picture to show.
                        {(!meta.id.is_empty()).then(|| view! {
                            <img src=api::upload_url(&app, &meta.id) alt=plain(name_zh, name_en) loading="lazy" />
                        })}
                        <figcaption>{format!("{} × {} · {}", meta.width, meta.height, file_size(meta.bytes))}</figcaption>
                    </figure>
                })
            }}
            {required.website.filter(|_| required.kind == "verification_form").map(|site| view! {
                <div class="form-template">
                    {move || match w.app_id.get() {
                        Some(app) => view! {
                            <a class="template-link" href=api::verification_form_url(&app, site) target="_blank" rel="noopener">
                                {tr(t::UPLOADS_FORM_TEMPLATE)}
                            </a>
                        }.into_any(),
                        None => view! { <p class="field-hint" role="status">{tr(t::UPLOADS_FORM_NEEDS_SAVE)}</p> }.into_any(),
                    }}
                    <p class="field-hint">{tr(t::UPLOADS_FORM_TEMPLATE_HINT)}</p>
                </div>
            })}
            <label class="upload-button" for=label_for>
                {move || tr(if stored.get().is_some() { t::UPLOADS_REPLACE } else { t::UPLOADS_CHOOSE })}
            </label>
            <input type="file" id=input_id class="visually-hidden" accept="image/jpeg,image/png"
                aria-describedby=described_by aria-invalid=move || has_error(&shown.get()).to_string()
                disabled=move || busy.get() on:change=pick />
            {move || busy.get().then(|| view! {
                <p class="save-status" role="status">{tr(t::UPLOADS_BUSY)}</p>
            })}
            {move || failure.get().map(|e| view! {
                <p class="save-status failed" role="alert" data-code=e.code()>{e.view()}</p>
            })}
            <FieldMessages id=messages_id findings=shown />
        </section>
    }
}

#[component]
pub fn UploadsStep() -> impl IntoView {
    let w = use_wizard();
    let slots = w.read(required_uploads);
    // The filled-in 核验单 is made from the saved application: save it if it never was.
    if w.app_id.get_untracked().is_none() && !slots.get_untracked().is_empty() {
        w.save(|_| {});
    }
    view! {
        <StepPage step=Step::Uploads class="uploads" hint=t::UPLOADS_HINT>
            {move || slots.get().is_empty().then(|| view! {
                <p class="hint">{tr(t::UPLOADS_NATURE_FIRST)}</p>
            })}
            <For each=move || slots.get() key=|r| (r.kind, r.website) let:required>
                <UploadSlot required=required />
            </For>
        </StepPage>
    }
}
