import { randomUUID } from 'node:crypto';

// In-memory sessions and orders: enough for a demo, gone on restart.
const COOKIE = 'shop_sid';

export function createStore() {
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

export function readCookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}
