import type { HttpRequest } from '@azure/functions';
import { ScimError } from '../scim/errors';

const JSON_TYPES = new Set(['application/scim+json', 'application/json']);

/**
 * RFC 7644 §3.1/§8.1: bodies are application/scim+json (plain application/json accepted, and a
 * missing Content-Type is read as JSON, since some clients omit it). Oversized bodies are 413,
 * other media types 415, unparsable JSON 400 invalidSyntax.
 */
export async function readJsonBody(request: HttpRequest, maxBytes: number): Promise<unknown> {
  const contentType = request.headers.get('content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType && !JSON_TYPES.has(mediaType)) {
    throw ScimError.unsupportedMediaType(`Content-Type ${mediaType} is not supported; send application/scim+json`);
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw ScimError.invalidSyntax('the request body is empty; expected a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw ScimError.invalidSyntax(`the request body is not valid JSON: ${(e as Error).message}`);
  }
}

function tooLarge(maxBytes: number): ScimError {
  return ScimError.payloadTooLarge(`the request body is larger than ${maxBytes} bytes`);
}
