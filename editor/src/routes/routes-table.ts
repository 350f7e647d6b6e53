/**
 * The routes table (flows/routes.json, schemas/routes.schema.json) as rows a form edits, and back
 * to the text `PUT /api/routes` publishes; and the engine's problems with a table, each given to
 * the row it is about ("/routes/2/called/phone must match …", "no live flow 'x'") or, when it names
 * no row, to the table.
 */

export interface CalledFields {
  phone: string;
  application: string;
  applicationInstance: string;
}

export interface RouteRow {
  /** Stable while the form is open (React keys), never written. */
  key: number;
  description: string;
  called: CalledFields;
  flow: string;
  /** The route's `vars` as JSON text ('' for none). */
  vars: string;
}

export interface RoutesDocument {
  $schema?: string;
  rows: RouteRow[];
}

interface RouteJson {
  description?: string;
  called: Partial<CalledFields>;
  flow: string;
  vars?: Record<string, unknown>;
}

let nextKey = 1;

export function emptyRow(flow = ''): RouteRow {
  return { key: nextKey++, description: '', called: { phone: '', application: '', applicationInstance: '' }, flow, vars: '' };
}

/** The rows of a routes.json text; throws when the text is not a table of routes at all. */
export function parseRoutes(text: string): RoutesDocument {
  const document = JSON.parse(text) as { $schema?: string; routes?: RouteJson[] };
  if (!Array.isArray(document.routes)) throw new Error('routes.json has no "routes" list');
  return {
    ...(document.$schema ? { $schema: document.$schema } : {}),
    rows: document.routes.map((route) => ({
      key: nextKey++,
      description: route.description ?? '',
      called: { phone: route.called?.phone ?? '', application: route.called?.application ?? '', applicationInstance: route.called?.applicationInstance ?? '' },
      flow: route.flow ?? '',
      vars: route.vars === undefined ? '' : JSON.stringify(route.vars),
    })),
  };
}

/** A row's vars, or a sentence saying why its text is not a JSON object. */
export function rowVars(row: RouteRow): Record<string, unknown> | string | undefined {
  if (!row.vars.trim()) return undefined;
  try {
    const vars = JSON.parse(row.vars) as unknown;
    return vars && typeof vars === 'object' && !Array.isArray(vars) ? (vars as Record<string, unknown>) : 'vars must be a JSON object, e.g. {"closed": true}';
  } catch {
    return 'vars must be a JSON object, e.g. {"closed": true}';
  }
}

/** The text to publish: the routes in the rows' order, empty fields left out, two-space JSON. */
export function routesText(document: RoutesDocument): string {
  const routes = document.rows.map((row): RouteJson => {
    const called = Object.fromEntries(
      Object.entries(row.called)
        .filter(([, value]) => value.trim() !== '')
        .map(([field, value]) => [field, value.trim()]),
    );
    const vars = rowVars(row);
    return {
      ...(row.description.trim() ? { description: row.description.trim() } : {}),
      called,
      flow: row.flow,
      ...(vars && typeof vars === 'object' ? { vars } : {}),
    };
  });
  return `${JSON.stringify({ ...(document.$schema ? { $schema: document.$schema } : {}), routes }, null, 2)}\n`;
}

/** Problems the form finds before asking the engine (text it cannot turn into JSON). */
export function localProblems(rows: RouteRow[]): Map<number, string[]> {
  const found = new Map<number, string[]>();
  rows.forEach((row, index) => {
    const vars = rowVars(row);
    if (typeof vars === 'string') found.set(index, [vars]);
  });
  return found;
}

export interface PlacedProblems {
  /** Per row index. */
  rows: Map<number, string[]>;
  /** About the table as a whole. */
  table: string[];
}

const FIELD_WORDS: Record<string, string> = {
  phone: 'phone number',
  application: 'application id',
  applicationInstance: 'application instance id',
  called: 'called identity (a phone number, application id or application instance id)',
};

/** After "/routes/2": "/called/phone must match pattern …" → "phone number must match pattern …". */
function rowProblem(rest: string): string {
  const match = /^(?:\/(?:called\/)?([A-Za-z]+))?\s*(.*)$/.exec(rest)!;
  const field = match[1];
  if (field === 'phone' && match[2].startsWith('must match pattern')) return 'phone number must be in E.164 form: + and the country code, e.g. +14255550100';
  if (field === 'flow' && match[2].startsWith('must match pattern')) return 'flow must be a flow id (lowercase letters, digits and dashes)';
  return field ? `${FIELD_WORDS[field] ?? field} ${match[2]}`.trim() : match[2] || rest;
}

export function placeProblems(problems: string[], rows: RouteRow[]): PlacedProblems {
  const placed: PlacedProblems = { rows: new Map(), table: [] };
  const add = (index: number, problem: string) => placed.rows.set(index, [...(placed.rows.get(index) ?? []), problem]);
  for (const problem of problems) {
    const at = /^\/routes\/(\d+)(.*)$/.exec(problem);
    const flow = /^no live flow '([^']+)'$/.exec(problem);
    if (at && Number(at[1]) < rows.length) add(Number(at[1]), rowProblem(at[2].trim()));
    else if (flow && rows.some((row) => row.flow === flow[1]))
      rows.forEach((row, index) => row.flow === flow[1] && add(index, `${flow[1]} is not a live flow: publish it first, or choose another`));
    else placed.table.push(problem);
  }
  return placed;
}
