//! A pull request is hostile input: each test here is the reproduction of
//! an attack on flopdb's CI (a repository made by the test), and holds the
//! defence. Where the harm is resource use, the binary runs under a memory
//! or CPU-time limit (`prlimit`) rather than being timed.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use common::{commit_all, copy_fixture, flopdb, stderr, stdout};

/// The binary under `prlimit` with an address-space limit (bytes) and a
/// CPU-time limit (seconds).
fn limited(as_bytes: u64, cpu_seconds: u64) -> Command {
    let mut command = Command::new("prlimit");
    command
        .arg(format!("--as={as_bytes}"))
        .arg(format!("--cpu={cpu_seconds}"))
        .arg(assert_cmd::cargo::cargo_bin("flopdb"))
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS");
    command
}

fn has_prlimit() -> bool {
    Command::new("prlimit").arg("--version").output().is_ok_and(|o| o.status.success())
}

const MB: u64 = 1 << 20;

#[cfg(unix)]
#[test]
fn a_flopdb_toml_that_links_to_a_device_or_outside_is_not_read() {
    if !has_prlimit() {
        eprintln!("skipped: no prlimit");
        return;
    }
    let tree = copy_fixture("valid");
    let config = tree.path().join("flopdb.toml");
    std::os::unix::fs::symlink("/dev/zero", &config).unwrap();
    let output = limited(300 * MB, 30).args(["check", "--root"]).arg(tree.path()).output().unwrap();
    let text = stderr(&output);
    assert!(text.contains("E028") && text.contains("outside the repository"), "{text}");
    // Every command reads it the same way: within the limits, and on.
    for args in [vec!["estimate", "--params", "7e9", "--tokens", "1e12"], vec!["trends", "--era", "x=off"]] {
        let output = limited(300 * MB, 30).args(&args).arg("--root").arg(tree.path()).output().unwrap();
        assert!(output.status.code().is_some(), "{args:?} was killed: {:?}", output.status);
    }
    // A sparse 1 GB file inside the repository: refused by its size, unread.
    std::fs::remove_file(&config).unwrap();
    let file = std::fs::File::create(&config).unwrap();
    file.set_len(1 << 30).unwrap();
    let output = limited(300 * MB, 30).args(["check", "--root"]).arg(tree.path()).output().unwrap();
    assert!(stderr(&output).contains("is 1073741824 bytes; flopdb.toml is at most 65536 bytes"), "{}", stderr(&output));
}

#[cfg(unix)]
#[test]
fn a_record_folder_that_links_outside_is_neither_read_nor_written() {
    let tree = copy_fixture("valid");
    let outside = tempfile::tempdir().unwrap();
    let planted = outside.path().join("planted.toml");
    std::fs::write(&planted, "name   =   \"Planted\"\npublished = 2020-01-01\n").unwrap();
    let hardware = tree.path().join("records/hardware");
    std::fs::remove_dir_all(&hardware).unwrap();
    std::os::unix::fs::symlink(outside.path(), &hardware).unwrap();
    let output = flopdb().args(["check", "--root"]).arg(tree.path()).output().unwrap();
    let text = stderr(&output);
    assert!(text.contains("E004") && text.contains("outside the repository"), "{text}");
    assert!(!text.contains("Planted"), "{text}");
    let before = std::fs::read(&planted).unwrap();
    flopdb().args(["fmt", "--root"]).arg(tree.path()).output().unwrap();
    assert_eq!(std::fs::read(&planted).unwrap(), before, "fmt wrote a file outside the repository");
}

#[cfg(unix)]
#[test]
fn build_refuses_an_output_folder_that_is_a_link() {
    let tree = copy_fixture("valid");
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), tree.path().join("dist")).unwrap();
    let output = flopdb().args(["build", "--root"]).arg(tree.path()).current_dir(tree.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("is a symbolic link"), "{}", stderr(&output));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0, "nothing written through the link");
}

