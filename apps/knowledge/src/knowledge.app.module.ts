import { DatabaseModule, PlatformConfig, PlatformModule, runsApi, runsWorker, SubgraphModule } from '@companyos/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { knowledgeConfig } from './knowledge.config';
import { KNOWLEDGE_ENTITIES } from './knowledge.entities';
import { KnowledgeApiModule, KnowledgeModule } from './knowledge/knowledge.module';
import { KnowledgeWorkersModule } from './knowledge/knowledge-workers.module';

/** The knowledge app: the `knowledge` subgraph (api role) and its incident-event worker (worker role). */
@Module({})
export class KnowledgeAppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: KnowledgeAppModule,
      imports: [
        PlatformModule.forRoot(config, [knowledgeConfig]),
        DatabaseModule.forRoot(KNOWLEDGE_ENTITIES),
        KnowledgeModule,
        ...(runsApi(config.role) ? [SubgraphModule.forRoot(), KnowledgeApiModule] : []),
        ...(runsWorker(config.role) ? [KnowledgeWorkersModule] : []),
      ],
    };
  }
}
