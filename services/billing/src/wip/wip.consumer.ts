import { Inject, Injectable } from '@nestjs/common';
import { TimeEntryApprovedV1, TimeEntryReversedV1, TOPICS } from '@lawfirm/contracts';
import { MessagingRuntime } from '@lawfirm/platform';
import { WipService } from './wip.service';

@Injectable()
export class WipConsumer {
  constructor(@Inject(MessagingRuntime) messaging: MessagingRuntime, wip: WipService) {
    messaging.consumer({
      name: 'time-entries',
      topics: [TOPICS.timeEntry.name],
      handlers: {
        [TimeEntryApprovedV1.type]: (envelope, manager) => wip.recordApprovedTime(envelope, manager),
        [TimeEntryReversedV1.type]: (envelope, manager) => wip.removeReversedTime(envelope, manager),
      },
    });
  }
}
