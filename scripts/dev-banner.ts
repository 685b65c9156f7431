/**
 * What `npm start` and `npm run start:func` print once the development directory is ready.
 * `adminKey` is the generated local admin key; a key the user set in ROSTER_ADMIN_KEY is
 * named, never printed.
 */
export function printDevBanner(port: number, tenantUrlPath: string, token: string, adminKey?: string): void {
  const tenantUrl = `http://localhost:${port}${tenantUrlPath}`;
  const consoleUrl = `http://localhost:${port}${tenantUrlPath.replace(/\/scim\/v2$/, '')}/console/`;
  const admin = adminKey ?? (process.env.ROSTER_ADMIN_KEY?.trim() ? '(yours, from ROSTER_ADMIN_KEY)' : undefined);
  console.log(
    [
      '',
      `  Tenant URL    ${tenantUrl}`,
      `  Secret Token  ${token}`,
      ...(admin ? [`  Admin key     ${admin}`, `  Console       ${consoleUrl}  (sign in with the admin key)`] : []),
      '',
      'Try it:',
      `  curl -H "Authorization: Bearer ${token}" "${tenantUrl}/Users?count=5"`,
      ...(admin ? ['  npm run roster -- directories list'] : []),
      '',
    ].join('\n'),
  );
}

/** True when a storage setting means "the local emulator": unset or `UseDevelopmentStorage=true`. */
export function meansEmulator(connection: string | undefined): boolean {
  return !connection || /^\s*UseDevelopmentStorage=true\s*;?\s*$/i.test(connection);
}
