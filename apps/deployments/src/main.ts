import { bootstrapApp, loadPlatformConfig } from '@companyos/platform';
import { DeploymentsAppModule } from './deployments.app.module';

const config = loadPlatformConfig('deployments', 4002);
void bootstrapApp(DeploymentsAppModule.forRoot(config), config);
