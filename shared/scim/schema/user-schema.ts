import { defineAttribute as attr, multiValuedParts } from './define-attribute';
import type { SchemaDef } from './types';

export const USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:User';

const nameParts = [
  attr('formatted', 'string', 'The full name, including all middle names, titles and suffixes, formatted for display.'),
  attr('familyName', 'string', 'The family name of the User, or last name.'),
  attr('givenName', 'string', 'The given name of the User, or first name.'),
  attr('middleName', 'string', 'The middle name(s) of the User.'),
  attr('honorificPrefix', 'string', "The honorific prefix(es) of the User, or title (e.g. 'Ms.')."),
  attr('honorificSuffix', 'string', "The honorific suffix(es) of the User, or suffix (e.g. 'III')."),
];

const addressParts = [
  attr('formatted', 'string', 'The full mailing address, formatted for display.'),
  attr('streetAddress', 'string', 'The full street address component.'),
  attr('locality', 'string', 'The city or locality component.'),
  attr('region', 'string', 'The state or region component.'),
  attr('postalCode', 'string', 'The zip code or postal code component.'),
  attr('country', 'string', 'The country name component.'),
  attr('type', 'string', "A label indicating the address's function.", { canonicalValues: ['work', 'home', 'other'] }),
  attr('primary', 'boolean', 'Whether this is the preferred mailing address; at most one is true.'),
];

const groupParts = [
  attr('value', 'string', "The identifier of the User's group.", { mutability: 'readOnly' }),
  attr('$ref', 'reference', "The URI of the corresponding 'Group' resource.", {
    mutability: 'readOnly',
    referenceTypes: ['User', 'Group'],
  }),
  attr('display', 'string', "A human-readable name of the group.", { mutability: 'readOnly' }),
  attr('type', 'string', "How the User is a member: 'direct' or 'indirect'.", {
    mutability: 'readOnly',
    canonicalValues: ['direct', 'indirect'],
  }),
];

const multi = { multiValued: true } as const;

/** RFC 7643 §4.1, with the characteristics of the §8.7.1 schema representation. */
export const USER_SCHEMA: SchemaDef = {
  id: USER_SCHEMA_ID,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'string', 'Unique identifier for the User, typically used to authenticate. REQUIRED.', {
      required: true,
      uniqueness: 'server',
    }),
    attr('name', 'complex', "The components of the user's real name.", { subAttributes: nameParts }),
    attr('displayName', 'string', 'The name of the User, suitable for display to end-users.'),
    attr('nickName', 'string', 'The casual way to address the user in real life.'),
    attr('profileUrl', 'reference', "A fully qualified URL pointing to the User's online profile.", {
      referenceTypes: ['external'],
    }),
    attr('title', 'string', "The user's title, such as 'Vice President'."),
    attr('userType', 'string', 'The relationship between the organization and the user.'),
    attr('preferredLanguage', 'string', "The User's preferred written or spoken language (RFC 7231 §5.3.5)."),
    attr('locale', 'string', "The User's default location for localization (e.g. 'en-US')."),
    attr('timezone', 'string', "The User's time zone in the IANA format (e.g. 'America/Los_Angeles')."),
    attr('active', 'boolean', "The User's administrative status."),
    attr('password', 'string', "The User's cleartext password; write-only and never returned.", {
      mutability: 'writeOnly',
      returned: 'never',
    }),
    attr('emails', 'complex', 'Email addresses for the user.', {
      ...multi,
      subAttributes: multiValuedParts('email address', ['work', 'home', 'other']),
    }),
    attr('phoneNumbers', 'complex', 'Phone numbers for the User.', {
      ...multi,
      subAttributes: multiValuedParts('phone number', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    }),
    attr('ims', 'complex', 'Instant messaging addresses for the User.', {
      ...multi,
      subAttributes: multiValuedParts('instant messaging address', [
        'aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo',
      ]),
    }),
    attr('photos', 'complex', 'URLs of photos of the User.', {
      ...multi,
      subAttributes: multiValuedParts('photo', ['photo', 'thumbnail'], {
        type: 'reference',
        referenceTypes: ['external'],
      }),
    }),
    attr('addresses', 'complex', 'A physical mailing address for this User.', {
      ...multi,
      subAttributes: addressParts,
    }),
    attr('groups', 'complex', 'A list of groups to which the user belongs.', {
      ...multi,
      mutability: 'readOnly',
      subAttributes: groupParts,
    }),
    attr('entitlements', 'complex', 'A list of entitlements for the User.', {
      ...multi,
      subAttributes: multiValuedParts('entitlement', undefined),
    }),
    attr('roles', 'complex', 'A list of roles for the User.', {
      ...multi,
      subAttributes: multiValuedParts('role', undefined),
    }),
    attr('x509Certificates', 'complex', 'A list of certificates issued to the User.', {
      ...multi,
      subAttributes: multiValuedParts('certificate', undefined, { type: 'binary' }),
    }),
  ],
};
