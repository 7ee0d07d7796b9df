import { bootstrapApp, loadPlatformConfig } from '@companyos/platform';
import { buildsConfig } from './builds.config';
import { BuildsAppModule } from './builds.app.module';

const config = loadPlatformConfig('builds', 4006);
void bootstrapApp(BuildsAppModule.forRoot(config), config, {
  // JUnit reports arrive as a GraphQL string: the JSON body may be up to twice TEST_REPORT_MAX_BYTES (escaping), not 100 kB.
  bodyParser: false,
  configure: (app) => {
    app.useBodyParser('json', { limit: 2 * app.get(buildsConfig.KEY).testReportMaxBytes + 1024 * 1024 });
  },
});
