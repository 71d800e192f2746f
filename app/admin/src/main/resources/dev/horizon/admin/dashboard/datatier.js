// The data tier panel of the selected service: its read replicas (state, lag, on how many instances they are up) and
// its caches (hit ratio now and since start), as the control plane sums them from every instance's /metrics
// (GET /admin/services/{s}/data has the same fields). Hidden while the instances publish no data tier.
"use strict";
// eslint-disable-next-line no-unused-vars
function HorizonDataTier(box) {
  const esc = (v) => String(v == null ? "–" : v).replace(/[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[c]);
  const percent = (r) => (r == null ? "–" : (r * 100).toFixed(1) + " %");
  const lag = (s) => (s == null ? "unknown" : s < 1 ? (s * 1000).toFixed(0) + " ms" : s.toFixed(2) + " s");
  const replicas = box.querySelector("[data-role='replicas']");
  const stale = box.querySelector("[data-role='stale']");
  const caches = box.querySelector("[data-role='caches']");

  function set(element, html) {
    if (element.dataset.html !== html) {
      element.innerHTML = html;
      element.dataset.html = html;
    }
  }

  /**
   * Shows data (the service's "data" field of the state document), or hides the panel when it is null; now is the
   * document's "at" (the server's epoch second), so a read older than three of its 2 s intervals shows as stale.
   */
  function render(data, now) {
    box.hidden = !data;
    if (!data) {
      return;
    }
    const age = Math.round(now - data.at / 1000);
    stale.hidden = !(age > 6);
    stale.textContent = "stale: the instances were last read " + age + " s ago";
    const reads = data.connections_per_second || {};
    const perSecond = (name) => (Object.hasOwn(reads, name) && typeof reads[name] === "number"
      ? reads[name].toFixed(1) : "–");
    set(replicas.tBodies[0], data.replicas.map((r) => "<tr data-replica=\"" + esc(r.name) + "\"><td>" + esc(r.name)
      + "</td><td class=\"replica-" + esc(r.state) + "\" data-role=\"state\">" + esc(r.state) + "</td><td class=\"num\">"
      + r.up + "/" + r.reporting + "</td><td class=\"num\" data-role=\"lag\">" + lag(r.lag_seconds)
      + "</td><td class=\"num\">" + (r.lag_bytes < 0 ? "–" : r.lag_bytes) + "</td><td class=\"num\">"
      + perSecond(r.name) + "</td><td>" + esc(r.problem || "") + "</td></tr>")
      .join(""));
    replicas.hidden = data.replicas.length === 0;
    set(caches.tBodies[0], data.caches.map((c) => "<tr data-cache=\"" + esc(c.name) + "\"><td>" + esc(c.name)
      + "</td><td class=\"num\" data-role=\"hit-ratio\">" + percent(c.hit_ratio) + "</td><td class=\"num\">"
      + percent(c.total_hit_ratio) + "</td><td class=\"num\">" + c.reads_per_second.toFixed(1) + "</td><td class="
      + "\"num\">" + c.redis_errors + "</td></tr>").join(""));
    caches.hidden = data.caches.length === 0;
    box.dataset.instances = String(data.instances);
  }

  return { render: render };
}
