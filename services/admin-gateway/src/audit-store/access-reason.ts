import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ValidationFailedError } from '@lawfirm/errors';

export const ACCESS_REASON_HEADER = 'x-access-reason';

/** The operator's stated reason for looking at a firm's data: required, 10–500 characters. */
export const AccessReason = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
  const value = request.headers[ACCESS_REASON_HEADER];
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason.length < 10 || reason.length > 500) {
    throw new ValidationFailedError(
      [
        {
          field: 'X-Access-Reason',
          message: "state why you need this firm's data (10 to 500 characters), e.g. a ticket number",
        },
      ],
      'Cross-firm access needs a stated reason in the X-Access-Reason header.',
    );
  }
  return reason;
});
