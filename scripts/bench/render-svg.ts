import { PHASES, type BenchResult, type PhaseName } from './result-types';
import { tripsOf } from './targets';

/** One line of the chart: a phase's cost at each directory size. */
export interface Series {
  name: PhaseName;
  title: string;
  short: string;
  points: { size: number; value: number }[];
}

interface Panel {
  title: string;
  series: Series[];
  /** Name, above each line, the phases whose lines lie on top of each other (integer round trips). */
  labelOverlaps?: boolean;
}

const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#b8a000', '#b07aa1', '#ff6f91', '#9c755f', '#7f7f7f', '#17becf'];
const DASHES = ['', '6 3', '2 3'];
const WIDTH = 960;
const PLOT = { width: 360, height: 280, top: 70, left: 80, gap: 120 };
const LEGEND_TOP = PLOT.top + PLOT.height + 60;
const LEGEND_ROW = 20;

/** The two series the chart draws: server CPU ms and storage round trips per request, per phase. */
export function costSeries(result: BenchResult): { cpu: Series[]; trips: Series[] } {
  const series = (value: (name: PhaseName, size: BenchResult['sizes'][number]) => number | null | undefined): Series[] =>
    PHASES.map(({ name, title, short }) => ({
      name,
      title,
      short,
      points: result.sizes.flatMap((s) => {
        const v = value(name, s);
        return v === null || v === undefined || !(v > 0) ? [] : [{ size: s.users, value: v }];
      }),
    }));
  return {
    cpu: series((name, s) => s.phases.find((p) => p.name === name)?.cpuMsPerRequest),
    trips: series((name, s) => {
      const phase = s.phases.find((p) => p.name === name);
      // The page walk: the mean over its pages, so the first page's full count shows too.
      return name === 'pageWalk' ? phase?.roundTrips?.mean : tripsOf(phase);
    }),
  };
}

/**
 * A hand-written SVG (no chart library): cost per request against directory size on log-log
 * axes, server CPU on the left, storage round trips on the right, one line per phase. A flat
 * line is a cost that does not grow with the directory.
 */
export function renderCostChart(result: BenchResult): string {
  const { cpu, trips } = costSeries(result);
  const sizes = result.sizes.map((s) => s.users);
  const panels: Panel[] = [
    { title: 'Server CPU ms per request', series: cpu },
    { title: 'Storage round trips per request', series: trips, labelOverlaps: true },
  ];
  const legendRows = Math.ceil(PHASES.length / 3);
  const height = LEGEND_TOP + legendRows * LEGEND_ROW + 36;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="28" text-anchor="middle" font-size="16" font-weight="600">${escapeXml('Roster: cost per request against directory size')}</text>`,
    `<text x="${WIDTH / 2}" y="48" text-anchor="middle" fill="#555">${escapeXml(subtitle(result))}</text>`,
    ...panels.map((panel, i) => renderPanel(panel, sizes, PLOT.left + i * (PLOT.width + PLOT.gap))),
    renderLegend(),
    `<text x="${PLOT.left}" y="${height - 14}" fill="#555">${escapeXml('Page walk: the mean over its pages of count=100 (page 1 counts every user). Probes median for the other phases.')}</text>`,
    '</svg>',
  ];
  return parts.join('\n') + '\n';
}

function subtitle(result: BenchResult): string {
  const m = result.machine;
  return `log-log axes; ${m.cores} × ${m.cpu}, Node ${m.node}, ${result.target.mode === 'local' ? `Azurite ${m.azurite ?? '?'}` : 'remote target'}; ${result.startedAt.slice(0, 10)}`;
}

function renderPanel(panel: Panel, sizes: number[], left: number): string {
  const values = panel.series.flatMap((s) => s.points.map((p) => p.value));
  const out = [`<g>`, `<text x="${left + PLOT.width / 2}" y="${PLOT.top - 12}" text-anchor="middle" font-weight="600">${escapeXml(panel.title)}</text>`];
  out.push(`<rect x="${left}" y="${PLOT.top}" width="${PLOT.width}" height="${PLOT.height}" fill="none" stroke="#999"/>`);
  if (values.length === 0 || sizes.length === 0) {
    out.push(`<text x="${left + PLOT.width / 2}" y="${PLOT.top + PLOT.height / 2}" text-anchor="middle" fill="#777">n/a (server not measured)</text>`, '</g>');
    return out.join('\n');
  }
  const xAxis = logAxis(Math.min(...sizes), Math.max(...sizes));
  const yAxis = logAxis(Math.min(...values), Math.max(...values));
  const x = (v: number) => left + scale(xAxis, v) * PLOT.width;
  const y = (v: number) => PLOT.top + PLOT.height - scale(yAxis, v) * PLOT.height;
  for (const tick of yAxis.ticks) {
    out.push(`<line x1="${left}" x2="${left + PLOT.width}" y1="${f(y(tick))}" y2="${f(y(tick))}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${left - 6}" y="${f(y(tick) + 4)}" text-anchor="end">${escapeXml(tickLabel(tick))}</text>`);
  }
  for (const size of [...new Set([...xAxis.ticks, ...sizes])].sort((a, b) => a - b)) {
    const measured = sizes.includes(size);
    out.push(`<line x1="${f(x(size))}" x2="${f(x(size))}" y1="${PLOT.top}" y2="${PLOT.top + PLOT.height}" stroke="${measured ? '#d0d0d0' : '#efefef'}"/>`);
    out.push(`<text x="${f(x(size))}" y="${PLOT.top + PLOT.height + 16}" text-anchor="middle"${measured ? '' : ' fill="#999"'}>${escapeXml(tickLabel(size))}</text>`);
  }
  out.push(`<text x="${left + PLOT.width / 2}" y="${PLOT.top + PLOT.height + 36}" text-anchor="middle" fill="#333">users in the directory</text>`);
  panel.series.forEach((series, i) => {
    const style = seriesStyle(i);
    const points = series.points.map((p) => `${f(x(p.size))},${f(y(p.value))}`);
    if (points.length > 1) out.push(`<polyline fill="none" stroke="${style.color}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} points="${points.join(' ')}"><title>${escapeXml(series.title)}</title></polyline>`);
    for (const p of series.points) {
      out.push(`<circle cx="${f(x(p.size))}" cy="${f(y(p.value))}" r="3.5" fill="${style.color}"><title>${escapeXml(`${series.title}: ${p.value} at ${p.size} users`)}</title></circle>`);
    }
  });
  if (panel.labelOverlaps) out.push(...overlapLabels(panel.series, x, y, left));
  out.push('</g>');
  return out.join('\n');
}

