import { bootstrapApp, loadPlatformConfig } from '@companyos/platform';
import { KnowledgeAppModule } from './knowledge.app.module';

const config = loadPlatformConfig('knowledge', 4005);
void bootstrapApp(KnowledgeAppModule.forRoot(config), config);
