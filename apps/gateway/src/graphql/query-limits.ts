import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
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
  /** Aliased fields in the whole operation: aliases let one request ask for the same costly field many times. */
  maxAliases: number;
  /** Top-level fields of one operation. */
  maxRootFields: number;
  /** Estimated fields resolved: see `analyseOperation`. */
  maxCost: number;
}

/** Items assumed for a list field whose size the query does not fix with a literal `first` or `limit`. */
export const ASSUMED_LIST_SIZE = 50;

export interface OperationShape {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
}

/**
 * Measures an operation: depth, aliases, top-level fields, and cost = the
 * number of fields it may resolve, where every field costs 1 and what is
 * selected under a list counts once per item: a literal `first` / `limit` on
 * the list field or on the field that holds it (a connection's `nodes`),
 * else ASSUMED_LIST_SIZE. Fragments are expanded; `__typename` and
 * introspection fields cost nothing (introspection is switched on or off on
 * its own).
 */
export function analyseOperation(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): OperationShape {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  let aliases = 0;
  let depth = 0;

  const walk = (set: SelectionSetNode, type: GraphQLNamedType | null | undefined, level: number, pageSize: number | null, seen: Set<string>): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) continue;
        const next = new Set(seen).add(fragment.name.value);
        cost += walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), level, pageSize, next);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        cost += walk(selection.selectionSet, narrowed, level, pageSize, seen);
      } else {
        cost += field(selection, type, level, pageSize, seen);
      }
    }
    return cost;
  };

  const field = (node: FieldNode, parent: GraphQLNamedType | null | undefined, level: number, pageSize: number | null, seen: Set<string>): number => {
    if (node.name.value.startsWith('__')) return 0;
    if (node.alias) aliases += 1;
    depth = Math.max(depth, level);
    const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
    if (!node.selectionSet) return 1;
    const ownSize = literalSize(node);
    const isList = definition ? isListType(getNullableType(definition.type)) : false;
    const items = isList ? (ownSize ?? pageSize ?? ASSUMED_LIST_SIZE) : 1;
    const childType = definition ? getNamedType(definition.type) : undefined;
    // A connection's `nodes` take their count from the field that returned the connection.
    return 1 + items * walk(node.selectionSet, childType, level + 1, isList ? null : ownSize, seen);
  };

  const rootFields = operation.selectionSet.selections.filter((s) => s.kind !== Kind.FIELD || !s.name.value.startsWith('__')).length;
  const cost = walk(operation.selectionSet, root, 1, null, new Set());
  return { depth, aliases, rootFields, cost };
}

/** `first: 20` or `limit: 20` written in the query; null when absent or a variable. */
function literalSize(node: FieldNode): number | null {
  const argument = node.arguments?.find((arg) => arg.name.value === 'first' || arg.name.value === 'limit');
  return argument?.value.kind === Kind.INT ? Number(argument.value.value) : null;
}

/**
 * A validation rule refusing operations over the limits, each error naming
 * the value, the limit and its setting. Apollo answers them 400 with code
 * GRAPHQL_VALIDATION_FAILED; `extensions.limit` says which limit
 * (GRAPHQL_MAX_DEPTH …), with `value` and `max`.
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    return {
      OperationDefinition(operation) {
        const shape = analyseOperation(context.getSchema(), operation, fragments);
        const name = operation.name ? `operation ${operation.name.value}` : 'the operation';
        const refuse = (setting: string, what: string, value: number, max: number) =>
          context.reportError(
            new GraphQLError(`${name} ${what} ${value}, over the limit of ${max} (${setting})`, { nodes: [operation], extensions: { limit: setting, value, max } }),
          );
        if (shape.depth > limits.maxDepth) refuse('GRAPHQL_MAX_DEPTH', 'nests fields', shape.depth, limits.maxDepth);
        if (shape.aliases > limits.maxAliases) refuse('GRAPHQL_MAX_ALIASES', 'uses aliases', shape.aliases, limits.maxAliases);
        if (shape.rootFields > limits.maxRootFields) refuse('GRAPHQL_MAX_ROOT_FIELDS', 'asks for top-level fields', shape.rootFields, limits.maxRootFields);
        if (shape.cost > limits.maxCost) refuse('GRAPHQL_MAX_COST', 'may resolve fields', shape.cost, limits.maxCost);
      },
    };
  };
}
