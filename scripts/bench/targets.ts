import { median } from './stats';
import { phaseTitle, PHASES, type BenchResult, type PhaseName, type PhaseResult, type SizeResult } from './result-types';

export type TargetStatus = 'met' | 'not met' | 'n/a';

export interface TargetCheck {
  target: string;
  measured: string;
  status: TargetStatus;
}

/** Issue #8's storage targets: round trips per request, at most. */
export const ROUND_TRIP_TARGETS: { phase: PhaseName; max: number; target: string }[] = [
  { phase: 'getUser', max: 1, target: 'GET by id: 1 storage round trip' },
  { phase: 'testConnection', max: 2, target: 'Test Connection (userName eq, no match): at most 2' },
  { phase: 'filterUserName', max: 2, target: 'userName equality filter: at most 2' },
  { phase: 'filterExternalId', max: 2, target: 'externalId equality filter: at most 2' },
  { phase: 'createUser', max: 1, target: 'create: 1' },
  { phase: 'patchUser', max: 2, target: 'Entra-style PATCH of a user: at most 2' },
  { phase: 'memberAdd', max: 6, target: 'adding 50 members: at most 6, whatever the group size' },
  { phase: 'getGroupNoMembers', max: 1, target: 'group GET with excludedAttributes=members: at most 1' },
];

/** Server CPU per request may grow at most this much from the smallest to the largest size. */
export const CPU_GROWTH_LIMIT = 1.3;

/**
 * Round trips per request of a phase: the median of its probes (requests measured one at a
 * time), else the phase mean. Undefined when the server was not ours.
 */
export function tripsOf(phase: PhaseResult | undefined): number | undefined {
  return phase?.roundTrips?.median ?? phase?.roundTrips?.mean;
}

/** Every target of issue #8, met or not, with what was measured. */
export function evaluateTargets(result: BenchResult): TargetCheck[] {
  return [...ROUND_TRIP_TARGETS.map((t) => roundTripCheck(result.sizes, t)), pageWalkCheck(result.sizes), ...cpuChecks(result.sizes), memberAddCpuCheck(result.sizes)];
}

function phaseAt(size: SizeResult, name: PhaseName): PhaseResult | undefined {
  return size.phases.find((p) => p.name === name);
}

function roundTripCheck(sizes: SizeResult[], t: (typeof ROUND_TRIP_TARGETS)[number]): TargetCheck {
  const values = sizes.map((s) => ({ size: s, trips: tripsOf(phaseAt(s, t.phase)) }));
  if (values.length === 0 || values.some((v) => v.trips === undefined)) return { target: t.target, measured: 'n/a (server not measured)', status: 'n/a' };
  const measured = values
    .map((v) => `${fmt(v.trips!)} at ${users(v.size.users)}${t.phase === 'memberAdd' ? ` (group of ${count(phaseAt(v.size, 'memberAdd')?.details.groupMembers)})` : ''}`)
    .join('; ');
  return { target: t.target, measured, status: values.every((v) => v.trips! <= t.max) ? 'met' : 'not met' };
}

/**
 * The page walk meets its target when a page costs a constant number of round trips: the last
 * pages cost no more than the first ones after page 1 (nothing grows with startIndex), and those
 * cost no more in a larger directory. Page 1 is reported on its own: it counts every match for
 * totalResults.
 */
function pageWalkCheck(sizes: SizeResult[]): TargetCheck {
  const target = 'page walk (count=100): a constant number per page, not growing with startIndex';
  const walks = sizes.map((s) => ({ size: s, per: phaseAt(s, 'pageWalk')?.roundTrips?.perRequest ?? [], details: phaseAt(s, 'pageWalk')?.details ?? {} }));
  if (walks.length === 0 || walks.some((w) => w.per.length === 0)) return { target, measured: 'n/a (server not measured)', status: 'n/a' };
  const later = (per: number[]) => (per.length > 1 ? per.slice(1) : per);
  const measured = walks
    .map((w) => {
      const rest = later(w.per);
      const spread = Math.min(...rest) === Math.max(...rest) ? fmt(rest[0]!) : `${fmt(Math.min(...rest))}-${fmt(Math.max(...rest))}`;
      return `page 1: ${fmt(w.per[0]!)}, pages 2-${w.per.length}: ${spread} (of ${count(w.details.pagesInDirectory)} pages) at ${users(w.size.users)}`;
    })
    .join('; ');
  // Medians of five pages at each end, so a one-off background write (a key's lastUsed) or a
  // short last page does not decide it.
  const head = (per: number[]) => median(later(per).slice(0, 5))!;
  const tail = (per: number[]) => median(later(per).slice(-5))!;
  const flatInWalk = walks.every((w) => tail(w.per) <= head(w.per));
  const flatInSize = walks.every((w) => head(w.per) <= head(walks[0]!.per));
  return { target, measured, status: flatInWalk && flatInSize ? 'met' : 'not met' };
}

function cpuGrowth(sizes: SizeResult[], name: PhaseName): { from?: number; to?: number; ratio?: number } {
  if (sizes.length < 2) return {};
  const from = phaseAt(sizes[0]!, name)?.cpuMsPerRequest ?? undefined;
  const to = phaseAt(sizes[sizes.length - 1]!, name)?.cpuMsPerRequest ?? undefined;
  return from && to !== undefined ? { from, to, ratio: to / from } : {};
}

function cpuChecks(sizes: SizeResult[]): TargetCheck[] {
  const span = sizes.length >= 2 ? `from ${users(sizes[0]!.users)} to ${users(sizes[sizes.length - 1]!.users)}` : 'across sizes';
  return PHASES.map(({ name }) => {
    const target = `server CPU per request within ${CPU_GROWTH_LIMIT}× ${span}: ${phaseTitle(name)}`;
    const g = cpuGrowth(sizes, name);
    if (g.ratio === undefined) return { target, measured: sizes.length < 2 ? 'n/a (one size)' : 'n/a (server not measured)', status: 'n/a' };
    return { target, measured: `${fmt(g.from!)} -> ${fmt(g.to!)} ms (${g.ratio.toFixed(2)}×)`, status: g.ratio <= CPU_GROWTH_LIMIT ? 'met' : 'not met' };
  });
}

function memberAddCpuCheck(sizes: SizeResult[]): TargetCheck {
  const target = `member-add CPU independent of group size (within ${CPU_GROWTH_LIMIT}×)`;
  const g = cpuGrowth(sizes, 'memberAdd');
  if (g.ratio === undefined) return { target, measured: sizes.length < 2 ? 'n/a (one size)' : 'n/a (server not measured)', status: 'n/a' };
  const groups = [sizes[0]!, sizes[sizes.length - 1]!].map((s) => count(phaseAt(s, 'memberAdd')?.details.groupMembers));
  return {
    target,
    measured: `${fmt(g.from!)} ms with ${groups[0]} members -> ${fmt(g.to!)} ms with ${groups[1]} (${g.ratio.toFixed(2)}×)`,
    status: g.ratio <= CPU_GROWTH_LIMIT ? 'met' : 'not met',
  };
}

export function fmt(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function count(value: number | string | undefined): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : String(value ?? '?');
}

export function users(n: number): string {
  return `${n.toLocaleString('en-US')} users`;
}
