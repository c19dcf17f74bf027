//! The site in a real browser: Chromium from the system's packages
//! (`.ci/run` installs it where it is missing), driven through the DevTools
//! protocol by `headless_chrome`, on the site of the shipped records opened
//! from disk (`file://`), as a reader who downloaded it would. Without
//! Chromium these tests say so and pass; under CI they must run. The
//! chart's views, downloads and layouts are in `browser/chart.rs` and
//! `browser/pages.rs` (one binary: one site, one browser).

#[path = "browser/chart.rs"]
mod chart;
mod common;
#[path = "browser/harness.rs"]
mod harness;
#[path = "browser/pages.rs"]
mod pages;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use harness::*;
use headless_chrome::browser::tab::point::Point;
use headless_chrome::protocol::cdp::Emulation;
use serde_json::Value;

#[test]
fn the_home_page_loads_without_errors_or_requests_outside_the_site() {
    let Some(browser) = browser() else { return };
    let (tab, watched) = open_home(browser, "");
    let watched = watched.lock().unwrap();
    assert!(watched.errors.is_empty(), "{:#?}", watched.errors);
    let inside = format!("file://{}/", site().display());
    assert!(watched.requests.len() >= 5, "{:#?}", watched.requests);
    // A `data:` URL is inline, fetched from nowhere (Chromium's own icon of
    // a date field is one).
    let outside: Vec<&String> =
        watched.requests.iter().filter(|url| !url.starts_with(&inside) && !url.starts_with("data:")).collect();
    assert!(outside.is_empty(), "requests outside the site: {outside:#?}");
    // Each model of the table is a row, all shown.
    let rows = strings(js(&tab, SHOWN_ROWS));
    assert_eq!(rows.len(), js(&tab, "window.flopdbData.models.length").as_u64().unwrap() as usize);
}

#[test]
fn the_chart_holds_one_mark_per_model_with_compute() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "");
    let marks = strings(js(&tab, CHART_IDS));
    let expected = ids_with_compute();
    assert!(expected.len() > 1000, "{}", expected.len());
    assert_eq!(marks.len(), expected.len(), "one mark per model");
    assert_eq!(marks.into_iter().collect::<BTreeSet<_>>(), expected);
    // And the trend of what is shown as a line, with its growth.
    let lines =
        js(&tab, "window.flopdbExplorer.chart.getOption().series.filter(s => s.type === 'line').map(s => s.name)");
    let lines = strings(lines);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines.iter().all(|l| l.contains("x per year (doubling every")), "{lines:?}");
}

#[test]
fn typing_a_name_narrows_the_table_to_it() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "");
    tab.find_element("#q").unwrap().click().unwrap();
    tab.type_str("GPT-3 175B").unwrap();
    wait_for(&tab, "location.hash.includes('q=GPT-3')");
    let rows = strings(js(&tab, SHOWN_ROWS));
    assert!(rows.contains(&"gpt-3-175b-davinci".to_string()), "{rows:?}");
    assert!(rows.len() < 5, "{rows:?}");
    // The chart shows the same models, those with compute.
    let marks: BTreeSet<String> = strings(js(&tab, CHART_IDS)).into_iter().collect();
    let with_compute = ids_with_compute();
    let expected: BTreeSet<String> = rows.into_iter().filter(|id| with_compute.contains(id)).collect();
    assert_eq!(marks, expected);
}

#[test]
fn a_search_finds_aliases_and_organizations() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "#q=deepmind");
    let rows = strings(js(&tab, SHOWN_ROWS));
    assert!(rows.len() > 50, "{}", rows.len());
    let organizations = strings(js(
        &tab,
        "Array.from(document.querySelectorAll('#models tbody tr')).filter(r => !r.hidden).map(r => r.cells[2].textContent)",
    ));
    assert!(organizations.iter().all(|o| o.to_lowercase().contains("deepmind")), "{organizations:?}");
}

