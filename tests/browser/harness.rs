//! The browser tests' harness: Chromium found and launched once, the site of
//! the shipped records made once, a tab that records console errors and
//! requests, and reading the page's state as JSON.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::common::{self, flopdb, stderr};
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Log, Network, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

/// Chromium's binary: `FLOPDB_CHROMIUM`, or the first of the usual names on
/// the PATH. Under CI its absence is a failure.
pub fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("FLOPDB_CHROMIUM").map(PathBuf::from).or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| ["chromium", "chromium-browser", "google-chrome"].map(|name| dir.join(name)))
            .find(|candidate| candidate.is_file())
    });
    common::tool_present(found.is_some(), "Chromium", "apt-get install chromium");
    found
}

/// The site of the shipped records, made once for every test here.
pub fn site() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let output = flopdb()
            .args(["site", "--repository", "https://github.com/flopdb/flopdb", "--root"])
            .arg(env!("CARGO_MANIFEST_DIR"))
            .arg("--out")
            .arg(dir.path().join("site"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        dir
    })
    .path()
    .join("site")
    .leak()
}

pub fn url_of(page: &str) -> String {
    format!("file://{}/{page}", site().display())
}

/// One browser for every test; each test opens its own tab.
pub fn browser() -> Option<&'static Browser> {
    static BROWSER: OnceLock<Option<Browser>> = OnceLock::new();
    BROWSER
        .get_or_init(|| {
            let path = chromium()?;
            let options = LaunchOptions {
                path: Some(path),
                headless: true,
                // CI runs as root, where Chromium's sandbox cannot start.
                sandbox: false,
                window_size: Some((1400, 1000)),
                idle_browser_timeout: Duration::from_secs(300),
                ..LaunchOptions::default()
            };
            Some(Browser::new(options).unwrap())
        })
        .as_ref()
}

/// What a page did: its console errors and exceptions, and every URL it asked for.
#[derive(Default)]
pub struct Watched {
    pub errors: Vec<String>,
    pub requests: Vec<String>,
}

pub fn new_tab(browser: &Browser) -> (Arc<Tab>, Arc<Mutex<Watched>>) {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(60));
    let watched = Arc::new(Mutex::new(Watched::default()));
    let sink = Arc::clone(&watched);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let mut watched = sink.lock().unwrap();
        match event {
            Event::RuntimeConsoleAPICalled(called)
                if matches!(called.params.Type, Runtime::ConsoleAPICalledEventTypeOption::Error) =>
            {
                let said = called.params.args.iter().map(|a| format!("{:?}", a.value)).collect::<Vec<_>>();
                watched.errors.push(format!("console.error: {}", said.join(" ")));
            }
            Event::RuntimeExceptionThrown(thrown) => {
                watched.errors.push(format!("exception: {:?}", thrown.params.exception_details));
            }
            Event::LogEntryAdded(entry) if matches!(entry.params.entry.level, Log::LogEntryLevel::Error) => {
                watched.errors.push(format!("log: {} ({:?})", entry.params.entry.text, entry.params.entry.url));
            }
            Event::NetworkRequestWillBeSent(sent) => watched.requests.push(sent.params.request.url.clone()),
            _ => {}
        }
    }))
    .unwrap();
    tab.enable_runtime().unwrap();
    tab.enable_log().unwrap();
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .unwrap();
    (tab, watched)
}

/// Evaluates an expression in the page; its value as JSON.
pub fn js(tab: &Tab, expression: &str) -> Value {
    let wrapped = format!("JSON.stringify((() => {{ return {expression}; }})())");
    let result = tab.evaluate(&wrapped, false).unwrap();
    let text = result.value.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| "null".into());
    serde_json::from_str(&text).unwrap()
}

/// Waits until an expression is true in the page.
pub fn wait_for(tab: &Tab, expression: &str) {
    let start = Instant::now();
    while js(tab, expression) != Value::Bool(true) {
        assert!(start.elapsed() < Duration::from_secs(60), "waited a minute for `{expression}`");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Opens the home page (with a view in its fragment) and waits for the chart.
pub fn open_home(browser: &Browser, fragment: &str) -> (Arc<Tab>, Arc<Mutex<Watched>>) {
    open_home_at(browser, &format!("{}{fragment}", url_of("index.html")))
}

pub fn open_home_at(browser: &Browser, url: &str) -> (Arc<Tab>, Arc<Mutex<Watched>>) {
    let (tab, watched) = new_tab(browser);
    tab.navigate_to(url).unwrap();
    tab.wait_until_navigated().unwrap();
    wait_for(&tab, READY);
    (tab, watched)
}

/// The chart has drawn its points and the table's rows are in the script's hands.
pub const READY: &str =
    "document.documentElement.dataset.explorer === 'ready' && document.documentElement.dataset.table === 'ready'";

/// The models drawn as points (the series of labels names some of them again).
pub const CHART_IDS: &str = "window.flopdbExplorer.chart.getOption().series.filter(s => s.type === 'scatter' && s.id !== 'labels')\
    .flatMap(s => s.data.map(d => window.flopdbData.models[d[2]][0]))";
pub const SHOWN_ROWS: &str = "Array.from(document.querySelectorAll('#models tbody tr')).filter(r => !r.hidden)\
    .map(r => r.querySelector('a').getAttribute('href').slice(7, -5))";

/// The ids of the models with a training compute, from the build's own
/// `models.csv` in the site (not from the script's data).
pub fn ids_with_compute() -> BTreeSet<String> {
    let mut reader = csv::Reader::from_path(site().join("data/models.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, compute) = (column("id"), column("training_compute_flop"));
    reader
        .records()
        .map(Result::unwrap)
        .filter(|row| !row.get(compute).unwrap_or_default().is_empty())
        .map(|row| row.get(id).unwrap_or_default().to_string())
        .collect()
}

pub fn strings(value: Value) -> Vec<String> {
    serde_json::from_value(value).unwrap()
}
