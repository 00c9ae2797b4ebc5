export { classifyReply, optOutKeywords, optInKeywords } from './opt-out.js';
export type { ReplyKind } from './opt-out.js';
export { advanceDeliveryStatus, isFinalDeliveryStatus } from './delivery-status.js';
export { ContactCounter, contactWindowMs } from './contacts.js';
export { buildDailyReports, buildReports, countedAs, emptyReport, ReportCounter, reportLabels } from './report.js';
export type { Report, Reports } from './report.js';
export { inCausalOrder, timelineEventJson } from './timeline.js';
export type { TimelineEvent, OutboundEvent, RefusedEvent, StatusEvent, CustomerEvent, Attribution } from './timeline.js';
export { recipientStateAfter } from './recipient-state.js';
