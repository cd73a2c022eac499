import { Router, type Response } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { type LinkPage, renderLinkPage } from '../links/action-link-page.js';
import { openActionLink, submitActionLink } from '../links/action-link-use-cases.js';

const tags = ['Patient links'];
const TokenParams = z.object({ token: z.string().min(20).max(1024) });

function sendPage(res: Response, page: LinkPage): void {
  const { status, html } = renderLinkPage(page);
  // The URL is a capability: keep the page out of caches and search engines.
  res.status(status).set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' }).type('html').send(html);
}

/** The page behind a patient's emailed confirm/decline link. No login: the signed, single-use token is the key. */
export function actionLinkRoutes({ db, temporal, config }: AppDeps): Router {
  const router = Router();
  const deps = { db, temporal, secret: config.messaging.actionLinkSecret };
  defineRoute(router, {
    method: 'get',
    path: '/l/:token',
    summary: 'Show an action-link page (confirm or decline an appointment)',
    tags,
    params: TokenParams,
    responses: {
      200: { description: 'The page', schema: z.string(), contentType: 'text/html' },
      410: { description: 'Used or expired', schema: z.string(), contentType: 'text/html' },
    },
    handler: async ({ params, res }) => sendPage(res, await openActionLink(deps, params.token)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/l/:token',
    summary: 'Use an action link: confirm or decline (once)',
    tags,
    params: TokenParams,
    body: z.object({ intent: z.enum(['confirm', 'decline']) }),
    bodyContentType: 'application/x-www-form-urlencoded',
    responses: {
      200: { description: 'Done', schema: z.string(), contentType: 'text/html' },
      410: { description: 'Used or expired', schema: z.string(), contentType: 'text/html' },
    },
    handler: async ({ params, body, res }) => sendPage(res, await submitActionLink(deps, params.token, body.intent)),
  });
  return router;
}