/** One label per set of identical lines, just above them at the left: "GET user, POST user, ...". */
function overlapLabels(series: Series[], x: (v: number) => number, y: (v: number) => number, left: number): string[] {
  const groups = new Map<string, Series[]>();
  for (const s of series) {
    if (s.points.length === 0) continue;
    const key = s.points.map((p) => `${p.size}:${p.value}`).join(' ');
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const labels = [...groups.values()].map((members) => {
    const first = members[0]!.points[0]!;
    return { x: Math.max(left + 6, x(first.size) + 6), y: y(first.value) - 7, text: members.map((m) => m.short).join(', ') };
  });
  // From the bottom up, a label that would touch the one below moves up: labels stay above their lines.
  labels.sort((a, b) => b.y - a.y);
  labels.forEach((label, i) => {
    if (i > 0) label.y = Math.min(label.y, labels[i - 1]!.y - 12);
  });
  return labels.map((l) => `<text x="${f(l.x)}" y="${f(l.y)}" font-size="10" fill="#333">${escapeXml(l.text)}</text>`);
}

function renderLegend(): string {
  const columnWidth = (WIDTH - 2 * PLOT.left) / 3;
  return PHASES.map(({ title }, i) => {
    const style = seriesStyle(i);
    const lx = PLOT.left + (i % 3) * columnWidth;
    const ly = LEGEND_TOP + Math.floor(i / 3) * LEGEND_ROW;
    return [
      `<line x1="${f(lx)}" x2="${f(lx + 24)}" y1="${ly}" y2="${ly}" stroke="${style.color}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
      `<circle cx="${f(lx + 12)}" cy="${ly}" r="3.5" fill="${style.color}"/>`,
      `<text x="${f(lx + 32)}" y="${ly + 4}">${escapeXml(title)}</text>`,
    ].join('\n');
  }).join('\n');
}

function seriesStyle(i: number): { color: string; dash: string } {
  return { color: COLORS[i % COLORS.length]!, dash: DASHES[Math.floor(i / 4) % DASHES.length]! };
}

export interface LogAxis {
  min: number;
  max: number;
  ticks: number[];
}

/** Padding around the data on a log axis, in decades, so no point sits on the frame. */
const PAD_DECADES = 0.2;

/**
 * A log axis around [lo, hi] with a little padding (half a decade either side of a single
 * value); ticks at 1, 2 and 5 times each power of ten when it spans up to about two decades,
 * else at powers of ten only.
 */
export function logAxis(lo: number, hi: number): LogAxis {
  const pad = lo === hi ? 0.5 : PAD_DECADES;
  const min = lo / 10 ** pad;
  const max = hi * 10 ** pad;
  const steps = Math.log10(max / min) <= 2.5 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const step of steps) {
      const tick = Number((step * 10 ** e).toPrecision(12));
      if (tick >= min && tick <= max) ticks.push(tick);
    }
  }
  return { min, max, ticks };
}

function scale(axis: LogAxis, v: number): number {
  return (Math.log10(v) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min));
}

/** 0.01, 0.1, 1, 10, 100, 1k, 10k, 100k, 1M. */
export function tickLabel(v: number): string {
  if (v >= 1e6) return `${trim(v / 1e6)}M`;
  if (v >= 1e3) return `${trim(v / 1e3)}k`;
  return trim(v);
}

function trim(v: number): string {
  return String(Number(v.toPrecision(3)));
}

function f(n: number): string {
  return n.toFixed(1);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
