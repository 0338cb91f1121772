import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { SessionStore } from '../../state/session-store.js';

/** The admin session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it), /admin only. */
export const ADMIN_COOKIE = 'aeo_admin';
const TTL_MS = 8 * 3_600_000;

/** The cookie's value read from the request, if it has one. */
function cookieOf(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === ADMIN_COOKIE) return rest.join('=');
  }
  return undefined;
}

// Only a hash of the session id is stored, so a copy of the shared state holds no usable session.
const key = (id: string) => createHash('sha256').update(id).digest('hex');

/** Signed-in admin sessions in the shared state (any replica recognises them), for 8 hours. */
export class AdminSessions {
  constructor(private readonly store: SessionStore<{ since: string }>) {}

  async signIn(req: Request, res: Response): Promise<void> {
    const id = randomBytes(32).toString('base64url');
    await this.store.set(key(id), { since: new Date().toISOString() }, TTL_MS);
    res.append('set-cookie', `${ADMIN_COOKIE}=${id}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${TTL_MS / 1000}${req.secure ? '; Secure' : ''}`);
  }

  async signedIn(req: Request): Promise<boolean> {
    const id = cookieOf(req);
    return !!id && /^[\w-]{43}$/.test(id) && (await this.store.get(key(id))) !== undefined;
  }

  async signOut(req: Request, res: Response): Promise<void> {
    const id = cookieOf(req);
    if (id) await this.store.delete(key(id));
    res.append('set-cookie', `${ADMIN_COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0`);
  }
}
