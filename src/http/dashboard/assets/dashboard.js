/* global Chart, document, window, fetch, setTimeout */
// The dashboard's client side: draws the charts from the JSON each page embeds (figures
// come from the server, nothing is computed here), submits the tenant picker on change,
// and runs the Recalculate button.

const SEGMENT_COLOURS = { A: '#1b7f4b', B: '#2f6fb0', C: '#c48a00', D: '#c0392b' };
const LEVEL_COLOURS = {
  top: '#0b4f2e', large: '#1b7f4b', medium: '#2f6fb0', small: '#c48a00',
  inactive: '#9e9e9e', prospect: '#b9c7d6', suspect: '#dde3ea',
};
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const amount = (n) => (Math.round(n) < 0 ? `−${whole.format(-Math.round(n))}` : whole.format(Math.round(n)));
const pct = (n, digits = 0) => `${n.toFixed(digits)}%`;

function pageData(id) {
  const block = document.getElementById(id);
  return block ? JSON.parse(block.textContent) : null;
}

function baseOptions(extra) {
  return { animation: false, responsive: true, maintainAspectRatio: false, ...extra };
}

/** Draws each bar's value at its end, so the chart reads without hovering. */
const barValues = (format) => ({
  id: 'kwBarValues',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = '#222';
    ctx.textBaseline = 'middle';
    chart.getDatasetMeta(0).data.forEach((bar, i) => {
      ctx.fillText(format(i), Math.max(bar.x, bar.base) + 6, bar.y);
    });
    ctx.restore();
  },
});

function whaleChart(canvas, whale) {
  const peak = whale.peak;
  const peakMark = {
    id: 'kwPeak',
    afterDatasetsDraw(chart) {
      if (!peak) return;
      const { ctx, chartArea, scales } = chart;
      const x = scales.x.getPixelForValue(peak.x);
      const y = scales.y.getPixelForValue(peak.y);
      ctx.save();
      ctx.strokeStyle = '#222';
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.bottom);
      ctx.lineTo(x, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#222';
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.font = '600 13px system-ui, sans-serif';
      const left = x < (chartArea.left + chartArea.right) / 2;
      ctx.textAlign = left ? 'left' : 'right';
      ctx.fillText(`Peak: ${whole.format(peak.rank)} customers (${pct(peak.x, 1)}) → ${pct(peak.y, 1)}`, x + (left ? 10 : -10), y - 12);
      ctx.restore();
    },
  };
  const curve = { label: 'Net contribution', data: whale.points, showLine: true, borderColor: '#444', backgroundColor: '#444', borderWidth: 2, pointRadius: 0, order: 2 };
  const hundred = { label: '100%', data: [{ x: 0, y: 100 }, { x: 100, y: 100 }], showLine: true, borderColor: '#999', borderDash: [6, 4], borderWidth: 1, pointRadius: 0, order: 3 };
  const segments = Object.keys(SEGMENT_COLOURS).map((segment) => ({
    label: `Segment ${segment}`,
    data: whale.points.filter((p) => p.segment === segment),
    backgroundColor: SEGMENT_COLOURS[segment],
    borderColor: SEGMENT_COLOURS[segment],
    pointRadius: whale.points.length > 200 ? 2 : 4,
    order: 1,
  }));
  return new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [curve, ...segments, hundred] },
    options: baseOptions({
      scales: {
        x: { min: 0, max: 100, title: { display: true, text: 'Customers, most profitable first' }, ticks: { callback: (v) => pct(v) } },
        y: { grace: '12%', title: { display: true, text: 'Cumulative share of net contribution' }, ticks: { callback: (v) => pct(v) } },
      },
      plugins: {
        legend: { labels: { filter: (item) => item.text !== '100%' } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const p = item.raw;
              return p.rank ? `#${whole.format(p.rank)} (${p.segment}): ${pct(p.y, 1)} of net contribution` : item.dataset.label;
            },
          },
        },
      },
    }),
    plugins: [peakMark],
  });
}

function pyramidChart(canvas, rows) {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: [{ label: 'Companies', data: rows.map((r) => [-r.companies / 2, r.companies / 2]), backgroundColor: rows.map((r) => LEVEL_COLOURS[r.level]), barPercentage: 0.95, categoryPercentage: 0.95 }],
    },
    options: baseOptions({
      indexAxis: 'y',
      layout: { padding: { right: 40 } },
      scales: { x: { display: false }, y: { grid: { display: false } } },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const r = rows[item.dataIndex];
              return [`${amount(r.companies)} companies`, `revenue ${amount(r.revenue)}`, `net contribution ${amount(r.netContribution)}`];
            },
          },
        },
      },
    }),
    plugins: [barValues((i) => amount(rows[i].companies))],
  });
}

