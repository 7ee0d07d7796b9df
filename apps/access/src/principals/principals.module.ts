import { Module } from '@nestjs/common';
import { PrincipalsResolver } from './principals.resolver';

/** `whoami`, loaded in the api role. */
@Module({ providers: [PrincipalsResolver] })
export class PrincipalsApiModule {}
