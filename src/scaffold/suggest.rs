//! Finding the organization or accelerator a contributor means, by id, name
//! or alias, and the close matches when there is no exact one (the one
//! suggester, `crate::suggest`).

use crate::record::RecordSet;
pub use crate::suggest::Match;

/// The organization a contributor typed (id, name or alias).
pub fn find_organization(set: &RecordSet, typed: &str) -> Match {
    let candidates = set.organizations.iter().map(|(id, o)| (id.as_str(), o.record.names()));
    crate::suggest::lookup(candidates, typed)
}

/// The accelerator a contributor typed (id, name or alias).
pub fn find_hardware(set: &RecordSet, typed: &str) -> Match {
    let candidates = set.hardware.iter().map(|(id, h)| (id.as_str(), h.record.names()));
    crate::suggest::lookup(candidates, typed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Loaded;
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
