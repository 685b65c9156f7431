import { describe, it, expect } from 'vitest';
import { isScimError } from '../../../../shared/scim/errors';
import {
  MAX_PATCH_OPERATIONS,
  parsePatchRequest,
  PATCH_OP_SCHEMA,
} from '../../../../shared/scim/patch/parse-patch-request';

function rejection(body: unknown) {
  try {
    parsePatchRequest(body);
  } catch (e) {
    if (!isScimError(e)) throw e;
    return { status: e.status, scimType: e.scimType, detail: e.detail };
  }
  throw new Error('expected a ScimError');
}

describe('parsePatchRequest', () => {
  it('reads an RFC 7644 §3.5.2 PatchOp message', () => {
    const ops = parsePatchRequest({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: 'add', path: 'displayName', value: 'Ana' },
        { op: 'remove', path: 'nickName' },
        { op: 'replace', value: { title: 'Lead' } },
      ],
    });
    expect(ops).toStrictEqual([
      { op: 'add', path: 'displayName', value: 'Ana', index: 0 },
      { op: 'remove', path: 'nickName', index: 1 },
      { op: 'replace', value: { title: 'Lead' }, index: 2 },
    ]);
  });

  it('accepts op names and member names in any case (ENTRA-DIALECT 1)', () => {
    const ops = parsePatchRequest({
      SCHEMAS: [PATCH_OP_SCHEMA.toUpperCase()],
      operations: [{ Op: 'Replace', Path: 'active', Value: 'False' }, { OP: 'REMOVE', PATH: 'title' }, { op: 'Add', value: {} }],
    });
    expect(ops.map((o) => o.op)).toStrictEqual(['replace', 'remove', 'add']);
    expect(ops[0]).toStrictEqual({ op: 'replace', path: 'active', value: 'False', index: 0 });
  });

  it('accepts a missing schemas member and a single schema string', () => {
    expect(parsePatchRequest({ Operations: [{ op: 'remove', path: 'title' }] })).toHaveLength(1);
    expect(parsePatchRequest({ schemas: PATCH_OP_SCHEMA, Operations: [{ op: 'remove', path: 'title' }] })).toHaveLength(1);
  });

  it('keeps a null value (it clears) and treats an empty or null path as no path', () => {
    const ops = parsePatchRequest({
      Operations: [
        { op: 'replace', path: 'title', value: null },
        { op: 'replace', path: '', value: { title: 'x' } },
        { op: 'replace', path: null, value: { title: 'y' } },
      ],
    });
    expect(ops).toStrictEqual([
      { op: 'replace', path: 'title', value: null, index: 0 },
      { op: 'replace', value: { title: 'x' }, index: 1 },
      { op: 'replace', value: { title: 'y' }, index: 2 },
    ]);
  });

  it('keeps remove without path for the applier to answer noTarget', () => {
    expect(parsePatchRequest({ Operations: [{ op: 'remove' }] })).toStrictEqual([{ op: 'remove', index: 0 }]);
  });

  it.each([
    ['a non-object body', [], 'invalidSyntax', 'PATCH body'],
    ['a null body', null, 'invalidSyntax', 'PATCH body'],
    ['a string body', '{"Operations":[]}', 'invalidSyntax', 'PATCH body'],
    ['a missing Operations', { schemas: [PATCH_OP_SCHEMA] }, 'invalidSyntax', 'missing "Operations"'],
    ['Operations that is not an array', { Operations: { op: 'add' } }, 'invalidSyntax', 'Operations: expected an array'],
    ['an empty Operations', { Operations: [] }, 'invalidSyntax', 'at least one'],
    ['Operations given twice', { Operations: [{ op: 'remove', path: 'a' }], operations: [] }, 'invalidSyntax', 'more than once'],
    ['schemas naming another message', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: [{ op: 'remove', path: 'a' }] }, 'invalidSyntax', 'schemas'],
    ['schemas that is not a list', { schemas: 7, Operations: [{ op: 'remove', path: 'a' }] }, 'invalidSyntax', 'schemas'],
    ['an operation that is not an object', { Operations: [{ op: 'remove', path: 'a' }, 'add'] }, 'invalidSyntax', 'Operations[1]'],
    ['a missing op', { Operations: [{ path: 'title', value: 'x' }] }, 'invalidSyntax', 'Operations[0].op: missing'],
    ['an unknown op', { Operations: [{ op: 'copy', path: 'title', value: 'x' }] }, 'invalidSyntax', 'Operations[0].op: "copy"'],
    ['a non-string op', { Operations: [{ op: 1, path: 'title' }] }, 'invalidSyntax', 'Operations[0].op'],
    ['a non-string path', { Operations: [{ op: 'remove', path: ['title'] }] }, 'invalidPath', 'Operations[0].path'],
    ['add without value', { Operations: [{ op: 'remove', path: 'a' }, { op: 'add', path: 'title' }] }, 'invalidSyntax', 'Operations[1].value'],
    ['replace without value', { Operations: [{ op: 'replace', path: 'title' }] }, 'invalidSyntax', 'Operations[0].value'],
  ])('rejects %s', (_what, body, scimType, detail) => {
    const error = rejection(body);
    expect({ status: error.status, scimType: error.scimType }).toStrictEqual({ status: 400, scimType });
    expect(error.detail).toContain(detail);
  });

  it(`refuses more than ${MAX_PATCH_OPERATIONS} operations with tooMany`, () => {
    const Operations = Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: 'remove', path: 'title' }));
    expect(rejection({ Operations })).toMatchObject({ status: 400, scimType: 'tooMany' });
    expect(parsePatchRequest({ Operations: Operations.slice(1) })).toHaveLength(MAX_PATCH_OPERATIONS);
  });
});