#[test]
fn a_filter_changes_the_chart_and_the_table_and_the_url_keeps_it() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "");
    let all_marks = strings(js(&tab, CHART_IDS)).len();
    let all_rows = strings(js(&tab, SHOWN_ROWS)).len();
    // As choosing an option does: the select's value, then its input event.
    js(
        &tab,
        "(() => { const s = document.getElementById('domain'); s.value = 'Vision'; \
         s.dispatchEvent(new Event('input', { bubbles: true })); return true; })()",
    );
    let rows = strings(js(&tab, SHOWN_ROWS));
    let marks: BTreeSet<String> = strings(js(&tab, CHART_IDS)).into_iter().collect();
    assert!(!rows.is_empty() && rows.len() < all_rows, "{} of {all_rows}", rows.len());
    assert!(!marks.is_empty() && marks.len() < all_marks, "{} of {all_marks}", marks.len());
    let domains = strings(js(
        &tab,
        "Array.from(document.querySelectorAll('#models tbody tr')).filter(r => !r.hidden).map(r => r.cells[3].textContent)",
    ));
    assert!(domains.iter().all(|d| d.contains("Vision")), "{domains:?}");
    let with_compute = ids_with_compute();
    let expected: BTreeSet<String> = rows.iter().filter(|id| with_compute.contains(*id)).cloned().collect();
    assert_eq!(marks, expected, "the chart shows the table's models that have compute");
    let hash = js(&tab, "location.hash");
    assert_eq!(hash, "#domain=Vision");

    // A date range narrows the table and the chart, whose axis fits it.
    js(
        &tab,
        "(() => { const f = document.getElementById('from'); f.value = '2020-01-01'; \
         f.dispatchEvent(new Event('input', { bubbles: true })); return true; })()",
    );
    let dates = strings(js(
        &tab,
        "Array.from(document.querySelectorAll('#models tbody tr')).filter(r => !r.hidden).map(r => r.cells[1].textContent)",
    ));
    assert!(!dates.is_empty() && dates.iter().all(|d| d.as_str() >= "2020-01-01"), "{dates:?}");
    let fits = js(&tab, "window.flopdbExplorer.chart.getOption().xAxis[0].min >= Date.parse('2019-10-01')");
    assert_eq!(fits, Value::Bool(true), "the axis starts near the first day asked");
    let marks: BTreeSet<String> = strings(js(&tab, CHART_IDS)).into_iter().collect();
    let shown: BTreeSet<String> =
        strings(js(&tab, SHOWN_ROWS)).into_iter().filter(|id| with_compute.contains(id)).collect();
    assert_eq!(marks, shown, "the dates filter the chart as the table");

    // The link keeps the view: opened afresh, it shows the same.
    let link = js(&tab, "location.href").as_str().unwrap().to_string();
    assert!(link.ends_with("#domain=Vision&from=2020-01-01"), "{link}");
    let (again, _) = new_tab(browser);
    again.navigate_to(&link).unwrap();
    // Not `wait_until_navigated`: under load its event came before the
    // wait began (a flake); the page's own readiness is the signal.
    wait_for(&again, &format!("location.href === {link:?} && ({READY})"));
    assert_eq!(strings(js(&again, SHOWN_ROWS)).len(), dates.len());
    assert_eq!(js(&again, "document.getElementById('domain').value"), "Vision");

    // Clear shows everything again, and the address forgets the view.
    // A click in the page, not through the protocol's DOM calls (each a
    // round trip that timed out when the tests ran side by side on 2 cores).
    js(&again, "(() => { document.getElementById('reset').click(); return true; })()");
    wait_for(&again, "location.hash === ''");
    assert_eq!(strings(js(&again, SHOWN_ROWS)).len(), all_rows);
    assert_eq!(strings(js(&again, CHART_IDS)).len(), all_marks);
}

