import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** The app lives in playground/ so that the top level keeps core/, adapters/ and test/ side by side. */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter(),
    // Kit's origin check runs before any hook and would refuse Twilio's webhooks (no Origin
    // header); playground/hooks.server.ts does the same check for every other route.
    csrf: { trustedOrigins: ['*'] },
    files: {
      src: 'playground',
      assets: 'playground/static'
    }
  }
};
