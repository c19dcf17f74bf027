//! Finding the organization or accelerator a contributor means, by id, name
//! or alias, and the close matches when there is no exact one.

use crate::record::name_key;
use crate::record::{Loaded, RecordSet};

/// What a typed name matched.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    /// One record has this id, name or alias.
    Exact { id: String, name: String },
    /// No exact match; these are close, best first (at most five).
    Close(Vec<(String, String)>),
}

fn lookup<'a, T>(
    records: impl Iterator<Item = (&'a String, &'a Loaded<T>)>,
    typed: &str,
    names: impl Fn(&T) -> Vec<&str>,
) -> Match
where
    T: 'a,
{
    let key = name_key(typed);
    let mut scored: Vec<(f64, String, String)> = Vec::new();
    for (id, loaded) in records {
        let all = names(&loaded.record);
        let display = all.first().map(|n| n.to_string()).unwrap_or_default();
        if id == &key || all.iter().any(|n| name_key(n) == key) {
            return Match::Exact { id: id.clone(), name: display };
        }
        let typed_words = words(&key);
        let best = std::iter::once(id.as_str())
            .chain(all.iter().copied())
            .map(|candidate| {
                let candidate = name_key(candidate);
                // A different model number is a different chip (H100, H800).
                if !crate::diag::numbers_agree(&key, &candidate) {
                    return 0.0;
                }
                // Every word typed, in a longer name: `NVIDIA H100` is
                // `NVIDIA H100 SXM5 80GB` more than `NVIDIA A100`.
                let candidate_words = words(&candidate);
                if !typed_words.is_empty() && typed_words.iter().all(|w| candidate_words.contains(w)) {
                    return 1.0;
                }
                let similarity = strsim::jaro_winkler(&key, &candidate);
                // "Google" should find "Google DeepMind" and "Google Brain".
                let contained = key.len() >= 3 && candidate.contains(&key);
                if contained { similarity.max(0.9) } else { similarity }
            })
            .fold(0.0, f64::max);
        if best >= 0.85 {
            scored.push((best, id.clone(), display));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Match::Close(scored.into_iter().take(5).map(|(_, id, name)| (id, name)).collect())
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

/// The organization a contributor typed (id, name or alias).
pub fn find_organization(set: &RecordSet, typed: &str) -> Match {
    lookup(set.organizations.iter(), typed, |o| {
        std::iter::once(o.name.as_str()).chain(o.aliases.iter().map(String::as_str)).collect()
    })
}

/// The accelerator a contributor typed (id, name or alias).
pub fn find_hardware(set: &RecordSet, typed: &str) -> Match {
    lookup(set.hardware.iter(), typed, |h| {
        std::iter::once(h.name.as_str()).chain(h.aliases.iter().map(String::as_str)).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Organization;

    fn set() -> RecordSet {
        let mut set = RecordSet::default();
        for (id, name, alias) in [
            ("google-deepmind", "Google DeepMind", Some("DeepMind")),
            ("google-brain", "Google Brain", None),
            ("openai", "OpenAI", None),
        ] {
            let record: Organization = serde_json::from_value(serde_json::json!({
                "name": name, "aliases": alias.into_iter().collect::<Vec<_>>()
            }))
            .unwrap();
            set.organizations.insert(id.into(), Loaded { id: id.into(), path: "x".into(), record });
        }
        set
    }

    #[test]
    fn exact_by_id_name_or_alias_else_close_matches() {
        let set = set();
        assert_eq!(find_organization(&set, "openai"), Match::Exact { id: "openai".into(), name: "OpenAI".into() });
        assert_eq!(
            find_organization(&set, "deepmind").clone(),
            Match::Exact { id: "google-deepmind".into(), name: "Google DeepMind".into() }
        );
        let Match::Close(close) = find_organization(&set, "Google") else { panic!("not exact") };
        let ids: Vec<&str> = close.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids.contains(&"google-brain") && ids.contains(&"google-deepmind"));
        assert_eq!(find_organization(&set, "Open AI"), Match::Close(vec![("openai".into(), "OpenAI".into())]));
        assert_eq!(find_organization(&set, "Zzyzx Labs"), Match::Close(Vec::new()));
    }

    fn chips() -> RecordSet {
        let mut set = RecordSet::default();
        for (id, name, alias) in [
            ("nvidia-a100", "NVIDIA A100", None),
            ("nvidia-h800-sxm5", "NVIDIA H800 SXM5", Some("NVIDIA H800 SXM")),
            ("nvidia-h100-sxm5-80gb", "NVIDIA H100 SXM5 80GB", Some("NVIDIA H100 SXM")),
            ("nvidia-h100-pcie", "NVIDIA H100 PCIe", None),
        ] {
            let record: crate::record::Hardware = serde_json::from_value(serde_json::json!({
                "name": name, "aliases": alias.into_iter().collect::<Vec<_>>()
            }))
            .unwrap();
            set.hardware.insert(id.into(), Loaded { id: id.into(), path: "x".into(), record });
        }
        set
    }

    /// An alias names its chip; a typed chip suggests its own family and
    /// generation first, and never another model number.
    #[test]
    fn chips_by_alias_and_by_family() {
        let set = chips();
        assert_eq!(
            find_hardware(&set, "nvidia h100 sxm"),
            Match::Exact { id: "nvidia-h100-sxm5-80gb".into(), name: "NVIDIA H100 SXM5 80GB".into() }
        );
        let Match::Close(close) = find_hardware(&set, "nvidia-h100") else { panic!("no exact match expected") };
        let ids: Vec<&str> = close.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids.first().map(|id| id.starts_with("nvidia-h100")), Some(true), "{ids:?}");
        assert!(ids.iter().take(2).all(|id| id.starts_with("nvidia-h100")), "{ids:?}");
        let Match::Close(close) = find_hardware(&set, "nvidia-h100-sxm5") else { panic!() };
        assert!(close.iter().all(|(id, _)| !id.contains("h800")), "{close:?}");
    }
}
