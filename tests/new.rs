//! `flopdb new`: by flags in scripts, and by questions on a terminal
//! (answered through a pseudo-terminal).

mod common;

use common::{copy_fixture, flopdb, stderr};

fn new(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    flopdb().arg("--root").arg(root).arg("new").args(args).output().unwrap()
}

#[test]
fn flags_make_a_checked_formatted_record_and_its_organization() {
    let tree = copy_fixture("valid");
    let output = new(
        tree.path(),
        &[
            "--name",
            "Llama 2 70B",
            "--published",
            "2023-07-18",
            "--organization",
            "Meta AI",
            "--organization",
            "OpenAI",
            "--create-organizations",
            "--domain",
            "language",
            "--parameters",
            "7e10",
            "--data-size",
            "2e12 tokens",
            "--link",
            "https://arxiv.org/abs/2307.09288",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("created records/organizations/meta-ai.toml"), "{text}");
    assert!(text.contains("created records/models/llama-2-70b.toml"), "{text}");
    assert!(text.contains("checked: 0 errors, 0 warnings"), "{text}");
    assert!(text.contains("next steps"), "{text}");
    let model = std::fs::read_to_string(tree.path().join("records/models/llama-2-70b.toml")).unwrap();
    assert!(
        model.starts_with("#:schema ../../schema/model.schema.json\nname = \"Llama 2 70B\"\npublished = 2023-07-18\n")
    );
    assert!(model.contains("organizations = [\"meta-ai\", \"openai\"]\n"), "{model}");
    assert!(model.contains("parameters = 7e10\n"), "{model}");
    assert!(model.contains("size = \"2e12 tokens\"\n"), "{model}");
    assert!(model.contains("method = \"operation-counting\"\n"), "{model}");
    assert!(model.contains("# accelerator = "), "placeholders for what is not known: {model}");
    // Canonical already, and the estimate follows from it: 6 x 7e10 x 2e12.
    let fmt = flopdb()
        .current_dir(tree.path())
        .args(["fmt", "--check", "records/models/llama-2-70b.toml", "records/organizations/meta-ai.toml"])
        .output()
        .unwrap();
    assert_eq!(fmt.status.code(), Some(0), "{}", stderr(&fmt));
    let estimate =
        flopdb().current_dir(tree.path()).args(["estimate", "records/models/llama-2-70b.toml"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&estimate.stdout).contains("8.4e23"),
        "{}",
        String::from_utf8_lossy(&estimate.stdout)
    );
}

#[test]
fn hardware_flags_give_a_hardware_record() {
    let tree = copy_fixture("valid");
    let output = new(
        tree.path(),
        &[
            "--name",
            "Test Model",
            "--published",
            "2021-01-01",
            "--organization",
            "openai",
            "--hardware",
            "nvidia-v100-sxm2",
            "--chips",
            "64",
            "--training-time",
            "10 days",
            "--precision",
            "FP16",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let model = std::fs::read_to_string(tree.path().join("records/models/test-model.toml")).unwrap();
    for line in [
        "accelerator = \"nvidia-v100-sxm2\"",
        "count = 64",
        "duration = \"10 days\"",
        "precision = \"fp16\"",
        "method = \"hardware\"",
    ] {
        assert!(model.contains(line), "{line} in {model}");
    }
}

#[test]
fn an_existing_name_or_id_is_refused_and_nothing_is_written() {
    let tree = copy_fixture("valid");
    for name in ["GPT-3 175B (davinci)", "gpt-3", "ResNet-50"] {
        let output = new(tree.path(), &["--name", name, "--published", "2020-01-01"]);
        // Refused input: 1 (2 is for a command that cannot run).
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert!(stderr(&output).contains("is already called"), "{name}: {}", stderr(&output));
    }
    let models = std::fs::read_dir(tree.path().join("records/models")).unwrap().count();
    assert_eq!(models, 2);
}

#[test]
fn without_a_terminal_flags_are_required_and_checked() {
    let tree = copy_fixture("valid");
    let missing = new(tree.path(), &["--published", "2020-01-01"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("--name is required (there is no terminal to ask on)"), "{}", stderr(&missing));
    let bad_date = new(tree.path(), &["--name", "X", "--published", "May 2020"]);
    assert!(stderr(&bad_date).contains("is not a date; write it as 2024-01-31"), "{}", stderr(&bad_date));
    let unknown = new(tree.path(), &["--name", "X", "--published", "2020-01-01", "--organization", "Open AI Inc"]);
    assert_eq!(unknown.status.code(), Some(1));
    let text = stderr(&unknown);
    assert!(text.contains("no organization record is called `Open AI Inc`; close matches: openai (OpenAI)"), "{text}");
    assert!(text.contains("--create-organizations"), "{text}");
    let units = new(tree.path(), &["--name", "X", "--published", "2020-01-01", "--compute", "14 days"]);
    assert!(stderr(&units).contains("duration"), "{}", stderr(&units));
    // Regression: --chips 0 wrote a record check refuses; a utilization
    // without --hardware was dropped unread, even 135%.
    let zero = new(
        tree.path(),
        &["--name", "X", "--published", "2020-01-01", "--hardware", "nvidia-v100-sxm2", "--chips", "0"],
    );
    assert_eq!(zero.status.code(), Some(1), "{}", stderr(&zero));
    let over = new(tree.path(), &["--name", "X", "--published", "2020-01-01", "--utilization", "135%"]);
    assert_eq!(over.status.code(), Some(1), "{}", stderr(&over));
    assert!(stderr(&over).contains("135%"), "{}", stderr(&over));
    assert!(!tree.path().join("records/models/x.toml").exists());
}

/// Sends keys to a menu once it reads keys: the menu switches the terminal
/// to raw mode to read each key, and that switch flushes input typed
/// before it. Waits for the switch itself, not for a length of time.
fn key(session: &mut rexpect::session::PtySession, keys: &str) {
    let terminal = session.process().get_file_handle().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let modes = nix::sys::termios::tcgetattr(&terminal).unwrap();
        if !modes.local_flags.contains(nix::sys::termios::LocalFlags::ICANON) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the menu never read a key");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    session.send(keys).unwrap();
    session.flush().unwrap();
}

/// The questions, answered through a pseudo-terminal as a person would.
#[test]
fn the_prompts_ask_one_question_at_a_time() {
    let tree = copy_fixture("valid");
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("flopdb"));
    command.arg("--root").arg(tree.path()).arg("new").env("NO_COLOR", "1").env("TERM", "xterm");
    let mut session = rexpect::session::spawn_command(command, Some(20_000)).unwrap();
    session.exp_string("Model name").unwrap();
    session.send_line("GPT-3").unwrap();
    // An existing name is refused, and the question asked again.
    session.exp_string("already called").unwrap();
    session.send_line("").unwrap();
    session.exp_string("Model name").unwrap();
    session.send_line("Test Model").unwrap();
    session.exp_string("Publication date").unwrap();
    session.send_line("2024-13-01").unwrap();
    session.exp_string("is not a date").unwrap();
    session.send_line("2024-03-01").unwrap();
    session.exp_string("Organization (id or name; empty when done)").unwrap();
    session.send_line("Open AI").unwrap();
    session.exp_string("Type the name again").unwrap();
    key(&mut session, "\r"); // the first suggestion: OpenAI
    session.exp_string("Organization (id or name; empty when done)").unwrap();
    session.send_line("Tiny Lab").unwrap();
    session.exp_string("Type the name again").unwrap();
    key(&mut session, "\r"); // create it
    session.exp_string("not known").unwrap();
    key(&mut session, "\x1b[B"); // down once: academia
    session.exp_string("> academia").unwrap();
    key(&mut session, "\r");
    session.exp_string("Country").unwrap();
    session.send_line("France").unwrap();
    session.exp_string("Organization (id or name; empty when done)").unwrap();
    session.send_line("").unwrap();
    session.exp_string("Domains").unwrap();
    session.send_line("language").unwrap();
    session.exp_string("Parameters").unwrap();
    session.send_line("7e9").unwrap();
    session.exp_string("Active parameters per token").unwrap();
    session.send_line("").unwrap(); // dense
    session.exp_string("Training data size").unwrap();
    session.send_line("2e12 tokens").unwrap();
    session.exp_string("Tokens (or examples) trained on").unwrap();
    session.send_line("").unwrap();
    session.exp_string("Not known (flopdb estimates it").unwrap();
    key(&mut session, "\r"); // stated
    session.exp_string("Training compute").unwrap();
    session.send_line("9e22 FLOP").unwrap();
    session.exp_string("Link").unwrap();
    session.send_line("https://example.com/paper").unwrap();
    session.exp_string("created records/models/test-model.toml").unwrap();
    session.exp_eof().unwrap();

    let model = std::fs::read_to_string(tree.path().join("records/models/test-model.toml")).unwrap();
    assert!(model.contains("organizations = [\"openai\", \"tiny-lab\"]"), "{model}");
    assert!(model.contains("value = \"9e22 FLOP\"\nmethod = \"reported\""), "{model}");
    let org = std::fs::read_to_string(tree.path().join("records/organizations/tiny-lab.toml")).unwrap();
    assert!(org.contains("categorization = \"academia\"\ncountry = \"France\""), "{org}");
}

/// A mixture of experts with its active parameters and its accelerator time,
/// by flags; more active than total parameters is refused.
#[test]
fn a_mixture_of_experts_with_chip_hours_by_flags() {
    let tree = copy_fixture("valid");
    let output = new(
        tree.path(),
        &[
            "--name",
            "Sparse One",
            "--published",
            "2025-07-11",
            "--parameters",
            "1.04e12",
            "--active-parameters",
            "3.2e10",
            "--data-size",
            "15.5e12 tokens",
            "--tokens-seen",
            "1.2e13 tokens",
            "--hardware",
            "nvidia-v100-sxm2",
            "--chip-hours",
            "2.1e6 chip-hours",
            "--link",
            "https://example.org/sparse-one",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let model = std::fs::read_to_string(tree.path().join("records/models/sparse-one.toml")).unwrap();
    for line in [
        "active_parameters = 3.2e10",
        "seen = \"1.2e13 tokens\"",
        "chip_time = \"2.1e6 chip-hours\"",
        "accelerator = \"nvidia-v100-sxm2\"",
    ] {
        assert!(model.contains(line), "{line} in {model}");
    }
    let refused = new(
        tree.path(),
        &["--name", "Upside Down", "--published", "2025-07-11", "--parameters", "1e9", "--active-parameters", "2e9"],
    );
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("exceed the parameters"), "{}", stderr(&refused));
    assert!(!tree.path().join("records/models/upside-down.toml").exists());
}

/// `new organization` and `new hardware` by flags: checked, formatted
/// records; a close name is offered, not silently doubled.
#[test]
fn organizations_and_accelerators_by_flags() {
    let tree = copy_fixture("valid");
    let root = tree.path();
    let output = new(
        root,
        &[
            "organization",
            "--no-input",
            "--name",
            "Thinking Machines Lab",
            "--categorization",
            "industry",
            "--country",
            "United States of America",
            "--link",
            "https://thinkingmachines.ai",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let org = std::fs::read_to_string(root.join("records/organizations/thinking-machines-lab.toml")).unwrap();
    assert!(org.contains("categorization = \"industry\"\ncountry = \"United States of America\""), "{org}");
    assert!(org.contains("links = [\"https://thinkingmachines.ai\"]"), "{org}");

    // `Open AI` beside `OpenAI`: refused with the existing one named, exit 1.
    let close = new(root, &["organization", "--no-input", "--name", "Open AI Labs"]);
    assert_eq!(close.status.code(), Some(1), "{}", stderr(&close));
    assert!(stderr(&close).contains("openai (OpenAI)") && stderr(&close).contains("--distinct"), "{}", stderr(&close));
    assert!(!root.join("records/organizations/open-ai-labs.toml").exists());
    // And through a model's --create-organizations.
    let via_model = new(
        root,
        &[
            "--no-input",
            "--name",
            "M",
            "--published",
            "2025-01-01",
            "--organization",
            "Open AI Labs",
            "--create-organizations",
        ],
    );
    assert_eq!(via_model.status.code(), Some(1), "{}", stderr(&via_model));
    assert!(stderr(&via_model).contains("flopdb new organization --name \"Open AI Labs\""), "{}", stderr(&via_model));
    assert!(!root.join("records/models/m.toml").exists());

    let output = new(
        root,
        &[
            "hardware",
            "--no-input",
            "--name",
            "NVIDIA H100 SXM5 80GB",
            "--manufacturer",
            "NVIDIA",
            "--kind",
            "gpu",
            "--released",
            "2022-09-20",
            "--peak",
            "bf16=989 TFLOP/s",
            "--peak",
            "fp8=1979 TFLOP/s",
            "--memory",
            "80 GB",
            "--tdp",
            "700 W",
            "--link",
            "https://www.nvidia.com/en-us/data-center/h100/",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let chip = std::fs::read_to_string(root.join("records/hardware/nvidia-h100-sxm5-80gb.toml")).unwrap();
    assert!(chip.contains("tensor_16bit = \"989 TFLOP/s\"\nfp8 = \"1979 TFLOP/s\""), "{chip}");
    let formatted = flopdb()
        .current_dir(root)
        .args(["fmt", "--check", "records/hardware/nvidia-h100-sxm5-80gb.toml"])
        .arg("records/organizations/thinking-machines-lab.toml")
        .output()
        .unwrap();
    assert!(formatted.status.success(), "{}", String::from_utf8_lossy(&formatted.stdout));

    // The new chip is what a model's hardware-time estimate uses.
    let estimate = flopdb()
        .arg("--root")
        .arg(root)
        .args(["estimate", "--hardware", "nvidia-h100-sxm5-80gb", "--chip-hours", "2.788e6 chip-hours"])
        .args(["--precision", "fp8", "--utilization", "40%"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&estimate.stdout);
    assert!(estimate.status.success() && text.contains("= 7.945e24 FLOP"), "{text}{}", stderr(&estimate));

    // A close chip name is offered; a sparsity-style typo in a peak is refused.
    let close = new(root, &["hardware", "--no-input", "--name", "NVIDIA H100"]);
    assert_eq!(close.status.code(), Some(1));
    assert!(stderr(&close).contains("nvidia-h100-sxm5-80gb"), "{}", stderr(&close));
    let bad = new(root, &["hardware", "--no-input", "--name", "X1", "--distinct", "--peak", "bf16 989"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("FORMAT=RATE"), "{}", stderr(&bad));
    assert!(!root.join("records/hardware/x1.toml").exists());
}

/// The prompts of `new hardware`, answered through a pseudo-terminal.
#[test]
fn an_accelerator_through_the_prompts() {
    let tree = copy_fixture("valid");
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("flopdb"));
    command.arg("--root").arg(tree.path()).args(["new", "hardware"]).env("NO_COLOR", "1").env("TERM", "xterm");
    let mut session = rexpect::session::spawn_command(command, Some(20_000)).unwrap();
    session.exp_string("Accelerator name").unwrap();
    session.send_line("Google TPU v7").unwrap();
    session.exp_string("Manufacturer").unwrap();
    session.send_line("Google").unwrap();
    session.exp_string("Kind").unwrap();
    session.send_line("tpu").unwrap();
    session.exp_string("Release date").unwrap();
    session.send_line("2025-04-09").unwrap();
    session.exp_string("A dense peak").unwrap();
    session.send_line("bf16=4614").unwrap();
    session.exp_string("unit").unwrap();
    session.send_line("bf16=2307 TFLOP/s").unwrap();
    session.exp_string("A dense peak").unwrap();
    session.send_line("").unwrap();
    session.exp_string("Memory per chip").unwrap();
    session.send_line("192 GB").unwrap();
    session.exp_string("Thermal design power").unwrap();
    session.send_line("").unwrap();
    session.exp_string("datasheet").unwrap();
    session.send_line("https://cloud.google.com/tpu/docs/tpu7x").unwrap();
    session.exp_string("created records/hardware/google-tpu-v7.toml").unwrap();
    session.exp_eof().unwrap();
    let chip = std::fs::read_to_string(tree.path().join("records/hardware/google-tpu-v7.toml")).unwrap();
    assert!(chip.contains("kind = \"tpu\"\nreleased = 2025-04-09"), "{chip}");
    assert!(chip.contains("tensor_16bit = \"2307 TFLOP/s\""), "{chip}");
}