/// A 1 GB blob is 1 MB in `.git`: diff must read its size from the object's
/// header and not inflate it.
#[test]
fn diff_does_not_inflate_a_huge_blob() {
    if !has_prlimit() {
        eprintln!("skipped: no prlimit");
        return;
    }
    let tree = copy_fixture("valid");
    let repo = git2::Repository::init(tree.path()).unwrap();
    commit_all(&repo, "base", 1);
    {
        let odb = repo.odb().unwrap();
        let size = 1usize << 30;
        let mut writer = odb.writer(size, git2::ObjectType::Blob).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..(size >> 20) {
            writer.write_all(&chunk).unwrap();
        }
        let blob = writer.finalize().unwrap();
        let head = repo.head().unwrap().peel_to_commit().unwrap();
        let models = head.tree().unwrap().get_path(Path::new("records/models")).unwrap().id();
        let mut folder = repo.treebuilder(Some(&repo.find_tree(models).unwrap())).unwrap();
        folder.insert("huge.toml", blob, 0o100644).unwrap();
        let folder = folder.write().unwrap();
        let records = head.tree().unwrap().get_path(Path::new("records")).unwrap().id();
        let mut records = repo.treebuilder(Some(&repo.find_tree(records).unwrap())).unwrap();
        records.insert("models", folder, 0o040000).unwrap();
        let records = records.write().unwrap();
        let mut root = repo.treebuilder(Some(&head.tree().unwrap())).unwrap();
        root.insert("records", records, 0o040000).unwrap();
        let root = repo.find_tree(root.write().unwrap()).unwrap();
        let signature = git2::Signature::now("test", "test@example.com").unwrap();
        repo.commit(Some("HEAD"), &signature, &signature, "huge", &root, &[&head]).unwrap();
    }
    let output = limited(400 * MB, 60).args(["diff", "HEAD~1", "HEAD", "--root"]).arg(tree.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("huge.toml"), "listed as a file that does not load: {}", stdout(&output));
}

/// The largest record in its worst shapes is formatted and checked in
/// bounded time: `fmt` removed keys one by one, quadratic in their number
/// (64,000 keys took 33 s, 136,000 tables 232 s, release build).
#[test]
fn the_worst_shaped_records_are_formatted_and_checked_in_bounded_time() {
    if !has_prlimit() {
        eprintln!("skipped: no prlimit");
        return;
    }
    let tree = tempfile::tempdir().unwrap();
    let models = tree.path().join("records/models");
    std::fs::create_dir_all(&models).unwrap();
    let shapes = common::worst_shapes::worst_shapes();
    for (name, text) in &shapes {
        assert!(text.len() <= 1 << 20, "{name} is within the record limit");
        std::fs::write(models.join(format!("{name}.toml")), text).unwrap();
    }
    for command in ["fmt", "check"] {
        let mut args = vec![command, "--root"];
        if command == "fmt" {
            args.insert(1, "--check");
        }
        let output = limited(2048 * MB, 120).args(&args).arg(tree.path()).output().unwrap();
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{command} did not finish within the CPU-time limit: {:?} {}",
            output.status,
            stderr(&output)
        );
    }
}

/// A change to a record that shows in every output file.
fn edit(model: &Path) {
    let text = std::fs::read_to_string(model).unwrap();
    let edited = text.replacen("\npublished = ", "\nnotes = \"edited\"\npublished = ", 1);
    assert_ne!(edited, text);
    std::fs::write(model, edited).unwrap();
}

