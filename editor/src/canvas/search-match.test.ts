import { describe, expect, it } from 'vitest';
import mainMenu from '../../../flows/main-menu.flow.json';
import { matchesSearch, rankMatches } from './search-match.ts';
import type { FlowValue } from '../document/flow-value.ts';

const flow = mainMenu as unknown as FlowValue;
const found = (term: string) => Object.keys(flow.states!).filter((id) => matchesSearch(flow, id, term));

describe('canvas search', () => {
  it('finds states by id, block, the words they play, numbers and names, and targets', () => {
    expect(found('apolo')).toEqual(['apology']);
    expect(found('thank you for calling')).toEqual(['welcome']);
    expect(found('+14255550102')).toEqual(['support']);
    expect(found('contoso sales')).toEqual(['sales']);
    expect(found('operatorUnavailable')).toEqual(['operator', 'operatorUnavailable']);
    expect(found('Transfer').sort()).toEqual(['operator', 'sales', 'support']);
  });

  it('finds nothing for an empty term', () => {
    expect(found('  ')).toEqual([]);
  });

  it('goes first to the state whose id is the term, then to ids that start with it', () => {
    expect(rankMatches(found('operatorUn'), 'operatorUn')).toEqual(['operatorUnavailable', 'operator']);
    expect(rankMatches(['holdForOperator', 'operator', 'operatorUnavailable'], 'operator')).toEqual(['operator', 'operatorUnavailable', 'holdForOperator']);
  });
});
