import { DomainError } from '@lawfirm/errors';

export enum DocumentErrorCode {
  FolderExists = 'folder_exists',
  MatterClosed = 'matter_closed',
  FileRequired = 'file_required',
  TooManyFiles = 'too_many_files',
  FileTooLarge = 'file_too_large',
  IntegrityFailed = 'document_integrity_failed',
  UnderHold = 'document_under_hold',
}

export class FolderExistsError extends DomainError {
  constructor(path: string) {
    super('conflict', DocumentErrorCode.FolderExists, `The matter already has a folder ${path}.`, [], {
      path,
    });
  }
}

export class MatterClosedError extends DomainError {
  constructor(matterId: string) {
    super(
      'conflict',
      DocumentErrorCode.MatterClosed,
      `Matter ${matterId} is closed; no documents are filed on it.`,
    );
  }
}

/** The request did not carry exactly one file part named `file` in a multipart/form-data body. */
export class FileRequiredError extends DomainError {
  constructor(message = 'Send the file as multipart/form-data with one part named "file".') {
    super('validation', DocumentErrorCode.FileRequired, message, [{ field: 'file', message }]);
  }
}

export class FileTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super(
      'validation',
      DocumentErrorCode.FileTooLarge,
      `The file is larger than the ${limitBytes} bytes one upload may carry.`,
      [{ field: 'file', message: `file must be at most ${limitBytes} bytes` }],
      { limitBytes },
    );
  }
}

/** The stored blob does not match what was recorded (GCM tag, SHA-256 or size): it is not served. */
export class DocumentIntegrityError extends DomainError {
  constructor(documentId: string, version: number) {
    super(
      'conflict',
      DocumentErrorCode.IntegrityFailed,
      `Version ${version} of document ${documentId} failed its integrity check and is not served; the failure is recorded.`,
      [],
      { documentId, version },
    );
  }
}

/** The document's matter is under a legal hold: it cannot be destroyed (the attempt is recorded and audited). */
export class DocumentUnderHoldError extends DomainError {
  constructor(documentId: string, holdIds: string[]) {
    super(
      'conflict',
      DocumentErrorCode.UnderHold,
      `Document ${documentId} is under legal hold and cannot be destroyed; the attempt is recorded.`,
      [],
      { holdIds },
    );
  }
}