/// Switching the build's outputs in is one step: killed at any point, the
/// output folder holds the old complete set or the new one, and the next
/// build removes what the killed one left beside it.
#[test]
fn a_build_killed_at_every_switching_point_leaves_a_whole_set() {
    let tree = copy_fixture("valid");
    let dist = tree.path().join("dist");
    // Each file by name and digest: a failure prints a short list.
    let snapshot = |dir: &Path| -> Vec<(String, u64)> {
        use std::hash::{Hash, Hasher};
        let mut files: Vec<(String, u64)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                std::fs::read(e.path()).unwrap().hash(&mut hasher);
                (e.file_name().to_string_lossy().to_string(), hasher.finish())
            })
            .collect();
        files.sort();
        files
    };
    let build = |kill: Option<&str>, interrupt: Option<&str>| {
        let mut command = flopdb();
        command.args(["build", "--root"]).arg(tree.path()).current_dir(tree.path());
        if let Some(point) = kill {
            command.env(flopdb::fsio::KILL_VARIABLE, point);
        }
        if let Some(file) = interrupt {
            command.env(flopdb::fsio::INTERRUPT_VARIABLE, file);
        }
        command.output().unwrap()
    };
    assert_eq!(build(None, None).status.code(), Some(0));
    let old = snapshot(&dist);
    edit(&tree.path().join("records/models/gpt-3-175b.toml"));
    // Each file's write failing at its last moment: the old set, whole.
    for file in ["models.csv", "models.json", "hardware.csv", "datapackage.json"] {
        let output = build(None, Some(file));
        assert_eq!(output.status.code(), Some(2), "{file}: {}", stderr(&output));
        assert_eq!(snapshot(&dist), old, "{file}");
    }
    // Killed with every file staged: the old set.
    let output = build(Some("staged"), None);
    assert!(output.status.code().is_none() || output.status.code() == Some(134), "{:?}", output.status);
    assert_eq!(snapshot(&dist), old);
    // Killed right after the switch: the new set, whole.
    let output = build(Some("switched"), None);
    assert!(output.status.code().is_none() || output.status.code() == Some(134), "{:?}", output.status);
    let switched = snapshot(&dist);
    assert_ne!(switched, old);
    let output = build(None, None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(snapshot(&dist), switched, "the same records give the same set");
    assert!(stderr(&output).contains("removed 1 unfinished build(s)"), "{}", stderr(&output));
    let beside: Vec<String> = std::fs::read_dir(tree.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".dist"))
        .collect();
    assert_eq!(beside, [".dist.lock"], "nothing left but the lock");
}

/// Two builds of different records into one folder, at once: the lock
/// makes one wait, and the folder ends as one build's whole set.
#[test]
fn two_builds_into_one_folder_do_not_interleave() {
    let (a, b) = (copy_fixture("valid"), copy_fixture("valid"));
    edit(&b.path().join("records/models/gpt-3-175b.toml"));
    let shared = tempfile::tempdir().unwrap();
    let out = shared.path().join("dist");
    let solo = |tree: &Path| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        flopdb().args(["build", "--root"]).arg(tree).arg("--out").arg(&out).output().unwrap();
        (std::fs::read(out.join("models.csv")).unwrap(), std::fs::read(out.join("models.json")).unwrap())
    };
    let (alone_a, alone_b) = (solo(a.path()), solo(b.path()));
    for _ in 0..5 {
        let spawn = |tree: &Path| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("flopdb"))
                .args(["build", "--root"])
                .arg(tree)
                .arg("--out")
                .arg(&out)
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let (mut first, mut second) = (spawn(a.path()), spawn(b.path()));
        assert!(first.wait().unwrap().success() && second.wait().unwrap().success());
        let set = (std::fs::read(out.join("models.csv")).unwrap(), std::fs::read(out.join("models.json")).unwrap());
        // The CSV and the JSON come from the same build.
        assert!(set == alone_a || set == alone_b, "a whole set of one build");
        assert_ne!(alone_a, alone_b);
    }
}

