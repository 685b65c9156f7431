import { describe, expect, it } from 'vitest';
import { BEGIN_MARKER, END_MARKER, renderReport, replaceResults } from '../../../scripts/bench/render-report';
import { costSeries, escapeXml, logAxis, renderCostChart, tickLabel } from '../../../scripts/bench/render-svg';
import { escapeCell, markdownTable, renderColdStartTable, renderResultsTable, tripsCell } from '../../../scripts/bench/render-table';
import { PHASES } from '../../../scripts/bench/result-types';
import { result, size } from './bench-fixture';

const twoSizes = () => result([size(1000, { pageWalk: { trips: [3, 3, 3] } }), size(10_000, { getUser: { cpu: 2.5 }, pageWalk: { trips: [21, 21] } })]);

describe('renderResultsTable', () => {
  it('has a header, an alignment row and a row per phase and size, sizes of a phase together', () => {
    const lines = renderResultsTable(twoSizes()).split('\n');
    expect(lines[0]).toBe('| Phase | Users | Requests | req/s | p50 ms | p95 ms | p99 ms | Server CPU ms/req | Round trips/req | Azurite CPU ms/req | Server RSS MiB |');
    expect(lines[1]).toBe('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    expect(lines).toHaveLength(2 + 2 * PHASES.length);
    expect(lines.slice(8, 10)).toEqual([
      '| GET /Users/{id} | 1,000 | 100 | 123 | 4.20 | 9.87 | 15 | 2 | 1 | 1.50 | 121 |',
      '| GET /Users/{id} | 10,000 | 100 | 123 | 4.20 | 9.87 | 15 | 2.50 | 1 | 1.50 | 121 |',
    ]);
  });

  it('marks a phase cut by its time bound and shows the page walk by page', () => {
    const walk = renderResultsTable(twoSizes()).split('\n').filter((l) => l.startsWith('| GET /Users page walk'));
    expect(walk[0]).toContain('| 100 ⏱ |');
    expect(walk[0]).toContain('| 3 every page |');
    expect(walk[1]).toContain('| 21 every page |');
  });

  it('writes n/a for what a remote target cannot tell', () => {
    const row = renderResultsTable(result([size(1000, {}, true)], 'remote')).split('\n')[2]!;
    expect(row).toBe('| Test Connection (userName miss) | 1,000 | 100 | 123 | 4.20 | 9.87 | 15 | n/a | n/a | n/a | n/a |');
  });

  it('escapes pipes in cells', () => {
    expect(escapeCell('a|b\nc')).toBe('a\\|b c');
    expect(markdownTable(['x', 'y'], [['1', '2']], [false, true])).toBe('| x | y |\n| --- | ---: |\n| 1 | 2 |');
  });
});

describe('tripsCell', () => {
  it('shows the median, its range when probes differ, and the growth of a page walk', () => {
    expect(tripsCell({ median: 2, min: 2, max: 2 })).toBe('2');
    expect(tripsCell({ median: 1, min: 1, max: 2 })).toBe('1 (1-2)');
    expect(tripsCell({ mean: 1.234 })).toBe('1.23');
    expect(tripsCell({ first: 3, perRequest: [3, 5, 9] }, 'pageWalk')).toBe('3 (page 1), then 5-9');
    expect(tripsCell({ first: 16, perRequest: [16, 2, 2, 1] }, 'pageWalk')).toBe('16 (page 1), then 1-2');
    expect(tripsCell({ first: 3, perRequest: [3, 3, 3] }, 'pageWalk')).toBe('3 every page');
    expect(tripsCell({ median: 4, min: 4, max: 4, first: 4, perRequest: [4, 4] }, 'memberAdd')).toBe('4');
    expect(tripsCell(null)).toBe('n/a');
  });
});

describe('renderColdStartTable', () => {
  it('lists each measure in ms, n/a where unmeasured', () => {
    const table = renderColdStartTable({ runs: 3, nodeStartMs: 40, loadModulesMs: 400.4, firstResponseMs: null, firstRequestMs: null, modules: [] });
    expect(table).toContain('| Load every function module (package.json "main") | 400 ms |');
    expect(table).toContain('| Spawn to the first answered request (Test Connection) | n/a |');
    expect(renderColdStartTable(null)).toMatch(/not measured/);
  });
});

describe('renderCostChart', () => {
  it('draws one line per phase in each panel, on log axes, escaping text', () => {
    const svg = renderCostChart(twoSizes());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2 * PHASES.length);
    expect(svg).toContain('Test CPU &lt;x86&gt;');
    expect(svg).not.toContain('<x86>');
    expect(svg).toContain('>10k</text>');
    expect(svg).toContain('>2k</text>');
    for (const { title } of PHASES) expect(svg).toContain(`>${escapeXml(title)}</text>`);
  });

  it('is well formed: every element opened is closed', () => {
    const svg = renderCostChart(twoSizes());
    const opened = [...svg.matchAll(/<([a-z]+)[^>]*?(\/?)>/g)].filter((m) => m[2] !== '/').map((m) => m[1]);
    const closed = [...svg.matchAll(/<\/([a-z]+)>/g)].map((m) => m[1]);
    expect(opened.sort()).toEqual(closed.sort());
  });

  it('draws points without lines for one size, and says n/a for a remote target', () => {
    expect(renderCostChart(result([size(1000)]))).not.toContain('<polyline');
    expect(renderCostChart(result([size(1000)]))).toContain('<circle');
    expect(renderCostChart(result([size(1000, {}, true)], 'remote'))).toContain('n/a (server not measured)');
  });

  it('plots the mean over the pages of a page walk, so the first page counts too', () => {
    const { trips } = costSeries(result([size(1000, { pageWalk: { trips: [3, 4, 8] } })]));
    expect(trips.find((s) => s.name === 'pageWalk')!.points).toEqual([{ size: 1000, value: 5 }]);
  });
});

