// Vite builds the app into dist/, which scripts/setup installs under <prefix>/share/flowfile/web.
// `npm run dev` proxies /api to a running `flowfile ui` (FLOWFILE_UI_URL, e.g. http://127.0.0.1:8765).
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

const apiTarget = process.env.FLOWFILE_UI_URL ?? 'http://127.0.0.1:8765'

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Keep assets as files: the server's CSP allows data: images only, not inline fonts/styles.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
  },
})
