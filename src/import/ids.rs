//! Ids derived from names: stable for the same input, never colliding.

use std::collections::BTreeSet;

use crate::record::slugify;

#[derive(Debug, Default)]
pub struct Ids {
    taken: BTreeSet<String>,
}

impl Ids {
    /// Ids that are already used, which `allocate` will not give.
    pub fn taken(ids: impl IntoIterator<Item = String>) -> Self {
        Ids { taken: ids.into_iter().collect() }
    }

    /// The slug of `name`, or the slug with `-2`, `-3`, ... when taken. The
    /// same names in the same order always get the same ids.
    pub fn allocate(&mut self, name: &str) -> String {
        let base = slugify(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alike_names_get_distinct_ids() {
        let mut ids = Ids::default();
        assert_eq!(ids.allocate("CALM"), "calm");
        assert_eq!(ids.allocate("CaLM"), "calm-2");
        assert_eq!(ids.allocate("calm!"), "calm-3");
    }
}
