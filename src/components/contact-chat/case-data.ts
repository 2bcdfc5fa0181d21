/**
 * Checks the case data a host gives `<contact-chat>`: a plain object of string values
 * (undefined or null clears it). Anything else is a programming error in the host,
 * reported at once with a readable `TypeError` rather than sent to the engine.
 */
export function checkCaseData(value: unknown): Readonly<Record<string, string>> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`contact-chat: caseData must be an object of strings, got ${Array.isArray(value) ? 'an array' : typeof value}.`);
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new TypeError(`contact-chat: caseData "${key}" must be a string, got ${item === null ? 'null' : typeof item}.`);
    }
    out[key] = item;
  }
  return Object.freeze(out);
}
