import { bootstrapApp, loadPlatformConfig } from '@companyos/platform';
import { AccessAppModule } from './access.app.module';

const config = loadPlatformConfig('access', 4007);
void bootstrapApp(AccessAppModule.forRoot(config), config);