/// Regression (#29.7): a link whose value is not one of the form's choices
/// (`#domain=language`, the records' own term; `#from=garbage`) showed 0
/// points and 0 rows while the form said "any". A value a person would
/// write is matched to its choice; any other is left out, and said so.
#[test]
fn a_link_shows_what_its_form_shows() {
    let Some(browser) = browser() else { return };
    // Opened afresh, as the repro did; then each fragment in the same tab
    // (a new fragment is read as a link opened is).
    let (tab, _) = open_home(browser, "#domain=language");
    assert_eq!(js(&tab, "document.getElementById('domain').value"), "Language");
    let language_rows = strings(js(&tab, SHOWN_ROWS)).len();
    assert!(language_rows > 0);
    let go = |fragment: &str| {
        js(&tab, &format!("(() => {{ location.hash = {fragment:?}; return true; }})()"));
        wait_for(&tab, &format!("document.getElementById('shown').dataset.hash === {fragment:?}"));
    };
    go("#domain=LANGUAGE");
    assert_eq!(strings(js(&tab, SHOWN_ROWS)).len(), language_rows);
    go("");
    let all_rows = strings(js(&tab, SHOWN_ROWS)).len();
    let all_marks = strings(js(&tab, CHART_IDS)).len();
    assert!(all_rows > language_rows);
    for fragment in ["#domain=garbage", "#confidence=sure", "#from=garbage", "#to=2020-13-45", "#sort=nothing-desc"] {
        go(fragment);
        assert_eq!(strings(js(&tab, SHOWN_ROWS)).len(), all_rows, "{fragment}");
        assert_eq!(strings(js(&tab, CHART_IDS)).len(), all_marks, "{fragment}");
        let said = js(&tab, "document.getElementById('shown').textContent");
        assert!(said.as_str().unwrap().contains("not one of the choices"), "{fragment}: {said}");
        assert_eq!(js(&tab, "location.hash"), "", "{fragment}: the address is what the page shows");
    }
    // A year stands for its first day in `from`, its last in `to`.
    go("#from=2020&to=2021-06");
    assert_eq!(js(&tab, "document.getElementById('from').value"), "2020-01-01");
    assert_eq!(js(&tab, "document.getElementById('to').value"), "2021-06-30");
}

/// The fragment, fuzzed: 12 fragments made from a fixed seed out of the
/// form's keys and unknown ones, markup and script payloads, broken
/// percent-escapes, huge and odd values. For each: no script error, no
/// payload run, the form holds only its own choices, and the table and
/// chart agree (every model with compute among the shown rows is a mark).
#[test]
fn any_fragment_leaves_a_coherent_page() {
    let Some(browser) = browser() else { return };
    let (tab, watched) = open_home(browser, "");
    const KEYS: [&str; 16] = [
        "q",
        "domain",
        "org",
        "confidence",
        "notable",
        "from",
        "to",
        "color",
        "sort",
        "x",
        "",
        "y",
        "top",
        "labels",
        "trend",
        "min",
    ];
    const VALUES: [&str; 16] = [
        "%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E",
        "\"><script>window.__pwned=1</script>",
        "%",
        "%zz",
        "%E0%A4%A",
        "javascript:window.__pwned=1",
        "Language",
        "language",
        "2020",
        "9999-12-31",
        "0000-00-00",
        "compute-desc",
        "name-sideways",
        "1",
        "&&&==",
        "\u{202e}GPT",
    ];
    let mut seed: u64 = 0x5eed_f10d_b000_0001;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut fragments = Vec::new();
    for i in 0..12 {
        let parts: Vec<String> = (0..1 + next(4))
            .map(|_| {
                let value = if next(8) == 0 { "x".repeat(5000) } else { VALUES[next(VALUES.len())].to_string() };
                format!("{}={}", KEYS[next(KEYS.len())], value)
            })
            .collect();
        fragments.push(format!("#{}&n={i}", parts.join("&")));
    }
    let with_compute = ids_with_compute();
    for fragment in &fragments {
        // The fragment as the browser keeps it (percent-encoded), then read.
        let kept = js(&tab, &format!("(() => {{ location.hash = {fragment:?}; return location.hash; }})()"));
        wait_for(&tab, &format!("document.getElementById('shown').dataset.hash === {kept}"));
        assert_eq!(js(&tab, "window.__pwned === undefined"), Value::Bool(true), "{fragment}");
        let domain_ok = js(
            &tab,
            "(() => { const s = document.getElementById('domain'); return Array.from(s.options).some(o => o.value === s.value); })()",
        );
        assert_eq!(domain_ok, Value::Bool(true), "{fragment}");
        let rows: BTreeSet<String> = strings(js(&tab, SHOWN_ROWS)).into_iter().collect();
        let marks: BTreeSet<String> = strings(js(&tab, CHART_IDS)).into_iter().collect();
        // The chart draws the table's models: every mark is a shown row;
        // with compute against the date (the default), every shown row
        // with compute is a mark, and every mark is a model with compute.
        assert!(marks.is_subset(&rows), "{fragment}");
        let axes = js(&tab, "document.getElementById('y').value + ' ' + document.getElementById('x').value");
        if axes == "compute date" {
            assert!(rows.iter().filter(|id| with_compute.contains(*id)).all(|id| marks.contains(id)), "{fragment}");
            assert!(marks.is_subset(&with_compute), "{fragment}");
        }
    }
    let watched = watched.lock().unwrap();
    assert!(watched.errors.is_empty(), "{:#?}", watched.errors);
}

