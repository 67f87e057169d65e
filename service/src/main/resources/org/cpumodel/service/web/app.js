// cpumodel fleet page: plain JavaScript over the service's REST API (/api/openapi.json).
// Everything is aggregated by distinct profile, so the page stays small for a fleet of 100,000 hosts.
'use strict';

const state = { fleet: null, matrix: null, pools: null, poolByProfile: new Map(), token: sessionStorage.getItem('cpumodel.token') || '' };
const FORMATS = ['qemu', 'libvirt', 'firecracker', 'kvm'];

// ---- small DOM helpers (text only: host names are data, never markup)
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}
const $ = (id) => document.getElementById(id);
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

function featureSet() { return $('featureSet').value; }
function whatIf() { return $('whatIf').checked; }
function q(params) { return new URLSearchParams(params).toString(); }

async function api(path, accept) {
  const headers = {};
  if (state.token) headers['Authorization'] = 'Bearer ' + state.token;
  const r = await fetch(path, { headers });
  if (r.status === 401 || r.status === 403) {
    $('tokenLabel').classList.remove('hidden');
    throw new Error('this service needs a token to read (enter it above)');
  }
  if (!r.ok) {
    let msg = r.status + ' ' + r.statusText;
    try { msg = (await r.json()).error.message; } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return accept === 'blob' ? r : r.json();
}

// ---- overview
function renderOverview() {
  const f = state.fleet;
  $('summary').textContent = `${f.hostCount} hosts · ${f.profileCount} distinct profiles · ${Object.keys(f.groups.byKernel).length} kernels · ${Object.keys(f.groups.byIdentity).length} CPU identities · generation ${f.generation}`;
  const g = clear($('groups'));
  for (const [title, m] of [['kernels', f.groups.byKernel], ['CPU identities', f.groups.byIdentity]]) {
    const parts = Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} (${n})`);
    g.append(el('div', {}, el('b', {}, title + ': '), parts.join(', ')));
  }
  const body = clear($('profiles').tBodies[0]);
  for (const p of f.profiles) {
    body.append(el('tr', { class: 'clickable', 'data-profile': p.id, onclick: () => explainProfile(p) },
      el('td', {}, p.label), el('td', {}, p.identity), el('td', {}, p.kernelRelease),
      el('td', { class: 'num' }, p.hostCount), el('td', {}, p.featureSets.join(', '))));
  }
}

// ---- compatibility heatmap
function cellClass(c) {
  if (c === '-') return 'D';
  if (c === 'W' && whatIf()) return 'Y';
  return c;
}
const REL = { '=': 'identical', '>': 'column runs where row runs', '<': 'row runs where column runs', 'x': 'neither runs on the other', '?': 'not comparable' };

function renderMatrix() {
  const m = state.matrix;
  $('matrixMode').textContent = whatIf() ? '(what-if: with the GIC range extension)' : '(current KVM)';
  $('matrixNote').textContent = m.total > m.profiles.length ? `the ${m.profiles.length} profiles with most hosts of ${m.total}` : '';
  const t = clear($('matrix'));
  const head = el('tr', {}, el('th', {}));
  m.profiles.forEach((p) => head.append(el('th', { title: p.label }, p.label)));
  t.append(el('thead', {}, head));
  const body = el('tbody');
  m.profiles.forEach((a, i) => {
    const row = el('tr', {}, el('th', { title: `${a.label}: ${a.hostCount} host(s)` }, a.label));
    for (let j = 0; j < m.profiles.length; j++) {
      const c = m.pool[i][j];
      const b = m.profiles[j];
      const td = el('td', { class: cellClass(c), 'data-i': i, 'data-j': j, 'data-pool': c,
        title: i === j ? a.label : `${a.label} × ${b.label}: ${c === 'Y' ? 'share a pool' : c === 'W' ? 'only with the GIC range' : 'cannot share'}; ${REL[m.relation[i][j]]}` });
      if (i !== j) td.addEventListener('click', () => { selectCell(td); explainPair(a.id, b.id); });
      row.append(td);
    }
    body.append(row);
  });
  t.append(body);
}
function selectCell(td) {
  document.querySelectorAll('#matrix td.selected').forEach((x) => x.classList.remove('selected'));
  td.classList.add('selected');
}

// ---- pools
function renderPools() {
  const p = state.pools;
  const box = clear($('pools'));
  state.poolByProfile = new Map();
  $('poolsNote').textContent = `${p.pools.length} pool(s) for vCPU features '${p.featureSet}'` + (p.gicWhatIf ? ' assuming the GIC range extension' : '')
    + (p.unplaced.length ? ` · ${p.unplaced.length} profile(s) fit no pool` : '');
  for (const pool of p.pools) {
    pool.members.forEach((m) => state.poolByProfile.set(m.profileId, pool));
    const exports = el('span', { class: 'exports' }, FORMATS.map((f) =>
      el('button', { type: 'button', 'data-format': f, onclick: () => download(pool.baselineId, f) }, f)));
    const rows = pool.members.map((m) => el('tr', { class: 'clickable', 'data-profile': m.profileId, onclick: () => explainProfile(profileById(m.profileId)) },
      el('td', {}, m.label), el('td', {}, m.kernelRelease), el('td', { class: 'num' }, m.hostCount),
      el('td', { class: 'lost' }, m.featuresLost.length ? m.featuresLost.map((x) => el('span', { class: 'feat' }, x)) : '—')));
    const card = el('div', { class: 'pool', 'data-pool': pool.number },
      el('header', {}, el('span', { class: 'title' }, `Pool ${pool.number}`),
        el('span', { class: 'meta' }, `${pool.hostCount} host(s), ${pool.members.length} profile(s), ${pool.features.length} FEAT_ features kept` + (pool.whatIfGic ? ', needs the GIC range' : '')),
        exports),
      el('table', { class: 'data' }, el('thead', {}, el('tr', {}, el('th', {}, 'member'), el('th', {}, 'kernel'), el('th', { class: 'num' }, 'hosts'), el('th', {}, 'FEAT_ lost in this pool'))),
        el('tbody', {}, rows)),
      pool.separateBecause.length ? el('details', {}, el('summary', {}, 'why a separate pool'), el('ul', {}, pool.separateBecause.map((s) => el('li', {}, s)))) : null);
    box.append(card);
  }
  for (const u of p.unplaced) box.append(el('div', { class: 'pool' }, el('span', { class: 'title' }, u.label + ': '), u.why));
}
function profileById(id) { return state.fleet.profiles.find((p) => p.id === id) || { id, label: id }; }

async function download(modelId, format) {
  try {
    const r = await api(`/api/models/${encodeURIComponent(modelId)}/emit?${q({ format, download: 'true' })}`, 'blob');
    const blob = await r.blob();
    const name = (r.headers.get('Content-Disposition') || '').replace(/.*filename="([^"]+)".*/, '$1') || `${format}.txt`;
    const a = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(a); a.click(); a.remove();
  } catch (e) { showError(e); }
}

// ---- explanations
function explanationTable(items) {
  if (!items.length) return el('p', { class: 'muted' }, 'none');
  return el('div', { class: 'explanations' }, items.map((x) => el('div', { class: 'field-explanation' },
    el('div', { class: 'what' }, el('code', {}, [x.register, x.field].filter(Boolean).join('.') || 'whole host')),
    el('div', { class: 'vals' }, x.hosts.map((h, k) => `${h}: ${x.values[k] ?? '—'}`).join(' · ')),
    el('div', { class: 'rule' }, [x.rule ? 'rule: ' + x.rule + (x.kernels ? ' (kernels ' + x.kernels + ')' : '') : 'no field rule (see the reason)', x.kernelRelease ? 'Linux ' + x.kernelRelease : null,
      x.verified === true ? 'verified on real KVM' : x.verified === false ? 'not verified on real KVM' : null].filter(Boolean).join(' · ')),
    el('div', { class: 'reason' }, x.reason))));
}

async function explainPair(a, b) {
  const box = clear($('explainBody'));
  box.append(el('p', { class: 'muted' }, 'loading…'));
  try {
    const x = await api('/api/explain?' + q({ a, b, featureSet: featureSet(), gicWhatIf: whatIf() }));
    clear(box);
    const today = x.possibleToday, range = x.possibleWithGicRange;
    box.append(el('h3', {}, `${x.a.label} × ${x.b.label}`),
      el('p', {}, 'Share a pool today: ', el('span', { class: 'verdict ' + (today ? 'ok' : 'no') }, today ? 'yes' : 'no'),
        ' · with the GIC range: ', el('span', { class: 'verdict ' + (range ? 'ok' : 'no') }, range ? 'yes' : 'no')));
    box.append(el('h3', {}, 'Blockers' + (x.gicWhatIf ? ' (what-if)' : '')), explanationTable(x.blockers));
    if (x.losses.length) {
      box.append(el('h3', {}, 'FEAT_ features each would lose'),
        el('ul', {}, x.losses.map((l) => el('li', {}, `${l.label}: `, l.lost.length ? l.lost.map((f) => el('span', { class: 'feat' }, f)) : 'nothing'))));
    }
    if (x.compare) {
      box.append(el('h3', {}, `Compare: ${x.compare.result}`),
        el('table', { class: 'data explanation' }, el('thead', {}, el('tr', {}, el('th', {}, 'property'), el('th', {}, x.a.label), el('th', {}, x.b.label), el('th', {}, 'runs where'))),
          el('tbody', {}, x.compare.differences.map((d) => el('tr', { class: 'difference' }, el('td', {}, el('code', {}, d.property)), el('td', {}, d.a), el('td', {}, d.b),
            el('td', {}, [d.bRunsOnA ? 'B on A' : null, d.aRunsOnB ? 'A on B' : null].filter(Boolean).join(', ') || 'neither'))))));
    }
  } catch (e) { clear(box).append(el('p', { class: 'error' }, e.message)); }
}

async function explainProfile(p) {
  const box = clear($('explainBody'));
  box.append(el('p', { class: 'muted' }, 'loading…'));
  try {
    const hosts = await api('/api/hosts?' + q({ profile: p.id, limit: 50 }));
    const first = hosts.hosts.length ? hosts.hosts[0].name : null;
    clear(box);
    box.append(el('h3', {}, p.label), el('p', { class: 'muted' }, `${p.identity || ''} · ${p.kernelRelease || ''} · ${hosts.total} host(s)`));
    box.append(el('p', {}, hosts.hosts.map((h) => h.name).join(', ') + (hosts.total > hosts.hosts.length ? ' …' : '')));
    const pool = state.poolByProfile.get(p.id);
    if (pool) {
      const me = pool.members.find((m) => m.profileId === p.id);
      box.append(el('h3', {}, `In pool ${pool.number}`),
        el('p', {}, 'FEAT_ lost there: ', me.featuresLost.length ? me.featuresLost.map((f) => el('span', { class: 'feat' }, f)) : 'nothing'));
    }
    if (first) await explainPlacement(first, box);
  } catch (e) { clear(box).append(el('p', { class: 'error' }, e.message)); }
}

async function explainHost(name) {
  const box = clear($('explainBody'));
  try {
    const h = await api('/api/hosts/' + encodeURIComponent(name));
    box.append(el('h3', {}, name), el('p', { class: 'muted' }, `${h.profile.label} · ${h.profile.identity} · ${h.profile.kernelRelease} · uploaded ${h.uploadedAt}`));
    await explainPlacement(name, box);
  } catch (e) { box.append(el('p', { class: 'error' }, e.message)); }
}

async function explainPlacement(host, box) {
  const pl = await api('/api/placement?' + q({ host, featureSet: featureSet(), gicWhatIf: whatIf(), explain: true, limit: 20 }));
  box.append(el('h3', {}, `Where may a VM on ${host} go`),
    el('p', {}, `${pl.accepting.hostCount} host(s) accept its model` + (pl.accepting.hosts.length ? ': ' + pl.accepting.hosts.join(', ') + (pl.accepting.truncated ? ' …' : '') : '')),
    el('p', {}, `${pl.refusing.hostCount} refuse it; the first refusal of each:`), explanationTable(pl.why || []));
}

function showError(e) { clear($('explainBody')).append(el('p', { class: 'error' }, e.message)); }

// ---- loading
async function load() {
  const fs = featureSet(), wi = whatIf();
  try {
    const [fleet, matrix, pools] = await Promise.all([
      api('/api/fleet'), api('/api/matrix?' + q({ featureSet: fs })), api('/api/pools?' + q({ featureSet: fs, gicWhatIf: wi }))]);
    state.fleet = fleet; state.matrix = matrix; state.pools = pools;
    renderOverview(); renderMatrix(); renderPools();
    document.body.dataset.loaded = 'true';
  } catch (e) { $('summary').textContent = e.message; showError(e); }
}

$('featureSet').addEventListener('change', load);
$('whatIf').addEventListener('change', load);
$('token').addEventListener('change', () => { state.token = $('token').value.trim(); sessionStorage.setItem('cpumodel.token', state.token); load(); });
$('hostSearch').addEventListener('change', () => { const n = $('hostSearch').value.trim(); if (n) explainHost(n); });
load();
