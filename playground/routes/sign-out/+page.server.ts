import { redirect } from '@sveltejs/kit';
import { services } from '$lib/server/services.js';
import { signOut } from '$lib/server/sign-in.js';
import type { Actions, PageServerLoad } from './$types.js';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  signOut: async ({ request, cookies }) => {
    const { auth } = await services();
    await signOut(auth, request, cookies);
    redirect(303, '/sign-in');
  }
};
