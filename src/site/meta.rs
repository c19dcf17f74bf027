//! What every page says about itself beyond its content: the citation box
//! (BibTeX and plain text naming Epoch AI's data and flopdb's records at
//! their commit) and the link preview (Open Graph and Twitter card tags,
//! with the static preview image `preview.png`).

use serde::Serialize;

/// Epoch AI's page for its models data, as its suggested citation names it.
pub const EPOCH_DATA_PAGE: &str = "https://epoch.ai/data/ai-models";

/// The citation of the dataset, the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub text: String,
    pub bibtex: String,
}

/// The citation for a site built on `today` from `commit`, published at
/// `url` (or in `repository`).
pub fn citation(
    today: chrono::NaiveDate,
    commit: Option<&str>,
    url: Option<&str>,
    repository: Option<&str>,
) -> Citation {
    let year = today.format("%Y");
    let day = today.format("%Y-%m-%d");
    let commit = commit.map(|c| c.get(..12).unwrap_or(c));
    let at = commit.map(|c| format!(", records at commit {c}")).unwrap_or_default();
    let address = url.or(repository);
    let text = format!(
        "flopdb contributors ({year}). flopdb: training compute of machine-learning models [dataset]{at}{}. Built on Epoch AI ({year}), \"Data on AI Models\", {EPOCH_DATA_PAGE} (CC BY 4.0). Accessed {day}.",
        address.map(|a| format!(", {a}")).unwrap_or_default()
    );
    let howpublished = address.map(|a| format!("  howpublished = {{\\url{{{a}}}}},\n")).unwrap_or_default();
    let note = match commit {
        Some(c) => format!("Records at commit {c}; built on Epoch AI's Data on AI Models (CC BY 4.0). Accessed {day}"),
        None => format!("Built on Epoch AI's Data on AI Models (CC BY 4.0). Accessed {day}"),
    };
    let bibtex = format!(
        "@misc{{flopdb{year},\n  author = {{{{flopdb contributors}}}},\n  title = {{flopdb: training compute of machine-learning models}},\n  year = {{{year}}},\n{howpublished}  note = {{{note}}}\n}}\n\n@misc{{EpochAIModels{year},\n  author = {{{{Epoch AI}}}},\n  title = {{Data on AI Models}},\n  year = {{{year}}},\n  howpublished = {{\\url{{{EPOCH_DATA_PAGE}}}}},\n  note = {{Accessed: {day}}}\n}}\n"
    );
    Citation { text, bibtex }
}

/// A page's link preview.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub title: String,
    pub description: String,
    /// The page's own address, where the site's is known.
    pub url: Option<String>,
    /// The preview image: absolute where the site's address is known
    /// (crawlers want one), else relative to the page.
    pub image: String,
}

/// The preview of the page at `path` (`models/gpt-3.html`) in a site
/// published at `site_url`; `root` leads from the page to the site's top.
pub fn preview(title: &str, description: &str, path: &str, site_url: Option<&str>, root: &str) -> Preview {
    let base = site_url.map(|u| u.trim_end_matches('/'));
    Preview {
        title: title.to_string(),
        description: description.to_string(),
        url: base.map(|b| format!("{b}/{path}")),
        image: match base {
            Some(b) => format!("{b}/{PREVIEW_IMAGE}"),
            None => format!("{root}{PREVIEW_IMAGE}"),
        },
    }
}

/// The static preview image's name at the site's top.
pub const PREVIEW_IMAGE: &str = "preview.png";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_citation_names_both_datasets_and_the_commit() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default();
        let c = citation(today, Some("0123456789abcdef"), Some("https://flopdb.example"), None);
        assert!(c.text.contains("commit 0123456789ab,"), "{}", c.text);
        assert!(c.text.contains("Epoch AI (2026)") && c.text.contains(EPOCH_DATA_PAGE));
        assert!(c.bibtex.starts_with("@misc{flopdb2026,"), "{}", c.bibtex);
        assert!(c.bibtex.contains("@misc{EpochAIModels2026,"));
        assert_eq!(c.bibtex.matches('{').count(), c.bibtex.matches('}').count());
        let p = preview("GPT-3", "d", "models/gpt-3.html", Some("https://x.org/site/"), "../");
        assert_eq!(p.url.as_deref(), Some("https://x.org/site/models/gpt-3.html"));
        assert_eq!(p.image, "https://x.org/site/preview.png");
        assert_eq!(preview("t", "d", "index.html", None, "").image, "preview.png");
    }
}
