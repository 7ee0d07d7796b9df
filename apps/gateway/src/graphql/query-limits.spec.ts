import { Supergraph } from '@apollo/federation-internals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, parse, validate } from 'graphql';
import { analyseOperation, ASSUMED_LIST_SIZE, isLimitExceeded, OperationShape, QueryLimits, queryLimitsRule, tokenLimitError } from './query-limits';
import { DEFAULT_QUERY_LIMITS } from '../gateway.config';

// A small schema of the graph's shapes: a connection, a plain list, an entity.
const schema = buildSchema(`
  type Query {
    incidents(first: Int): IncidentConnection!
    incident(id: ID!): Incident
    service(name: String!): Service
    capped("How many items (1–200)." first: Int! = 50): IncidentConnection!
  }
  type Mutation { resolveIncident(id: ID!): Incident }
  type IncidentConnection { nodes: [Incident!]! totalCount: Int! }
  type Incident { id: ID! title: String! alerts: [Alert!]! services: [Service!]! }
  type Alert { id: ID! name: String! incident: Incident }
  type Service { name: String! incidents(first: Int): IncidentConnection! recent("1–50." limit: Int! = 10): [Incident!]! }
`);

const measure = (query: string, limits?: QueryLimits) => {
  const document = parse(query);
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return analyseOperation(schema, operation, fragments, limits);
};
const shapeOf = (query: string): OperationShape => {
  const result = measure(query);
  if (isLimitExceeded(result)) throw new Error('no limits were given');
  return result;
};

/** `{ ...F0 }` where each fragment spreads the next twice: 2^levels copies of the last one once expanded. */
const doublingChain = (levels: number, last = '__typename') =>
  `query Chain { ...F0 }\n${Array.from({ length: levels - 1 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n')}\nfragment F${levels - 1} on Query { ${last} }`;

