import { PlatformConfig, requireSubgraphSecret, servicePrincipal, signedRequestHeaders } from '@companyos/platform';

/** A subgraph's answer, or why it could not be had (never a guess). */
export type SubgraphAnswer<T> = { data: T; unknownBecause?: undefined } | { data?: undefined; unknownBecause: string };

/**
 * Asks another subgraph one GraphQL query, signed for it (the deployments
 * service acting as itself, a reader) and bounded by `timeoutMs`. Whatever
 * goes wrong (unreachable, slow, an HTTP or GraphQL error) comes back as
 * `unknownBecause`, naming the subgraph.
 */
export async function querySubgraph<T>(
  platform: PlatformConfig,
  target: { subgraph: string; url: string; timeoutMs: number },
  query: string,
  variables: Record<string, unknown>,
): Promise<SubgraphAnswer<T>> {
  const { subgraph, url } = target;
  let reply: { data?: T; errors?: { message: string }[] };
  try {
    const body = JSON.stringify({ query, variables });
    const principal = servicePrincipal(platform.appName);
    const signed = signedRequestHeaders(requireSubgraphSecret(platform), { subgraph, method: 'POST', url, body, principal });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signed },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    reply = (await response.json()) as typeof reply;
    if (!response.ok && !reply.errors) return { unknownBecause: `the ${subgraph} subgraph answered ${response.status}` };
  } catch (error) {
    return { unknownBecause: `the ${subgraph} subgraph could not be reached: ${(error as Error).message}` };
  }
  if (reply.errors?.length) return { unknownBecause: `the ${subgraph} subgraph answered with an error: ${reply.errors[0].message}` };
  if (!reply.data) return { unknownBecause: `the ${subgraph} subgraph answered no data` };
  return { data: reply.data };
}
