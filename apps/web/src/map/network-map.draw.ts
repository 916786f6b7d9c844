import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';

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
const colourOf = (s: number) => STRENGTH_COLOURS.find(([min]) => s >= min)![1];

/**
 * Lays the member's network out (ForceAtlas2 on graphology: the member in the middle, one hub per
 * way of knowing people, each contact on its hub) and draws it on a canvas: colour by how well
 * known, size by strength. Returns the milliseconds it took, from data to pixels.
 */
export function drawNetworkMap(canvas: HTMLCanvasElement, me: string, contacts: MapContact[]): number {
  const started = performance.now();
  const graph = new Graph({ type: 'undirected' });
  graph.addNode('me', { x: 0, y: 0, size: 10, colour: '#0b0c0c', label: me });
  const contexts = [...new Set(contacts.map((c) => c.context))];
  contexts.forEach((ctx, i) => {
    const a = (2 * Math.PI * i) / contexts.length;
    graph.addNode(`ctx:${ctx}`, { x: Math.cos(a) * 10, y: Math.sin(a) * 10, size: 0, colour: 'transparent', hub: true });
    graph.addEdge('me', `ctx:${ctx}`, { weight: 2 });
  });
  contacts.forEach((c, i) => {
    const a = (2 * Math.PI * i) / Math.max(contacts.length, 1);
    graph.addNode(c.id, { x: Math.cos(a) * 20 + (i % 7), y: Math.sin(a) * 20 + (i % 5), size: 2 + c.strength * 6, colour: colourOf(c.strength) });
    graph.addEdge(`ctx:${c.context}`, c.id, { weight: c.strength });
  });
  const settings = forceAtlas2.inferSettings(graph);
  forceAtlas2.assign(graph, { iterations: contacts.length > 1000 ? 40 : 100, settings: { ...settings, barnesHutOptimize: graph.order > 500 }, getEdgeWeight: 'weight' });

  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  graph.forEachNode((_n, a) => {
    minX = Math.min(minX, a['x']); maxX = Math.max(maxX, a['x']);
    minY = Math.min(minY, a['y']); maxY = Math.max(maxY, a['y']);
  });
  const pad = 20;
  const scale = Math.min((width - 2 * pad) / (maxX - minX || 1), (height - 2 * pad) / (maxY - minY || 1));
  const px = (x: number) => pad + (x - minX) * scale + (width - 2 * pad - (maxX - minX) * scale) / 2;
  const py = (y: number) => pad + (y - minY) * scale + (height - 2 * pad - (maxY - minY) * scale) / 2;
  ctx.strokeStyle = 'rgba(80, 90, 95, 0.25)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  graph.forEachEdge((_e, _a, s, t, sa, ta) => {
    const from = sa['hub'] ? graph.getNodeAttributes('me') : sa;
    if (ta['hub']) return;
    ctx.moveTo(px(from['x']), py(from['y']));
    ctx.lineTo(px(ta['x']), py(ta['y']));
    void s; void t;
  });
  ctx.stroke();
  graph.forEachNode((_n, a) => {
    if (a['hub']) return;
    ctx.fillStyle = a['colour'];
    ctx.beginPath();
    ctx.arc(px(a['x']), py(a['y']), a['size'], 0, 2 * Math.PI);
    ctx.fill();
  });
  const centre = graph.getNodeAttributes('me');
  ctx.fillStyle = '#0b0c0c';
  ctx.font = 'bold 14px Arial, sans-serif';
  ctx.fillText(String(centre['label']), px(centre['x']) + 12, py(centre['y']) + 5);
  return performance.now() - started;
}
