// The published contract suite, run from the built package against the published MemoryOutbox: proves that
// `@twinfire/server/testing` works for a third party (imports only public things, awaits stats/deadLetters).
import { MemoryOutbox } from '@twinfire/server';
import { outboxContract } from '@twinfire/server/testing';

outboxContract('published memory', async (sizing) => new MemoryOutbox(sizing));
