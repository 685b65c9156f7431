/**
 * The one SCIM error type (RFC 7644 §3.12). Every failure a client can cause is thrown
 * through a factory below, so a call site cannot pair the wrong status and scimType.
 * shared/http turns it into the response; anything else thrown becomes a logged 500.
 */
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'invalidCursor'
  | 'expiredCursor';

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export class ScimError extends Error {
  readonly status: number;
  readonly scimType?: ScimType;
  /** Extra response headers, e.g. WWW-Authenticate on 401 or Allow on 405. */
  readonly headers: Readonly<Record<string, string>>;

  private constructor(status: number, detail: string, scimType?: ScimType, headers: Record<string, string> = {}) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.headers = headers;
  }

  get detail(): string {
    return this.message;
  }

  toBody(): ScimErrorBody {
    const body: ScimErrorBody = { schemas: [ERROR_SCHEMA], status: String(this.status), detail: this.message };
    if (this.scimType) body.scimType = this.scimType;
    return body;
  }

  // RFC 7644 §3.12, table 9: the scimType keywords and the status each goes with.
  static invalidFilter(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidFilter');
  }
  static tooMany(detail: string): ScimError {
    return new ScimError(400, detail, 'tooMany');
  }
  static uniqueness(detail: string): ScimError {
    return new ScimError(409, detail, 'uniqueness');
  }
  static mutability(detail: string): ScimError {
    return new ScimError(400, detail, 'mutability');
  }
  static invalidSyntax(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidSyntax');
  }
  static invalidPath(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidPath');
  }
  static noTarget(detail: string): ScimError {
    return new ScimError(400, detail, 'noTarget');
  }
  static invalidValue(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidValue');
  }
  static invalidVersion(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidVers');
  }

  // RFC 9865 §2.2: cursor pagination errors, both 400.
  static invalidCursor(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidCursor');
  }
  static expiredCursor(detail: string): ScimError {
    return new ScimError(400, detail, 'expiredCursor');
  }

  // Plain HTTP statuses with a SCIM body and no scimType.
  static unauthorized(detail: string): ScimError {
    return new ScimError(401, detail, undefined, { 'WWW-Authenticate': 'Bearer realm="roster"' });
  }
  static forbidden(detail: string): ScimError {
    return new ScimError(403, detail);
  }
  static notFound(detail: string): ScimError {
    return new ScimError(404, detail);
  }
  static methodNotAllowed(detail: string, allow: readonly string[]): ScimError {
    return new ScimError(405, detail, undefined, { Allow: allow.join(', ') });
  }
  static conflict(detail: string): ScimError {
    return new ScimError(409, detail);
  }
  static preconditionFailed(detail: string): ScimError {
    return new ScimError(412, detail);
  }
  static payloadTooLarge(detail: string): ScimError {
    return new ScimError(413, detail);
  }
  static unsupportedMediaType(detail: string): ScimError {
    return new ScimError(415, detail);
  }
  static tooManyRequests(detail: string, retryAfterSeconds: number): ScimError {
    return new ScimError(429, detail, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
  static notImplemented(detail: string): ScimError {
    return new ScimError(501, detail);
  }
  static unavailable(detail: string, retryAfterSeconds: number): ScimError {
    return new ScimError(503, detail, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
}

export function isScimError(e: unknown): e is ScimError {
  return e instanceof ScimError;
}
