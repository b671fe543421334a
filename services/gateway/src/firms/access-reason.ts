import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ACCESS_REASON_HEADER_NAME } from '@lawfirm/contracts';
import { ValidationFailedError } from '@lawfirm/errors';

/** The operator's stated reason, forwarded by the admin gateway (which checked it too): 10–500 characters. */
export const OperatorReason = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
    ACCESS_REASON_HEADER_NAME
  ];
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason.length < 10 || reason.length > 500)
    throw new ValidationFailedError(
      [{ field: 'X-Access-Reason', message: 'state the reason for this action (10 to 500 characters)' }],
      'Operations actions need a stated reason in the X-Access-Reason header.',
    );
  return reason;
});
