import type { z } from 'zod';
import { ScimError } from '../../../scim/errors';

/** zod at the edge: a failed parse is 400 invalidValue naming the field (`rateLimit.burst: ...`). */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw ScimError.invalidValue(`${issue.path.join('.') || 'body'}: ${issue.message}`);
}
