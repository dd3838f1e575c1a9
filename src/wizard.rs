//! The wizard's state, shared by every step through Leptos context: the draft (kept on the
//! device on every change), its server id and revision, which fields were touched (their
//! messages show), the rules' findings on the whole draft, the current step, and saving.
//!
//! Saving: one save at a time (a save asked for while one is under way runs after it, at the
//! revision it returns). Once the server knows the application, a changed draft is also synced
//! in the background after a pause in the editing, and again when the device comes back online;
//! never while a conflict waits for the applicant's choice.

use std::collections::BTreeSet;
use std::time::Duration;

use beian_rules::document_path::within;
use beian_rules::finding::for_field;
use beian_rules::review::ReturnReason;
use beian_rules::{FilingDraft, Finding, DRAFT_SCHEMA_VERSION};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, SavedApplication, ServerApplication};
use crate::draft_store::{self, LocalDraft};
use crate::region_data::use_region_data;
use crate::steps::Step;

/// How long the editing must pause before the background sync saves the draft.
pub const SYNC_PAUSE: Duration = Duration::from_millis(1500);

/// How long the background sync waits before trying again after the server could not be reached.
pub const RETRY_PAUSE: Duration = Duration::from_secs(5);

/// How long an answer about the application's state stays fresh: opening the progress page, or
/// the page rendered anew in another language, does not ask again within it.
pub const REFRESH_FRESH_MS: f64 = 10_000.0;

/// What runs after a save that had to wait for the one under way.
type AfterSave = Box<dyn FnOnce(SavedApplication)>;

/// Where saving to the server stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    Idle,
    Saving,
    Saved(SavedApplication),
    Failed(ApiError),
}

/// The wizard's shared state. `Copy`: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Wizard {
    pub draft: RwSignal<FilingDraft>,
    pub app_id: RwSignal<Option<String>>,
    /// The server revision this device last saw (sent back as `If-Match`).
    pub revision: RwSignal<Option<i64>>,
    /// The server's status once saved: `draft`, `submitted` ...
    pub status: RwSignal<Option<String>>,
    /// Field paths whose messages are shown: touched (typed in, left, picked). See [`Self::is_shown`].
    touched: RwSignal<BTreeSet<String>>,
    /// The steps left (or submitted): every message of their fields shows, findings there now
    /// or later (e.g. once the rules' module is in).
    left: RwSignal<Vec<Step>>,
    /// Every finding of the rules on the whole draft, recomputed on each change. Empty until
    /// the rules are in ([`crate::validation::ready`]).
    pub findings: Memo<Vec<Finding>>,
    pub step: RwSignal<Step>,
    pub save_state: RwSignal<SaveState>,
    /// The draft as the server last confirmed it (`None`: not known to be on the server).
    pub synced: RwSignal<Option<FilingDraft>>,
    /// Whether the device says it is online (`navigator.onLine`, its events).
    pub online: RwSignal<bool>,
    /// The 初审's reasons while the filing is returned to the applicant (empty otherwise).
    pub returned: RwSignal<Vec<ReturnReason>>,
    /// Whether this browser's session is signed in with a mobile number, once known (`None`: not
    /// asked yet). Asked at most once; signing in and out set it.
    pub signed_in: RwSignal<Option<bool>>,
    /// Who returned the filing (`reject`, `bureau_reject`, `sms_check_failed`), while returned.
    pub returned_by: RwSignal<Option<String>>,
    /// The SMS check under way, as the server last said.
    pub sms_check: RwSignal<Option<api::SmsCheck>>,
    /// The 备案号, once approved.
    pub numbers: RwSignal<Option<api::Numbers>>,
    /// A save asked for while another was under way.
    queued: StoredValue<Option<AfterSave>, LocalStorage>,
    /// When the server was last asked for the application's state (ms since the epoch).
    refreshed_at: StoredValue<Option<f64>>,
}

