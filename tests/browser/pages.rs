//! Every page, as a reader meets it (#28): the citation and link preview on
//! each, honest provenance on a model's page, and layouts that fit a phone
//! and a wide screen.

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use serde_json::Value;

use crate::harness::*;

/// One page of each kind, and the embed view.
const PAGES: [&str; 8] = [
    "index.html",
    "models/gpt-3-175b-davinci.html",
    "models/grok-4.html",
    "organizations/openai.html",
    "organizations/deepseek.html",
    "hardware/nvidia-h100-sxm5-80gb.html",
    "trends.html",
    "embed.html#org=DeepSeek",
];

fn open(tab: &Tab, page: &str) {
    tab.navigate_to(&url_of(page)).unwrap();
    wait_for(tab, &format!("location.href.endsWith({page:?}) && document.readyState === 'complete'"));
    if page.starts_with("index.html") || page.starts_with("embed.html") {
        wait_for(tab, READY);
    }
}

#[test]
fn every_page_has_the_citation_and_a_link_preview() {
    let Some(browser) = browser() else { return };
    let (tab, _) = new_tab(browser);
    let commit = std::process::Command::new("git")
        .args(["-C", env!("CARGO_MANIFEST_DIR"), "rev-parse", "HEAD"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    for page in PAGES.iter().filter(|p| !p.starts_with("embed")) {
        open(&tab, page);
        let cite = js(
            &tab,
            "[document.querySelector('details#cite .cite-text').textContent, document.querySelector('details#cite .bibtex').textContent]",
        );
        let (text, bibtex) = (cite[0].as_str().unwrap(), cite[1].as_str().unwrap());
        assert!(
            text.contains("Epoch AI") && text.contains("Data on AI Models") && text.contains("flopdb"),
            "{page}: {text}"
        );
        assert!(bibtex.contains("@misc{flopdb") && bibtex.contains("@misc{EpochAIModels"), "{page}: {bibtex}");
        if commit.len() == 40 {
            assert!(text.contains(&commit[..12]) && bibtex.contains(&commit[..12]), "{page}: the records' commit");
        }
        let meta = js(
            &tab,
            "['og:title', 'og:description', 'og:image', 'twitter:card', 'twitter:image'].map(n => \
             (document.querySelector(`meta[property='${n}']`) || document.querySelector(`meta[name='${n}']`) || {}).content || '')",
        );
        let meta: Vec<String> = serde_json::from_value(meta).unwrap();
        assert!(meta.iter().all(|m| !m.is_empty()), "{page}: {meta:?}");
        assert!(meta[2].ends_with("preview.png") && meta[3] == "summary_large_image", "{page}: {meta:?}");
        // The skip link is the first thing the keyboard reaches.
        let skip = js(
            &tab,
            "document.querySelector('a[href]').className + ' ' + document.querySelector('a[href]').getAttribute('href')",
        );
        assert_eq!(skip, "skip #content", "{page}");
    }
    // The preview image is a PNG of the size the cards ask for.
    let png = std::fs::read(site().join("preview.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!((&png[16..20], &png[20..24]), (&1200u32.to_be_bytes()[..], &630u32.to_be_bytes()[..]));
}

/// Grok 4's 5e26 FLOP is Epoch AI's estimate by comparison with Grok 3, of
/// speculative confidence: its page says so, and never calls it stated.
#[test]
fn a_model_page_says_whose_figure_it_is() {
    let Some(browser) = browser() else { return };
    let (tab, _) = new_tab(browser);
    open(&tab, "models/grok-4.html");
    let provenance = js(&tab, "document.querySelector('.provenance').textContent");
    assert_eq!(provenance, "Epoch AI's estimate, by comparison with other models; Epoch AI's confidence: speculative.");
    assert_eq!(js(&tab, "document.querySelector('.figure').textContent"), "5e26 FLOP");
    let body = js(&tab, "document.querySelector('main').innerText").as_str().unwrap().to_string();
    assert!(!body.contains("stated"), "no estimate passes for a report");
    assert!(body.contains("What flopdb could not estimate, and why"));
    for readable in ["$388M", "$10.7B", "3 T parameters", "200,000 chips"] {
        assert!(body.contains(readable), "{readable}");
    }
    // Sections a reader follows, and the raw fields collapsed.
    let sections = js(&tab, "Array.from(document.querySelectorAll('main section h2')).map(h => h.textContent)");
    let sections: Vec<String> = serde_json::from_value(sections).unwrap();
    for wanted in [
        "The model",
        "Training compute and how it was obtained",
        "Parameters and data",
        "Hardware and time",
        "Cost and energy",
        "Sources and notes",
        "Provenance",
    ] {
        assert!(sections.iter().any(|s| s == wanted), "{wanted}: {sections:?}");
    }
    assert_eq!(js(&tab, "document.querySelector('details.raw').open"), Value::Bool(false));
    // The https addresses inside its notes are links.
    let links = js(&tab, "Array.from(document.querySelectorAll('dl.facts a')).map(a => a.href)");
    let links: Vec<String> = serde_json::from_value(links).unwrap();
    assert!(links.contains(&"https://archive.is/f0vJU".to_string()), "{links:?}");
    assert!(links.iter().all(|l| l.starts_with("https://")), "{links:?}");
    // An organization's page: its chart and its view in the explorer.
    open(&tab, "organizations/deepseek.html");
    let view = js(&tab, "document.querySelector('main p a').getAttribute('href')");
    assert_eq!(view, "../index.html#org=DeepSeek");
    let frame = js(&tab, "document.querySelector('.record-chart iframe').getAttribute('src')");
    assert!(frame.as_str().unwrap().starts_with("../embed.html#org=DeepSeek"), "{frame}");
}

/// Sets the viewport as a phone's or a wide screen's.
fn viewport(tab: &Tab, width: u32, height: u32) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: width < 600,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// No page is wider than a 375 px phone or a 1,400 px screen: what is wide
/// (the home table, the trends' tables) scrolls in its own box; the chart
/// keeps a plot area a reader can use, and the table's names stay in view.
#[test]
fn every_page_fits_a_phone_and_a_wide_screen() {
    let Some(browser) = browser() else { return };
    let (tab, _) = new_tab(browser);
    for (width, height) in [(375, 812), (1400, 1000)] {
        viewport(&tab, width, height);
        for page in PAGES {
            open(&tab, page);
            let widths = js(&tab, "[document.documentElement.scrollWidth, window.innerWidth]");
            assert!(widths[0].as_u64() <= widths[1].as_u64(), "{page} at {width} px: {widths}");
        }
        open(&tab, "index.html");
        js(&tab, "(() => { window.dispatchEvent(new Event('resize')); return true; })()");
        let plot = js(
            &tab,
            "[window.flopdbExplorer.chart.getModel().getComponent('grid').coordinateSystem.getRect().width, \
             document.getElementById('chart').clientWidth]",
        );
        let (area, chart) = (plot[0].as_f64().unwrap(), plot[1].as_f64().unwrap());
        assert!(chart > width as f64 * 0.6 && area > chart * 0.75, "the plot area at {width} px: {plot}");
        let table = js(&tab, "[0, getComputedStyle(document.querySelector('#models tbody th')).position]");
        assert_eq!(table[1], "sticky", "the names stay in view");
    }
}
