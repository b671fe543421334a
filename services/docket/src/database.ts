import { IdempotencyKeyRow } from '@lawfirm/database';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import { InboxRecord, OutboxMessage } from '@lawfirm/messaging';
import { CalendarFeed } from './calendar-feeds/calendar-feed.entity';
import { CourtEvent, CourtEventChange } from './court-events/court-event.entity';
import { Deadline } from './deadlines/deadline.entity';
import { Trigger } from './deadlines/trigger.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { DeadlineEngine1764810000000 } from './migrations/1764810000000-deadline-engine';
import { OutboxParking1765500000000 } from './migrations/1765500000000-outbox-parking';
import { IdempotencyKeys1765950000000 } from './migrations/1765950000000-idempotency-keys';
import { CourtEventsReminders1766400000001 } from './migrations/1766400000001-court-events-reminders';
import { CalendarFeeds1766400000002 } from './migrations/1766400000002-calendar-feeds';
import { Tasks1766400000003 } from './migrations/1766400000003-tasks';
import { WorkOrders1766400000101 } from './migrations/1766400000101-work-orders';
import { CaCourtsV21767800000000 } from './migrations/1767800000000-ca-courts-v2';
import { WorkOrderSlaSweepScope1767800000001 } from './migrations/1767800000001-work-order-sla-sweep-scope';
import { Reminder, ReminderRule } from './reminders/reminder.entity';
import { Task } from './tasks/task.entity';
import { WorkOrder } from './work-orders/work-order.entity';
import { OutsourcingConsent } from './consents/outsourcing-consent.entity';
import { CourtClosure } from './rules/court-closure.entity';
import { HolidayCalendarRecord, RuleSetRecord } from './rules/rule-set.entity';

/** Every table of docket's database (the schema-drift test fails on one missing here). */
export const ENTITIES = [
  RuleSetRecord,
  HolidayCalendarRecord,
  CourtClosure,
  Trigger,
  Deadline,
  CourtEvent,
  CourtEventChange,
  ReminderRule,
  Reminder,
  CalendarFeed,
  Task,
  WorkOrder,
  OutsourcingConsent,
  ProjectedMatter,
  OutboxMessage,
  InboxRecord,
  IdempotencyKeyRow,
];
export const MIGRATIONS = [
  Initial1764000000000,
  DeadlineEngine1764810000000,
  OutboxParking1765500000000,
  IdempotencyKeys1765950000000,
  CourtEventsReminders1766400000001,
  CalendarFeeds1766400000002,
  Tasks1766400000003,
  WorkOrders1766400000101,
  CaCourtsV21767800000000,
  WorkOrderSlaSweepScope1767800000001,
];
