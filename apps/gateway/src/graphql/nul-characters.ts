import { nulCharacterPath } from '@companyos/platform';
import type { ApolloServerPlugin } from '@apollo/server';
import { ASTNode, GraphQLError, Kind, ValidationRule } from 'graphql';

const CANNOT_STORE = 'a NUL character (U+0000), which cannot be stored';

/**
 * PostgreSQL stores no string with a NUL character in it, so a subgraph
 * handed one would fail with an internal error (its transaction undone). The
 * gateway refuses such input first, naming where it is: a string literal of
 * the document (this validation rule, run once per document Apollo caches),
 * or a variable (`nulCharactersPlugin`, run per request).
 */
export const nulCharactersRule: ValidationRule = (context) => ({
  StringValue(node, _key, parent, _path, ancestors) {
    if (!node.value.includes('\u0000')) return;
    const names = ([...ancestors, parent] as readonly ASTNode[]).flatMap((ancestor) => (ancestor.kind === Kind.ARGUMENT || ancestor.kind === Kind.OBJECT_FIELD ? [ancestor.name.value] : []));
    context.reportError(new GraphQLError(`${names.length ? `argument ${names.join('.')}` : 'a string of the document'} holds ${CANNOT_STORE}`, { nodes: [node] }));
  },
});

/** Refuses (400 BAD_USER_INPUT) a request whose variables hold a NUL character, naming the variable's path. */
export function nulCharactersPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request }) {
          const path = request.variables ? nulCharacterPath(request.variables) : null;
          if (path) throw new GraphQLError(`variable $${path} holds ${CANNOT_STORE}`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
        },
      };
    },
  };
}
