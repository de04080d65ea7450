import { randomUUID } from 'node:crypto';

// In-memory sessions and orders: enough for a demo, gone on restart.
const COOKIE = 'shop_sid';

/**
 * `maxSessions` bounds memory: every request without a session cookie (a bot, a curl loop) makes one, so
 * past the bound the oldest session is forgotten.
 */
export function createStore({ maxSessions = 10_000 } = {}) {
  const sessions = new Map();
  const orders = new Map();
  let nextOrder = 1001;

  return {
    /** Express middleware: attaches `req.session` (cart, email, one-shot flash). */
    sessions(req, res, next) {
      const sid = readCookie(req.headers.cookie, COOKIE);
      let session = sid ? sessions.get(sid) : undefined;
      if (!session) {
        session = { id: randomUUID(), cart: {}, email: null, flash: null };
        sessions.set(session.id, session);
        if (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value);
        res.append('Set-Cookie', `${COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax`);
      }
      req.session = session;
      next();
    },
    createOrder(fields) {
      const order = { id: String(nextOrder++), createdAt: new Date(), ...fields };
      orders.set(order.id, order);
      return order;
    },
    order(id) {
      return orders.get(id) ?? null;
    },
    orders() {
      return [...orders.values()].reverse();
    },
  };
}

/** Reads and clears the one-shot flash of a session (an event to fire once on the next page). */
export function takeFlash(session) {
  const flash = session.flash;
  session.flash = null;
  return flash;
}

/** A cookie's value, or null. A malformed escape (`%E0`) is the client's garbage: read as absent, never thrown. */
export function readCookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return null;
    }
  }
  return null;
}
