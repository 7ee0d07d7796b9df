import {
  ArgumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLArgument,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** What one operation may ask of the graph. */
export interface QueryLimits {
  /** Nesting of fields below the operation (introspection fields not counted). */
  maxDepth: number;
  /** Aliased fields in the whole operation, fragments expanded: aliases let one request ask for the same costly field many times. */
  maxAliases: number;
  /** Top-level fields of one operation (fields of a fragment spread at the top count as top-level). */
  maxRootFields: number;
  /** Estimated fields resolved: see `analyseOperation`. */
  maxCost: number;
}

/** Items assumed for a list field whose size neither the query nor the schema fixes. */
export const ASSUMED_LIST_SIZE = 50;

export interface OperationShape {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
}

/** The first limit an operation was found to pass, with the value reached when the walk stopped (a lower bound of the whole). */
export interface LimitExceeded {
  limit: 'GRAPHQL_MAX_DEPTH' | 'GRAPHQL_MAX_ALIASES' | 'GRAPHQL_MAX_ROOT_FIELDS' | 'GRAPHQL_MAX_COST';
  value: number;
  max: number;
}

/** A selection set measured: `depth` counts its own fields as level 1; `fields` are its fields at its own level (fragments expanded). */
interface Measure {
  cost: number;
  depth: number;
  aliases: number;
  fields: number;
}

const NO_LIMITS: QueryLimits = { maxDepth: Infinity, maxAliases: Infinity, maxRootFields: Infinity, maxCost: Infinity };

class Stop {
  constructor(readonly exceeded: LimitExceeded) {}
}

/**
 * Measures an operation: depth, aliases, top-level fields, and cost = the
 * number of fields it may resolve, where every field costs 1 and what is
 * selected under a list counts once per item. The items of a list are its
 * `first` / `limit` argument (on the list field, or on the field holding it:
 * a connection's `nodes`) the way the caller pays: a literal counts as
 * written but never above the argument's cap, a variable counts at the cap
 * (the caller may send the largest value), an absent one at its default;
 * else ASSUMED_LIST_SIZE. Introspection fields (`__schema`, `__type`) cost
 * nothing (introspection is switched on or off on its own); `__typename` is
 * a field like any other (a document of nothing but `__typename` spread
 * through fragments still costs the planner every copy); aliases count
 * wherever they are.
 *
 * Linear in the document: each fragment is measured once per operation (per
 * page size handed down to it) and reused at every spread, so a chain of
 * fragments each spreading the next twice costs its length, not 2^length.
 * With `limits`, the walk stops at the first limit passed (every partial
 * sum is a lower bound of the whole) and returns that limit.
 */
export function analyseOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  limits: QueryLimits = NO_LIMITS,
): OperationShape | LimitExceeded {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const memo = new Map<string, Measure>();
  const inProgress = new Set<string>();

  const check = (limit: LimitExceeded['limit'], value: number, max: number) => {
    if (value > max) throw new Stop({ limit, value, max });
  };

  /** `level` is the depth of this set's own fields in the operation, used only to stop early. */
  const walk = (set: SelectionSetNode, type: GraphQLNamedType | null | undefined, level: number, pageSize: number | null): Measure => {
    const total: Measure = { cost: 0, depth: 0, aliases: 0, fields: 0 };
    const add = (part: Measure) => {
      total.cost += part.cost;
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.fields += part.fields;
      check('GRAPHQL_MAX_COST', total.cost, limits.maxCost);
      check('GRAPHQL_MAX_ALIASES', total.aliases, limits.maxAliases);
      check('GRAPHQL_MAX_DEPTH', level - 1 + total.depth, limits.maxDepth);
      if (level === 1) check('GRAPHQL_MAX_ROOT_FIELDS', total.fields, limits.maxRootFields);
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (fragment) add(spread(fragment, level, pageSize));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        add(walk(selection.selectionSet, narrowed, level, pageSize));
      } else {
        add(field(selection, type, level, pageSize));
      }
    }
    return total;
  };

  /** A fragment's measure, computed at its first spread and reused at every other. */
  const spread = (fragment: FragmentDefinitionNode, level: number, pageSize: number | null): Measure => {
    const key = `${fragment.name.value}/${pageSize ?? ''}`;
    const known = memo.get(key);
    if (known) return known;
    // A fragment spreading itself is reported by graphql's NoFragmentCycles rule; here it adds nothing.
    if (inProgress.has(key)) return { cost: 0, depth: 0, aliases: 0, fields: 0 };
    inProgress.add(key);
    const measure = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), level, pageSize);
    inProgress.delete(key);
    memo.set(key, measure);
    return measure;
  };

  const field = (node: FieldNode, parent: GraphQLNamedType | null | undefined, level: number, pageSize: number | null): Measure => {
    const aliases = node.alias ? 1 : 0;
    if (node.name.value.startsWith('__') && node.name.value !== '__typename') return { cost: 0, depth: 0, aliases, fields: 0 };
    // Checked on the way down too, so a deep document is never walked (nor recursed into) past the limit.
    check('GRAPHQL_MAX_DEPTH', level, limits.maxDepth);
    const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
    if (!node.selectionSet) return { cost: 1, depth: 1, aliases, fields: 1 };
    const ownSize = sizeOf(node, definition);
    const isList = definition ? isListType(getNullableType(definition.type)) : false;
    const items = isList ? Math.max(1, ownSize ?? pageSize ?? ASSUMED_LIST_SIZE) : 1;
    const childType = definition ? getNamedType(definition.type) : undefined;
    // A connection's `nodes` take their count from the field that returned the connection.
    const children = walk(node.selectionSet, childType, level + 1, isList ? null : ownSize);
    return { cost: 1 + items * children.cost, depth: 1 + children.depth, aliases: aliases + children.aliases, fields: 1 };
  };

  try {
    const shape = walk(operation.selectionSet, root, 1, null);
    return { depth: shape.depth, aliases: shape.aliases, rootFields: shape.fields, cost: shape.cost };
  } catch (error) {
    if (error instanceof Stop) return error.exceeded;
    throw error;
  }
}