impl Wizard {
    /// Creates the state from the draft kept on this device (or an empty one), keeps every
    /// change on the device, and shares the state with the components below.
    pub fn provide() -> Wizard {
        let local = draft_store::load().unwrap_or_else(|| LocalDraft {
            draft: FilingDraft {
                schema_version: DRAFT_SCHEMA_VERSION,
                ..FilingDraft::default()
            },
            ..LocalDraft::default()
        });
        let synced = RwSignal::new((!local.unsynced).then(|| local.draft.clone()));
        let draft = RwSignal::new(local.draft);
        let app_id = RwSignal::new(local.id);
        let revision = RwSignal::new(local.revision);
        let status = RwSignal::new(local.status);
        Effect::new(move |_| {
            draft_store::save(&LocalDraft {
                id: app_id.get(),
                revision: revision.get(),
                status: status.get(),
                unsynced: synced.with(|s| draft.with(|d| s.as_ref() != Some(d))),
                draft: draft.get(),
            })
        });
        let region_data = use_region_data();
        let context = crate::clock::rules_context();
        let returned = RwSignal::new(Vec::<ReturnReason>::new());
        crate::validation::preload();
        let findings = Memo::new(move |_| {
            // The region rules run once the division table is there.
            region_data.ready.track();
            draft.with(|d| {
                // None until the validator's module is in (crate::validation).
                returned
                    .with(|r| crate::validation::validate(d, &context, r))
                    .unwrap_or_default()
            })
        });
        let wizard = Wizard {
            draft,
            app_id,
            revision,
            status,
            touched: RwSignal::new(BTreeSet::new()),
            left: RwSignal::new(Vec::new()),
            findings,
            step: RwSignal::new(Step::from_location()),
            save_state: RwSignal::new(SaveState::Idle),
            synced,
            online: RwSignal::new(web_sys::window().is_none_or(|w| w.navigator().on_line())),
            returned,
            returned_by: RwSignal::new(None),
            signed_in: RwSignal::new(None),
            sms_check: RwSignal::new(None),
            numbers: RwSignal::new(None),
            queued: StoredValue::new_local(None),
            refreshed_at: StoredValue::new(None),
        };
        wizard.sync_in_background();
        // A submitted application may have moved on (or come back) since this device last looked.
        if wizard
            .status
            .with_untracked(|s| s.as_deref().is_some_and(|s| s != "draft"))
        {
            wizard.refresh();
        }
        provide_context(wizard);
        wizard
    }

    /// Shows the messages of `field` from now on.
    pub fn touch(self, field: &str) {
        if !self.touched.with_untracked(|t| t.contains(field)) {
            self.touched.update(|t| {
                t.insert(field.to_owned());
            });
        }
    }

    /// Shows the messages of every field under the given steps (leaving a step, or submitting),
    /// those found later too: the rules' module may not be in yet.
    pub fn touch_steps(self, steps: &[Step]) {
        let new: Vec<Step> = self.left.with_untracked(|left| {
            steps
                .iter()
                .filter(|s| !left.contains(s))
                .copied()
                .collect()
        });
        if !new.is_empty() {
            self.left.update(|left| left.extend(new));
        }
    }

    /// Whether the messages of `field` show: it was touched, or its step was left. Tracked.
    pub fn is_shown(self, field: &str) -> bool {
        self.touched.with(|t| t.contains(field))
            || self.left.with(|left| left.contains(&Step::of_field(field)))
    }

    /// No field's messages show (another draft is taken up).
    fn forget_shown(self) {
        self.touched.set(BTreeSet::new());
        self.left.set(Vec::new());
    }

    /// Whether any field's messages show. Tracked.
    pub fn any_shown(self) -> bool {
        self.touched.with(|t| !t.is_empty()) || self.left.with(|left| !left.is_empty())
    }

    /// The findings of `field` once they show ([`Self::is_shown`]); most severe first.
    pub fn shown(self, field: String) -> Signal<Vec<Finding>> {
        Signal::derive(move || {
            if self.is_shown(&field) {
                self.findings
                    .with(|all| for_field(all, &field).into_iter().cloned().collect())
            } else {
                Vec::new()
            }
        })
    }

    /// Whether `field` is closed: the filing is returned and no reason of the review reopened it
    /// (a reason for the field itself, a part of it, or a part containing it). Tracked.
    pub fn locked(self, field: &str) -> bool {
        self.returned.with(|reasons| {
            !reasons.is_empty()
                && !reasons
                    .iter()
                    .any(|r| within(field, &r.field) || within(&r.field, field))
        })
    }

