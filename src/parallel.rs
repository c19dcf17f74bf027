//! Work spread over the machine's cores, with results in input order, so
//! whatever is made from them is the same as one thread would make.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Items taken at a time: small enough that uneven work evens out between
/// threads, large enough that taking them costs nothing.
const CHUNK: usize = 32;

/// How many threads to use: the cores, at most 8 (past that, reading files
/// is the limit).
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8)
}

/// `f` of every item, on every core; the results in the order of `items`.
pub fn map<I: Sync, O: Send>(items: &[I], f: impl Fn(&I) -> O + Sync) -> Vec<O> {
    let threads = threads().min(items.len().div_ceil(CHUNK));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let chunk = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = items.chunks(CHUNK).nth(chunk) else { break };
            done.push((chunk, part.iter().map(&f).collect::<Vec<O>>()));
        }
        done
    };
    let mut parts: Vec<(usize, Vec<O>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        // A worker that panicked is a bug: re-raise it rather than let the
        // results slip out of step with `items`.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    parts.sort_by_key(|(chunk, _)| *chunk);
    parts.into_iter().flat_map(|(_, part)| part).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn results_keep_the_input_order(items in prop::collection::vec(any::<u32>(), 0..2000)) {
            let doubled = map(&items, |x| u64::from(*x) * 2);
            prop_assert_eq!(doubled, items.iter().map(|x| u64::from(*x) * 2).collect::<Vec<_>>());
        }
    }
}
