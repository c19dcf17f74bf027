//! The one way flopdb suggests a record for what someone typed: `new` and
//! `estimate` when a name is not exact, and `check` when a reference names
//! no record (E022). A candidate is a record's id with its names and
//! aliases; one whose id, name or alias is the typed text (in any case and
//! spacing) is the exact match; else the close ones, best first: every word
//! typed in a longer name (`NVIDIA H100` is `NVIDIA H100 SXM5 80GB` more
//! than `NVIDIA A100`), then spelling (Jaro-Winkler), never one with another
//! model number (`h100` is not `h800` nor `a100`'s `100` with another
//! letter, which the word rule keeps apart).

/// What a typed name matched.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    /// One record has this id, name or alias: its id and display name.
    Exact { id: String, name: String },
    /// No exact match; these are close, best first (at most five).
    Close(Vec<(String, String)>),
}

impl Match {
    /// The record to suggest: the exact one, else the closest.
    pub fn best(&self) -> Option<(&str, &str)> {
        match self {
            Match::Exact { id, name } => Some((id, name)),
            Match::Close(close) => close.first().map(|(id, name)| (id.as_str(), name.as_str())),
        }
    }
}

/// A name compared as typed: lowercase, one space between words.
fn key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

/// How close a candidate name is to the typed key, 0 to 1.
fn closeness(typed: &str, typed_words: &[&str], candidate: &str) -> f64 {
    let candidate = key(candidate);
    // A different model number is a different chip (H100, H800).
    if !numbers_agree(typed, &candidate) {
        return 0.0;
    }
    // Every word typed, in a longer name.
    let candidate_words = words(&candidate);
    if !typed_words.is_empty() && typed_words.iter().all(|w| candidate_words.contains(w)) {
        return 1.0;
    }
    let similarity = strsim::jaro_winkler(typed, &candidate);
    // "Google" should find "Google DeepMind" and "Google Brain".
    let contained = typed.len() >= 3 && candidate.contains(typed);
    if contained { similarity.max(0.9) } else { similarity }
}

/// The record `typed` names, or the close ones. `candidates` gives each
/// record's id and its names (display name first, then aliases).
pub fn lookup<'a>(candidates: impl Iterator<Item = (&'a str, Vec<&'a str>)>, typed: &str) -> Match {
    let typed = key(typed);
    let typed_words = words(&typed);
    let mut scored: Vec<(f64, String, String)> = Vec::new();
    for (id, names) in candidates {
        let display = names.first().map(|n| n.to_string()).unwrap_or_default();
        if id == typed || names.iter().any(|n| key(n) == typed) {
            return Match::Exact { id: id.to_string(), name: display };
        }
        let best = std::iter::once(id)
            .chain(names.iter().copied())
            .map(|candidate| closeness(&typed, &typed_words, candidate))
            .fold(0.0, f64::max);
        if best >= 0.85 {
            scored.push((best, id.to_string(), display));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Match::Close(scored.into_iter().take(5).map(|(_, id, name)| (id, name)).collect())
}

/// Whether every number written in `wanted` is also in `candidate`: a
/// different model number is a different thing, however close the
/// spelling (`nvidia-h100-sxm5` is not `nvidia-h800-sxm5`, a chip three
/// times slower), while a name with more to it may be the one meant
/// (`nvidia-h100-sxm5-80gb`).
pub fn numbers_agree(wanted: &str, candidate: &str) -> bool {
    fn numbers(text: &str) -> Vec<&str> {
        text.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).collect()
    }
    let mut available = numbers(candidate);
    numbers(wanted).into_iter().all(|n| match available.iter().position(|a| *a == n) {
        Some(at) => {
            available.swap_remove(at);
            true
        }
        None => false,
    })
}
