//! The chart of any quantity (#28): its axes, scales, trends, subsets and
//! what a reader takes away (PNG, SVG, the rows as CSV, the embed view).

use std::collections::BTreeSet;

use headless_chrome::Tab;
use serde_json::Value;

use crate::common::{flopdb, stdout};
use crate::harness::*;

/// Sets a form control as a person does (its value, then its input event).
fn set(tab: &Tab, id: &str, value: &str) {
    js(
        tab,
        &format!(
            "(() => {{ const e = document.getElementById({id:?}); if (e.type === 'checkbox') e.checked = {value:?} === '1'; \
             else e.value = {value:?}; e.dispatchEvent(new Event('input', {{ bubbles: true }})); return true; }})()"
        ),
    );
}

/// The ids of the models whose `models.csv` cell of `column` is filled.
fn ids_with(column: &str) -> BTreeSet<String> {
    let mut reader = csv::Reader::from_path(site().join("data/models.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, wanted) = (at("id"), at(column));
    reader
        .records()
        .map(Result::unwrap)
        .filter(|row| row.get(wanted).unwrap_or_default().parse::<f64>().is_ok_and(|v| v > 0.0))
        .map(|row| row.get(id).unwrap_or_default().to_string())
        .collect()
}

fn axis(tab: &Tab, which: &str, field: &str) -> Value {
    js(tab, &format!("window.flopdbExplorer.chart.getOption().{which}[0].{field}"))
}

#[test]
fn switching_the_y_axis_to_parameters_draws_one_mark_per_model_with_parameters() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "");
    set(&tab, "y", "parameters");
    let marks: Vec<String> = strings(js(&tab, CHART_IDS));
    let expected = ids_with("parameters");
    assert!(expected.len() > 1000, "{}", expected.len());
    assert_eq!(marks.len(), expected.len(), "one mark per model with parameters");
    assert_eq!(marks.into_iter().collect::<BTreeSet<_>>(), expected);
    assert_eq!(js(&tab, "location.hash"), "#y=parameters");
    assert_eq!(axis(&tab, "yAxis", "name"), "Parameters");
    // Compute against parameters: the models with both.
    set(&tab, "y", "compute");
    set(&tab, "x", "parameters");
    let both: BTreeSet<String> =
        ids_with("parameters").intersection(&ids_with("training_compute_flop")).cloned().collect();
    assert_eq!(strings(js(&tab, CHART_IDS)).into_iter().collect::<BTreeSet<_>>(), both);
    assert_eq!(axis(&tab, "xAxis", "type"), "log");
    // Its trend is a power law: a slope, not a growth per year.
    let trend = js(&tab, "window.flopdbExplorer.trends()[0]");
    assert!(trend["growth_per_year"].is_null() && trend["slope"].as_f64().unwrap() > 0.5, "{trend}");
}

#[test]
fn each_axis_switches_between_log_and_linear() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "#x=parameters");
    assert_eq!(axis(&tab, "yAxis", "type"), "log");
    set(&tab, "yscale", "linear");
    assert_eq!(axis(&tab, "yAxis", "type"), "value");
    assert_eq!(axis(&tab, "yAxis", "min"), 0);
    set(&tab, "xscale", "linear");
    assert_eq!(axis(&tab, "xAxis", "type"), "value");
    assert_eq!(js(&tab, "location.hash"), "#x=parameters&yscale=linear&xscale=linear");
    set(&tab, "yscale", "log");
    assert_eq!(axis(&tab, "yAxis", "type"), "log");
    // The date axis is time whatever the other scale says.
    set(&tab, "x", "date");
    assert_eq!(axis(&tab, "xAxis", "type"), "time");
    assert_eq!(js(&tab, "document.getElementById('xscale').disabled"), Value::Bool(true));
}

