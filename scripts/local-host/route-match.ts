/**
 * Route templates as the Functions host reads them (ASP.NET Core routing): literal segments
 * match case-insensitively; `{name}`, `{name?}` (optional), `{name=default}`, `{*rest}` /
 * `{**rest}` (catch-all, last) and inline constraints `{id:guid}`, `{n:int}`, `{x:alpha}`
 * (other constraints are accepted and not checked). Only whole-segment parameters are
 * supported; `{a}.{b}` is rejected.
 */
export interface RouteTemplate {
  readonly source: string;
  readonly segments: readonly RouteSegment[];
  /** ASP.NET Core inbound precedence digits, one per segment; lower sorts first. */
  readonly precedence: readonly number[];
}

export type RouteSegment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string; optional: boolean; catchAll: boolean; constraints: string[]; defaultValue?: string };

export type RouteParams = Record<string, string>;

export function parseRouteTemplate(template: string): RouteTemplate {
  const trimmed = template.replace(/^[~/]+/, '').replace(/\/+$/, '');
  const segments = trimmed === '' ? [] : trimmed.split('/').map((s) => parseSegment(s, template));
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment.kind !== 'param' || last) return;
    if (segment.catchAll) throw new Error(`Invalid route "${template}": a catch-all parameter must be the last segment.`);
    if (segment.optional) throw new Error(`Invalid route "${template}": an optional parameter must be the last segment.`);
  });
  return { source: template, segments, precedence: segments.map(precedenceDigit) };
}

function parseSegment(text: string, template: string): RouteSegment {
  if (text === '') throw new Error(`Invalid route "${template}": empty segment.`);
  if (!text.includes('{') && !text.includes('}')) return { kind: 'literal', text };
  const match = /^\{(\*{1,2})?([A-Za-z_][\w.-]*)((?::[^:=?]+(?:\([^)]*\))?)*)(\?|=[^}]*)?\}$/.exec(text);
  if (!match) throw new Error(`Invalid route "${template}": unsupported segment "${text}".`);
  const [, stars, name, constraintText, suffix] = match;
  return {
    kind: 'param',
    name,
    catchAll: stars !== undefined,
    optional: suffix === '?' || suffix?.startsWith('=') === true || stars !== undefined,
    constraints: constraintText ? splitConstraints(constraintText) : [],
    defaultValue: suffix?.startsWith('=') ? suffix.slice(1) : undefined,
  };
}

/** `:int:range(1,5)` -> ['int', 'range(1,5)']; a colon inside parentheses does not split. */
function splitConstraints(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text.slice(1)) {
    if (ch === ':' && depth === 0) {
      out.push(current);
      current = '';
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    current += ch;
  }
  return [...out, current];
}

/**
 * ASP.NET Core RoutePrecedence.ComputeInbound: literal 1, constrained parameter 2,
 * parameter 3, constrained catch-all 4, catch-all 5.
 */
function precedenceDigit(segment: RouteSegment): number {
  if (segment.kind === 'literal') return 1;
  const digit = segment.catchAll ? 5 : 3;
  return segment.constraints.length > 0 ? digit - 1 : digit;
}

/** Negative when `a` is tried before `b`: the decimal ComputeInbound value, compared digit by digit. */
export function comparePrecedence(a: RouteTemplate, b: RouteTemplate): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const diff = (a.precedence[i] ?? 0) - (b.precedence[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Matches a request path (no query string, still percent-encoded) against a template.
 * Parameter values are percent-decoded except `%2F`, which stays encoded as the host leaves it.
 */
export function matchRoute(template: RouteTemplate, path: string): RouteParams | undefined {
  const parts = splitPath(path);
  const params: RouteParams = {};
  const segments = template.segments;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === 'literal') {
      if (i >= parts.length || parts[i].toLowerCase() !== segment.text.toLowerCase()) return undefined;
      continue;
    }
    const value = segment.catchAll ? parts.slice(i).join('/') : parts[i];
    if (value === undefined || value === '') {
      if (!segment.optional) return undefined;
      if (segment.defaultValue !== undefined) params[segment.name] = segment.defaultValue;
      continue;
    }
    if (!segment.constraints.every((c) => satisfies(c, value))) return undefined;
    params[segment.name] = value;
    if (segment.catchAll) return params;
  }
  return parts.length <= segments.length ? params : undefined;
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.split('/').map(decodeSegment);
}

function decodeSegment(segment: string): string {
  return segment
    .split(/%2F/i)
    .map((piece) => {
      try {
        return decodeURIComponent(piece);
      } catch {
        return piece;
      }
    })
    .join('%2F');
}

const GUID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|\{[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\}|\([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\))$/i;

function satisfies(constraint: string, value: string): boolean {
  switch (constraint.toLowerCase()) {
    case 'guid':
      return GUID.test(value);
    case 'int':
      return /^[+-]?\d+$/.test(value) && Math.abs(Number(value)) <= 2 ** 31 - (value.startsWith('-') ? 0 : 1);
    case 'alpha':
      return /^[a-z]+$/i.test(value);
    default:
      return true;
  }
}

/** The full template the host routes on: `routePrefix/route`, with an empty prefix allowed. */
export function withRoutePrefix(routePrefix: string, route: string): string {
  const prefix = routePrefix.replace(/^\/+|\/+$/g, '');
  const rest = route.replace(/^\/+/, '');
  return prefix === '' ? rest : rest === '' ? prefix : `${prefix}/${rest}`;
}

export interface RouteCandidate {
  template: RouteTemplate;
  /** Upper-case; absent or empty means every method. */
  methods?: readonly string[];
}

/**
 * The candidate the host would pick for `method path`: among those whose method list allows the
 * method and whose template matches, the best precedence; ties go to the earlier candidate.
 */
export function selectRoute<T extends RouteCandidate>(
  candidates: readonly T[],
  method: string,
  path: string,
): { candidate: T; params: RouteParams } | undefined {
  let best: { candidate: T; params: RouteParams } | undefined;
  const upper = method.toUpperCase();
  for (const candidate of candidates) {
    if (candidate.methods && candidate.methods.length > 0 && !candidate.methods.includes(upper)) continue;
    if (best && comparePrecedence(candidate.template, best.candidate.template) >= 0) continue;
    const params = matchRoute(candidate.template, path);
    if (params) best = { candidate, params };
  }
  return best;
}
