export type { Clock } from './ports/clock.js';
export type { Random } from './ports/random.js';
export { seededRandom } from './ports/random.js';
export type { IdSource } from './ports/ids.js';
export { sequentialIds } from './ports/ids.js';
export type {
  Provider,
  OutboundSms,
  SendOutcome,
  ProviderEvent,
  ProviderMessage,
  DeliveryStatus
} from './ports/provider.js';
export { deliveryStatuses } from './ports/provider.js';
