// The Horizon dashboard: subscribes to GET /admin/events (server-sent events: one "history", then a "state" every
// second), keeps 15 minutes of per-second samples per service, draws the selected service with uPlot (canvas: no DOM
// node per point) and steers through the admin API with the token the user typed (sessionStorage only).
"use strict";
(function () {
  const TOKEN_KEY = "horizon-admin-token";
  const services = new Map(); // name -> {rows: Map(t -> row), decisions: Map(at -> d), now: state or null, metric}
  let windowSeconds = 900;
  let selected = null;
  let latest = null; // the last state document
  const $ = (id) => document.getElementById(id);
  const charts = HorizonServiceCharts($("charts"), () => services.get(selected) || null, $("tooltip"), $("decision"));
  const dataTier = HorizonDataTier($("data-tier"));

  // ---- the token: typed by the user, kept in this tab's sessionStorage, sent only on mutating calls ----
  $("token").value = sessionStorage.getItem(TOKEN_KEY) || "";
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const t = $("token").value.trim();
    if (t) {
      sessionStorage.setItem(TOKEN_KEY, t);
      say("token kept in this tab until it closes", false);
    }
  });
  $("token-forget").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    $("token").value = "";
    say("token forgotten", false);
  });

  /** Sets an element's markup only when it changed, so rows that stay the same stay the same elements. */
  function setHtml(element, html) {
    if (element.dataset.html !== html) {
      element.innerHTML = html;
      element.dataset.html = html;
    }
  }

  function say(text, refused) {
    const m = $("message");
    m.textContent = text;
    m.classList.toggle("refused", refused);
    m.hidden = false;
  }

  /**
   * POSTs body to path with the token; shows the answer (its message, else done), or the refusal with its status and
   * reason.
   */
  async function post(path, body, done) {
    const headers = { "Content-Type": "application/json" };
    const token = $("token").value.trim() || sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      headers["Authorization"] = "Bearer " + token;
    }
    let answer;
    try {
      answer = await fetch(path, { method: "POST", headers: headers, body: JSON.stringify(body),
        credentials: "omit", cache: "no-store" });
    } catch (e) {
      say("refused: the admin API cannot be reached (" + e.message + ")", true);
      return;
    }
    let doc = {};
    try {
      doc = await answer.json();
    } catch (e) {
      doc = {};
    }
    if (answer.ok) {
      say(doc.message || done || "done", false);
    } else {
      const why = doc.error || answer.statusText;
      const hint = answer.status === 401 ? " — type the admin token above (HORIZON_ADMIN_TOKEN, or the file "
        + "~/.local/state/horizon/admin-token)" : "";
      say("refused (" + answer.status + "): " + why + hint, true);
    }
  }

  const path = (service) => "/admin/services/" + encodeURIComponent(service);

  $("scale-form").addEventListener("submit", (e) => {
    e.preventDefault();
    post(path(selected) + "/scale", { instances: Number($("scale-count").value) });
  });
  $("resize-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const body = {};
    const cpu = $("resize-cpu").value.trim();
    const memory = $("resize-memory").value.trim();
    if (cpu) {
      body.cpu = cpu;
    }
    if (memory) {
      body.memory = memory;
    }
    post(path(selected) + "/resize", body);
  });
  $("promote").addEventListener("click", () => post(path(selected) + "/rollout/promote", {}));
  $("abort").addEventListener("click", () => post(path(selected) + "/rollout/abort", {}));
  $("members").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-drain]");
    if (b) {
      post(path(selected) + "/endpoints/" + encodeURIComponent(b.dataset.drain) + "/drain", { drain: true },
        selected + ": draining " + b.dataset.drain);
    }
  });

  // ---- the feed ----
  function connect() {
    const feed = new EventSource("/admin/events");
    feed.addEventListener("history", (e) => {
      setFeed("live");
      const doc = JSON.parse(e.data);
      windowSeconds = doc.window;
      services.clear();
      merge(doc);
      render();
    });
    feed.addEventListener("state", (e) => {
      setFeed("live");
      const doc = JSON.parse(e.data);
      if (doc.error) {
        say(doc.error, true);
        return;
      }
      const started = performance.now();
      latest = doc;
      merge(doc);
      render();
      // how many states the page applied, and how long the last one took (parse excluded): for the tests
      document.body.dataset.states = String(Number(document.body.dataset.states || 0) + 1);
      document.body.dataset.applyMs = (performance.now() - started).toFixed(1);
    });
    feed.onerror = () => setFeed("lost");
  }

  function setFeed(state) {
    const f = $("feed");
    f.dataset.state = state;
    f.textContent = state === "live" ? "live" : "reconnecting…";
  }

  function merge(doc) {
    const horizon = doc.at - windowSeconds;
    for (const s of doc.services) {
      let kept = services.get(s.name);
      if (!kept) {
        kept = { rows: new Map(), decisions: new Map(), now: null, metric: null };
        services.set(s.name, kept);
      }
      if (doc.history === false) {
        kept.now = s;
      }
      if (s.metric) {
        kept.metric = s.metric;
      }
      const cols = s.samples;
      const names = Object.keys(cols);
      for (let i = 0; i < cols.t.length; i++) {
        const row = {};
        for (const n of names) {
          row[n] = cols[n][i];
        }
        kept.rows.set(row.t, row);
      }
      for (const t of kept.rows.keys()) {
        if (t <= horizon) {
          kept.rows.delete(t);
        }
      }
      for (const d of s.decisions) {
        kept.decisions.set(d.at, d);
      }
      // the chart's window only: the server keeps 15 minutes of decisions, and so does the page
      for (const at of kept.decisions.keys()) {
        if (at <= horizon * 1000) {
          kept.decisions.delete(at);
        }
      }
    }
    if (doc.history === false) {
      for (const name of [...services.keys()]) {
        if (!doc.services.some((s) => s.name === name)) {
          services.delete(name);
        }
      }
    }
  }

  // ---- rendering ----
  const esc = (v) => String(v == null ? "–" : v).replace(/[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[c]);
  const num = (v, digits) => (v == null || Number.isNaN(v) ? "–" : Number(v).toFixed(digits));

  function render() {
    if (!latest) {
      return;
    }
    if (selected === null || !services.has(selected)) {
      selected = latest.services.length ? latest.services[0].name : null;
      charts.rebuild();
    }
    renderServices();
    renderRoutes();
    renderCertificates();
    renderDetail();
  }

  function renderServices() {
    const rows = latest.services.map((s) => {
      const m = s.managed;
      const healthy = s.endpoints.filter((e) => e.health === "healthy").length;
      return "<tr data-service=\"" + esc(s.name) + "\"" + (s.name === selected ? " class=\"selected\"" : "") + ">"
        + "<td>" + esc(s.name) + (s.panic ? " <span class=\"panic\">PANIC</span>" : "") + "</td>"
        + "<td>" + esc(s.balance) + "</td>"
        + "<td class=\"num\">" + num(s.traffic.rps, 1) + "</td>"
        + "<td class=\"num\">" + num(s.traffic.p95_ms, 1) + "</td>"
        + "<td class=\"num\" data-role=\"in-service\">" + (m ? m.in_service : healthy) + "</td>"
        + "<td class=\"num\" data-role=\"desired\">" + (m ? m.desired : "–") + "</td>"
        + "<td class=\"num\">" + healthy + "/" + s.endpoints.length + "</td></tr>";
    });
    setHtml($("services").tBodies[0], rows.join(""));
  }

  $("services").addEventListener("click", (e) => {
    const tr = e.target.closest("tr[data-service]");
    if (tr && tr.dataset.service !== selected) {
      selected = tr.dataset.service;
      $("decision").hidden = true;
      delete $("scale-count").dataset.touched;
      charts.rebuild();
      render();
    }
  });

  function renderRoutes() {
    setHtml($("routes").tBodies[0], (latest.routes || []).map((r) => "<tr><td>" + esc(r.name) + "</td><td>"
      + esc(r.match) + (r.rate_limit ? " (rate-limited)" : "") + "</td><td>" + esc(r.service) + "</td></tr>")
      .concat((latest.tcp || []).map((l) => "<tr><td>" + esc(l.name) + "</td><td>tcp " + esc(l.listen)
        + (l.sni ? ", sni " + esc(l.sni) : "") + ", " + l.connections + " open</td><td>" + esc(l.service)
        + "</td></tr>")).join(""));
  }

  /** Days a certificate counts as expiring soon: it is highlighted from then on. */
  const EXPIRING_DAYS = 14;

  function renderCertificates() {
    const certificates = latest.certificates || [];
    $("tls").hidden = certificates.length === 0;
    const now = Date.now();
    setHtml($("certificates").tBodies[0], certificates.map((c) => {
      const left = (Date.parse(c.not_after) - now) / 86400000;
      const state = left < 0 ? "expired" : left < EXPIRING_DAYS ? "expiring" : "valid";
      return "<tr class=\"cert-" + state + "\" data-serial=\"" + esc(c.serial) + "\"><td>" + esc(c.names.join(", "))
        + "</td><td>" + esc(c.not_after.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC")) + "</td><td class=\"num\""
        + " data-role=\"days-left\">" + (left < 0 ? "expired" : Math.floor(left) + " d") + "</td><td>" + esc(c.file)
        + "</td></tr>";
    }).join(""));
  }

  function renderDetail() {
    const s = latest.services.find((x) => x.name === selected);
    $("detail").hidden = !s;
    if (!s) {
      return;
    }
    const m = s.managed;
    $("detail-name").textContent = s.name;
    $("detail-summary").textContent = m
      ? "desired " + m.desired + " (min " + m.min + ", max " + m.max + "); " + m.in_service + " in service, "
        + m.warming + " warming, " + m.starting + " starting, " + m.draining + " draining; size "
        + (m.size.cpu || "unlimited CPU") + (m.size.memory ? ", " + m.size.memory : "") + "; "
        + (s.autoscaling ? "autoscaling" : "no autoscaler") + (m.crash_loop ? "; " + m.crash_loop : "")
        + (m.replacing ? "; " + m.replacing : "") + (m.replacement_paused ? "; " + m.replacement_paused : "")
      : "static endpoints; " + s.balance;
    $("controls").hidden = !m;
    if (m && document.activeElement !== $("scale-count") && !$("scale-count").dataset.touched) {
      $("scale-count").value = m.desired;
      $("scale-count").min = m.min;
      $("scale-count").max = m.max;
    }
    renderRollout(s.rollout);
    dataTier.render(s.data || null, latest.at);
    renderMembers(s);
    charts.draw();
  }

  // once the user has touched the count, the feed no longer overwrites it with the desired count
  for (const event of ["focus", "input", "change"]) {
    $("scale-count").addEventListener(event, () => { $("scale-count").dataset.touched = "1"; });
  }

  function renderRollout(r) {
    const box = $("rollout");
    box.hidden = !r || r.rollout === null;
    if (box.hidden) {
      return;
    }
    $("rollout-summary").textContent = r.strategy + " of revision " + r.revision + " over " + r.stable + ": "
      + r.phase + ", step " + r.step + " of " + r.steps + ", " + r.weight + "% of requests"
      + (r.reason ? " — " + r.reason : "");
    $("rollout-weight").style.width = Math.max(0, Math.min(100, r.weight)) + "%";
    $("rollout-analysis").innerHTML = "<li>analysis: " + r.analysis.failures + " failed, " + r.analysis.inconclusive
      + " inconclusive</li>" + r.analysis.runs.slice(-5).map((a) => "<li>" + esc(a) + "</li>").join("");
  }

  function renderMembers(s) {
    const m = s.managed;
    const table = $("members");
    if (m) {
      $("members-title").textContent = "Instances";
      table.tHead.innerHTML = "<tr><th>Instance</th><th>State</th><th>Health</th><th class=\"num\">In-flight</th>"
        + "<th class=\"num\">Age</th><th class=\"num\">CPU / size</th><th>Memory</th><th>Detail</th><th></th></tr>";
      setHtml(table.tBodies[0], m.instances.map((i) => "<tr data-instance=\"" + esc(i.id) + "\"><td>"
        + esc(i.id) + "</td><td class=\"state-" + esc(i.state) + "\">" + esc(i.state.replace("_", " "))
        + "</td><td class=\"health-" + esc(i.health) + "\">" + esc(i.health) + "</td><td class=\"num\">"
        + i.in_flight + "</td><td class=\"num\">" + age(i.age_s) + "</td><td class=\"num\">"
        + (i.cpu_m == null ? "–" : i.cpu_m + "m") + " / " + esc(i.size.cpu || "unlimited") + "</td><td>"
        + (i.memory_bytes == null ? "–" : mib(i.memory_bytes)) + " / " + esc(i.size.memory || "unlimited")
        + "</td><td>" + esc(i.exit || i.detail) + "</td><td>"
        + (i.exit == null && i.state !== "draining" ? "<button data-drain=\"" + esc(i.id) + "\">Drain</button>" : "")
        + "</td></tr>").join(""));
    } else {
      $("members-title").textContent = "Endpoints";
      table.tHead.innerHTML = "<tr><th>Endpoint</th><th>Health</th><th class=\"num\">Weight</th>"
        + "<th class=\"num\">In-flight</th><th class=\"num\">RPS</th><th class=\"num\">p99 ms</th><th>Revision</th>"
        + "<th></th></tr>";
      setHtml(table.tBodies[0], s.endpoints.map((e) => "<tr data-endpoint=\"" + esc(e.id) + "\"><td>"
        + esc(e.id) + "</td><td class=\"health-" + esc(e.health) + "\">" + esc(e.health) + "</td><td class=\"num\">"
        + e.weight + "</td><td class=\"num\">" + e.in_flight + "</td><td class=\"num\">" + num(e.rps, 1)
        + "</td><td class=\"num\">" + num(e.p99_ms, 1) + "</td><td>" + esc(e.revision || "") + "</td><td>"
        + (e.health !== "draining" ? "<button data-drain=\"" + esc(e.id) + "\">Drain</button>" : "")
        + "</td></tr>").join(""));
    }
  }

  function age(s) {
    return s < 60 ? s + "s" : s < 3600 ? Math.floor(s / 60) + "m" + (s % 60) + "s"
      : Math.floor(s / 3600) + "h" + Math.floor((s % 3600) / 60) + "m";
  }

  function mib(bytes) {
    return (bytes / 1048576).toFixed(0) + "Mi";
  }

  window.addEventListener("resize", () => charts.draw());

  // ---- results: timeline CSVs picked by the user, drawn side by side ----
  for (const [input, target] of [["result-a", "result-a-charts"], ["result-b", "result-b-charts"]]) {
    $(input).addEventListener("change", async (e) => {
      const file = e.target.files[0];
      const box = $(target);
      box.innerHTML = "";
      if (!file) {
        return;
      }
      try {
        const timeline = HorizonTimeline.parseCsv(await file.text(), file.name);
        HorizonTimeline.draw(box, timeline, { width: Math.max(260, box.clientWidth - 4) });
      } catch (err) {
        box.textContent = err.message;
      }
    });
  }

  connect();
})();
