import type { Role } from '$lib/server/auth.js';

declare global {
  namespace App {
    interface Locals {
      /** Who is signed in, resolved once per request by hooks.server.ts; null for a visitor. */
      user: { id: string; name: string; email: string; role: Role | null } | null;
    }
  }
}

export {};
