//! The queue: the filings in the chosen statuses, longest waiting first. The filter is a set of
//! status toggles; by default, those waiting for a reviewer.

use beian_rules::lifecycle::Status;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::api::{self, QueueItem};
use super::Route;
use crate::api::ApiError;
use crate::i18n::{t, tr};

/// Every status a reviewer can filter on (all but drafts), in the order of the lifecycle.
fn statuses() -> impl Iterator<Item = &'static str> {
    Status::ALL
        .into_iter()
        .filter(|s| *s != Status::Draft)
        .map(Status::as_str)
}

/// The statuses shown first: those waiting for a reviewer's decision.
fn waiting() -> Vec<&'static str> {
    Status::ALL
        .into_iter()
        .filter(|s| s.waits_for_reviewer())
        .map(Status::as_str)
        .collect()
}

/// A status in words (both languages).
pub fn status_view(status: &str) -> AnyView {
    match t::status_name(status) {
        Some(text) => tr(text),
        None => status.to_owned().into_any(),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading,
    Loaded(Vec<QueueItem>),
    Failed(ApiError),
}

/// Whether a queue item matches the search (subject name, domain, masked certificate, or the
/// filing's id; case-insensitive) and the province (a code; empty: any).
pub fn matches(item: &QueueItem, search: &str, province: &str) -> bool {
    let search = search.trim().to_lowercase();
    (province.is_empty() || item.province == province)
        && (search.is_empty()
            || item.subject_name.to_lowercase().contains(&search)
            || item
                .domains
                .iter()
                .any(|d| d.to_lowercase().contains(&search))
            || item.certificate.to_lowercase().contains(&search)
            || item.id.starts_with(&search))
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let chosen = RwSignal::new(waiting());
    let search = RwSignal::new(String::new());
    let province = RwSignal::new(String::new());
    let load = RwSignal::new(Load::Loading);
    // The answer of the latest request only (a slower earlier one must not overwrite it).
    let asked = StoredValue::new(0u32);
    let fetch = move || {
        let statuses = chosen.get_untracked();
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        load.set(Load::Loading);
        spawn_local(async move {
            let result = if statuses.is_empty() {
                Ok(Vec::new())
            } else {
                api::queue(&statuses).await
            };
            if asked.get_value() == mine {
                load.set(match result {
                    Ok(items) => Load::Loaded(items),
                    Err(e) => Load::Failed(e),
                });
            }
        });
    };
    fetch();
    let toggle = move |status: &'static str| {
        chosen.update(|c| {
            if let Some(i) = c.iter().position(|s| *s == status) {
                c.remove(i);
            } else {
                c.push(status);
            }
        });
        fetch();
    };
    view! {
        <h2>{tr(t::CONSOLE_QUEUE)}</h2>
        <fieldset class="status-filter">
            <legend>{tr(t::CONSOLE_FILTER)}</legend>
            {statuses().map(|status| view! {
                <label class="chip">
                    <input type="checkbox" value=status
                        prop:checked=move || chosen.with(|c| c.contains(&status))
                        on:change=move |_| toggle(status) />
                    {status_view(status)}
                </label>
            }).collect_view()}
        </fieldset>
        <div class="queue-search">
            <div class="field">
                <label for="queue-search">{tr(t::CONSOLE_SEARCH)}</label>
                <input id="queue-search" type="search" maxlength="100" autocomplete="off"
                    prop:value=search on:input=move |ev| search.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="queue-province">{tr(t::CONSOLE_PROVINCE)}</label>
                <select id="queue-province" on:change=move |ev| province.set(event_target_value(&ev))>
                    <option value="" selected=true>{t::CONSOLE_ANY_PROVINCE.plain()}</option>
                    {move || match load.get() {
                        Load::Loaded(items) => {
                            let mut codes: Vec<String> = items.iter().map(|i| i.province.clone()).collect();
                            codes.sort();
                            codes.dedup();
                            codes.into_iter().map(|code| {
                                let name = beian_rules::provinces::province_name(&code).to_owned();
                                view! { <option value=code.clone() selected=move || province.get() == code>{name}</option> }
                            }).collect_view().into_any()
                        }
                        _ => ().into_any(),
                    }}
                </select>
            </div>
        </div>
        {move || match load.get() {
            Load::Loading => view! { <p class="loading" role="status">{tr(t::CONSOLE_LOADING)}</p> }.into_any(),
            Load::Failed(e) => view! {
                <div class="form-error" role="alert">{e.view()}</div>
                <button type="button" on:click=move |_| fetch()>{tr(t::CONSOLE_RETRY)}</button>
            }.into_any(),
            Load::Loaded(items) if items.is_empty() => view! {
                <p class="empty" role="status">{tr(t::CONSOLE_EMPTY)}</p>
            }.into_any(),
            Load::Loaded(items) => {
                let shown: Vec<QueueItem> = items
                    .into_iter()
                    .filter(|i| search.with(|s| province.with(|p| matches(i, s, p))))
                    .collect();
                if shown.is_empty() {
                    view! { <p class="empty" role="status">{tr(t::CONSOLE_EMPTY)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="filings queue">
                            {shown.into_iter().map(|item| view! { <QueueCard item=item /> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }
        }}
    }
}

/// One filing of the queue: who, what, where it stands, and the link to review it.
#[component]
fn QueueCard(item: QueueItem) -> impl IntoView {
    let (type_zh, type_en, name) =
        crate::my_filings::card_heading(item.filing_type, &item.subject_name);
    let href = Route::Filing(item.id.clone()).href();
    view! {
        <li class="card filing" data-id=item.id.clone() data-status=item.status.clone()>
            <p class="filing-name">{name}</p>
            <p class="filing-type">{crate::i18n::both(type_zh, type_en)}</p>
            <p class="filing-meta">
                <span class="status">{status_view(&item.status)}</span>
                " · " {beian_rules::provinces::province_name(&item.province).to_owned()} " · " {item.certificate.clone()}
            </p>
            <p class="filing-domains">{item.domains.join(" · ")}</p>
            <p class="filing-updated">{t::CONSOLE_UPDATED.view_with(&[&item.updated_at.replace('T', " ")[..16.min(item.updated_at.len())]])}</p>
            <a class="button primary" href=href>{tr(t::CONSOLE_OPEN)}</a>
        </li>
    }
}
