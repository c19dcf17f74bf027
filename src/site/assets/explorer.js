// flopdb's explorer: the chart of training compute over time and the
// table's filters, search and sorting. The page reads without it: the table
// is plain HTML; this script only shows, hides and reorders its rows, and
// draws the chart with Apache ECharts. Nothing here fetches anything.
//
// The page loads it right after the chart's box and before the table, so
// the chart is drawn while the table (thousands of rows) is still being
// read; the table's part starts once the document is parsed.
(function () {
  "use strict";
  performance.mark("flopdb-script");
  var data = window.flopdbData;
  if (!data || !window.echarts) return;
  var F = {};
  data.fields.forEach(function (name, i) { F[name] = i; });
  var models = data.models;
  // The table's rows, once parsed (row i is model i).
  var table = null, tbody = null, rows = null, headers = [];

  var form = document.getElementById("filters");
  var input = {};
  ["q", "domain", "org", "confidence", "notable", "from", "to", "color"].forEach(function (id) {
    input[id] = document.getElementById(id);
  });
  var shownText = document.getElementById("shown");
  var DAY = 86400000;
  var time = models.map(function (m) { return Date.parse(m[F.published] + "T00:00:00Z"); });
  var haystack = models.map(function (m) {
    return [m[F.name]].concat(m[F.aliases], m[F.organizations]).join("\n").toLowerCase();
  });
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function countBy(values) {
    var counts = new Map();
    values.forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
    return Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1] || collator.compare(a[0], b[0]); });
  }
  function addOptions(select, values) {
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
  }

  // The filters' choices, from the data.
  var allDomains = [];
  models.forEach(function (m) { allDomains.push.apply(allDomains, m[F.domains]); });
  addOptions(input.domain, countBy(allDomains).map(function (e) { return e[0]; }));
  addOptions(input.confidence, countBy(models.map(function (m) { return m[F.confidence]; }).filter(Boolean))
    .map(function (e) { return e[0]; }));
  var organizations = new Set();
  models.forEach(function (m) { m[F.organizations].forEach(function (o) { organizations.add(o); }); });
  var datalist = document.getElementById("organizations");
  Array.from(organizations).sort(collator.compare).forEach(function (name) {
    var option = document.createElement("option");
    option.value = name;
    datalist.appendChild(option);
  });

  // The view, as the URL keeps it (`#q=gpt&domain=Language&from=2015-01-01`):
  // a fragment, so it works from disk and on any static host.
  var state = {};
  // What the fragment asked for and the form cannot show, said beside the
  // counts: the view is then what the form shows, never an empty one.
  var setAside = [];
  // A choice of a select, matched as a person would write it: any case,
  // hyphens or underscores for spaces (`language` is `Language`).
  function choice(select, wanted, name) {
    if (!wanted) return "";
    var key = function (s) { return s.toLowerCase().replace(/[-_\s]+/g, " ").trim(); };
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value && key(select.options[i].value) === key(wanted)) return select.options[i].value;
    }
    setAside.push(name + "=" + wanted);
    return "";
  }
  // A day as the date inputs hold it; a year or a month stands for its
  // first day (`from`) or its last (`to`).
  function day(wanted, name, last) {
    if (!wanted) return "";
    var match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(wanted.trim());
    if (match) {
      var year = +match[1], month = match[2] ? +match[2] : (last ? 12 : 1);
      var date = match[3] ? +match[3] : (last ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 1);
      var ms = Date.UTC(year, month - 1, date);
      if (month >= 1 && month <= 12 && !isNaN(ms) && new Date(ms).getUTCDate() === date) return isoDay(ms);
    }
    setAside.push(name + "=" + wanted);
    return "";
  }
  function readUrl() {
    var params = new URLSearchParams(location.hash.slice(1));
    setAside = [];
    var sort = params.get("sort") || "";
    var sortKeys = headers.length ? headers.map(function (th) { return th.dataset.key; }) : null;
    if (sort && !/^[a-z_]+-(asc|desc)$/.test(sort)) { setAside.push("sort=" + sort); sort = ""; }
    if (sort && sortKeys && sortKeys.indexOf(sort.split("-")[0]) < 0) { setAside.push("sort=" + sort); sort = ""; }
    var color = params.get("color") || "";
    if (color && color !== "kind" && color !== "domain") setAside.push("color=" + color);
    state = {
      q: params.get("q") || "",
      domain: choice(input.domain, params.get("domain"), "domain"),
      org: params.get("org") || "",
      confidence: choice(input.confidence, params.get("confidence"), "confidence"),
      notable: params.get("notable") === "1",
      from: day(params.get("from"), "from", false),
      to: day(params.get("to"), "to", true),
      color: color === "kind" ? "kind" : "domain",
      sort: sort,
    };
    input.q.value = state.q;
    input.domain.value = state.domain;
    input.org.value = state.org;
    input.confidence.value = state.confidence;
    input.notable.checked = state.notable;
    input.from.value = state.from;
    input.to.value = state.to;
    input.color.value = state.color;
    if (setAside.length) writeUrl();
  }
  function writeUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.domain) params.set("domain", state.domain);
    if (state.org) params.set("org", state.org);
    if (state.confidence) params.set("confidence", state.confidence);
    if (state.notable) params.set("notable", "1");
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (state.color !== "domain") params.set("color", state.color);
    if (state.sort) params.set("sort", state.sort);
    var hash = params.toString();
    var url = location.pathname + location.search + (hash ? "#" + hash : "");
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      ignoreHash = true;
      location.hash = hash;
    }
  }

  // Whether model i passes the filters; the dates only for the table (on
  // the chart they are the zoom window).
  function passes(i, withDates) {
    var m = models[i];
    if (state.q) {
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      for (var w = 0; w < words.length; w++) if (haystack[i].indexOf(words[w]) < 0) return false;
    }
    if (state.domain && m[F.domains].indexOf(state.domain) < 0) return false;
    if (state.org) {
      var org = state.org.toLowerCase();
      if (!m[F.organizations].some(function (o) { return o.toLowerCase().indexOf(org) >= 0; })) return false;
    }
    if (state.confidence && m[F.confidence] !== state.confidence) return false;
    if (state.notable && !m[F.notable]) return false;
    if (withDates) {
      if (state.from && m[F.published] < state.from) return false;
      if (state.to && m[F.published] > state.to) return false;
    }
    return true;
  }

  // The table.
  var shownRows = 0;
  function filterTable() {
    if (!rows) return;
    shownRows = 0;
    for (var i = 0; i < rows.length; i++) {
      var hide = !passes(i, true);
      if (rows[i].hidden !== hide) rows[i].hidden = hide;
      if (!hide) shownRows++;
    }
  }
  var numeric = { parameters: F.parameters, compute: F.compute, data: F.data };
  var text = { name: F.name, published: F.published, method: F.method, confidence: F.confidence };
  function sortKey(key, i) {
    var m = models[i];
    if (key in numeric) return m[numeric[key]];
    if (key in text) return m[text[key]];
    if (key === "organizations") return m[F.organizations].join(", ");
    if (key === "domains") return m[F.domains].join(", ");
    return null;
  }
  function sortTable() {
    if (!rows) return;
    var parts = state.sort.split("-");
    var key = parts[0];
    var descending = parts[1] === "desc";
    var order = models.map(function (_, i) { return i; });
    if (key) {
      var keys = order.map(function (i) { return sortKey(key, i); });
      order.sort(function (a, b) {
        var x = keys[a], y = keys[b];
        // Missing values last, whichever the direction; ties keep the
        // table's order (newest first).
        var xMissing = x === null || x === "", yMissing = y === null || y === "";
        if (xMissing || yMissing) return xMissing === yMissing ? a - b : (xMissing ? 1 : -1);
        var c = typeof x === "number" ? x - y : collator.compare(x, y);
        return (descending ? -c : c) || a - b;
      });
    }
    var fragment = document.createDocumentFragment();
    order.forEach(function (i) { fragment.appendChild(rows[i]); });
    tbody.appendChild(fragment);
    headers.forEach(function (th) {
      var button = th.querySelector("button");
      if (th.dataset.key === key) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
      if (button) button.dataset.dir = th.dataset.key === key ? (descending ? "desc" : "asc") : "";
    });
  }
  // The headers become buttons that sort by their column.
  function sortButtons() {
    headers.forEach(function (th) {
      var key = th.dataset.key;
      if (!key) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.title = "Sort by " + th.textContent.toLowerCase();
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var parts = state.sort.split("-");
        // Numbers and dates start from the largest, text from A.
        var first = key in numeric || key === "published" ? "desc" : "asc";
        var dir = parts[0] === key ? (parts[1] === "desc" ? "asc" : "desc") : first;
        state.sort = key + "-" + dir;
        sortTable();
        writeUrl();
      });
    });
  }

  // The chart.
  var figure = document.querySelector("figure.chart");
  figure.hidden = false;
  form.hidden = false;
  var chart = window.echarts.init(document.getElementById("chart"), null, { renderer: "canvas" });
  var MAX_GROUPS = 9;
  function group(i) {
    var m = models[i];
    if (state.color === "kind") return m[F.kind] || "unknown";
    return m[F.domains][0] || "Unknown";
  }
  function formatFlop(value) {
    return value.toExponential(2).replace("e+", "e") + " FLOP";
  }
  // Each era's line in its own dark colour, labelled at its end; the legend
  // holds the groups of points.
  var ERA_COLOURS = ["#111111", "#b2182b", "#5e3c99"];
  function eraSeries() {
    return data.eras.map(function (era, k) {
      var months = era.doubling_months === null ? "no growth" : "doubling every " + era.doubling_months.toFixed(1) + " months";
      return {
        type: "line",
        name: era.name + " era: " + months,
        data: [[era.from, Math.pow(10, era.from_log10)], [era.to, Math.pow(10, era.to_log10)]],
        symbol: "none",
        z: 5,
        color: ERA_COLOURS[k % ERA_COLOURS.length],
        lineStyle: { type: "dashed", width: 2 },
        endLabel: {
          show: true,
          formatter: era.doubling_months === null ? era.name : era.name + ": " + era.doubling_months.toFixed(1) + " months",
          textBorderColor: "#fff",
          textBorderWidth: 3,
        },
        tooltip: { formatter: function () {
          return escapeHtml(era.name) + " era: " + escapeHtml(months) + " (" + era.models + " models, " + escapeHtml(era.from) + " to " + escapeHtml(era.to) + ")";
        } },
      };
    });
  }
  var points = 0;
  var drawn = false;
  function drawChart() {
    drawn = true;
    var groups = new Map();
    points = 0;
    for (var i = 0; i < models.length; i++) {
      var compute = models[i][F.compute];
      if (compute === null || !(compute > 0) || !passes(i, false)) continue;
      var name = group(i);
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push([time[i], compute, i]);
      points++;
    }
    // The largest groups keep their colour; the rest share "other".
    var ranked = Array.from(groups.entries()).sort(function (a, b) { return b[1].length - a[1].length || collator.compare(a[0], b[0]); });
    var kept = ranked.slice(0, MAX_GROUPS);
    var rest = ranked.slice(MAX_GROUPS);
    if (rest.length) kept.push(["other", [].concat.apply([], rest.map(function (e) { return e[1]; }))]);
    var series = kept.map(function (entry) {
      return {
        type: "scatter",
        name: entry[0],
        data: entry[1],
        symbolSize: 6,
        // Drawn as one shape per series, at once: thousands of points stay fast.
        large: true,
        largeThreshold: 2000,
        progressive: 0,
        itemStyle: { opacity: 0.75 },
        emphasis: { scale: 1.8 },
        cursor: "pointer",
      };
    });
    chart.setOption(
      { series: series.concat(eraSeries()), legend: { data: series.map(function (one) { return one.name; }) } },
      { replaceMerge: ["series"] }
    );
  }
  var zoomRange = [null, null];
  var programmaticZoom = false;
  function zoomChart() {
    var start = state.from ? Date.parse(state.from + "T00:00:00Z") : null;
    var end = state.to ? Date.parse(state.to + "T00:00:00Z") : null;
    if (start === zoomRange[0] && end === zoomRange[1]) return;
    zoomRange = [start, end];
    programmaticZoom = true;
    if (start === null && end === null) chart.dispatchAction({ type: "dataZoom", start: 0, end: 100 });
    else chart.dispatchAction({ type: "dataZoom", startValue: start === null ? minTime : start, endValue: end === null ? maxTime : end });
    programmaticZoom = false;
  }
  var minTime = Math.min.apply(null, time.length ? time : [0]);
  var maxTime = Math.max.apply(null, time.length ? time : [0]);
  chart.setOption({
    animation: false,
    color: ["#0b6fb8", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#b8860b", "#444444", "#999999"],
    grid: { left: 80, right: 190, top: 60, bottom: 80 },
    legend: { type: "scroll", top: 0 },
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        var m = models[p.data[2]];
        return "<strong>" + escapeHtml(m[F.name]) + "</strong><br>" + escapeHtml(m[F.published]) + "<br>" +
          escapeHtml(formatFlop(m[F.compute])) + " (" + escapeHtml(m[F.method] || "unknown method") + ")";
      },
    },
    xAxis: { type: "time", name: "Publication date", nameLocation: "middle", nameGap: 28, min: minTime - 180 * DAY, max: maxTime + 180 * DAY },
    yAxis: {
      type: "log", logBase: 10, name: "Training compute (FLOP)", nameLocation: "end",
      axisLabel: { formatter: function (v) { return Number(v).toExponential(0).replace("e+", "e"); } },
    },
    dataZoom: [
      { type: "inside", xAxisIndex: 0, filterMode: "none" },
      { type: "slider", xAxisIndex: 0, filterMode: "none", bottom: 10, labelFormatter: function (v) { return isoDay(v); } },
    ],
    series: [],
  });
  chart.on("click", function (p) {
    if (p.seriesType !== "scatter") return;
    location.href = "models/" + encodeURIComponent(models[p.data[2]][F.id]) + ".html";
  });
  // Zooming the chart sets the date range of the table, and the other way.
  chart.on("datazoom", function () {
    if (programmaticZoom) return;
    var zoom = chart.getOption().dataZoom[0];
    var whole = zoom.start <= 0 && zoom.end >= 100;
    state.from = whole ? "" : isoDay(zoom.startValue);
    state.to = whole ? "" : isoDay(zoom.endValue);
    input.from.value = state.from;
    input.to.value = state.to;
    zoomRange = [state.from ? zoom.startValue : null, state.to ? zoom.endValue : null];
    filterTable();
    showCounts();
    writeUrl();
  });
  window.addEventListener("resize", function () { chart.resize(); });

  function showCounts() {
    var table = rows ? shownRows + " of " + models.length + " models in the table, " : "";
    var ignored = setAside.length ? " (the link's " + setAside.join(", ") + " is not one of the choices: left out)" : "";
    shownText.textContent = table + points + " with compute in the chart" + ignored;
  }
  function update(redraw) {
    filterTable();
    if (redraw) drawChart();
    zoomChart();
    showCounts();
  }
  function fromInputs() {
    state.q = input.q.value.trim();
    state.domain = input.domain.value;
    state.org = input.org.value.trim();
    state.confidence = input.confidence.value;
    state.notable = input.notable.checked;
    state.from = input.from.value;
    state.to = input.to.value;
    state.color = input.color.value;
  }
  form.addEventListener("input", function () { setAside = []; fromInputs(); update(true); writeUrl(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { state.sort = ""; fromInputs(); update(true); sortTable(); writeUrl(); }, 0);
  });
  var ignoreHash = false;
  window.addEventListener("hashchange", function () {
    if (ignoreHash) { ignoreHash = false; return; }
    var asked = location.hash;
    readUrl();
    update(true);
    sortTable();
    // The fragment last read, for tests that wait until a link is shown.
    shownText.dataset.hash = asked;
  });

  performance.mark("flopdb-setup");
  // Marked once the chart has drawn its points: what "interactive" waits
  // for. ECharts says "finished" as soon as a drawing is complete, which
  // may be inside the call that draws, so this listens first.
  chart.on("finished", function ready() {
    if (!drawn) return;
    chart.off("finished", ready);
    document.documentElement.dataset.explorer = "ready";
    window.flopdbReadyAt = performance.now();
  });
  readUrl();
  update(true);
  performance.mark("flopdb-drawn");

  function startTable() {
    table = document.getElementById("models");
    tbody = table && table.tBodies[0];
    var found = tbody ? Array.prototype.slice.call(tbody.rows) : [];
    // A page and data that disagree keep the table plain.
    if (found.length !== models.length) return;
    rows = found;
    headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var sortKey0 = state.sort.split("-")[0];
    if (sortKey0 && !headers.some(function (th) { return th.dataset.key === sortKey0; })) {
      setAside.push("sort=" + state.sort);
      state.sort = "";
      writeUrl();
    }
    sortButtons();
    filterTable();
    if (state.sort) sortTable();
    showCounts();
    document.documentElement.dataset.table = "ready";
    performance.mark("flopdb-table");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startTable);
  else startTable();
  // For tests and the curious: the chart and what it shows.
  window.flopdbExplorer = {
    chart: chart,
    points: function () { return points; },
    shownRows: function () { return shownRows; },
  };
})();
