import { DomainError } from '@lawfirm/errors';
import type { ImportResultView } from './dto/import-batch.dto';

export enum TimeEntryImportErrorCode {
  Rejected = 'import_rejected',
}

/** An all-or-nothing batch with at least one bad row: nothing is stored; every row's result is returned. */
export class ImportRejectedError extends DomainError {
  constructor(summary: ImportResultView) {
    super(
      'unprocessable',
      TimeEntryImportErrorCode.Rejected,
      `${summary.failed} of ${summary.results.length} rows are not valid; nothing was imported (mode all-or-nothing).`,
      [],
      { ...summary },
    );
  }
}
