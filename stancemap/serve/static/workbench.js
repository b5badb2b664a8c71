// The workbench's scripts: camp timelines with a date zoom, the correction form, the actor network.
// Text from the store only ever enters the page as textContent, never as markup.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const SIDE_COLOURS = ["#8250df", "#bc4c00", "#0a7ea4", "#cf222e", "#116329", "#6e7781"];
const ACTION_COLOURS = {accuse: "#c62828", criticize: "#e36209", threaten: "#8b0000", reject: "#a40e26", demand: "#bc4c00",
  endorse: "#1a7f37", aid: "#116329", intent_cooperate: "#2da44e", offer_mediation: "#1f6feb", appeal_deescalation: "#0a7ea4"};

function el(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function day(iso) { return new Date(iso + "T00:00:00Z").getTime(); }

// --- timelines -----------------------------------------------------------------------------------

function drawTimelines(box, data, from, to) {
  box.replaceChildren();
  const W = 460, H = 170, L = 40, R = 10, T = 10, B = 30;
  let shown = 0;
  for (const camp of data.camps) {
    const points = camp.points.filter(p => day(p.end) >= from && day(p.start) <= to);
    if (!points.length) continue;
    shown += 1;
    const figure = document.createElement("figure");
    figure.className = "chart";
    const h3 = document.createElement("h3");
    h3.textContent = camp.camp;
    figure.appendChild(h3);
    const svg = el("svg", {viewBox: `0 0 ${W} ${H}`, class: "timeline-chart", role: "img"});
    const x = t => L + (to === from ? 0.5 : (t - from) / (to - from)) * (W - L - R);
    const y = v => T + (1 - (v + 1) / 2) * (H - T - B);
    svg.appendChild(el("line", {x1: L, x2: W - R, y1: y(0), y2: y(0), stroke: "#d0d7de"}));
    svg.appendChild(el("text", {x: 4, y: y(1) + 4, "font-size": 10}, "support"));
    svg.appendChild(el("text", {x: 4, y: y(-1) + 4, "font-size": 10}, "oppose"));
    svg.appendChild(el("text", {x: L, y: H - 8, "font-size": 10}, new Date(from).toISOString().slice(0, 10)));
    svg.appendChild(el("text", {x: W - R, y: H - 8, "font-size": 10, "text-anchor": "end"}, new Date(to).toISOString().slice(0, 10)));
    data.sides.forEach((side, i) => {
      const colour = SIDE_COLOURS[i % SIDE_COLOURS.length];
      const pts = [];
      for (const p of points) {
        const c = p.stance[side];
        const n = c.support + c.oppose + c.neutral;
        if (!n) continue;
        const mid = (Math.max(day(p.start), from) + Math.min(day(p.end), to)) / 2;
        pts.push([x(mid), y((c.support - c.oppose) / n), p, n]);
      }
      if (pts.length > 1) svg.appendChild(el("polyline", {points: pts.map(q => q[0] + "," + q[1]).join(" "), fill: "none", stroke: colour}));
      for (const [cx, cy, p, n] of pts) {
        const dot = el("circle", {cx, cy, r: Math.min(3 + Math.sqrt(n) * 2, 12), fill: colour, "fill-opacity": 0.6, class: "point"});
        dot.appendChild(el("title", {}, `${side}, ${p.period}: ${p.stance[side].support} support, ${p.stance[side].oppose} oppose, ${p.stance[side].neutral} neutral`));
        svg.appendChild(dot);
      }
    });
    figure.appendChild(svg);
    const legend = document.createElement("div");
    legend.className = "legend";
    data.sides.forEach((side, i) => {
      const span = document.createElement("span");
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = SIDE_COLOURS[i % SIDE_COLOURS.length];
      span.append(sw, side);
      legend.appendChild(span);
    });
    figure.appendChild(legend);
    box.appendChild(figure);
  }
  if (!shown) {
    const p = document.createElement("p");
    p.textContent = "No dated statement with a stance in this window.";
    box.appendChild(p);
  }
}

async function timelines(box) {
  const conflict = box.dataset.conflict;
  const response = await fetch(`/api/conflicts/${encodeURIComponent(conflict)}/timelines`);
  if (!response.ok) return;
  const data = await response.json();
  const all = data.camps.flatMap(c => c.points);
  if (!all.length) { drawTimelines(box, data, 0, 0); return; }
  const lo = Math.min(...all.map(p => day(p.start))), hi = Math.max(...all.map(p => day(p.end)));
  const fromInput = document.getElementById("zoom-from"), toInput = document.getElementById("zoom-to");
  const iso = t => new Date(t).toISOString().slice(0, 10);
  fromInput.value = iso(lo); toInput.value = iso(hi);
  fromInput.min = toInput.min = iso(lo); fromInput.max = toInput.max = iso(hi);
  const redraw = () => {
    let from = fromInput.value ? day(fromInput.value) : lo, to = toInput.value ? day(toInput.value) : hi;
    if (to < from) [from, to] = [to, from];
    drawTimelines(box, data, from, to);
  };
  fromInput.addEventListener("change", redraw);
  toInput.addEventListener("change", redraw);
  document.getElementById("zoom-reset").addEventListener("click", () => { fromInput.value = iso(lo); toInput.value = iso(hi); redraw(); });
  redraw();
}

// --- corrections -----------------------------------------------------------------------------------

function correctionForm(form) {
  const status = document.getElementById("correction-status");
  const saved = sessionStorage.getItem("stancemap-token");
  if (saved) form.elements.token.value = saved;
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const body = {note: form.elements.note.value};
    if (form.dataset.conflict) body.conflict = form.dataset.conflict;
    if (form.elements.speaker.value.trim()) body.speaker = form.elements.speaker.value.trim();
    if (form.elements.date.value.trim()) body.date = form.elements.date.value.trim();
    if (form.elements.not_statement.checked) body.not_statement = true;
    const stance = {};
    for (const select of form.querySelectorAll("select[name=stance]")) if (select.value) stance[select.dataset.side] = select.value;
    if (Object.keys(stance).length) body.stance = stance;
    if (form.elements["set-actions"].checked) body.actions = [...form.querySelectorAll("input[name=action]:checked")].map(i => i.value);
    const token = form.elements.token.value.trim();
    sessionStorage.setItem("stancemap-token", token);
    status.textContent = "saving…";
    const response = await fetch(`/api/statements/${encodeURIComponent(form.dataset.statement)}/correction`, {
      method: "POST", headers: {"Content-Type": "application/json", "Authorization": "Bearer " + token}, body: JSON.stringify(body),
    });
    if (response.ok) { status.textContent = "saved"; window.location.reload(); return; }
    let detail = response.statusText;
    try { const j = await response.json(); detail = typeof j.detail === "string" ? j.detail : JSON.stringify(j.detail); } catch (e) { /* not JSON */ }
    status.textContent = `refused (${response.status}): ${detail}`;
  });
}

