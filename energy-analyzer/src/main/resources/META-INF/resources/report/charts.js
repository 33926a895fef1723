/*
 * The report's charts, drawn by uPlot (the webjar the analyzer serves; loaded before this module as the
 * global uPlot): bars comparing the programs' energy and power, and each complete run's energy over time.
 * Each chart's <figure> gets data-drawn="true" once uPlot has drawn it ("empty" when there is nothing to draw).
 */
import {ENERGY_UNITS, POWER_UNITS, quantity, unitFor, utc} from './format.js';

const PROGRAM_COLORS = ['#1f5fbf', '#d9822b', '#2e9e5b', '#b03a8c', '#7a5cc4', '#c23b22', '#178a99', '#8c6d1f'];
const METRIC_COLORS = {max: '#c2452d', mean: '#1f5fbf', min: '#5aa469', total: '#1f5fbf'};
const CHART_HEIGHT = 240;

const charts = [];

/** A sentence in place of a chart. */
function say(figure, text) {
  const p = document.createElement('p');
  p.className = 'muted';
  p.textContent = text;
  figure.querySelector('.plot').replaceChildren(p);
}

export function destroyCharts() {
  charts.splice(0).forEach((chart) => chart.destroy());
  document.querySelectorAll('figure.chart').forEach((figure) => {
    delete figure.dataset.drawn;
    figure.querySelector('.plot').replaceChildren();
  });
}

function axisNumber(value) {
  return String(Number(value.toPrecision(4)));
}

/** A name cut in its middle to about `chars` characters: common prefixes stay told apart by their ends. */
function fitted(name, chars) {
  if (name.length <= chars) {
    return name;
  }
  const head = Math.ceil((chars - 1) / 2);
  return name.slice(0, head) + '…' + name.slice(name.length - (chars - 1 - head));
}

/** One place for every chart: size from its figure, the drawn flag, kept for resizing. */
function plot(figureId, options, data) {
  const figure = document.getElementById(figureId);
  const target = figure.querySelector('.plot');
  options.width = Math.max(200, target.clientWidth);
  options.height = CHART_HEIGHT;
  options.hooks = {draw: [() => { figure.dataset.drawn = 'true'; }]};
  const chart = new uPlot(options, data, target);
  charts.push(chart);
  return chart;
}

function axisFor(units, values, title) {
  const largest = values.reduce((most, v) => (v == null ? most : Math.max(most, Math.abs(v))), 0);
  const [factor, unit] = unitFor(largest, units);
  return {
    label: title + ' (' + unit + ')',
    size: 64,
    values: (u, splits) => splits.map((v) => axisNumber(v / factor)),
  };
}

/** Bars of several metrics side by side for each program. */
function barChart(figureId, names, metrics, units, title) {
  const count = names.length;
  const group = 0.8;
  const width = group / metrics.length;
  const xs = names.map((name, i) => i);
  const all = metrics.flatMap((m) => m.values);
  const options = {
    scales: {
      x: {time: false, range: () => [-0.5, count - 0.5]},
      y: {range: (u, min, max) => [0, max > 0 ? max * 1.08 : 1]},
    },
    axes: [
      {
        splits: () => xs,
        values: (u, splits) => {
          const chars = Math.max(5, Math.floor(u.bbox.width / devicePixelRatio / count / 7.5));
          return splits.map((i) => (names[i] == null ? '' : fitted(names[i], chars)));
        },
        grid: {show: false},
      },
      axisFor(units, all, title),
    ],
    cursor: {points: {show: false}, drag: {x: false, y: false}},
    series: [{label: 'Program', value: (u, i) => (i == null || names[i] == null ? '–' : names[i])}].concat(metrics.map((metric, j) => ({
      label: metric.label,
      stroke: metric.color,
      fill: metric.color + 'd0',
      width: 1,
      points: {show: false},
      value: (u, v) => (v == null ? '–' : quantity(v, units)),
      paths: uPlot.paths.bars({
        disp: {
          x0: {unit: 1, values: (u) => u.data[0].map((x) => x - group / 2 + j * width)},
          size: {unit: 1, values: () => [width * 0.9]},
        },
      }),
    }))),
  };
  plot(figureId, options, [xs, ...metrics.map((m) => m.values)]);
}