/// A file name can forge a GitHub workflow command: every property and
/// message is escaped as GitHub's toolkit does.
#[cfg(unix)]
#[test]
fn a_file_name_cannot_forge_a_workflow_command() {
    let tree = copy_fixture("valid");
    let name = "q\n::error title=INJECTED::forged\n.toml";
    std::fs::write(tree.path().join("records/models").join(name), "name  = \"Q\"\npublished = 2020-01-01\n").unwrap();
    for args in [vec!["fmt", "--check", "--format", "github"], vec!["check", "--format", "github"]] {
        let output = flopdb().args(&args).arg("--root").arg(tree.path()).output().unwrap();
        let out = stdout(&output);
        assert!(!out.is_empty(), "{args:?}: {}", stderr(&output));
        // Every line is one of flopdb's commands; the name's own `::error`
        // stays inside an escaped property or message.
        for line in out.lines() {
            assert!(
                line.starts_with("::error file=") || line.starts_with("::warning file="),
                "{args:?}: forged line {line:?}"
            );
        }
        assert!(out.contains("q%0A%3A%3Aerror title=INJECTED%3A%3Aforged%0A.toml"), "{args:?}: {out}");
    }
}

/// Names and file names in the diff comment stay text: no HTML, mention,
/// image, heading or closed code span gets through.
#[cfg(unix)]
#[test]
fn a_name_cannot_inject_markdown_or_html_into_the_diff_comment() {
    let tree = copy_fixture("valid");
    let repo = git2::Repository::init(tree.path()).unwrap();
    commit_all(&repo, "base", 1);
    std::fs::write(
        tree.path().join("records/models/evil.toml"),
        "name = \"<img src=x onerror=alert(1)> @everyone ![p](https://e.vil/p.png) `x`\"\npublished = 2020-01-01\n",
    )
    .unwrap();
    std::fs::write(tree.path().join("records/models/a`\n# Heading\n<!--.toml"), "name = 1\n").unwrap();
    commit_all(&repo, "head", 2);
    let output = flopdb().args(["diff", "HEAD~1", "--root"]).arg(tree.path()).output().unwrap();
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(out.contains("evil"), "{out}");
    for forbidden in ["<img", "@everyone", "![p]", "<!--", "\n# Heading"] {
        assert!(!out.contains(forbidden), "{forbidden:?} got through:\n{out}");
    }
}

/// Control, C1 and bidirectional characters are refused in records (E029)
/// and never reach a terminal raw.
#[test]
fn unprintable_characters_are_refused_and_never_printed_raw() {
    let tree = copy_fixture("valid");
    std::fs::write(
        tree.path().join("records/models/sneaky.toml"),
        "name = \"abc\\u009b31m \\u202eevil\"\npublished = 2020-01-01\n",
    )
    .unwrap();
    let output = flopdb().args(["check", "--root"]).arg(tree.path()).output().unwrap();
    let text = stderr(&output);
    assert!(text.contains("error[E029]"), "{text}");
    for raw in ['\u{1b}', '\u{9b}', '\u{202e}'] {
        assert!(!text.contains(raw), "{raw:?} printed raw: {text}");
    }
}

/// A closed pipe ends a command quietly, as other tools end.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    let binary = assert_cmd::cargo::cargo_bin("flopdb");
    let mistakes = common::fixture("mistakes");
    let script = format!(
        "'{}' check --root '{}' 2>&1 | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}",
        binary.display(),
        mistakes.display()
    );
    let output = Command::new("bash").arg("-c").arg(&script).output().unwrap();
    let status = String::from_utf8_lossy(&output.stdout).trim().to_string();
    assert!(status == "141" || status == "1", "exit status {status}: {}", String::from_utf8_lossy(&output.stderr));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}

