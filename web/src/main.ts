// The styles are imported here so Vite bundles them into one CSS file: the server's CSP
// allows stylesheets from 'self' only, never <style> tags added at run time.
import '@vue-flow/core/dist/style.css'
import '@vue-flow/core/dist/theme-default.css'
import '@vue-flow/controls/dist/style.css'
import '@vue-flow/minimap/dist/style.css'
import './styles/app.css'
import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { startEarlyLoad } from './pages/designer/earlyLoad'

// Before the app mounts: a fresh load of the Designer asks for its flow while its code loads.
startEarlyLoad(location.hash)

createApp(App).use(router).mount('#app')
