import { bootstrapApp, loadPlatformConfig } from '@companyos/platform';
import { gatewayConfig } from './gateway.config';
import { GatewayAppModule } from './gateway.app.module';
import { useBodyParsers } from './body-parsers';
import { useHttpSecurity } from './http-security';
import { useWebApp } from './web/web-app';
import { GithubSignatureFailures } from './webhooks/webhook-gates';
import { useExplorer } from './explorer/explorer';
import { useOpenApi } from './openapi/openapi';

const config = loadPlatformConfig('gateway', 4000);
void bootstrapApp(GatewayAppModule.forRoot(config), config, {
  bodyParser: false,
  configure: (app) => {
    useHttpSecurity(app, app.get(gatewayConfig.KEY), config.env === 'production');
    useExplorer(app, app.get(gatewayConfig.KEY));
    useOpenApi(app);
    useWebApp(app, app.get(gatewayConfig.KEY));
    useBodyParsers(app, app.get(gatewayConfig.KEY), app.get(GithubSignatureFailures));
  },
});
