// Tổng quan số liệu: draws the charts from #dashboard-charts (see reports/views/dashboard.py). Animation is off so
// each chart is complete at once; each is then also copied into an <img> that the print stylesheet shows instead
// of the canvas, so paper gets the same picture whatever the printer's page width.
(function () {
  "use strict";
  const source = document.getElementById("dashboard-charts");
  document.querySelectorAll("[data-action=print]").forEach((button) => button.addEventListener("click", () => window.print()));
  if (!source || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  const number = (v) => Number(v).toLocaleString("vi-VN");
  const vnd = (v) => number(v) + " ₫";
  const palette = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#d63384", "#20c997", "#ffc107", "#0dcaf0",
    "#6c757d", "#dc3545", "#6610f2"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#212529";

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options);
    const chart = new Chart(canvas, config);
    const image = document.createElement("img");
    image.className = "chart-print";
    image.alt = canvas.getAttribute("aria-label") || "";
    image.src = chart.toBase64Image("image/png", 1);
    canvas.after(image);
  }

  if (data.categories) {
    draw("chart-categories", {
      type: "doughnut",
      data: { labels: data.categories.labels,
               datasets: [{ data: data.categories.values, backgroundColor: palette, borderColor: "#fff" }] },
      options: { plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: { callbacks: { label: (item) => item.label + ": " + number(item.raw) } },
      } },
    });
  }
  if (data.spending) {
    draw("chart-spending", {
      type: "line",
      data: { labels: data.spending.labels, datasets: [{
        label: data.spending.label, data: data.spending.values, borderColor: "#0d6efd",
        backgroundColor: "rgba(13, 110, 253, 0.08)", fill: true, pointRadius: 3,
      }] },
      options: {
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => vnd(v) } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => vnd(item.raw) } } },
      },
    });
  }
  if (data.cashless) {
    draw("chart-cashless", {
      type: "bar",
      data: { labels: data.cashless.labels, datasets: [
        { label: data.cashless.people_label, data: data.cashless.people, backgroundColor: "#198754" },
        { label: data.cashless.money_label, data: data.cashless.money, backgroundColor: "#0d6efd" },
      ] },
      options: {
        indexAxis: "y",
        scales: { x: { min: 0, max: 100, ticks: { callback: (v) => v + "%" } }, y: { ticks: { autoSkip: false } } },
        plugins: { legend: { position: "bottom" },
                   tooltip: { callbacks: { label: (item) => item.dataset.label + ": " + number(item.raw) + "%" } } },
      },
    });
  }
})();
