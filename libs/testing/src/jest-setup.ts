import { testEnv } from './test-env';

// Integration and end-to-end tests talk to real servers and processes; their
// waits carry their own deadlines (waitFor), so Jest's own limit is generous.
jest.setTimeout(testEnv.jestTimeoutMs); // JEST_TIMEOUT_MS: longer on a machine loaded by other work

// @nestjs/graphql keeps its type metadata on `global`, which outlives one test
// file: a second file building a schema would find the first file's classes
// (whose `Boolean` is another realm's) and fail. Each file starts empty.
const graphqlGlobals = globalThis as { GqlTypeMetadataStorage?: unknown; GqlLazyMetadataStorageHost?: unknown };
delete graphqlGlobals.GqlTypeMetadataStorage;
delete graphqlGlobals.GqlLazyMetadataStorageHost;
