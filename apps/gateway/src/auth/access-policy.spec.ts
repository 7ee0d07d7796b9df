import { buildSchema, OperationDefinitionNode, parse } from 'graphql';
import { requiredRole, roleMapOf } from './access-policy';

// A small supergraph-shaped schema: roles arrive as @tag on fields, as
// composition carries them from the subgraphs' RequiresRole.
const SDL = `
  directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT
  type Query { incidents: [Incident!]! auditLog: [String!]! @tag(name: "requires-role:admin") }
  type Incident { id: ID! title: String! secret: String @tag(name: "requires-role:responder") @tag(name: "other") }
  type Mutation {
    createIncident(title: String!): Incident! @tag(name: "requires-role:responder")
    createSlo(name: String!): String @tag(name: "requires-role:admin")
    forgotten: String
  }
  extend type Mutation { createIncidentAgain: Incident @tag(name: "requires-role:viewer") }
`;
const schema = buildSchema(SDL);
const roles = roleMapOf(SDL);

const need = (query: string) => {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return requiredRole(schema, document, operation, roles);
};

describe('access policy', () => {
  it('reads declared roles from the tags, ignoring other tags', () => {
    expect(Object.fromEntries(roles)).toEqual({
      'Query.auditLog': 'admin',
      'Incident.secret': 'responder',
      'Mutation.createIncident': 'responder',
      'Mutation.createSlo': 'admin',
      'Mutation.createIncidentAgain': 'viewer',
    });
  });

  it('keeps the higher role where two subgraphs tag the same field differently', () => {
    const twice = roleMapOf(`type Query { a: Int @tag(name: "requires-role:admin") } extend type Query { a: Int @tag(name: "requires-role:viewer") }`);
    expect(twice.get('Query.a')).toBe('admin');
  });

  it.each([
    ['{ incidents { id title } }', 'viewer', null],
    ['{ __schema { types { name } } incidents { __typename } }', 'viewer', null],
    ['{ incidents { id secret } }', 'responder', 'Incident.secret'],
    ['{ auditLog incidents { secret } }', 'admin', 'Query.auditLog'],
    ['mutation { createIncident(title: "x") { id } }', 'responder', 'Mutation.createIncident'],
    ['mutation { createIncident(title: "x") { id } createSlo(name: "y") }', 'admin', 'Mutation.createSlo'],
    ['mutation { forgotten }', 'admin', 'Mutation.forgotten'],
    ['query Q { ...F } fragment F on Query { auditLog }', 'admin', 'Query.auditLog'],
    ['query Q { incidents { ... on Incident { secret } } }', 'responder', 'Incident.secret'],
  ])('%s needs %s (because of %s)', (query, role, field) => {
    expect(need(query)).toEqual({ role, field });
  });
});