export const isLimitExceeded = (result: OperationShape | LimitExceeded): result is LimitExceeded => 'limit' in result;

const SIZE_ARGUMENTS = new Set(['first', 'limit']);

/**
 * Items a list field will return at most, as the caller pays for them: a
 * literal `first` / `limit` (never above the argument's cap), a variable at
 * the cap, an absent argument at its default; null when none of these says.
 */
function sizeOf(node: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number | null {
  const written: ArgumentNode | undefined = node.arguments?.find((arg) => SIZE_ARGUMENTS.has(arg.name.value));
  const declared: GraphQLArgument | undefined = definition?.args.find((arg) => (written ? arg.name === written.name.value : SIZE_ARGUMENTS.has(arg.name)));
  const cap = declared ? capOf(declared) : null;
  if (written?.value.kind === Kind.INT) return Math.min(Number(written.value.value), cap ?? Infinity);
  if (written?.value.kind === Kind.VARIABLE) return cap;
  if (!written && typeof declared?.defaultValue === 'number') return declared.defaultValue;
  return null;
}

/**
 * The largest value a size argument accepts, as the subgraph states it in
 * the argument's description, the one place clients read it too
 * (`"How many items (1–200)."`, `"1–50."`); null when it states none.
 */
export function capOf(argument: GraphQLArgument): number | null {
  const range = /(\d+)\s*[–-]\s*(\d+)/.exec(argument.description ?? '');
  return range ? Number(range[2]) : null;
}

const SETTINGS: Record<LimitExceeded['limit'], string> = {
  GRAPHQL_MAX_DEPTH: 'nests fields at least',
  GRAPHQL_MAX_ALIASES: 'uses at least',
  GRAPHQL_MAX_ROOT_FIELDS: 'asks for at least',
  GRAPHQL_MAX_COST: 'may resolve at least',
};
const UNITS: Record<LimitExceeded['limit'], string> = {
  GRAPHQL_MAX_DEPTH: 'deep',
  GRAPHQL_MAX_ALIASES: 'aliases',
  GRAPHQL_MAX_ROOT_FIELDS: 'top-level fields',
  GRAPHQL_MAX_COST: 'fields',
};

/**
 * A validation rule refusing an operation over the limits, the error naming
 * the limit, the value reached and its setting. Apollo answers it 400 with
 * code GRAPHQL_VALIDATION_FAILED; `extensions.limit` says which limit
 * (GRAPHQL_MAX_DEPTH …), with `value` and `max`. The walk stops at the first
 * limit passed, so one error names one limit.
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    return {
      OperationDefinition(operation) {
        const result = analyseOperation(context.getSchema(), operation, fragments, limits);
        if (!isLimitExceeded(result)) return;
        const name = operation.name ? `operation ${operation.name.value}` : 'the operation';
        context.reportError(
          new GraphQLError(`${name} ${SETTINGS[result.limit]} ${result.value} ${UNITS[result.limit]}, over the limit of ${result.max} (${result.limit})`, {
            nodes: [operation],
            extensions: { limit: result.limit, value: result.value, max: result.max },
          }),
        );
      },
    };
  };
}

/**
 * The parser's token cap as a refusal like the other limits: graphql's
 * `maxTokens` stops parsing a document past GRAPHQL_MAX_TOKENS with a syntax
 * error ("Document contains more than N tokens"); this names it the way the
 * validation rule names the others (400 GRAPHQL_VALIDATION_FAILED,
 * `extensions.limit`). Used as the server's formatError.
 */
export function tokenLimitError(formatted: { message: string; extensions?: Record<string, unknown> }, maxTokens: number) {
  // graphql 16 words it "more that N tokens"; either spelling.
  const match = /Document contains more tha[nt] (\d+) tokens/.exec(formatted.message);
  if (!match || formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return formatted;
  return {
    ...formatted,
    message: `the document has more than ${maxTokens} tokens, over the limit of ${maxTokens} (GRAPHQL_MAX_TOKENS)`,
    extensions: { ...formatted.extensions, code: 'GRAPHQL_VALIDATION_FAILED', limit: 'GRAPHQL_MAX_TOKENS', value: maxTokens + 1, max: maxTokens },
  };
}
