import { ACCESS_ROLES, AccessRole, isAccessRole, roleAtLeast } from '@companyos/contracts';
import { ROLE_TAG_PREFIX } from '@companyos/platform';
import {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  parse,
  StringValueNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** Least role per `Type.field`, as the subgraphs declared it (RequiresRole → `@tag(name: "requires-role:…")`). */
export type RoleMap = ReadonlyMap<string, AccessRole>;

/** Reads every field's declared role from the supergraph; where subgraphs disagree, the higher role wins. */
export function roleMapOf(supergraphSdl: string): RoleMap {
  const roles = new Map<string, AccessRole>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        if (directive.name.value !== 'tag') continue;
        const name = directive.arguments?.find((arg) => arg.name.value === 'name')?.value as StringValueNode | undefined;
        const role = name?.value.startsWith(ROLE_TAG_PREFIX) ? name.value.slice(ROLE_TAG_PREFIX.length) : undefined;
        if (!isAccessRole(role)) continue;
        const key = `${definition.name.value}.${field.name.value}`;
        const known = roles.get(key);
        roles.set(key, known && roleAtLeast(known, role) ? known : role);
      }
    }
  }
  return roles;
}

/** The least role an operation needs, and the field that needs it. */
export interface RoleRequirement {
  role: AccessRole;
  field: string | null;
}

/**
 * What an operation needs: the highest role of any field it selects
 * (fragments included). Queries and fields default to `viewer`; a mutation
 * that declares no role is admin-only, so forgetting a declaration fails closed.
 */
export function requiredRole(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, roles: RoleMap): RoleRequirement {
  const mutationType = schema.getMutationType()?.name;
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  let required: RoleRequirement = { role: ACCESS_ROLES[0], field: null };
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType()?.name;
      if (!parent || node.name.value.startsWith('__')) return;
      const key = `${parent}.${node.name.value}`;
      const role = roles.get(key) ?? (parent === mutationType ? 'admin' : 'viewer');
      if (!roleAtLeast(required.role, role)) required = { role, field: key };
    },
  });
  visit(operation, visitor);
  for (const fragment of fragments) visit(fragment, visitor);
  return required;
}
