//! What saving to the server did: saving, saved (with what is left to fix), failed, or a conflict with a change made elsewhere, where the applicant chooses.

use beian_rules::FilingDraft;
use leptos::prelude::*;

use super::keep_focus;

use crate::api::ApiError;
use crate::i18n::{t, tr};
use crate::wizard::{use_wizard, SaveState};

#[component]
pub fn SaveStatus() -> impl IntoView {
    let w = use_wizard();
    // A conflict: keep this device's version (replace the newer one, having seen it) ...
    let keep_mine = move |revision: i64| {
        w.revision.set(Some(revision));
        w.save(|_| {});
    };
    // ... or take the other version in place of this one.
    let use_theirs = move |revision: i64, other: FilingDraft| {
        w.revision.set(Some(revision));
        // The other version is the server's: nothing of it is left to sync.
        w.synced.set(Some(other.clone()));
        w.draft.set(other);
        w.save_state.set(SaveState::Idle);
    };
    let open_errors = w.errors_in(&crate::steps::Step::ALL);
    // Offline with changes not on the server yet: said instead of an older "saved".
    let offline_unsaved = move || !w.online.get() && w.unsynced();
    move || match w.save_state.get() {
        SaveState::Idle | SaveState::Saved(_) | SaveState::Failed(ApiError::Network(_))
            if offline_unsaved() =>
        {
            view! {
                <p class="save-status offline" role="status">{tr(t::SAVE_OFFLINE)}</p>
            }
            .into_any()
        }
        SaveState::Idle => ().into_any(),
        SaveState::Saving => view! {
            <p class="save-status" role="status">{tr(t::SAVE_SAVING)}</p>
        }
        .into_any(),
        SaveState::Saved(saved) => {
            let n = open_errors.get();
            view! {
                <p class="save-status saved" role="status" data-application-id=saved.id.clone() data-revision=saved.revision>
                    {tr(t::SAVE_SAVED)}
                </p>
                {(n > 0).then(|| view! {
                    <p class="save-status todo">{t::SAVE_TODO.view_with(&[&n.to_string()])}</p>
                })}
            }
            .into_any()
        }
        SaveState::Failed(ApiError::Conflict { revision, draft }) => {
            let e = ApiError::Conflict {
                revision,
                draft: draft.clone(),
            };
            let other = *draft;
            view! {
                <div class="save-status conflict" role="alert" data-code="revision_conflict">
                    <p>{e.view()}</p>
                    <div class="actions">
                        <button type="button" on:mousedown=keep_focus class="keep-mine" on:click=move |_| keep_mine(revision)>
                            {tr(t::SAVE_KEEP_MINE)}
                        </button>
                        <button type="button" on:mousedown=keep_focus class="use-theirs" on:click=move |_| use_theirs(revision, other.clone())>
                            {tr(t::SAVE_USE_THEIRS)}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
        SaveState::Failed(e) => view! {
            <p class="save-status failed" role="alert" data-code=e.code()>{e.view()}</p>
        }
        .into_any(),
    }
}