#[test]
fn the_axes_fit_the_filtered_data() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "");
    let whole = (axis(&tab, "xAxis", "min").as_f64().unwrap(), axis(&tab, "yAxis", "min").as_f64().unwrap());
    set(&tab, "org", "DeepSeek");
    wait_for(&tab, "location.hash === '#org=DeepSeek'");
    // The points' own range, from the data the chart drew.
    let range = js(
        &tab,
        "(() => { const s = window.flopdbExplorer.chart.getOption().series.filter(s => s.type === 'scatter' && s.id !== 'labels'); \
         const p = s.flatMap(x => x.data); return [Math.min(...p.map(d => d[0])), Math.max(...p.map(d => d[0])), \
         Math.min(...p.map(d => d[1])), Math.max(...p.map(d => d[1]))]; })()",
    );
    let [x0, x1, y0, y1] = [0, 1, 2, 3].map(|i| range[i].as_f64().unwrap());
    let (xmin, xmax) = (axis(&tab, "xAxis", "min").as_f64().unwrap(), axis(&tab, "xAxis", "max").as_f64().unwrap());
    let (ymin, ymax) = (axis(&tab, "yAxis", "min").as_f64().unwrap(), axis(&tab, "yAxis", "max").as_f64().unwrap());
    let year = 365.0 * 86_400_000.0;
    assert!(xmin <= x0 && x0 - xmin < year / 2.0, "the date axis starts just before the first point");
    assert!(xmax >= x1 && xmax - x1 < year / 2.0, "and ends just after the last");
    assert!(ymin <= y0 && y0 / ymin < 10.0 && ymax >= y1 && ymax / y1 <= 10.0, "{ymin} {y0} {y1} {ymax}");
    assert!(xmin > whole.0 && ymin > whole.1, "narrower than the whole dataset's");
}

/// The trend line is fitted as `flopdb trends` fits an era: the same
/// growth per year on the same models (one era over the whole window, no
/// outliers set aside, as the chart draws every point).
#[test]
fn a_refitted_trend_grows_as_flopdb_trends_says() {
    let Some(browser) = browser() else { return };
    for (fragment, filters) in [
        ("#org=DeepSeek", vec!["--organization", "DeepSeek"]),
        ("#top=10", vec!["--top-n", "10"]),
        (
            "#notable=1&from=2018-01-01&y=parameters",
            vec!["--notable-only", "--since", "2018-01-01", "--quantity", "parameters"],
        ),
    ] {
        let (tab, _) = open_home(browser, fragment);
        let shown = js(&tab, "window.flopdbExplorer.trends()[0]");
        let output = flopdb()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["trends", "--format", "json", "--outlier-z", "-1000", "--bootstrap", "10"])
            .args(["--era", "pre-deep-learning=off", "--era", "deep-learning=off", "--era", "large-scale=off"])
            .args(["--era", "all=..:all"])
            .args(&filters)
            .output()
            .unwrap();
        assert!(output.status.success(), "{fragment}");
        let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let era = &report["eras"][0];
        assert_eq!(shown["n"], era["n"], "{fragment}: the same models");
        let (a, b) = (shown["growth_per_year"].as_f64().unwrap(), era["growth_per_year"].as_f64().unwrap());
        assert!((a - b).abs() < 1e-9 * b, "{fragment}: {a} vs {b}");
        let (a, b) = (shown["doubling_months"].as_f64().unwrap(), era["doubling_months"].as_f64().unwrap());
        assert!((a - b).abs() < 1e-9 * b, "{fragment}: {a} vs {b}");
        // The line says it.
        let line = js(&tab, "window.flopdbExplorer.chart.getOption().series.find(s => s.type === 'line').name");
        assert!(
            line.as_str().unwrap().contains(&format!("{:.1}x per year", era["growth_per_year"].as_f64().unwrap())),
            "{line}"
        );
    }
}

#[test]
fn several_organizations_are_compared_each_with_its_trend() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "#org=OpenAI&org=DeepSeek&color=org&trend=group&labels=3");
    let groups = strings(js(
        &tab,
        "window.flopdbExplorer.chart.getOption().series.filter(s => s.type === 'scatter' && s.id !== 'labels').map(s => s.name)",
    ));
    let groups: BTreeSet<String> = groups.into_iter().collect();
    assert_eq!(groups, BTreeSet::from(["DeepSeek".to_string(), "OpenAI".to_string()]));
    let trends = strings(js(&tab, "window.flopdbExplorer.trends().map(t => t.name)"));
    assert_eq!(trends.len(), 2, "{trends:?}");
    // The three largest are named.
    let labels = js(&tab, "window.flopdbExplorer.chart.getOption().series.find(s => s.id === 'labels').data.length");
    assert_eq!(labels, 3);
    assert_eq!(js(&tab, "document.querySelectorAll('#org-list button').length"), 2, "each shown, each removable");
    js(&tab, "(() => { document.querySelector('#org-list button').click(); return true; })()");
    wait_for(&tab, "!location.hash.includes('org=OpenAI')");
}

/// A download as the page makes it: the link it clicks, caught.
fn take(tab: &Tab, what: &str) -> Value {
    js(
        tab,
        &format!(
            "(() => {{ window.__taken = null; const click = HTMLAnchorElement.prototype.click; \
             HTMLAnchorElement.prototype.click = function () {{ window.__taken = {{ href: this.href, name: this.download }}; }}; \
             document.querySelector('button[data-take={what}]').click(); HTMLAnchorElement.prototype.click = click; \
             return window.__taken; }})()"
        ),
    )
}

