import { Inject, Injectable } from '@nestjs/common';
import { MATTER_TOPIC, matterProjectionHandlers } from './handlers';
import { MessagingRuntime } from '@lawfirm/platform';

/** Keeps the local matter projection that decides whether a matter accepts time. */
@Injectable()
export class MatterProjectionConsumer {
  constructor(@Inject(MessagingRuntime) messaging: MessagingRuntime) {
    messaging.consumer({ name: 'matters', topics: [MATTER_TOPIC], handlers: matterProjectionHandlers() });
  }
}
