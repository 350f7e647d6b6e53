import { describe, expect, it } from 'vitest';
import routes from '../../../flows/routes.json';
import { localProblems, parseRoutes, placeProblems, routesText } from './routes-table.ts';

const text = JSON.stringify(routes, null, 2);

describe('the routes table as form rows', () => {
  it('reads routes.json into rows and writes the same table back', () => {
    const document = parseRoutes(text);
    expect(document.rows).toHaveLength(routes.routes.length);
    expect(document.rows[2]).toMatchObject({ called: { phone: '+14255550199', application: '' }, flow: 'business-hours', vars: '{"emergencyClosed":true}' });
    expect(JSON.parse(routesText(document))).toEqual(JSON.parse(text));
  });

  it('leaves empty fields out and trims what is typed', () => {
    const document = parseRoutes(text);
    document.rows[0] = { ...document.rows[0], description: '  ', called: { phone: ' +14255550100 ', application: '', applicationInstance: '' }, vars: '' };
    expect(JSON.parse(routesText(document)).routes[0]).toEqual({ called: { phone: '+14255550100' }, flow: 'main-menu' });
  });

  it('finds variables that are not a JSON object before asking the engine', () => {
    const document = parseRoutes(text);
    document.rows[1] = { ...document.rows[1], vars: '[1]' };
    document.rows[3] = { ...document.rows[3], vars: '{oops' };
    expect([...localProblems(document.rows).keys()]).toEqual([1, 3]);
  });

  it('gives the engine’s problems to the rows they are about, and the rest to the table', () => {
    const { rows } = parseRoutes(text);
    const placed = placeProblems(
      [
        '/routes/1/called/phone must match pattern "^\\+[1-9][0-9]{6,14}$"',
        "/routes/0 must have required property 'flow'",
        "no live flow 'voicemail'",
        '/ must NOT have additional properties',
      ],
      rows,
    );
    // The row the engine's "no live flow" is about: the first that routes to voicemail.
    const voicemail = rows.findIndex((row) => row.flow === 'voicemail');
    expect(voicemail).toBeGreaterThan(1);
    expect(Object.fromEntries(placed.rows)).toEqual({
      1: ['phone number must be in E.164 form: + and the country code, e.g. +14255550100'],
      0: ["must have required property 'flow'"],
      [voicemail]: ['voicemail is not a live flow: publish it first, or choose another'],
    });
    expect(placed.table).toEqual(['/ must NOT have additional properties']);
  });
});
