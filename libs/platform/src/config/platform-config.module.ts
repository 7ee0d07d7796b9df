import { DynamicModule, Inject, Module } from '@nestjs/common';
import { ConfigModule, getConfigToken, registerAs } from '@nestjs/config';
import { PLATFORM_CONFIG, PlatformConfig } from './platform.config';

/** Injects the validated platform configuration: `@InjectPlatformConfig() config: PlatformConfig`. */
export const InjectPlatformConfig = () => Inject(getConfigToken(PLATFORM_CONFIG));

@Module({})
export class PlatformConfigModule {
  /**
   * Registers the already-validated platform config plus any app-specific
   * namespaces (`registerAs` factories that validate their own variables).
   */
  static forRoot(config: PlatformConfig, namespaces: ReturnType<typeof registerAs>[] = []): DynamicModule {
    return {
      module: PlatformConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          isGlobal: true,
          load: [registerAs(PLATFORM_CONFIG, () => config), ...namespaces],
        }),
      ],
    };
  }
}
