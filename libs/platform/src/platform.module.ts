import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { ConfigFactory } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { PlatformConfigModule } from './config/platform-config.module';
import type { PlatformConfig } from './config/platform.config';
import { PlatformExceptionFilter } from './errors/platform-exception.filter';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyIndicators } from './health/dependency-checks';
import { HealthController } from './health/health.controller';
import { MessagingModule } from './messaging/messaging.module';
import { MetricsModule } from './metrics/metrics.module';
import { OperationalMetrics } from './metrics/operational-metrics';

/**
 * What every CompanyOS app shares: validated config, health endpoints,
 * Prometheus metrics, queues, input validation and the error mapping.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: PlatformConfig, namespaces: ConfigFactory[] = []): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        PlatformConfigModule.forRoot(config, namespaces as never),
        MetricsModule.forRoot(config.appName),
        MessagingModule,
        // A failed check is answered (503 with `failures`) and logged by the app's request logs, not again by terminus.
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController],
      providers: [
        DependencyIndicators,
        OperationalMetrics,
        { provide: APP_FILTER, useClass: PlatformExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ transform: true, whitelist: true, forbidUnknownValues: false }),
        },
      ],
    };
  }
}
