import { Module } from '@nestjs/common';
import { PartyRepository } from './party.repository';
import { PartyService } from './party.service';

@Module({ providers: [PartyRepository, PartyService], exports: [PartyService] })
export class PartiesModule {}
