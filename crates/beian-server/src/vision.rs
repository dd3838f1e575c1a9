//! The verification models, loaded once on first use (loading takes about a second and a half;
//! a server that never verifies never loads them). Where they are: `BEIAN_MODELS`
//! (scripts/bootstrap fetches them there; `scripts/env.sh` sets it).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use beian_vision::Models;

/// The models of one process, shared by its workers.
#[derive(Clone, Default)]
pub struct ModelSlot {
    dir: Option<PathBuf>,
    loaded: Arc<OnceLock<Result<Arc<Models>, String>>>,
}

impl ModelSlot {
    /// Models to be loaded from `dir`; `None`: the server has none (the model checks then say
    /// so, and a reviewer looks).
    pub fn at(dir: Option<PathBuf>) -> ModelSlot {
        ModelSlot {
            dir,
            loaded: Arc::default(),
        }
    }

    /// The models, loaded on the first call (blocking: call it off the async threads); the
    /// reason when there are none, for the log.
    pub fn get(&self) -> Result<Arc<Models>, String> {
        self.loaded
            .get_or_init(|| {
                let dir = self
                    .dir
                    .as_ref()
                    .ok_or_else(|| "BEIAN_MODELS is not set".to_owned())?;
                let started = std::time::Instant::now();
                let models = Models::load(dir).map_err(|e| e.to_string())?;
                tracing::info!(
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "verification models loaded"
                );
                Ok(Arc::new(models))
            })
            .clone()
    }
}
