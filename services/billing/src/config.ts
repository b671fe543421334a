import { ServiceConfig } from '@lawfirm/platform';

export class BillingConfig extends ServiceConfig {}
