// flopdb's explorer: the chart of any quantity (against the date or another
// quantity), the table's filters, search and sorting, and what a reader
// takes away (PNG, SVG, the rows as CSV, an embed). The page reads without
// it: the table is plain HTML; this script only shows, hides and reorders
// its rows, and draws the chart with Apache ECharts. Nothing here fetches
// anything.
//
// The same script draws the embed view (embed.html: the chart alone, for an
// iframe), from the same address fragment. The home page loads it right
// after the chart's box and before the table, so the chart is drawn while
// the table (thousands of rows) is still being read.
(function () {
  "use strict";
  performance.mark("flopdb-script");
  var data = window.flopdbData;
  if (!data || !window.echarts) return;
  var F = {};
  data.fields.forEach(function (name, i) { F[name] = i; });
  var QUANTITIES = data.quantities;
  var Q = {};
  QUANTITIES.forEach(function (q, i) { Q[q.name] = i; });
  var models = data.models;
  var embedded = document.documentElement.classList.contains("embed");
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
  function byCount(values) {
    var counts = new Map();
    values.forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
    return Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1] || collator.compare(a[0], b[0]); })
      .map(function (e) { return e[0]; });
  }
  function flat(field) {
    var out = [];
    models.forEach(function (m) { out.push.apply(out, m[F[field]]); });
    return out;
  }

  // Every choice of the view, from the data: the form's selects are made
  // from these, and a link's values are matched against them (the embed
  // view has no form).
  var COLOURS = [
    ["domain", "domain"], ["org", "organization"], ["kind", "organization kind"], ["country", "country"],
    ["accessibility", "accessibility"], ["origin", "whose figure"], ["method", "method"], ["confidence", "confidence"],
  ];
  var CHOICES = {
    domain: byCount(flat("domains")),
    confidence: byCount(models.map(function (m) { return m[F.confidence]; }).filter(Boolean)),
    min: ["1e21", "1e22", "1e23", "1e24", "1e25", "1e26"],
    y: QUANTITIES.map(function (q) { return q.name; }),
    x: ["date"].concat(QUANTITIES.map(function (q) { return q.name; })),
    yscale: ["log", "linear"],
    xscale: ["log", "linear"],
    color: COLOURS.map(function (c) { return c[0]; }),
    trend: ["all", "group", "none"],
  };
  var organizationNames = Array.from(new Set(flat("organizations"))).sort(collator.compare);
  var organizationSet = new Set(organizationNames.map(function (o) { return o.toLowerCase(); }));
  var hardwareNames = Array.from(new Set(flat("hardware"))).sort(collator.compare);
  var DEFAULTS = { y: "compute", x: "date", yscale: "log", xscale: "log", color: "domain", trend: "all", labels: 5 };

  // The form (none in the embed view).
  var form = document.getElementById("filters");
  var input = {};
  ["q", "domain", "org", "hw", "confidence", "notable", "top", "min", "epoch", "open", "nofinetunes", "from", "to",
    "y", "x", "yscale", "xscale", "color", "trend", "labels"].forEach(function (id) {
    input[id] = document.getElementById(id);
  });
  function addOptions(select, values, labels) {
    if (!select) return;
    values.forEach(function (value, i) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = labels ? labels[i] : value;
      select.appendChild(option);
    });
  }
  function quantityLabel(name) { return name === "date" ? "publication date" : QUANTITIES[Q[name]].label; }
  addOptions(input.domain, CHOICES.domain);
  addOptions(input.confidence, CHOICES.confidence);
  addOptions(input.y, CHOICES.y, CHOICES.y.map(quantityLabel));
  addOptions(input.x, CHOICES.x, CHOICES.x.map(quantityLabel));
  addOptions(input.color, CHOICES.color, COLOURS.map(function (c) { return c[1]; }));
  function fillList(id, names) {
    var list = document.getElementById(id);
    if (!list) return;
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  }
  fillList("organizations", organizationNames);
  fillList("accelerators", hardwareNames);
  var orgList = document.getElementById("org-list");
  var shownText = document.getElementById("shown");

  // The view, as the URL keeps it (`#y=parameters&org=OpenAI&org=Meta`): a
  // fragment, so it works from disk and on any static host.
  var state = {};
  // What the fragment asked for and the view cannot show, said beside the
  // counts: the view is then what is shown, never an empty one.
  var setAside = [];
  var key = function (s) { return String(s).toLowerCase().replace(/[-_\s]+/g, " ").trim(); };
  // A choice, matched as a person would write it: any case, hyphens or
  // underscores for spaces (`language` is `Language`).
  function choice(name, wanted) {
    if (!wanted) return DEFAULTS[name] || "";
    var values = CHOICES[name];
    for (var i = 0; i < values.length; i++) if (key(values[i]) === key(wanted)) return values[i];
    setAside.push(name + "=" + wanted);
    return DEFAULTS[name] || "";
  }
  // A day; a year or a month stands for its first day (`from`) or its last (`to`).
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
  function whole(wanted, name, low, high, fallback) {
    if (wanted === null || wanted === "") return fallback;
    if (/^\d{1,4}$/.test(wanted) && +wanted >= low && +wanted <= high) return +wanted;
    setAside.push(name + "=" + wanted);
    return fallback;
  }
  var sortKeys = ["name", "published", "organizations", "domains", "parameters", "data", "compute", "method", "confidence"];
  function readUrl() {
    var params = new URLSearchParams(location.hash.slice(1));
    setAside = [];
    var sort = params.get("sort") || "";
    if (sort && (!/^[a-z_]+-(asc|desc)$/.test(sort) || sortKeys.indexOf(sort.split("-")[0]) < 0)) {
      setAside.push("sort=" + sort);
      sort = "";
    }
    var orgs = [];
    params.getAll("org").forEach(function (o) {
      o = o.trim();
      if (o && orgs.indexOf(o) < 0 && orgs.length < 12) orgs.push(o);
    });
    state = {
      q: (params.get("q") || "").slice(0, 200),
      domain: choice("domain", params.get("domain")),
      org: orgs,
      hw: (params.get("hw") || "").slice(0, 200),
      confidence: choice("confidence", params.get("confidence")),
      notable: params.get("notable") === "1",
      top: whole(params.get("top"), "top", 1, 1000, 0),
      min: choice("min", params.get("min")),
      epoch: params.get("epoch") === "1",
      open: params.get("open") === "1",
      nofinetunes: params.get("nofinetunes") === "1",
      from: day(params.get("from"), "from", false),
      to: day(params.get("to"), "to", true),
      y: choice("y", params.get("y")),
      x: choice("x", params.get("x")),
      yscale: choice("yscale", params.get("yscale")),
      xscale: choice("xscale", params.get("xscale")),
      color: choice("color", params.get("color")),
      trend: choice("trend", params.get("trend")),
      labels: whole(params.get("labels"), "labels", 0, 50, DEFAULTS.labels),
      sort: sort,
    };
    if (state.x === state.y) { setAside.push("x=" + state.x); state.x = "date"; }
    toForm();
    if (setAside.length) writeUrl();
  }
  function toForm() {
    if (!form) return;
    ["q", "domain", "hw", "confidence", "min", "from", "to", "y", "x", "yscale", "xscale", "color", "trend"]
      .forEach(function (id) { if (input[id]) input[id].value = state[id]; });
    ["notable", "epoch", "open", "nofinetunes"].forEach(function (id) { if (input[id]) input[id].checked = state[id]; });
    input.top.value = state.top ? String(state.top) : "";
    input.labels.value = String(state.labels);
    input.org.value = "";
    showOrgs();
    scaleInputs();
  }
  // The scale of an axis of dates is time itself.
  function scaleInputs() {
    if (input.xscale) input.xscale.disabled = state.x === "date";
  }
  function showOrgs() {
    if (!orgList) return;
    orgList.textContent = "";
    state.org.forEach(function (name) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chip";
      button.textContent = name + " \u00d7";
      button.setAttribute("aria-label", "Remove " + name);
      button.addEventListener("click", function () {
        state.org = state.org.filter(function (o) { return o !== name; });
        showOrgs();
        update();
        writeUrl();
      });
      item.appendChild(button);
      orgList.appendChild(item);
    });
  }
  function params() {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.domain) p.set("domain", state.domain);
    state.org.forEach(function (o) { p.append("org", o); });
    if (state.hw) p.set("hw", state.hw);
    if (state.confidence) p.set("confidence", state.confidence);
    if (state.notable) p.set("notable", "1");
    if (state.top) p.set("top", String(state.top));
    if (state.min) p.set("min", state.min);
    if (state.epoch) p.set("epoch", "1");
    if (state.open) p.set("open", "1");
    if (state.nofinetunes) p.set("nofinetunes", "1");
    if (state.from) p.set("from", state.from);
    if (state.to) p.set("to", state.to);
    ["y", "x", "yscale", "xscale", "color", "trend"].forEach(function (k) {
      if (state[k] !== DEFAULTS[k] && !(k === "xscale" && state.x === "date")) p.set(k, state[k]);
    });
    if (state.labels !== DEFAULTS.labels) p.set("labels", String(state.labels));
    if (state.sort) p.set("sort", state.sort);
    return p.toString();
  }
  var ignoreHash = false;
  function writeUrl() {
    var hash = params();
    var url = location.pathname + location.search + (hash ? "#" + hash : "");
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      ignoreHash = true;
      location.hash = hash;
    }
    if (embedLink) embedLink.href = "index.html" + (hash ? "#" + hash : "");
  }

  // Which models pass the filters. An organization matches by its whole
  // name where it is one (`Google` is not `Google DeepMind`), else by a
  // part of it, as `flopdb trends --organization` does.
  function orgMatcher(wanted) {
    var w = wanted.toLowerCase();
    if (organizationSet.has(w)) return function (o) { return o.toLowerCase() === w; };
    return function (o) { return o.toLowerCase().indexOf(w) >= 0; };
  }
  var matchers = [];
  function passesUndated(i) {
    var m = models[i];
    if (state.q) {
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      for (var w = 0; w < words.length; w++) if (haystack[i].indexOf(words[w]) < 0) return false;
    }
    if (state.domain && m[F.domains].indexOf(state.domain) < 0) return false;
    if (matchers.length && !matchers.some(function (match) { return m[F.organizations].some(match); })) return false;
    if (state.hw) {
      var hw = state.hw.toLowerCase();
      if (!m[F.hardware].some(function (h) { return h.toLowerCase() === hw; })) return false;
    }
    if (state.confidence && m[F.confidence] !== state.confidence) return false;
    if (state.notable && !m[F.notable]) return false;
    if (state.min && !(m[F.compute] >= Number(state.min))) return false;
    if (state.epoch && !m[F.frontier]) return false;
    if (state.open && m[F.open_weights] !== true) return false;
    if (state.nofinetunes && m[F.finetune]) return false;
    return true;
  }
  function inDates(i) {
    var published = models[i][F.published];
    return !(state.from && published < state.from) && !(state.to && published > state.to);
  }
  // The models among the N most compute-intensive at their release, as
  // `flopdb trends --top-n`: a model is kept when fewer than N models
  // published on or before its day have more compute, ranked over the
  // whole history of the models the other filters keep.
  function topAtRelease(n) {
    var kept = new Set();
    var order = [];
    for (var i = 0; i < models.length; i++) {
      var c = models[i][F.compute];
      if (c !== null && c > 0 && isFinite(c) && passesUndated(i)) order.push(i);
    }
    order.sort(function (a, b) {
      var x = models[a], y = models[b];
      return x[F.published] < y[F.published] ? -1 : x[F.published] > y[F.published] ? 1
        : x[F.id] < y[F.id] ? -1 : x[F.id] > y[F.id] ? 1 : 0;
    });
    var largest = [];
    for (var start = 0; start < order.length;) {
      var end = start;
      var today = models[order[start]][F.published];
      while (end < order.length && models[order[end]][F.published] === today) end++;
      for (var k = start; k < end; k++) {
        var compute = models[order[k]][F.compute];
        var at = 0;
        while (at < largest.length && largest[at] >= compute) at++;
        largest.splice(at, 0, compute);
        if (largest.length > n) largest.length = n;
      }
      for (k = start; k < end; k++) {
        var own = models[order[k]][F.compute];
        var above = 0;
        for (var j = 0; j < largest.length; j++) if (largest[j] > own) above++;
        if (above < n) kept.add(order[k]);
      }
      start = end;
    }
    return kept;
  }
  var passing = [];
  function filterModels() {
    matchers = state.org.map(orgMatcher);
    var frontier = state.top ? topAtRelease(state.top) : null;
    passing = new Array(models.length);
    for (var i = 0; i < models.length; i++) {
      passing[i] = passesUndated(i) && inDates(i) && (!frontier || frontier.has(i));
    }
  }

  // The table (none in the embed view).
  var table = null, tbody = null, rows = null, headers = [];
  var shownRows = 0;
  function filterTable() {
    if (!rows) return;
    shownRows = 0;
    for (var i = 0; i < rows.length; i++) {
      var hide = !passing[i];
      if (rows[i].hidden !== hide) rows[i].hidden = hide;
      if (!hide) shownRows++;
    }
  }
  var numeric = { parameters: F.parameters, compute: F.compute, data: F.data };
  var text = { name: F.name, published: F.published, method: F.method, confidence: F.confidence };
  function sortKey(k, i) {
    var m = models[i];
    if (k in numeric) return m[numeric[k]];
    if (k in text) return m[text[k]];
    if (k === "organizations") return m[F.organizations].join(", ");
    if (k === "domains") return m[F.domains].join(", ");
    return null;
  }
  var order = models.map(function (_, i) { return i; });
  function sortTable() {
    if (!rows) return;
    var parts = state.sort.split("-");
    var k = parts[0];
    var descending = parts[1] === "desc";
    order = models.map(function (_, i) { return i; });
    if (k) {
      var keys = order.map(function (i) { return sortKey(k, i); });
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
      if (th.dataset.key === k) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
      if (button) button.dataset.dir = th.dataset.key === k ? (descending ? "desc" : "asc") : "";
    });
  }
  function sortButtons() {
    headers.forEach(function (th) {
      var k = th.dataset.key;
      if (!k) return;
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
        var first = k in numeric || k === "published" ? "desc" : "asc";
        var dir = parts[0] === k ? (parts[1] === "desc" ? "asc" : "desc") : first;
        state.sort = k + "-" + dir;
        sortTable();
        writeUrl();
      });
    });
  }

  // Numbers as the chart says them, by quantity.
  var UNITS = {
    compute: " FLOP", "own-compute": " FLOP", parameters: " parameters", "active-parameters": " active parameters",
    "data-size": " datapoints", "data-seen": " seen", cost: "", energy: " kWh", power: " W", chips: " chips",
    "training-time": " hours", "chip-hours": " chip-hours",
  };
  function short(v) {
    if (v === 0) return "0";
    var a = Math.abs(v);
    if (a >= 1e15 || a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, "e").replace("e+", "e");
    var suffix = "", s = v;
    if (a >= 1e12) { s = v / 1e12; suffix = " T"; } else if (a >= 1e9) { s = v / 1e9; suffix = " B"; }
    else if (a >= 1e6) { s = v / 1e6; suffix = " M"; } else if (a >= 1e3) { s = v / 1e3; suffix = " K"; }
    return Number(s.toPrecision(3)).toString() + suffix;
  }
  function formatValue(name, v) {
    if (name === "date") return isoDay(v);
    if (name === "cost") return "$" + short(v).replace(" ", "");
    if (name === "compute" || name === "own-compute") return v.toExponential(2).replace("e+", "e") + " FLOP";
    return short(v) + UNITS[name];
  }
  function axisLabel(name, v) {
    if (name === "compute" || name === "own-compute") return Number(v).toExponential(0).replace("e+", "e");
    if (name === "cost") return "$" + short(v).replace(" ", "");
    return short(v);
  }
  function capital(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

  function value(i, name) {
    if (name === "date") return time[i];
    var v = models[i][F.values][Q[name]];
    return v === null || !(v > 0) || !isFinite(v) ? null : v;
  }
  function origin(m) { return m[F.origin_label] || "no figure"; }
  function group(i) {
    var m = models[i];
    switch (state.color) {
      case "org":
        if (matchers.length) {
          for (var k = 0; k < matchers.length; k++) if (m[F.organizations].some(matchers[k])) return state.org[k];
        }
        return m[F.organizations][0] || "Unknown";
      case "kind": return m[F.kind] || "unknown";
      case "country": return m[F.countries][0] || "Unknown";
      case "accessibility": return m[F.accessibility] || "Unknown";
      case "origin": return origin(m);
      case "method": return m[F.method] || "none given";
      case "confidence": return m[F.confidence] || "Unknown";
      default: return m[F.domains][0] || "Unknown";
    }
  }

  // A least-squares line of log10(y) against x (days, or log10 of the other
  // quantity), as `flopdb trends` fits an era.
  function fit(points, logX) {
    var n = points.length;
    if (n < 2) return null;
    var sx = 0, sy = 0;
    var xs = new Array(n), ys = new Array(n);
    for (var i = 0; i < n; i++) {
      xs[i] = logX ? Math.log10(points[i][0]) : points[i][0] / DAY;
      ys[i] = Math.log10(points[i][1]);
      sx += xs[i];
      sy += ys[i];
    }
    var mx = sx / n, my = sy / n, sxx = 0, sxy = 0, syy = 0;
    for (i = 0; i < n; i++) {
      var dx = xs[i] - mx, dy = ys[i] - my;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    if (!(sxx > 0)) return null;
    var slope = sxy / sxx;
    return {
      n: n, slope: slope, intercept: my - slope * mx, logX: logX,
      r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 1,
      lo: Math.min.apply(null, xs), hi: Math.max.apply(null, xs),
      growthPerYear: logX ? null : Math.pow(10, slope * 365),
      doublingMonths: logX || !(slope > 0) ? null : Math.LOG10E * Math.log(2) / slope / 30,
      oomPerYear: logX ? null : slope * 365,
    };
  }
  function fitText(f) {
    if (f.logX) return "slope " + f.slope.toFixed(2) + " (y \u221d x^" + f.slope.toFixed(2) + "), R\u00b2 " + f.r2.toFixed(2);
    var growth = f.growthPerYear >= 10 ? f.growthPerYear.toFixed(0) : f.growthPerYear.toFixed(1);
    var doubling = f.doublingMonths === null ? "no growth" : "doubling every " + f.doublingMonths.toFixed(1) + " months";
    return growth + "x per year (" + doubling + ")";
  }
  // The line through a fit, sampled so it curves on a linear axis.
  function fitLine(f) {
    var out = [];
    for (var s = 0; s <= 40; s++) {
      var x = f.lo + (f.hi - f.lo) * s / 40;
      var y = Math.pow(10, f.intercept + f.slope * x);
      out.push([f.logX ? Math.pow(10, x) : x * DAY, y]);
    }
    return out;
  }

  // What is drawn: points by group, trend fits, labels, the axes' ranges.
  var MAX_GROUPS = 9;
  var PALETTE = ["#0b6fb8", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#b8860b", "#444444", "#999999"];
  var drawnView = null;
  function view() {
    var groups = new Map(), all = [], count = 0;
    for (var i = 0; i < models.length; i++) {
      if (!passing[i]) continue;
      var y = value(i, state.y), x = value(i, state.x);
      if (y === null || x === null) continue;
      var name = group(i);
      if (!groups.has(name)) groups.set(name, []);
      var point = [x, y, i];
      groups.get(name).push(point);
      all.push(point);
      count++;
    }
    // The largest groups keep their colour; the rest share "other".
    var ranked = Array.from(groups.entries()).sort(function (a, b) { return b[1].length - a[1].length || collator.compare(a[0], b[0]); });
    var kept = ranked.slice(0, MAX_GROUPS);
    var rest = ranked.slice(MAX_GROUPS);
    if (rest.length) kept.push(["other", [].concat.apply([], rest.map(function (e) { return e[1]; }))]);
    var logX = state.x !== "date";
    var fits = [];
    if (state.trend === "all") {
      var f = fit(all, logX);
      if (f) fits.push({ name: "All shown", fit: f, colour: "#111111" });
    } else if (state.trend === "group") {
      kept.forEach(function (entry, k) {
        var g = fit(entry[1], logX);
        if (g) fits.push({ name: entry[0], fit: g, colour: PALETTE[k % PALETTE.length] });
      });
    }
    // The largest runs: a fine-tune counts by its own run, not its lineage's
    // total (Tulu 3 405B is not one of 2025's largest runs).
    var size = function (p) { return state.y === "compute" ? (value(p[2], "own-compute") || 0) : p[1]; };
    var largest = all.slice().sort(function (a, b) { return size(b) - size(a) || a[2] - b[2]; }).slice(0, state.labels);
    return { groups: kept, all: all, count: count, fits: fits, largest: largest };
  }
  // An axis fitted to the values shown: whole powers of ten on a log axis,
  // a little room on either side of dates.
  function range(values, log, isDate) {
    if (!values.length) return {};
    var lo = Infinity, hi = -Infinity;
    values.forEach(function (v) { if (v < lo) lo = v; if (v > hi) hi = v; });
    if (isDate) {
      var pad = Math.max((hi - lo) * 0.03, 60 * DAY);
      return { min: lo - pad, max: hi + pad };
    }
    if (log) {
      var a = Math.floor(Math.log10(lo)), b = Math.ceil(Math.log10(hi));
      if (a === b) b++;
      return { min: Math.pow(10, a), max: Math.pow(10, b) };
    }
    return { min: 0, max: hi > 0 ? hi * 1.05 : 1 };
  }
  function words() {
    var parts = [];
    if (state.q) parts.push("search \u201c" + state.q + "\u201d");
    if (state.domain) parts.push("domain " + state.domain);
    if (state.org.length) parts.push((state.org.length > 1 ? "organizations " : "organization ") + state.org.join(", "));
    if (state.hw) parts.push("trained on " + state.hw);
    if (state.confidence) parts.push("confidence " + state.confidence);
    if (state.notable) parts.push("notable models");
    if (state.top) parts.push("top " + state.top + " by compute at release");
    if (state.min) parts.push("at least " + state.min + " FLOP");
    if (state.epoch) parts.push("Epoch AI's frontier models");
    if (state.open) parts.push("open weights");
    if (state.nofinetunes) parts.push("no fine-tunes");
    if (state.from || state.to) parts.push((state.from || "start") + " to " + (state.to || "now"));
    return parts.length ? parts.join("; ") : "all models";
  }
  function title() {
    return capital(quantityLabel(state.y)) + (state.x === "date" ? " over time" : " against " + quantityLabel(state.x));
  }
  function credit() {
    return "Data: Epoch AI, Data on AI Models (CC BY 4.0), and flopdb's records" +
      (data.commit ? " at commit " + data.commit.slice(0, 12) : "") + ". Made with flopdb.";
  }

  function option(v, size, forExport) {
    var narrow = size.width < 600;
    var isDate = state.x === "date";
    var yLog = state.yscale === "log", xLog = !isDate && state.xscale === "log";
    var series = v.groups.map(function (entry) {
      return {
        type: "scatter",
        id: "points:" + entry[0],
        name: entry[0],
        data: entry[1],
        symbolSize: narrow ? 5 : 6,
        // One shape per series, drawn at once: thousands of points stay fast.
        large: true,
        largeThreshold: 2000,
        progressive: 0,
        itemStyle: { opacity: 0.75 },
        emphasis: { scale: 1.8 },
        cursor: "pointer",
      };
    });
    v.fits.forEach(function (t) {
      var label = t.name + ": " + fitText(t.fit);
      series.push({
        type: "line",
        id: "trend:" + t.name,
        name: "Trend, " + label + ", n = " + t.fit.n,
        data: fitLine(t.fit),
        symbol: "none",
        z: 5,
        color: t.colour,
        lineStyle: { type: "dashed", width: 2 },
        tooltip: { formatter: function () { return escapeHtml(label) + " (" + t.fit.n + " models)"; } },
        endLabel: { show: !narrow && v.fits.length <= 3, formatter: isDate ? fitText(t.fit).split(" (")[0] : "", textBorderColor: "#fff", textBorderWidth: 3 },
      });
    });
    if (v.largest.length) {
      series.push({
        type: "scatter",
        id: "labels",
        name: "labels",
        silent: true,
        symbolSize: 0,
        data: v.largest.map(function (p) {
          var m = models[p[2]];
          return { value: p, name: m[F.name] + (m[F.origin] === "lineage-total" ? " (lineage total)" : "") };
        }),
        label: { show: true, position: "left", formatter: "{b}", fontSize: 11, color: "#222", textBorderColor: "#fff", textBorderWidth: 2 },
        labelLayout: { hideOverlap: true },
        z: 6,
      });
    }
    var yRange = range(v.all.map(function (p) { return p[1]; }), yLog, false);
    var xRange = range(v.all.map(function (p) { return p[0]; }), xLog, isDate);
    var top = forExport ? 96 : (narrow ? 56 : 44);
    var result = {
      animation: false,
      color: PALETTE,
      grid: { left: narrow ? 44 : 76, right: narrow ? 12 : (v.fits.length && isDate && v.fits.length <= 3 ? 150 : 40), top: top, bottom: forExport ? 86 : (narrow ? 44 : 56) },
      legend: { type: "scroll", top: forExport ? 62 : 0, data: v.groups.map(function (g) { return g[0]; }) },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          if (!p.data || p.seriesType !== "scatter") return "";
          var m = models[p.data[2]];
          var parts = ["<strong>" + escapeHtml(m[F.name]) + "</strong>", escapeHtml(m[F.published])];
          parts.push(escapeHtml(capital(quantityLabel(state.y))) + ": " + escapeHtml(formatValue(state.y, p.data[1])));
          if (!isDate) parts.push(escapeHtml(capital(quantityLabel(state.x))) + ": " + escapeHtml(formatValue(state.x, p.data[0])));
          var own = models[p.data[2]][F.values][Q["own-compute"]];
          if (m[F.finetune] && own !== null && own !== m[F.compute]) parts.push("Its own run: " + escapeHtml(formatValue("compute", own)));
          if (m[F.compute] !== null) {
            parts.push(escapeHtml(formatValue("compute", m[F.compute])) + " (" + escapeHtml(origin(m)) +
              (m[F.method] ? ": " + escapeHtml(m[F.method]) : "") + ")");
          }
          return parts.join("<br>");
        },
      },
      xAxis: {
        type: isDate ? "time" : (xLog ? "log" : "value"), logBase: 10,
        name: capital(quantityLabel(state.x)), nameLocation: "middle", nameGap: narrow ? 26 : 30,
        min: xRange.min, max: xRange.max,
        axisLabel: isDate ? { hideOverlap: true } : { hideOverlap: true, formatter: function (x) { return axisLabel(state.x, x); } },
        splitLine: { show: false },
      },
      yAxis: {
        type: yLog ? "log" : "value", logBase: 10,
        name: capital(quantityLabel(state.y)), nameLocation: "end", nameTextStyle: { align: "left" },
        min: yRange.min, max: yRange.max,
        axisLabel: { formatter: function (y) { return axisLabel(state.y, y); } },
      },
      dataZoom: isDate && !forExport ? [{ type: "inside", xAxisIndex: 0, filterMode: "none" }] : [],
      series: series,
    };
    if (forExport) {
      result.title = {
        text: title(), subtext: words() + " \u00b7 " + v.count + " models" +
          (v.fits.length === 1 ? " \u00b7 trend " + fitText(v.fits[0].fit) : ""),
        left: 16, top: 10, textStyle: { fontSize: 20, width: size.width - 32, overflow: "truncate" },
        subtextStyle: { fontSize: 13, color: "#333", width: size.width - 32, overflow: "break" },
      };
      result.graphic = [{ type: "text", left: 16, bottom: 10, style: { text: credit(), fontSize: 12, fill: "#333" } }];
      result.backgroundColor = "#fff";
    }
    return result;
  }

  // The chart.
  var figure = document.querySelector("figure.chart");
  figure.hidden = false;
  if (form) form.hidden = false;
  var box = document.getElementById("chart");
  var chart = window.echarts.init(box, null, { renderer: "canvas" });
  var points = 0;
  var drawn = false;
  var summary = document.getElementById("trend-summary");
  function drawChart() {
    drawn = true;
    drawnView = view();
    points = drawnView.count;
    chart.setOption(option(drawnView, { width: box.clientWidth, height: box.clientHeight }, false), { notMerge: true });
    programmaticZoom = false;
    var fits = drawnView.fits.map(function (t) { return t.name + " (" + t.fit.n + " models): " + fitText(t.fit); });
    var said = title() + ": " + points + " models shown (" + words() + ")" + (fits.length ? ". Trend: " + fits.join("; ") : "") + ".";
    box.setAttribute("aria-label", said + " The same models are in the table.");
    if (summary) summary.textContent = fits.length ? "Trend of what is shown: " + fits.join("; ") + "." : "";
    var heading = document.getElementById("chart-title");
    if (heading) heading.textContent = title();
    var subtitle = document.getElementById("chart-filters");
    if (subtitle) subtitle.textContent = capital(words()) + "; " + points + " models.";
  }
  var programmaticZoom = false;
  chart.on("click", function (p) {
    if (p.seriesType !== "scatter" || !p.data || p.seriesId === "labels") return;
    var target = "models/" + encodeURIComponent(models[p.data[2]][F.id]) + ".html";
    if (embedded) window.open(target, "_blank", "noopener");
    else location.href = target;
  });
  // Zooming the chart in time sets the date filters, and the axes refit.
  chart.on("datazoom", function () {
    if (programmaticZoom || state.x !== "date") return;
    var zoom = chart.getOption().dataZoom[0];
    if (!zoom || (zoom.start <= 0 && zoom.end >= 100)) return;
    state.from = isoDay(zoom.startValue);
    state.to = isoDay(zoom.endValue);
    toForm();
    programmaticZoom = true;
    update();
    writeUrl();
  });
  window.addEventListener("resize", function () { chart.resize(); drawChart(); });

  function showCounts() {
    if (!shownText) return;
    var inTable = rows ? shownRows + " of " + models.length + " models in the table, " : "";
    var ignored = setAside.length ? " (the link's " + setAside.join(", ") + " is not one of the choices: left out)" : "";
    shownText.textContent = inTable + points + " with " + quantityLabel(state.y) +
      (state.x === "date" ? "" : " and " + quantityLabel(state.x)) + " in the chart" + ignored;
  }
  function update() {
    filterModels();
    filterTable();
    drawChart();
    showCounts();
  }
  function fromInputs() {
    state.q = input.q.value.trim();
    state.domain = input.domain.value;
    state.hw = input.hw.value.trim();
    state.confidence = input.confidence.value;
    state.notable = input.notable.checked;
    var top = parseInt(input.top.value, 10);
    state.top = top >= 1 && top <= 1000 ? top : 0;
    state.min = input.min.value;
    state.epoch = input.epoch.checked;
    state.open = input.open.checked;
    state.nofinetunes = input.nofinetunes.checked;
    state.from = input.from.value;
    state.to = input.to.value;
    state.y = input.y.value;
    state.x = input.x.value === state.y ? "date" : input.x.value;
    state.yscale = input.yscale.value;
    state.xscale = input.xscale.value;
    state.color = input.color.value;
    state.trend = input.trend.value;
    var labels = parseInt(input.labels.value, 10);
    state.labels = labels >= 0 && labels <= 50 ? labels : DEFAULTS.labels;
    scaleInputs();
  }
  function addOrg() {
    var name = input.org.value.trim();
    if (name && state.org.indexOf(name) < 0 && state.org.length < 12) state.org.push(name);
    input.org.value = "";
    showOrgs();
  }
  if (form) {
    form.addEventListener("input", function (e) {
      if (e.target === input.org) {
        // A name picked from the list is added at once; typed text on Enter.
        if (organizationSet.has(input.org.value.trim().toLowerCase()) && e.inputType !== "insertText") addOrg();
        else return;
      }
      setAside = [];
      fromInputs();
      update();
      writeUrl();
    });
    input.org.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault();
      addOrg();
      setAside = [];
      update();
      writeUrl();
    });
    var addButton = document.getElementById("org-add");
    if (addButton) addButton.addEventListener("click", function () { addOrg(); update(); writeUrl(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () {
      setTimeout(function () {
        state.sort = "";
        state.org = [];
        showOrgs();
        fromInputs();
        state.labels = DEFAULTS.labels;
        input.labels.value = String(DEFAULTS.labels);
        update();
        sortTable();
        writeUrl();
      }, 0);
    });
  }
  window.addEventListener("hashchange", function () {
    if (ignoreHash) { ignoreHash = false; return; }
    var asked = location.hash;
    readUrl();
    update();
    sortTable();
    // The fragment last read, for tests that wait until a link is shown.
    if (shownText) shownText.dataset.hash = asked;
  });

  // What a reader takes away.
  var EXPORT_SIZE = { width: 1200, height: 750 };
  function fileName(extension) {
    var name = title().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    return "flopdb-" + name + "." + extension;
  }
  function exportChart(renderer) {
    var v = view();
    if (renderer === "svg") {
      var ssr = window.echarts.init(null, null, { renderer: "svg", ssr: true, width: EXPORT_SIZE.width, height: EXPORT_SIZE.height });
      ssr.setOption(option(v, EXPORT_SIZE, true));
      var svg = ssr.renderToSVGString();
      ssr.dispose();
      return svg;
    }
    var holder = document.createElement("div");
    holder.style.cssText = "position:absolute;left:-99999px;top:0;width:" + EXPORT_SIZE.width + "px;height:" + EXPORT_SIZE.height + "px";
    document.body.appendChild(holder);
    var canvas = window.echarts.init(holder, null, { renderer: "canvas", width: EXPORT_SIZE.width, height: EXPORT_SIZE.height, devicePixelRatio: 1 });
    canvas.setOption(option(v, EXPORT_SIZE, true));
    var png = canvas.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
    canvas.dispose();
    holder.remove();
    return png;
  }
  function csvCell(v) {
    if (v === null || v === undefined) return "";
    var s = Array.isArray(v) ? v.join("; ") : String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  // The rows shown, in the table's order (the chart's models in the embed
  // view), with the columns of `models.csv` that the view draws on.
  function csv() {
    var header = ["id", "name", "published", "organizations", "domains"].concat(QUANTITIES.map(function (q) { return q.column; }))
      .concat(["training_compute_method", "training_compute_provenance", "confidence"]);
    var lines = [header.join(",")];
    var ids = rows ? order.filter(function (i) { return passing[i]; }) : (drawnView ? drawnView.all.map(function (p) { return p[2]; }) : []);
    ids.forEach(function (i) {
      var m = models[i];
      lines.push([m[F.id], m[F.name], m[F.published], m[F.organizations], m[F.domains]].concat(m[F.values])
        .concat([m[F.method], m[F.origin], m[F.confidence]]).map(csvCell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  var lastDownload = null;
  function download(name, href, content) {
    lastDownload = { name: name, href: href, content: content };
    var link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  function blobUrl(text, type) { return URL.createObjectURL(new Blob([text], { type: type })); }
  var actions = {
    png: function () { var png = exportChart("canvas"); download(fileName("png"), png, png); },
    svg: function () { var svg = exportChart("svg"); download(fileName("svg"), blobUrl(svg, "image/svg+xml"), svg); },
    csv: function () { var text = csv(); download(fileName("csv").replace(/\.csv$/, "-rows.csv"), blobUrl(text, "text/csv"), text); },
    embed: function () {
      var panel = document.getElementById("embed-code");
      if (!panel) return;
      var address = location.href.split("#")[0].replace(/[^/]*$/, "") + "embed.html" + (params() ? "#" + params() : "");
      var code = '<iframe src="' + address.replace(/"/g, "%22") + '" title="' + escapeHtml(title()) +
        ' (flopdb)" width="100%" height="600" style="border:0" loading="lazy"></iframe>';
      panel.hidden = false;
      var area = panel.querySelector("textarea");
      area.value = code;
      area.focus();
      area.select();
      lastDownload = { name: "embed", href: address, content: code };
    },
  };
  document.querySelectorAll("button[data-take]").forEach(function (button) {
    button.addEventListener("click", function () { actions[button.dataset.take](); });
  });
  var embedLink = document.getElementById("open-full");

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
  filterModels();
  drawChart();
  writeUrl();
  performance.mark("flopdb-drawn");

  function startTable() {
    table = document.getElementById("models");
    tbody = table && table.tBodies[0];
    var found = tbody ? Array.prototype.slice.call(tbody.rows) : [];
    // A page and data that disagree keep the table plain.
    if (found.length !== models.length) { showCounts(); return; }
    rows = found;
    headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    sortButtons();
    filterTable();
    if (state.sort) sortTable();
    showCounts();
    document.documentElement.dataset.table = "ready";
    performance.mark("flopdb-table");
  }
  if (embedded) document.documentElement.dataset.table = "ready";
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startTable);
  else startTable();
  // For tests and the curious: the chart and what it shows.
  window.flopdbExplorer = {
    chart: chart,
    points: function () { return points; },
    shownRows: function () { return shownRows; },
    trends: function () {
      return (drawnView ? drawnView.fits : []).map(function (t) {
        return { name: t.name, n: t.fit.n, growth_per_year: t.fit.growthPerYear, doubling_months: t.fit.doublingMonths, slope: t.fit.slope };
      });
    },
    lastDownload: function () { return lastDownload; },
    csv: csv,
  };
})();
