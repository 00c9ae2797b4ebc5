import { services } from '$lib/server/services.js';
import { hasUsers } from '$lib/server/users.js';
import type { PageServerLoad } from './$types.js';

export const load: PageServerLoad = async () => ({ firstRun: !(await hasUsers((await services()).auth)) });
