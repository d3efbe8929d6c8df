//! Undo and redo: a bounded stack of earlier states. A run of edits to one field (typing a
//! number digit by digit) is one step, so undo goes back to before the field was touched.

/// Earlier and undone states of a `T` (the app keeps deployments).
#[derive(Clone, Debug, PartialEq)]
pub struct History<T> {
    undo: Vec<T>,
    redo: Vec<T>,
    /// The field the last recorded edit changed, while its run of edits goes on.
    run: Option<String>,
    limit: usize,
}

impl<T> History<T> {
    /// A history that keeps at most `limit` undo steps, dropping the oldest.
    pub fn new(limit: usize) -> History<T> {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            run: None,
            limit: limit.max(1),
        }
    }

    /// Records the state before an edit. `field` names what a field edit changed: a second
    /// edit of the same field straight after is part of the same step and records nothing.
    /// Any new edit forgets what was undone.
    pub fn record(&mut self, before: T, field: Option<&str>) {
        self.redo.clear();
        if field.is_some() && field == self.run.as_deref() {
            return;
        }
        self.run = field.map(str::to_string);
        if self.undo.len() == self.limit {
            self.undo.remove(0);
        }
        self.undo.push(before);
    }

    /// The state to go back to, given the current one (kept for redo); `None`: nothing to undo.
    pub fn undo(&mut self, current: T) -> Option<T> {
        let earlier = self.undo.pop()?;
        self.redo.push(current);
        self.run = None;
        Some(earlier)
    }

    /// The state undone last, given the current one (kept for undo); `None`: nothing to redo.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let later = self.redo.pop()?;
        self.undo.push(current);
        self.run = None;
        Some(later)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets everything, e.g. when another workbook is opened.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.run = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies `edits` to 0 through the history as the app does: record, then change.
    fn edited(history: &mut History<i32>, state: &mut i32, edits: &[(i32, Option<&str>)]) {
        for &(value, field) in edits {
            history.record(*state, field);
            *state = value;
        }
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth_and_a_new_edit_forgets_the_undone() {
        let mut history = History::new(10);
        let mut state = 0;
        assert_eq!(history.undo(state), None);
        edited(&mut history, &mut state, &[(1, None), (2, None), (3, None)]);
        state = history.undo(state).unwrap();
        assert_eq!(state, 2);
        state = history.undo(state).unwrap();
        assert_eq!(state, 1);
        state = history.redo(state).unwrap();
        assert_eq!(state, 2);
        assert!(history.can_redo());
        edited(&mut history, &mut state, &[(7, None)]);
        assert!(!history.can_redo());
        assert_eq!(history.redo(state), None);
        state = history.undo(state).unwrap();
        assert_eq!(state, 2);
        state = history.undo(state).unwrap();
        state = history.undo(state).unwrap();
        assert_eq!(state, 0);
        assert!(!history.can_undo());
        assert_eq!(history.undo(state), None);
    }

    #[test]
    fn typing_into_one_field_is_one_step_and_another_field_starts_the_next() {
        let mut history = History::new(10);
        let mut state = 0;
        // "1" then "16" in the cores field, then "2" in sockets, then cores again.
        let edits = [
            (1, Some("h1.cores")),
            (16, Some("h1.cores")),
            (2, Some("h1.sockets")),
            (3, Some("h1.cores")),
        ];
        edited(&mut history, &mut state, &edits);
        state = history.undo(state).unwrap();
        assert_eq!(state, 2);
        state = history.undo(state).unwrap();
        assert_eq!(state, 16);
        state = history.undo(state).unwrap();
        assert_eq!(state, 0);
        // After an undo the same field starts a new step.
        state = history.redo(state).unwrap();
        edited(&mut history, &mut state, &[(17, Some("h1.cores"))]);
        edited(&mut history, &mut state, &[(18, Some("h1.cores"))]);
        assert_eq!(history.undo(state), Some(16));
    }

    #[test]
    fn the_oldest_step_is_dropped_past_the_limit() {
        let mut history = History::new(3);
        let mut state = 0;
        edited(
            &mut history,
            &mut state,
            &[(1, None), (2, None), (3, None), (4, None)],
        );
        for expect in [3, 2, 1] {
            state = history.undo(state).unwrap();
            assert_eq!(state, expect);
        }
        assert_eq!(history.undo(state), None);
        history.clear();
        assert!(!history.can_redo());
    }
}