describe('analyseOperation', () => {
  it('costs a field 1 and what is under a list once per item, taking a connection’s size from `first`', () => {
    // incidents 1 + nodes (1 + 20 × (id + title)) + totalCount 1
    expect(shapeOf('{ incidents(first: 20) { nodes { id title } totalCount } }')).toEqual({ depth: 3, aliases: 0, rootFields: 1, cost: 1 + 1 + 20 * 2 + 1 });
  });

  it(`assumes ${ASSUMED_LIST_SIZE} items when neither the query nor the schema says how many`, () => {
    expect(shapeOf('query ($n: Int) { incidents(first: $n) { nodes { id } } }').cost).toBe(1 + 1 + ASSUMED_LIST_SIZE);
    expect(shapeOf('{ incident(id: "1") { alerts { id name } } }').cost).toBe(1 + 1 + ASSUMED_LIST_SIZE * 2);
  });

  it('costs a size given as a variable at the argument’s cap, as the caller may send the largest', () => {
    expect(shapeOf('query ($n: Int!) { capped(first: $n) { nodes { id } } }').cost).toBe(1 + 1 + 200);
    expect(shapeOf('query ($n: Int!) { service(name: "a") { recent(limit: $n) { id } } }').cost).toBe(1 + 1 + 50);
  });

  it('costs a literal size above the cap at the cap, and an absent one at the argument’s default', () => {
    expect(shapeOf('{ capped(first: 100000) { nodes { id } } }').cost).toBe(1 + 1 + 200);
    expect(shapeOf('{ capped { nodes { id } } }').cost).toBe(1 + 1 + 50);
    expect(shapeOf('{ service(name: "a") { recent { id } } }').cost).toBe(1 + 1 + 10);
  });

  it('counts the fields of a fragment spread at the top as top-level fields', () => {
    expect(shapeOf('{ ...F ... on Query { service(name: "b") { name } } } fragment F on Query { incident(id: "1") { id } incidents { totalCount } }').rootFields).toBe(3);
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

  it('leaves introspection out of depth and cost; __typename is a field like another', () => {
    expect(shapeOf('{ __schema { types { name fields { name type { ofType { ofType { name } } } } } } }')).toEqual({ depth: 0, aliases: 0, rootFields: 0, cost: 0 });
    expect(shapeOf('{ __typename t: __typename }')).toEqual({ depth: 1, aliases: 1, rootFields: 2, cost: 2 });
  });

  it('measures each fragment once: a 60-level doubling chain is measured at once, to its exact expanded size', () => {
    // Expanded, this is 2^59 copies of the last fragment; walking each spread again would never end.
    expect(shapeOf(doublingChain(60))).toEqual({ depth: 1, aliases: 0, rootFields: 2 ** 59, cost: 2 ** 59 });
    expect(shapeOf(doublingChain(60, 'incident(id: "1") { a: id }'))).toMatchObject({ depth: 2, aliases: 2 ** 59, cost: 2 ** 60 });
  });

  it('stops at the first limit passed, naming it with the value reached', () => {
    const limits = { maxDepth: 100, maxAliases: 100, maxRootFields: 100, maxCost: 1000 };
    expect(measure(doublingChain(60), limits)).toEqual({ limit: 'GRAPHQL_MAX_ROOT_FIELDS', value: 128, max: 100 });
    expect(measure(doublingChain(60), { ...limits, maxRootFields: Infinity })).toEqual({ limit: 'GRAPHQL_MAX_COST', value: 1024, max: 1000 });
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
    ['{ incident(id: "1") { alerts { incident { alerts { id } } } } }', 'GRAPHQL_MAX_DEPTH', 'the operation nests fields at least 5 deep, over the limit of 4 (GRAPHQL_MAX_DEPTH)'],
    ['{ a: incident(id: "1") { id } b: incident(id: "2") { id } c: incident(id: "3") { id } }', 'GRAPHQL_MAX_ALIASES', 'the operation uses at least 3 aliases, over the limit of 2 (GRAPHQL_MAX_ALIASES)'],
    ['{ incident(id: "1") { id } service(name: "a") { name } incidents { totalCount } }', 'GRAPHQL_MAX_ROOT_FIELDS', 'the operation asks for at least 3 top-level fields, over the limit of 2 (GRAPHQL_MAX_ROOT_FIELDS)'],
    ['query Big { incidents(first: 200) { nodes { alerts { id } } } }', 'GRAPHQL_MAX_COST', 'operation Big may resolve at least 10201 fields, over the limit of 1000 (GRAPHQL_MAX_COST)'],
    ['query V($n: Int!) { capped(first: $n) { nodes { alerts { id } } } }', 'GRAPHQL_MAX_COST', 'operation V may resolve at least 10201 fields, over the limit of 1000 (GRAPHQL_MAX_COST)'],
    [doublingChain(60), 'GRAPHQL_MAX_ROOT_FIELDS', 'operation Chain asks for at least 4 top-level fields, over the limit of 2 (GRAPHQL_MAX_ROOT_FIELDS)'],
  ].map(([query, code, message]) => [query.length > 90 ? `${query.slice(0, 40).replace(/\s+/g, ' ')}…` : query, code, message, query]))(
    'refuses %s over %s, naming the value and the limit',
    (_label, code, message, query) => {
      expect(errorsOf(query)).toEqual([[code, message]]);
    },
  );

  it('refuses a 10,000-alias document at the first alias over the limit', () => {
    const flood = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(errorsOf(flood)).toEqual([['GRAPHQL_MAX_ALIASES', 'the operation uses at least 3 aliases, over the limit of 2 (GRAPHQL_MAX_ALIASES)']]);
  });
});

describe('GRAPHQL_MAX_TOKENS', () => {
  it('stops the parser on a 1 MB document of tokens, and names the limit the way the rule names the others', () => {
    const document = `{ ${'a '.repeat(500_000)}}`;
    expect(document.length).toBeGreaterThanOrEqual(1_000_000);
    let error: GraphQLError | undefined;
    try {
      parse(document, { maxTokens: 5000 });
    } catch (thrown) {
      error = thrown as GraphQLError;
    }
    expect(error?.message).toMatch(/Document contains more tha[nt] 5000 tokens/);
    expect(tokenLimitError({ message: error!.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, 5000)).toEqual({
      message: 'the document has more than 5000 tokens, over the limit of 5000 (GRAPHQL_MAX_TOKENS)',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_TOKENS', value: 5001, max: 5000 },
    });
  });

  it('leaves other errors as they are', () => {
    const other = { message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    expect(tokenLimitError(other, 5000)).toBe(other);
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
    expect(validate(api, parse(flood), [rule]).map((e) => e.extensions.limit)).toEqual(['GRAPHQL_MAX_COST']);
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
      // Field constants may name other constants (`${SUMMARY} steps { … }`): substitute until none is left.
      let operation = match[1];
      while (/\$\{\w+\}/.test(operation)) operation = operation.replace(/\$\{(\w+)\}/g, (_, name: string) => constants[name] ?? '');
      operations.push(operation);
    }
  }
  return operations;
}
