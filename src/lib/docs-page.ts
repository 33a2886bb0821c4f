import type { Context } from "hono";
import type { AppEnv } from "../env";

/** Swagger UI from Workers Static Assets (public/docs, copied from the pinned swagger-ui-dist by `npm ci`). */
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Edge Commerce API</title>
  <link rel="icon" type="image/png" href="/docs/vendor/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/vendor/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/vendor/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// Same-origin only: the page works offline, and a script from elsewhere could not run here.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

export function docsPage(c: Context<AppEnv>): Response {
  c.header("Content-Security-Policy", CSP);
  c.header("Cache-Control", "no-cache");
  return c.html(PAGE);
}
