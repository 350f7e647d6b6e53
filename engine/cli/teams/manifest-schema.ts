/**
 * Microsoft's Teams app manifest schema, vendored under schemas/vendor/teams/ (source, commit and
 * licence in its README), and the validator the package command and its tests share: a manifest
 * that Microsoft's own schema refuses must never reach a zip.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The schema declares JSON Schema draft-04, which Ajv 8's own classes no longer read; ajv-draft-04
// is the draft-04 class from Ajv's authors. It is CommonJS, so its class is reached through `.default`.
import AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ROOT } from '../../node/paths.ts';

/** The newest generally available manifest version (the schema's `manifestVersion` const). */
export const TEAMS_MANIFEST_VERSION = '1.30';
/** The `$schema` URL Microsoft publishes for that version. */
export const TEAMS_MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const TEAMS_MANIFEST_SCHEMA_FILE = join(ROOT, 'schemas', 'vendor', 'teams', `v${TEAMS_MANIFEST_VERSION}`, 'MicrosoftTeams.schema.json');

let validator: ValidateFunction | undefined;

/** Every way `manifest` breaks the vendored schema, one line each (`/pointer message`); empty when it conforms. */
export function teamsManifestProblems(manifest: unknown): string[] {
  validator ??= new AjvDraft04.default({
    allErrors: true,
    // Microsoft's schema is not written for Ajv's strict mode (it omits "type" beside
    // additionalProperties in places); strictness here would judge their schema, not our manifest.
    strict: false,
    // Its one format is `uri` (on `$schema`); checked rather than ignored.
    formats: { uri: (value: string) => URL.canParse(value) },
  }).compile(JSON.parse(readFileSync(TEAMS_MANIFEST_SCHEMA_FILE, 'utf8')));
  if (validator(manifest)) return [];
  return (validator.errors ?? []).map(describe);
}

function describe(error: ErrorObject): string {
  const detail = error.keyword === 'additionalProperties' ? ` '${String(error.params.additionalProperty)}'` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${detail}`;
}
