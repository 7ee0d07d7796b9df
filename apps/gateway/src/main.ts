import { bootstrapApp, loadPlatformConfig } from '@companyos/platform';
import { gatewayConfig } from './gateway.config';
import { GatewayAppModule } from './gateway.app.module';
import { useBodyParsers } from './body-parsers';

const config = loadPlatformConfig('gateway', 4000);
void bootstrapApp(GatewayAppModule.forRoot(config), config, {
  bodyParser: false,
  configure: (app) => useBodyParsers(app, app.get(gatewayConfig.KEY)),
});
