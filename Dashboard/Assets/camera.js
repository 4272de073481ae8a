// One camera's charts: fetch its timeline (a bounded window of buckets the server keeps) and hand it to uPlot.
// Each fetch replaces the data, so what the browser holds stays the server's window, however long the page is open.
(() => {
  "use strict";
  const root = document.getElementById("charts");
  const indicator = document.getElementById("refresh-state");
  if (!root || !indicator || typeof uPlot === "undefined") {
    return;
  }

  const interval = Number(root.dataset.interval) || 1000;
  const maxBackoff = 15000;
  const state = { updates: 0, lastUpdateMs: null, charts: {}, controls: [] };
  window.edgeVisionCamera = state;
  let failures = 0;

  const color = { p50: "#2563eb", p95: "#d97706", max: "#dc2626", target: "#16a34a", limit: "#991b1b", rate: "#2563eb", width: "#7c3aed", skip: "#0891b2", batch: "#64748b", accuracy: "#16a34a" };
  // One colour per drop reason (the tags of the drop notices); a reason not listed here gets the last one.
  const dropColor = { stale: "#d97706", overload: "#dc2626", invalid: "#7c3aed", lost: "#0f172a", shutdown: "#64748b", no_result: "#be185d", offline_queue_full: "#0891b2", source_overrun: "#2563eb", fps_limit: "#16a34a", frame_skip: "#a3a3a3", other: "#94a3b8" };
  const ms = (u, v) => (v == null ? "–" : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);
  const clock = (t) => new Date(t * 1000).toISOString().slice(11, 19);
  const stepped = uPlot.paths.stepped({ align: 1 });

  function show(text, healthy) {
    indicator.textContent = text;
    indicator.className = healthy ? "refresh ok" : "refresh bad";
    root.classList.toggle("frozen", !healthy);
  }

  // Dashed vertical lines where control messages arrived; hovering near one shows what it changed and why.
  function controlMarkers() {
    let tip;
    return {
      hooks: {
        init: (u) => {
          tip = document.createElement("div");
          tip.className = "control-tip";
          tip.hidden = true;
          u.over.appendChild(tip);
        },
        draw: (u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = "#d97706";
          ctx.lineWidth = 2;
          ctx.setLineDash([5, 4]);
          for (const control of state.controls) {
            const x = Math.round(u.valToPos(control.t, "x", true));
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) {
              continue;
            }

            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          }

          ctx.restore();
        },
        setCursor: (u) => {
          const left = u.cursor.left;
          let nearest = null;
          let distance = 8;
          if (left != null && left >= 0) {
            for (const control of state.controls) {
              const d = Math.abs(u.valToPos(control.t, "x") - left);
              if (d <= distance) {
                nearest = control;
                distance = d;
              }
            }
          }

          if (!nearest) {
            tip.hidden = true;
            return;
          }

          tip.textContent = `${clock(nearest.t)} · ${nearest.changes || "no change"}${nearest.cause ? ` · ${nearest.cause}` : ""}: ${nearest.reason}`;
          tip.style.left = `${Math.min(u.valToPos(nearest.t, "x") + 8, Math.max(0, u.over.clientWidth - 260))}px`;
          tip.hidden = false;
        },
      },
    };
  }

  // Times in UTC, as the rest of the Dashboard writes them: whole minutes as HH:MM, others as HH:MM:SS.
  const timeAxis = { values: (u, ticks) => ticks.map((t) => new Date(t * 1000).toISOString().slice(11, t % 60 === 0 ? 16 : 19)) };

  function make(id, height, series, axes, scales, plugins) {
    const element = document.getElementById(id);
    return new uPlot(
      { width: Math.max(element.clientWidth, 300), height, series: [{ label: "UTC", value: (u, t) => (t == null ? "–" : clock(t)) }, ...series], axes: [timeAxis, ...axes.slice(1)], scales: { x: { time: true }, ...scales }, plugins: plugins || [], cursor: { drag: { x: false, y: false } } },
      [[]].concat(series.map(() => [])),
      element);
  }

  function create(timeline) {
    state.charts.latency = make("chart-latency", 220, [
      { label: "p50", stroke: color.p50, width: 2, value: ms },
      { label: "p95", stroke: color.p95, width: 2, value: ms },
      { label: "slowest", stroke: color.max, width: 1, dash: [3, 3], value: ms },
      { label: "target", stroke: color.target, width: 1.5, dash: [8, 5], points: { show: false }, value: ms },
      { label: "maximum", stroke: color.limit, width: 1.5, dash: [2, 4], points: { show: false }, value: ms },
    ], [{}, { label: "ms", size: 56 }], { y: { range: (u, min, max) => [0, Math.max(10, max * 1.1)] } }, [controlMarkers()]);
    state.charts.rate = make("chart-rate", 160, [
      { label: "results/s", stroke: color.rate, width: 2, fill: "rgba(37, 99, 235, 0.12)", paths: stepped, value: (u, v) => (v == null ? "–" : v.toFixed(1)) },
    ], [{}, { size: 56 }], { y: { range: (u, min, max) => [0, Math.max(1, max * 1.15)] } });
    state.charts.settings = make("chart-settings", 200, [
      { label: "resolution", scale: "px", stroke: color.width, width: 2, paths: stepped, value: (u, v, s, i) => (v == null || i == null ? "–" : `${v}×${state.heights[i]}`) },
      { label: "frame skip", scale: "n", stroke: color.skip, width: 2, paths: stepped, value: (u, v) => (v == null ? "–" : String(v)) },
      { label: "batch", scale: "n", stroke: color.batch, width: 1.5, dash: [4, 3], paths: stepped, value: (u, v) => (v == null ? "–" : String(v)) },
    ], [{}, { scale: "px", label: "width px", size: 56 }, { scale: "n", side: 1, label: "skip · batch", size: 48, grid: { show: false }, incrs: [1, 2, 5, 10, 20, 50, 100] }],
    { px: { range: (u, min, max) => [0, Math.max(32, max * 1.15)] }, n: { range: (u, min, max) => [0, Math.max(4, max + 1)] } }, [controlMarkers()]);
    if (timeline.accuracy) {
      createAccuracy();
    }
  }

  // Drops per bucket, stacked by reason: each reason's bar reaches the sum of itself and the reasons below it, drawn tallest
  // first so each shows as its own band; the legend and the tests read the plain counts (state.drops). A new set of reasons
  // makes a new chart.
  function drops(timeline) {
    const series = timeline.drops.length > 0 ? timeline.drops : [{ reason: "none", sequences: timeline.time.map(() => 0) }];
    const key = series.map((d) => d.reason).join(",");
    state.drops = series;
    const stacked = [];
    let sum = timeline.time.map(() => 0);
    for (const d of series) {
      sum = sum.map((v, i) => v + d.sequences[i]);
      stacked.push(sum);
    }

    const top = series.map((d, i) => i).reverse();
    if (state.dropKey !== key) {
      state.charts.drops?.destroy();
      document.getElementById("chart-drops").replaceChildren();
      const bars = uPlot.paths.bars({ size: [0.85, 64], align: 1 });
      state.charts.drops = make("chart-drops", 160, top.map((i) => {
        const reason = series[i].reason;
        const fill = dropColor[reason] || dropColor.other;
        return { label: reason, stroke: fill, fill, width: 0, paths: bars, points: { show: false }, value: (u, v, s, idx) => (idx == null ? "–" : String(state.drops[i]?.sequences[idx] ?? 0)) };
      }), [{}, { size: 56, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }], { y: { range: (u, min, max) => [0, Math.max(4, max * 1.15)] } }, [controlMarkers()]);
      state.dropKey = key;
    }

    state.charts.drops.setData([timeline.time, ...top.map((i) => stacked[i])]);
    const total = series.reduce((n, d) => n + d.sequences.reduce((a, b) => a + b, 0), 0);
    document.getElementById("drops-note").textContent = total === 0
      ? `none in the window; sequences the silos dropped per ${timeline.bucketSeconds} s, stacked by reason`
      : `${total} in the window; sequences the silos dropped per ${timeline.bucketSeconds} s, stacked by reason`;
  }

  function createAccuracy() {
    document.getElementById("accuracy-panel").hidden = false;
    state.charts.accuracy = make("chart-accuracy", 160, [
      { label: "top-1", stroke: color.accuracy, width: 2, value: (u, v) => (v == null ? "–" : `${(v * 100).toFixed(1)}%`) },
    ], [{}, { size: 56, values: (u, ticks) => ticks.map((v) => `${Math.round(v * 100)}%`) }], { y: { range: [0, 1] } });
  }

  function decisions(controls) {
    const body = document.getElementById("decisions");
    const rows = controls.slice().reverse().map((control) => {
      const row = document.createElement("tr");
      for (const text of [clock(control.t), control.changes || "–", control.cause || "–", control.reason]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.appendChild(cell);
      }

      return row;
    });
    if (rows.length === 0) {
      const row = document.createElement("tr");
      row.innerHTML = '<td colspan="4" class="muted">none in the window</td>';
      rows.push(row);
    }

    body.replaceChildren(...rows);
  }

  function render(timeline) {
    const t = timeline.time;
    state.controls = timeline.controls.map((c) => ({ t: Date.parse(c.receivedAt) / 1000, reason: c.reason, cause: c.causeName, changes: c.changes }));
    state.heights = timeline.height;
    if (!state.charts.latency) {
      create(timeline);
    }

    const target = t.map(() => timeline.targetLatencyMs ?? null);
    const maximum = t.map(() => timeline.maxLatencyMs ?? null);
    state.charts.latency.setData([t, timeline.endToEndP50Ms, timeline.endToEndP95Ms, timeline.endToEndMaxMs, target, maximum]);
    state.charts.rate.setData([t, timeline.resultsPerSecond]);
    drops(timeline);
    state.charts.settings.setData([t, timeline.width, timeline.frameSkip, timeline.batchSize]);
    if (timeline.accuracy) {
      if (!state.charts.accuracy) {
        createAccuracy();
      }

      state.charts.accuracy.setData([t, timeline.accuracy]);
    }

    document.getElementById("latency-note").textContent = timeline.targetLatencyMs == null
      ? "no target reported yet"
      : timeline.maxLatencyMs == null
        ? `target ${Math.round(timeline.targetLatencyMs)} ms (the silo's latest latency report)`
        : `target ${Math.round(timeline.targetLatencyMs)} ms, maximum ${Math.round(timeline.maxLatencyMs)} ms (the silo's latest latency report; a sequence older than the maximum is dropped as stale)`;
    decisions(state.controls);
    serving(timeline.latest);
    preview(timeline.previewVersion);
  }

  // Which model serves the camera: the one its latest result names, with that result's top labels.
  function serving(latest) {
    if (!latest) {
      return;
    }

    state.latest = latest;
    document.getElementById("serving-model").textContent = latest.modelName;
    document.getElementById("serving-version").textContent = latest.modelVersion;
    document.getElementById("serving-detail").textContent = `· sequence ${latest.sequenceNumber} · ${ms(null, latest.endToEndLatencyMs)} end to end · ${clock(Date.parse(latest.receivedAt) / 1000)} UTC`;
    const percent = (c) => `${(c * 100).toFixed(1).replace(/\.0$/, "")}%`;
    document.getElementById("serving-labels").textContent = latest.topK.map((s) => `${s.label} ${percent(s.confidence)}`).join(" · ");
    document.getElementById("serving-panel").hidden = false;
  }

  // The preview's URL carries its version: the browser fetches each preview once, and only when a new one arrived.
  function preview(version) {
    if (version == null || version === state.previewVersion) {
      return;
    }

    state.previewVersion = version;
    document.getElementById("preview").src = `${root.dataset.preview}?v=${version}`;
    document.getElementById("preview-panel").hidden = false;
  }

  async function refresh() {
    if (document.hidden) {
      setTimeout(refresh, interval);
      return;
    }

    const started = performance.now();
    try {
      const response = await fetch(root.dataset.source, { cache: "no-store", headers: { Accept: "application/json" } });
      if (response.status === 404) {
        document.getElementById("charts-waiting").hidden = false;
      } else if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      } else {
        document.getElementById("charts-waiting").hidden = true;
        render(await response.json());
        state.updates++;
        state.lastUpdateMs = performance.now() - started;
      }

      failures = 0;
      show("live", true);
    } catch (error) {
      failures++;
      show(`dashboard unreachable (${error.message}), retrying`, false);
    } finally {
      setTimeout(refresh, failures === 0 ? interval : Math.min(interval * 2 ** failures, maxBackoff));
    }
  }

  window.addEventListener("resize", () => {
    for (const chart of Object.values(state.charts)) {
      chart.setSize({ width: Math.max(chart.root.parentElement.clientWidth, 300), height: chart.height });
    }
  });

  refresh();
})();
