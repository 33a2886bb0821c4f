// Boots Swagger UI on /api/docs (see src/lib/docs-page.ts); "Try it out" calls this same server.
window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  displayOperationId: true,
  filter: true,
});