#[test]
fn a_utf16_csv_is_one_clear_error_and_dev_zero_is_not_read() {
    let folder = tempfile::tempdir().unwrap();
    let csv = folder.path().join("utf16.csv");
    let text: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("Model,Publication date\nA,2020-01-01\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&csv, text).unwrap();
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("records")).unwrap();
    let output = flopdb().arg("--root").arg(repo.path()).args(["import", "epoch"]).arg(&csv).output().unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("error[").count(), 1, "{text}");
    assert!(text.contains("UTF-16") && text.contains("iconv"), "{text}");
    for args in [vec!["import", "epoch", "/dev/zero"], vec!["trends", "--input", "/dev/zero"]] {
        let output = flopdb().arg("--root").arg(repo.path()).args(&args).output().unwrap();
        assert!(stderr(&output).contains("is not a regular file"), "{args:?}: {}", stderr(&output));
    }
}

/// Regression: rows of a CRLF CSV (Epoch's, and flopdb's own) were reported
/// one line too low.
#[test]
fn crlf_rows_are_reported_at_their_line() {
    let folder = tempfile::tempdir().unwrap();
    for (name, end) in [("crlf.csv", "\r\n"), ("lf.csv", "\n")] {
        let csv = folder.path().join(name);
        let text = ["Model,Publication date,Parameters", "A,2020-01-01,abc", "", "B,2020-01-02,xyz", ""].join(end);
        std::fs::write(&csv, text).unwrap();
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir(repo.path().join("records")).unwrap();
        let output = flopdb().arg("--root").arg(repo.path()).args(["import", "epoch"]).arg(&csv).output().unwrap();
        let text = stderr(&output);
        assert!(text.contains(&format!("--> {name}:2:3")) && text.contains(&format!("--> {name}:4:3")), "{text}");
    }
}

/// Rows of junk (each cell a few random characters) under the header of
/// Epoch's 2026 export: every cell a warning, every row refused.
fn junk_csv(path: &Path, header: &str, rows: usize) {
    let columns = header.split(',').count();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ .0123456789";
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(file, "{header}").unwrap();
    for _ in 0..rows {
        let cells: Vec<String> = (0..columns)
            .map(|_| {
                let len = next() % 12;
                (0..len).map(|_| char::from(alphabet[(next() % alphabet.len() as u64) as usize])).collect()
            })
            .collect();
        writeln!(file, "{}", cells.join(",")).unwrap();
    }
}

/// Regression: an import held every row and every diagnostic before
/// capping them (100,000 junk rows took 2.2 GB, 1,000,000 past 21 GB). Rows
/// are now read streaming, refused rows dropped as they are read, and
/// diagnostics capped as they come: memory is bounded by the largest row.
#[test]
fn an_import_or_trends_of_junk_rows_runs_in_bounded_memory() {
    if !has_prlimit() {
        eprintln!("skipped: no prlimit");
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/epoch/notable_ai_models_2026-08-19.sample.csv"),
    )
    .unwrap();
    let header = sample.lines().next().unwrap().trim_start_matches('\u{feff}');
    let csv = folder.path().join("junk.csv");
    junk_csv(&csv, header, 25_000);
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("records")).unwrap();
    let output =
        limited(256 * MB, 120).arg("--root").arg(repo.path()).args(["import", "epoch"]).arg(&csv).output().unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{}", text.get(text.len().saturating_sub(2000)..).unwrap_or(&text));
    assert!(text.contains("more E208 not listed"), "refused rows are counted past the cap");
    assert!(text.contains("more W201 not listed"), "bad cells are counted past the cap");
    assert!(text.len() < 500_000, "the report is bounded: {} bytes", text.len());

    // trends reads flopdb's own layout the same way.
    let flopdb_csv = folder.path().join("models.csv");
    junk_csv(&flopdb_csv, "id,name,published,training_compute_flop,domains", 25_000);
    let output = limited(256 * MB, 120).args(["trends", "--input"]).arg(&flopdb_csv).output().unwrap();
    let text = stderr(&output);
    // Every row with a compute cell is junk (the others have none to read).
    let counted: usize = text
        .split("note: ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_default();
    assert!(counted > 20_000 && text.contains("the first: "), "{text}");
    assert!(text.contains("no model has a training compute"), "{text}");
}
