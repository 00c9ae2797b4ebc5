// Everything on this page happens in the browser (a File, a Worker); there is nothing to render on the server.
export const ssr = false;
