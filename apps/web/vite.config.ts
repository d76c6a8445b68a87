import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiOrigin = 'http://localhost:8462';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    // The API server owns these paths; everything else is the SPA.
    proxy: {
      '/api': apiOrigin,
      '/oidc': apiOrigin,
      '/healthz': apiOrigin,
    },
  },
});
