// Puppeteer (used by @mermaid-js/mermaid-cli) must not download a browser at `npm ci`:
// specmaid export drives the system Chromium (see src/specmaid/apps/export.py).
module.exports = { skipDownload: true };
