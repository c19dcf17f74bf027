//! Compute over a model's lineage. A fine-tune's stated compute is, by
//! Epoch's convention (and flopdb's), the whole: its bases' and its own
//! (TxGemma 27B: "base 2.106e24 + finetune 1.0854e22"); its inputs
//! (parameters, fine-tune tokens, hardware) describe its own run. So a
//! model's own compute and its cumulative compute are kept apart, never
//! mixed: `own` is its run alone, `total` everything that went into it.

use std::collections::{BTreeMap, BTreeSet};

/// What one model brings to a lineage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    /// The models it was fine-tuned from or built on.
    pub bases: Vec<String>,
    /// `compute.value`: the whole, bases included.
    pub stated: Option<f64>,
    /// `finetune.value`: a fine-tune's own run, stated.
    pub finetune: Option<f64>,
    /// The estimate from its own inputs (operation counting, hardware, or
    /// both resolved), without the stated value.
    pub estimate: Option<f64>,
}

/// A model's compute, own and cumulative.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lineage {
    /// Its own training run: for a model with bases, the fine-tune compute
    /// stated or estimated; for one without, its resolved compute.
    pub own: Option<f64>,
    /// Its bases' totals, summed; `None` without bases, or when one is not
    /// known.
    pub bases: Option<f64>,
    /// Everything that went into it: the stated value, or its bases' total
    /// and its own; `None` when a base's is not known.
    pub total: Option<f64>,
    /// Whether `total` includes bases' compute.
    pub includes_bases: bool,
}

impl Node {
    /// A model's node, from its summary (with its estimate filled in).
    pub fn of(summary: &crate::record::ModelSummary) -> Node {
        Node {
            bases: summary.base_model.iter().map(|b| b.to_string()).collect(),
            stated: summary.stated_flop,
            finetune: summary.finetune_flop,
            estimate: summary.estimated_flop,
        }
    }

    /// A model's node from its record and its resolution, the estimate
    /// filled in as `check` fills its summary.
    pub fn resolved(model: &crate::record::Model, resolution: &super::Resolution) -> Node {
        let mut summary = crate::record::ModelSummary::of(model);
        summary.estimated_flop = resolution.estimated();
        Node::of(&summary)
    }
}

/// Whether a model's training compute is its lineage's total: it is built
/// on others and states no whole (its own inputs describe its own run).
pub fn totals_lineage(resolution: &super::Resolution, has_bases: bool) -> bool {
    has_bases && resolution.stated.is_none()
}

/// A model's training compute as the dataset gives it (`models.csv`'s
/// `training_compute_flop` and its method): for a model with bases and no
/// stated value, its lineage's total (`lineage`), unknown while a base's is;
/// otherwise the resolution's figure.
pub fn dataset_compute(
    resolution: &super::Resolution,
    has_bases: bool,
    lineage: Option<&Lineage>,
) -> (Option<f64>, Option<&'static str>) {
    if totals_lineage(resolution, has_bases) {
        let total = lineage.and_then(|l| l.total);
        return (total, total.map(|_| "lineage"));
    }
    (resolution.flop, resolution.method.map(|m| m.id()))
}

/// The lineages of every model of `set` whose summary it holds.
pub fn lineages_of(set: &crate::record::RecordSet) -> BTreeMap<String, Lineage> {
    lineages(&set.model_index.iter().map(|(id, s)| (id.clone(), Node::of(&s.record))).collect())
}

/// Lineages deeper than this are cut (a chain of fine-tunes is a few deep).
const MAX_DEPTH: usize = 64;

/// The lineage of every node. A cycle of bases (an error `check` reports)
/// and a base that is not a node leave the totals that need them unknown.
pub fn lineages(nodes: &BTreeMap<String, Node>) -> BTreeMap<String, Lineage> {
    let mut done: BTreeMap<String, Lineage> = BTreeMap::new();
    for id in nodes.keys() {
        let mut visiting = BTreeSet::new();
        lineage_of(id, nodes, &mut done, &mut visiting, 0);
    }
    done
}

fn lineage_of(
    id: &str,
    nodes: &BTreeMap<String, Node>,
    done: &mut BTreeMap<String, Lineage>,
    visiting: &mut BTreeSet<String>,
    depth: usize,
) -> Option<Lineage> {
    if let Some(known) = done.get(id) {
        return Some(*known);
    }
    let node = nodes.get(id)?;
    if depth > MAX_DEPTH || !visiting.insert(id.to_string()) {
        return None;
    }
    let lineage = if node.bases.is_empty() {
        let own = node.stated.or(node.estimate);
        Lineage { own, bases: None, total: own, includes_bases: false }
    } else {
        let mut bases = Some(0.0);
        for base in &node.bases {
            let total = lineage_of(base, nodes, done, visiting, depth + 1).and_then(|l| l.total);
            bases = bases.zip(total).map(|(sum, t)| sum + t);
        }
        let own = node.finetune.or(node.estimate);
        let total = node.stated.or_else(|| bases.zip(own).map(|(b, o)| crate::quantity::round_computed(b + o)));
        Lineage { own, bases, total, includes_bases: total.is_some() }
    };
    visiting.remove(id);
    done.insert(id.to_string(), lineage);
    Some(lineage)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(bases: &[&str], stated: Option<f64>, finetune: Option<f64>, estimate: Option<f64>) -> Node {
        Node { bases: bases.iter().map(|b| b.to_string()).collect(), stated, finetune, estimate }
    }

    #[test]
    fn a_fine_tune_has_its_own_and_its_cumulative_compute() {
        let nodes: BTreeMap<String, Node> = [
            ("base".to_string(), node(&[], Some(2.106e24), None, Some(1e24))),
            ("tuned".to_string(), node(&["base"], None, None, Some(1.0854e22))),
            ("stated".to_string(), node(&["base"], Some(2.117e24), Some(1.0854e22), None)),
        ]
        .into();
        let all = lineages(&nodes);
        let base = all["base"];
        assert_eq!(
            (base.own, base.total, base.bases, base.includes_bases),
            (Some(2.106e24), Some(2.106e24), None, false)
        );
        let tuned = all["tuned"];
        assert_eq!(tuned.own, Some(1.0854e22));
        assert_eq!(tuned.bases, Some(2.106e24));
        assert_eq!(tuned.total, Some(2.116854e24));
        assert!(tuned.includes_bases);
        let stated = all["stated"];
        assert_eq!((stated.own, stated.total), (Some(1.0854e22), Some(2.117e24)));
    }

    #[test]
    fn two_bases_add_up_and_an_unknown_one_leaves_the_total_unknown() {
        let nodes: BTreeMap<String, Node> = [
            ("llm".to_string(), node(&[], Some(3.02e24), None, None)),
            ("vit".to_string(), node(&[], None, None, Some(5e22))),
            ("nvlm".to_string(), node(&["llm", "vit"], None, None, Some(2.5e22))),
            ("orphan".to_string(), node(&["missing"], None, None, Some(1e20))),
            ("a".to_string(), node(&["b"], None, None, Some(1.0))),
            ("b".to_string(), node(&["a"], None, None, Some(1.0))),
        ]
        .into();
        let all = lineages(&nodes);
        assert_eq!(all["nvlm"].bases, Some(3.07e24));
        assert_eq!(all["nvlm"].total, Some(3.095e24));
        assert_eq!((all["orphan"].own, all["orphan"].total), (Some(1e20), None));
        assert_eq!(all["a"].total, None, "a cycle has no total");
    }
}
