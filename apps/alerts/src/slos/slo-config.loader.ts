import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { AlertsConfig, InjectAlertsConfig } from '../alerts.config';
import { parseSloConfig } from './slo-config';
import { SlosService } from './slos.service';

/** Applies SLO_CONFIG_FILE at boot; a missing or invalid file stops the app with a message naming it. */
@Injectable()
export class SloConfigLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(SloConfigLoader.name);

  constructor(
    @InjectAlertsConfig() private readonly config: AlertsConfig,
    private readonly slos: SlosService,
  ) {}

  async onApplicationBootstrap() {
    const file = this.config.sloConfigFile;
    if (!file) return;
    const definitions = parseSloConfig(await readFile(file, 'utf8'), file);
    await this.slos.apply(definitions);
    this.logger.log(`applied ${definitions.length} SLOs from ${file}`);
  }
}
