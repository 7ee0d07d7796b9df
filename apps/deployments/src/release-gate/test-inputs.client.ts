import { InjectPlatformConfig, PlatformConfig } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { DeploymentsConfig, InjectDeploymentsConfig } from '../deployments.config';
import { querySubgraph } from './subgraph-query';

/** What the release gate knows of the tests of the commit being released; counts null where unknown, with why. */
export interface TestInputs {
  commitSha: string | null;
  failingTests: number | null;
  flakyTests: number | null;
  /** Up to 10 failing tests, `suite › classname › name`. */
  failingExamples: string[];
  unknownBecause: string | null;
}

const COMMIT_TESTS_QUERY = `query ReleaseGateTestInputs($representations: [_Any!]!, $commitSha: String!) {
  _entities(representations: $representations) {
    ... on Service { commitTests(commitSha: $commitSha) { runs testsReported failingTests flakyTests failingExamples } }
  }
}`;

interface EntitiesData {
  _entities?: ({ commitTests: { runs: number; testsReported: number; failingTests: number; flakyTests: number; failingExamples: string[] } } | null)[];
}

/**
 * Reads the failing and flaky tests of a commit from the builds subgraph, as
 * a federation entity reference (`_entities` on Service, the repository named
 * like the service), so deployments never reads the builds tables. Unknown
 * (never zero) when the commit is not known, no run of it is, no test report
 * was uploaded for it, or the builds subgraph cannot answer in time.
 */
@Injectable()
export class TestInputsClient {
  constructor(
    @InjectDeploymentsConfig() private readonly config: DeploymentsConfig,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
  ) {}

  async lookup(serviceName: string, commitSha: string | null): Promise<TestInputs> {
    if (!commitSha) return unknown(null, 'the commit being released is not known (pass commitSha, or report the deployment with its commit)');
    const url = this.config.buildsSubgraphUrl;
    if (!url) return unknown(commitSha, 'BUILDS_SUBGRAPH_URL is not set, so the tests of the commit cannot be read');
    const reply = await querySubgraph<EntitiesData>(this.platform, { subgraph: 'builds', url, timeoutMs: this.config.testLookupTimeoutMs }, COMMIT_TESTS_QUERY, {
      representations: [{ __typename: 'Service', name: serviceName }],
      commitSha,
    });
    if (reply.unknownBecause !== undefined) return unknown(commitSha, reply.unknownBecause);
    const tests = reply.data._entities?.[0]?.commitTests;
    if (!tests) return unknown(commitSha, 'the builds subgraph answered no tests');
    if (!tests.runs) return unknown(commitSha, `no build run of ${serviceName} on commit ${commitSha} is known`);
    if (!tests.testsReported) return unknown(commitSha, `${tests.runs} build run(s) of commit ${commitSha} are known, but no test report was uploaded for them`);
    return { commitSha, failingTests: tests.failingTests, flakyTests: tests.flakyTests, failingExamples: tests.failingExamples, unknownBecause: null };
  }
}

const unknown = (commitSha: string | null, reason: string): TestInputs => ({ commitSha, failingTests: null, flakyTests: null, failingExamples: [], unknownBecause: reason });
