// Live updates without a build step: fetch the server-rendered live section (for the filters chosen) and swap it in.
// Backs off while the dashboard itself is unreachable and says so in the top bar.
(() => {
  "use strict";
  const live = document.getElementById("live");
  const indicator = document.getElementById("refresh-state");
  const filters = document.getElementById("filters");
  if (!live || !indicator) {
    return;
  }

  const interval = Number(live.dataset.interval) || 1000;
  const maxBackoff = 15000;
  const base = live.dataset.source;
  // How long each update took, fetch to laid-out page; read by the browser tests and handy in the console.
  const timing = { updates: 0, lastUpdateMs: null, maxUpdateMs: 0, recentMs: [] };
  window.edgeVisionDashboard = timing;
  let failures = 0;
  let timer = null;

  // While the dashboard is unreachable the cards are dimmed: their ages and rates are frozen, not current.
  function show(text, healthy) {
    indicator.textContent = text;
    indicator.className = healthy ? "refresh ok" : "refresh bad";
    live.classList.toggle("frozen", !healthy);
  }

  function query() {
    const params = new URLSearchParams();
    if (filters) {
      for (const [name, value] of new FormData(filters)) {
        if (value) {
          params.set(name, value);
        }
      }
    }

    return params;
  }

  // The site list grows as cameras appear; the choice in force is kept.
  function updateSites() {
    const select = document.getElementById("filter-site");
    const shown = document.getElementById("shown");
    if (!select || !shown) {
      return;
    }

    const sites = JSON.parse(shown.dataset.sites || "[]");
    const known = Array.from(select.options).slice(1).map((o) => o.value);
    if (sites.length === known.length && sites.every((s, i) => s === known[i])) {
      return;
    }

    const chosen = select.value;
    select.replaceChildren(new Option("all sites", ""), ...sites.map((s) => new Option(s, s, false, s === chosen)));
  }

  async function refresh() {
    timer = null;
    if (document.hidden) {
      timer = setTimeout(refresh, interval);
      return;
    }

    const started = performance.now();
    try {
      const params = query();
      const response = await fetch(`${base}${params.size ? `&${params}` : ""}`, { cache: "no-store", headers: { Accept: "text/html" } });
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }

      live.innerHTML = await response.text();
      void live.offsetHeight;
      timing.lastUpdateMs = performance.now() - started;
      timing.maxUpdateMs = Math.max(timing.maxUpdateMs, timing.lastUpdateMs);
      timing.recentMs.push(timing.lastUpdateMs);
      if (timing.recentMs.length > 100) {
        timing.recentMs.shift();
      }

      timing.updates++;
      updateSites();
      failures = 0;
      show("live", true);
    } catch (error) {
      failures++;
      show(`dashboard unreachable (${error.message}), retrying`, false);
    } finally {
      if (timer === null) {
        timer = setTimeout(refresh, failures === 0 ? interval : Math.min(interval * 2 ** failures, maxBackoff));
      }
    }
  }

  // A filter applies at once and stays in the address, so the view can be bookmarked or shared.
  if (filters) {
    filters.addEventListener("change", () => {
      const params = query();
      history.replaceState(null, "", params.size ? `?${params}` : location.pathname);
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
        refresh();
      }
    });
  }

  timer = setTimeout(refresh, interval);
})();
