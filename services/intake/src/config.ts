import { ServiceConfig } from '@lawfirm/platform';

export class IntakeConfig extends ServiceConfig {}
