/*
 * The report page: the analyzer's own JSON API drawn as a table, charts and a list of runs.
 *   GET ../v1/programs                      the picker
 *   GET ../v1/reports?program=a&program=b   the table and the bar charts (complete runs only)
 *   GET ../v1/programs/{name}/energy        the runs (chart over time and list)
 * The selection lives in the address (?program=a&program=b). <body data-state> is loading, idle
 * (nothing chosen), ready or error.
 */
import {ApiError, apiUrl, getJson, programQuery} from './api.js';
import {destroyCharts, drawCharts, resizeCharts} from './charts.js';
import {ENERGY_UNITS, POWER_UNITS, TIME_UNITS, quantity, utc} from './format.js';

const ALL_SYSTEMS = 'all systems';
const RUNS_PER_PROGRAM = 200;

const $ = (selector) => document.querySelector(selector);

// ---- page state and messages ----

function setState(state) {
  document.body.dataset.state = state;
}

function say(text) {
  $('#status').textContent = text;
}

function showError(...lines) {
  const box = $('#error');
  box.replaceChildren(...lines.map((line) => element('p', {}, line)));
  box.hidden = false;
}

function clearError() {
  $('#error').hidden = true;
  $('#error').replaceChildren();
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) {
      continue;
    }
    if (name === 'class') {
      node.className = value;
    } else if (name.startsWith('data-')) {
      node.dataset[name.slice(5).replace(/-(\w)/g, (m, c) => c.toUpperCase())] = value;
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  children.forEach((child) => node.append(child));
  return node;
}

function selectedInAddress() {
  const names = new URLSearchParams(location.search).getAll('program').map((name) => name.trim()).filter((name) => name);
  return [...new Set(names)];
}

// ---- picker ----

/** `programs` null: the list could not be loaded; the chosen programs are kept as chosen, not called unknown. */
function renderPicker(programs, selected) {
  const list = $('#program-list');
  list.replaceChildren();
  const listed = programs != null;
  programs = programs || [];
  const known = new Set(programs.map((p) => p.name));
  const entries = programs.map((p) => ({
    name: p.name,
    note: p.completeRuns + ' complete',
    title: p.runs + ' runs: ' + p.completeRuns + ' complete, ' + p.pendingRuns + ' pending, ' + p.failedRuns + ' failed',
  }));
  selected.filter((name) => !known.has(name)).forEach((name) => entries.unshift(listed
      ? {name, note: 'unknown', title: 'not a program the analyzer knows'}
      : {name, note: 'chosen', title: 'chosen in the address; the list of programs could not be loaded'}));
  if (entries.length === 0) {
    list.append(element('li', {class: 'muted'}, listed ? 'No program has run yet.' : 'The list of programs could not be loaded.'));
    return;
  }
  for (const entry of entries) {
    const box = element('input', {type: 'checkbox', name: 'program', value: entry.name, checked: selected.includes(entry.name)});
    list.append(element('li', {'data-name': entry.name.toLowerCase()},
        element('label', {title: entry.title}, box, element('span', {class: 'name'}, entry.name), element('span', {class: 'runs'}, entry.note))));
  }
  filterPicker();
}

function filterPicker() {
  const text = $('#filter').value.trim().toLowerCase();
  for (const item of $('#program-list').children) {
    const box = item.querySelector('input');
    item.hidden = box != null && !box.checked && text !== '' && !item.dataset.name.includes(text);
  }
}

function checkedInPicker() {
  return [...document.querySelectorAll('#program-list input:checked')].map((box) => box.value);
}

// ---- the summary table ----

const FIGURES = [
  ['energyJoules.max', (s) => s.energyJoules && s.energyJoules.max, ENERGY_UNITS],
  ['energyJoules.min', (s) => s.energyJoules && s.energyJoules.min, ENERGY_UNITS],
  ['energyJoules.mean', (s) => s.energyJoules && s.energyJoules.mean, ENERGY_UNITS],
  ['energyJoules.total', (s) => s.energyJoules && s.energyJoules.total, ENERGY_UNITS],
  ['peakWatts', (s) => s.peakWatts, POWER_UNITS],
  ['minWatts', (s) => s.minWatts, POWER_UNITS],
  ['meanWatts', (s) => s.meanWatts, POWER_UNITS],
  ['durationSeconds', (s) => (s.runs > 0 ? s.durationSeconds : null), TIME_UNITS],
];

