/**
 * `@twinfire/server/testing`: the contract every {@link Outbox} must pass, as `node:test` tests. Run it
 * against your own outbox, in a test file run with `node --test`:
 * `outboxContract('my outbox', async (sizing) => { const o = new MyOutbox(); await o.init(sizing); return o; })`.
 * See {@link outboxContract}.
 */
export { type OutboxFactory, outboxContract } from './outbox/outbox-contract.js';
