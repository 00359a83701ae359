// Builds the page of src/main.jsx into dist/, with the catalog of public/catalog (written by generate-catalog.mjs).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Relative URLs: dist/ can be served from any path.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 20000 },
  // The page reads the route from ../routes/.
  server: { fs: { allow: ['..'] } },
  // `npm run serve` serves the catalog to a Kaoto of another origin (the web app, a VS Code webview).
  preview: { cors: true },
  resolve: {
    // Kaoto's stylesheets import PatternFly as '~@patternfly/...' (the webpack convention); Kaoto's own Vite config does the same.
    alias: [{ find: /^~(.+)$/, replacement: '$1' }],
  },
});
