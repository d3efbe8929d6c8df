//! Rows of a table that each read their own item of a list, kept in step by one reader.
//!
//! Leptos unsubscribes a re-run memo from each of its sources in time linear in that source's
//! subscribers (it keeps them in order). A table whose 500 rows each read the evaluation or the
//! workbook through a memo of their own re-ran all 500 on every edit, and each re-run removed
//! itself from a list of 500: quadratic, ~18 ms an edit on the bench's estate. Here one effect
//! reads the list, compares it with what each row holds, and sets only the rows that changed: the
//! list's source has one subscriber, each row's signal a few.

use leptos::prelude::*;

/// Per-row signals over a list (see the module).
pub struct Rows<T: Send + Sync + 'static> {
    // Reference-counted, not owned by the effect that makes them: a signal made in an effect's
    // run belongs to that run and is disposed when it runs again.
    items: StoredValue<Vec<ArcRwSignal<Option<T>>>>,
    count: RwSignal<usize>,
}

impl<T: Send + Sync + 'static> Clone for Rows<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Rows<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Rows<T> {
    /// Rows over the list `read` passes to its callback; `read` tracks what the list comes from.
    pub fn new(read: impl Fn(&mut dyn FnMut(&[T])) + 'static) -> Self {
        let rows = Rows {
            items: StoredValue::new(Vec::new()),
            count: RwSignal::new(0),
        };
        // Run now, so the first rows are there when the table is built; kept by the owner (the
        // table) and dropped with it.
        let effect = RenderEffect::new(move |_| {
            read(&mut |list| rows.keep(list));
        });
        StoredValue::new_local(effect);
        rows
    }

    /// Sets the rows whose item differs from the list's, adds rows for new items and empties
    /// rows past its end; the count last, so new rows find their item set.
    fn keep(self, list: &[T]) {
        self.items.update_value(|items| {
            for (at, item) in list.iter().enumerate() {
                match items.get(at) {
                    Some(row) => {
                        if row.with_untracked(|old| old.as_ref() != Some(item)) {
                            row.set(Some(item.clone()));
                        }
                    }
                    None => items.push(ArcRwSignal::new(Some(item.clone()))),
                }
            }
            for row in items.iter().skip(list.len()) {
                if row.with_untracked(Option::is_some) {
                    row.set(None);
                }
            }
        });
        if self.count.get_untracked() != list.len() {
            self.count.set(list.len());
        }
    }

    /// The number of items.
    pub fn count(self) -> Signal<usize> {
        self.count.into()
    }

    /// The item of row `index` (`None` once the list is shorter).
    pub fn at(self, index: usize) -> Signal<Option<T>> {
        self.items
            .with_value(|items| items.get(index).cloned())
            .map_or_else(|| Signal::stored(None), Signal::from)
    }
}

/// A row per item of `rows`, by position (a rename keeps the row and the focus in it).
pub fn rows_view<T: Clone + PartialEq + Send + Sync + 'static>(
    rows: Rows<T>,
    row: impl Fn(usize, Signal<Option<T>>) -> AnyView + Clone + Send + 'static,
) -> impl IntoView {
    view! {
        <For each=move || 0..rows.count().get() key=|index| *index children=move |index| row(index, rows.at(index)) />
    }
}
