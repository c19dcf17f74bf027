//! The one place flopdb reaches the network: a published file fetched over
//! HTTPS (plain HTTP only to a loopback address, for tests), with its own
//! User-Agent, a timeout, a size cap and redirects followed only to HTTPS,
//! checked before anyone reads it: status 200, not an HTML page, not cut
//! short. It hands back bytes and their SHA-256; what they mean is the
//! import's business.

use std::io::Read;
use std::time::Duration;

use thiserror::Error;

/// What a fetch is held to.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The whole exchange, connection to last byte.
    pub timeout: Duration,
    /// The most bytes read; a larger body is refused, not cut.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        // Epoch's largest file (all models, 2026) is about 14 MB.
        Limits { timeout: Duration::from_secs(120), max_bytes: 256 * 1024 * 1024 }
    }
}

/// A file as fetched.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address asked for.
    pub url: String,
    pub bytes: Vec<u8>,
    /// SHA-256 of the bytes, in lowercase hex.
    pub sha256: String,
}

#[derive(Debug, Error)]
pub enum FetchError {
    #[error("{0}: only https addresses are fetched (plain http only from this machine, 127.0.0.1 or localhost)")]
    NotHttps(String),
    #[error("{url}: the server answered {status}{}", if *.status == 403 { " (forbidden)" } else if *.status == 404 { " (not found)" } else { "" })]
    Status { url: String, status: u16 },
    #[error("{url}: larger than {max} bytes; nothing was read into the records")]
    TooLarge { url: String, max: u64 },
    #[error("{url}: the answer is an HTML page, not a CSV file (a login page, an error page or a moved address)")]
    Html { url: String },
    #[error("{url}: {message}")]
    Transport { url: String, message: String },
    #[error("{url}: not a zip archive Epoch publishes: {message}")]
    NotZip { url: String, message: String },
    #[error("{url}: the archive has no `{member}` (it holds {held})")]
    MissingMember { url: String, member: String, held: String },
}

/// Whether `url` may be fetched: https, or http to this machine.
pub fn allowed(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return true;
    }
    let Some(rest) = lower.strip_prefix("http://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let name = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default().to_string()
    };
    name == "localhost" || name == "[::1]" || name.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Fetches `url` within `limits`.
pub fn get(url: &str, limits: &Limits) -> Result<Fetched, FetchError> {
    if !allowed(url) {
        return Err(FetchError::NotHttps(url.to_string()));
    }
    let transport = |e: ureq::Error| match e {
        ureq::Error::StatusCode(status) => FetchError::Status { url: url.to_string(), status },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge { url: url.to_string(), max: limits.max_bytes },
        ureq::Error::Timeout(_) => FetchError::Transport {
            url: url.to_string(),
            message: format!("timed out: no whole answer within {} s", limits.timeout.as_secs()),
        },
        other => FetchError::Transport { url: url.to_string(), message: other.to_string() },
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        // Redirects stay on https (a loopback test server may redirect to itself).
        .https_only(url.to_ascii_lowercase().starts_with("https://"))
        .max_redirects(5)
        .user_agent(concat!("flopdb/", env!("CARGO_PKG_VERSION"), " (dataset sync; +https://github.com/)"))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(transport)?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(FetchError::Status { url: url.to_string(), status });
    }
    let html_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("html"));
    let mut bytes = Vec::new();
    response.body_mut().as_reader().take(limits.max_bytes + 1).read_to_end(&mut bytes).map_err(|e| {
        FetchError::Transport { url: url.to_string(), message: format!("the body could not be read whole: {e}") }
    })?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(FetchError::TooLarge { url: url.to_string(), max: limits.max_bytes });
    }
    if html_type || looks_like_html(&bytes) {
        return Err(FetchError::Html { url: url.to_string() });
    }
    Ok(Fetched { url: url.to_string(), sha256: sha256(&bytes), bytes })
}

/// A body that opens as an HTML document, whatever its declared type.
fn looks_like_html(bytes: &[u8]) -> bool {
    let start: String = String::from_utf8_lossy(bytes.get(..512).unwrap_or(bytes))
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<head")
        || start.starts_with("<!--")
}

