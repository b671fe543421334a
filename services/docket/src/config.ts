import { ServiceConfig } from '@lawfirm/platform';

export class DocketConfig extends ServiceConfig {}