#[test]
fn hovering_a_point_names_it_and_clicking_opens_its_page_with_the_working() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "#q=GPT-3%20175B");
    let id = "gpt-3-175b-davinci";
    // Where the model's mark is drawn, in the page's coordinates.
    let at = js(
        &tab,
        &format!(
            "(() => {{ const chart = window.flopdbExplorer.chart; \
             document.getElementById('chart').scrollIntoView(); \
             const box = document.getElementById('chart').getBoundingClientRect(); \
             const series = chart.getOption().series; \
             for (let s = 0; s < series.length; s++) {{ if (series[s].type !== 'scatter') continue; \
               for (const d of series[s].data) {{ if (window.flopdbData.models[d[2]][0] === '{id}') {{ \
                 const p = chart.convertToPixel({{ seriesIndex: s }}, [d[0], d[1]]); \
                 return [box.left + p[0], box.top + p[1]]; }} }} }} return null; }})()"
        ),
    );
    let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
    // Hovering shows the model's name, date, compute and method.
    tab.move_mouse_to_point(Point { x, y }).unwrap();
    wait_for(&tab, "document.getElementById('chart').textContent.includes('GPT-3 175B (davinci)')");
    let tip = js(&tab, "document.getElementById('chart').textContent").as_str().unwrap_or_default().to_string();
    // And whose figure it is, as the data says (#28: never "stated").
    let origin = js(&tab, &format!("window.flopdbData.models.find(m => m[0] === '{id}')[7]"));
    let origin = origin.as_str().unwrap_or_default().to_string();
    assert!(tip.contains("2020-05-28") && tip.contains(&format!(" FLOP ({origin}")), "{tip}");
    assert!(!tip.contains("stated"), "{tip}");
    tab.click_point(Point { x, y }).unwrap();
    wait_for(&tab, &format!("location.href.endsWith('models/{id}.html')"));
    tab.wait_for_element(".estimate .working code").unwrap();
    let working = strings(js(&tab, "Array.from(document.querySelectorAll('.working code')).map(c => c.textContent)"));
    assert!(working.iter().any(|w| w.starts_with("6 x ") && w.ends_with("FLOP")), "{working:?}");
}

#[test]
fn the_table_sorts_from_the_keyboard() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "");
    js(&tab, "(() => { document.querySelector('th[data-key=compute] button').focus(); return true; })()");
    tab.press_key("Enter").unwrap();
    wait_for(&tab, "document.querySelector('th[data-key=compute]').getAttribute('aria-sort') === 'descending'");
    let largest = js(&tab, "Math.max(...window.flopdbData.models.map(m => m[4] || 0))");
    let first = js(
        &tab,
        "window.flopdbData.models.find(m => m[0] === document.querySelector('#models tbody tr a').getAttribute('href').slice(7, -5))[4]",
    );
    assert_eq!(first, largest);
    assert!(js(&tab, "location.hash") == "#sort=compute-desc");
    tab.press_key("Enter").unwrap();
    wait_for(&tab, "document.querySelector('th[data-key=compute]').getAttribute('aria-sort') === 'ascending'");
}

#[test]
fn pages_read_without_javascript() {
    let Some(browser) = browser() else { return };
    let (tab, _) = new_tab(browser);
    tab.call_method(Emulation::SetScriptExecutionDisabled { value: true }).unwrap();
    tab.navigate_to(&url_of("models/gpt-3-175b-davinci.html")).unwrap();
    tab.wait_until_navigated().unwrap();
    let page = tab.get_content().unwrap();
    assert!(page.contains("<h1>GPT-3 175B (davinci)</h1>"), "{page}");
    assert!(page.contains("<code>6 x ") && page.contains(" chips x "), "the workings are on the page: {page}");
    assert!(!page.contains("<script"), "a model page has no script");
    // The home page's table is there without the script, every model a row.
    tab.navigate_to(&url_of("index.html")).unwrap();
    tab.wait_until_navigated().unwrap();
    let home = tab.get_content().unwrap();
    let rows = home.matches("<tr><th scope=\"row\">").count();
    assert_eq!(rows, std::fs::read_dir(site().join("models")).unwrap().count());
}