function segmentChart(canvas, segments) {
  const series = [
    ['Revenue', 'revenue', '#9bb7d4'],
    ['Gross margin', 'grossMargin', '#2f6fb0'],
    ['Cost-to-serve', 'costToServe', '#e39b8f'],
    ['Net contribution', 'netContribution', '#1b7f4b'],
  ];
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: segments.map((s) => `Segment ${s.segment}`),
      datasets: series.map(([label, key, colour]) => ({ label, data: segments.map((s) => s[key]), backgroundColor: colour })),
    },
    options: baseOptions({
      scales: { y: { ticks: { callback: (v) => amount(v) } } },
      plugins: { tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${amount(item.raw)}` } } },
    }),
  });
}

function ownerChart(canvas, owners) {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: owners.map((o) => o.owner ?? o.ownerId),
      datasets: Object.keys(SEGMENT_COLOURS).map((segment) => ({
        label: `Overdue ${segment}`,
        data: owners.map((o) => o.overdue[segment]),
        backgroundColor: SEGMENT_COLOURS[segment],
      })),
    },
    options: baseOptions({ indexAxis: 'y', scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } } }),
  });
}

function costChart(canvas, costs) {
  const lines = costs.filter((c) => c.amount > 0);
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: lines.map((c) => c.label), datasets: [{ label: 'Cost-to-serve', data: lines.map((c) => c.amount), backgroundColor: '#e39b8f' }] },
    options: baseOptions({
      indexAxis: 'y',
      layout: { padding: { right: 50 } },
      scales: { x: { ticks: { callback: (v) => amount(v) } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => amount(item.raw) } } },
    }),
    plugins: [barValues((i) => amount(lines[i].amount))],
  });
}

function historyChart(canvas, history) {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: history.map((h) => h.asOf),
      datasets: [
        {
          label: 'Total value',
          data: history.map((h) => h.totalValue),
          borderColor: '#2f6fb0',
          backgroundColor: '#2f6fb0',
          pointBackgroundColor: history.map((h) => SEGMENT_COLOURS[h.segment] || '#999'),
          pointRadius: 6,
        },
        { label: 'Net contribution', data: history.map((h) => h.netContribution), borderColor: '#1b7f4b', backgroundColor: '#1b7f4b', borderDash: [5, 4], pointRadius: 3 },
      ],
    },
    options: baseOptions({
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => amount(v) } } },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${amount(item.raw)}`,
            afterBody: (items) => `Segment: ${history[items[0].dataIndex].segment || 'none'}`,
          },
        },
      },
    }),
  });
}

function drawCharts() {
  const draw = (id, make, ...args) => {
    const canvas = document.getElementById(id);
    if (canvas) make(canvas, ...args);
  };
  const overview = pageData('kw-overview-data');
  if (overview) {
    draw('whale-chart', whaleChart, overview.whale);
    draw('pyramid-chart', pyramidChart, overview.pyramid);
    draw('segment-chart', segmentChart, overview.segments);
    draw('owner-chart', ownerChart, overview.owners);
  }
  const company = pageData('kw-company-data');
  if (company) {
    draw('cost-chart', costChart, company.costs);
    draw('history-chart', historyChart, company.history);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function json(response) {
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${response.status}`);
  return body;
}

/** Waits for the tenant's recalculation to end, then reloads the page with the new figures. */
async function followRecalculation(button, status) {
  const query = `?tenant=${encodeURIComponent(button.dataset.tenant)}`;
  button.disabled = true;
  status.textContent = 'Recalculating…';
  try {
    for (;;) {
      const { recalculation } = await json(await fetch(`/dashboard/api/runs${query}`, { headers: { Accept: 'application/json' } }));
      if (recalculation && recalculation.state === 'failed') throw new Error(recalculation.error ? recalculation.error.message : 'unknown error');
      if (!recalculation || recalculation.state === 'succeeded') break;
      await sleep(1000);
    }
    status.textContent = 'Done; loading the new figures…';
    window.location.reload();
  } catch (error) {
    status.textContent = `Recalculation failed: ${error.message}`;
    status.classList.add('error');
    button.disabled = false;
  }
}

function wireRecalculate() {
  const button = document.getElementById('recalculate');
  const status = document.getElementById('recalculate-status');
  if (!button || !status) return;
  const query = `?tenant=${encodeURIComponent(button.dataset.tenant)}`;
  button.addEventListener('click', async () => {
    status.classList.remove('error');
    try {
      await json(await fetch(`/dashboard/api/recalculate${query}`, { method: 'POST', headers: { Accept: 'application/json' } }));
    } catch (error) {
      status.textContent = `Could not start: ${error.message}`;
      status.classList.add('error');
      return;
    }
    await followRecalculation(button, status);
  });
  // Someone else may have started one: show it rather than offer a second.
  fetch(`/dashboard/api/runs${query}`, { headers: { Accept: 'application/json' } })
    .then(json)
    .then(({ recalculation }) => {
      if (recalculation && recalculation.state === 'running') return followRecalculation(button, status);
      return undefined;
    })
    .catch(() => {});
}

function wireTenantPicker() {
  for (const select of document.querySelectorAll('select[data-autosubmit]')) {
    select.addEventListener('change', () => select.form.submit());
  }
}

document.addEventListener('DOMContentLoaded', () => {
  wireTenantPicker();
  wireRecalculate();
  if (typeof Chart === 'undefined') return;
  drawCharts();
  document.body.dataset.chartsDrawn = 'true';
});
