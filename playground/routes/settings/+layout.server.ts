import { requireAdmin } from '$lib/server/guard.js';
import type { LayoutServerLoad } from './$types.js';

// Loads only: every action and endpoint below checks again, since a layout does not guard them.
export const load: LayoutServerLoad = (event) => {
  requireAdmin(event);
};
