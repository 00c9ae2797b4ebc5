import { fail } from '@sveltejs/kit';
import { isAPIError } from 'better-auth/api';
import { z } from 'zod';
import { isRole, roles } from '$lib/server/auth.js';
import { newUserForm } from '$lib/server/account-forms.js';
import { issuesOf, textFields } from '$lib/server/form.js';
import { requireAdmin } from '$lib/server/guard.js';
import { services } from '$lib/server/services.js';
import type { Actions, PageServerLoad } from './$types.js';

const roleField = z.string().refine(isRole, { error: 'Choose Administrator or Agent.' });

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const { auth } = await services();
  const { users } = await auth.api.listUsers({ query: { limit: 500, sortBy: 'createdAt' }, headers: event.request.headers });
  return {
    users: users.map((user) => ({ id: user.id, name: user.name, email: user.email, role: isRole(user.role) ? user.role : null })),
    roles
  };
};

export const actions: Actions = {
  add: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const parsed = newUserForm.extend({ role: roleField }).safeParse(Object.fromEntries(['name', 'email', 'password', 'role'].map((k) => [k, form.get(k) ?? ''])));
    const values = textFields(form, ['name', 'email', 'role']);
    if (!parsed.success) return fail(400, { action: 'add', values, issues: issuesOf(parsed.error) });
    const { auth } = await services();
    const { role, ...user } = parsed.data;
    try {
      await auth.api.createUser({ body: { ...user, role: role as 'admin' | 'agent' }, headers: event.request.headers });
    } catch (error) {
      return fail(400, { action: 'add', values, issues: { email: messageOf(error) } });
    }
    return { action: 'add', added: user.email };
  },
  setRole: async (event) => {
    const me = requireAdmin(event);
    const form = await event.request.formData();
    const parsed = z.object({ userId: z.string().min(1), role: roleField }).safeParse({ userId: form.get('userId'), role: form.get('role') });
    if (!parsed.success) return fail(400, { action: 'setRole', userId: String(form.get('userId') ?? ''), issues: issuesOf(parsed.error) });
    if (parsed.data.userId === me.id && parsed.data.role !== 'admin') {
      return fail(400, { action: 'setRole', userId: me.id, issues: { role: 'You cannot take away your own Administrator role.' } });
    }
    const { userId, role } = parsed.data;
    const { auth } = await services();
    try {
      await auth.api.setRole({ body: { userId, role: role as 'admin' | 'agent' }, headers: event.request.headers });
    } catch (error) {
      // Another administrator may have removed them since this page was loaded.
      if (isAPIError(error) && error.statusCode === 404) {
        return fail(404, { action: 'setRole', userId, issues: { role: 'This user no longer exists: reload the page to see who does.' } });
      }
      throw error;
    }
    return { action: 'setRole', changed: userId };
  }
};

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /already exists/i.test(message) ? 'Someone already has this email.' : message;
}
