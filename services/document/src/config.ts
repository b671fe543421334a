import { ServiceConfig } from '@lawfirm/platform';

export class DocumentConfig extends ServiceConfig {}
