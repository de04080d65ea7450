// (c) The ceiling: read and parse the mirror, answer 202. No validation, no queue, no upstream.
import { readJson } from './read-text.mjs';

export function bareRoute() {
  return async (req, res) => {
    try {
      const payload = await readJson(req);
      res.status(202).json({ ok: true, event_id: payload.event_id });
    } catch (error) {
      res.status(error.status ?? 500).json({ error: error.message });
    }
  };
}