/** Time axis labels in UTC, 24 h: the time, and the date under the first tick of each day (or only dates over long spans). */
function utcTicks(u, splits) {
  const span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
  let lastDay = null;
  return splits.map((ts) => {
    const iso = new Date(ts * 1000).toISOString();
    const day = iso.slice(0, 10);
    if (span >= 4 * 86400) {
      return day;
    }
    const time = iso.slice(11, 16);
    const label = day === lastDay ? time : time + '\n' + day;
    lastDay = day;
    return label;
  });
}

/** Each complete run's energy against its end time, one series per program. */
function runsChart(figureId, runsByProgram) {
  const times = [...new Set(runsByProgram.flatMap((p) => p.runs.map((r) => Date.parse(r.end) / 1000)))].sort((a, b) => a - b);
  const figure = document.getElementById(figureId);
  if (times.length === 0) {
    say(figure, 'No complete run to draw.');
    figure.dataset.drawn = 'empty';
    return;
  }
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = runsByProgram.map((p) => {
    const column = new Array(times.length).fill(null);
    p.runs.forEach((run) => { column[index.get(Date.parse(run.end) / 1000)] = run.energyJoules; });
    return column;
  });
  const first = times[0];
  const last = times[times.length - 1];
  const options = {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    scales: {
      x: {time: true, range: () => (first === last ? [first - 3600, last + 3600] : [first, last])},
      y: {range: (u, min, max) => [0, max > 0 ? max * 1.08 : 1]},
    },
    axes: [{values: utcTicks, space: 60}, axisFor(ENERGY_UNITS, columns.flat(), 'Energy per run')],
    series: [{label: 'Run end (UTC)', value: (u, ts) => (ts == null ? '–' : utc(new Date(ts * 1000).toISOString()))}].concat(runsByProgram.map((p, i) => ({
      label: p.program,
      stroke: PROGRAM_COLORS[i % PROGRAM_COLORS.length],
      width: 1.5,
      spanGaps: true,
      points: {show: true, size: 7, fill: PROGRAM_COLORS[i % PROGRAM_COLORS.length]},
      value: (u, v) => (v == null ? '–' : quantity(v, ENERGY_UNITS)),
    }))),
  };
  plot(figureId, options, [times, ...columns]);
}

/**
 * The four charts of a `GET /v1/reports` answer and the runs ({program, runs}[] from
 * `/v1/programs/{name}/energy`, null when they could not be loaded).
 */
export function drawCharts(report, runsByProgram) {
  destroyCharts();
  const note = document.getElementById('charts-note');
  if (typeof uPlot === 'undefined') {
    note.textContent = 'The charting library (uPlot, served by the analyzer under ../webjars/) did not load, so the charts are missing; '
        + 'the table holds every figure.';
    note.hidden = false;
    return;
  }
  note.hidden = true;
  const names = report.programs.map((p) => p.program);
  const overall = report.programs.map((p) => p.overall);
  const energy = (key) => overall.map((s) => (s.energyJoules ? s.energyJoules[key] : null));
  barChart('chart-energy-per-run', names, [
    {label: 'max', values: energy('max'), color: METRIC_COLORS.max},
    {label: 'mean', values: energy('mean'), color: METRIC_COLORS.mean},
    {label: 'min', values: energy('min'), color: METRIC_COLORS.min},
  ], ENERGY_UNITS, 'Energy per run');
  barChart('chart-energy-total', names, [{label: 'total', values: energy('total'), color: METRIC_COLORS.total}], ENERGY_UNITS, 'Energy');
  barChart('chart-power', names, [
    {label: 'peak', values: overall.map((s) => s.peakWatts), color: METRIC_COLORS.max},
    {label: 'mean', values: overall.map((s) => s.meanWatts), color: METRIC_COLORS.mean},
    {label: 'min', values: overall.map((s) => s.minWatts), color: METRIC_COLORS.min},
  ], POWER_UNITS, 'Power');
  if (runsByProgram == null) {
    say(document.getElementById('chart-runs'), 'The runs could not be loaded (see the runs below).');
    return;
  }
  const complete = runsByProgram.map((p) => ({program: p.program, runs: p.runs.filter((r) => r.status === 'complete' && r.energyJoules != null)}));
  runsChart('chart-runs', complete.filter((p) => p.runs.length > 0));
}

export function resizeCharts() {
  charts.forEach((chart) => {
    const width = Math.max(200, chart.root.parentElement.clientWidth);
    if (width !== chart.width) {
      chart.setSize({width, height: CHART_HEIGHT});
    }
  });
}
