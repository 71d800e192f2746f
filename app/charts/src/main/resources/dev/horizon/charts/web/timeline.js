// Horizon timelines in the browser: the timeline CSV the simulator and the demo recording write (one row per
// second, columns named as in dev.horizon.charts.Timeline), drawn with uPlot as three panels over one time axis:
// requests per second, instances, latency. Used by the dashboard's results view and by the demo's report.html.
"use strict";
(function (global) {
  const NUMBER = /^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/;

  /** The timeline in a CSV text: {name, columns: {time: [...], ...}}; throws "NAME:LINE: ..." for a bad row. */
  function parseCsv(text, name) {
    const lines = text.split(/\r?\n/);
    let header = null;
    const columns = {};
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) {
        return;
      }
      const cells = line.split(",").map((c) => c.trim());
      if (header === null) {
        header = cells;
        if (!header.includes("time")) {
          throw new Error(name + ":" + (i + 1) + ": the header names no 'time' column (expected: time,arrivals,...)");
        }
        header.forEach((h) => { columns[h] = []; });
        return;
      }
      if (cells.length !== header.length) {
        throw new Error(name + ":" + (i + 1) + ": " + cells.length + " cells (expected: " + header.length + ")");
      }
      cells.forEach((c, j) => {
        if (c !== "" && !NUMBER.test(c)) {
          throw new Error(name + ":" + (i + 1) + ": " + header[j] + " '" + c + "' (expected: a number, or empty)");
        }
        columns[header[j]].push(c === "" ? null : Number(c));
      });
    });
    if (header === null) {
      throw new Error(name + ": no header (expected: time,arrivals,...)");
    }
    return { name: name, columns: columns };
  }

  const PANELS = [
    { title: "Requests per second", series: [["arrivals", "#1f77b4"], ["served", "#2ca02c"],
      ["errors", "#d62728"]] },
    { title: "Instances", series: [["instances", "#444444"], ["ready", "#2ca02c"], ["starting", "#ff7f0e"],
      ["warming", "#bcbd22"], ["draining", "#9467bd"]] },
    { title: "Latency (ms)", series: [["p50-ms", "#17becf"], ["p95-ms", "#ff7f0e"], ["p99-ms", "#d62728"]] },
  ];

  /** The values of a series: a column, or errors = rejected + timed-out. */
  function values(columns, key) {
    if (key !== "errors") {
      return columns[key];
    }
    const r = columns["rejected"];
    const t = columns["timed-out"];
    if (!r && !t) {
      return undefined;
    }
    return (r || t).map((_, i) => (r && r[i] != null ? r[i] : 0) + (t && t[i] != null ? t[i] : 0));
  }

  /**
   * Draws the timeline into the element: one uPlot per panel with a series for each column the file has. Returns
   * the uPlot instances. Options: width (default: the element's), height per panel (default 180).
   */
  function draw(element, timeline, options) {
    const opts = options || {};
    const width = opts.width || Math.max(280, element.clientWidth || 600);
    const height = opts.height || 180;
    const plots = [];
    const title = document.createElement("h3");
    title.textContent = timeline.name;
    element.appendChild(title);
    for (const panel of PANELS) {
      const data = [timeline.columns["time"]];
      const series = [{ label: "seconds" }];
      for (const [key, colour] of panel.series) {
        const v = values(timeline.columns, key);
        if (v) {
          data.push(v);
          series.push({ label: key, stroke: colour, width: 1.5, spanGaps: false });
        }
      }
      if (data.length < 2) {
        continue;
      }
      const box = document.createElement("div");
      box.className = "timeline-panel";
      element.appendChild(box);
      plots.push(new global.uPlot({ title: panel.title, width: width, height: height, scales: { x: { time: false } },
        series: series, axes: [{ label: "seconds" }, {}] }, data, box));
    }
    return plots;
  }

  global.HorizonTimeline = { parseCsv: parseCsv, draw: draw };
})(window);
