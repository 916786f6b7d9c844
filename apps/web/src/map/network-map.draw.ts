import Graph from 'graphology';
import { inferSettings } from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';

export interface MapContact {
  id: string;
  name: string;
  context: string;
  strength: number;
}

/** Colour by how well the member knows someone (darker = better known); all pass 3:1 on white. */
export const STRENGTH_COLOURS: [number, string, string][] = [
  [0.8, '#003078', 'Very well'],
  [0.6, '#1d70b8', 'Well'],
  [0.4, '#00703c', 'Quite well'],
  [0.2, '#b58840', 'A little'],
  [0, '#6f777b', 'Hardly at all'],
];
/** A point on the map: hubs (one per way of knowing people) are laid out but not drawn. */
interface MapNode {
  x: number;
  y: number;
  size: number;
  colour?: string;
  hub?: boolean;
}
type MapGraph = Graph<MapNode, { weight: number }>;

const colourOf = (s: number) => STRENGTH_COLOURS.find(([min]) => s >= min)![1];

/**
 * The member's network as a graph: the member in the middle, one hub per way of knowing people
 * (hidden), each contact on its hub. Starting positions put each hub's people in a sector, better
 * known people nearer the middle, so the first drawing is already readable; ForceAtlas2 then
 * refines it in a web worker (see refineLayout).
 */
export function buildMapGraph(contacts: MapContact[]): MapGraph {
  const graph: MapGraph = new Graph({ type: 'undirected' });
  graph.addNode('me', { x: 0, y: 0, size: 10, colour: '#0b0c0c' });
  const groups = new Map<string, MapContact[]>();
  for (const c of contacts) groups.set(c.context, [...(groups.get(c.context) ?? []), c]);
  let start = 0;
  for (const [ctx, people] of groups) {
    const span = (2 * Math.PI * people.length) / Math.max(contacts.length, 1);
    const mid = start + span / 2;
    graph.addNode(`ctx:${ctx}`, { x: Math.cos(mid) * 30, y: Math.sin(mid) * 30, size: 0, hub: true });
    graph.addEdge('me', `ctx:${ctx}`, { weight: 2 });
    people.forEach((c, i) => {
      const a = start + (span * (i + 0.5)) / people.length;
      const r = 40 + (1 - c.strength) * 60 + (i % 7) * 4;
      graph.addNode(c.id, { x: Math.cos(a) * r, y: Math.sin(a) * r, size: 2 + c.strength * 5, colour: colourOf(c.strength) });
      graph.addEdge(`ctx:${ctx}`, c.id, { weight: c.strength });
    });
    start += span;
  }
  return graph;
}

/** Draws the graph on the canvas, fitted to its size. */
export function renderMap(canvas: HTMLCanvasElement, graph: MapGraph, label: string): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  graph.forEachNode((_n, a) => {
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y);
    maxY = Math.max(maxY, a.y);
  });
  const pad = 20;
  const scale = Math.min((width - 2 * pad) / (maxX - minX || 1), (height - 2 * pad) / (maxY - minY || 1));
  const px = (x: number) => pad + (x - minX) * scale + (width - 2 * pad - (maxX - minX) * scale) / 2;
  const py = (y: number) => pad + (y - minY) * scale + (height - 2 * pad - (maxY - minY) * scale) / 2;
  const me = graph.getNodeAttributes('me');
  ctx.strokeStyle = 'rgba(80, 90, 95, 0.2)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  graph.forEachEdge((_e, _a, _s, _t, sa, ta) => {
    if (ta.hub) return;
    const from = sa.hub ? me : sa;
    ctx.moveTo(px(from.x), py(from.y));
    ctx.lineTo(px(ta.x), py(ta.y));
  });
  ctx.stroke();
  graph.forEachNode((n, a) => {
    if (a.hub || n === 'me') return;
    ctx.fillStyle = a.colour ?? '#0b0c0c';
    ctx.beginPath();
    ctx.arc(px(a.x), py(a.y), a.size, 0, 2 * Math.PI);
    ctx.fill();
  });
  ctx.fillStyle = '#0b0c0c';
  ctx.beginPath();
  ctx.arc(px(me.x), py(me.y), me.size, 0, 2 * Math.PI);
  ctx.fill();
  ctx.font = 'bold 14px Arial, sans-serif';
  ctx.fillText(label, px(me.x) + 12, py(me.y) + 5);
}

/** Builds and draws; returns the milliseconds from data to pixels. */
export function drawNetworkMap(canvas: HTMLCanvasElement, label: string, contacts: MapContact[]): { ms: number; graph: MapGraph } {
  const started = performance.now();
  const graph = buildMapGraph(contacts);
  renderMap(canvas, graph, label);
  return { ms: performance.now() - started, graph };
}

/**
 * ForceAtlas2 in a web worker for `ms`, redrawing on each animation frame, so the page stays
 * responsive whatever the size. Returns a function that stops it early.
 */
export function refineLayout(canvas: HTMLCanvasElement, graph: MapGraph, label: string, ms = 2000, onDone?: () => void): () => void {
  const layout = new FA2Layout(graph, { settings: { ...inferSettings(graph), barnesHutOptimize: graph.order > 500 }, getEdgeWeight: 'weight' });
  let frame = 0;
  let stopped = false;
  const tick = () => {
    renderMap(canvas, graph, label);
    if (!stopped) frame = requestAnimationFrame(tick);
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    cancelAnimationFrame(frame);
    layout.kill();
    renderMap(canvas, graph, label);
    onDone?.();
  };
  layout.start();
  frame = requestAnimationFrame(tick);
  const timer = setTimeout(stop, ms);
  return () => {
    clearTimeout(timer);
    stop();
  };
}
