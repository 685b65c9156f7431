/** What a page gets: where to render, the route it answers, and a signal that ends with it. */
export type PageName = 'signin' | 'directories' | 'connect' | 'keys' | 'people' | 'user' | 'group' | 'activity' | 'health' | 'notfound';

export interface Route {
  page: PageName;
  dir?: string;
  id?: string;
  query: URLSearchParams;
}

export interface View {
  main: HTMLElement;
  route: Route;
  /** Aborted when the user navigates away: pages pass it to fetches and check it before rendering. */
  signal: AbortSignal;
  title(text: string): HTMLHeadingElement;
  navigate(hash: string): void;
}

export const DIRECTORY_PAGES: { page: PageName; label: string }[] = [
  { page: 'connect', label: 'Connect' },
  { page: 'keys', label: 'Keys' },
  { page: 'people', label: 'People' },
  { page: 'activity', label: 'Activity' },
  { page: 'health', label: 'Health' },
];

/** `#/`, `#/signin`, `#/d/<dir>/<page>`, `#/d/<dir>/users/<id>`, `#/d/<dir>/groups/<id>`, each with an optional `?query`. */
export function parseRoute(hash: string): Route {
  const [pathPart, queryPart = ''] = hash.replace(/^#/, '').split('?', 2);
  const query = new URLSearchParams(queryPart);
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'directories', query };
  if (parts.length === 1 && parts[0] === 'signin') return { page: 'signin', query };
  if (parts[0] === 'd' && parts.length === 3 && DIRECTORY_PAGES.some((p) => p.page === parts[2])) return { page: parts[2] as PageName, dir: parts[1], query };
  if (parts[0] === 'd' && parts.length === 4 && parts[2] === 'users') return { page: 'user', dir: parts[1], id: parts[3], query };
  if (parts[0] === 'd' && parts.length === 4 && parts[2] === 'groups') return { page: 'group', dir: parts[1], id: parts[3], query };
  return { page: 'notfound', query };
}

export function link(dir: string, page: string, id?: string, query?: Record<string, string>): string {
  const qs = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '')).toString() : '';
  return `#/d/${encodeURIComponent(dir)}/${page}${id !== undefined ? `/${encodeURIComponent(id)}` : ''}${qs ? `?${qs}` : ''}`;
}
