import { Module } from '@nestjs/common';
import { UtbmsCodeService } from './utbms-code.service';
import { UtbmsCodeController } from './utbms.controller';

/** The UTBMS code sets, served read-only; other features check codes through `utbms-code.service.ts`. */
@Module({ controllers: [UtbmsCodeController], providers: [UtbmsCodeService], exports: [UtbmsCodeService] })
export class CodesModule {}
