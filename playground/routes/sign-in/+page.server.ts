import { fail, redirect } from '@sveltejs/kit';
import { signInForm } from '$lib/server/account-forms.js';
import { issuesOf } from '$lib/server/form.js';
import { safeNext } from '$lib/server/guard.js';
import { services } from '$lib/server/services.js';
import { signIn } from '$lib/server/sign-in.js';
import type { Actions, PageServerLoad } from './$types.js';

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'), '');
  if (locals.user !== null) redirect(303, next || '/');
  return { next };
};

export const actions: Actions = {
  signIn: async (event) => {
    const form = await event.request.formData();
    const email = String(form.get('email') ?? '');
    const parsed = signInForm.safeParse({ email, password: form.get('password') ?? '' });
    if (!parsed.success) return fail(400, { email, issues: issuesOf(parsed.error) });
    const { auth } = await services();
    const result = await signIn(auth, event, parsed.data.email, parsed.data.password);
    if (result === 'rate_limited') {
      return fail(429, { email, issues: { form: 'Too many sign-in attempts from this address. Wait a minute and try again.' } });
    }
    if (result === 'refused') return fail(400, { email, issues: { form: 'That email and password do not match an account.' } });
    // The page asked for before signing in (kept in the form: the action's URL has no query).
    redirect(303, safeNext(String(form.get('next') ?? ''), '/settings/proactive-sms'));
  }
};
