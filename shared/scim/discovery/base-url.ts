/** The SCIM base URL without trailing slashes, so locations join with a single '/'. */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}
