/**
 * The search behind "nothing a run wrote holds a credential": every place (a call's trace, a log
 * line) searched for every credential value the run used, and for anything shaped like a JWT (the
 * Graph access tokens the engine was issued and the validation tokens on notifications). A finding
 * names the place and the kind of credential, never the value, so a failing test does not print
 * the secret it found.
 */

export interface Credential {
  /** What it is, for the report: "the admin token", "a recording access token", … */
  kind: string;
  value: string;
}

export interface Place {
  /** Where the text was read: "trace of call …", "engine log line 412", … */
  name: string;
  text: string;
  /** Kinds of credential that belong here (the emulator's banner prints the bot's client secret for its user). */
  allowed?: readonly string[];
}

export interface Finding {
  place: string;
  kind: string;
}

export const JWT_KIND = 'a JWT (a Graph access token or a notification validation token)';
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;
/** Shorter values would match unrelated text; every credential of a run is longer. */
const MIN_LENGTH = 8;

/** Every (place, kind) where a credential appears, in the order of the places. */
export function sweepForCredentials(places: Iterable<Place>, credentials: readonly Credential[]): Finding[] {
  const short = credentials.find((credential) => credential.value.length < MIN_LENGTH);
  if (short) throw new Error(`${short.kind} is shorter than ${MIN_LENGTH} characters: a search for it would match unrelated text`);
  const findings: Finding[] = [];
  for (const place of places) {
    const kinds = new Set(credentials.filter((credential) => place.text.includes(credential.value)).map((credential) => credential.kind));
    if (JWT.test(place.text)) kinds.add(JWT_KIND);
    for (const kind of kinds) if (!place.allowed?.includes(kind)) findings.push({ place: place.name, kind });
  }
  return findings;
}

/** The findings as lines for an error message: at most `limit`, then how many more. */
export function describeFindings(findings: readonly Finding[], limit = 20): string {
  const lines = findings.slice(0, limit).map((finding) => `${finding.kind} in ${finding.place}`);
  if (findings.length > limit) lines.push(`… and ${findings.length - limit} more`);
  return lines.join('\n');
}
