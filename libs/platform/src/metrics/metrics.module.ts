import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HTTP_REQUEST_DURATION, HttpMetricsMiddleware } from './http-metrics.middleware';

/** Prometheus `GET /metrics`: default process metrics, request timings, and each domain's counters. */
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(appName: string): DynamicModule {
    const requestDuration = makeHistogramProvider({
      name: HTTP_REQUEST_DURATION,
      help: 'HTTP request duration by method, route and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    return {
      module: MetricsModule,
      global: true,
      imports: [
        PrometheusModule.register({
          path: '/metrics',
          defaultLabels: { app: appName },
          defaultMetrics: { enabled: true },
        }),
      ],
      providers: [requestDuration, HttpMetricsMiddleware],
      exports: [PrometheusModule],
    };
  }

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