// --- network -----------------------------------------------------------------------------------------

async function network(box) {
  const conflict = box.dataset.conflict;
  const response = await fetch(`/api/conflicts/${encodeURIComponent(conflict)}/network`);
  if (!response.ok) return;
  const data = await response.json();
  if (!data.nodes.length) return;
  const W = 1000, H = 620, cx = W / 2, cy = H / 2, radius = Math.min(W, H) / 2 - 90;
  const svg = el("svg", {viewBox: `0 0 ${W} ${H}`, role: "img", class: "network-chart"});
  const defs = el("defs");
  for (const [action, colour] of Object.entries(ACTION_COLOURS)) {
    const marker = el("marker", {id: "arrow-" + action, viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto"});
    marker.appendChild(el("path", {d: "M0,0 L10,5 L0,10 z", fill: colour}));
    defs.appendChild(marker);
  }
  svg.appendChild(defs);
  // actors of one camp sit together on the circle
  const nodes = [...data.nodes].sort((a, b) => (a.camp || "").localeCompare(b.camp || "") || a.name.localeCompare(b.name));
  const at = {};
  nodes.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    at[n.name] = [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle), angle];
  });
  for (const e of data.edges) {
    const [x1, y1] = at[e.source], [x2, y2] = at[e.target];
    const colour = ACTION_COLOURS[e.action] || "#6e7781";
    const bend = 0.15;
    const mx = (x1 + x2) / 2 + (y2 - y1) * bend, my = (y1 + y2) / 2 - (x2 - x1) * bend;
    const path = el("path", {d: `M${x1},${y1} Q${mx},${my} ${x2},${y2}`, stroke: colour, class: "edge edge-" + e.action,
      "marker-end": `url(#arrow-${e.action})`, "stroke-width": Math.min(1 + e.count, 6)});
    path.appendChild(el("title", {}, `${e.source} ${e.action} ${e.target} (${e.count})`));
    svg.appendChild(path);
  }
  for (const n of nodes) {
    const [x, y, angle] = at[n.name];
    const g = el("g", {class: "node"});
    g.appendChild(el("circle", {cx: x, cy: y, r: 6, fill: "#57606a"}));
    const right = Math.cos(angle) >= 0;
    g.appendChild(el("text", {x: x + (right ? 9 : -9), y: y + 4, "text-anchor": right ? "start" : "end"}, n.name));
    g.appendChild(el("title", {}, `${n.name} (${n.camp})`));
    svg.appendChild(g);
  }
  box.appendChild(svg);
}

document.addEventListener("DOMContentLoaded", () => {
  const charts = document.getElementById("charts");
  if (charts) timelines(charts);
  const form = document.getElementById("correction");
  if (form) correctionForm(form);
  const sentence = document.getElementById("sentence");  // the article box opens at the statement
  if (sentence) sentence.parentElement.scrollTop = sentence.offsetTop - sentence.parentElement.offsetTop - 60;
  const net = document.getElementById("network");
  if (net) network(net);
});