function figureCell(field, value, units) {
  const text = quantity(value, units);
  if (text == null) {
    return element('td', {class: 'num none', 'data-field': field, title: 'no complete run'}, '–');
  }
  return element('td', {class: 'num', 'data-field': field, 'data-value': String(value)}, text);
}

function renderSummary(report) {
  const table = $('#summary');
  table.querySelectorAll('tbody').forEach((body) => body.remove());
  for (const program of report.programs) {
    const rows = program.systems.map((summary) => [summary.system, summary]).concat([[ALL_SYSTEMS, program.overall]]);
    const body = element('tbody', {'data-program': program.program});
    rows.forEach(([system, summary], i) => {
      const overall = i === rows.length - 1;
      const row = element('tr', {class: [overall ? 'overall' : '', i === 0 ? 'program-start' : ''].join(' ').trim() || null,
        'data-system': system});
      if (i === 0) {
        row.append(element('th', {scope: 'rowgroup', rowspan: String(rows.length)}, program.program));
      }
      row.append(element('td', {'data-field': 'system'}, system));
      row.append(element('td', {class: 'num', 'data-field': 'runs', 'data-value': String(summary.runs)}, String(summary.runs)));
      FIGURES.forEach(([field, pick, units]) => row.append(figureCell(field, pick(summary), units)));
      body.append(row);
    });
    table.append(body);
  }
  const query = programQuery(report.programs.map((p) => p.program));
  $('#text-link').href = apiUrl('reports?' + query + '&format=text');
  $('#csv-link').href = apiUrl('reports?' + query + '&format=csv');
  $('#json-link').href = apiUrl('reports?' + query + '&format=json');
}

// ---- runs ----

function renderRuns(runsByProgram, failure) {
  const body = $('#runs tbody');
  body.replaceChildren();
  if (failure) {
    $('#runs-summary').textContent = 'Runs: could not be loaded: ' + failure;
    return;
  }
  const runs = runsByProgram.flatMap((p) => p.runs.map((run) => ({program: p.program, run})))
      .sort((a, b) => b.run.start.localeCompare(a.run.start) || b.run.id - a.run.id);
  for (const {program, run} of runs) {
    const nodes = run.nodes.length <= 3 ? run.nodes.join(', ') : run.nodes.slice(0, 3).join(', ') + ' and ' + (run.nodes.length - 3) + ' more';
    const cell = (value, units) => element('td', {class: 'num' + (value == null ? ' none' : '')}, quantity(value, units) ?? '–');
    body.append(element('tr', {'data-status': run.status},
        element('th', {scope: 'row'}, program),
        element('td', {}, utc(run.start)),
        element('td', {}, run.system),
        element('td', {title: run.nodes.join(', ')}, nodes),
        cell(run.durationSeconds, TIME_UNITS),
        cell(run.energyJoules, ENERGY_UNITS),
        cell(run.peakWatts, POWER_UNITS),
        cell(run.meanWatts, POWER_UNITS),
        element('td', {class: 'status'}, run.status,
            run.lastError && run.status !== 'complete' ? element('span', {class: 'why'}, run.lastError) : '')));
  }
  const capped = runsByProgram.some((p) => p.total > p.runs.length);
  $('#runs-summary').textContent = runs.length + (runs.length === 1 ? ' run' : ' runs') + ' of the selected programs'
      + (capped ? ' (the latest ' + RUNS_PER_PROGRAM + ' of each program)' : '');
}

async function loadRuns(names) {
  const pages = await Promise.all(names.map((name) =>
      getJson('programs/' + encodeURIComponent(name) + '/energy?limit=' + RUNS_PER_PROGRAM)));
  return pages.map((page) => ({program: page.program, total: page.runs.total, runs: page.runs.items}));
}

// ---- the status line: complete runs, and the pending and failed ones, which lead to their reasons ----

/** Per program its runs by status (GET ../v1/programs), or null when the list cannot be loaded now. */
async function runCounts(names) {
  try {
    const listing = await getJson('programs');
    return new Map(listing.programs.filter((p) => names.includes(p.name)).map((p) => [p.name, p]));
  } catch (e) {
    return null;
  }
}

/** A link that opens the run list and marks the runs of `status`, whose last column says why they wait or failed. */
function runsLink(text, status) {
  const link = element('a', {href: '#runs-section', 'data-status': status}, text);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    document.querySelectorAll('#runs tbody tr').forEach((row) => row.classList.toggle('highlight', row.dataset.status === status));
    $('#runs-section details').open = true;
    $('#runs-section').scrollIntoView({block: 'start'});
  });
  return link;
}

