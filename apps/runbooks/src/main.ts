import { bootstrapApp, loadPlatformConfig } from '@companyos/platform';
import { RunbooksAppModule } from './runbooks.app.module';

const config = loadPlatformConfig('runbooks', 4004);
void bootstrapApp(RunbooksAppModule.forRoot(config), config);
