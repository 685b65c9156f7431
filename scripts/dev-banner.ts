/** What `npm start` and `npm run start:func` print once the development directory is ready. */
export function printDevBanner(port: number, tenantUrlPath: string, token: string): void {
  const tenantUrl = `http://localhost:${port}${tenantUrlPath}`;
  console.log(
    [
      '',
      `  Tenant URL    ${tenantUrl}`,
      `  Secret Token  ${token}`,
      '',
      'Try it:',
      `  curl -H "Authorization: Bearer ${token}" "${tenantUrl}/Users?count=5"`,
      '',
    ].join('\n'),
  );
}

/** True when a storage setting means "the local emulator": unset or `UseDevelopmentStorage=true`. */
export function meansEmulator(connection: string | undefined): boolean {
  return !connection || /^\s*UseDevelopmentStorage=true\s*;?\s*$/i.test(connection);
}
