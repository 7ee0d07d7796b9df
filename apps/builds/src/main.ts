import { bootstrapApp, loadPlatformConfig } from '@companyos/platform';
import { BuildsAppModule } from './builds.app.module';

const config = loadPlatformConfig('builds', 4006);
void bootstrapApp(BuildsAppModule.forRoot(config), config);
