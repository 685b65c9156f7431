/**
 * Request bodies shaped like Entra's (ENTRA-DIALECT.md): string booleans, the enterprise
 * extension with a manager, work email, phone numbers and address, `"roles": []`, null
 * attributes, read-only `meta`; PATCHes with op names in any case, a path-less replace with
 * dotted and URN keys, value-filter paths, and member changes with `"$ref": null`.
 */
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const GIVEN = ['Ana', 'Bram', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'Giulia', 'Hiro', 'Ingrid', 'José', 'Kwame', 'Lena', 'Mateus', 'Nadia', 'Oskar', 'Priya'];
const FAMILY = ['Lima', 'de Vries', 'Okafor', 'Nakamura', 'Schmidt', 'García', 'Kowalski', 'Haddad', 'Jensen', 'Rossi', 'Mensah', 'Novak', 'Silva', 'Ivanova'];
const DEPARTMENTS = ['Finance', 'Sales', 'Engineering', 'Support', 'Legal', 'Marketing', 'Operations', 'People'];
const CITIES = [
  { locality: 'Utrecht', postalCode: '3511 AB', country: 'NL' },
  { locality: 'Lisboa', postalCode: '1100-148', country: 'PT' },
  { locality: 'Lagos', postalCode: '100001', country: 'NG' },
  { locality: 'Osaka', postalCode: '530-0001', country: 'JP' },
];

export interface UserNames {
  userName: string;
  externalId: string;
  displayName: string;
  givenName: string;
  familyName: string;
}

/** Names of the `i`th user of a run; `tag` keeps runs against the same directory apart. */
export function userNames(tag: string, i: number): UserNames {
  const givenName = GIVEN[i % GIVEN.length]!;
  const familyName = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!;
  const nick = `${givenName}.${familyName}`.normalize('NFD').replace(/[^A-Za-z.]/g, '');
  return {
    userName: `${nick}.${tag}${i}@contoso.example`,
    // Entra's default mapping sends mailNickname as externalId.
    externalId: `${nick.toLowerCase()}.${tag}${i}`,
    displayName: `${givenName} ${familyName}`,
    givenName,
    familyName,
  };
}

/** POST /Users as Entra sends it; `managerId` becomes the enterprise manager in Entra's array shape. */
export function entraUser(tag: string, i: number, managerId?: string): Record<string, unknown> {
  const n = userNames(tag, i);
  const city = CITIES[i % CITIES.length]!;
  return {
    schemas: [USER, ENTERPRISE],
    externalId: n.externalId,
    userName: n.userName,
    active: 'True',
    displayName: n.displayName,
    title: i % 10 === 0 ? 'Manager' : 'Engineer',
    preferredLanguage: 'en-US',
    name: { formatted: `${n.givenName} ${n.familyName}`, familyName: n.familyName, givenName: n.givenName },
    emails: [{ primary: true, type: 'work', value: n.userName }],
    phoneNumbers: [
      { type: 'work', value: `+31 30 ${String(1_000_000 + i).slice(-7)}` },
      { type: 'mobile', value: `+31 6 ${String(10_000_000 + i).slice(-8)}` },
    ],
    addresses: [{ primary: 'True', type: 'work', streetAddress: `Oudegracht ${1 + (i % 300)}`, ...city }],
    roles: [],
    ims: null,
    meta: { resourceType: 'User' },
    [ENTERPRISE]: {
      employeeNumber: String(100_000 + i),
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      costCenter: `CC-${i % 40}`,
      organization: 'Contoso',
      ...(managerId ? { manager: [{ $ref: null, value: managerId }] } : {}),
    },
  };
}

export function entraGroup(tag: string, i: number): Record<string, unknown> {
  return {
    schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
    externalId: `group-${tag}-${i}`,
    displayName: i === 0 ? `All staff ${tag}` : `Team ${tag} ${i}`,
    members: [],
    meta: { resourceType: 'Group' },
  };
}

/**
 * The update Entra sends after attributes changed in Entra: a path-less Replace with dotted and
 * URN keys, the work email and mobile number by value filter, title, and the manager as a bare
 * id. `n` makes every PATCH change something; the display name stays, as in most updates.
 */
export function entraUserPatch(tag: string, n: number, managerId: string): Record<string, unknown> {
  return {
    schemas: [PATCH_OP],
    Operations: [
      {
        op: 'Replace',
        value: {
          'name.givenName': GIVEN[n % GIVEN.length],
          [`${ENTERPRISE}:department`]: DEPARTMENTS[n % DEPARTMENTS.length],
          [`${ENTERPRISE}:costCenter`]: `CC-${n}`,
        },
      },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: `updated.${tag}${n}@contoso.example` },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: `+31 6 ${String(20_000_000 + n).slice(-8)}` },
      { op: 'Replace', path: 'title', value: `Engineer ${n}` },
      { op: 'Add', path: `${ENTERPRISE}:manager`, value: managerId },
    ],
  };
}

export function memberAdd(userIds: readonly string[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: userIds.map((value) => ({ $ref: null, value })) }] };
}

/** The legacy removal form: only the listed members go. */
export function memberRemove(userIds: readonly string[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: userIds.map((value) => ({ $ref: null, value })) }] };
}

/** A filter query string value: `attr eq "value"` with the value's quotes escaped. */
export function eqFilter(attr: string, value: string): string {
  return encodeURIComponent(`${attr} eq "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
}
