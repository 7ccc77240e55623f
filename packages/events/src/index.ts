export * from './accounts/index.js';
export * from './auth/index.js';
export * from './usage/index.js';
export {
  DEAD_LETTER_STREAM,
  DurableConsumer,
  type ConsumerCounts,
  type ConsumerSpec,
  type RebuildResult,
} from './consumer/durable-consumer.js';
export {
  readSnapshotRequest,
  requestSnapshot,
  signSnapshotReply,
  SNAPSHOT_REQUESTERS,
  SnapshotReplySchema,
  SnapshotRequestSchema,
  type SnapshotReply,
  type SnapshotRequest,
} from './consumer/snapshot-request.js';
export { EVENT_CATALOGUE } from './catalogue.js';
export { type DecodedEvent, decodeEvent, SUBJECT_PRODUCERS } from './security/decode-event.js';
export {
  EVENT_PRODUCERS,
  type EventProducer,
  IsPrivateEventKey,
  IsPrivateEventKeySet,
  IsPublicEventKey,
  IsPublicEventKeySet,
} from './security/event-keys.js';
export {
  EventRejected,
  EventSecurity,
  type EventSecurityOptions,
  eventSecurityOptions,
  localEventSecurity,
  SIGNATURE_HEADER,
} from './security/event-security.js';
export {
  LOCAL_EVENT_DECRYPTION_KEYS,
  LOCAL_EVENT_ENCRYPTION_KEY,
  LOCAL_EVENT_SIGNING_KEYS,
  LOCAL_EVENT_VERIFICATION_KEYS,
} from './security/local-event-keys.js';
export {
  CONNECTION_SOURCE,
  InstanceStateSync,
  type InstanceStateSyncOptions,
} from './consumer/instance-state-sync.js';
export {
  InstanceSubscription,
  type InstanceSubscriptionSpec,
} from './consumer/instance-subscription.js';
export { upsertIfNewer } from './consumer/versioned-upsert.js';
export { defineEvent, type EventDefinition, type SealedFields } from './define-event.js';
export {
  ActorSchema,
  EnvelopeSchema,
  type Actor,
  type EventEnvelope,
  type EventMeta,
} from './envelope.js';
export { EventNamespace } from './namespace.js';
export { EventsModule } from './nats/events.module.js';
export { NatsConnection, type NatsOptions, type StreamSpec } from './nats/nats-connection.js';
export { OutboxMessage } from './outbox/outbox-message.entity.js';
export { OutboxModule } from './outbox/outbox.module.js';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay.js';
export { OutboxWriter } from './outbox/outbox-writer.js';
