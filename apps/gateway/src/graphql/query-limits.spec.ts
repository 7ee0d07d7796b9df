import { Supergraph } from '@apollo/federation-internals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, FragmentDefinitionNode, GraphQLSchema, Kind, OperationDefinitionNode, parse, validate } from 'graphql';
import { analyseOperation, ASSUMED_LIST_SIZE, queryLimitsRule } from './query-limits';
import { DEFAULT_QUERY_LIMITS } from '../gateway.config';

// A small schema of the graph's shapes: a connection, a plain list, an entity.
const schema = buildSchema(`
  type Query { incidents(first: Int): IncidentConnection! incident(id: ID!): Incident service(name: String!): Service }
  type Mutation { resolveIncident(id: ID!): Incident }
  type IncidentConnection { nodes: [Incident!]! totalCount: Int! }
  type Incident { id: ID! title: String! alerts: [Alert!]! services: [Service!]! }
  type Alert { id: ID! name: String! incident: Incident }
  type Service { name: String! incidents(first: Int): IncidentConnection! }
`);

const shapeOf = (query: string, on: GraphQLSchema = schema) => {
  const document = parse(query);
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return analyseOperation(on, operation, fragments);
};

describe('analyseOperation', () => {
  it('costs a field 1 and what is under a list once per item, taking a connection’s size from `first`', () => {
    // incidents 1 + nodes (1 + 20 × (id + title)) + totalCount 1
    expect(shapeOf('{ incidents(first: 20) { nodes { id title } totalCount } }')).toEqual({ depth: 3, aliases: 0, rootFields: 1, cost: 1 + 1 + 20 * 2 + 1 });
  });

  it(`assumes ${ASSUMED_LIST_SIZE} items when the size is a variable or not given`, () => {
    expect(shapeOf('query ($n: Int) { incidents(first: $n) { nodes { id } } }').cost).toBe(1 + 1 + ASSUMED_LIST_SIZE);
    expect(shapeOf('{ incident(id: "1") { alerts { id name } } }').cost).toBe(1 + 1 + ASSUMED_LIST_SIZE * 2);
  });

  it('multiplies nested lists', () => {
    expect(shapeOf('{ incidents(first: 10) { nodes { alerts { id } } } }').cost).toBe(1 + 1 + 10 * (1 + ASSUMED_LIST_SIZE));
  });

  it('expands fragments and inline fragments, and counts aliases in them', () => {
    const query = `
      { a: incident(id: "1") { ...F } b: incident(id: "2") { ... on Incident { id } } }
      fragment F on Incident { id t: title }`;
    expect(shapeOf(query)).toEqual({ depth: 2, aliases: 3, rootFields: 2, cost: 1 + 2 + 1 + 1 });
  });

  it('leaves __typename and introspection out of depth and cost', () => {
    expect(shapeOf('{ __typename __schema { types { name fields { name type { ofType { ofType { name } } } } } } }')).toEqual({ depth: 0, aliases: 0, rootFields: 0, cost: 0 });
  });

  it('measures the depth of an entity loop', () => {
    expect(shapeOf('{ incident(id: "1") { alerts { incident { alerts { incident { id } } } } } }').depth).toBe(6);
  });
});

describe('queryLimitsRule', () => {
  const limits = { maxDepth: 4, maxAliases: 2, maxRootFields: 2, maxCost: 1000 };
  const errorsOf = (query: string) => validate(schema, parse(query), [queryLimitsRule(limits)]).map((e) => [e.extensions.limit, e.message]);

  it('lets an operation within every limit through', () => {
    expect(errorsOf('{ incidents(first: 10) { nodes { id title } } }')).toEqual([]);
  });

  it.each([
    ['{ incident(id: "1") { alerts { incident { alerts { id } } } } }', 'GRAPHQL_MAX_DEPTH', 'the operation nests fields 5, over the limit of 4 (GRAPHQL_MAX_DEPTH)'],
    ['{ a: incident(id: "1") { id } b: incident(id: "2") { id } c: incident(id: "3") { id } }', 'GRAPHQL_MAX_ALIASES', 'the operation uses aliases 3, over the limit of 2 (GRAPHQL_MAX_ALIASES)'],
    ['{ incident(id: "1") { id } service(name: "a") { name } incidents { totalCount } }', 'GRAPHQL_MAX_ROOT_FIELDS', 'the operation asks for top-level fields 3, over the limit of 2 (GRAPHQL_MAX_ROOT_FIELDS)'],
    ['query Big { incidents(first: 200) { nodes { alerts { id } } } }', 'GRAPHQL_MAX_COST', 'operation Big may resolve fields 10202, over the limit of 1000 (GRAPHQL_MAX_COST)'],
  ])('refuses %s over %s, naming the value and the limit', (query, code, message) => {
    expect(errorsOf(query)).toContainEqual([code, message]);
  });
});

describe('DEFAULT_QUERY_LIMITS on the real supergraph', () => {
  const api = Supergraph.build(readFileSync(join(__dirname, '..', '..', 'supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema();
  const rule = queryLimitsRule(DEFAULT_QUERY_LIMITS);

  // Every operation the REST facade runs is a real dashboard or CI/CD query: the defaults must let them all through.
  const restOperations = readdirOperations(join(__dirname, '..', 'rest'));

  it('finds the REST facade’s operations to check', () => {
    expect(restOperations.length).toBeGreaterThanOrEqual(15);
  });

  it.each(restOperations.map((op) => [op.slice(0, 60).replace(/\s+/g, ' '), op]))('lets %s… through', (_, operation) => {
    expect(validate(api, parse(operation), [rule]).map((e) => e.message)).toEqual([]);
  });

  it('refuses an alias flood and a deep entity loop on the real graph', () => {
    const flood = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: incidents(first: 200) { nodes { id title alerts { id } } }`).join(' ')} }`;
    expect(validate(api, parse(flood), [rule]).map((e) => e.extensions.limit)).toEqual(expect.arrayContaining(['GRAPHQL_MAX_ALIASES', 'GRAPHQL_MAX_COST']));
    const loop = `{ alerts { nodes { incident { alerts { incident { alerts { incident { alerts { incident { alerts { incident { alerts { id } } } } } } } } } } } } }`;
    expect(validate(api, parse(loop), [rule]).map((e) => e.extensions.limit)).toContain('GRAPHQL_MAX_DEPTH');
  });
});

/** The GraphQL operations the REST controllers run (`graphql.run<…>(`…`)`), their field-list constants filled in. */
function readdirOperations(dir: string): string[] {
  const { readdirSync } = require('node:fs') as typeof import('node:fs');
  const operations: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.controller.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    const constants = Object.fromEntries([...source.matchAll(/const (\w+) = `([^`]*)`;/g)].map((m) => [m[1], m[2]]));
    for (const match of source.matchAll(/\.run<\{[^}]*\}>\(\s*`([^`]*)`/g)) {
      operations.push(match[1].replace(/\$\{(\w+)\}/g, (_, name: string) => constants[name] ?? ''));
    }
  }
  return operations;
}
