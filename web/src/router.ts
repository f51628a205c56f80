// Routes. Hash history: every page lives under "/", so the server serves one index.html and
// a reload of any page works without server-side fallbacks.
import { createRouter, createWebHashHistory } from 'vue-router'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/connections/database' },
    { path: '/designer', component: () => import('./pages/designer/DesignerPage.vue') },
    { path: '/connections/database', component: () => import('./pages/database/DatabasePage.vue') },
    { path: '/connections/cloud', component: () => import('./pages/cloud/CloudPage.vue') },
    { path: '/secrets', component: () => import('./pages/secrets/SecretsPage.vue') },
    { path: '/catalog', component: () => import('./pages/catalog/CatalogPage.vue') },
    { path: '/audit', component: () => import('./pages/audit/AuditPage.vue') },
    { path: '/:rest(.*)*', redirect: '/connections/database' },
  ],
})
