import { bootstrapApp, loadPlatformConfig } from '@companyos/platform';
import { IncidentsAppModule } from './incidents.app.module';

const config = loadPlatformConfig('incidents', 4001);
void bootstrapApp(IncidentsAppModule.forRoot(config), config);
