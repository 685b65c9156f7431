export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. Its keys are read with Object.entries only. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
