// The live view: draws /api/graph with cytoscape, laid out in tiers by dagre, and keeps it
// current from the server-sent events of /api/events (one graph a second).
'use strict';

const cy = cytoscape({
  container: document.getElementById('graph'),
  minZoom: 0.05,
  maxZoom: 3,
  style: [
    { selector: 'node.service', style: {
      shape: 'round-rectangle', width: 130, height: 44, 'border-width': 2, 'border-color': '#445',
      'background-color': 'mapData(errorRate, 0, 0.1, #e6f4e6, #f4b0b0)',
      label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'font-size': 11,
      'min-zoomed-font-size': 7 } },
    { selector: 'node.service.root', style: { 'border-width': 3, 'border-color': '#225' } },
    { selector: 'node.service.down', style: { 'border-style': 'dashed', 'border-color': '#b22' } },
    { selector: 'node.service.flash', style: {
      'background-color': '#ffd000', 'border-color': '#b22', 'border-width': 8 } },
    { selector: 'node.service:selected', style: { 'border-color': '#36c', 'border-width': 4 } },
    { selector: 'node.group', style: {
      'background-color': '#f4f6fb', 'border-color': '#99a', label: 'data(id)',
      'text-valign': 'top', 'font-size': 14, color: '#556' } },
    { selector: 'edge', style: {
      width: 'data(width)', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
      'line-color': 'mapData(errorShare, 0, 0.1, #6a6, #d22)',
      'target-arrow-color': 'mapData(errorShare, 0, 0.1, #6a6, #d22)',
      label: 'data(label)', 'font-size': 9, color: '#557', 'text-background-color': '#fff',
      'text-background-opacity': 0.8, 'min-zoomed-font-size': 8 } },
    // a self dependency (replication) as a loop beside its node
    { selector: 'edge:loop', style: {
      'loop-direction': '90deg', 'loop-sweep': '-50deg', 'control-point-step-size': 70 } },
  ],
});

let last = null;
let selected = null;
let lastEventTime = 0;
window.simarchView = { cy, graph: () => last };

const fmt = (x, d = 1) => (x >= 100 ? x.toFixed(0) : x.toFixed(d));

// Tiers from dagre: the root at the top (or at the left, when that fits the window better, as
// for wide architectures), each dependency a rank below its caller; regions as compound groups
// when the architecture has several.
function tiers(graph, groups, rankdir) {
  const g = new dagre.graphlib.Graph({ compound: groups.length > 0 });
  g.setGraph({ rankdir, nodesep: 24, ranksep: 70 });
  g.setDefaultEdgeLabel(() => ({}));
  groups.forEach(id => g.setNode(id, {}));
  graph.nodes.forEach(n => {
    g.setNode(n.id, { width: 130, height: 44 });
    if (n.group) g.setParent(n.id, n.group);
  });
  graph.edges.filter(e => e.source !== e.target).forEach(e => g.setEdge(e.source, e.target));
  dagre.layout(g);
  return g;
}

function layout(graph) {
  const groups = [...new Set(graph.nodes.map(n => n.group).filter(g => g))];
  const box = cy.container();
  const misfit = g => Math.abs(Math.log(
    (g.graph().width / g.graph().height) / (box.clientWidth / box.clientHeight)));
  const down = tiers(graph, groups, 'TB');
  const across = tiers(graph, groups, 'LR');
  const g = misfit(across) < misfit(down) ? across : down;
  cy.add(groups.map(id => ({ group: 'nodes', data: { id }, classes: 'group' })));
  cy.add(graph.nodes.map(n => ({
    group: 'nodes', data: { id: n.id, service: n.service, parent: n.group || undefined },
    position: { x: g.node(n.id).x, y: g.node(n.id).y },
    classes: 'service' + (n.id === graph.root ? ' root' : ''),
  })));
  cy.add(graph.edges.map(e => ({
    group: 'edges', data: { id: e.source + '->' + e.target, source: e.source, target: e.target },
  })));
  cy.nodes('.service').on('tap', ev => { selected = ev.target.id(); panel(); });
  cy.fit(undefined, 20);
}

