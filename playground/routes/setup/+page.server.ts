import { fail, redirect } from '@sveltejs/kit';
import { newUserForm } from '$lib/server/account-forms.js';
import { issuesOf, textFields } from '$lib/server/form.js';
import { services } from '$lib/server/services.js';
import { signIn } from '$lib/server/sign-in.js';
import { createFirstUser, hasUsers } from '$lib/server/users.js';
import type { Actions, PageServerLoad } from './$types.js';

// Once anyone exists this page is gone: administrators add users under Settings › Users.
export const load: PageServerLoad = async () => {
  if (await hasUsers((await services()).auth)) redirect(303, '/sign-in');
};

export const actions: Actions = {
  create: async (event) => {
    const { auth } = await services();
    if (await hasUsers(auth)) redirect(303, '/sign-in');
    const form = await event.request.formData();
    const parsed = newUserForm.safeParse({ name: form.get('name') ?? '', email: form.get('email') ?? '', password: form.get('password') ?? '' });
    if (!parsed.success) return fail(400, { values: textFields(form, ['name', 'email']), issues: issuesOf(parsed.error) });
    await createFirstUser(auth, { ...parsed.data, role: 'admin' });
    await signIn(auth, event, parsed.data.email, parsed.data.password);
    redirect(303, '/settings/proactive-sms');
  }
};
