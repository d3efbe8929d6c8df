//! The rule pack the page evaluates with: the built-in one, or a file the licence manager chose
//! (the same JSON shape, e.g. with a newer core factor table), kept in this browser under its
//! own key so it survives a reload. A file that is not a valid pack changes nothing; a saved pack
//! that no longer reads is reported and left in place, never overwritten silently.

use leptos::prelude::*;
use preflight_engine::RulePack;
use serde::{Deserialize, Serialize};

use crate::state::AppState;

/// The key of the chosen pack; absent means the built-in pack.
pub const KEY: &str = "preflight.rule-pack";

/// Where the page's rule pack came from, and what the last choice said.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackChoice {
    /// The file the pack was read from; `None` for the built-in pack.
    pub file: Option<String>,
    /// The outcome of the last choice (or of reading the saved one), for the settings panel.
    pub report: Option<PackReport>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PackReport {
    Used {
        file: String,
        saved: bool,
    },
    Refused {
        file: String,
        reason: String,
    },
    Builtin,
    /// The pack saved in this browser no longer reads: the built-in one is used, the saved one
    /// is left where it is until the user chooses another.
    SavedUnreadable {
        file: String,
        reason: String,
    },
}

#[derive(Serialize, Deserialize)]
struct Saved {
    file: String,
    pack: String,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The pack saved in this browser, else the built-in one.
pub fn load() -> (RulePack, PackChoice) {
    let Some(text) = local_storage().and_then(|storage| storage.get_item(KEY).ok().flatten())
    else {
        return (RulePack::builtin(), PackChoice::default());
    };
    let saved = match serde_json::from_str::<Saved>(&text) {
        Ok(saved) => saved,
        Err(error) => {
            return (
                RulePack::builtin(),
                PackChoice {
                    file: None,
                    report: Some(PackReport::SavedUnreadable {
                        file: KEY.to_string(),
                        reason: error.to_string(),
                    }),
                },
            );
        }
    };
    match RulePack::from_json(&saved.pack) {
        Ok(pack) => (
            pack,
            PackChoice {
                file: Some(saved.file),
                report: None,
            },
        ),
        Err(error) => (
            RulePack::builtin(),
            PackChoice {
                file: None,
                report: Some(PackReport::SavedUnreadable {
                    file: saved.file,
                    reason: error.to_string(),
                }),
            },
        ),
    }
}

/// Uses the chosen file as the rule pack, if it is one, and keeps it in this browser.
pub fn choose(state: AppState, file: String, bytes: Result<Vec<u8>, String>) {
    let refuse = |reason: String| {
        state.rule_pack_choice.update(|choice| {
            choice.report = Some(PackReport::Refused {
                file: file.clone(),
                reason,
            })
        });
    };
    let text = match bytes.and_then(|bytes| String::from_utf8(bytes).map_err(|e| e.to_string())) {
        Ok(text) => text,
        Err(reason) => return refuse(format!("it could not be read as UTF-8 text ({reason})")),
    };
    let pack = match RulePack::from_json(&text) {
        Ok(pack) => pack,
        Err(error) => return refuse(error.to_string()),
    };
    let saved = serde_json::to_string(&Saved {
        file: file.clone(),
        pack: text,
    })
    .ok()
    .zip(local_storage())
    .is_some_and(|(value, storage)| storage.set_item(KEY, &value).is_ok());
    state.rule_pack.set(pack);
    state.rule_pack_choice.set(PackChoice {
        file: Some(file.clone()),
        report: Some(PackReport::Used { file, saved }),
    });
}

/// Goes back to the built-in pack and forgets the chosen one.
pub fn use_builtin(state: AppState) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(KEY);
    }
    state.rule_pack.set(RulePack::builtin());
    state.rule_pack_choice.set(PackChoice {
        file: None,
        report: Some(PackReport::Builtin),
    });
}