function update(graph) {
  if (!last) {
    document.getElementById('arch').textContent = graph.arch;
    layout(graph);
  }
  last = graph;
  for (const n of graph.nodes) {
    const node = cy.getElementById(n.id);
    node.data({
      errorRate: n.errorRate,
      label: `${n.id}\n${fmt(n.requestsPerSecond)}/s · ${n.running}/${n.started}`
        + (n.unanswered > 0 ? `\n${n.unanswered} not answering` : ''),
    });
    node.toggleClass('down', n.running < n.started || n.unanswered > 0);
  }
  const most = Math.max(1, ...graph.edges.map(e => e.callsPerSecond));
  for (const e of graph.edges) {
    cy.getElementById(e.source + '->' + e.target).data({
      calls: e.callsPerSecond,
      width: 1 + 11 * Math.sqrt(e.callsPerSecond / most),
      errorShare: e.callsPerSecond > 0 ? e.errorsPerSecond / e.callsPerSecond : 0,
      label: e.callsPerSecond > 0 ? fmt(e.callsPerSecond) + '/s' : '',
    });
  }
  events(graph.events);
  document.getElementById('status').textContent =
    'updated ' + new Date(graph.time).toLocaleTimeString();
  if (selected) stats();
}

function events(list) {
  const ol = document.getElementById('events');
  for (const e of list.filter(e => e.time > lastEventTime)) {
    const li = document.createElement('li');
    li.className = e.kind;
    const t = document.createElement('time');
    t.textContent = new Date(e.time).toLocaleTimeString();
    li.append(t, `${e.kind} ${e.instance}${e.detail ? ' (' + e.detail + ')' : ''}`);
    ol.prepend(li);
    if (e.kind === 'kill') flash(e.service);
  }
  while (ol.children.length > 100) ol.lastChild.remove();
  if (list.length) lastEventTime = Math.max(lastEventTime, ...list.map(e => e.time));
}

// every node of the service: one, or one per region when it runs in several
function flash(service) {
  const nodes = cy.nodes('.service').filter(n => n.data('service') === service);
  nodes.addClass('flash');
  setTimeout(() => nodes.removeClass('flash'), 2000);
}

// The panel's frame (name, kill button) is drawn on a click; its figures every second.
function panel() {
  const n = last.nodes.find(x => x.id === selected);
  document.getElementById('panel').innerHTML = `
    <h3>${n.id}</h3><div id="stats"></div>
    ${last.victims.includes(n.service)
      ? '<button id="kill">Kill an instance</button><div id="killed" class="note"></div>'
      : '<p class="note">Not a chaos victim: name it in spec.victim or spec.chaos.victims (or run'
        + ' with --victim ' + n.service + ') to strike it.</p>'}`;
  const button = document.getElementById('kill');
  if (button) button.onclick = () => kill(n.service);
  stats();
}

function stats() {
  const n = last.nodes.find(x => x.id === selected);
  const row = (k, v) => `<tr><td>${k}</td><td>${v}</td></tr>`;
  const edges = last.edges.filter(e => e.source === n.id || e.target === n.id);
  document.getElementById('stats').innerHTML = `
    <table>
      ${row('package', n.package)}
      ${row('instances running/started', n.running + '/' + n.started)}
      ${n.unanswered > 0 ? row('not answering (/metrics)', n.unanswered) : ''}
      ${Object.entries(n.zones).map(([z, c]) => row('running in ' + z, c)).join('')}
      ${row('requests/s', fmt(n.requestsPerSecond))}
      ${row('error rate', fmt(100 * n.errorRate, 2) + '%')}
      ${row('p99', fmt(n.p99Ms) + ' ms')}
    </table>
    <h4>Dependencies (per second)</h4>
    <table>
      <tr><td></td><td>calls · errors · retries · timeouts</td></tr>
      ${edges.map(e => row(e.source === n.id ? '→ ' + e.target : '← ' + e.source,
        [e.callsPerSecond, e.errorsPerSecond, e.retriesPerSecond, e.timeoutsPerSecond]
          .map(x => fmt(x)).join(' · '))).join('')}
    </table>`;
}

async function kill(service) {
  const res = await fetch('/api/kill?service=' + encodeURIComponent(service), { method: 'POST' });
  const body = await res.json();
  const note = document.getElementById('killed');
  if (note) note.textContent = res.ok ? 'killed ' + body.killed.join(', ') : body.error;
}

const source = new EventSource('/api/events');
source.onmessage = m => update(JSON.parse(m.data));
source.onerror = () => { document.getElementById('status').textContent = 'disconnected'; };
