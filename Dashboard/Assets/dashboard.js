// Live updates without a build step: fetch the server-rendered live section and swap it in.
// Backs off while the dashboard itself is unreachable and says so in the top bar.
(() => {
  "use strict";
  const live = document.getElementById("live");
  const indicator = document.getElementById("refresh-state");
  if (!live || !indicator) {
    return;
  }

  const interval = Number(live.dataset.interval) || 1000;
  const maxBackoff = 15000;
  let failures = 0;

  // While the dashboard is unreachable the cards are dimmed: their ages and rates are frozen, not current.
  function show(text, healthy) {
    indicator.textContent = text;
    indicator.className = healthy ? "refresh ok" : "refresh bad";
    live.classList.toggle("frozen", !healthy);
  }

  async function refresh() {
    if (document.hidden) {
      setTimeout(refresh, interval);
      return;
    }

    try {
      const response = await fetch(live.dataset.source, { cache: "no-store", headers: { Accept: "text/html" } });
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }

      live.innerHTML = await response.text();
      failures = 0;
      show("live", true);
    } catch (error) {
      failures++;
      show(`dashboard unreachable (${error.message}), retrying`, false);
    } finally {
      setTimeout(refresh, failures === 0 ? interval : Math.min(interval * 2 ** failures, maxBackoff));
    }
  }

  setTimeout(refresh, interval);
})();
