import { OperationDefinitionNode, parse } from 'graphql';
import { targetIdsOf } from './audit-targets';

const operationOf = (query: string) => parse(query).definitions[0] as OperationDefinitionNode;

describe('audit target ids', () => {
  it('takes id arguments, inputs and variables, and the ids returned', () => {
    const operation = operationOf(`mutation ($id: ID!, $input: LinkInput!) {
      resolveIncident(id: $id) { id }
      link(input: $input) { id }
      created: createIncident(input: { title: "t", serviceIds: ["s-1", "s-2"] }) { id title }
    }`);
    const ids = targetIdsOf(operation, { id: 'inc-1', input: { alertId: 'al-1', note: 'not an id', incidentId: 'inc-2' } }, { resolveIncident: { id: 'inc-1' }, link: { id: 'al-1' }, created: { id: 'inc-3', title: 't' } });
    expect(ids.sort()).toEqual(['al-1', 'inc-1', 'inc-2', 'inc-3', 's-1', 's-2']);
  });

  it('is empty when nothing names a record (a refused or failed operation has no data)', () => {
    expect(targetIdsOf(operationOf(`mutation { createIncident(input: { title: "t" }) { id } }`), {}, null)).toEqual([]);
  });
});
