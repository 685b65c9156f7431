import { existsSync, readFileSync } from 'node:fs';

/**
 * host.json `extensions.http.routePrefix`, as the host reads it: "api" when host.json or the
 * setting is absent, and "" is allowed (routes at the root).
 */
export function readRoutePrefix(hostJsonPath: string): string {
  if (!existsSync(hostJsonPath)) return 'api';
  let hostJson: { extensions?: { http?: { routePrefix?: unknown } } };
  try {
    hostJson = JSON.parse(readFileSync(hostJsonPath, 'utf8'));
  } catch (error) {
    throw new Error(`${hostJsonPath} is not valid JSON: ${(error as Error).message}`);
  }
  const prefix = hostJson.extensions?.http?.routePrefix;
  if (prefix === undefined || prefix === null) return 'api';
  if (typeof prefix !== 'string') throw new Error(`${hostJsonPath}: extensions.http.routePrefix must be a string.`);
  return prefix;
}