    /// A value read from the draft, tracked and memoized: what depends on it runs again only when
    /// the value changes, not on every change of the draft. (A view that shows fields under a
    /// condition read from the draft would otherwise be rebuilt at every keystroke, taking the
    /// field being typed in away from under the finger.)
    pub fn read<T: Send + Sync + Clone + PartialEq + 'static>(
        self,
        f: impl Fn(&FilingDraft) -> T + Send + Sync + 'static,
    ) -> Signal<T> {
        Memo::new(move |_| self.draft.with(&f)).into()
    }

    pub fn edit(self, f: impl FnOnce(&mut FilingDraft)) {
        self.draft.update(f);
    }

    /// How many errors the findings have in `step` now (not tracked).
    pub fn errors_in_step(self, step: Step) -> usize {
        self.findings.with_untracked(|all| {
            all.iter()
                .filter(|f| f.is_error() && Step::of_field(&f.field) == step)
                .count()
        })
    }

    /// How many fields have errors in the given steps.
    pub fn errors_in(self, steps: &'static [Step]) -> Signal<usize> {
        Signal::derive(move || {
            self.findings.with(|all| {
                // Inserted one by one: collecting into a set sorts first, and that sort's code
                // would ship in the first module for this alone.
                let mut fields = BTreeSet::new();
                for f in all
                    .iter()
                    .filter(|f| f.is_error() && steps.contains(&Step::of_field(&f.field)))
                {
                    fields.insert(f.field.as_str());
                }
                fields.len()
            })
        })
    }

    /// Whether the draft has changes the server has not confirmed.
    pub fn unsynced(self) -> bool {
        self.synced
            .with(|s| self.draft.with(|d| s.as_ref() != Some(d)))
    }

    /// Saves the draft to the server (a new application, or this revision of the known one);
    /// `then` runs after a successful save. While another save is under way, this one runs after
    /// it (the last one asked for; earlier waiting ones are dropped with their `then`).
    pub fn save(self, then: impl FnOnce(SavedApplication) + 'static) {
        if self.save_state.get_untracked() == SaveState::Saving {
            self.queued.set_value(Some(Box::new(then)));
            return;
        }
        let d = self.draft.get_untracked();
        let id = self.app_id.get_untracked();
        let revision = self.revision.get_untracked();
        self.save_state.set(SaveState::Saving);
        spawn_local(async move {
            let mut result = api::save_draft(id.as_deref(), revision, &d).await;
            // The server no longer has it (e.g. its data was reset): keep the draft as a new one.
            if matches!(result, Err(ApiError::Server { status: 404, .. })) && id.is_some() {
                result = api::save_draft(None, None, &d).await;
            }
            let waiting = self.queued.try_update_value(Option::take).flatten();
            match result {
                Ok(saved) => {
                    self.remember(&saved);
                    self.synced.set(Some(d));
                    self.save_state.set(SaveState::Saved(saved.clone()));
                    then(saved);
                    if let Some(next) = waiting {
                        self.save(next);
                    }
                }
                Err(e) => self.save_state.set(SaveState::Failed(e)),
            }
        });
    }

    /// Saves in the background when the server knows the application, the draft changed, the
    /// device is online and no conflict waits for the applicant.
    fn sync_now(self) {
        let online = self.online.get_untracked();
        let waiting_for_choice = matches!(
            self.save_state.get_untracked(),
            SaveState::Saving | SaveState::Failed(ApiError::Conflict { .. })
        );
        // A draft, or a filing the 初审 returned (its reopened fields are being fixed).
        let is_draft = self
            .status
            .with_untracked(|s| s.as_deref().is_none_or(|s| s == "draft" || s == "rejected"));
        if online
            && !waiting_for_choice
            && is_draft
            && self.app_id.with_untracked(Option::is_some)
            && self.unsynced()
        {
            self.save(|_| {});
        }
    }

    /// The background sync: after a pause in the editing (each change restarts the wait), after a
    /// save that left changes behind, and when the device comes back online.
    fn sync_in_background(self) {
        let timer = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            self.draft.track();
            self.synced.track();
            let pause = match &*self.save_state.read() {
                SaveState::Failed(ApiError::Network(_)) => RETRY_PAUSE,
                _ => SYNC_PAUSE,
            };
            if let Some(h) = timer.get_value() {
                h.clear();
            }
            timer.set_value(set_timeout_with_handle(move || self.sync_now(), pause).ok());
        });
        let online = window_event_listener(leptos::ev::online, move |_| {
            self.online.set(true);
            self.sync_now();
        });
        let offline = window_event_listener(leptos::ev::offline, move |_| self.online.set(false));
        on_cleanup(move || {
            online.remove();
            offline.remove();
            if let Some(h) = timer.get_value() {
                h.clear();
            }
        });
    }

    /// Asks the server where the application is now (it moves on after submission, or comes back
    /// from the 初审 with reasons), unless it was asked moments ago. Offline, what was last seen
    /// stays.
    pub fn refresh(self) {
        let Some(id) = self.app_id.get_untracked() else {
            return;
        };
        // One question at a time, and not again while the answer is fresh.
        let now = js_sys::Date::now();
        if self
            .refreshed_at
            .get_value()
            .is_some_and(|at| now - at < REFRESH_FRESH_MS)
        {
            return;
        }
        self.refreshed_at.set_value(Some(now));
        spawn_local(async move {
            if let Ok(now) = api::fetch_application(&id).await {
                if self.app_id.get_untracked().as_deref() == Some(now.id.as_str()) {
                    self.take_server_state(now);
                }
            }
        });
    }

    /// Asks the server now, however fresh the last answer is (after an action that moved the
    /// filing on).
    pub fn refresh_now(self) {
        self.refreshed_at.set_value(None);
        self.refresh();
    }

    /// Takes the server's status and, for a returned filing, its revision and the reasons; the
    /// SMS check and the 备案号 when there are.
    pub fn take_server_state(self, now: ServerApplication) {
        self.sms_check.set(now.sms_check.clone());
        self.numbers.set(now.numbers.clone());
        let (reasons, by) = match now.review {
            Some(review) if now.status == "rejected" => (review.reasons, Some(review.decision)),
            _ => (Vec::new(), None),
        };
        self.returned_by.set(by);
        if !reasons.is_empty() {
            self.revision.set(Some(now.revision));
        }
        self.returned.set(reasons);
        self.status.set(Some(now.status));
    }

    /// Keeps what the server said of the application.
    pub fn remember(self, saved: &SavedApplication) {
        if saved.status != "rejected" {
            self.returned.set(Vec::new());
        }
        self.app_id.set(Some(saved.id.clone()));
        self.revision.set(Some(saved.revision));
        self.status.set(Some(saved.status.clone()));
    }

    /// Makes the application from the server (resumed from the applicant's list) the one this
    /// device works on: its draft, revision, status and any returned reasons. A draft goes to the
    /// first step; a submitted or returned filing to its progress.
    pub fn take_application(self, full: api::FullApplication) {
        let state = full.state();
        let draft = full.draft;
        let step = if state.status == "draft" {
            Step::Type
        } else {
            Step::Progress
        };
        self.app_id.set(Some(state.id.clone()));
        self.revision.set(Some(state.revision));
        self.synced.set(Some(draft.clone()));
        self.draft.set(draft);
        self.forget_shown();
        self.save_state.set(SaveState::Idle);
        self.refreshed_at.set_value(Some(js_sys::Date::now()));
        self.take_server_state(state);
        self.go(step);
    }

    /// Starts a new, empty filing on this device (the one before stays on the server, in the
    /// applicant's list).
    pub fn start_new(self) {
        self.app_id.set(None);
        self.revision.set(None);
        self.status.set(None);
        self.returned.set(Vec::new());
        self.sms_check.set(None);
        self.numbers.set(None);
        self.synced.set(None);
        self.draft.set(FilingDraft {
            schema_version: DRAFT_SCHEMA_VERSION,
            ..FilingDraft::default()
        });
        self.forget_shown();
        self.save_state.set(SaveState::Idle);
        self.go(Step::Type);
    }

    /// Starts a new draft that acts on an approved record (变更, 注销, 取消接入, 新增网站): its
    /// type, the 备案号 it names (the subject's, or `site`'s), the earlier filings answered
    /// "with this provider", and the site it concerns filled in.
    pub fn start_on_record(
        self,
        kind: beian_rules::FilingType,
        record: &beian_rules::records::FilingRecord,
        site: Option<&beian_rules::records::RecordSite>,
    ) {
        use beian_rules::document::PriorFiling;
        self.start_new();
        self.draft.update(|d| {
            d.filing_type = Some(kind);
            d.prior_filings.subject = Some(PriorFiling::Here);
            d.prior_filings.domain = Some(PriorFiling::Here);
            d.existing_filing.icp_number =
                site.map_or(&record.subject_number, |s| &s.number).clone();
            d.subject.region.province = record.province.clone();
            if let Some(site) = site {
                d.websites = vec![beian_rules::document::Website {
                    domain: site.domain.clone(),
                    name: site.name.clone(),
                    ..Default::default()
                }];
            }
        });
    }

    /// Goes to `step`, showing the messages of the step being left, and moves the focus to the
    /// new step's heading. The draft is on the device already; [`StepNav`] also saves it to the
    /// server on "next".
    ///
    /// [`StepNav`]: crate::components::step_nav::StepNav
    pub fn go(self, step: Step) {
        let leaving = self.step.get_untracked();
        self.touch_steps(&[leaving]);
        self.step.set(step);
        step.write_location();
        crate::focus::top_of_step();
    }
}

/// The wizard state of the enclosing app.
pub fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}