/// SHA-256 in lowercase hex.
/// The members of a fetched zip archive named `wanted` (by file name, in
/// any folder of the archive), each as a fetched file of its own (the
/// archive's address with `#member`, its bytes and digest). Each member is
/// inflated to at most `max_bytes` (an archive that inflates past it is
/// refused, not read), and must not be an HTML page.
pub fn unzip(archive: &Fetched, wanted: &[&str], max_bytes: u64) -> Result<Vec<Fetched>, FetchError> {
    use std::io::Read;
    let url = &archive.url;
    let not_zip = |e: zip::result::ZipError| FetchError::NotZip { url: url.clone(), message: e.to_string() };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&archive.bytes)).map_err(not_zip)?;
    let names: Vec<String> = zip.file_names().filter_map(Result::ok).map(|n| n.to_string()).collect();
    let base = |name: &str| name.rsplit('/').next().unwrap_or(name).to_string();
    let mut members = Vec::new();
    for member in wanted {
        let Some(index) = names.iter().position(|n| base(n) == *member) else {
            let mut held: Vec<String> = names.iter().map(|n| base(n)).filter(|n| !n.is_empty()).collect();
            held.sort();
            return Err(FetchError::MissingMember {
                url: url.clone(),
                member: member.to_string(),
                held: held.join(", "),
            });
        };
        let member_url = format!("{url}#{member}");
        let file = zip.by_index(index).map_err(not_zip)?;
        let mut bytes = Vec::new();
        file.take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| FetchError::NotZip { url: url.clone(), message: format!("{member}: {e}") })?;
        if bytes.len() as u64 > max_bytes {
            return Err(FetchError::TooLarge { url: member_url, max: max_bytes });
        }
        if looks_like_html(&bytes) {
            return Err(FetchError::Html { url: member_url });
        }
        let sha256 = sha256(&bytes);
        members.push(Fetched { url: member_url, bytes, sha256 });
    }
    Ok(members)
}

pub fn sha256(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes).as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_this_machine() {
        assert!(allowed("https://epoch.ai/data/notable_ai_models.csv"));
        assert!(allowed("http://127.0.0.1:8080/x.csv"));
        assert!(allowed("http://localhost/x.csv"));
        assert!(allowed("http://[::1]:9/x.csv"));
        assert!(!allowed("http://epoch.ai/data/notable_ai_models.csv"));
        assert!(!allowed("http://127.0.0.1.evil.example/x.csv"));
        assert!(!allowed("http://localhost.evil.example/x.csv"));
        assert!(!allowed("ftp://127.0.0.1/x.csv"));
        assert!(!allowed("file:///etc/passwd"));
    }

    #[test]
    fn html_is_told_from_csv() {
        assert!(looks_like_html(b"\n  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<html><body>Sign in</body></html>"));
        assert!(!looks_like_html(b"Model,Organization\nGPT-3,OpenAI\n"));
        assert!(!looks_like_html(b""));
    }

    fn an_archive(members: &[(&str, &[u8])]) -> Fetched {
        use std::io::Write;
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in members {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap();
        let bytes = buffer.into_inner();
        Fetched { url: "https://epoch.ai/data/ai_models.zip".into(), sha256: sha256(&bytes), bytes }
    }

    #[test]
    fn an_archives_members_are_files_of_their_own() {
        let csv = b"Model,Publication date\nGPT-3,2020-05-28\n";
        let archive = an_archive(&[("ai_models/notable_ai_models.csv", csv), ("README.md", b"# About")]);
        let members = unzip(&archive, &["notable_ai_models.csv"], 1 << 20).unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].bytes, csv);
        assert_eq!(members[0].sha256, sha256(csv));
        assert!(members[0].url.ends_with("ai_models.zip#notable_ai_models.csv"));
        let missing = unzip(&archive, &["frontier_ai_models.csv"], 1 << 20).unwrap_err();
        assert!(missing.to_string().contains("README.md, notable_ai_models.csv"), "{missing}");
        // A member that inflates past the cap: refused, at most the cap read.
        let big = vec![b'a'; 100_000];
        let bomb = an_archive(&[("all_ai_models.csv", &big)]);
        assert!(bomb.bytes.len() < 2_000, "compressed small");
        assert!(matches!(unzip(&bomb, &["all_ai_models.csv"], 10_000), Err(FetchError::TooLarge { .. })));
        let not_zip = Fetched { url: "x".into(), bytes: b"Model\n".to_vec(), sha256: String::new() };
        assert!(matches!(unzip(&not_zip, &["x.csv"], 100), Err(FetchError::NotZip { .. })));
    }

    #[test]
    fn sha256_is_the_standard_one() {
        assert_eq!(sha256(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