function sayCounts(report, counts) {
  const complete = report.programs.reduce((sum, p) => sum + p.overall.runs, 0);
  const without = report.programs.filter((p) => p.overall.runs === 0).map((p) => p.program);
  const total = (field) => (counts == null ? 0 : [...counts.values()].reduce((sum, p) => sum + p[field], 0));
  const status = $('#status');
  status.replaceChildren(report.programs.length + (report.programs.length === 1 ? ' program, ' : ' programs, ') + complete
      + (complete === 1 ? ' complete run' : ' complete runs'));
  [['pendingRuns', 'pending'], ['failedRuns', 'failed']].forEach(([field, word]) => {
    if (total(field) > 0) {
      status.append(', ', runsLink(total(field) + ' ' + word, word));
    }
  });
  status.append('.' + (without.length ? ' No complete run yet: ' + without.join(', ') + '.' : ''));
}

// ---- the whole page ----

function showSections(visible) {
  ['#summary-section', '#charts-section', '#runs-section'].forEach((id) => { $(id).hidden = !visible; });
}

/** The report of these programs; unknown ones are named in the error box and the others still shown. */
async function show(names) {
  clearError();
  destroyCharts();
  showSections(false);
  if (names.length === 0) {
    say('Choose one or several programs and press Show.');
    setState('idle');
    return;
  }
  setState('loading');
  say('Loading the report of ' + names.join(', ') + '…');
  let known = names;
  let report;
  try {
    report = await getJson('reports?' + programQuery(names));
  } catch (e) {
    const unknown = e.status === 404 && e.body && e.body.detail && Array.isArray(e.body.detail.unknown) ? e.body.detail.unknown : null;
    if (unknown == null) {
      throw e;
    }
    showError(e.message);
    known = names.filter((name) => !unknown.includes(name.trim()));
    if (known.length === 0) {
      say('Nothing to show: choose programs the analyzer knows.');
      setState('error');
      return;
    }
    report = await getJson('reports?' + programQuery(known));
  }
  let runsByProgram = null;
  let runsFailure = null;
  try {
    runsByProgram = await loadRuns(known);
  } catch (e) {
    runsFailure = e.message;
  }
  renderSummary(report);
  showSections(true);
  renderRuns(runsByProgram, runsFailure);
  drawCharts(report, runsByProgram);
  sayCounts(report, await runCounts(known));
  // uPlot draws in a microtask after construction: let it finish before saying "ready"
  await new Promise((resolve) => setTimeout(resolve, 0));
  setState('ready');
}

async function showOrExplain(names) {
  try {
    await show(names);
  } catch (e) {
    if (!(e instanceof ApiError)) {
      console.error(e); // a fault of this page rather than of the analyzer: for whoever debugs it
    }
    showSections(false);
    showError('Could not load the report: ' + e.message);
    say('');
    setState('error');
  }
}

async function main() {
  $('#filter').addEventListener('input', filterPicker);
  $('#program-list').addEventListener('change', filterPicker);
  $('#clear').addEventListener('click', () => {
    document.querySelectorAll('#program-list input:checked').forEach((box) => { box.checked = false; });
    filterPicker();
  });
  $('#picker').addEventListener('submit', (event) => {
    event.preventDefault();
    const names = checkedInPicker();
    history.pushState(null, '', names.length ? '?' + programQuery(names) : location.pathname);
    showOrExplain(names);
  });
  window.addEventListener('popstate', () => {
    const names = selectedInAddress();
    document.querySelectorAll('#program-list input').forEach((box) => { box.checked = names.includes(box.value); });
    filterPicker();
    showOrExplain(names);
  });
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(resizeCharts, 100);
  });

  const selected = selectedInAddress();
  let listing;
  try {
    listing = await getJson('programs');
  } catch (e) {
    renderPicker(null, selected);
    showError('Could not load the list of programs: ' + e.message);
    say('');
    setState('error');
    return;
  }
  renderPicker(listing.programs, selected);
  if (selected.length === 0 && listing.programs.length === 0) {
    say('No program has run yet. Runs come from finished pods labelled energy.escheduler.io/program and from POST /v1/runs.');
    setState('idle');
    return;
  }
  await showOrExplain(selected);
}

document.addEventListener('DOMContentLoaded', main);
