import { Kind, OperationDefinitionNode, ValueNode } from 'graphql';

/** Argument (or input field) names that name a record: `id`, `incidentId`, `deploymentIds`, … */
const NAMES_A_TARGET = /^(id|ids|\w+Ids?)$/;

/**
 * The ids an operation is about, for the audit log: the values of its
 * top-level fields' id arguments (inputs included, variables resolved) and
 * the `id` each top-level field returned.
 */
export function targetIdsOf(operation: OperationDefinitionNode, variables: Record<string, unknown> = {}, data?: Record<string, unknown> | null): string[] {
  const ids = new Set<string>();
  const collect = (name: string, value: unknown) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) return value.forEach((item) => collect(name, item));
    if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).forEach(([key, inner]) => collect(key, inner));
    if (NAMES_A_TARGET.test(name) && (typeof value === 'string' || typeof value === 'number')) ids.add(String(value));
  };
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    for (const argument of selection.arguments ?? []) collect(argument.name.value, valueOf(argument.value, variables));
    const result = data?.[selection.alias?.value ?? selection.name.value];
    for (const item of Array.isArray(result) ? result : [result]) {
      if (item && typeof item === 'object' && 'id' in item) collect('id', (item as { id: unknown }).id);
    }
  }
  return [...ids];
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.LIST:
      return node.values.map((value) => valueOf(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, valueOf(field.value, variables)]));
    case Kind.NULL:
      return null;
    case Kind.STRING:
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.ENUM:
      return node.value;
    default:
      return undefined;
  }
}
