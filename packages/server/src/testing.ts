/**
 * `@twinfire/server/testing`: the contract every {@link Outbox} must pass, as `node:test` tests. Run it
 * against your own outbox: `outboxContract('my outbox', (options) => new MyOutbox(options))`.
 */
export { outboxContract, type OutboxFactory } from './outbox/outbox-contract.js';
