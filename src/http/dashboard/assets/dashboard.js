/* global Chart, document, window, fetch, setTimeout */
// The dashboard's client side: draws the charts from the JSON each page embeds (figures
// and words come from the server, nothing is computed here), submits the tenant picker on
// change, and runs the Recalculate button. Numbers are formatted in the page's language
// with the same minus sign (−) as the server's.

const SEGMENT_COLOURS = { A: '#1b7f4b', B: '#2f6fb0', C: '#c48a00', D: '#c0392b' };
const LEVEL_COLOURS = {
  top: '#0b4f2e', large: '#1b7f4b', medium: '#2f6fb0', small: '#c48a00',
  inactive: '#9e9e9e', prospect: '#b9c7d6', suspect: '#dde3ea',
};
const COST_COLOUR = '#e39b8f';
const MARGIN_COLOUR = '#2f6fb0';
const GAIN_COLOUR = '#1b7f4b';
const LOSS_COLOUR = '#c0392b';
/** The whale curve after the what-if: a colour no segment has. */
const WHAT_IF_COLOUR = '#7b3fb5';

const locale = document.documentElement.lang === 'nl' ? 'nl-NL' : 'en-GB';
const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const minus = (text) => text.replace(/-/g, '−');
const amount = (n) => minus(whole.format(Math.round(n) || 0));
/** A value already in percent (0..100), as the axes of the whale curve use it. */
const pct = (n, digits = 0) => `${minus(new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n))}%`;

function pageData(id) {
  const block = document.getElementById(id);
  return block ? JSON.parse(block.textContent) : null;
}

function baseOptions(extra) {
  return { animation: false, responsive: true, maintainAspectRatio: false, ...extra };
}

/** Draws each bar's value at its end (right of a horizontal bar, above or below a vertical one), so the chart reads without hovering. */
const barValues = (format) => ({
  id: 'kwBarValues',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === 'y';
    ctx.save();
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = '#222';
    chart.getDatasetMeta(0).data.forEach((bar, i) => {
      if (horizontal) {
        ctx.textBaseline = 'middle';
        ctx.fillText(format(i), Math.max(bar.x, bar.base) + 6, bar.y);
      } else {
        const below = bar.y > bar.base;
        ctx.textAlign = 'center';
        ctx.textBaseline = below ? 'top' : 'bottom';
        ctx.fillText(format(i), bar.x, bar.y + (below ? 4 : -4));
      }
    });
    ctx.restore();
  },
});

function whaleChart(canvas, whale) {
  const projected = whale.projected;
  /** A peak: a dashed drop line, a dot and its label (above the dot, or below it for the what-if's peak). */
  const mark = (chart, peak, colour, below) => {
    const { ctx, chartArea, scales } = chart;
    const x = scales.x.getPixelForValue(peak.x);
    const y = scales.y.getPixelForValue(peak.y);
    ctx.save();
    ctx.strokeStyle = colour;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x, chartArea.bottom);
    ctx.lineTo(x, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.arc(x, y, 5, 0, 2 * Math.PI);
    ctx.fill();
    // Smaller type when the label is wider than the chart (a phone), and never past its edges.
    ctx.font = '600 13px system-ui, sans-serif';
    const room = chartArea.right - chartArea.left;
    const natural = ctx.measureText(peak.label).width;
    if (natural > room) ctx.font = `600 ${Math.max(8, Math.floor((13 * room) / natural))}px system-ui, sans-serif`;
    const width = ctx.measureText(peak.label).width;
    const left = x < (chartArea.left + chartArea.right) / 2 || x - 10 - width < chartArea.left;
    ctx.textAlign = left ? 'left' : 'right';
    const textX = left ? Math.max(chartArea.left, Math.min(x + 10, chartArea.right - width)) : x - 10;
    ctx.fillText(peak.label, textX, below ? y + 22 : y - 12);
    ctx.restore();
  };
  const peakMark = {
    id: 'kwPeak',
    afterDatasetsDraw(chart) {
      if (whale.peak) mark(chart, whale.peak, '#222', false);
      if (projected) mark(chart, projected.peak, WHAT_IF_COLOUR, true);
    },
  };
  const words = whale.words;
  const curve = { label: words.curve, data: whale.points, showLine: true, borderColor: '#444', backgroundColor: '#444', borderWidth: 2, pointRadius: 0, order: 2 };
  const after = projected
    ? [{ label: words.projected, data: projected.points, showLine: true, borderColor: WHAT_IF_COLOUR, backgroundColor: WHAT_IF_COLOUR, borderDash: [8, 4], borderWidth: 2, pointRadius: 0, order: 2 }]
    : [];
  const hundred = { label: '100%', data: [{ x: 0, y: 100 }, { x: 100, y: 100 }], showLine: true, borderColor: '#999', borderDash: [6, 4], borderWidth: 1, pointRadius: 0, order: 3 };
  const segments = Object.keys(SEGMENT_COLOURS).map((segment) => ({
    label: words.segments[segment],
    data: whale.points.filter((p) => p.segment === segment),
    backgroundColor: SEGMENT_COLOURS[segment],
    borderColor: SEGMENT_COLOURS[segment],
    pointRadius: whale.points.length > 200 ? 2 : 4,
    order: 1,
  }));
  return new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [curve, ...after, ...segments, hundred] },
    options: baseOptions({
      scales: {
        x: { min: 0, max: 100, title: { display: true, text: words.xAxis }, ticks: { callback: (v) => pct(v) } },
        y: { grace: '12%', title: { display: true, text: words.yAxis }, ticks: { callback: (v) => pct(v) } },
      },
      plugins: {
        legend: { labels: { filter: (item) => item.text !== '100%' } },
        tooltip: {
          callbacks: {
            label: (item) => item.raw.label || item.dataset.label,
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
      datasets: [{ label: '', data: rows.map((r) => [-r.companies / 2, r.companies / 2]), backgroundColor: rows.map((r) => LEVEL_COLOURS[r.level]), barPercentage: 0.95, categoryPercentage: 0.95 }],
    },
    options: baseOptions({
      indexAxis: 'y',
      layout: { padding: { right: 40 } },
      scales: { x: { display: false }, y: { grid: { display: false } } },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => rows[item.dataIndex].tooltip,
          },
        },
      },
    }),
    plugins: [barValues((i) => amount(rows[i].companies))],
  });
}

