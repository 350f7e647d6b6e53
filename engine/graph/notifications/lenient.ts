/**
 * Readers that accept what Graph and its documentation actually send (graph-calls.md §3.1): enums in
 * any case ("Established"), numbers as strings ("200"), `subCode` beside `subcode`, fields missing.
 * Mappers read wire JSON only through these, so every mapper is lenient the same way.
 */
export type WireObject = Record<string, unknown>;

export function isObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** An enum value compared case-insensitively: returned in lower case. */
export function enumValue(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value.toLowerCase() : undefined;
}

/** A whole number given as a number or a numeric string. */
export function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Graph's resultInfo `{code, subcode|subCode, message}`, normalised; undefined when absent. */
export interface ResultInfo {
  code: number;
  subcode: number;
  message?: string;
}

export function resultInfo(value: unknown): ResultInfo | undefined {
  if (!isObject(value)) return undefined;
  const code = integer(value.code);
  const subcode = integer(value.subcode ?? value.subCode ?? value.SubCode);
  if (code === undefined && subcode === undefined) return undefined;
  const message = text(value.message);
  return { code: code ?? 0, subcode: subcode ?? 0, ...(message ? { message } : {}) };
}

/** The `@odata.type` of an entity in lower case without the leading '#'. */
export function odataType(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  return enumValue(value['@odata.type'])?.replace(/^#/, '');
}
