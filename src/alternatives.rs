//! The alternatives worked out after an edit, off its path: the edit renders first, then each
//! alternative is evaluated in a task of its own (several while they take under [`SLICE_MS`]
//! together, so the demo's take one task and the typical estate's ~26 ms each one apiece). The
//! next edit cancels what is left and starts again; until a set is complete the table shows the
//! last one, marked as being worked out, with its buttons disabled.
//!
//! The one effect here writes signals (the finished rows and the progress): like the import
//! worker's replies, the results arrive after the change that asked for them.

use std::time::Duration;

use leptos::prelude::*;
use preflight_engine::Cache;
use preflight_engine::alternatives::{
    Alternative, Compared, as_proposed, compare_one, finish, suggest,
};

use crate::state::AppState;

/// Work per task before yielding to the browser, in milliseconds: well under the 50 ms of a
/// long task, so input and painting go on while the alternatives are worked out.
const SLICE_MS: f64 = 8.0;

/// One set of alternatives being worked out for one state of the inputs.
struct Job {
    /// Which change it is for: a newer change leaves it unfinished.
    run: u64,
    suggested: Vec<Alternative>,
    /// "as proposed", then each alternative worked out so far.
    rows: Vec<Compared>,
    /// The evaluation's scenario-independent part, made once for the set.
    cache: Cache,
}

/// Starts working out the alternatives whenever the workbook, the rule pack, the as-of date or
/// the evaluation changes.
pub fn keep_worked_out(state: AppState) {
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let proposed = state.evaluation.with(as_proposed);
        state.workbook.track();
        state.rule_pack.track();
        state.as_of.track();
        let run = generation.get_value() + 1;
        generation.set_value(run);
        let suggested = state
            .rule_pack
            .with_untracked(|pack| state.workbook.with_untracked(|w| suggest(w, pack)));
        state.alternatives_working.set(Some((0, suggested.len())));
        let job = Job {
            run,
            suggested,
            rows: vec![proposed],
            cache: Cache::default(),
        };
        schedule(state, generation, job);
    });
}

/// The next slice in a task of its own, after what the browser has queued (the edit's paint).
fn schedule(state: AppState, generation: StoredValue<u64>, job: Job) {
    set_timeout(move || step(state, generation, job), Duration::ZERO);
}

fn step(state: AppState, generation: StoredValue<u64>, mut job: Job) {
    if generation.try_with_value(|run| *run) != Some(job.run) {
        return;
    }
    let start = js_sys::Date::now();
    let as_of = state.as_of.get_untracked();
    while let Some(alternative) = job.suggested.get(job.rows.len() - 1) {
        let compared = state.rule_pack.with_untracked(|pack| {
            state
                .workbook
                .with_untracked(|w| compare_one(&mut job.cache, w, pack, as_of, alternative))
        });
        job.rows.push(compared);
        if js_sys::Date::now() - start >= SLICE_MS {
            break;
        }
    }
    let done = job.rows.len() - 1;
    if done < job.suggested.len() {
        state
            .alternatives_working
            .set(Some((done, job.suggested.len())));
        schedule(state, generation, job);
    } else {
        let rows = state.workbook.with_untracked(|w| finish(w, job.rows));
        state.alternatives.set(rows);
        state.alternatives_working.set(None);
    }
}
