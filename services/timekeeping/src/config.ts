import { ServiceConfig } from '@lawfirm/platform';

export class TimekeepingConfig extends ServiceConfig {}
