import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** The app lives in playground/ so that the top level keeps core/, adapters/ and test/ side by side. */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter(),
    files: {
      src: 'playground',
      assets: 'playground/static'
    }
  }
};
