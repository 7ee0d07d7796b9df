import { bootstrapApp, loadPlatformConfig } from '@companyos/platform';
import { AlertsAppModule } from './alerts.app.module';

const config = loadPlatformConfig('alerts', 4003);
void bootstrapApp(AlertsAppModule.forRoot(config), config);