/// Whether the browser reads `href` as an image; its size.
fn image_size(tab: &Tab, href: &str) -> Value {
    let script = format!(
        "new Promise(done => {{ const i = new Image(); i.onload = () => done(JSON.stringify([i.naturalWidth, i.naturalHeight])); \
         i.onerror = () => done('null'); i.src = {href:?}; }})"
    );
    let result = tab.evaluate(&script, true).unwrap();
    serde_json::from_str(result.value.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default().as_str())
        .unwrap()
}

#[test]
fn the_chart_downloads_as_png_and_svg_with_its_title_filters_and_credit() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "#org=DeepSeek&y=parameters");
    let png = take(&tab, "png");
    let href = png["href"].as_str().unwrap().to_string();
    assert!(href.starts_with("data:image/png;base64,"), "{}", &href[..40.min(href.len())]);
    assert_eq!(png["name"], "flopdb-parameters-over-time.png");
    assert_eq!(image_size(&tab, &href), serde_json::json!([2400, 1500]), "a valid PNG, at twice 1200 x 750");

    let svg = take(&tab, "svg");
    assert_eq!(svg["name"], "flopdb-parameters-over-time.svg");
    let text = js(&tab, "window.flopdbExplorer.lastDownload().content");
    let text = text.as_str().unwrap();
    assert!(text.starts_with("<svg") && text.contains("xmlns=\"http://www.w3.org/2000/svg\""), "{}", &text[..80]);
    for said in ["Parameters over time", "organization DeepSeek", "Epoch AI, Data on AI Models (CC BY 4.0)", "models"] {
        assert!(text.contains(said), "the SVG says {said:?}");
    }
    let size = image_size(&tab, svg["href"].as_str().unwrap());
    assert_eq!(size, serde_json::json!([1200, 750]), "a valid SVG");
}

#[test]
fn the_filtered_csv_holds_exactly_the_rows_shown() {
    let Some(browser) = browser() else { return };
    let (tab, _) = open_home(browser, "#org=DeepSeek&sort=compute-desc");
    let taken = take(&tab, "csv");
    assert_eq!(taken["name"], "flopdb-training-compute-flop-over-time-rows.csv");
    let text = js(&tab, "window.flopdbExplorer.lastDownload().content");
    let mut reader = csv::Reader::from_reader(text.as_str().unwrap().as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "training_compute_provenance") && headers.iter().any(|h| h == "cost_2023_usd"));
    let ids: Vec<String> = reader.records().map(|r| r.unwrap().get(0).unwrap().to_string()).collect();
    let shown = strings(js(&tab, SHOWN_ROWS));
    assert!(shown.len() > 20, "{}", shown.len());
    assert_eq!(ids, shown, "the rows shown, in the order shown");
}

#[test]
fn the_embed_view_restores_the_state_of_its_address() {
    let Some(browser) = browser() else { return };
    // In the order the page writes a view's address.
    let fragment = "#org=DeepSeek&y=parameters&yscale=linear&labels=2";
    let (home, _) = open_home(browser, fragment);
    let home_marks: BTreeSet<String> = strings(js(&home, CHART_IDS)).into_iter().collect();
    // The embed code names the view.
    js(&home, "(() => { document.querySelector('button[data-take=embed]').click(); return true; })()");
    let code = js(&home, "document.querySelector('#embed-code textarea').value");
    let code = code.as_str().unwrap();
    assert!(code.starts_with("<iframe src=\"file://") && code.contains(&format!("/embed.html{fragment}\"")), "{code}");
    let (tab, watched) = new_tab(browser);
    tab.navigate_to(&format!("{}{fragment}", url_of("embed.html"))).unwrap();
    wait_for(&tab, READY);
    assert_eq!(js(&tab, "document.getElementById('filters')"), Value::Null, "the chart alone");
    let marks: BTreeSet<String> = strings(js(&tab, CHART_IDS)).into_iter().collect();
    assert_eq!(marks, home_marks);
    assert_eq!(axis(&tab, "yAxis", "type"), "value");
    assert_eq!(axis(&tab, "yAxis", "name"), "Parameters");
    assert_eq!(js(&tab, "location.hash"), fragment, "the address keeps the view");
    let open = js(&tab, "document.getElementById('open-full').getAttribute('href')");
    assert_eq!(open, format!("index.html{fragment}").as_str());
    assert!(watched.lock().unwrap().errors.is_empty());
}