/// axe-core's rules (`FLOPDB_AXE`, or where `.ci/run` installs it:
/// `npm install --prefix target/npm axe-core`).
fn axe() -> Option<String> {
    let path = std::env::var_os("FLOPDB_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/npm/node_modules/axe-core/axe.min.js"));
    let source = std::fs::read_to_string(path).ok();
    common::tool_present(source.is_some(), "axe-core", "npm install --prefix target/npm axe-core@4.14.1")
        .then_some(source)
        .flatten()
}

/// Every kind of page passes axe-core's WCAG 2 A and AA rules (contrast,
/// labels, table headers, landmarks, names of links and buttons), the home
/// page with its chart drawn and its filters shown.
#[test]
fn every_kind_of_page_passes_the_accessibility_rules() {
    let Some(browser) = browser() else { return };
    let Some(axe) = axe() else { return };
    let pages = [
        "index.html",
        "models/gpt-3-175b-davinci.html",
        "organizations/openai.html",
        "hardware/nvidia-h100-sxm5-80gb.html",
        "trends.html",
        "embed.html#org=DeepSeek",
    ];
    for page in pages {
        let (tab, _) = new_tab(browser);
        tab.navigate_to(&url_of(page)).unwrap();
        tab.wait_until_navigated().unwrap();
        if page.starts_with("index.html") || page.starts_with("embed.html") {
            wait_for(&tab, READY);
        }
        tab.evaluate(&axe, false).unwrap();
        let run = "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }).then(r => JSON.stringify(\
            r.violations.map(v => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))";
        let result = tab.evaluate(run, true).unwrap();
        let text = result.value.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let violations: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(violations, Value::Array(vec![]), "{page}");
    }
}

/// The site served as a static host serves it: each request's file from
/// the folder, nothing else (a plain HTTP/1.1 server on a free local port).
fn serve(folder: &'static Path) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            reader.read_line(&mut request).unwrap_or_default();
            let mut header = String::new();
            while reader.read_line(&mut header).unwrap_or_default() > 2 {
                header.clear();
            }
            let target = request.split_whitespace().nth(1).unwrap_or("/");
            let path = target.split(['?', '#']).next().unwrap_or_default().trim_start_matches('/');
            let file = folder.join(if path.is_empty() { "index.html" } else { path });
            let body = (!path.contains("..")).then(|| std::fs::read(&file).ok()).flatten();
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                Some("svg") => "image/svg+xml",
                _ => "application/octet-stream",
            };
            let (status, body) = body.map_or(("404 Not Found", b"not found".to_vec()), |b| ("200 OK", b));
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
        }
    });
    address
}

/// From a web server, as on GitHub Pages: no console error (a missing icon
/// was one), no request to another host, the chart and a model's page.
#[test]
fn the_site_works_from_a_static_web_server() {
    let Some(browser) = browser() else { return };
    let address = serve(site());
    let (tab, watched) = open_home_at(browser, &format!("{address}/index.html#domain=Vision"));
    assert!(!strings(js(&tab, CHART_IDS)).is_empty());
    tab.navigate_to(&format!("{address}/models/gpt-3-175b-davinci.html")).unwrap();
    tab.wait_for_element(".estimate .working code").unwrap();
    let watched = watched.lock().unwrap();
    assert!(watched.errors.is_empty(), "{:#?}", watched.errors);
    let elsewhere: Vec<&String> =
        watched.requests.iter().filter(|u| !u.starts_with(&address) && !u.starts_with("data:")).collect();
    assert!(elsewhere.is_empty(), "{elsewhere:#?}");
    assert!(watched.requests.iter().any(|u| u.ends_with("/assets/favicon.svg")), "{:#?}", watched.requests);
}

/// The trends page shows Epoch AI's published figures beside the records'
/// (#27), as `trends --calibration` does.
#[test]
fn the_trends_page_calibrates_against_epochs_figures() {
    // The template escapes `/` in attributes as `&#x2f;`: read as a browser does.
    let page = std::fs::read_to_string(site().join("trends.html")).unwrap().replace("&#x2f;", "/");
    let section = page.split("id=\"epoch-figures\"").nth(1).expect("the section");
    assert!(section.matches("<tr><th scope=\"row\">").count() >= 10, "{section}");
    assert!(section.contains("href=\"https://epoch.ai/data-insights/training-compute-decomposition\""));
    assert!(section.contains("<div class=\"scroll\">"), "the wide table scrolls in its own box");
}
