//! Sorting through one copy of std's sort: each `sort_by` with its own closure or element type
//! is its own copy of std's stable sort in the wasm (about 4.5 KB before wasm-opt, 110 KB for
//! the page's two dozen sorts; BENCHMARKS.md, "What the page's wasm is made of"). Here the
//! closure is called through `dyn`, so every caller shares [`positions`]' one sort of `usize`
//! and keeps only a small permutation of its own. Stable, like `slice::sort_by`.

use std::cmp::Ordering;

/// The positions `0..len` in the order `compare` puts them, equal ones in their first order.
#[inline(never)]
pub fn positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// `items.sort_by(compare)`: stable, through [`positions`].
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order = positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, &mut order);
}

/// `items.sort_by_key(key)`: stable, through [`positions`].
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `items.sort()`: stable, through [`positions`].
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Puts `items[order[k]]` at `k` for every `k`, by following each cycle of the permutation
/// with swaps; `order` is used up (each position marked done as it is placed).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            // `items[at]` takes the element that belongs there; `start`'s element, carried
            // along the cycle, moves to `from`, whose turn is next.
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_by_key_keeping_equal_keys_in_their_first_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut items, |&(key, _)| key);
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn sorts_a_reversed_list_and_an_empty_one() {
        let mut items = vec!["e", "d", "c", "b", "a"];
        sort(&mut items);
        assert_eq!(items, ["a", "b", "c", "d", "e"]);
        let mut none: Vec<u8> = Vec::new();
        sort(&mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn positions_are_the_order_of_the_keys_not_the_keys() {
        let keys = [30, 10, 20, 10];
        let order = positions(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
        assert_eq!(order, [1, 3, 2, 0]);
    }

    proptest! {
        /// The same order as std's stable sort, ties included: keys are few so ties are many,
        /// and the second field tells equal keys apart.
        #[test]
        fn agrees_with_std_stable_sort(keys in proptest::collection::vec(0u8..6, 0..60)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = items;
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }
    }
}
