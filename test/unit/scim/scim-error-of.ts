import { expect } from 'vitest';
import { ScimError } from '../../../shared/scim/errors';

/** Runs `fn`, expects it to throw a ScimError and returns it for status/scimType assertions. */
export function scimErrorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return e as ScimError;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

/** Awaits `promise`, expects it to reject with a ScimError and returns it. */
export async function scimRejectionOf(promise: Promise<unknown>, what = 'a ScimError'): Promise<ScimError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return e as ScimError;
  }
  throw new Error(`expected ${what}, but it resolved`);
}
