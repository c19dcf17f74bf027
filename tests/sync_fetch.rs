//! `flopdb sync`: Epoch's published files fetched and checked before
//! anything is written. A server on 127.0.0.1 serves the fixtures (rows of
//! Epoch AI's exports, CC BY 4.0; tests/fixtures/epoch/README.md credits
//! them) and every way a download goes wrong; nothing leaves the machine.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use common::{fixture, flopdb, stderr};

/// A server on 127.0.0.1 that answers each path in its own way, until the
/// test ends (its thread is left to the process's end).
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    address
}

fn sample() -> Vec<u8> {
    std::fs::read(fixture("epoch").join("notable_ai_models_2026-08-19.sample.csv")).unwrap()
}

fn answer(mut stream: std::net::TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let respond = |stream: &mut std::net::TcpStream, status: &str, kind: &str, body: &[u8]| {
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    let csv = "text/csv; charset=utf-8";
    match path.as_str() {
        "/notable_ai_models.csv" => respond(&mut stream, "200 OK", csv, &sample()),
        "/forbidden.csv" => respond(&mut stream, "403 Forbidden", "text/plain", b"no"),
        "/redirect.csv" => {
            let _ = stream.write_all(
                b"HTTP/1.1 302 Found\r\nLocation: /notable_ai_models.csv\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
        "/truncated.csv" => {
            let body = sample();
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: {csv}\r\nContent-Length: {}\r\n\r\n", body.len() * 2);
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        "/huge.csv" => respond(&mut stream, "200 OK", csv, &vec![b'a'; 3 << 20]),
        "/login.csv" => respond(&mut stream, "200 OK", "text/html", b"<!DOCTYPE html><html>Sign in</html>"),
        "/disguised.csv" => respond(&mut stream, "200 OK", csv, b"<!doctype html><html>Moved</html>"),
        "/slow.csv" => {
            std::thread::sleep(Duration::from_secs(4));
            respond(&mut stream, "200 OK", csv, &sample());
        }
        "/ai_models.zip" => respond(&mut stream, "200 OK", "application/zip", &models_archive()),
        "/drifted.csv" => respond(&mut stream, "200 OK", csv, b"Id,Title,Year\n1,Something,2024\n"),
        "/short.csv" => {
            let text = String::from_utf8(sample()).unwrap();
            let mut rows = csv::Reader::from_reader(text.as_bytes());
            let header = rows.headers().unwrap().clone();
            let mut out = csv::Writer::from_writer(Vec::new());
            out.write_record(&header).unwrap();
            for row in rows.records().take(2) {
                out.write_record(&row.unwrap()).unwrap();
            }
            respond(&mut stream, "200 OK", csv, &out.into_inner().unwrap());
        }
        _ => respond(&mut stream, "404 Not Found", "text/plain", b"not found"),
    }
}

/// Epoch's ai_models.zip, in small: the `all` and `notable` samples in a
/// folder, and a README.
fn models_archive() -> Vec<u8> {
    let all = std::fs::read(fixture("epoch").join("all_ai_models_2026-03-30.sample.csv")).unwrap();
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buffer);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in [
        ("ai_models/all_ai_models.csv", all),
        ("ai_models/notable_ai_models.csv", sample()),
        ("README.md", b"# AI models".to_vec()),
    ] {
        writer.start_file(name, options).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    buffer.into_inner()
}

fn new_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("records")).unwrap();
    repo
}

fn sync(repo: &Path, url: &str, extra: &[&str]) -> (Option<i32>, String) {
    let output = flopdb()
        .arg("--root")
        .arg(repo)
        .args(["sync", "notable", "--url", url, "--timeout", "2", "--max-mb", "1"])
        .args(extra)
        .output()
        .unwrap();
    (output.status.code(), stderr(&output))
}

fn files(repo: &Path) -> usize {
    walk(&repo.join("records"))
}

fn walk(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map_or(0, |entries| entries.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum())
}

#[test]
fn every_failed_download_is_a_clear_error_with_nothing_written() {
    let server = serve();
    let repo = new_repo();
    for (path, says) in [
        ("/forbidden.csv", "403 (forbidden)"),
        ("/missing.csv", "404 (not found)"),
        ("/truncated.csv", "could not be read whole"),
        ("/huge.csv", "larger than 1048576 bytes"),
        ("/login.csv", "an HTML page"),
        ("/disguised.csv", "an HTML page"),
        ("/slow.csv", "timed out"),
        ("/drifted.csv", "E202"),
    ] {
        let (code, text) = sync(repo.path(), &format!("{server}{path}"), &[]);
        assert_eq!(code, Some(1), "{path}: {text}");
        assert!(text.contains(says) && text.contains("nothing was written"), "{path}: {text}");
        assert_eq!(files(repo.path()), 0, "{path}: {text}");
    }
    // Plain http is for this machine only.
    let (code, text) = sync(repo.path(), "http://epoch.example/notable_ai_models.csv", &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("only https addresses"), "{text}");
}

#[test]
fn a_download_syncs_and_the_same_file_again_is_nothing_to_do() {
    let server = serve();
    let repo = new_repo();
    let report = repo.path().join("report.md");
    let url = format!("{server}/redirect.csv");
    let (code, text) = sync(repo.path(), &url, &["--report", report.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{text}");
    let rows = csv::Reader::from_reader(sample().as_slice()).records().count();
    assert!(text.contains(&format!("notable: {rows} rows: {rows} new")), "{text}");
    let state = std::fs::read_to_string(repo.path().join("records/upstream.toml")).unwrap();
    let digest = {
        use std::fmt::Write as _;
        let hash = ring_like_sha256(&sample());
        hash.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    };
    assert!(state.contains(&format!("sha256 = \"{digest}\"")) && state.contains(&format!("rows = {rows}")), "{state}");
    assert!(std::fs::read_to_string(&report).unwrap().contains("| `notable`"), "the pull request's body");
    let model = std::fs::read_dir(repo.path().join("records/models")).unwrap().flatten().next().unwrap();
    let record = std::fs::read_to_string(model.path()).unwrap();
    assert!(record.contains("dataset = \"Epoch AI, redirect_"), "the file is credited: {record}");

    let before = files(repo.path());
    let (code, text) = sync(repo.path(), &url, &[]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("unchanged since the sync of"), "{text}");
    assert_eq!(files(repo.path()), before);

    // A file with far fewer rows than the last one is not trusted.
    let (code, text) = sync(repo.path(), &format!("{server}/short.csv"), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("2 rows, fewer than 90%"), "{text}");
    assert_eq!(std::fs::read_to_string(repo.path().join("records/upstream.toml")).unwrap(), state);
}

/// `--archive`: the model tables out of one download of ai_models.zip, each
/// synced and remembered as the archive's member; a table the archive does
/// not hold is a clear error with nothing written.
#[test]
fn the_model_tables_sync_from_one_archive() {
    let server = serve();
    let repo = new_repo();
    let url = format!("{server}/ai_models.zip");
    let run = |sources: &[&str]| {
        let output = flopdb()
            .arg("--root")
            .arg(repo.path())
            .arg("sync")
            .args(sources)
            .args(["--archive", "--url", &url, "--timeout", "2"])
            .output()
            .unwrap();
        (output.status.code(), stderr(&output))
    };
    let (code, text) = run(&["frontier"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("no `frontier_ai_models.csv`") && text.contains("README.md"), "{text}");
    assert_eq!(files(repo.path()), 0, "nothing written");
    let (code, text) = run(&["all", "notable"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("all: ") && text.contains("notable: "), "{text}");
    let state = std::fs::read_to_string(repo.path().join("records/upstream.toml")).unwrap();
    assert!(
        state.contains("ai_models.zip#all_ai_models.csv") && state.contains("ai_models.zip#notable_ai_models.csv"),
        "{state}"
    );
    let records = std::fs::read_dir(repo.path().join("records/models")).unwrap().flatten();
    let texts: Vec<String> = records.map(|e| std::fs::read_to_string(e.path()).unwrap()).collect();
    assert!(texts.iter().any(|t| t.contains("dataset = \"Epoch AI, notable_ai_models_")), "credited by member");
    let (code, text) = run(&["all", "notable"]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(text.matches("unchanged since the sync of").count(), 2, "{text}");
}

/// SHA-256 by the standard's own steps, so the test does not trust the
/// code it checks.
fn ring_like_sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
        0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
        0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
        0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in message.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7].wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [t1.wrapping_add(t2), v[0], v[1], v[2], v[3].wrapping_add(t1), v[4], v[5], v[6]];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// The scheduled workflow is code: weekly and on demand, least permissions,
/// one concurrency group (the pins of every workflow: tests/workflows.rs).
#[test]
fn the_sync_workflow_is_pinned_and_least_privileged() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/sync.yml");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("schedule:") && text.contains("cron:") && text.contains("workflow_dispatch:"), "{text}");
    assert!(text.contains("\npermissions: {}\n"), "read-only unless a job asks: {text}");
    assert!(text.contains("concurrency:\n  group: upstream-sync"), "{text}");
    // It runs the checks itself and reports the sync in the pull request.
    for step in [
        "flopdb sync --report",
        "flopdb fmt",
        "flopdb check",
        "flopdb build",
        "flopdb diff",
        "gh pr create",
        "gh issue",
    ] {
        assert!(text.contains(step), "{step}");
    }
}