/** One segment's margin, cost-to-serve and net contribution on the segment's own scale. */
function segmentChart(canvas, figures, row) {
  const values = figures.map((f) => row[f.key]);
  const colours = figures.map((f, i) => (f.key === 'costToServe' ? COST_COLOUR : f.key === 'grossMargin' ? MARGIN_COLOUR : values[i] < 0 ? LOSS_COLOUR : GAIN_COLOUR));
  return new Chart(canvas, {
    type: 'bar',
    // A label's words on lines of their own, so three labels fit under a narrow chart.
    data: { labels: figures.map((f) => f.label.split(' ')), datasets: [{ label: '', data: values, backgroundColor: colours }] },
    options: baseOptions({
      layout: { padding: { top: 18, bottom: 4 } },
      scales: {
        y: { beginAtZero: true, grace: '18%', ticks: { maxTicksLimit: 5, callback: (v) => amount(v) } },
        x: { grid: { display: false }, ticks: { autoSkip: false, maxRotation: 0 } },
      },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => amount(item.raw) } } },
    }),
    plugins: [barValues((i) => amount(values[i]))],
  });
}

function ownerChart(canvas, { words, rows: owners }) {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: owners.map((o) => o.owner ?? o.ownerId),
      datasets: Object.keys(SEGMENT_COLOURS).map((segment) => ({
        label: words[segment],
        data: owners.map((o) => o.overdue[segment]),
        backgroundColor: SEGMENT_COLOURS[segment],
      })),
    },
    options: baseOptions({ indexAxis: 'y', scales: { x: { stacked: true, ticks: { precision: 0, callback: (v) => amount(v) } }, y: { stacked: true } } }),
  });
}

function costChart(canvas, costs) {
  const lines = costs.filter((c) => c.amount > 0);
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: lines.map((c) => c.label), datasets: [{ label: '', data: lines.map((c) => c.amount), backgroundColor: COST_COLOUR }] },
    options: baseOptions({
      indexAxis: 'y',
      layout: { padding: { right: 50 } },
      scales: { x: { ticks: { callback: (v) => amount(v) } } },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => amount(item.raw) } } },
    }),
    plugins: [barValues((i) => amount(lines[i].amount))],
  });
}

function historyChart(canvas, history, words) {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: history.map((h) => h.asOf),
      datasets: [
        {
          label: words.totalValue,
          data: history.map((h) => h.totalValue),
          borderColor: '#2f6fb0',
          backgroundColor: '#2f6fb0',
          pointBackgroundColor: history.map((h) => SEGMENT_COLOURS[h.segment] || '#999'),
          pointRadius: 6,
        },
        { label: words.netContribution, data: history.map((h) => h.netContribution), borderColor: GAIN_COLOUR, backgroundColor: GAIN_COLOUR, borderDash: [5, 4], pointRadius: 3 },
      ],
    },
    options: baseOptions({
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => amount(v) } } },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${amount(item.raw)}`,
            afterBody: (items) => words.segment.replace('{segment}', history[items[0].dataIndex].segment || words.none),
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
    for (const row of overview.segments.rows) draw(`segment-chart-${row.segment}`, segmentChart, overview.segments.figures, row);
    draw('owner-chart', ownerChart, overview.owners);
  }
  const company = pageData('kw-company-data');
  if (company) {
    draw('cost-chart', costChart, company.costs);
    draw('history-chart', historyChart, company.history, company.words);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function json(response) {
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${response.status}`);
  return body;
}

/** Waits for the tenant's recalculation to end, then reloads the page with the new figures. */
const words = () => pageData('kw-words');

async function followRecalculation(button, status) {
  const query = `?tenant=${encodeURIComponent(button.dataset.tenant)}`;
  button.disabled = true;
  status.textContent = words().recalculating;
  try {
    for (;;) {
      const { recalculation } = await json(await fetch(`/dashboard/api/runs${query}`, { headers: { Accept: 'application/json' } }));
      if (recalculation && recalculation.state === 'failed') throw new Error(recalculation.error ? recalculation.error.message : 'unknown error');
      if (!recalculation || recalculation.state === 'succeeded') break;
      await sleep(1000);
    }
    status.textContent = words().reloading;
    window.location.reload();
  } catch (error) {
    status.textContent = `${words().failed} ${error.message}`;
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
      status.textContent = `${words().couldNotStart} ${error.message}`;
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
