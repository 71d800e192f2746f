// The dashboard's charts of one service: a uPlot per panel (canvas: no DOM node per point), the scaling decisions
// drawn on each as dashed markers with their explanation on hover and click. Loaded before dashboard.js, which
// creates one HorizonServiceCharts and hands it the selected service's kept samples every second.
"use strict";
window.HorizonServiceCharts = (function () {
  // each panel: [column, label, colour]; a column of the history/state documents (docs/dashboard.md)
  const CHARTS = [
    { id: "rps", title: "Requests per second", series: [["arrivals", "requests", "#1f77b4"],
      ["ok", "2xx/3xx", "#2ca02c"]] },
    { id: "errors", title: "Errors per second by status class", series: [["client_errors", "4xx", "#bcbd22"],
      ["limited", "429 rate-limited", "#ff7f0e"], ["errors_5xx", "5xx", "#d62728"],
      ["shed", "503 shed", "#e377c2"], ["timed_out", "504 timed out", "#9467bd"],
      ["unanswered", "no answer", "#7f7f7f"]] },
    { id: "latency", title: "Latency (ms)", series: [["p50_ms", "p50", "#17becf"], ["p95_ms", "p95", "#ff7f0e"],
      ["p99_ms", "p99", "#d62728"]] },
    { id: "instances", title: "Instances", series: [["instances", "all", "#444444"], ["ready", "in service", "#2ca02c"],
      ["desired", "desired", "#1f77b4"], ["starting", "starting", "#ff7f0e"], ["draining", "draining", "#9467bd"]] },
    { id: "cpu", title: "CPU per instance (millicores)", series: [["cpu_used_m", "used", "#d62728"],
      ["cpu_size_m", "size", "#444444"]] },
    { id: "metric", title: "Autoscaler metric vs target", series: [["observed", "observed", "#1f77b4"],
      ["target", "target", "#d62728"]] },
  ];
  const HEIGHT = 170;

  /**
   * Charts in {@code container}; {@code kept()} is the selected service ({rows: Map(t -> row), decisions:
   * Map(at -> decision), metric}) or null; {@code tooltip} and {@code pinned} are the elements a decision's
   * explanation shows in, on hover and on click.
   */
  function HorizonServiceCharts(container, kept, tooltip, pinned) {
    const charts = []; // {plot, box, spec}

    /** The scaling decision within 6 px of the cursor, or null. */
    function nearDecision(u) {
      const k = kept();
      if (!k || u.cursor.left == null || u.cursor.left < 0) {
        return null;
      }
      let best = null;
      let bestDistance = 6;
      for (const d of k.decisions.values()) {
        const distance = Math.abs(u.valToPos(d.at / 1000, "x") - u.cursor.left);
        if (distance <= bestDistance) {
          best = d;
          bestDistance = distance;
        }
      }
      return best;
    }

    function drawMarkers(u) {
      const k = kept();
      if (!k) {
        return;
      }
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = "rgba(230, 120, 0, 0.9)";
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5 * devicePixelRatio;
      for (const d of k.decisions.values()) {
        const x = u.valToPos(d.at / 1000, "x", true);
        if (x >= u.bbox.left && x <= u.bbox.left + u.bbox.width) {
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
      }
      ctx.restore();
    }

    function markers() {
      return {
        hooks: {
          draw: [drawMarkers],
          setCursor: [(u) => {
            const d = nearDecision(u);
            if (!d) {
              tooltip.hidden = true;
              return;
            }
            const r = u.over.getBoundingClientRect();
            tooltip.textContent = d.explanation;
            tooltip.style.left = Math.max(0, Math.min(window.innerWidth - 300, r.left + u.cursor.left + 12)) + "px";
            tooltip.style.top = (r.top + u.cursor.top + 12) + "px";
            tooltip.hidden = false;
          }],
          ready: [(u) => {
            u.over.addEventListener("click", () => {
              const d = nearDecision(u);
              if (d) {
                pinned.textContent = d.explanation;
                pinned.hidden = false;
              }
            });
            u.over.addEventListener("mouseleave", () => { tooltip.hidden = true; });
          }],
        },
      };
    }

    function width(box) {
      return Math.max(240, Math.floor(box.clientWidth || box.parentElement.clientWidth || 400));
    }

    /** Drops the charts and makes empty ones: for a newly selected service. */
    function rebuild() {
      for (const c of charts) {
        c.plot.destroy();
      }
      charts.length = 0;
      container.innerHTML = "";
      for (const spec of CHARTS) {
        const box = document.createElement("div");
        box.className = "chart";
        box.dataset.chart = spec.id;
        box.dataset.points = "0";
        container.appendChild(box);
        const series = [{}].concat(spec.series.map(([, label, colour]) => ({ label: label, stroke: colour,
          width: 1.5 })));
        const plot = new uPlot({ title: spec.title, width: width(box), height: HEIGHT, series: series,
          plugins: [markers()], scales: { x: { time: true } }, legend: { live: false } },
        spec.series.map(() => []).concat([[]]), box);
        charts.push({ plot: plot, box: box, spec: spec });
      }
    }

    /**
     * Draws the kept samples; each chart's element tells how many points it has ({@code data-points}) and each
     * series' total over the window ({@code data-sum-COLUMN}), for a reader and for the tests.
     */
    function draw() {
      const k = kept();
      if (!k) {
        return;
      }
      let ts = [...k.rows.keys()].sort((a, b) => a - b);
      // from the first second with something to show: a fresh horizon has no 15 minutes of history yet
      const first = ts.findIndex((t) => {
        const r = k.rows.get(t);
        return r.instances != null || r.arrivals > 0;
      });
      ts = first < 0 ? ts.slice(-60) : ts.slice(first);
      const rows = ts.map((t) => k.rows.get(t));
      for (const c of charts) {
        const data = [ts].concat(c.spec.series.map(([key]) => rows.map((r) => (r[key] === undefined ? null
          : r[key]))));
        if (c.spec.id === "metric") {
          const title = c.plot.root.querySelector(".u-title");
          if (title) {
            title.textContent = "Autoscaler: " + (k.metric || "no autoscaler") + " vs target";
          }
        }
        c.plot.setData(data);
        let points = 0;
        c.spec.series.forEach(([key], i) => {
          let sum = 0;
          for (const v of data[i + 1]) {
            if (v != null) {
              points++;
              sum += v;
            }
          }
          c.box.dataset["sum" + key.replace(/(^|_)([a-z0-9])/g, (m, s, ch) => ch.toUpperCase())] = String(sum);
        });
        c.box.dataset.points = String(points);
        const w = width(c.box);
        if (Math.abs(w - c.plot.width) > 4) {
          c.plot.setSize({ width: w, height: HEIGHT });
        }
      }
    }

    return { rebuild: rebuild, draw: draw };
  }
  return HorizonServiceCharts;
})();