describe('log axes', () => {
  it('pads the data and ticks at 1, 2 and 5 times powers of ten over a short span', () => {
    const axis = logAxis(1000, 10_000);
    expect(axis.min).toBeCloseTo(631, 0);
    expect(axis.max).toBeCloseTo(15_849, 0);
    expect(axis.ticks).toEqual([1000, 2000, 5000, 10_000]);
    expect(logAxis(1000, 1000).ticks).toEqual([500, 1000, 2000]);
  });

  it('ticks at powers of ten only over a long span', () => {
    expect(logAxis(0.05, 500).ticks).toEqual([0.1, 1, 10, 100]);
  });

  it.each([
    [0.01, '0.01'],
    [1, '1'],
    [1000, '1k'],
    [15_000, '15k'],
    [1_000_000, '1M'],
  ])('labels %s as %s', (v, label) => {
    expect(tickLabel(v)).toBe(label);
  });
});

describe('renderReport and replaceResults', () => {
  it('puts the machine, the results, the chart, the cold start and the targets in one section', () => {
    const report = renderReport(twoSizes(), 'chart.svg');
    expect(report).toContain('Machine: 2 × Test CPU <x86>, 8 GiB, Linux 6, Node v20.0.0; 1-minute load average 0.5 at the start, 1.5 at the end.');
    expect(report).toContain('commit `abc123`');
    expect(report).toContain('![Cost per request against directory size](chart.svg)');
    expect(report).toContain('| Target | Measured | Status |');
    expect(report).toContain('- 10,000 users: seeded 10,000 users');
  });

  it('replaces only the text between the markers', () => {
    const doc = `# Benchmarks\n\nMethod.\n\n${BEGIN_MARKER}\nold results\n${END_MARKER}\n\nWhy.\n`;
    expect(replaceResults(doc, 'new results')).toBe(`# Benchmarks\n\nMethod.\n\n${BEGIN_MARKER}\nnew results\n${END_MARKER}\n\nWhy.\n`);
    expect(() => replaceResults('# no markers', 'x')).toThrow(/bench:results:begin/);
  });
});
